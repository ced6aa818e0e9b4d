#include "core/model/yaml_map_reader.h"

#include "core/model/diagnostic_codes.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

namespace portico::model {

namespace {
bool isQuoted(const YAML::Node& node) {
    return node.IsScalar() && node.Tag() == "!";
}
} // namespace

SourceLocation yamlLocation(const YAML::Node& node, const std::string& file) {
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0 || mark.column < 0)
        return {file, 1, 1};
    return {file, mark.line + 1, mark.column + 1};
}

std::string yamlKindName(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Null:
        return "null";
    case YAML::NodeType::Scalar:
        return isQuoted(node) ? "a quoted string" : "a scalar";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Undefined:
        break;
    }
    return "nothing";
}

struct YamlMapReader::Data {
    struct Entry {
        std::string key;
        YAML::Node keyNode;
        YAML::Node value;
        bool used = false;
    };
    YAML::Node node;
    std::string file;
    DiagnosticList& diagnostics;
    Origin* origin;
    std::string prefix;
    bool mapping = false;
    std::vector<Entry> entries;

    Entry* find(std::string_view key) {
        for (auto& e : entries)
            if (e.key == key)
                return &e;
        return nullptr;
    }
    // The entry when present with a non-null value; marks it used either way.
    Entry* take(std::string_view key) {
        Entry* e = find(key);
        if (!e)
            return nullptr;
        e->used = true;
        if (e->value.IsNull())
            return nullptr;
        if (origin)
            origin->fields[prefix + std::string(key)] = yamlLocation(e->value, file);
        return e;
    }
    std::string name(std::string_view key) const { return "'" + prefix + std::string(key) + "'"; }
    void wrongType(const Entry& e, std::string_view expected) {
        diagnostics.error(codes::kWrongType, yamlLocation(e.value, file),
                          "expected " + std::string(expected) + " for " + name(e.key) + ", found " +
                              yamlKindName(e.value));
    }
};

YamlMapReader::YamlMapReader(const YAML::Node& node, std::string file, DiagnosticList& diagnostics,
                             Origin* origin, std::string prefix)
    : d(new Data{node, std::move(file), diagnostics, origin, std::move(prefix), false, {}}) {
    if (node.IsNull()) {
        d->mapping = true; // an empty document: every required key is then reported missing
        return;
    }
    if (!node.IsMap()) {
        diagnostics.error(codes::kWrongType, yamlLocation(node, d->file),
                          "expected a mapping of keys" +
                              (d->prefix.empty()
                                   ? std::string()
                                   : " for '" + d->prefix.substr(0, d->prefix.size() - 1) + "'") +
                              ", found " + yamlKindName(node));
        return;
    }
    d->mapping = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar()) {
            diagnostics.error(codes::kWrongType, yamlLocation(key, d->file),
                              "expected a plain key, found " + yamlKindName(key));
            continue;
        }
        const std::string text = key.Scalar();
        if (d->find(text)) {
            diagnostics.error(codes::kDuplicateKey, yamlLocation(key, d->file),
                              "duplicate key '" + d->prefix + text +
                                  "'; expected each key once in a mapping");
            continue;
        }
        d->entries.push_back({text, key, it->second});
    }
}

YamlMapReader::~YamlMapReader() = default;

bool YamlMapReader::isMapping() const {
    return d->mapping;
}

bool YamlMapReader::has(std::string_view key) const {
    for (const auto& e : d->entries)
        if (e.key == key)
            return !e.value.IsNull();
    return false;
}

const std::string& YamlMapReader::file() const {
    return d->file;
}

SourceLocation YamlMapReader::location() const {
    return yamlLocation(d->node, d->file);
}

SourceLocation YamlMapReader::valueLocation(std::string_view key) const {
    for (const auto& e : d->entries)
        if (e.key == key)
            return yamlLocation(e.value.IsNull() ? e.keyNode : e.value, d->file);
    return location();
}

SourceLocation YamlMapReader::keyLocation(std::string_view key) const {
    for (const auto& e : d->entries)
        if (e.key == key)
            return yamlLocation(e.keyNode, d->file);
    return location();
}

SourceLocation YamlMapReader::offsetLocation(std::string_view key, std::size_t offset) const {
    SourceLocation where = valueLocation(key);
    for (const auto& e : d->entries)
        if (e.key == key && e.value.IsScalar()) {
            // Exact for single-line scalars; quoted ones start one column later.
            where.column += static_cast<int>(offset) + (isQuoted(e.value) ? 1 : 0);
            break;
        }
    return where;
}

void YamlMapReader::error(const char* code, SourceLocation where, std::string message) {
    d->diagnostics.error(code, std::move(where), std::move(message));
}

void YamlMapReader::missing(std::string_view key, std::string_view what) {
    if (d->find(key)) { // present but null
        d->diagnostics.error(codes::kMissingKey, keyLocation(key),
                             "key " + d->name(key) + " has no value; expected " +
                                 std::string(what));
        return;
    }
    d->diagnostics.error(codes::kMissingKey, location(),
                         "missing required key " + d->name(key) + "; expected " +
                             std::string(what));
}

bool YamlMapReader::string(std::string_view key, std::string& out, bool required) {
    if (!d->mapping)
        return false;
    auto* e = d->take(key);
    if (!e) {
        if (required)
            missing(key, "a string");
        return false;
    }
    if (!e->value.IsScalar()) {
        d->wrongType(*e, "a string");
        return false;
    }
    out = e->value.Scalar();
    return true;
}

bool YamlMapReader::boolean(std::string_view key, bool& out) {
    if (!d->mapping)
        return false;
    auto* e = d->take(key);
    if (!e)
        return false;
    if (e->value.IsScalar() && !isQuoted(e->value)) {
        const std::string& text = e->value.Scalar();
        if (text == "true" || text == "false") {
            out = text == "true";
            return true;
        }
    }
    d->diagnostics.error(codes::kWrongType, yamlLocation(e->value, d->file),
                         "expected true or false for " + d->name(key) + ", found " +
                             (e->value.IsScalar() && !isQuoted(e->value)
                                  ? "'" + e->value.Scalar() + "'"
                                  : yamlKindName(e->value)));
    return false;
}

bool YamlMapReader::integer(std::string_view key, int& out, int min, int max) {
    if (!d->mapping)
        return false;
    auto* e = d->take(key);
    if (!e)
        return false;
    const std::string range = std::to_string(min) + " to " + std::to_string(max);
    if (!e->value.IsScalar() || isQuoted(e->value)) {
        d->wrongType(*e, "a whole number from " + range);
        return false;
    }
    const std::string& text = e->value.Scalar();
    bool digits = !text.empty() && text.size() <= 10;
    for (std::size_t i = 0; i < text.size() && digits; ++i)
        digits = std::isdigit(static_cast<unsigned char>(text[i])) ||
                 (i == 0 && text[i] == '-' && text.size() > 1);
    if (!digits) {
        d->diagnostics.error(codes::kWrongType, yamlLocation(e->value, d->file),
                             "expected a whole number from " + range + " for " + d->name(key) +
                                 ", found '" + text + "'");
        return false;
    }
    const long long value = std::stoll(text);
    if (value < min || value > max) {
        d->diagnostics.error(codes::kInvalidValue, yamlLocation(e->value, d->file),
                             "expected a whole number from " + range + " for " + d->name(key) +
                                 ", found " + text);
        return false;
    }
    out = static_cast<int>(value);
    return true;
}

bool YamlMapReader::stringList(std::string_view key, std::vector<std::string>& out,
                               bool allowScalar, bool noDuplicates) {
    if (!d->mapping)
        return false;
    auto* e = d->take(key);
    if (!e)
        return false;
    if (allowScalar && e->value.IsScalar()) {
        out = {e->value.Scalar()};
        return true;
    }
    if (!e->value.IsSequence()) {
        d->wrongType(*e, allowScalar ? "a string or a list of strings" : "a list of strings");
        return false;
    }
    std::vector<std::string> values;
    bool ok = true;
    for (std::size_t i = 0; i < e->value.size(); ++i) {
        const YAML::Node item = e->value[i];
        const SourceLocation where = yamlLocation(item, d->file);
        if (!item.IsScalar()) {
            d->diagnostics.error(codes::kWrongType, where,
                                 "expected a string as item " + std::to_string(i + 1) + " of " +
                                     d->name(key) + ", found " + yamlKindName(item));
            ok = false;
            continue;
        }
        const std::string& text = item.Scalar();
        if (noDuplicates && std::find(values.begin(), values.end(), text) != values.end()) {
            d->diagnostics.error(codes::kDuplicateListItem, where,
                                 "'" + text + "' appears more than once in " + d->name(key) +
                                     "; expected each item once");
            ok = false;
            continue;
        }
        if (d->origin)
            d->origin
                ->fields[d->prefix + std::string(key) + "[" + std::to_string(values.size()) + "]"] =
                where;
        values.push_back(text);
    }
    out = std::move(values);
    return ok;
}

std::optional<YAML::Node> YamlMapReader::mapping(std::string_view key) {
    if (!d->mapping)
        return std::nullopt;
    auto* e = d->take(key);
    if (!e)
        return std::nullopt;
    if (!e->value.IsMap()) {
        d->wrongType(*e, "a mapping of keys");
        return std::nullopt;
    }
    return e->value;
}

std::optional<YAML::Node> YamlMapReader::sequence(std::string_view key) {
    if (!d->mapping)
        return std::nullopt;
    auto* e = d->take(key);
    if (!e)
        return std::nullopt;
    if (!e->value.IsSequence()) {
        d->wrongType(*e, "a list");
        return std::nullopt;
    }
    return e->value;
}

void YamlMapReader::consume(std::string_view key) {
    if (auto* e = d->find(key))
        e->used = true;
}

void YamlMapReader::reportBadChoice(std::string_view key, const std::string& found,
                                    const std::string& expected) {
    d->diagnostics.error(codes::kBadEnumValue, valueLocation(key),
                         "unknown value '" + found + "' for " + d->name(key) +
                             "; expected one of: " + expected);
}

void YamlMapReader::finish() {
    for (const auto& e : d->entries)
        if (!e.used)
            d->diagnostics.warning(codes::kUnknownKey, yamlLocation(e.keyNode, d->file),
                                   "unknown key " + d->name(e.key) + " (ignored)");
}

} // namespace portico::model

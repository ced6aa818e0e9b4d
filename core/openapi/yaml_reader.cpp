#include "core/openapi/diagnostic_codes.h"
#include "core/openapi/readers.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <unordered_map>

namespace portico::openapi::detail {

namespace {

bool isJsonNumber(std::string_view s) {
    std::size_t i = 0;
    auto digits = [&] {
        std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9')
            ++i;
        return i > start;
    };
    if (i < s.size() && s[i] == '-')
        ++i;
    if (i < s.size() && s[i] == '0')
        ++i;
    else if (!digits())
        return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits())
            return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return i == s.size();
}

// A plain scalar's type by the YAML 1.2 core schema; numbers keep a valid JSON spelling.
NodeKind plainScalarKind(const std::string& s, std::string& jsonText) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL")
        return NodeKind::Null;
    if (s == "true" || s == "True" || s == "TRUE") {
        jsonText = "true";
        return NodeKind::Bool;
    }
    if (s == "false" || s == "False" || s == "FALSE") {
        jsonText = "false";
        return NodeKind::Bool;
    }
    if (isJsonNumber(s)) {
        jsonText = s;
        return NodeKind::Number;
    }
    std::string_view body = s;
    bool negative = false;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        negative = body[0] == '-';
        body.remove_prefix(1);
    }
    if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'o')) {
        std::string digits(body.substr(2));
        char* end = nullptr;
        unsigned long long value = std::strtoull(digits.c_str(), &end, body[1] == 'x' ? 16 : 8);
        if (end && *end == '\0' && digits.size() <= 15) {
            jsonText = (negative ? "-" : "") + std::to_string(value);
            return NodeKind::Number;
        }
    } else if (!body.empty() && body != "." &&
               body.find_first_not_of("0123456789.") == std::string_view::npos &&
               std::count(body.begin(), body.end(), '.') == 1) {
        // ".5", "1." and "+1.5": spell them the JSON way.
        std::string normalized(body);
        if (normalized.front() == '.')
            normalized.insert(0, "0");
        if (normalized.back() == '.')
            normalized += '0';
        jsonText = (negative ? "-" : "") + normalized;
        return NodeKind::Number;
    } else if (isJsonNumber(body)) {
        jsonText = (negative ? "-" : "") + std::string(body);
        return NodeKind::Number;
    }
    return NodeKind::String;
}

class YamlConverter {
public:
    YamlConverter(Document& document, model::DiagnosticList& diagnostics)
        : m_document(document)
        , m_diagnostics(diagnostics) {}

    NodeId convert(const YAML::Node& node, int depth) {
        const YAML::Mark mark = node.Mark();
        const int line = mark.line + 1;
        const int column = mark.column + 1;
        if (depth > Document::kMaxDepth) {
            if (!m_reportedDepth)
                m_diagnostics.error(codes::kNestingTooDeep, {m_document.fileName(), line, column},
                                    "nesting deeper than " + std::to_string(Document::kMaxDepth) +
                                        " levels");
            m_reportedDepth = true;
            return kNoNode;
        }
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return m_document.add(NodeKind::Null, line, column);
        case YAML::NodeType::Scalar: {
            if (node.Tag() != "?") // quoted, or explicitly tagged: a string
                return m_document.add(NodeKind::String, line, column, node.Scalar());
            std::string jsonText;
            NodeKind kind = plainScalarKind(node.Scalar(), jsonText);
            return m_document.add(kind, line, column,
                                  kind == NodeKind::String ? node.Scalar() : jsonText);
        }
        case YAML::NodeType::Sequence:
        case YAML::NodeType::Map:
            break;
        }
        // An alias shares its anchor's node (and mark): reuse the converted node rather than
        // copying it, so that "billion laughs" documents stay small.
        if (auto seen = m_containers.find(mark.pos); seen != m_containers.end())
            return seen->second;
        bool isMap = node.Type() == YAML::NodeType::Map;
        NodeId id = m_document.add(isMap ? NodeKind::Object : NodeKind::Array, line, column);
        m_containers.emplace(mark.pos, id);
        std::vector<NodeId> children;
        if (!isMap) {
            for (const auto& item : node) {
                NodeId child = convert(item, depth + 1);
                if (child == kNoNode)
                    return kNoNode;
                children.push_back(child);
            }
        } else {
            std::vector<NodeId> merges;
            for (const auto& entry : node) {
                const YAML::Node& key = entry.first;
                if (key.Type() != YAML::NodeType::Scalar) {
                    const YAML::Mark keyMark = key.Mark();
                    m_diagnostics.error(
                        codes::kWrongType,
                        {m_document.fileName(), keyMark.line + 1, keyMark.column + 1},
                        "a mapping key must be a scalar");
                    continue;
                }
                NodeId value = convert(entry.second, depth + 1);
                if (value == kNoNode)
                    return kNoNode;
                if (key.Scalar() == "<<" && key.Tag() == "?") {
                    merges.push_back(value);
                    continue;
                }
                const YAML::Mark keyMark = key.Mark();
                children.push_back(m_document.add(NodeKind::String, keyMark.line + 1,
                                                  keyMark.column + 1, key.Scalar()));
                children.push_back(value);
            }
            mergeKeys(merges, children);
        }
        m_document.node(id).children = std::move(children);
        return id;
    }

private:
    // YAML merge keys ("<<: *base"): entries of the merged mappings that the mapping lacks.
    void mergeKeys(const std::vector<NodeId>& merges, std::vector<NodeId>& children) {
        std::vector<NodeId> sources;
        for (NodeId merge : merges) {
            if (m_document.isObject(merge))
                sources.push_back(merge);
            else if (m_document.isArray(merge))
                for (NodeId item : m_document.node(merge).children)
                    if (m_document.isObject(item))
                        sources.push_back(item);
        }
        for (NodeId source : sources) {
            const auto& sourceChildren = m_document.node(source).children;
            for (std::size_t i = 0; i + 1 < sourceChildren.size(); i += 2) {
                const std::string& name = m_document.node(sourceChildren[i]).text;
                bool present = false;
                for (std::size_t j = 0; j < children.size() && !present; j += 2)
                    present = m_document.node(children[j]).text == name;
                if (!present) {
                    children.push_back(sourceChildren[i]);
                    children.push_back(sourceChildren[i + 1]);
                }
            }
        }
    }

    Document& m_document;
    model::DiagnosticList& m_diagnostics;
    std::unordered_map<std::size_t, NodeId> m_containers;
    bool m_reportedDepth = false;
};

// yaml-cpp's parser recurses per nesting level; refuse flow nesting it could not survive.
bool flowNestingWithinLimit(std::string_view text, std::size_t& offset) {
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '[' || c == '{') {
            if (++depth > Document::kMaxDepth) {
                offset = i;
                return false;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

} // namespace

std::optional<Document> readYaml(std::string_view text, const std::string& fileName,
                                 model::DiagnosticList& diagnostics) {
    Document document(fileName);
    std::size_t offset = 0;
    if (!flowNestingWithinLimit(text, offset)) {
        int line = 1;
        std::size_t lineStart = 0;
        for (std::size_t i = 0; i < offset; ++i)
            if (text[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        diagnostics.error(codes::kNestingTooDeep,
                          {fileName, line, static_cast<int>(offset - lineStart) + 1},
                          "nesting deeper than " + std::to_string(Document::kMaxDepth) + " levels");
        return std::nullopt;
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& error) {
        diagnostics.error(codes::kMalformedYaml,
                          {fileName, error.mark.line + 1, error.mark.column + 1},
                          "malformed YAML: " + error.msg);
        return std::nullopt;
    }
    YamlConverter converter(document, diagnostics);
    NodeId id = converter.convert(root, 0);
    if (id == kNoNode)
        return std::nullopt;
    document.setRoot(id);
    reportDuplicateKeys(document, diagnostics);
    return document;
}

} // namespace portico::openapi::detail

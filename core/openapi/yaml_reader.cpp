#include "core/openapi/diagnostic_codes.h"
#include "core/openapi/readers.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
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

struct TooDeep {
    int line;
    int column;
};

// Builds the tree straight from yaml-cpp's parser events: no yaml-cpp node graph in between,
// which roughly halves the time and memory of a large YAML import.
class TreeBuilder final : public YAML::EventHandler {
public:
    TreeBuilder(Document& document, model::DiagnosticList& diagnostics)
        : m_document(document)
        , m_diagnostics(diagnostics) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        if (expectingKey()) {
            addKey(mark, {}, false);
            return;
        }
        NodeId id = m_document.add(NodeKind::Null, mark.line + 1, mark.column + 1);
        remember(anchor, id);
        addValue(id);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto found = m_anchors.find(anchor);
        NodeId id = found == m_anchors.end() ? kNoNode : found->second;
        if (expectingKey()) {
            if (id != kNoNode && m_document.isScalar(id)) {
                addKey(mark, m_document.node(id).text, false);
            } else {
                badKey(mark);
                m_stack.back().expectKey = false;
                m_stack.back().discardNext = true;
            }
            return;
        }
        if (id == kNoNode) // yaml-cpp rejects unknown anchors; stay safe all the same
            id = m_document.add(NodeKind::Null, mark.line + 1, mark.column + 1);
        addValue(id);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        const bool plain = tag == "?";
        if (expectingKey()) {
            addKey(mark, value, plain && value == "<<");
            return;
        }
        NodeId id;
        if (!plain) { // quoted, or explicitly tagged: a string
            id = m_document.add(NodeKind::String, mark.line + 1, mark.column + 1, value);
        } else {
            std::string jsonText;
            NodeKind kind = plainScalarKind(value, jsonText);
            id = m_document.add(kind, mark.line + 1, mark.column + 1,
                                kind == NodeKind::String ? value : jsonText);
        }
        remember(anchor, id);
        addValue(id);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor, NodeKind::Array);
    }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor, NodeKind::Object);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapEnd() override { close(); }

    NodeId root() const { return m_root; }

private:
    struct Frame {
        NodeId id = kNoNode;
        bool isMap = false;
        bool isKey = false;       // a mapping or list used as a key: reported, then dropped
        bool expectKey = true;    // for mappings: the next event is a key
        bool mergeNext = false;   // the pending key is "<<"
        bool discardNext = false; // the pending key was unusable
        std::vector<NodeId> merges;
    };

    bool expectingKey() const {
        return !m_stack.empty() && m_stack.back().isMap && m_stack.back().expectKey;
    }

    void remember(YAML::anchor_t anchor, NodeId id) {
        if (anchor != YAML::NullAnchor)
            m_anchors[anchor] = id;
    }

    void addKey(const YAML::Mark& mark, const std::string& text, bool merge) {
        Frame& frame = m_stack.back();
        frame.expectKey = false;
        if (merge) {
            frame.mergeNext = true;
            return;
        }
        NodeId key = m_document.add(NodeKind::String, mark.line + 1, mark.column + 1, text);
        if (!frame.isKey)
            m_document.node(frame.id).children.push_back(key);
    }

    void badKey(const YAML::Mark& mark) {
        m_diagnostics.error(codes::kWrongType,
                            {m_document.fileName(), mark.line + 1, mark.column + 1},
                            "a mapping key must be a scalar");
    }

    void addValue(NodeId id) {
        if (m_stack.empty()) {
            m_root = id;
            return;
        }
        Frame& frame = m_stack.back();
        if (frame.isKey) {
            frame.expectKey = true;
            return;
        }
        if (!frame.isMap) {
            m_document.node(frame.id).children.push_back(id);
            return;
        }
        if (frame.mergeNext)
            frame.merges.push_back(id);
        else if (!frame.discardNext)
            m_document.node(frame.id).children.push_back(id);
        frame.expectKey = true;
        frame.mergeNext = false;
        frame.discardNext = false;
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor, NodeKind kind) {
        if (m_stack.size() >= static_cast<std::size_t>(Document::kMaxDepth))
            throw TooDeep{mark.line + 1, mark.column + 1};
        Frame frame;
        frame.isMap = kind == NodeKind::Object;
        const bool insideKey = !m_stack.empty() && m_stack.back().isKey;
        frame.isKey = expectingKey() || insideKey;
        if (frame.isKey && !insideKey)
            badKey(mark);
        frame.id = m_document.add(kind, mark.line + 1, mark.column + 1);
        if (!frame.isKey) {
            remember(anchor, frame.id);
            addValue(frame.id);
        }
        m_stack.push_back(std::move(frame));
    }

    void close() {
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        if (!frame.merges.empty())
            mergeKeys(frame.merges, m_document.node(frame.id).children);
        if (frame.isKey && !m_stack.empty() && !m_stack.back().isKey) {
            m_stack.back().expectKey = false;
            m_stack.back().discardNext = true;
        }
    }

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
        std::vector<NodeId> added;
        for (NodeId source : sources) {
            const auto& sourceChildren = m_document.node(source).children;
            for (std::size_t i = 0; i + 1 < sourceChildren.size(); i += 2) {
                const std::string& name = m_document.node(sourceChildren[i]).text;
                bool present = false;
                for (std::size_t j = 0; j < children.size() && !present; j += 2)
                    present = m_document.node(children[j]).text == name;
                for (std::size_t j = 0; j < added.size() && !present; j += 2)
                    present = m_document.node(added[j]).text == name;
                if (!present) {
                    added.push_back(sourceChildren[i]);
                    added.push_back(sourceChildren[i + 1]);
                }
            }
        }
        children.insert(children.end(), added.begin(), added.end());
    }

    Document& m_document;
    model::DiagnosticList& m_diagnostics;
    std::vector<Frame> m_stack;
    std::unordered_map<YAML::anchor_t, NodeId> m_anchors;
    NodeId m_root = kNoNode;
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
    TreeBuilder builder(document, diagnostics);
    try {
        std::istringstream stream{std::string(text)};
        YAML::Parser parser(stream);
        parser.HandleNextDocument(builder);
    } catch (const YAML::Exception& error) {
        diagnostics.error(codes::kMalformedYaml,
                          {fileName, error.mark.line + 1, error.mark.column + 1},
                          "malformed YAML: " + error.msg);
        return std::nullopt;
    } catch (const TooDeep& where) {
        diagnostics.error(codes::kNestingTooDeep, {fileName, where.line, where.column},
                          "nesting deeper than " + std::to_string(Document::kMaxDepth) + " levels");
        return std::nullopt;
    }
    NodeId id = builder.root();
    if (id == kNoNode) // an empty stream
        id = document.add(NodeKind::Null, 1, 1);
    document.setRoot(id);
    reportDuplicateKeys(document, diagnostics);
    return document;
}

} // namespace portico::openapi::detail

#include "core/openapi/diagnostic_codes.h"
#include "core/openapi/readers.h"

#include <nlohmann/json.hpp>

namespace portico::openapi::detail {

namespace {

// nlohmann's SAX events carry no position, so a light cursor walks the same text in step with
// the events: each event's token is the next one after the previous event's token.
class TreeBuilder final : public nlohmann::json_sax<nlohmann::json> {
public:
    TreeBuilder(std::string_view text, Document& document, model::DiagnosticList& diagnostics)
        : m_text(text)
        , m_document(document)
        , m_diagnostics(diagnostics) {}

    bool tooDeep() const { return m_tooDeep; }

    bool null() override { return scalar(NodeKind::Null, 4); }
    bool boolean(bool value) override { return scalar(NodeKind::Bool, value ? 4 : 5); }
    bool number_integer(number_integer_t) override { return number(); }
    bool number_unsigned(number_unsigned_t) override { return number(); }
    bool number_float(number_float_t, const string_t&) override { return number(); }
    bool binary(binary_t&) override { return false; }

    bool string(string_t& value) override {
        auto [line, column] = beginToken();
        skipString();
        attach(m_document.add(NodeKind::String, line, column, std::move(value)));
        return true;
    }

    bool key(string_t& value) override {
        auto [line, column] = beginToken();
        skipString();
        NodeId key = m_document.add(NodeKind::String, line, column, std::move(value));
        m_document.node(m_open.back()).children.push_back(key);
        return true;
    }

    bool start_object(std::size_t) override { return open(NodeKind::Object); }
    bool start_array(std::size_t) override { return open(NodeKind::Array); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& error) override {
        auto [line, column] = locate(position == 0 ? 0 : position - 1);
        std::string message = error.what();
        // Drop nlohmann's "[json.exception...] parse error at line L, column C: " prefix.
        if (auto at = message.find("column "); at != std::string::npos)
            if (auto colon = message.find(": ", at); colon != std::string::npos)
                message = message.substr(colon + 2);
        m_diagnostics.error(codes::kMalformedJson, {m_document.fileName(), line, column},
                            "malformed JSON: " + message);
        return false;
    }

private:
    bool number() {
        auto [line, column] = beginToken();
        std::size_t start = m_pos;
        while (m_pos < m_text.size() &&
               std::string_view("0123456789+-.eE").find(m_text[m_pos]) != std::string_view::npos)
            ++m_pos;
        attach(m_document.add(NodeKind::Number, line, column,
                              std::string(m_text.substr(start, m_pos - start))));
        return true;
    }

    bool scalar(NodeKind kind, std::size_t length) {
        auto [line, column] = beginToken();
        std::string text;
        if (kind == NodeKind::Bool)
            text = length == 4 ? "true" : "false";
        m_pos += length;
        attach(m_document.add(kind, line, column, std::move(text)));
        return true;
    }

    bool open(NodeKind kind) {
        auto [line, column] = beginToken();
        ++m_pos;
        if (m_open.size() >= static_cast<std::size_t>(Document::kMaxDepth)) {
            m_tooDeep = true;
            m_diagnostics.error(codes::kNestingTooDeep, {m_document.fileName(), line, column},
                                "nesting deeper than " + std::to_string(Document::kMaxDepth) +
                                    " levels");
            return false;
        }
        NodeId id = m_document.add(kind, line, column);
        attach(id);
        m_open.push_back(id);
        return true;
    }

    bool close() {
        skipSpace();
        ++m_pos; // the '}' or ']'
        m_open.pop_back();
        return true;
    }

    void attach(NodeId id) {
        if (m_open.empty())
            m_document.setRoot(id);
        else
            m_document.node(m_open.back()).children.push_back(id);
    }

    void skipSpace() {
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos];
            if (c == '\n') {
                ++m_line;
                m_lineStart = m_pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r' && c != ',' && c != ':') {
                break;
            }
            ++m_pos;
        }
    }

    std::pair<int, int> beginToken() {
        skipSpace();
        return {m_line, static_cast<int>(m_pos - m_lineStart) + 1};
    }

    void skipString() {
        ++m_pos; // opening quote
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos++];
            if (c == '\\')
                ++m_pos;
            else if (c == '"')
                break;
        }
    }

    // Line and column of a byte offset, for errors (rare, so a scan from the start is fine).
    std::pair<int, int> locate(std::size_t offset) const {
        offset = std::min(offset, m_text.size());
        int line = 1;
        std::size_t lineStart = 0;
        for (std::size_t i = 0; i < offset; ++i)
            if (m_text[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        return {line, static_cast<int>(offset - lineStart) + 1};
    }

    std::string_view m_text;
    Document& m_document;
    model::DiagnosticList& m_diagnostics;
    std::vector<NodeId> m_open;
    std::size_t m_pos = 0;
    std::size_t m_lineStart = 0;
    int m_line = 1;
    bool m_tooDeep = false;
};

} // namespace

std::optional<Document> readJson(std::string_view text, const std::string& fileName,
                                 model::DiagnosticList& diagnostics) {
    Document document(fileName);
    document.reserve(text.size() / 16);
    TreeBuilder builder(text, document, diagnostics);
    bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                        nlohmann::json::input_format_t::json, true);
    if (!ok || document.root() == kNoNode)
        return std::nullopt;
    reportDuplicateKeys(document, diagnostics);
    return document;
}

} // namespace portico::openapi::detail

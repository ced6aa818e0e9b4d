#include "core/openapi/document.h"
#include "core/text/ascii.h"

namespace portico::openapi::detail {

NodeId Document::add(NodeKind kind, int line, int column, std::string text) {
    m_nodes.push_back(Node{kind, line, column, std::move(text), {}});
    return static_cast<NodeId>(m_nodes.size() - 1);
}

bool Document::isScalar(NodeId id) const {
    if (id == kNoNode)
        return false;
    auto kind = node(id).kind;
    return kind == NodeKind::String || kind == NodeKind::Number || kind == NodeKind::Bool;
}

NodeId Document::get(NodeId object, std::string_view key) const {
    if (!isObject(object))
        return kNoNode;
    const auto& children = node(object).children;
    for (std::size_t i = 0; i + 1 < children.size(); i += 2)
        if (node(children[i]).text == key)
            return children[i + 1];
    return kNoNode;
}

std::string Document::getText(NodeId object, std::string_view key, std::string fallback) const {
    NodeId value = get(object, key);
    return isScalar(value) ? node(value).text : fallback;
}

bool Document::getBool(NodeId object, std::string_view key, bool fallback) const {
    NodeId value = get(object, key);
    if (value == kNoNode || node(value).kind != NodeKind::Bool)
        return fallback;
    return node(value).text == "true";
}

namespace {

// One reference token: percent-decoded (it comes from a URI fragment), then ~1 -> / and ~0 -> ~.
std::string decodeToken(std::string_view raw) {
    std::string percent;
    percent.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size()) {
            const int hi = text::asciiHexValue(raw[i + 1]);
            const int lo = text::asciiHexValue(raw[i + 2]);
            if (hi >= 0 && lo >= 0) {
                percent += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        percent += raw[i];
    }
    std::string out;
    out.reserve(percent.size());
    for (std::size_t i = 0; i < percent.size(); ++i) {
        if (percent[i] == '~' && i + 1 < percent.size() &&
            (percent[i + 1] == '0' || percent[i + 1] == '1')) {
            out += percent[i + 1] == '0' ? '~' : '/';
            ++i;
        } else {
            out += percent[i];
        }
    }
    return out;
}

} // namespace

NodeId Document::resolvePointer(std::string_view pointer) const {
    if (pointer.empty() || pointer[0] != '#')
        return kNoNode;
    pointer.remove_prefix(1);
    NodeId current = m_root;
    if (pointer.empty())
        return current;
    if (pointer[0] != '/')
        return kNoNode;
    while (!pointer.empty() && current != kNoNode) {
        pointer.remove_prefix(1); // the '/'
        auto end = pointer.find('/');
        std::string token = decodeToken(pointer.substr(0, end));
        pointer = end == std::string_view::npos ? std::string_view{} : pointer.substr(end);
        const Node& n = node(current);
        if (n.kind == NodeKind::Object) {
            current = get(current, token);
        } else if (n.kind == NodeKind::Array) {
            if (token.empty() || token.size() > 9 ||
                token.find_first_not_of("0123456789") != std::string::npos ||
                (token.size() > 1 && token[0] == '0'))
                return kNoNode;
            auto index = std::stoul(token);
            current = index < n.children.size() ? n.children[index] : kNoNode;
        } else {
            return kNoNode;
        }
    }
    return current;
}

model::SourceLocation Document::where(NodeId id) const {
    if (id == kNoNode)
        return {m_fileName, 0, 0};
    return {m_fileName, node(id).line, node(id).column};
}

const char* Document::kindName(NodeKind kind) {
    switch (kind) {
    case NodeKind::Null:
        return "null";
    case NodeKind::Bool:
        return "a boolean";
    case NodeKind::Number:
        return "a number";
    case NodeKind::String:
        return "a string";
    case NodeKind::Array:
        return "a list";
    case NodeKind::Object:
        return "a mapping";
    }
    return "?";
}

} // namespace portico::openapi::detail

#include "core/policy/xml/xml_node.h"

namespace portico::policy::xml {

const XmlAttribute* XmlNode::attribute(std::string_view attributeName) const {
    for (const auto& a : attributes) {
        if (a.name == attributeName)
            return &a;
    }
    return nullptr;
}

std::vector<const XmlNode*> XmlNode::childElements() const {
    std::vector<const XmlNode*> result;
    for (const auto& child : children) {
        if (child.isElement())
            result.push_back(&child);
    }
    return result;
}

std::string XmlNode::innerText() const {
    std::string result;
    for (const auto& child : children) {
        if (child.kind == Kind::Text || child.kind == Kind::CData)
            result += child.text;
    }
    return result;
}

bool XmlNode::hasSignificantText() const {
    for (const auto& child : children) {
        if (child.kind == Kind::CData)
            return true;
        if (child.kind == Kind::Text &&
            child.text.find_first_not_of(" \t\r\n") != std::string::npos)
            return true;
    }
    return false;
}

TextPosition XmlNode::firstNonBlank() const {
    TextPosition position = where;
    for (char c : text) {
        if (c == '\n') {
            ++position.line;
            position.column = 1;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            ++position.column;
        } else {
            break;
        }
    }
    return position;
}

} // namespace portico::policy::xml

#include "core/policy/xml/xml_writer.h"

namespace portico::policy::xml {

namespace {

// Attribute values also escape '"' and the white space that reading would normalise to spaces.
std::string escape(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            continue;
        case '<':
            out += "&lt;";
            continue;
        case '>':
            out += "&gt;";
            continue;
        default:
            break;
        }
        if (attribute && c == '"')
            out += "&quot;";
        else if (attribute && c == '\t')
            out += "&#9;";
        else if (attribute && c == '\n')
            out += "&#10;";
        else if (attribute && c == '\r')
            out += "&#13;";
        else
            out += c;
    }
    return out;
}

} // namespace

std::string escapeText(std::string_view text) {
    return escape(text, false);
}

std::string escapeAttribute(std::string_view value) {
    return escape(value, true);
}

void writeStartTagOpen(const XmlNode& element, std::string& out) {
    out += '<';
    out += element.name;
    for (const auto& a : element.attributes) {
        out += ' ';
        out += a.name;
        out += "=\"";
        out += escapeAttribute(a.value);
        out += '"';
    }
}

void writeNode(const XmlNode& node, std::string& out) {
    switch (node.kind) {
    case XmlNode::Kind::Text:
        out += escapeText(node.text);
        return;
    case XmlNode::Kind::CData:
        out += "<![CDATA[";
        out += node.text;
        out += "]]>";
        return;
    case XmlNode::Kind::Comment:
        out += "<!--";
        out += node.text;
        out += "-->";
        return;
    case XmlNode::Kind::Element:
        break;
    }
    writeStartTagOpen(node, out);
    if (node.children.empty()) {
        out += "/>";
        return;
    }
    out += '>';
    for (const auto& child : node.children)
        writeNode(child, out);
    out += "</";
    out += node.name;
    out += '>';
}

} // namespace portico::policy::xml

#include "core/policy/xml/xml_writer.h"

namespace portico::policy::xml {

std::string escapeText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string escapeAttribute(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        // Character references keep these from being normalised to spaces when read back.
        case '\t':
            out += "&#9;";
            break;
        case '\n':
            out += "&#10;";
            break;
        case '\r':
            out += "&#13;";
            break;
        default:
            out += c;
        }
    }
    return out;
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

#include "core/policies/json_xml.h"

#include "core/policy/xml/xml_writer.h"
#include "core/text/json_text.h"

#include <cctype>
#include <cmath>

namespace portico::policies {

using json = text::OrderedJson;

namespace {

std::string elementName(const std::string& key) {
    std::string name;
    for (char c : key) {
        const auto u = static_cast<unsigned char>(c);
        const bool ok = std::isalnum(u) || c == '_' || c == '-' || c == '.' || u >= 0x80;
        name += ok ? c : '_';
    }
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) || name[0] == '-' ||
        name[0] == '.')
        name.insert(name.begin(), '_');
    return name;
}

std::string scalarText(const json& value) {
    switch (value.type()) {
    case json::value_t::string:
        return value.get<std::string>();
    case json::value_t::boolean:
        return value.get<bool>() ? "true" : "false";
    case json::value_t::null:
        return {};
    default:
        return text::jsonText(value);
    }
}

void writeElement(const std::string& name, const json& value, const JsonToXmlOptions& options,
                  std::string& out) {
    if (value.is_array()) {
        for (const auto& item : value)
            writeElement(name, item, options, out);
        return;
    }
    const std::string tag = elementName(name);
    out += "<" + tag;
    if (value.is_object() && !options.attributeBlockName.empty() &&
        value.contains(options.attributeBlockName) &&
        value[options.attributeBlockName].is_object()) {
        for (const auto& [key, attribute] : value[options.attributeBlockName].items())
            out += " " + elementName(key) + "=\"" +
                   policy::xml::escapeAttribute(scalarText(attribute)) + "\"";
    }
    if (value.is_null() || (value.is_object() && value.empty())) {
        out += " />";
        return;
    }
    out += ">";
    if (value.is_object()) {
        for (const auto& [key, member] : value.items()) {
            if (key != options.attributeBlockName || options.attributeBlockName.empty())
                writeElement(key, member, options, out);
        }
    } else {
        out += policy::xml::escapeText(scalarText(value));
    }
    out += "</" + tag + ">";
}

std::string localName(const std::string& name, bool keepPrefix) {
    if (keepPrefix)
        return name;
    const auto colon = name.find(':');
    return colon == std::string::npos ? name : name.substr(colon + 1);
}

json elementJson(const policy::xml::XmlNode& element, const XmlToJsonOptions& options) {
    json object = json::object();
    for (const auto& attribute : element.attributes) {
        // Namespace declarations only make sense with prefixes, which javascript-friendly drops.
        const bool declaration =
            attribute.name == "xmlns" || attribute.name.rfind("xmlns:", 0) == 0;
        if (declaration && !options.keepPrefixes)
            continue;
        object["@" + localName(attribute.name, options.keepPrefixes)] = attribute.value;
    }
    std::string text;
    bool hasElements = false;
    for (const auto& child : element.children) {
        if (child.kind == policy::xml::XmlNode::Kind::Text ||
            child.kind == policy::xml::XmlNode::Kind::CData) {
            text += child.text;
            continue;
        }
        if (child.kind != policy::xml::XmlNode::Kind::Element)
            continue;
        hasElements = true;
        const std::string name = localName(child.name, options.keepPrefixes);
        json value = elementJson(child, options);
        if (!object.contains(name)) {
            object[name] = options.alwaysArrayChildren ? json::array({std::move(value)}) : value;
        } else {
            if (!object[name].is_array())
                object[name] = json::array({object[name]});
            object[name].push_back(std::move(value));
        }
    }
    const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!hasElements && object.empty())
        return blank && text.empty() ? json() : json(text);
    if (!blank)
        object["#text"] = text;
    return object;
}

} // namespace

std::string jsonToXml(const json& value, const JsonToXmlOptions& options) {
    std::string out;
    if (value.is_object()) {
        writeElement("Document", value, options, out);
    } else {
        // A bare array or scalar goes under <Document> as <Array> items or as text.
        json wrapped = value.is_array() ? json{{"Array", value}} : value;
        writeElement("Document", wrapped, options, out);
    }
    return out;
}

json xmlToJson(const policy::xml::XmlNode& root, const XmlToJsonOptions& options) {
    json out = json::object();
    out[localName(root.name, options.keepPrefixes)] = elementJson(root, options);
    return out;
}

} // namespace portico::policies

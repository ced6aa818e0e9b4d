#pragma once

#include "core/policy/xml/xml_node.h"
#include "core/text/ordered_json.h"

#include <string>

namespace portico::policies {

struct JsonToXmlOptions {
    std::string attributeBlockName; // an object member with this name holds attributes
};

// json-to-xml: a <Document> root, one element per member, arrays as repeated elements, names
// that XML forbids made valid ('_' for bad characters, a leading '_' before a digit).
std::string jsonToXml(const text::OrderedJson& value, const JsonToXmlOptions& options);

struct XmlToJsonOptions {
    bool alwaysArrayChildren = false; // every child element becomes an array
    bool keepPrefixes = true;         // "direct" keeps namespace prefixes in names
};

// xml-to-json in Json.NET's mapping: {"root": {...}}, attributes as "@name", text beside
// elements or attributes as "#text", repeated child elements as arrays, empty elements as null.
text::OrderedJson xmlToJson(const policy::xml::XmlNode& root, const XmlToJsonOptions& options);

} // namespace portico::policies

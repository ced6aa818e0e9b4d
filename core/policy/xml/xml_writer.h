#pragma once

#include "core/policy/xml/xml_node.h"

#include <string>
#include <string_view>

namespace portico::policy::xml {

std::string escapeText(std::string_view text);
std::string escapeAttribute(std::string_view value); // for a double-quoted value

// The node as XML text: attributes double-quoted, text escaped, CDATA and comments kept.
void writeNode(const XmlNode& node, std::string& out);
// `<name a="v"` without the closing '>' so callers can choose '/>' or '>'.
void writeStartTagOpen(const XmlNode& element, std::string& out);

} // namespace portico::policy::xml

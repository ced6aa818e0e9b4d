#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::model {

// Light scans of policy XML kept as text; the policy engine does the real parsing.

struct XmlRoot {
    std::string name;
    std::size_t offset = 0; // of the '<'
};

// The first element's name, skipping the XML declaration, comments, processing instructions and
// a DOCTYPE; nothing when the text has no element.
std::optional<XmlRoot> findRootElement(std::string_view xml);

struct NamedValueUse {
    std::string name;       // trimmed text between the braces
    std::size_t offset = 0; // of the first '{'
};

// Every {{name}} in the text, in order.
std::vector<NamedValueUse> findNamedValueUses(std::string_view text);

} // namespace portico::model

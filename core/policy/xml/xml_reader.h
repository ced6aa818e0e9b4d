#pragma once

#include "core/policy/xml/xml_node.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace portico::policy::xml {

// Bounds that keep a hostile document from costing more than a small, known amount.
struct XmlLimits {
    std::size_t maxBytes = 4 * 1024 * 1024;
    int maxDepth = 64;
    std::size_t maxAttributes = 128; // per element
    std::size_t maxNodes = 200000;
};

struct XmlError {
    enum class Kind { Malformed, Dtd, Limit, Encoding };
    Kind kind = Kind::Malformed;
    std::string message;
    TextPosition where;
};

struct XmlReadResult {
    std::optional<XmlNode> root;
    std::optional<XmlError> error;
    bool ok() const { return root.has_value(); }
};

// A small strict XML 1.0 reader for policy documents: UTF-8 only, no DTD (so no external or
// recursive entities), only the five predefined entities and character references.
XmlReadResult readXml(std::string_view text, const XmlLimits& limits = {});

} // namespace portico::policy::xml

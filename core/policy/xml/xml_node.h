#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portico::policy::xml {

// 1-based line and column in bytes, like every other diagnostic in Portico.
struct TextPosition {
    int line = 0;
    int column = 0;
};

struct XmlAttribute {
    std::string name;
    std::string value;       // entities resolved, whitespace normalised as XML requires
    TextPosition where;      // of the name
    TextPosition valueWhere; // of the first character inside the quotes
};

struct XmlNode {
    enum class Kind { Element, Text, CData, Comment };

    Kind kind = Kind::Element;
    std::string name;                     // elements only
    std::string text;                     // text, CDATA and comment content
    std::vector<XmlAttribute> attributes; // elements only, in document order
    std::vector<XmlNode> children;        // elements only
    TextPosition where;                   // of the '<', or of the first character of text

    bool isElement() const { return kind == Kind::Element; }
    const XmlAttribute* attribute(std::string_view attributeName) const;
    // Child elements only, in order.
    std::vector<const XmlNode*> childElements() const;
    // Concatenated text and CDATA of the direct children.
    std::string innerText() const;
    // True when a direct child is non-whitespace text or CDATA.
    bool hasSignificantText() const;
    // For text: where its first non-blank character is, for diagnostics.
    TextPosition firstNonBlank() const;
};

} // namespace portico::policy::xml

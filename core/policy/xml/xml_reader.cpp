#include "core/policy/xml/xml_reader.h"

#include "core/text/ascii.h"

#include <cstdint>

namespace portico::policy::xml {
namespace {

constexpr char kDtdMessage[] = "DTDs are not allowed (no external entities)";

bool isXmlChar(std::uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isNameStart(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || u >= 0x80;
}

bool isNameChar(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

void appendUtf8(std::string& out, std::uint32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::string describeCodePoint(std::uint32_t c) {
    static const char digits[] = "0123456789ABCDEF";
    std::string hex;
    do {
        hex.insert(hex.begin(), digits[c & 0xF]);
        c >>= 4;
    } while (c != 0);
    while (hex.size() < 4)
        hex.insert(hex.begin(), '0');
    return "U+" + hex;
}

struct Failure {
    XmlError error;
};

// Follows a C# expression or block a character at a time, from the bracket after its '@', far
// enough to find the bracket that closes it: brackets outside string and character literals and
// comments, and inside the holes of interpolated strings ($"...{code}...").
class CSharpScanner {
public:
    enum class Step { Going, Closed, Unmatched };

    Step take(char c) {
        switch (m_state) {
        case State::Code:
            return code(c);
        case State::String:
        case State::Char:
            if (m_escaped)
                m_escaped = false;
            else if (c == '\\')
                m_escaped = true;
            else if (c == (m_state == State::String ? '"' : '\''))
                m_state = State::Code;
            else if (c == '{' && m_state == State::String && m_interpolated)
                awaitHole(kHole);
            break;
        case State::VerbatimString:
            if (c == '"')
                m_state = State::VerbatimQuote;
            else if (c == '{' && m_interpolated)
                awaitHole(kVerbatimHole);
            break;
        case State::HoleOrBrace: // "{{" is a brace inside; anything else began a hole
            if (c == '{') {
                m_state = m_hole == kHole ? State::String : State::VerbatimString;
                break;
            }
            m_open += m_hole;
            m_state = State::Code;
            return code(c);
        case State::VerbatimQuote: // "" is a quote inside; anything else ended the literal
            if (c == '"') {
                m_state = State::VerbatimString;
                break;
            }
            m_state = State::Code;
            return code(c);
        case State::LineComment:
            if (c == '\n')
                m_state = State::Code;
            break;
        case State::BlockComment:
            if (c == '/' && m_previous == '*')
                m_state = State::Code;
            break;
        }
        remember(c);
        return Step::Going;
    }

private:
    enum class State {
        Code,
        String,
        VerbatimString,
        VerbatimQuote,
        HoleOrBrace,
        Char,
        LineComment,
        BlockComment
    };

    // An interpolated string's hole is awaited like a bracket, by a mark for the string to go
    // back to.
    static constexpr char kHole = '\1';
    static constexpr char kVerbatimHole = '\2';

    void awaitHole(char mark) {
        m_hole = mark;
        m_state = State::HoleOrBrace;
    }

    Step code(char c) {
        Step step = Step::Going;
        if (c == '"') {
            const bool verbatim =
                m_previous == '@' || (m_previous == '$' && m_beforePrevious == '@');
            m_interpolated = m_previous == '$' || (m_previous == '@' && m_beforePrevious == '$');
            m_state = verbatim ? State::VerbatimString : State::String;
        } else if (c == '}' && !m_open.empty() &&
                   (m_open.back() == kHole || m_open.back() == kVerbatimHole)) {
            m_state = m_open.back() == kHole ? State::String : State::VerbatimString;
            m_interpolated = true;
            m_open.pop_back();
        } else if (c == '\'') {
            m_state = State::Char;
        } else if (c == '/' && m_previous == '/') {
            m_state = State::LineComment;
        } else if (c == '*' && m_previous == '/') {
            m_state = State::BlockComment;
            c = '\0'; // so that "/*/" does not end it
        } else if (c == '(' || c == '{' || c == '[') {
            m_open += c == '(' ? ')' : c == '{' ? '}' : ']';
        } else if (c == ')' || c == '}' || c == ']') {
            if (m_open.empty() || m_open.back() != c)
                return Step::Unmatched;
            m_open.pop_back();
            step = m_open.empty() ? Step::Closed : Step::Going;
        }
        remember(c);
        return step;
    }

    void remember(char c) {
        m_beforePrevious = m_previous;
        m_previous = c;
    }

    State m_state = State::Code;
    bool m_escaped = false;
    bool m_interpolated = false; // the string being read is one
    char m_hole = kHole;         // the mark of the hole a '{' may begin
    char m_previous = '@';
    char m_beforePrevious = '\0';
    std::string m_open; // the closing brackets still awaited, innermost last
};

class Reader {
public:
    Reader(std::string_view text, const XmlLimits& limits)
        : m_text(text)
        , m_limits(limits) {}

    XmlNode readDocument() {
        checkEncoding();
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF")
            m_pos = 3; // a UTF-8 byte order mark is not part of the document
        if (startsWith("<?xml") && m_pos + 5 < m_text.size() &&
            (isSpace(m_text[m_pos + 5]) || m_text[m_pos + 5] == '?'))
            readXmlDeclaration();
        readMisc();
        if (atEnd())
            fail("the document has no root element");
        if (peek() != '<')
            fail("text is not allowed outside the root element");
        if (m_pos + 1 >= m_text.size() || !isNameStart(m_text[m_pos + 1])) {
            advance();
            fail("expected an element name after '<'");
        }
        XmlNode root = readElement(1);
        readMisc();
        if (!atEnd()) {
            if (peek() == '<')
                fail("only one root element is allowed");
            fail("text is not allowed outside the root element");
        }
        return root;
    }

private:
    [[noreturn]] void fail(std::string message, XmlError::Kind kind = XmlError::Kind::Malformed) {
        failAt(here(), std::move(message), kind);
    }

    [[noreturn]] void failAt(TextPosition where, std::string message,
                             XmlError::Kind kind = XmlError::Kind::Malformed) {
        throw Failure{XmlError{kind, std::move(message), where}};
    }

    TextPosition here() const { return {m_line, m_column}; }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    bool startsWith(std::string_view s) const { return m_text.substr(m_pos, s.size()) == s; }

    void advance() {
        const char c = m_text[m_pos++];
        if (c == '\n' || (c == '\r' && peek() != '\n')) {
            ++m_line;
            m_column = 1;
        } else {
            ++m_column;
        }
    }

    void advance(std::size_t n) {
        for (std::size_t i = 0; i < n && !atEnd(); ++i)
            advance();
    }

    bool skipSpaces() {
        bool any = false;
        while (!atEnd() && isSpace(peek())) {
            advance();
            any = true;
        }
        return any;
    }

    void expect(char c, const std::string& what) {
        if (peek() != c)
            fail("expected " + what);
        advance();
    }

    // Validates the whole input once so that the parser only has to think about ASCII syntax.
    void checkEncoding() {
        std::size_t i = 0;
        int line = 1;
        int column = 1;
        const auto bytes = reinterpret_cast<const unsigned char*>(m_text.data());
        while (i < m_text.size()) {
            const unsigned char b = bytes[i];
            std::uint32_t c = 0;
            std::size_t length = 1;
            if (b < 0x80) {
                c = b;
            } else if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
                c = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                c = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                c = b & 0x07;
            } else {
                length = 0;
            }
            bool valid = length != 0 && i + length <= m_text.size();
            for (std::size_t k = 1; valid && k < length; ++k) {
                if ((bytes[i + k] & 0xC0) != 0x80)
                    valid = false;
                else
                    c = (c << 6) | (bytes[i + k] & 0x3F);
            }
            if (valid && ((length == 3 && c < 0x800) || (length == 4 && c < 0x10000) ||
                          (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF))
                valid = false; // overlong form, surrogate or beyond Unicode
            if (!valid)
                failAt({line, column}, "the document is not valid UTF-8", XmlError::Kind::Encoding);
            if (!isXmlChar(c))
                failAt({line, column},
                       "character " + describeCodePoint(c) + " is not allowed in XML");
            if (c == '\n' || (c == '\r' && (i + 1 >= m_text.size() || m_text[i + 1] != '\n'))) {
                ++line;
                column = 1;
            } else {
                column += static_cast<int>(length);
            }
            i += length;
        }
    }

    void countNode() {
        if (++m_nodes > m_limits.maxNodes)
            fail("the document has more than " + std::to_string(m_limits.maxNodes) + " nodes",
                 XmlError::Kind::Limit);
    }

    std::string readName(const char* what) {
        if (!isNameStart(peek()))
            fail(std::string("expected ") + what);
        const std::size_t start = m_pos;
        while (!atEnd() && isNameChar(peek()))
            advance();
        return std::string(m_text.substr(start, m_pos - start));
    }

    void readXmlDeclaration() {
        const TextPosition start = here();
        advance(5);
        bool sawVersion = false;
        while (true) {
            const bool spaced = skipSpaces();
            if (startsWith("?>")) {
                advance(2);
                break;
            }
            if (atEnd())
                failAt(start, "the XML declaration is never closed with '?>'");
            if (!spaced)
                fail("expected whitespace in the XML declaration");
            const TextPosition where = here();
            const std::string name = readName("a pseudo-attribute in the XML declaration");
            skipSpaces();
            expect('=', "'=' after '" + name + "'");
            skipSpaces();
            const char quote = peek();
            if (quote != '"' && quote != '\'')
                fail("expected a quoted value for '" + name + "'");
            advance();
            const std::size_t valueStart = m_pos;
            while (!atEnd() && peek() != quote && peek() != '<')
                advance();
            if (peek() != quote)
                fail("the value of '" + name + "' is never closed");
            std::string value(m_text.substr(valueStart, m_pos - valueStart));
            advance();
            std::string lower;
            for (char c : value)
                lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            if (name == "version") {
                if (value != "1.0")
                    failAt(where, "unsupported XML version '" + value + "' (expected 1.0)");
                sawVersion = true;
            } else if (name == "encoding") {
                if (lower != "utf-8" && lower != "utf8")
                    failAt(where, "unsupported encoding '" + value + "': policy XML must be UTF-8",
                           XmlError::Kind::Encoding);
            } else if (name == "standalone") {
                if (value != "yes" && value != "no")
                    failAt(where, "standalone must be 'yes' or 'no'");
            } else {
                failAt(where, "unexpected '" + name + "' in the XML declaration");
            }
        }
        if (!sawVersion)
            failAt(start, "the XML declaration needs a version");
    }

    // Whitespace, comments and processing instructions around the root element.
    void readMisc() {
        while (!atEnd()) {
            if (isSpace(peek())) {
                advance();
            } else if (startsWith("<!--")) {
                readComment();
            } else if (startsWith("<?")) {
                readProcessingInstruction();
            } else if (startsWith("<!")) {
                readMarkupDeclaration();
            } else {
                return;
            }
        }
    }

    [[noreturn]] void readMarkupDeclaration() {
        if (startsWith("<!DOCTYPE") || startsWith("<!ENTITY") || startsWith("<!ELEMENT") ||
            startsWith("<!ATTLIST") || startsWith("<!NOTATION"))
            fail(kDtdMessage, XmlError::Kind::Dtd);
        fail("unexpected '<!': expected a comment '<!--' or a CDATA section '<![CDATA['");
    }

    XmlNode readComment() {
        const TextPosition start = here();
        advance(4);
        const std::size_t begin = m_pos;
        while (true) {
            if (atEnd())
                failAt(start, "the comment is never closed with '-->'");
            if (startsWith("--")) {
                if (!startsWith("-->"))
                    fail("'--' is not allowed inside a comment");
                break;
            }
            advance();
        }
        XmlNode node;
        node.kind = XmlNode::Kind::Comment;
        node.text = std::string(m_text.substr(begin, m_pos - begin));
        node.where = start;
        advance(3);
        countNode();
        return node;
    }

    void readProcessingInstruction() {
        const TextPosition start = here();
        advance(2);
        const std::string target = readName("a processing instruction target after '<?'");
        std::string lower;
        for (char c : target)
            lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower == "xml")
            failAt(start, "the XML declaration is only allowed at the very start of the document");
        while (!startsWith("?>")) {
            if (atEnd())
                failAt(start, "the processing instruction is never closed with '?>'");
            advance();
        }
        advance(2);
        countNode();
    }

    // After '&': a predefined entity or a character reference, appended decoded.
    void readReference(std::string& out) {
        const TextPosition start = here();
        advance();
        if (peek() == '#') {
            advance();
            const bool hex = peek() == 'x';
            if (hex)
                advance();
            std::uint32_t value = 0;
            int digits = 0;
            while (!atEnd() && peek() != ';') {
                const char c = peek();
                int digit = -1;
                if (c >= '0' && c <= '9')
                    digit = c - '0';
                else if (hex && c >= 'a' && c <= 'f')
                    digit = c - 'a' + 10;
                else if (hex && c >= 'A' && c <= 'F')
                    digit = c - 'A' + 10;
                if (digit < 0)
                    failAt(start, "malformed character reference");
                value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
                if (value > 0x10FFFF)
                    failAt(start, "character reference beyond Unicode");
                ++digits;
                advance();
            }
            if (atEnd() || digits == 0)
                failAt(start, "malformed character reference");
            advance();
            if (!isXmlChar(value))
                failAt(start, "character reference to " + describeCodePoint(value) +
                                  ", which is not allowed in XML");
            appendUtf8(out, value);
            return;
        }
        const std::size_t nameStart = m_pos;
        while (!atEnd() && isNameChar(peek()))
            advance();
        const std::string_view name = m_text.substr(nameStart, m_pos - nameStart);
        if (name.empty() || peek() != ';')
            failAt(start, "'&' must start an entity or character reference (write '&amp;' for "
                          "a literal ampersand)");
        advance();
        if (name == "lt")
            out += '<';
        else if (name == "gt")
            out += '>';
        else if (name == "amp")
            out += '&';
        else if (name == "apos")
            out += '\'';
        else if (name == "quot")
            out += '"';
        else
            failAt(start, "unknown entity '&" + std::string(name) +
                              ";': only &lt; &gt; &amp; &apos; &quot; and character references "
                              "are allowed (DTDs are not allowed, so no other entities exist)");
    }

    bool atExpressionStart() const { return startsWith("@(") || startsWith("@{"); }

    // Whether the '&' here starts an entity or character reference (else, inside an expression,
    // it is C#'s own '&').
    bool atReference() const {
        std::size_t i = m_pos + 1;
        if (i < m_text.size() && m_text[i] == '#') {
            ++i;
            if (i < m_text.size() && m_text[i] == 'x')
                ++i;
            const std::size_t digits = i;
            while (i < m_text.size() && text::isAsciiHexDigit(m_text[i]))
                ++i;
            return i > digits && i < m_text.size() && m_text[i] == ';';
        }
        const std::size_t name = i;
        while (i < m_text.size() && isNameChar(m_text[i]))
            ++i;
        return i > name && i < m_text.size() && m_text[i] == ';';
    }

    // A policy expression, @(...) or @{...}, read by its C# syntax as APIM reads it: so the
    // policies of APIM's documentation load as written, with the attribute's own quote in a
    // string literal, a generic's '<' or a '&&' left unescaped. References are still decoded,
    // so escaped expressions read the same. The expression ends at the bracket that closes its
    // first. Line ends stay line ends even in an attribute, where XML would make them spaces:
    // Microsoft's own samples end `//` comments there with one, which only works if it stays.
    void readExpression(std::string& out) {
        const TextPosition start = here();
        out += '@';
        advance();
        CSharpScanner scanner;
        while (true) {
            if (atEnd())
                failAt(start, "the policy expression is never closed");
            char c = peek();
            if (c == '&' && atReference()) {
                const std::size_t before = out.size();
                readReference(out);
                c = out.size() == before + 1 ? out.back() : 'x'; // non-ASCII is never syntax
            } else {
                if (c == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n')
                    advance(); // CR LF is one line end
                advance();
                if (c == '\r')
                    c = '\n';
                out += c;
            }
            switch (scanner.take(c)) {
            case CSharpScanner::Step::Going:
                break;
            case CSharpScanner::Step::Closed:
                return;
            case CSharpScanner::Step::Unmatched:
                failAt(start, std::string("the policy expression has an unmatched '") + c + "'");
            }
        }
    }

    XmlAttribute readAttribute() {
        XmlAttribute attribute;
        attribute.where = here();
        attribute.name = readName("an attribute name");
        skipSpaces();
        expect('=', "'=' after attribute '" + attribute.name + "'");
        skipSpaces();
        const char quote = peek();
        if (quote != '"' && quote != '\'')
            fail("expected a quoted value for attribute '" + attribute.name + "'");
        const TextPosition open = here();
        advance();
        attribute.valueWhere = here();
        if (atExpressionStart())
            readExpression(attribute.value);
        while (true) {
            if (atEnd())
                failAt(open, "the value of attribute '" + attribute.name + "' is never closed");
            const char c = peek();
            if (c == quote) {
                advance();
                break;
            }
            if (c == '<')
                fail("'<' is not allowed in an attribute value (write '&lt;')");
            if (c == '&') {
                readReference(attribute.value);
                continue;
            }
            if (c == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n')
                advance(); // CR LF is one line end, normalised to one space
            attribute.value += (c == '\t' || c == '\n' || c == '\r') ? ' ' : peek();
            advance();
        }
        return attribute;
    }

    XmlNode readElement(int depth) {
        if (depth > m_limits.maxDepth)
            fail("elements are nested deeper than " + std::to_string(m_limits.maxDepth) + " levels",
                 XmlError::Kind::Limit);
        XmlNode element;
        element.where = here();
        countNode();
        advance(); // '<'
        element.name = readName("an element name after '<'");
        while (true) {
            const bool spaced = skipSpaces();
            if (atEnd())
                failAt(element.where, "the start tag <" + element.name + "> is never closed");
            if (startsWith("/>")) {
                advance(2);
                return element;
            }
            if (peek() == '>') {
                advance();
                break;
            }
            if (!isNameStart(peek()))
                fail("unexpected '" + std::string(1, peek()) + "' in the start tag <" +
                     element.name + ">");
            if (!spaced)
                fail("expected whitespace before attribute");
            XmlAttribute attribute = readAttribute();
            for (const auto& existing : element.attributes) {
                if (existing.name == attribute.name)
                    failAt(attribute.where, "duplicate attribute '" + attribute.name +
                                                "' (first at " +
                                                std::to_string(existing.where.line) + ":" +
                                                std::to_string(existing.where.column) + ")");
            }
            if (element.attributes.size() >= m_limits.maxAttributes)
                failAt(attribute.where,
                       "more than " + std::to_string(m_limits.maxAttributes) + " attributes on <" +
                           element.name + ">",
                       XmlError::Kind::Limit);
            element.attributes.push_back(std::move(attribute));
        }
        readContent(element, depth);
        return element;
    }

    void readContent(XmlNode& element, int depth) {
        while (true) {
            if (atEnd())
                failAt(element.where, "the element <" + element.name + "> is never closed");
            if (startsWith("</")) {
                const TextPosition where = here();
                advance(2);
                const std::string name = readName("an element name after '</'");
                skipSpaces();
                if (peek() != '>')
                    fail("expected '>' to end the closing tag </" + name + ">");
                if (name != element.name)
                    failAt(where, "closing tag </" + name + "> does not match <" + element.name +
                                      "> opened at " + std::to_string(element.where.line) + ":" +
                                      std::to_string(element.where.column));
                advance();
                return;
            }
            if (startsWith("<!--")) {
                element.children.push_back(readComment());
            } else if (startsWith("<![CDATA[")) {
                element.children.push_back(readCData());
            } else if (startsWith("<!")) {
                readMarkupDeclaration();
            } else if (startsWith("<?")) {
                readProcessingInstruction();
            } else if (peek() == '<') {
                if (m_pos + 1 >= m_text.size() || !isNameStart(m_text[m_pos + 1])) {
                    advance();
                    fail("expected an element name after '<' (write '&lt;' for a literal '<')");
                }
                element.children.push_back(readElement(depth + 1));
            } else {
                element.children.push_back(readText());
            }
        }
    }

    XmlNode readCData() {
        XmlNode node;
        node.kind = XmlNode::Kind::CData;
        node.where = here();
        advance(9);
        while (!startsWith("]]>")) {
            if (atEnd())
                failAt(node.where, "the CDATA section is never closed with ']]>'");
            if (peek() == '\r') {
                advance();
                if (peek() != '\n')
                    node.text += '\n';
                continue;
            }
            node.text += peek();
            advance();
        }
        advance(3);
        countNode();
        return node;
    }

    XmlNode readText() {
        XmlNode node;
        node.kind = XmlNode::Kind::Text;
        node.where = here();
        while (!atEnd() && peek() != '<') {
            const char c = peek();
            if (atExpressionStart() && node.text.find_first_not_of(" \t\n") == std::string::npos) {
                readExpression(node.text);
                continue;
            }
            if (c == '&') {
                readReference(node.text);
                continue;
            }
            if (startsWith("]]>"))
                fail("']]>' is not allowed in text (write ']]&gt;')");
            if (c == '\r') {
                advance();
                if (peek() != '\n')
                    node.text += '\n';
                continue;
            }
            node.text += c;
            advance();
        }
        countNode();
        return node;
    }

    std::string_view m_text;
    const XmlLimits& m_limits;
    std::size_t m_pos = 0;
    int m_line = 1;
    int m_column = 1;
    std::size_t m_nodes = 0;
};

} // namespace

XmlReadResult readXml(std::string_view text, const XmlLimits& limits) {
    XmlReadResult result;
    if (text.size() > limits.maxBytes) {
        result.error =
            XmlError{XmlError::Kind::Limit,
                     "the document is larger than " + std::to_string(limits.maxBytes) + " bytes",
                     {1, 1}};
        return result;
    }
    try {
        Reader reader(text, limits);
        result.root = reader.readDocument();
    } catch (const Failure& failure) {
        result.error = failure.error;
    }
    return result;
}

} // namespace portico::policy::xml

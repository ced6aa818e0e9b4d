#include "core/policy/expr/lexer.h"
#include "core/text/ascii.h"

#include <array>
#include <cctype>

namespace portico::policy::expr {

namespace {

constexpr std::string_view kKeywords[] = {
    "var",       "if",     "else",  "foreach", "in",      "return", "new",    "true",    "false",
    "null",      "as",     "is",    "out",     "while",   "string", "int",    "long",    "double",
    "bool",      "object", "char",  "byte",    "decimal", "float",  "typeof", "class",   "using",
    "namespace", "const",  "uint",  "ulong",   "short",   "ushort", "sbyte",  "for",     "break",
    "continue",  "try",    "catch", "finally", "throw",   "switch", "case",   "default", "do"};

// Longest first so that maximal munch works with a linear scan.
constexpr std::string_view kPuncts[] = {"?\?=", "=>", "==", "!=", "<=", ">=", "&&", "||",
                                        "??",   "?.", "+=", "-=", "*=", "/=", "++", "--",
                                        "(",    ")",  "{",  "}",  "[",  "]",  ";",  ",",
                                        ".",    ":",  "?",  "+",  "-",  "*",  "/",  "%",
                                        "!",    "<",  ">",  "=",  "&",  "|",  "^",  "~"};

class Lexer {
public:
    Lexer(std::string_view text, Position start)
        : m_text(text)
        , m_pos(start) {}

    LexResult run() {
        LexResult result;
        while (true) {
            skipSpaceAndComments(result);
            if (m_index >= m_text.size())
                break;
            Token token;
            token.where = m_pos;
            const char c = m_text[m_index];
            if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                token.text = takeWhile([](char ch) {
                    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
                });
                token.kind = isKeyword(token.text) ? TokenKind::Keyword : TokenKind::Identifier;
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                lexNumber(token, result);
            } else if (c == '"') {
                advance();
                token.kind = TokenKind::String;
                if (!lexRegularString(token.text, '"'))
                    result.errors.push_back({m_badEscape
                                                 ? "unknown escape sequence in string literal"
                                                 : "unterminated string literal",
                                             token.where});
            } else if (c == '@' && peek(1) == '"') {
                advance(2);
                token.kind = TokenKind::String;
                if (!lexVerbatimString(token.text))
                    result.errors.push_back({"unterminated verbatim string literal", token.where});
            } else if (c == '\'') {
                advance();
                token.kind = TokenKind::Char;
                if (!lexRegularString(token.text, '\'') || token.text.empty())
                    result.errors.push_back({"malformed character literal", token.where});
            } else if ((c == '$' && peek(1) == '"') ||
                       (c == '$' && peek(1) == '@' && peek(2) == '"') ||
                       (c == '@' && peek(1) == '$' && peek(2) == '"')) {
                token.verbatim = peek(1) == '@' || c == '@';
                advance(token.verbatim ? 3 : 2);
                token.kind = TokenKind::Interpolated;
                token.contentStart = m_pos;
                if (!lexInterpolated(token))
                    result.errors.push_back(
                        {"unterminated interpolated string literal", token.where});
            } else {
                bool matched = false;
                for (std::string_view p : kPuncts) {
                    if (m_text.substr(m_index, p.size()) == p) {
                        token.kind = TokenKind::Punct;
                        token.text = std::string(p);
                        advance(p.size());
                        matched = true;
                        break;
                    }
                }
                if (!matched) {
                    result.errors.push_back(
                        {"unexpected character '" + std::string(1, c) + "'", token.where});
                    advance();
                    continue;
                }
            }
            result.tokens.push_back(std::move(token));
        }
        Token end;
        end.where = m_pos;
        result.tokens.push_back(end);
        return result;
    }

private:
    char peek(std::size_t ahead = 0) const {
        return m_index + ahead < m_text.size() ? m_text[m_index + ahead] : '\0';
    }

    void advance(std::size_t count = 1) {
        for (std::size_t i = 0; i < count && m_index < m_text.size(); ++i) {
            if (m_text[m_index] == '\n') {
                ++m_pos.line;
                m_pos.column = 1;
            } else {
                ++m_pos.column;
            }
            ++m_index;
        }
    }

    template <typename Pred> std::string takeWhile(Pred pred) {
        const std::size_t begin = m_index;
        while (m_index < m_text.size() && pred(m_text[m_index]))
            advance();
        return std::string(m_text.substr(begin, m_index - begin));
    }

    void skipSpaceAndComments(LexResult& result) {
        while (m_index < m_text.size()) {
            const char c = m_text[m_index];
            if (std::isspace(static_cast<unsigned char>(c))) {
                advance();
            } else if (c == '/' && peek(1) == '/') {
                while (m_index < m_text.size() && m_text[m_index] != '\n')
                    advance();
            } else if (c == '/' && peek(1) == '*') {
                const Position where = m_pos;
                advance(2);
                while (m_index < m_text.size() && !(peek() == '*' && peek(1) == '/'))
                    advance();
                if (m_index >= m_text.size()) {
                    result.errors.push_back({"unterminated comment", where});
                    return;
                }
                advance(2);
            } else {
                return;
            }
        }
    }

    void lexNumber(Token& token, LexResult& result) {
        std::string digits;
        bool real = false;
        if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
            advance(2);
            const std::string hex = takeWhile(
                [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)) != 0; });
            if (hex.empty())
                result.errors.push_back({"malformed hexadecimal literal", token.where});
            token.kind = TokenKind::Integer;
            token.text =
                std::to_string(hex.empty() ? 0 : std::stoull(hex.substr(0, 15), nullptr, 16));
            return;
        }
        digits =
            takeWhile([](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; });
        if (peek() == '.' && std::isdigit(static_cast<unsigned char>(peek(1)))) {
            real = true;
            advance();
            digits += '.';
            digits += takeWhile(
                [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; });
        }
        if (peek() == 'e' || peek() == 'E') {
            const bool sign = peek(1) == '+' || peek(1) == '-';
            if (std::isdigit(static_cast<unsigned char>(peek(sign ? 2 : 1)))) {
                real = true;
                digits += 'e';
                advance();
                if (sign) {
                    digits += peek();
                    advance();
                }
                digits += takeWhile(
                    [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; });
            }
        }
        const char suffix = peek();
        if (suffix == 'd' || suffix == 'D' || suffix == 'f' || suffix == 'F' || suffix == 'm' ||
            suffix == 'M') {
            real = true;
            advance();
        } else if (suffix == 'L' || suffix == 'l') {
            advance();
        }
        token.kind = real ? TokenKind::Real : TokenKind::Integer;
        token.text = digits;
        if (std::isalpha(static_cast<unsigned char>(peek())) || peek() == '_')
            result.errors.push_back({"malformed number literal", token.where});
    }

    bool lexEscape(std::string& out) {
        const char e = peek();
        advance();
        switch (e) {
        case 'n':
            out += '\n';
            return true;
        case 't':
            out += '\t';
            return true;
        case 'r':
            out += '\r';
            return true;
        case '0':
            out += '\0';
            return true;
        case '\\':
            out += '\\';
            return true;
        case '"':
            out += '"';
            return true;
        case '\'':
            out += '\'';
            return true;
        case 'u': {
            unsigned code = 0;
            for (int i = 0; i < 4; ++i) {
                const char h = peek();
                if (!text::isAsciiHexDigit(h))
                    return false;
                code = code * 16 + static_cast<unsigned>(text::asciiHexValue(h));
                advance();
            }
            appendUtf8(out, code);
            return true;
        }
        default:
            return false;
        }
    }

    static void appendUtf8(std::string& out, unsigned code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    bool lexRegularString(std::string& out, char quote) {
        while (m_index < m_text.size()) {
            const char c = peek();
            if (c == quote) {
                advance();
                return true;
            }
            if (c == '\n')
                return false;
            advance();
            if (c == '\\') {
                if (!lexEscape(out)) {
                    m_badEscape = true;
                    return false;
                }
            } else {
                out += c;
            }
        }
        return false;
    }

    bool lexVerbatimString(std::string& out) {
        while (m_index < m_text.size()) {
            const char c = peek();
            advance();
            if (c == '"') {
                if (peek() != '"')
                    return true;
                advance();
            }
            out += c;
        }
        return false;
    }

    // Keeps the raw text; the parser splits holes and decodes escapes with exact positions.
    bool lexInterpolated(Token& token) {
        int depth = 0;
        while (m_index < m_text.size()) {
            const char c = peek();
            if (depth == 0 && c == '"') {
                if (token.verbatim && peek(1) == '"') {
                    token.text += "\"\"";
                    advance(2);
                    continue;
                }
                advance();
                return true;
            }
            if (!token.verbatim && c == '\\' && m_index + 1 < m_text.size()) {
                token.text += c;
                token.text += peek(1);
                advance(2);
                continue;
            }
            if (c == '{') {
                if (depth == 0 && peek(1) == '{') {
                    token.text += "{{";
                    advance(2);
                    continue;
                }
                ++depth;
            } else if (c == '}' && depth > 0) {
                --depth;
            } else if (c == '"' && depth > 0) {
                // A string inside a hole: copy through to its end.
                token.text += c;
                advance();
                while (m_index < m_text.size() && peek() != '"') {
                    if (peek() == '\\') {
                        token.text += peek();
                        advance();
                    }
                    token.text += peek();
                    advance();
                }
                if (m_index >= m_text.size())
                    return false;
            }
            token.text += c;
            advance();
        }
        return false;
    }

    std::string_view m_text;
    std::size_t m_index = 0;
    Position m_pos;
    bool m_badEscape = false;
};

} // namespace

bool isKeyword(std::string_view word) {
    for (std::string_view k : kKeywords)
        if (k == word)
            return true;
    return false;
}

LexResult lex(std::string_view text, Position start) {
    return Lexer(text, start).run();
}

} // namespace portico::policy::expr

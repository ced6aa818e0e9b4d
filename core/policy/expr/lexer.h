#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policy::expr {

// 1-based line and column inside the policy file (the caller passes where the expression starts).
struct Position {
    int line = 1;
    int column = 1;
};

enum class TokenKind {
    End,
    Identifier,
    Keyword,
    Integer,      // text holds the digits; suffix L allowed
    Real,         // double literal (suffix d/D/m/M/f/F accepted)
    String,       // text holds the decoded value
    Char,         // text holds the decoded single character
    Interpolated, // text holds the raw inner text of $"..." (verbatim flag in `verbatim`)
    Punct,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;
    Position where;
    bool verbatim = false; // $@"..." interpolations
    Position contentStart; // for Interpolated: where the first character inside the quotes is
};

struct LexError {
    std::string message;
    Position where;
};

struct LexResult {
    std::vector<Token> tokens; // always ends with an End token when ok
    std::vector<LexError> errors;
    bool ok() const { return errors.empty(); }
};

// Splits C# expression text into tokens. `start` is the position of text[0] in the file.
LexResult lex(std::string_view text, Position start);

bool isKeyword(std::string_view word);

} // namespace portico::policy::expr

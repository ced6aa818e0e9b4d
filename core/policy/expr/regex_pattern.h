#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policy::expr {

// A .NET regular expression rewritten for std::regex's ECMAScript grammar. .NET names groups
// with (?<name>...) or (?'name'...) and numbers them after the unnamed ones; ECMAScript has no
// names and numbers every group left to right. The translation drops the names, remembers them,
// and maps .NET's group numbers to ECMAScript's, for backreferences, Groups[...] and Replace.
struct RegexPattern {
    std::string ecmascript;
    // Indexed by .NET group number (0 is the whole match): the ECMAScript group it is.
    std::vector<std::size_t> ecmascriptGroup;
    // Indexed by .NET group number: its name, or empty for a numbered group.
    std::vector<std::string> names;

    // The .NET group number of a name or of a number written as text; nullopt if none.
    std::optional<std::size_t> groupNumber(std::string_view nameOrNumber) const;
};

struct RegexPatternResult {
    std::optional<RegexPattern> pattern;
    std::string error; // .NET's wording, when the pattern refers to a group that is not there
};

RegexPatternResult translateRegexPattern(std::string_view dotnetPattern);

// A .NET replacement string ($1, ${name}, $0, $$) for std::regex_replace, with group numbers
// mapped. A reference to a group that does not exist stays literal text, as in .NET.
std::string translateRegexReplacement(std::string_view replacement, const RegexPattern& pattern);

} // namespace portico::policy::expr

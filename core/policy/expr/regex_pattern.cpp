#include "core/policy/expr/regex_pattern.h"

#include <algorithm>
#include <charconv>

namespace portico::policy::expr {

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isNameChar(char c) {
    return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

// The name of a group or backreference at `at` (just after '<' or '\''), up to `close`; the
// position after the closing character, or npos when it is not a name.
std::size_t readName(std::string_view p, std::size_t at, char close, std::string& name) {
    std::size_t end = at;
    while (end < p.size() && isNameChar(p[end]))
        ++end;
    if (end == at || end >= p.size() || p[end] != close)
        return std::string_view::npos;
    name.assign(p.substr(at, end - at));
    return end + 1;
}

// At '(' : the group's name if it is a named group, with the position after the name's closing
// character; npos for a group that does not capture; 0 with an empty name for a numbered one.
std::size_t groupAt(std::string_view p, std::size_t open, std::string& name) {
    name.clear();
    if (open + 1 >= p.size() || p[open + 1] != '?')
        return 0;
    const std::size_t at = open + 2;
    if (at < p.size() && (p[at] == '<' || p[at] == '\'')) {
        const char close = p[at] == '<' ? '>' : '\'';
        const std::size_t after = readName(p, at + 1, close, name);
        if (after != std::string_view::npos)
            return after;
    }
    return std::string_view::npos; // (?:  (?=  (?!  lookbehind, options
}

// Where the character class starting at '[' ends (the position after its ']').
std::size_t classEnd(std::string_view p, std::size_t open) {
    std::size_t i = open + 1;
    if (i < p.size() && p[i] == '^')
        ++i;
    if (i < p.size() && p[i] == ']') // a ']' first is literal in .NET
        ++i;
    for (; i < p.size(); ++i) {
        if (p[i] == '\\')
            ++i;
        else if (p[i] == ']')
            return i + 1;
    }
    return p.size();
}

struct Group {
    std::size_t ecmascript = 0;
    std::string name;
};

std::vector<Group> groupsOf(std::string_view p) {
    std::vector<Group> groups;
    std::string name;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '\\') {
            ++i;
        } else if (p[i] == '[') {
            i = classEnd(p, i) - 1;
        } else if (p[i] == '(' && groupAt(p, i, name) != std::string_view::npos) {
            groups.push_back({groups.size() + 1, name});
        }
    }
    return groups;
}

std::string groupReference(std::size_t ecmascript) {
    return ecmascript < 10 ? "0" + std::to_string(ecmascript) : std::to_string(ecmascript);
}

} // namespace

std::optional<std::size_t> RegexPattern::groupNumber(std::string_view nameOrNumber) const {
    if (!nameOrNumber.empty() && std::all_of(nameOrNumber.begin(), nameOrNumber.end(), isDigit)) {
        std::size_t number = 0;
        const auto r =
            std::from_chars(nameOrNumber.data(), nameOrNumber.data() + nameOrNumber.size(), number);
        if (r.ec == std::errc() && number < ecmascriptGroup.size())
            return number;
    }
    for (std::size_t i = 1; i < names.size(); ++i)
        if (!names[i].empty() && names[i] == nameOrNumber)
            return i;
    return std::nullopt;
}

RegexPatternResult translateRegexPattern(std::string_view p) {
    RegexPattern out;
    const std::vector<Group> groups = groupsOf(p);
    out.ecmascriptGroup.push_back(0);
    out.names.emplace_back();
    for (const Group& g : groups) {
        if (g.name.empty()) {
            out.ecmascriptGroup.push_back(g.ecmascript);
            out.names.emplace_back();
        }
    }
    for (const Group& g : groups) {
        if (!g.name.empty() && !out.groupNumber(g.name)) {
            out.ecmascriptGroup.push_back(g.ecmascript);
            out.names.push_back(g.name);
        }
    }

    std::string& text = out.ecmascript;
    std::string name;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '[') {
            const std::size_t end = classEnd(p, i);
            std::size_t at = i + 1;
            if (at < end && p[at] == '^')
                ++at;
            text.append(p.substr(i, at - i));
            if (at < end && p[at] == ']') { // ECMAScript would read "[]" as an empty class
                text += "\\]";
                ++at;
            }
            text.append(p.substr(at, end - at));
            i = end - 1;
        } else if (c == '(') {
            const std::size_t after = groupAt(p, i, name);
            if (after != 0 && after != std::string_view::npos) {
                text += '(';
                i = after - 1;
            } else {
                text += c;
            }
        } else if (c == '\\' && i + 1 < p.size()) {
            const char next = p[i + 1];
            if (next == 'k' && i + 2 < p.size() && (p[i + 2] == '<' || p[i + 2] == '\'')) {
                const std::size_t after = readName(p, i + 3, p[i + 2] == '<' ? '>' : '\'', name);
                if (after == std::string_view::npos)
                    return {std::nullopt, "Malformed \\k<...> named back reference."};
                const auto number = out.groupNumber(name);
                if (!number)
                    return {std::nullopt, "Reference to undefined group name '" + name + "'."};
                text += '\\' + std::to_string(out.ecmascriptGroup[*number]);
                i = after - 1;
            } else if (isDigit(next) && next != '0') {
                std::size_t end = i + 1;
                while (end < p.size() && isDigit(p[end]))
                    ++end;
                const auto number = out.groupNumber(p.substr(i + 1, end - i - 1));
                if (!number)
                    return {std::nullopt, "Reference to undefined group number " +
                                              std::string(p.substr(i + 1, end - i - 1)) + "."};
                text += '\\' + std::to_string(out.ecmascriptGroup[*number]);
                i = end - 1;
            } else {
                text += c;
                text += next;
                ++i;
            }
        } else {
            text += c;
        }
    }
    return {std::move(out), {}};
}

std::string translateRegexReplacement(std::string_view r, const RegexPattern& pattern) {
    std::string out;
    const auto reference = [&](std::size_t number) {
        const std::size_t group = pattern.ecmascriptGroup[number];
        out += group == 0 ? "$&" : "$" + groupReference(group);
    };
    for (std::size_t i = 0; i < r.size(); ++i) {
        if (r[i] != '$' || i + 1 >= r.size()) {
            out += r[i] == '$' ? "$$" : std::string(1, r[i]);
            continue;
        }
        const char next = r[i + 1];
        if (next == '$' || next == '&' || next == '`' || next == '\'') {
            out += '$';
            out += next;
            ++i;
        } else if (isDigit(next)) {
            // The longest run of digits that names a group, as .NET reads it.
            std::size_t end = i + 1;
            while (end < r.size() && isDigit(r[end]))
                ++end;
            for (; end > i + 1; --end)
                if (pattern.groupNumber(r.substr(i + 1, end - i - 1)))
                    break;
            if (end == i + 1) {
                out += "$$";
                continue;
            }
            reference(*pattern.groupNumber(r.substr(i + 1, end - i - 1)));
            i = end - 1;
        } else if (next == '{') {
            const std::size_t close = r.find('}', i + 2);
            const auto number = close == std::string_view::npos
                                    ? std::nullopt
                                    : pattern.groupNumber(r.substr(i + 2, close - i - 2));
            if (!number) {
                out += "$$";
                continue;
            }
            reference(*number);
            i = close;
        } else {
            out += "$$";
        }
    }
    return out;
}

} // namespace portico::policy::expr

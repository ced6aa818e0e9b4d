#include "core/policies/distinguished_name.h"
#include "core/text/ascii.h"

#include <algorithm>
#include <cctype>

namespace portico::policies {

namespace {

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

} // namespace

std::optional<DistinguishedName> parseDistinguishedName(std::string_view text) {
    DistinguishedName name;
    std::string type, value;
    bool inValue = false, quoted = false, wasQuoted = false;
    const auto finish = [&]() -> bool {
        const std::string key = trimmed(type);
        if (!inValue || key.empty())
            return false;
        name.emplace_back(key, wasQuoted ? value : trimmed(value));
        type.clear();
        value.clear();
        inValue = wasQuoted = false;
        return true;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size()) {
            (inValue ? value : type) += text[++i];
        } else if (quoted) {
            if (c == '"')
                quoted = false;
            else
                value += c;
        } else if (c == '"' && inValue && trimmed(value).empty()) {
            value.clear();
            quoted = wasQuoted = true;
        } else if (c == '=' && !inValue) {
            inValue = true;
        } else if ((c == ',' || c == '+' || c == ';') && !quoted) {
            if (!finish())
                return std::nullopt;
        } else if (!(wasQuoted && c == ' ')) {
            (inValue ? value : type) += c;
        }
    }
    if (quoted || !finish())
        return std::nullopt;
    return name;
}

bool sameDistinguishedName(const DistinguishedName& a, const DistinguishedName& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
        return text::equalsIgnoringAsciiCase(x.first, y.first) &&
               text::equalsIgnoringAsciiCase(x.second, y.second);
    });
}

} // namespace portico::policies

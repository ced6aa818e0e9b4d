#pragma once

#include <string>
#include <string_view>

namespace portico::text {

// Appends `value` as a JSON string literal, quotes included: '"' and '\' escaped, control
// characters as \n, \r, \t or \u00XX. Bytes >= 0x80 pass through (the caller keeps UTF-8 valid).
void appendJsonString(std::string& out, std::string_view value);

inline std::string jsonString(std::string_view value) {
    std::string out;
    appendJsonString(out, value);
    return out;
}

} // namespace portico::text

#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace portico::identity::dev_idp {

struct FormParse {
    std::map<std::string, std::string> fields;
    std::string error; // names the parameter; empty when fine
};

// application/x-www-form-urlencoded (also a URL's query). A repeated parameter is an error, as
// RFC 6749 §3.1 requires, and so is a malformed %-escape.
FormParse parseForm(std::string_view text);

// Percent-encodes everything but unreserved characters (RFC 3986 §2.3).
std::string urlEncode(std::string_view text);

// The value of a field, or nullopt when absent.
std::optional<std::string> field(const std::map<std::string, std::string>& fields,
                                 const std::string& name);

} // namespace portico::identity::dev_idp

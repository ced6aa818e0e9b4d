#pragma once

#include <map>
#include <string>
#include <string_view>

namespace portico::identity::dev_idp {

// &, <, >, " and ' as character references: safe in element text and quoted attributes.
std::string escapeHtml(std::string_view text);

// The sign-in form of the authorize endpoint. `parameters` (the authorization request) go back
// as hidden fields; `problem` is shown above the form when not empty.
std::string signInPage(const std::string& action,
                       const std::map<std::string, std::string>& parameters,
                       const std::string& clientName, const std::string& problem);

// The device verification page: user code, username, password, approve or deny.
std::string devicePage(const std::string& action, const std::string& userCode,
                       const std::string& problem);

// A short page with a heading and one paragraph.
std::string messagePage(const std::string& title, const std::string& message);

} // namespace portico::identity::dev_idp

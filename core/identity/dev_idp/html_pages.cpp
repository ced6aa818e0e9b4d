#include "core/identity/dev_idp/html_pages.h"

namespace portico::identity::dev_idp {

namespace {

std::string page(const std::string& title, const std::string& content) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
           escapeHtml(title) + "</title></head><body><h1>" + escapeHtml(title) + "</h1>" + content +
           "</body></html>\n";
}

std::string problemText(const std::string& problem) {
    return problem.empty() ? std::string() : "<p role=\"alert\">" + escapeHtml(problem) + "</p>";
}

} // namespace

std::string escapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string signInPage(const std::string& action,
                       const std::map<std::string, std::string>& parameters,
                       const std::string& clientName, const std::string& problem) {
    std::string form = "<p>Sign in to continue to " + escapeHtml(clientName) + ".</p>" +
                       problemText(problem) + "<form method=\"post\" action=\"" +
                       escapeHtml(action) + "\">";
    for (const auto& [name, value] : parameters) {
        if (name == "username" || name == "password")
            continue;
        form += "<input type=\"hidden\" name=\"" + escapeHtml(name) + "\" value=\"" +
                escapeHtml(value) + "\">";
    }
    form += "<label>Username <input name=\"username\" autocomplete=\"username\"></label>"
            "<label>Password <input name=\"password\" type=\"password\" "
            "autocomplete=\"current-password\"></label>"
            "<button type=\"submit\">Sign in</button></form>";
    return page("Portico development sign-in", form);
}

std::string devicePage(const std::string& action, const std::string& userCode,
                       const std::string& problem) {
    const std::string form =
        problemText(problem) + "<form method=\"post\" action=\"" + escapeHtml(action) +
        "\"><label>Code <input name=\"user_code\" value=\"" + escapeHtml(userCode) +
        "\"></label><label>Username <input name=\"username\" autocomplete=\"username\"></label>"
        "<label>Password <input name=\"password\" type=\"password\" "
        "autocomplete=\"current-password\"></label>"
        "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>"
        "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>";
    return page("Portico development device sign-in", form);
}

std::string messagePage(const std::string& title, const std::string& message) {
    return page(title, "<p>" + escapeHtml(message) + "</p>");
}

} // namespace portico::identity::dev_idp

#include "core/model/value_rules.h"

#include "core/text/ascii.h"

#include <cctype>

namespace portico::model {

namespace {
bool isBlankOrControl(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F;
}

bool isPort(std::string_view port) {
    if (port.empty() || port.size() > 5)
        return false;
    unsigned value = 0;
    for (char c : port) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value >= 1 && value <= 65535;
}

bool isHostName(std::string_view host) {
    if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-' ||
        host.back() == '-')
        return false;
    for (char c : host)
        if (!text::isAsciiAlnum(c) && c != '.' && c != '-' && c != '_')
            return false;
    return host.find("..") == std::string_view::npos;
}

bool isBracketedIpv6(std::string_view host) {
    if (host.size() < 4 || host.front() != '[' || host.back() != ']')
        return false;
    for (char c : host.substr(1, host.size() - 2))
        if (!text::isAsciiHexDigit(c) && c != ':' && c != '.')
            return false;
    return true;
}

std::string checkHostAndPort(std::string_view authority, bool portRequired) {
    std::string_view host = authority;
    std::string_view port;
    bool hasPort = false;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return "expected ']' closing the IPv6 address";
        host = authority.substr(0, close + 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':')
                return "expected ':' and a port after the IPv6 address";
            port = authority.substr(close + 2);
            hasPort = true;
        }
        if (!isBracketedIpv6(host))
            return "expected an IPv6 address inside '[' ']'";
    } else {
        const auto colon = authority.rfind(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
            hasPort = true;
        }
        if (host.empty())
            return "expected a host name";
        if (!isHostName(host))
            return "expected a host name of letters, digits, '.', '-' and '_'";
    }
    if (hasPort && !isPort(port))
        return "expected a port number from 1 to 65535";
    if (portRequired && !hasPort)
        return "expected ADDR:PORT, e.g. 127.0.0.1:8080";
    return {};
}
} // namespace

std::string checkId(std::string_view id) {
    if (id.empty())
        return "expected a non-empty id";
    if (id.size() > 80)
        return "expected an id of at most 80 characters";
    if (!text::isAsciiAlnum(id.front()))
        return "expected an id starting with a letter or digit";
    if (id.back() == '.')
        return "expected an id not ending with '.'";
    for (char c : id)
        if (!text::isAsciiAlnum(c) && c != '.' && c != '-' && c != '_')
            return "expected an id of letters, digits, '.', '-' and '_'";
    return {};
}

std::string checkHttpUrl(std::string_view url) {
    std::string_view rest;
    if (url.substr(0, 7) == "http://")
        rest = url.substr(7);
    else if (url.substr(0, 8) == "https://")
        rest = url.substr(8);
    else
        return "expected an absolute URL starting with http:// or https://";
    for (char c : url)
        if (isBlankOrControl(c))
            return "expected a URL without spaces or control characters";
    const auto end = rest.find_first_of("/?#");
    const std::string_view authority = rest.substr(0, end);
    if (authority.find('@') != std::string_view::npos)
        return "expected a URL without user information (credentials belong in a secret "
               "reference)";
    if (authority.empty())
        return "expected a host after the scheme";
    if (std::string problem = checkHostAndPort(authority, false); !problem.empty())
        return problem;
    if (end != std::string_view::npos && rest[end] == '#')
        return "expected a URL without a fragment ('#')";
    return {};
}

std::string checkApiPath(std::string_view path) {
    if (path.empty())
        return {}; // APIM's empty URL suffix: the API at the root, below every other API
    if (path.front() == '/' || path.back() == '/')
        return "expected a path without a leading or trailing '/'";
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = std::min(path.find('/', start), path.size());
        const std::string_view segment = path.substr(start, slash - start);
        if (segment.empty())
            return "expected a path without empty segments ('//')";
        for (char c : segment)
            if (!text::isAsciiAlnum(c) &&
                std::string_view("-._~!$&'()*+,;=:@%").find(c) == std::string_view::npos)
                return "expected path segments of letters, digits and URL-safe characters";
        start = slash + 1;
    }
    return {};
}

std::string checkListenAddress(std::string_view address) {
    for (char c : address)
        if (isBlankOrControl(c))
            return "expected ADDR:PORT without spaces";
    return checkHostAndPort(address, true);
}

std::string checkEmail(std::string_view email) {
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == email.size() ||
        email.find('@', at + 1) != std::string_view::npos)
        return "expected an e-mail address such as ada@example.com";
    for (char c : email)
        if (isBlankOrControl(c))
            return "expected an e-mail address without spaces";
    const std::string_view domain = email.substr(at + 1);
    if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.')
        return "expected an e-mail address whose domain has a dot, such as example.com";
    return {};
}

} // namespace portico::model

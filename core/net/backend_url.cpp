#include "core/net/backend_url.h"

#include <charconv>

namespace portico::net {

std::string BackendUrl::poolKey() const {
    return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port);
}

BackendUrlParse parseBackendUrl(std::string_view text) {
    BackendUrlParse result;
    BackendUrl url;
    std::string_view rest;
    if (text.starts_with("http://")) {
        rest = text.substr(7);
        url.port = 80;
    } else if (text.starts_with("https://")) {
        rest = text.substr(8);
        url.tls = true;
        url.port = 443;
    } else {
        result.error =
            "backend URL '" + std::string(text) + "' must start with http:// or https://";
        return result;
    }
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view path =
        slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    if (authority.find('@') != std::string_view::npos) {
        result.error = "backend URL '" + std::string(text) + "' must not carry credentials";
        return result;
    }
    if (path.find_first_of("?#") != std::string_view::npos) {
        result.error = "backend URL '" + std::string(text) + "' must not have a query or fragment";
        return result;
    }
    std::string_view host = authority;
    std::string_view port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            result.error = "backend URL '" + std::string(text) + "' has an unclosed IPv6 bracket";
            return result;
        }
        host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') {
                result.error = "backend URL '" + std::string(text) + "' has junk after ']'";
                return result;
            }
            port = authority.substr(close + 2);
        }
    } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (host.empty()) {
        result.error = "backend URL '" + std::string(text) + "' has no host";
        return result;
    }
    if (!port.empty()) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) {
            result.error = "backend URL '" + std::string(text) + "' has an invalid port";
            return result;
        }
        url.port = static_cast<std::uint16_t>(value);
    }
    url.host = std::string(host);
    while (path.ends_with('/')) {
        path.remove_suffix(1);
    }
    url.basePath = std::string(path);
    const bool defaultPort = url.port == (url.tls ? 443 : 80);
    const bool v6 = url.host.find(':') != std::string::npos;
    url.hostHeader = v6 ? "[" + url.host + "]" : url.host;
    if (!defaultPort) {
        url.hostHeader += ":" + std::to_string(url.port);
    }
    result.url = std::move(url);
    return result;
}

} // namespace portico::net

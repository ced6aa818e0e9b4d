#include "core/net/endpoint.h"

#include <arpa/inet.h>
#include <charconv>

namespace portico::net {

namespace {

bool isIpv4(const std::string& host) {
    in_addr addr{};
    return inet_pton(AF_INET, host.c_str(), &addr) == 1;
}

bool isIpv6(const std::string& host) {
    in6_addr addr{};
    return inet_pton(AF_INET6, host.c_str(), &addr) == 1;
}

} // namespace

bool Endpoint::isLoopback() const {
    if (isIpv4(host)) {
        return host.rfind("127.", 0) == 0;
    }
    return host == "::1";
}

std::string Endpoint::toString() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

EndpointParse parseEndpoint(std::string_view text) {
    EndpointParse result;
    std::string_view hostPart;
    std::string_view portPart;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            result.error = "expected [IPv6]:PORT, got '" + std::string(text) + "'";
            return result;
        }
        hostPart = text.substr(1, close - 1);
        portPart = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            result.error = "expected ADDRESS:PORT, got '" + std::string(text) + "'";
            return result;
        }
        hostPart = text.substr(0, colon);
        portPart = text.substr(colon + 1);
    }
    unsigned port = 0;
    const auto [end, ec] =
        std::from_chars(portPart.data(), portPart.data() + portPart.size(), port);
    if (portPart.empty() || ec != std::errc{} || end != portPart.data() + portPart.size() ||
        port > 65535) {
        result.error = "invalid port '" + std::string(portPart) + "' in '" + std::string(text) +
                       "' (expected 0-65535)";
        return result;
    }
    std::string host(hostPart);
    if (host == "localhost") {
        host = "127.0.0.1";
    }
    if (!isIpv4(host) && !isIpv6(host)) {
        result.error = "invalid address '" + host + "' in '" + std::string(text) +
                       "' (expected a numeric IPv4 or [IPv6] address)";
        return result;
    }
    result.endpoint = Endpoint{host, static_cast<std::uint16_t>(port)};
    return result;
}

} // namespace portico::net

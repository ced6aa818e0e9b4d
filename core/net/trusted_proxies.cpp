#include "core/net/trusted_proxies.h"

namespace portico::net {

std::optional<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& ranges,
                                                    std::string& error) {
    TrustedProxies proxies;
    for (const auto& text : ranges) {
        const auto range = parseCidr(text);
        if (!range) {
            error = "'" + text + "' is not an IP address or CIDR range (e.g. 10.0.0.0/8)";
            return std::nullopt;
        }
        proxies.m_ranges.push_back(*range);
    }
    return proxies;
}

bool TrustedProxies::contains(std::string_view address) const {
    const auto ip = parseIpAddress(address);
    if (!ip)
        return false;
    for (const auto& range : m_ranges) {
        if (range.contains(*ip))
            return true;
    }
    return false;
}

std::string TrustedProxies::clientAddress(std::string_view peer,
                                          std::string_view forwardedFor) const {
    std::string client(peer);
    while (contains(client) && !forwardedFor.empty()) {
        const auto comma = forwardedFor.rfind(',');
        const auto entry =
            comma == std::string_view::npos ? forwardedFor : forwardedFor.substr(comma + 1);
        forwardedFor =
            comma == std::string_view::npos ? std::string_view() : forwardedFor.substr(0, comma);
        const auto ip = parseIpAddressWithPort(entry);
        if (!ip)
            break; // keep the trusted hop that appended it
        client = toString(*ip);
    }
    return client;
}

} // namespace portico::net

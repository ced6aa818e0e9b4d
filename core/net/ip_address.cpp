#include "core/net/ip_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <string>

namespace portico::net {

namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n'))
        text.remove_suffix(1);
    return text;
}

} // namespace

std::optional<IpAddress> parseIpAddress(std::string_view text) {
    text = trimmed(text);
    if (text.size() >= 64)
        return std::nullopt;
    const std::string s(text); // inet_pton wants a terminated string
    IpAddress ip;
    if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1)
        return ip;
    if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) != 1)
        return std::nullopt;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(ip.bytes.data(), mapped, 12) == 0) {
        std::memmove(ip.bytes.data(), ip.bytes.data() + 12, 4);
        std::memset(ip.bytes.data() + 4, 0, 12);
        return ip;
    }
    ip.v6 = true;
    return ip;
}

std::optional<IpAddress> parseIpAddressWithPort(std::string_view text) {
    text = trimmed(text);
    if (auto plain = parseIpAddress(text))
        return plain;
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size())
        return std::nullopt;
    for (const char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    auto host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        return parseIpAddress(host.substr(1, host.size() - 2));
    const auto ip = parseIpAddress(host);
    if (ip && ip->v6)
        return std::nullopt; // "2001:db8::1:80" is an IPv6 address of its own, not one with a port
    return ip;
}

std::string toString(const IpAddress& address) {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(address.v6 ? AF_INET6 : AF_INET, address.bytes.data(), text, sizeof text);
    return text;
}

std::optional<IpRange> parseCidr(std::string_view text) {
    text = trimmed(text);
    const auto slash = text.find('/');
    const auto address = parseIpAddress(text.substr(0, slash));
    if (!address)
        return std::nullopt;
    const int bits = address->v6 ? 128 : 32;
    int prefix = bits;
    if (slash != std::string_view::npos) {
        const auto digits = text.substr(slash + 1);
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
            prefix < 0 || prefix > bits)
            return std::nullopt;
    }
    IpRange range{*address, *address};
    for (int bit = prefix; bit < bits; ++bit) {
        const auto mask = static_cast<unsigned char>(0x80u >> (bit % 8));
        range.from.bytes[bit / 8] &= static_cast<unsigned char>(~mask);
        range.to.bytes[bit / 8] |= mask;
    }
    return range;
}

} // namespace portico::net

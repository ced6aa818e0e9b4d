#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace portico::net {

// An IPv4 or IPv6 address in network byte order. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d)
// count as IPv4, as a dual-stack socket reports them.
struct IpAddress {
    bool v6 = false;
    std::array<unsigned char, 16> bytes{}; // IPv4 uses the first four

    auto operator<=>(const IpAddress&) const = default;
};

// Nothing unless the whole text (surrounding blanks aside) is one address.
std::optional<IpAddress> parseIpAddress(std::string_view text);
// Also takes an address with a port, "203.0.113.9:4711" or "[2001:db8::1]:443", as some load
// balancers write into X-Forwarded-For.
std::optional<IpAddress> parseIpAddressWithPort(std::string_view text);
// The canonical text: "10.0.0.1", "2001:db8::1".
std::string toString(const IpAddress& address);

// The addresses from `from` to `to`, both included, of one family.
struct IpRange {
    IpAddress from;
    IpAddress to;
    bool contains(const IpAddress& ip) const { return ip.v6 == from.v6 && from <= ip && ip <= to; }
};

// "10.0.0.0/8", "2001:db8::/32", or a single address; nothing when malformed or when the
// prefix is longer than the family allows.
std::optional<IpRange> parseCidr(std::string_view text);

} // namespace portico::net

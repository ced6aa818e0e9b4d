#pragma once

#include "core/net/ip_address.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::net {

// The load balancers and proxies in front of the gateway whose X-Forwarded-For is believed, as
// nginx's real_ip_recursive and Envoy's trusted hops do. Without any, the client is always the
// connection's peer and X-Forwarded-For is only passed on.
class TrustedProxies {
public:
    // Each entry a CIDR range or an address; an error names the first malformed one.
    static std::optional<TrustedProxies> parse(const std::vector<std::string>& ranges,
                                               std::string& error);

    bool empty() const { return m_ranges.empty(); }
    bool contains(std::string_view address) const;

    // The client of a request from `peer` carrying `forwardedFor` (every X-Forwarded-For value
    // joined with commas, oldest first): walking from the peer backwards, the first address that
    // is not a trusted proxy. Only addresses a trusted hop appended are believed; anything to
    // the left of the client is the client's own claim. A malformed entry stops the walk at the
    // last trusted hop.
    std::string clientAddress(std::string_view peer, std::string_view forwardedFor) const;

private:
    std::vector<IpRange> m_ranges;
};

} // namespace portico::net

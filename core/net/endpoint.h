#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portico::net {

// A listen address as written on the command line: 127.0.0.1:8080, [::1]:8443, localhost:0.
struct Endpoint {
    std::string host; // numeric address, brackets removed
    std::uint16_t port = 0;

    bool isLoopback() const;
    std::string toString() const; // brackets around IPv6
};

struct EndpointParse {
    std::optional<Endpoint> endpoint;
    std::string error; // set when endpoint is empty
};

// Accepts IPv4, bracketed IPv6 and "localhost" (mapped to 127.0.0.1); never resolves names.
EndpointParse parseEndpoint(std::string_view text);

} // namespace portico::net

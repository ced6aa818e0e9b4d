#pragma once

// Internal to core/net and core/gateway: a message head in one contiguous buffer.
#include "core/net/detail/asio.h"

#include <string>

namespace portico::net::detail {

// Append the start line and the header fields of `head` to `out`, byte for byte as Beast's
// serializer writes them. The proxy sends a head and a body it already holds in one write of two
// buffers; Beast's serializer walks one buffer per field, on every write, and cost more CPU than
// the rest of the relay.
void appendHead(const http::request_header<>& head, std::string& out);
void appendHead(const http::response_header<>& head, std::string& out);

} // namespace portico::net::detail

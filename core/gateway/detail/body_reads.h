#pragma once

// Internal to core/gateway: one read of a message body through Beast's parser, within bounds
// Beast lacks. For the client's bodies and the backends' answers alike.
#include "core/gateway/detail/pooled_fields.h"
#include "core/gateway/detail/relay_buffers.h"
#include "core/net/detail/asio.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace portico::gateway::detail {

using namespace portico::net::detail;

// The most unparsed bytes a body read may hold. A chunk-size line with its extensions, or a whole
// trailer section, must fit: Beast buffers either whole however long it is (RFC 9112 §7.1.1 asks
// for a limit), and a trailer value over 65,533 bytes throws from inside its parser. At 64 KiB a
// trailer value stays under that, and a body read still takes a whole relay buffer.
inline constexpr std::size_t kBodyLineLimit = kRelayBufferSize;
static_assert(kBodyLineLimit <= 65536, "a trailer value that fits must stay under Beast's limit");

// Reads part of a body into the parser's buffer_body: it returns once the parser made progress
// (mostly one socket read), so a timeout set before the call measures inactivity. need_buffer
// (the body buffer is full) is not an error. A chunked body's trailer fields are dropped when it
// ends: Beast appends them to the header fields, and trailers are never merged into the header
// section (RFC 9110 §6.5.1), where they would pass the checks the head went through. nginx drops
// them too.
template <class AsyncStream, class Parser>
awaitable<void> readBodyPart(AsyncStream& stream, beast::flat_buffer& buffer, Parser& parser,
                             beast::error_code& ec) {
    auto& fields = parser.get();
    const bool chunked = parser.chunked();
    // The head's fields by address: Beast files a trailer beside a field of the same name, not
    // at the end.
    std::vector<const void*> head;
    if (chunked) {
        for (const auto& field : fields)
            head.push_back(&field);
    }
    buffer.max_size(std::max(buffer.size(), kBodyLineLimit));
    co_await http::async_read_some(stream, buffer, parser, onError(ec));
    buffer.max_size(std::numeric_limits<std::size_t>::max());
    if (ec == http::error::need_buffer) {
        ec = {};
    }
    if (chunked && parser.is_done()) {
        eraseFieldsIf(fields, [&](const auto& field) {
            return std::find(head.begin(), head.end(), &field) == head.end();
        });
    }
}

} // namespace portico::gateway::detail

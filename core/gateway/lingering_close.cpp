#include "core/gateway/detail/lingering_close.h"

#include <array>
#include <cstddef>

namespace portico::gateway::detail {

using namespace portico::net::detail;

namespace {

// A client that keeps sending past this much is not waiting for an answer.
constexpr std::size_t kMaxDiscardedBytes = 1024 * 1024;

} // namespace

awaitable<void> closeLingering(TimedStream& stream, std::chrono::milliseconds deadline) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (!ec) {
        stream.expires_after(deadline);
        std::array<char, 4096> scratch;
        std::size_t discarded = 0;
        while (!ec && discarded < kMaxDiscardedBytes) {
            // Ends when the client closes, the deadline passes or the socket fails.
            discarded += co_await stream.async_read_some(asio::buffer(scratch), onError(ec));
        }
    }
    stream.close();
}

} // namespace portico::gateway::detail

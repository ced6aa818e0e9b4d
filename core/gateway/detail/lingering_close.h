#pragma once

// Internal to core/gateway: closing a client connection without losing the last answer.
#include "core/net/detail/timed_stream.h"

#include <chrono>

namespace portico::gateway::detail {

// Sends FIN, then reads and drops what the client still sends until it closes too, the deadline
// passes or a cap is reached. Closing with unread bytes makes the kernel send RST, and an RST
// can make the client throw away the answer it has not read yet (a 413 for a body still being
// sent, a 503 for an overloaded listener): lingering is how nginx and HAProxy avoid that.
net::detail::awaitable<void> closeLingering(net::detail::TimedStream& stream,
                                            std::chrono::milliseconds deadline);

} // namespace portico::gateway::detail

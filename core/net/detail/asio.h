#pragma once

// Internal: the Asio/Beast spellings shared by core/net and core/gateway sources. Never include
// this from a public header; it drags Boost into whoever includes it.
#include <utility> // before asio's awaitable (Boost 1.74 misses it)

// GCC 12 takes Asio's recycled coroutine frames for a new/delete mismatch when it inlines a
// coroutine's frame allocation; both sides are awaitable_frame_base's own operators, so the
// warning is a false positive in every file that runs coroutines.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace portico::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

// Every io_context runs on one thread, and the coroutines, sockets and acceptors on it name its
// executor type rather than the type-erased any_io_executor, whose copies (one per operation and
// per handler) went through function pointers and cost more than the rest of the scheduler.
using Executor = asio::io_context::executor_type;
template <class T = void> using awaitable = asio::awaitable<T, Executor>;
inline constexpr asio::use_awaitable_t<Executor> use_awaitable{};
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;

// The completion token every hot-path operation uses: errors come back as values.
inline auto onError(beast::error_code& ec) {
    return asio::redirect_error(use_awaitable, ec);
}

} // namespace portico::net::detail

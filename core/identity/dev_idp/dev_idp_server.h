#pragma once

#include "core/net/endpoint.h"

#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace portico::identity::dev_idp {

class DevIdentityProvider;

// Serves a DevIdentityProvider over plain HTTP/1.1 on a loopback address, on the given event
// loop (the gateway's control thread, so the provider is only ever called from one thread).
class DevIdpServer {
public:
    // Binds `endpoint` (port 0 picks one; the bound port is written back). A non-loopback
    // address is refused: the provider signs tokens for anyone who knows a test password.
    static std::unique_ptr<DevIdpServer> start(boost::asio::io_context& context,
                                               net::Endpoint& endpoint,
                                               DevIdentityProvider& provider, std::string& error);
    ~DevIdpServer();
    void stop(); // closes the listener; connections in progress finish

private:
    struct Impl;
    explicit DevIdpServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace portico::identity::dev_idp

#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace portico::net::detail {

struct ServerTlsSettings {
    std::string certificateChainFile;
    std::string privateKeyFile;
    std::string clientCaFile;
    bool requestClientCertificate = false;
    bool requireClientCertificate = false;
};

// TLS 1.2+ with forward-secret AEAD suites only and ALPN http/1.1. Returns null and sets error
// (naming the file and the OpenSSL reason) when a file cannot be used.
std::unique_ptr<boost::asio::ssl::context> makeServerTlsContext(const ServerTlsSettings& settings,
                                                                std::string& error);

} // namespace portico::net::detail

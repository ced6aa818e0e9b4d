#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>
#include <string_view>

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

// How the gateway checks one backend's certificate.
struct ClientTlsSettings {
    std::string caFile; // extra trust anchors on top of the system store, empty for none
    bool verifyChain = true;
    bool verifyName = true;
};

// TLS 1.2+ client context trusting the system store plus settings.caFile. Without verifyChain
// every chain error is ignored, but a name mismatch still fails when verifyName is set. Returns
// null and sets error when the CA file cannot be used.
std::unique_ptr<boost::asio::ssl::context> makeClientTlsContext(const ClientTlsSettings& settings,
                                                                std::string& error);

// Per connection: SNI for host names (never for IP literals, RFC 6066) and the name or address
// the certificate must carry when verifyName is set.
bool prepareClientConnection(SSL* ssl, const std::string& host, bool verifyName);

} // namespace portico::net::detail

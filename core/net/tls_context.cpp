#include "core/net/detail/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

namespace portico::net::detail {

namespace {

std::string openSslReason() {
    const auto code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "unknown OpenSSL error";
    }
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

int selectAlpn(SSL*, const unsigned char** out, unsigned char* outLength, const unsigned char* in,
               unsigned int inLength, void*) {
    static const unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outLength, kHttp11, sizeof kHttp11, in, inLength) !=
        OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_ALERT_FATAL; // a client that offers only h2 cannot be served
    }
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

// Chain verification opted out: every error is forgiven except that the certificate names
// another host, which is still checked when the name check is on.
int forgiveChainErrors(int preverified, X509_STORE_CTX* store) {
    if (preverified) {
        return 1;
    }
    const int error = X509_STORE_CTX_get_error(store);
    return error == X509_V_ERR_HOSTNAME_MISMATCH || error == X509_V_ERR_IP_ADDRESS_MISMATCH ? 0 : 1;
}

bool isIpLiteral(const std::string& host) {
    unsigned char address[16];
    return inet_pton(AF_INET, host.c_str(), address) == 1 ||
           inet_pton(AF_INET6, host.c_str(), address) == 1;
}

} // namespace

std::unique_ptr<boost::asio::ssl::context> makeClientTlsContext(const ClientTlsSettings& settings,
                                                                std::string& error) {
    namespace ssl = boost::asio::ssl;
    auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
    SSL_CTX* native = context->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    static const unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_CTX_set_alpn_protos(native, kHttp11, sizeof kHttp11);
    ERR_clear_error();
    if (settings.verifyChain || settings.verifyName) {
        // A missing system store is not fatal: the CA file may be all that is trusted.
        SSL_CTX_set_default_verify_paths(native);
        ERR_clear_error();
        if (!settings.caFile.empty() &&
            SSL_CTX_load_verify_locations(native, settings.caFile.c_str(), nullptr) != 1) {
            error = "cannot load CA file '" + settings.caFile + "': " + openSslReason();
            return nullptr;
        }
        SSL_CTX_set_verify(native, SSL_VERIFY_PEER,
                           settings.verifyChain ? nullptr : forgiveChainErrors);
    } else {
        SSL_CTX_set_verify(native, SSL_VERIFY_NONE, nullptr);
    }
    return context;
}

bool prepareClientConnection(SSL* ssl, const std::string& host, bool verifyName) {
    const bool ip = isIpLiteral(host);
    if (!ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
        return false;
    }
    if (!verifyName) {
        return true;
    }
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (ip) {
        return X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
    }
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1;
}

std::unique_ptr<boost::asio::ssl::context> makeServerTlsContext(const ServerTlsSettings& settings,
                                                                std::string& error) {
    namespace ssl = boost::asio::ssl;
    auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
    SSL_CTX* native = context->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                    SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_cipher_list(native, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
    SSL_CTX_set_alpn_select_cb(native, selectAlpn, nullptr);
    ERR_clear_error();
    if (SSL_CTX_use_certificate_chain_file(native, settings.certificateChainFile.c_str()) != 1) {
        error =
            "cannot use certificate '" + settings.certificateChainFile + "': " + openSslReason();
        return nullptr;
    }
    if (SSL_CTX_use_PrivateKey_file(native, settings.privateKeyFile.c_str(), SSL_FILETYPE_PEM) !=
        1) {
        error = "cannot use private key '" + settings.privateKeyFile + "': " + openSslReason();
        return nullptr;
    }
    if (SSL_CTX_check_private_key(native) != 1) {
        error = "private key '" + settings.privateKeyFile + "' does not match certificate '" +
                settings.certificateChainFile + "'";
        return nullptr;
    }
    if (settings.requestClientCertificate) {
        if (settings.clientCaFile.empty()) {
            error = "client certificates need --client-ca";
            return nullptr;
        }
        if (SSL_CTX_load_verify_locations(native, settings.clientCaFile.c_str(), nullptr) != 1) {
            error = "cannot load client CA '" + settings.clientCaFile + "': " + openSslReason();
            return nullptr;
        }
        if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(settings.clientCaFile.c_str())) {
            SSL_CTX_set_client_CA_list(native, names);
        }
        int mode = SSL_VERIFY_PEER;
        if (settings.requireClientCertificate) {
            mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
        }
        SSL_CTX_set_verify(native, mode, nullptr);
    }
    static const unsigned char kContext[] = "portico-gateway";
    SSL_CTX_set_session_id_context(native, kContext, sizeof kContext - 1);
    return context;
}

} // namespace portico::net::detail

// libFuzzer target for the PEM text behind a backend's `tls.clientCertificate`: it comes from a
// secret store (Key Vault among them), so no text may crash or leak, and what is accepted must
// be a usable identity.
#include "core/net/client_identity.h"

#include <openssl/ssl.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view pem(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto identity = portico::net::ClientIdentity::fromPem(pem, error);
    if (!identity) {
        if (error.empty())
            std::abort(); // every refusal says why
        return 0;
    }
    if (identity->fingerprint().size() != 64)
        std::abort();
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_client_method()),
                                                              &SSL_CTX_free);
    if (!identity->useIn(context.get()) || SSL_CTX_check_private_key(context.get()) != 1)
        std::abort(); // an accepted identity is one a connection can present
    return 0;
}

// OpenSSL 3 deprecates the SHA256_* calls in favour of EVP, but an EVP digest allocates two
// contexts and takes the provider's locks each time; these run the same code (SHA-NI where the
// CPU has it) without either, which matters for digests taken on every request.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "core/security/sha256.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace portico::security {

Sha256Digest sha256Of(std::initializer_list<std::string_view> parts) {
    SHA256_CTX context;
    SHA256_Init(&context);
    for (const std::string_view part : parts) {
        SHA256_Update(&context, part.data(), part.size());
    }
    Sha256Digest digest{};
    SHA256_Final(digest.data(), &context);
    OPENSSL_cleanse(&context, sizeof context); // it held the input's last block
    return digest;
}

} // namespace portico::security

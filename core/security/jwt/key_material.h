#pragma once

// Internal to core/security/jwt: holds OpenSSL types, so public headers never include it.

#include <openssl/evp.h>

#include <memory>
#include <string>

namespace portico::security::jwt {

struct PkeyDeleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct KeyMaterial {
    PkeyPtr pkey;       // asymmetric keys
    std::string secret; // symmetric keys

    ~KeyMaterial();
};

// Classifies and checks an OpenSSL public key; fills `error` and returns nullptr on refusal.
std::shared_ptr<const KeyMaterial> adoptPublicKey(PkeyPtr key, std::string& error);

} // namespace portico::security::jwt

#pragma once

#include "core/security/jwt/verification_key.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portico::security::jwt {

// An immutable set of issuer signing keys. Each set gets a process-unique generation number, so
// a verification cached under one set is never reused under another (keys rotated or removed).
class KeySet {
public:
    KeySet();
    explicit KeySet(std::vector<VerificationKey> keys);

    const std::vector<VerificationKey>& keys() const { return m_keys; }
    std::uint64_t generation() const { return m_generation; }
    bool empty() const { return m_keys.empty(); }
    bool containsId(std::string_view id) const;

private:
    std::vector<VerificationKey> m_keys;
    std::uint64_t m_generation;
};

inline constexpr std::size_t kMaxJwksSize = 1024 * 1024;
inline constexpr std::size_t kMaxJwksKeys = 100;

struct JwksResult {
    std::vector<VerificationKey> keys;
    // Keys skipped, each naming where and why: "keys[2] (kid \"a\"): EC x is 31 bytes, expected
    // 32".
    std::vector<std::string> problems;
    std::string error; // the document as a whole is unusable
    bool ok() const { return error.empty(); }
};

// A JSON Web Key Set (RFC 7517 §5): RSA (n, e), EC (P-256/384/521 x, y, point validated), OKP
// (Ed25519 x) and oct (k) keys. `use` other than "sig", `key_ops` without "verify", an `alg` that
// does not fit the key, and keys carrying private parts are skipped with a problem; x5c/x5u are
// ignored (n/e or x/y are the key). Duplicate JSON keys make the whole document unusable.
JwksResult parseJwks(std::string_view json);

} // namespace portico::security::jwt

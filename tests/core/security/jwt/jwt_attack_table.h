#pragma once

// Every known JWT attack as one row of one table, run by TestJwtAttacks against the validator
// and by TestValidateJwtPolicy through the validate-jwt policy. To add an attack, append a row
// to attacks() in jwt_attack_table.cpp: a name, a function minting the hostile token, the error
// it must produce and, if the default (one key of each kind) does not fit, the JWKS the gateway
// would hold.

#include "jwt_test_support.h"

#include <functional>
#include <string>
#include <vector>

namespace portico::security::jwt::test {

// One key of each kind: kids "rsa", "p256", "p384", "p521", "ed25519", "oct".
std::string standardJwks();

struct Attack {
    std::string name;
    std::function<std::string()> token; // mints the hostile token
    JwtError expected;
    std::function<std::string()> jwks = standardJwks; // the keys the gateway holds
};

const std::vector<Attack>& attacks();
// The attack's JWKS as a key set; aborts the test on an unusable JWKS.
KeySet keySetOf(const Attack& attack);

} // namespace portico::security::jwt::test

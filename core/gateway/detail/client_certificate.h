#pragma once

// Internal to core/gateway: what a TLS client's certificate says, for the policies.
#include "core/policy/request_facts.h"

#include <openssl/ssl.h>

#include <optional>

namespace portico::gateway::detail {

// The peer certificate of a finished server-side handshake; nothing when the client sent none.
std::optional<policy::ClientCertificate> readClientCertificate(SSL* ssl);

} // namespace portico::gateway::detail

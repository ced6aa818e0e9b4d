#pragma once

#include <string>
#include <string_view>

namespace portico::gateway {

// A client-sent x-request-id is kept when it is 1-128 characters of [A-Za-z0-9._:-].
bool isValidRequestId(std::string_view id);

// A random UUID (version 4) from a per-thread generator.
std::string generateRequestId();

} // namespace portico::gateway

#pragma once

#include <cstdint>
#include <string_view>

namespace portico::text {

// SipHash-1-3 of data under the 128-bit key (k0, k1): a keyed hash for tables whose keys come
// from untrusted input, which an attacker cannot make collide without the key.
std::uint64_t sipHash13(std::string_view data, std::uint64_t k0, std::uint64_t k1);

// sipHash13 under a key drawn at random once per process.
std::uint64_t seededHash(std::string_view key);

} // namespace portico::text

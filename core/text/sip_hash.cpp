#include "core/text/sip_hash.h"

#include <sys/random.h>

#include <array>
#include <bit>

namespace portico::text {

namespace {

struct SipState {
    std::uint64_t v0, v1, v2, v3;

    void round() {
        v0 += v1;
        v1 = std::rotl(v1, 13) ^ v0;
        v0 = std::rotl(v0, 32);
        v2 += v3;
        v3 = std::rotl(v3, 16) ^ v2;
        v0 += v3;
        v3 = std::rotl(v3, 21) ^ v0;
        v2 += v1;
        v1 = std::rotl(v1, 17) ^ v2;
        v2 = std::rotl(v2, 32);
    }
    void absorb(std::uint64_t word) {
        v3 ^= word;
        round(); // one compression round: SipHash-1-3
        v0 ^= word;
    }
};

std::uint64_t littleEndianWord(const char* bytes, std::size_t count) {
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < count; ++i)
        word |= std::uint64_t(static_cast<unsigned char>(bytes[i])) << (8 * i);
    return word;
}

std::array<std::uint64_t, 2> randomKey() {
    std::array<std::uint64_t, 2> key{};
    auto* bytes = reinterpret_cast<char*>(key.data());
    std::size_t filled = 0;
    while (filled < sizeof key) {
        const auto n = ::getrandom(bytes + filled, sizeof key - filled, 0);
        if (n > 0)
            filled += static_cast<std::size_t>(n);
    }
    return key;
}

} // namespace

std::uint64_t sipHash13(std::string_view data, std::uint64_t k0, std::uint64_t k1) {
    SipState s{k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull, k0 ^ 0x6c7967656e657261ull,
               k1 ^ 0x7465646279746573ull};
    const std::size_t whole = data.size() & ~std::size_t(7);
    for (std::size_t at = 0; at < whole; at += 8)
        s.absorb(littleEndianWord(data.data() + at, 8));
    s.absorb(littleEndianWord(data.data() + whole, data.size() - whole) |
             (std::uint64_t(data.size()) << 56));
    s.v2 ^= 0xff;
    for (int i = 0; i < 3; ++i) // three finalisation rounds
        s.round();
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

std::uint64_t seededHash(std::string_view key) {
    static const auto secret = randomKey();
    return sipHash13(key, secret[0], secret[1]);
}

} // namespace portico::text

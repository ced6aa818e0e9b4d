#include "core/net/field_chars.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace portico::net {

namespace {

bool isControlCharacter(unsigned char c) {
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

} // namespace

const char* findControlCharacter(const char* at, const char* end) {
#if defined(__SSE2__)
    // Bytes compare as signed: obs-text (0x80 and up) is negative and excluded as such.
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i tab = _mm_set1_epi8('\t');
    const __m128i del = _mm_set1_epi8(0x7f);
    const __m128i zero = _mm_setzero_si128();
    for (; end - at >= 16; at += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
        const __m128i belowSpace =
            _mm_andnot_si128(_mm_cmplt_epi8(bytes, zero), _mm_cmplt_epi8(bytes, space));
        const __m128i control = _mm_or_si128(
            _mm_andnot_si128(_mm_cmpeq_epi8(bytes, tab), belowSpace), _mm_cmpeq_epi8(bytes, del));
        if (const int mask = _mm_movemask_epi8(control); mask != 0) {
            return at + __builtin_ctz(static_cast<unsigned>(mask));
        }
    }
#else
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    for (; end - at >= 8; at += 8) {
        std::uint64_t word;
        std::memcpy(&word, at, 8);
        const std::uint64_t below0x20 = (word - kOnes * 0x20) & ~word & kHighBits;
        const std::uint64_t del = word ^ (kOnes * 0x7f);
        const std::uint64_t isDel = (del - kOnes) & ~del & kHighBits;
        if ((below0x20 | isDel) != 0) {
            break; // the byte loop below finds which
        }
    }
#endif
    while (at != end && !isControlCharacter(static_cast<unsigned char>(*at))) {
        ++at;
    }
    return at;
}

bool hasControlCharacter(std::string_view value) {
    const char* const end = value.data() + value.size();
    return findControlCharacter(value.data(), end) != end;
}

} // namespace portico::net

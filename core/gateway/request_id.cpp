#include "core/gateway/request_id.h"

#include "core/text/ascii.h"

#include <algorithm>
#include <random>

namespace portico::gateway {

bool isValidRequestId(std::string_view id) {
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        return text::isAsciiAlnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
    });
}

std::string generateRequestId() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    const auto high = generator();
    const auto low = generator();
    unsigned char bytes[16];
    for (int i = 0; i < 8; ++i) {
        bytes[i] = static_cast<unsigned char>(high >> (8 * i));
        bytes[8 + i] = static_cast<unsigned char>(low >> (8 * i));
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(36, '-'); // written in place: this runs for every request
    char* at = out.data();
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            ++at; // past a '-'
        }
        *at++ = kHex[bytes[i] >> 4];
        *at++ = kHex[bytes[i] & 15];
    }
    return out;
}

} // namespace portico::gateway

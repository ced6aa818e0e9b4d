#include "core/security/jwt/base64url.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>

namespace portico::security::jwt {
namespace {

constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// -1 for characters outside the alphabet.
constexpr std::array<std::int8_t, 256> makeTable(char c62, char c63) {
    std::array<std::int8_t, 256> table{};
    for (auto& entry : table) {
        entry = -1;
    }
    for (int i = 0; i < 26; ++i) {
        table[static_cast<unsigned char>('A' + i)] = static_cast<std::int8_t>(i);
        table[static_cast<unsigned char>('a' + i)] = static_cast<std::int8_t>(26 + i);
    }
    for (int i = 0; i < 10; ++i) {
        table[static_cast<unsigned char>('0' + i)] = static_cast<std::int8_t>(52 + i);
    }
    table[static_cast<unsigned char>(c62)] = 62;
    table[static_cast<unsigned char>(c63)] = 63;
    return table;
}

constexpr auto kUrlTable = makeTable('-', '_');
constexpr auto kStdTable = makeTable('+', '/');

std::optional<std::string> decodeWith(const std::array<std::int8_t, 256>& table,
                                      std::string_view text) {
    // A remainder of one character cannot encode a whole byte.
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size() / 4 * 3 + 2);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const std::int8_t value = table[static_cast<unsigned char>(c)];
        if (value < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    // Non-zero leftover bits would give a second spelling of the same bytes.
    if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) {
        return std::nullopt;
    }
    return out;
}

} // namespace

std::string base64Encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(bytes.data()),
                                        static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

std::string base64UrlEncode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                                (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                                static_cast<unsigned char>(bytes[i + 2]);
        out.push_back(kUrlAlphabet[(n >> 18) & 63]);
        out.push_back(kUrlAlphabet[(n >> 12) & 63]);
        out.push_back(kUrlAlphabet[(n >> 6) & 63]);
        out.push_back(kUrlAlphabet[n & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
        out.push_back(kUrlAlphabet[(n >> 18) & 63]);
        out.push_back(kUrlAlphabet[(n >> 12) & 63]);
    } else if (rest == 2) {
        const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                                (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out.push_back(kUrlAlphabet[(n >> 18) & 63]);
        out.push_back(kUrlAlphabet[(n >> 12) & 63]);
        out.push_back(kUrlAlphabet[(n >> 6) & 63]);
    }
    return out;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
    return decodeWith(kUrlTable, text);
}

std::optional<std::string> base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::size_t padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
        ++padding;
    }
    return decodeWith(kStdTable, text.substr(0, text.size() - padding));
}

} // namespace portico::security::jwt

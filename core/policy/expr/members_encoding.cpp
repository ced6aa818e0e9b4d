// Text encodings APIM allows: System.Net.WebUtility (HtmlEncode/HtmlDecode, UrlEncode/UrlDecode)
// and BitConverter.ToString, each with .NET's exact output, since policies put the results in
// signatures, URLs and bodies that something else checks.
#include "core/policy/expr/html_entities.h"
#include "core/policy/expr/members.h"
#include "core/text/ascii.h"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>

namespace portico::policy::expr {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

void appendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

// The code point at text[i], advancing i. An ill-formed sequence gives U+FFFD and skips its
// longest well-formed prefix (at least one byte), as .NET's UTF-8 decoder does.
char32_t nextCodePoint(std::string_view text, std::size_t& i) {
    const auto lead = static_cast<unsigned char>(text[i++]);
    if (lead < 0x80)
        return lead;
    int length = 0;
    char32_t c = 0;
    unsigned char low = 0x80, high = 0xBF; // the range the second byte must be in
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        c = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        c = lead & 0x0F;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        c = lead & 0x07;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return kReplacement;
    }
    for (int k = 1; k < length; ++k) {
        if (i >= text.size())
            return kReplacement;
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF))
            return kReplacement;
        c = (c << 6) | (b & 0x3F);
        ++i;
    }
    return c;
}

std::string htmlEncode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char32_t c = nextCodePoint(text, i);
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '&':
            out += "&amp;";
            break;
        default:
            // Latin-1 letters and characters outside the BMP become numeric references.
            if ((c >= 160 && c < 256) || (c >= 0x10000 && c != kReplacement))
                out += "&#" + std::to_string(std::uint32_t(c)) + ';';
            else
                appendUtf8(out, c);
        }
    }
    return out;
}

// &#NNN; or &#xHH; as a code point; nullopt when not a valid scalar value.
std::optional<char32_t> numericReference(std::string_view entity) {
    const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
    const std::string_view digits = entity.substr(hex ? 2 : 1);
    std::uint32_t value = 0;
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
        return std::nullopt;
    return char32_t(value);
}

std::string htmlDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '&') {
            const std::size_t stop = text.find_first_of(";&", i + 1);
            if (stop != std::string_view::npos && text[stop] == ';' && stop > i + 1) {
                const std::string_view entity = text.substr(i + 1, stop - i - 1);
                const std::optional<char32_t> c =
                    entity[0] == '#' ? numericReference(entity) : htmlEntity(entity);
                if (c) {
                    appendUtf8(out, *c);
                    i = stop;
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

bool urlSafe(unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '!' || c == '*' ||
           c == '(' || c == ')';
}

std::string urlEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (const unsigned char c : wellFormedUtf8(text)) {
        if (c == ' ') {
            out += '+';
        } else if (urlSafe(c)) {
            out += char(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// BitConverter.ToString(value[, startIndex[, length]]): "0A-FF-10".
std::string hexWithDashes(const Args& args) {
    if (args[0].isNull())
        raise("ArgumentNullException", "Value cannot be null. (Parameter 'value')");
    if (args[0].type() != Ty::Bytes)
        raise("ArgumentException", "BitConverter.ToString expects a byte[].");
    const std::string& bytes = args[0].asString();
    const std::int64_t size = std::int64_t(bytes.size());
    const std::int64_t start = args.size() > 1 ? expectInt(args[1], "startIndex") : 0;
    if (start < 0)
        raise("ArgumentOutOfRangeException",
              "StartIndex cannot be less than zero. (Parameter 'startIndex')");
    if (start >= size && start > 0)
        raise("ArgumentOutOfRangeException",
              "Index was out of range. Must be non-negative and less than the size of the "
              "collection. (Parameter 'startIndex')");
    const std::int64_t length = args.size() > 2 ? expectInt(args[2], "length") : size - start;
    if (length < 0)
        raise("ArgumentOutOfRangeException", "Value must be positive. (Parameter 'length')");
    if (start > size - length)
        raise("ArgumentException",
              "Destination array is not long enough to copy all the items in the collection. "
              "Check array index and length.");
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (std::int64_t i = start; i < start + length; ++i) {
        const auto b = static_cast<unsigned char>(bytes[std::size_t(i)]);
        if (!out.empty())
            out += '-';
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

// WebUtility's methods give null for null, as .NET does.
template <std::string (*Transform)(std::string_view)>
Value webUtility(Eval& eval, const Value&, Args& args, Target) {
    if (args[0].isNull())
        return Value::null();
    const std::string& text = expectString(args[0], "value");
    eval.charge(text.size() * 8); // the longest expansion: one byte to "&#NNNN;"
    return makeString(eval, Transform(text));
}

Value bitConverterToString(Eval& eval, const Value&, Args& args, Target) {
    eval.charge(args[0].type() == Ty::Bytes ? args[0].asString().size() * 3 : 0);
    return makeString(eval, hexWithDashes(args));
}

Value littleEndian(Eval&, const Value&, Args&, Target) {
    return Value::boolean(true); // the byte order of every machine the gateway builds for
}

} // namespace

std::string wellFormedUtf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();)
        appendUtf8(out, nextCodePoint(bytes, i));
    return out;
}

std::string asciiOnly(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char32_t c = nextCodePoint(text, i);
        out += c < 0x80 ? char(c) : '?';
    }
    return out;
}

std::string urlDecode(std::string_view encoded) {
    std::string bytes;
    bytes.reserve(encoded.size());
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '+') {
            bytes += ' ';
        } else if (c == '%' && i + 2 < encoded.size() && text::asciiHexValue(encoded[i + 1]) >= 0 &&
                   text::asciiHexValue(encoded[i + 2]) >= 0) {
            bytes += char(text::asciiHexValue(encoded[i + 1]) * 16 +
                          text::asciiHexValue(encoded[i + 2]));
            i += 2;
        } else {
            bytes += c;
        }
    }
    return wellFormedUtf8(bytes);
}

FormFields parseFormFields(std::string_view body) {
    FormFields form;
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t end = std::min(body.find('&', start), body.size());
        const std::string_view field = body.substr(start, end - start);
        if (!field.empty()) {
            const std::size_t equals = field.find('=');
            form.fields.emplace_back(urlDecode(field.substr(0, equals)),
                                     equals == std::string_view::npos
                                         ? std::string()
                                         : urlDecode(field.substr(equals + 1)));
        }
        start = end + 1;
    }
    return form;
}

void addEncodingMembers(std::vector<MemberDef>& t) {
    t.push_back(
        {Ty::Unknown, "WebUtility", "HtmlEncode", true, 1, 1, webUtility<htmlEncode>, Ty::String});
    t.push_back(
        {Ty::Unknown, "WebUtility", "HtmlDecode", true, 1, 1, webUtility<htmlDecode>, Ty::String});
    t.push_back(
        {Ty::Unknown, "WebUtility", "UrlEncode", true, 1, 1, webUtility<urlEncode>, Ty::String});
    t.push_back(
        {Ty::Unknown, "WebUtility", "UrlDecode", true, 1, 1, webUtility<urlDecode>, Ty::String});
    t.push_back(
        {Ty::Unknown, "BitConverter", "ToString", true, 1, 3, bitConverterToString, Ty::String});
    t.push_back(
        {Ty::Unknown, "BitConverter", "IsLittleEndian", false, 0, 0, littleEndian, Ty::Bool});
}

} // namespace portico::policy::expr

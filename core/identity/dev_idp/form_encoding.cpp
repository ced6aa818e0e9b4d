#include "core/identity/dev_idp/form_encoding.h"

#include "core/text/ascii.h"

namespace portico::identity::dev_idp {

namespace {

std::optional<std::string> decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= text.size())
                return std::nullopt;
            const int high = text::asciiHexValue(text[i + 1]);
            const int low = text::asciiHexValue(text[i + 2]);
            if (high < 0 || low < 0)
                return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

FormParse parseForm(std::string_view text) {
    FormParse result;
    while (!text.empty()) {
        const auto amp = text.find('&');
        const auto pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        auto name = decode(pair.substr(0, eq));
        auto value =
            decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!name || !value) {
            result.error = "malformed percent-encoding in the form";
            return result;
        }
        if (!result.fields.emplace(*name, *value).second) {
            result.error = "the parameter '" + *name + "' is repeated";
            return result;
        }
    }
    return result;
}

std::string urlEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::optional<std::string> field(const std::map<std::string, std::string>& fields,
                                 const std::string& name) {
    const auto it = fields.find(name);
    if (it == fields.end())
        return std::nullopt;
    return it->second;
}

} // namespace portico::identity::dev_idp

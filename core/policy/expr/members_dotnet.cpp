// The .NET surface APIM allows in expressions: string, numbers, Convert, Math, DateTime,
// TimeSpan, Guid, Encoding, Uri and LINQ (Regex: members_regex.cpp).
#include "core/policy/expr/date_time.h"
#include "core/policy/expr/json_box.h"
#include "core/policy/expr/members.h"
#include "core/security/jwt/base64url.h"
#include "core/text/ascii.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <list>
#include <random>

namespace portico::policy::expr {

#define FN PORTICO_EXPR_FN

namespace {

char upperAscii(char c) {
    return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
}

// StringComparison: odd values (…IgnoreCase) ignore case; ASCII case mapping only.
bool ignoreCase(const Args& args, std::size_t at) {
    return args.size() > at && (expectInt(args[at], "comparisonType") & 1) == 1;
}

std::string textOf(const Value& v, const char* what) {
    if (v.type() == Ty::Char)
        return std::string(1, static_cast<char>(v.asInt()));
    return expectString(v, what);
}

std::int64_t clampIndex(std::int64_t i, std::size_t size, const char* name) {
    if (i < 0 || static_cast<std::size_t>(i) > size)
        raise("ArgumentOutOfRangeException",
              std::string("Index was out of range. Must be non-negative and less than or equal to "
                          "the size of the string. (Parameter '") +
                  name + "')");
    return i;
}

std::optional<std::int64_t> parseInteger(const std::string& s) {
    std::string_view t = s;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front())))
        t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
        t.remove_suffix(1);
    if (!t.empty() && t.front() == '+')
        t.remove_prefix(1);
    std::int64_t n = 0;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), n);
    if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size())
        return std::nullopt;
    return n;
}

std::optional<double> parseReal(const std::string& s) {
    std::string_view t = s;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front())))
        t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
        t.remove_suffix(1);
    double d = 0;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), d);
    if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size())
        return std::nullopt;
    return d;
}

Value parseIntOrRaise(const Value& v, std::int64_t lo, std::int64_t hi) {
    if (v.isNull())
        raise("ArgumentNullException", "Value cannot be null. (Parameter 's')");
    const auto n = parseInteger(expectString(v, "s"));
    if (!n)
        raise("FormatException", "Input string was not in a correct format.");
    if (*n < lo || *n > hi)
        raise("OverflowException", "Value was either too large or too small for an Int32.");
    return Value::integer(*n);
}

std::string base64Encode(const std::string& in) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v =
            (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i + 1 == in.size()) {
        const unsigned v = (unsigned char)in[i] << 16;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

Value toStringValue(Eval& eval, const Value& v) {
    return makeString(eval, toDisplayString(v));
}

// Split separators: chars, strings, or arrays of them; a trailing int is StringSplitOptions.
Value split(Eval& eval, const std::string& s, Args& args) {
    std::vector<std::string> separators;
    bool removeEmpty = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const Value& a = args[i];
        if (a.type() == Ty::Int && i + 1 == args.size() && i > 0) {
            removeEmpty = (a.asInt() & 1) != 0;
        } else if (a.type() == Ty::List) {
            for (const Value& item : *a.asList())
                separators.push_back(textOf(item, "separator"));
        } else if (!a.isNull()) {
            separators.push_back(textOf(a, "separator"));
        }
    }
    ValueList parts;
    std::size_t start = 0;
    auto emit = [&](std::size_t end) {
        if (!(removeEmpty && end == start))
            parts.push_back(Value::string(s.substr(start, end - start)));
    };
    for (std::size_t i = 0; i < s.size();) {
        bool matched = false;
        for (const std::string& sep : separators) {
            if (!sep.empty() && s.compare(i, sep.size(), sep) == 0) {
                emit(i);
                i += sep.size();
                start = i;
                matched = true;
                break;
            }
        }
        if (separators.empty() && std::isspace(static_cast<unsigned char>(s[i]))) {
            emit(i);
            start = ++i;
            matched = true;
        }
        if (!matched)
            ++i;
    }
    emit(s.size());
    eval.charge(s.size() + parts.size() * 48);
    return Value::list(std::make_shared<ValueList>(std::move(parts)));
}

std::string trimChars(const Args& args) {
    std::string chars;
    for (const Value& a : args) {
        if (a.type() == Ty::List)
            for (const Value& item : *a.asList())
                chars += textOf(item, "trimChars");
        else
            chars += textOf(a, "trimChars");
    }
    return chars;
}

std::string trim(const std::string& s, const Args& args, bool start, bool end) {
    const std::string chars = trimChars(args);
    auto drop = [&](char c) {
        return chars.empty() ? std::isspace(static_cast<unsigned char>(c)) != 0
                             : chars.find(c) != std::string::npos;
    };
    std::size_t b = 0, e = s.size();
    while (start && b < e && drop(s[b]))
        ++b;
    while (end && e > b && drop(s[e - 1]))
        --e;
    return s.substr(b, e - b);
}

std::size_t findIn(const std::string& s, const std::string& needle, std::size_t from, bool icase) {
    if (!icase)
        return s.find(needle, from);
    return text::asciiLowered(s).find(text::asciiLowered(needle), from);
}

} // namespace

// string.Format's composite formatting: {0}, {0:yyyy-MM-dd}, {{ and }}; an alignment ({0,8})
// is read but not applied. Arguments from index `first` on.
Value compose(Eval& eval, const std::string& format, const Args& args, std::size_t first) {
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if ((c == '{' || c == '}') && i + 1 < format.size() && format[i + 1] == c) {
            out += c;
            ++i;
            continue;
        }
        if (c == '}')
            raise("FormatException", "Input string was not in a correct format.");
        if (c != '{') {
            out += c;
            continue;
        }
        const std::size_t close = format.find('}', i);
        if (close == std::string::npos)
            raise("FormatException", "Input string was not in a correct format.");
        const std::string hole = format.substr(i + 1, close - i - 1);
        const std::size_t colon = hole.find(':');
        const auto index = parseInteger(hole.substr(0, std::min(colon, hole.find(','))));
        // Arguments may come as one array (string.Format(fmt, arr)) or as a list.
        const bool packed = args.size() == first + 1 && args[first].type() == Ty::List;
        const std::size_t count = packed ? args[first].asList()->size() : args.size() - first;
        if (!index || *index < 0 || static_cast<std::size_t>(*index) >= count)
            raise("FormatException", "Index (zero based) must be greater than or equal to zero "
                                     "and less than the size of the argument list.");
        const Value& arg = packed ? (*args[first].asList())[std::size_t(*index)]
                                  : args[first + std::size_t(*index)];
        out += formatWithSpec(arg, colon == std::string::npos ? "" : hole.substr(colon + 1));
        i = close;
    }
    return makeString(eval, std::move(out));
}

namespace {

struct UriData {
    std::string scheme, host, path, query, original;
    int port = 0;
};

std::optional<UriData> parseUri(const std::string& text) {
    UriData u;
    u.original = text;
    const auto colon = text.find("://");
    if (colon == std::string::npos || colon == 0)
        return std::nullopt;
    u.scheme = text::asciiLowered(text.substr(0, colon));
    for (char c : u.scheme)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return std::nullopt;
    std::size_t i = colon + 3;
    const std::size_t authorityEnd = text.find_first_of("/?#", i);
    std::string authority =
        text.substr(i, authorityEnd == std::string::npos ? std::string::npos : authorityEnd - i);
    if (const auto at = authority.rfind('@'); at != std::string::npos)
        authority = authority.substr(at + 1);
    const auto portColon = authority.rfind(':');
    if (portColon != std::string::npos && authority.find(']') == std::string::npos) {
        const auto port = parseInteger(authority.substr(portColon + 1));
        if (!port || *port < 0 || *port > 65535)
            return std::nullopt;
        u.port = int(*port);
        authority = authority.substr(0, portColon);
    } else {
        u.port = u.scheme == "https" ? 443 : u.scheme == "http" ? 80 : -1;
    }
    if (authority.empty())
        return std::nullopt;
    u.host = text::asciiLowered(authority);
    if (authorityEnd != std::string::npos) {
        const std::size_t hash = text.find('#', authorityEnd);
        const std::string rest = text.substr(
            authorityEnd, hash == std::string::npos ? std::string::npos : hash - authorityEnd);
        const auto q = rest.find('?');
        u.path = rest.substr(0, q);
        if (q != std::string::npos)
            u.query = rest.substr(q);
    }
    if (u.path.empty())
        u.path = "/";
    return u;
}

const UriData& uriOf(const Value& v) {
    return *static_cast<const UriData*>(v.asObject().raw);
}

std::string percentEncode(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string percentDecode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() &&
            std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// A DateTime or DateTimeOffset moved by amount * unit ticks; the result keeps the type. .NET
// names DateTime in the error for both, as DateTimeOffset computes with one.
Value addTicks(const Value& dt, double amount, std::int64_t unit) {
    const double ticks = static_cast<double>(dt.asInt()) + amount * static_cast<double>(unit);
    if (ticks < 0 || ticks > static_cast<double>(kMaxTicks))
        raise("ArgumentOutOfRangeException",
              "The added or subtracted value results in an un-representable DateTime. "
              "(Parameter 'value')");
    const auto rounded = static_cast<std::int64_t>(std::llround(ticks));
    return dt.type() == Ty::DateTime ? Value::dateTime(rounded) : Value::dateTimeOffset(rounded);
}

std::string newGuid() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    std::uint64_t a = engine(), b = engine();
    a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL; // version 4
    b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; // RFC 4122 variant
    char text[37];
    std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", unsigned(a >> 32),
                  unsigned((a >> 16) & 0xFFFF), unsigned(a & 0xFFFF), unsigned(b >> 48),
                  static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
    return text;
}

// LINQ over lists, JSON arrays and strings.
Value linqSelect(Eval& eval, const Value& self, const Value& fn) {
    ValueList out;
    for (const Value& item : enumerate(eval, self))
        out.push_back(invokeLambda(eval, fn, {item}));
    return makeList(eval, std::move(out));
}

Value linqWhere(Eval& eval, const Value& self, const Value& fn) {
    ValueList out;
    for (const Value& item : enumerate(eval, self))
        if (expectBool(invokeLambda(eval, fn, {item}), "predicate result"))
            out.push_back(item);
    return makeList(eval, std::move(out));
}

Value linqFind(Eval& eval, const Value& self, Args& args, bool last, bool orDefault) {
    const std::vector<Value> items = enumerate(eval, self);
    std::optional<Value> found;
    for (const Value& item : items) {
        if (args.empty() || expectBool(invokeLambda(eval, args[0], {item}), "predicate result")) {
            found = item;
            if (!last)
                break;
        }
    }
    if (found)
        return *found;
    if (orDefault)
        return Value::null();
    raise("InvalidOperationException",
          args.empty() ? "Sequence contains no elements" : "Sequence contains no matching element");
}

// Single/SingleOrDefault: the one item (that matches); more than one is an error either way.
Value linqSingle(Eval& eval, const Value& self, Args& args, bool orDefault) {
    std::optional<Value> found;
    for (const Value& item : enumerate(eval, self)) {
        if (!args.empty() && !expectBool(invokeLambda(eval, args[0], {item}), "predicate result"))
            continue;
        if (found)
            raise("InvalidOperationException", args.empty()
                                                   ? "Sequence contains more than one element"
                                                   : "Sequence contains more than one matching "
                                                     "element");
        found = item;
    }
    if (found)
        return *found;
    if (orDefault)
        return Value::null();
    raise("InvalidOperationException",
          args.empty() ? "Sequence contains no elements" : "Sequence contains no matching element");
}

Value orderBy(Eval& eval, const Value& self, const Value& key, bool descending) {
    std::vector<std::pair<Value, Value>> keyed;
    for (const Value& item : enumerate(eval, self))
        keyed.emplace_back(invokeLambda(eval, key, {item}), item);
    eval.steps += keyed.size();
    eval.step();
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
        const int c = compareValues(a.first, b.first);
        return descending ? c > 0 : c < 0;
    });
    ValueList out;
    for (auto& [k, item] : keyed)
        out.push_back(std::move(item));
    return makeList(eval, std::move(out));
}

void addLinq(std::vector<MemberDef>& t, Ty ty) {
    t.push_back({ty, {}, "Any", true, 0, 1, FN {
        for (const Value& item : enumerate(eval, self))
            if (args.empty() || expectBool(invokeLambda(eval, args[0], {item}), "predicate result"))
                return Value::boolean(true);
        return Value::boolean(false);
}
, Ty::Bool
} // namespace
);
    t.push_back({ty, {}, "All", true, 1, 1, FN {
        for (const Value& item : enumerate(eval, self))
            if (!expectBool(invokeLambda(eval, args[0], {item}), "predicate result"))
                return Value::boolean(false);
        return Value::boolean(true);
    } // namespace portico::policy::expr
    , Ty::Bool
    });
    t.push_back({ty, {}, "Where", true, 1, 1, FN { return linqWhere(eval, self, args[0]);
    }
    , Ty::List
    });
    t.push_back({ty, {}, "Select", true, 1, 1, FN { return linqSelect(eval, self, args[0]);
    }
    , Ty::List
    });
    t.push_back({ty, {}, "First", true, 0, 1, FN { return linqFind(eval, self, args, false, false);
    }
    , Ty::Unknown
    });
    t.push_back({ty, {}, "FirstOrDefault", true, 0, 1, FN { return linqFind(eval, self, args, false, true);
    }
    , Ty::Unknown
    });
    t.push_back({ty, {}, "Single", true, 0, 1, FN { return linqSingle(eval, self, args, false);
    }
    , Ty::Unknown
    });
    t.push_back({ty, {}, "SingleOrDefault", true, 0, 1, FN { return linqSingle(eval, self, args, true);
    }
    , Ty::Unknown
    });
    t.push_back({ty, {}, "Last", true, 0, 1, FN { return linqFind(eval, self, args, true, false);
    }
    , Ty::Unknown
    });
    t.push_back({ty, {}, "LastOrDefault", true, 0, 1, FN { return linqFind(eval, self, args, true, true);
    }
    , Ty::Unknown
    });
    t.push_back({ty, {}, "Count", true, 0, 1, FN {
        std::int64_t n = 0;
        for (const Value& item : enumerate(eval, self))
            if (args.empty() || expectBool(invokeLambda(eval, args[0], {item}), "predicate result"))
                ++n;
        return Value::integer(n);
    }
    , Ty::Int
    });
    t.push_back({ty, {}, "ToArray", true, 0, 0, FN { return makeList(eval, enumerate(eval, self));
    }
    , Ty::List
    });
    t.push_back({ty, {}, "ToList", true, 0, 0, FN { return makeList(eval, enumerate(eval, self));
    }
    , Ty::List
    });
    t.push_back({ty, {}, "OrderBy", true, 1, 1, FN { return orderBy(eval, self, args[0], false);
    }
    , Ty::List
    });
    t.push_back({ty, {}, "OrderByDescending", true, 1, 1, FN { return orderBy(eval, self, args[0], true);
    }
    , Ty::List
    });
    t.push_back({ty, {}, "Skip", true, 1, 1, FN {
        auto items = enumerate(eval, self);
        const auto n = std::clamp<std::int64_t>(expectInt(args[0], "count"), 0, std::int64_t(items.size()));
        return makeList(eval, ValueList(items.begin() + n, items.end()));
    }
    , Ty::List
    });
    t.push_back({ty, {}, "Take", true, 1, 1, FN {
        auto items = enumerate(eval, self);
        const auto n = std::clamp<std::int64_t>(expectInt(args[0], "count"), 0, std::int64_t(items.size()));
        return makeList(eval, ValueList(items.begin(), items.begin() + n));
    }
    , Ty::List
    });
    t.push_back({ty, {}, "Distinct", true, 0, 0, FN {
        ValueList out;
        for (const Value& item : enumerate(eval, self)) {
    eval.steps += out.size();
    if (std::none_of(out.begin(), out.end(), [&](const Value& o) { return valuesEqual(o, item); }))
        out.push_back(item);
        }
        eval.step();
        return makeList(eval, std::move(out));
    }
    , Ty::List
    });
    if (ty != Ty::String)
        t.push_back({ty, {}, "Contains", true, 1, 1, FN {
            for (const Value& item : enumerate(eval, self))
                if (valuesEqual(item, args[0]))
                    return Value::boolean(true);
            return Value::boolean(false);
    }
    , Ty::Bool
    });
    }

    } // namespace

    std::string formatWithSpec(const Value& v, std::string_view spec) {
        if (spec.empty())
            return toDisplayString(v);
        const char kind = static_cast<char>(std::toupper(static_cast<unsigned char>(spec[0])));
        const int precision = spec.size() > 1 ? std::atoi(std::string(spec.substr(1)).c_str()) : -1;
        if (v.type() == Ty::Int) {
            const std::int64_t n = v.asInt();
            if (kind == 'D') {
                std::string digits = std::to_string(n < 0 ? -n : n);
                while (static_cast<int>(digits.size()) < precision)
                    digits.insert(digits.begin(), '0');
                return (n < 0 ? "-" : "") + digits;
            }
            if (kind == 'X') {
                char buffer[32];
                std::snprintf(buffer, sizeof buffer, spec[0] == 'x' ? "%llx" : "%llX",
                              static_cast<unsigned long long>(n));
                std::string digits = buffer;
                while (static_cast<int>(digits.size()) < precision)
                    digits.insert(digits.begin(), '0');
                return digits;
            }
        }
        if ((v.type() == Ty::Int || v.type() == Ty::Double) && (kind == 'F' || kind == 'N')) {
            const double d = v.type() == Ty::Int ? double(v.asInt()) : v.asDouble();
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "%.*f", precision < 0 ? 2 : precision, d);
            std::string s = buffer;
            if (kind == 'N') {
                const std::size_t dot = s.find('.');
                std::size_t end = dot == std::string::npos ? s.size() : dot;
                const std::size_t begin = s[0] == '-' ? 1 : 0;
                for (std::ptrdiff_t i = std::ptrdiff_t(end) - 3; i > std::ptrdiff_t(begin); i -= 3)
                    s.insert(std::size_t(i), ",");
            }
            return s;
        }
        if (isInstant(v))
            return formatDateTime(v.asInt(), spec, v.type() == Ty::DateTimeOffset);
        if (v.type() == Ty::Guid && (spec == "N" || spec == "n")) {
            std::string s = v.asString();
            s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
            return s;
        }
        return toDisplayString(v);
    }

    void addDotnetMembers(std::vector<MemberDef>& t, std::vector<ConstructorDef>& ctors) {
        // ---- string instance members ----
    t.push_back({Ty::String, {}, "Length", false, 0, 0, FN { return Value::integer(std::int64_t(self.asString().size()));
    }
    , Ty::Int
    });
    t.push_back({Ty::String, {}, "Contains", true, 1, 2, FN {
        return Value::boolean(findIn(self.asString(), textOf(args[0], "value"), 0, ignoreCase(args, 1)) != std::string::npos);
    }
    , Ty::Bool
    });
    t.push_back({Ty::String, {}, "StartsWith", true, 1, 2, FN {
        const std::string p = textOf(args[0], "value");
        const std::string& s = self.asString();
        if (ignoreCase(args, 1))
            return Value::boolean(text::asciiLowered(s).rfind(text::asciiLowered(p), 0) == 0);
        return Value::boolean(s.rfind(p, 0) == 0);
    }
    , Ty::Bool
    });
    t.push_back({Ty::String, {}, "EndsWith", true, 1, 2, FN {
        std::string p = textOf(args[0], "value");
        std::string s = self.asString();
        if (ignoreCase(args, 1)) {
    p = text::asciiLowered(p);
    s = text::asciiLowered(s);
        }
        return Value::boolean(s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0);
    }
    , Ty::Bool
    });
    t.push_back({Ty::String, {}, "IndexOf", true, 1, 3, FN {
        const std::string& s = self.asString();
        std::size_t from = 0;
        bool icase = false;
        if (args.size() > 1) {
    // IndexOf(value, startIndex) or IndexOf(value, StringComparison)
    if (args.size() == 3 || args[1].type() == Ty::Int) {
        if (args.size() == 3) {
            from =
                std::size_t(clampIndex(expectInt(args[1], "startIndex"), s.size(), "startIndex"));
            icase = ignoreCase(args, 2);
        } else {
            from =
                std::size_t(clampIndex(expectInt(args[1], "startIndex"), s.size(), "startIndex"));
        }
    }
        }
        const std::size_t at = findIn(s, textOf(args[0], "value"), from, icase);
        return Value::integer(at == std::string::npos ? -1 : std::int64_t(at));
    }
    , Ty::Int
    });
    t.push_back({Ty::String, {}, "LastIndexOf", true, 1, 1, FN {
        const std::size_t at = self.asString().rfind(textOf(args[0], "value"));
        return Value::integer(at == std::string::npos ? -1 : std::int64_t(at));
    }
    , Ty::Int
    });
    t.push_back({Ty::String, {}, "Substring", true, 1, 2, FN {
        const std::string& s = self.asString();
        const auto start = clampIndex(expectInt(args[0], "startIndex"), s.size(), "startIndex");
        if (args.size() == 1)
            return makeString(eval, s.substr(std::size_t(start)));
        const auto length = expectInt(args[1], "length");
        if (!rangeFits(start, length, s.size()))
            raise("ArgumentOutOfRangeException", "Index and length must refer to a location within the string. (Parameter 'length')");
        return makeString(eval, s.substr(std::size_t(start), std::size_t(length)));
    }
    , Ty::String
    });
    t.push_back({Ty::String, {}, "Split", true, 0, 8, FN { return split(eval, self.asString(), args);
    }
    , Ty::List
    });
    t.push_back({Ty::String, {}, "Replace", true, 2, 2, FN {
        const std::string from = textOf(args[0], "oldValue");
        if (from.empty())
            raise("ArgumentException", "String cannot be of zero length. (Parameter 'oldValue')");
        const std::string to = args[1].isNull() ? "" : textOf(args[1], "newValue");
        std::string out;
        const std::string& s = self.asString();
        std::size_t i = 0;
        for (std::size_t at; (at = s.find(from, i)) != std::string::npos; i = at + from.size()) {
    out.append(s, i, at - i);
    out += to;
    eval.charge(to.size());
        }
        out.append(s, i);
        return makeString(eval, std::move(out));
    }
    , Ty::String
    });
    for (auto name : {"ToLower", "ToLowerInvariant"})
        t.push_back({Ty::String, {}, name, true, 0, 0, FN { return makeString(eval, text::asciiLowered(self.asString()));
    }
    , Ty::String
    });
    for (auto name : {"ToUpper", "ToUpperInvariant"})
        t.push_back({Ty::String, {}, name, true, 0, 0, FN {
            std::string s = self.asString();
            for (char& c : s)
                c = upperAscii(c);
            return makeString(eval, std::move(s));
    }
    , Ty::String
    });
    t.push_back({Ty::String, {}, "Trim", true, 0, 8, FN { return makeString(eval, trim(self.asString(), args, true, true));
    }
    , Ty::String
    });
    t.push_back({Ty::String, {}, "TrimStart", true, 0, 8, FN { return makeString(eval, trim(self.asString(), args, true, false));
    }
    , Ty::String
    });
    t.push_back({Ty::String, {}, "TrimEnd", true, 0, 8, FN { return makeString(eval, trim(self.asString(), args, false, true));
    }
    , Ty::String
    });
    for (auto name : {"PadLeft", "PadRight"}) {
        const bool left = std::string_view(name) == "PadLeft";
        t.push_back({Ty::String,
                     {},
                     name,
                     true,
                     1,
                     2,
                     left ? MemberFn(FN {
                         const auto width = expectInt(args[0], "totalWidth");
                         if (width < 0)
                             raise("ArgumentOutOfRangeException",
                                   "Non-negative number required. (Parameter 'totalWidth')");
                         std::string s = self.asString();
                         eval.charge(std::uint64_t(width));
                         const char c = args.size() > 1 ? textOf(args[1], "paddingChar")[0] : ' ';
                         if (std::size_t(width) > s.size())
                             s.insert(0, std::size_t(width) - s.size(), c);
                         return makeString(eval, std::move(s));
                     })
                          : MemberFn(FN {
                                const auto width = expectInt(args[0], "totalWidth");
                                if (width < 0)
                                    raise("ArgumentOutOfRangeException",
                                          "Non-negative number required. (Parameter 'totalWidth')");
                                std::string s = self.asString();
                                eval.charge(std::uint64_t(width));
                                const char c =
                                    args.size() > 1 ? textOf(args[1], "paddingChar")[0] : ' ';
                                if (std::size_t(width) > s.size())
                                    s.append(std::size_t(width) - s.size(), c);
                                return makeString(eval, std::move(s));
                            }),
                     Ty::String});
    }
    t.push_back({Ty::String, {}, "Equals", true, 1, 2, FN {
        if (args[0].type() != Ty::String)
            return Value::boolean(false);
        if (ignoreCase(args, 1))
            return Value::boolean(text::asciiLowered(self.asString()) == text::asciiLowered(args[0].asString()));
        return Value::boolean(self.asString() == args[0].asString());
    }
    , Ty::Bool
    });
    t.push_back({Ty::String, {}, "CompareTo", true, 1, 1, FN { return Value::integer(compareValues(self, args[0]));
    }
    , Ty::Int
    });
    addLinq(t, Ty::String);

    // ToString on every value type
    for (Ty ty : {Ty::String, Ty::Int, Ty::Double, Ty::Bool, Ty::Char, Ty::DateTime,
                  Ty::DateTimeOffset, Ty::TimeSpan, Ty::Guid, Ty::Bytes, Ty::List, Ty::DayOfWeek})
        t.push_back({ty, {}, "ToString", true, 0, 1, FN {
            if (args.empty())
                return toStringValue(eval, self);
            return makeString(eval, formatWithSpec(self, expectString(args[0], "format")));
    }
    , Ty::String
    });
    for (Ty ty : {Ty::Int, Ty::Double, Ty::Bool, Ty::DateTime, Ty::DateTimeOffset, Ty::TimeSpan,
                  Ty::Guid, Ty::Char, Ty::DayOfWeek})
        t.push_back({ty, {}, "Equals", true, 1, 1, FN { return Value::boolean(valuesEqual(self, args[0]));
    }
    , Ty::Bool
    });
    for (Ty ty :
         {Ty::Int, Ty::Double, Ty::DateTime, Ty::DateTimeOffset, Ty::TimeSpan, Ty::DayOfWeek})
        t.push_back({ty, {}, "CompareTo", true, 1, 1, FN { return Value::integer(compareValues(self, args[0]));
    }
    , Ty::Int
    });

    // GetHashCode: .NET randomises string hashes per process, so any stable 32-bit hash of the
    // text is faithful; policies use it to seed Random or to pick a bucket.
    for (Ty ty : {Ty::String, Ty::Guid, Ty::Int, Ty::Char, Ty::Bool})
        t.push_back({ty, {}, "GetHashCode", true, 0, 0, FN {
                         if (self.type() == Ty::Int)
                             return Value::integer(std::int32_t(std::uint32_t(self.asInt()) ^
                                                                std::uint32_t(self.asInt() >> 32)));
                         std::uint32_t hash = 2166136261u; // FNV-1a
                         for (unsigned char c : toDisplayString(self))
                             hash = (hash ^ c) * 16777619u;
                         return Value::integer(std::int32_t(hash));
    }
    , Ty::Int
    });

    // Nullable<T>.Value on value types (ExpirationTime.Value)
    for (Ty ty : {Ty::Int, Ty::Double, Ty::Bool, Ty::DateTime, Ty::TimeSpan, Ty::Guid})
        t.push_back({ty, {}, "Value", false, 0, 0, FN { return self;
    }
    , ty
    });

    // ---- string static members ----
    t.push_back({Ty::Unknown, "string", "Empty", false, 0, 0, FN { return Value::string({});
    }
    , Ty::String
    });
    t.push_back({Ty::Unknown, "string", "IsNullOrEmpty", true, 1, 1, FN {
        return Value::boolean(args[0].isNull() || expectString(args[0], "value").empty());
    }
    , Ty::Bool
    });
    t.push_back({Ty::Unknown, "string", "IsNullOrWhiteSpace", true, 1, 1, FN {
        if (args[0].isNull())
            return Value::boolean(true);
        const std::string& s = expectString(args[0], "value");
        return Value::boolean(std::all_of(s.begin(), s.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0; }));
    }
    , Ty::Bool
    });
    t.push_back({Ty::Unknown, "string", "Join", true, 2, 64, FN {
        const std::string sep = args[0].isNull() ? "" : textOf(args[0], "separator");
        std::vector<Value> items;
        if (args.size() == 2 && args[1].type() != Ty::String)
            items = enumerate(eval, args[1]);
        else
            items.assign(args.begin() + 1, args.end());
        std::string out;
        for (std::size_t i = 0; i < items.size(); ++i) {
    if (i)
        out += sep;
    out += toDisplayString(items[i]);
    eval.charge(sep.size() + 8);
        }
        return makeString(eval, std::move(out));
    }
    , Ty::String
    });
    t.push_back({Ty::Unknown, "string", "Concat", true, 1, 64, FN {
        std::string out;
        std::vector<Value> items = args.size() == 1 && args[0].type() == Ty::List ? *args[0].asList() : args;
        for (const Value& v : items)
            out += toDisplayString(v);
        return makeString(eval, std::move(out));
    }
    , Ty::String
    });
    t.push_back({Ty::Unknown, "string", "Format", true, 1, 64, FN {
        return compose(eval, expectString(args[0], "format"), args, 1);
    }
    , Ty::String
    });
    t.push_back({Ty::Unknown, "string", "Equals", true, 2, 3, FN {
        if (args[0].isNull() || args[1].isNull())
            return Value::boolean(args[0].isNull() && args[1].isNull());
        const std::string& a = expectString(args[0], "a");
        const std::string& b = expectString(args[1], "b");
        return Value::boolean(ignoreCase(args, 2) ? text::asciiLowered(a) == text::asciiLowered(b) : a == b);
    }
    , Ty::Bool
    });
    t.push_back({Ty::Unknown, "string", "Compare", true, 2, 3, FN {
        if (ignoreCase(args, 2))
            return Value::integer(compareValues(Value::string(text::asciiLowered(expectString(args[0], "strA"))), Value::string(text::asciiLowered(expectString(args[1], "strB")))));
        return Value::integer(compareValues(args[0], args[1]));
    }
    , Ty::Int
    });
    const std::pair<std::string_view, std::int64_t> comparisons[] = {
        {"CurrentCulture", 0},   {"CurrentCultureIgnoreCase", 1},
        {"InvariantCulture", 2}, {"InvariantCultureIgnoreCase", 3},
        {"Ordinal", 4},          {"OrdinalIgnoreCase", 5}};
    for (auto [name, value] : comparisons)
        t.push_back(enumConstant("StringComparison", name, value));
    t.push_back(enumConstant("StringSplitOptions", "None", 0));
    const std::string_view days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};
    for (std::int64_t d = 0; d < 7; ++d) {
        MemberDef day = enumConstant("DayOfWeek", days[d], d);
        day.result = Ty::DayOfWeek;
        t.push_back(day);
    }
    t.push_back(enumConstant("StringSplitOptions", "RemoveEmptyEntries", 1));
    t.push_back(enumConstant("RegexOptions", "None", 0));
    t.push_back(enumConstant("RegexOptions", "IgnoreCase", 1));

    // ---- numbers and bool ----
    t.push_back({Ty::Unknown, "int", "Parse", true, 1, 1, FN { return parseIntOrRaise(args[0], INT32_MIN, INT32_MAX);
    }
    , Ty::Int
    });
    t.push_back({Ty::Unknown, "long", "Parse", true, 1, 1, FN { return parseIntOrRaise(args[0], INT64_MIN, INT64_MAX);
    }
    , Ty::Int
    });
    for (auto owner : {"int", "long"}) {
        const bool isInt = std::string_view(owner) == "int";
        t.push_back({Ty::Unknown, owner, "TryParse", true, 2, 2,
                     isInt ? MemberFn(FN {
                         const auto n = args[0].type() == Ty::String
                                            ? parseInteger(args[0].asString())
                                            : std::nullopt;
                         const bool ok = n && *n >= INT32_MIN && *n <= INT32_MAX;
                         args[1] = Value::integer(ok ? *n : 0);
                         return Value::boolean(ok);
                     })
                           : MemberFn(FN {
                                 const auto n = args[0].type() == Ty::String
                                                    ? parseInteger(args[0].asString())
                                                    : std::nullopt;
                                 args[1] = Value::integer(n ? *n : 0);
                                 return Value::boolean(n.has_value());
                             }),
                     Ty::Bool, 1});
    }
    t.push_back({Ty::Unknown, "int", "MaxValue", false, 0, 0, FN { return Value::integer(INT32_MAX);
    }
    , Ty::Int
    });
    t.push_back({Ty::Unknown, "int", "MinValue", false, 0, 0, FN { return Value::integer(INT32_MIN);
    }
    , Ty::Int
    });
    t.push_back({Ty::Unknown, "long", "MaxValue", false, 0, 0, FN { return Value::integer(INT64_MAX);
    }
    , Ty::Int
    });
    t.push_back({Ty::Unknown, "double", "Parse", true, 1, 1, FN {
        const auto d = parseReal(expectString(args[0], "s"));
        if (!d)
            raise("FormatException", "Input string was not in a correct format.");
        return Value::real(*d);
    }
    , Ty::Double
    });
    t.push_back({Ty::Unknown, "double", "TryParse", true, 2, 2, FN {
        const auto d = args[0].type() == Ty::String ? parseReal(args[0].asString()) : std::nullopt;
        args[1] = Value::real(d ? *d : 0.0);
        return Value::boolean(d.has_value());
    }
    , Ty::Bool, 1
    });
    t.push_back({Ty::Unknown, "bool", "Parse", true, 1, 1, FN {
        const std::string s = text::asciiLowered(trim(expectString(args[0], "value"), {}, true, true));
        if (s != "true" && s != "false")
            raise("FormatException", "String '" + args[0].asString() + "' was not recognized as a valid Boolean.");
        return Value::boolean(s == "true");
    }
    , Ty::Bool
    });
    t.push_back({Ty::Unknown, "bool", "TryParse", true, 2, 2, FN {
        const std::string s = args[0].type() == Ty::String ? text::asciiLowered(trim(args[0].asString(), {}, true, true)) : "";
        args[1] = Value::boolean(s == "true");
        return Value::boolean(s == "true" || s == "false");
    }
    , Ty::Bool, 1
    });

    // ---- Convert ----
    t.push_back({Ty::Unknown, "Convert", "ToBase64String", true, 1, 1, FN {
        if (args[0].type() != Ty::Bytes)
            raise("ArgumentException", "Convert.ToBase64String expects a byte[].");
        eval.charge(args[0].asString().size() * 4 / 3 + 4);
        return makeString(eval, base64Encode(args[0].asString()));
    }
    , Ty::String
    });
    t.push_back({Ty::Unknown, "Convert", "FromBase64String", true, 1, 1, FN {
        std::string s = expectString(args[0], "s");
        s.erase(std::remove_if(s.begin(), s.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0; }), s.end());
        auto bytes = security::jwt::base64Decode(s);
        if (!bytes)
            raise("FormatException", "The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.");
        eval.charge(bytes->size());
        return Value::bytes(std::move(*bytes));
    }
    , Ty::Bytes
    });
    for (auto name : {"ToInt32", "ToInt64"}) {
        t.push_back({Ty::Unknown, "Convert", name, true, 1, 1, FN {
            const Value& v = args[0];
            switch (v.type()) {
    case Ty::Null:
        return Value::integer(0);
    case Ty::String:
        return parseIntOrRaise(v, INT64_MIN, INT64_MAX);
    case Ty::Double:
        return Value::integer(std::int64_t(std::nearbyint(v.asDouble())));
    case Ty::Bool:
        return Value::integer(v.asBool() ? 1 : 0);
    default:
        return convertTo(eval, v, Target::Int, true);
            }
    }
    , Ty::Int
    });
    }
    t.push_back({Ty::Unknown, "Convert", "ToDouble", true, 1, 1, FN {
        if (args[0].type() == Ty::String) {
            const auto d = parseReal(args[0].asString());
            if (!d)
                raise("FormatException", "Input string was not in a correct format.");
            return Value::real(*d);
    }
    return args[0].isNull() ? Value::real(0) : convertTo(eval, args[0], Target::Double, true);
    }
    , Ty::Double
    });
    t.push_back({Ty::Unknown, "Convert", "ToBoolean", true, 1, 1, FN {
        const Value& v = args[0];
        if (v.type() == Ty::String) {
    const std::string s = text::asciiLowered(trim(v.asString(), {}, true, true));
    if (s != "true" && s != "false")
        raise("FormatException",
              "String '" + v.asString() + "' was not recognized as a valid Boolean.");
    return Value::boolean(s == "true");
        }
        if (v.type() == Ty::Int)
            return Value::boolean(v.asInt() != 0);
        return v.isNull() ? Value::boolean(false) : convertTo(eval, v, Target::Bool, true);
    }
    , Ty::Bool
    });
    t.push_back({Ty::Unknown, "Convert", "ToString", true, 1, 1, FN { return toStringValue(eval, args[0]);
    }
    , Ty::String
    });

    // ---- Math ----
    t.push_back({Ty::Unknown, "Math", "PI", false, 0, 0, FN { return Value::real(M_PI);
    }
    , Ty::Double
    });
    t.push_back({Ty::Unknown, "Math", "Abs", true, 1, 1, FN {
        if (args[0].type() == Ty::Int)
            return Value::integer(args[0].asInt() < 0 ? -args[0].asInt() : args[0].asInt());
        return Value::real(std::fabs(expectNumber(args[0], "value")));
    }
    , Ty::Unknown
    });
    t.push_back({Ty::Unknown, "Math", "Max", true, 2, 2, FN { return compareValues(args[0], args[1]) >= 0 ? args[0] : args[1];
    }
    , Ty::Unknown
    });
    t.push_back({Ty::Unknown, "Math", "Min", true, 2, 2, FN { return compareValues(args[0], args[1]) <= 0 ? args[0] : args[1];
    }
    , Ty::Unknown
    });
    t.push_back({Ty::Unknown, "Math", "Floor", true, 1, 1, FN { return Value::real(std::floor(expectNumber(args[0], "d")));
    }
    , Ty::Double
    });
    t.push_back({Ty::Unknown, "Math", "Ceiling", true, 1, 1, FN { return Value::real(std::ceil(expectNumber(args[0], "a")));
    }
    , Ty::Double
    });
    t.push_back({Ty::Unknown, "Math", "Round", true, 1, 2, FN {
        const double scale = args.size() > 1 ? std::pow(10.0, double(std::clamp<std::int64_t>(expectInt(args[1], "digits"), 0, 15))) : 1.0;
        return Value::real(std::nearbyint(expectNumber(args[0], "value") * scale) / scale); // ties to even, like .NET
    }
    , Ty::Double
    });
    t.push_back({Ty::Unknown, "Math", "Pow", true, 2, 2, FN { return Value::real(std::pow(expectNumber(args[0], "x"), expectNumber(args[1], "y")));
    }
    , Ty::Double
    });
    t.push_back({Ty::Unknown, "Math", "Sqrt", true, 1, 1, FN { return Value::real(std::sqrt(expectNumber(args[0], "d")));
    }
    , Ty::Double
    });

    // ---- DateTime ----
    t.push_back({Ty::Unknown, "DateTime", "UtcNow", false, 0, 0, FN { return Value::dateTime(eval.context.nowTicks());
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Unknown, "DateTime", "Now", false, 0, 0, FN { return Value::dateTime(eval.context.nowTicks());
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Unknown, "DateTime", "MinValue", false, 0, 0, FN { return Value::dateTime(0);
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Unknown, "DateTime", "MaxValue", false, 0, 0, FN { return Value::dateTime(kMaxTicks);
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Unknown, "DateTime", "Parse", true, 1, 1, FN {
        const auto ticks = parseDateTime(expectString(args[0], "s"));
        if (!ticks)
            raise("FormatException", "String '" + args[0].asString() + "' was not recognized as a valid DateTime.");
        return Value::dateTime(*ticks);
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Unknown, "DateTime", "TryParse", true, 2, 2, FN {
        const auto ticks = args[0].type() == Ty::String ? parseDateTime(args[0].asString()) : std::nullopt;
        args[1] = Value::dateTime(ticks ? *ticks : 0);
        return Value::boolean(ticks.has_value());
    }
    , Ty::Bool, 1
    });
    const std::pair<std::string_view, std::int64_t> units[] = {{"AddMilliseconds", 10'000},
                                                               {"AddSeconds", kTicksPerSecond},
                                                               {"AddMinutes", 60 * kTicksPerSecond},
                                                               {"AddHours", 3600 * kTicksPerSecond},
                                                               {"AddDays", kTicksPerDay},
                                                               {"AddTicks", 1}};
    static constexpr MemberFn kAdders[] = {
        FN{return addTicks(self, expectNumber(args[0], "value"), 10'000);
    }
    , FN {
        return addTicks(self, expectNumber(args[0], "value"), kTicksPerSecond);
    }
    , FN {
        return addTicks(self, expectNumber(args[0], "value"), 60 * kTicksPerSecond);
    }
    , FN {
        return addTicks(self, expectNumber(args[0], "value"), 3600 * kTicksPerSecond);
    }
    , FN {
        return addTicks(self, expectNumber(args[0], "value"), kTicksPerDay);
    }
    , FN {
        return addTicks(self, expectNumber(args[0], "value"), 1);
    }
    ,
    }
    ;
    // DateTime and DateTimeOffset share their instance members (DateTimeOffset's offset is 0).
    for (Ty instant : {Ty::DateTime, Ty::DateTimeOffset}) {
        for (std::size_t i = 0; i < std::size(units); ++i)
            t.push_back({instant, {}, units[i].first, true, 1, 1, kAdders[i], instant});
        t.push_back({instant, {}, "Add", true, 1, 1, FN {
            if (args[0].type() != Ty::TimeSpan)
                raise("ArgumentException", std::string(tyName(self.type())) + ".Add expects a TimeSpan.");
            return addTicks(self, double(args[0].asInt()), 1);
    }
    , instant
    });
        t.push_back({instant, {}, "Subtract", true, 1, 1, FN {
            if (isInstant(args[0]))
                return Value::timeSpan(self.asInt() - args[0].asInt());
            if (args[0].type() != Ty::TimeSpan)
                raise("ArgumentException", std::string(tyName(self.type())) + ".Subtract expects a DateTime or a TimeSpan.");
            return addTicks(self, -double(args[0].asInt()), 1);
        }
        , Ty::Unknown
        });
        t.push_back({instant, {}, "ToUniversalTime", true, 0, 0, FN { return self;
        }
        , instant
        });
        t.push_back({instant, {}, "Date", false, 0, 0, FN { return Value::dateTime(self.asInt() - self.asInt() % kTicksPerDay);
        }
        , Ty::DateTime
        });
        t.push_back({instant, {}, "Ticks", false, 0, 0, FN { return Value::integer(self.asInt());
        }
        , Ty::Int
        });
        t.push_back({instant, {}, "Year", false, 0, 0, FN { return Value::integer(civilFromTicks(self.asInt()).year);
        }
        , Ty::Int
        });
        t.push_back({instant, {}, "Month", false, 0, 0, FN { return Value::integer(civilFromTicks(self.asInt()).month);
        }
        , Ty::Int
        });
        t.push_back({instant, {}, "Day", false, 0, 0, FN { return Value::integer(civilFromTicks(self.asInt()).day);
        }
        , Ty::Int
        });
        // 0001-01-01, tick zero, was a Monday.
        t.push_back({instant, {}, "DayOfWeek", false, 0, 0, FN { return Value::dayOfWeek((self.asInt() / kTicksPerDay + 1) % 7);
        }
        , Ty::DayOfWeek
        });
        t.push_back({instant, {}, "Hour", false, 0, 0, FN { return Value::integer(civilFromTicks(self.asInt()).hour);
        }
        , Ty::Int
        });
        t.push_back({instant, {}, "Minute", false, 0, 0, FN { return Value::integer(civilFromTicks(self.asInt()).minute);
        }
        , Ty::Int
        });
        t.push_back({instant, {}, "Second", false, 0, 0, FN { return Value::integer(civilFromTicks(self.asInt()).second);
        }
        , Ty::Int
        });
        t.push_back({instant, {}, "Millisecond", false, 0, 0, FN { return Value::integer(civilFromTicks(self.asInt()).fraction / 10'000);
        }
        , Ty::Int
        });
        }
    ctors.push_back({"DateTime", 3, 6, FN {
        int parts[6] = {0, 0, 0, 0, 0, 0};
        for (std::size_t i = 0; i < args.size(); ++i)
            parts[i] = int(expectInt(args[i], "component"));
        const auto ticks = ticksFromCivil(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        if (!ticks)
            raise("ArgumentOutOfRangeException", "Year, Month, and Day parameters describe an un-representable DateTime.");
        return Value::dateTime(*ticks);
    }
    , Ty::DateTime
    });

    // ---- TimeSpan ----
    static constexpr MemberFn kFrom[] = {
        FN{return Value::timeSpan(std::llround(expectNumber(args[0], "value") * 10'000));
    }
    , FN {
        return Value::timeSpan(
            std::llround(expectNumber(args[0], "value") * double(kTicksPerSecond)));
    }
    , FN {
        return Value::timeSpan(
            std::llround(expectNumber(args[0], "value") * double(60 * kTicksPerSecond)));
    }
    , FN {
        return Value::timeSpan(
            std::llround(expectNumber(args[0], "value") * double(3600 * kTicksPerSecond)));
    }
    , FN {
        return Value::timeSpan(std::llround(expectNumber(args[0], "value") * double(kTicksPerDay)));
    }
    ,
    }
    ;
    const char* fromNames[] = {"FromMilliseconds", "FromSeconds", "FromMinutes", "FromHours",
                               "FromDays"};
    for (std::size_t i = 0; i < 5; ++i)
        t.push_back({Ty::Unknown, "TimeSpan", fromNames[i], true, 1, 1, kFrom[i], Ty::TimeSpan});
    t.push_back({Ty::Unknown, "TimeSpan", "Zero", false, 0, 0, FN { return Value::timeSpan(0);
    }
    , Ty::TimeSpan
    });
    t.push_back({Ty::Unknown, "TimeSpan", "Parse", true, 1, 1, FN {
        const auto ticks = parseTimeSpan(expectString(args[0], "input"));
        if (!ticks)
            raise("FormatException", "String '" + args[0].asString() + "' was not recognized as a valid TimeSpan.");
        return Value::timeSpan(*ticks);
    }
    , Ty::TimeSpan
    });
    static constexpr MemberFn kTotals[] = {FN{return Value::real(double(self.asInt()) / 10'000);
    }
    , FN {
        return Value::real(double(self.asInt()) / double(kTicksPerSecond));
    }
    , FN {
        return Value::real(double(self.asInt()) / double(60 * kTicksPerSecond));
    }
    , FN {
        return Value::real(double(self.asInt()) / double(3600 * kTicksPerSecond));
    }
    , FN {
        return Value::real(double(self.asInt()) / double(kTicksPerDay));
    }
    ,
    }
    ;
    const char* totalNames[] = {"TotalMilliseconds", "TotalSeconds", "TotalMinutes", "TotalHours",
                                "TotalDays"};
    for (std::size_t i = 0; i < 5; ++i)
        t.push_back({Ty::TimeSpan, {}, totalNames[i], false, 0, 0, kTotals[i], Ty::Double});
    static constexpr MemberFn kParts[] = {FN{return Value::integer(self.asInt() / 10'000 % 1000);
    }
    , FN {
        return Value::integer(self.asInt() / kTicksPerSecond % 60);
    }
    , FN {
        return Value::integer(self.asInt() / (60 * kTicksPerSecond) % 60);
    }
    , FN {
        return Value::integer(self.asInt() / (3600 * kTicksPerSecond) % 24);
    }
    , FN {
        return Value::integer(self.asInt() / kTicksPerDay);
    }
    ,
    }
    ;
    const char* partNames[] = {"Milliseconds", "Seconds", "Minutes", "Hours", "Days"};
    for (std::size_t i = 0; i < 5; ++i)
        t.push_back({Ty::TimeSpan, {}, partNames[i], false, 0, 0, kParts[i], Ty::Int});
    t.push_back({Ty::TimeSpan, {}, "Ticks", false, 0, 0, FN { return Value::integer(self.asInt());
    }
    , Ty::Int
    });
    ctors.push_back({"TimeSpan", 3, 4, FN {
        std::int64_t p[4] = {0, 0, 0, 0};
        const std::size_t offset = args.size() == 3 ? 1 : 0;
        for (std::size_t i = 0; i < args.size(); ++i)
            p[i + offset] = expectInt(args[i], "component");
        return Value::timeSpan(((p[0] * 24 + p[1]) * 3600 + p[2] * 60 + p[3]) * kTicksPerSecond);
    }
    , Ty::TimeSpan
    });

    // ---- Guid, Encoding ----
    t.push_back({Ty::Unknown, "Guid", "NewGuid", true, 0, 0, FN { return Value::guid(newGuid());
    }
    , Ty::Guid
    });
    t.push_back({Ty::Unknown, "Guid", "Empty", false, 0, 0, FN { return Value::guid("00000000-0000-0000-0000-000000000000");
    }
    , Ty::Guid
    });
    t.push_back({Ty::Unknown, "Encoding", "UTF8", false, 0, 0, FN { return Value::object(Ty::Encoding, {});
    }
    , Ty::Encoding
    });
    t.push_back({Ty::Unknown, "Encoding", "ASCII", false, 0, 0, FN { return Value::object(Ty::Encoding, {nullptr, nullptr, 1});
    }
    , Ty::Encoding
    });
    // Encoding.ASCII makes every non-ASCII character '?', both ways; UTF8 decodes ill-formed
    // bytes to U+FFFD, as .NET's encodings do.
    t.push_back({Ty::Encoding, {}, "GetBytes", true, 1, 1, FN {
        eval.charge(expectString(args[0], "s").size());
        const bool ascii = self.asObject().sub == 1;
        return Value::bytes(ascii ? asciiOnly(args[0].asString()) : args[0].asString());
    }
    , Ty::Bytes
    });
    t.push_back({Ty::Encoding, {}, "GetString", true, 1, 1, FN {
        if (args[0].type() != Ty::Bytes)
            raise("ArgumentException", "Encoding.GetString expects a byte[].");
        eval.charge(args[0].asString().size() * 3);
        const bool ascii = self.asObject().sub == 1;
        return makeString(eval, ascii ? asciiOnly(args[0].asString()) : wellFormedUtf8(args[0].asString()));
    }
    , Ty::String
    });
    t.push_back({Ty::Bytes, {}, "Length", false, 0, 0, FN { return Value::integer(std::int64_t(self.asString().size()));
    }
    , Ty::Int
    });

    // ---- Uri ----
    ctors.push_back({"Uri", 1, 1, FN {
        auto uri = parseUri(expectString(args[0], "uriString"));
        if (!uri)
            raise("UriFormatException", "Invalid URI: The format of the URI could not be determined.");
        eval.charge(sizeof(UriData) + args[0].asString().size() * 2);
        auto owned = std::make_shared<UriData>(std::move(*uri));
        ObjectRef ref;
        ref.raw = owned.get();
        ref.owned = std::move(owned);
        return Value::object(Ty::Uri, std::move(ref));
    }
    , Ty::Uri
    });
    t.push_back({Ty::Uri, {}, "Scheme", false, 0, 0, FN { return Value::string(uriOf(self).scheme);
    }
    , Ty::String
    });
    t.push_back({Ty::Uri, {}, "Host", false, 0, 0, FN { return Value::string(uriOf(self).host);
    }
    , Ty::String
    });
    t.push_back({Ty::Uri, {}, "Port", false, 0, 0, FN { return Value::integer(uriOf(self).port);
    }
    , Ty::Int
    });
    t.push_back({Ty::Uri, {}, "AbsolutePath", false, 0, 0, FN { return Value::string(uriOf(self).path);
    }
    , Ty::String
    });
    t.push_back({Ty::Uri, {}, "Query", false, 0, 0, FN { return Value::string(uriOf(self).query);
    }
    , Ty::String
    });
    t.push_back({Ty::Uri, {}, "PathAndQuery", false, 0, 0, FN { return Value::string(uriOf(self).path + uriOf(self).query);
    }
    , Ty::String
    });
    for (auto name : {"AbsoluteUri", "ToString"})
        t.push_back({Ty::Uri, {}, name, std::string_view(name) == "ToString", 0, 0, FN {
            const UriData& u = uriOf(self);
            const bool defaultPort = (u.scheme == "https" && u.port == 443) || (u.scheme == "http" && u.port == 80);
            return Value::string(u.scheme + "://" + u.host + (defaultPort ? "" : ":" + std::to_string(u.port)) + u.path + u.query);
    }
    , Ty::String
    });
    t.push_back({Ty::Unknown, "Uri", "EscapeDataString", true, 1, 1, FN { return makeString(eval, percentEncode(expectString(args[0], "stringToEscape")));
    }
    , Ty::String
    });
    t.push_back({Ty::Unknown, "Uri", "UnescapeDataString", true, 1, 1, FN { return makeString(eval, percentDecode(expectString(args[0], "stringToUnescape")));
    }
    , Ty::String
    });

    // ---- LINQ and collections ----
    addLinq(t, Ty::List);
    addLinq(t, Ty::Json);
    addLinq(t, Ty::StringMap);
    t.push_back({Ty::List, {}, "Length", false, 0, 0, FN { return Value::integer(std::int64_t(self.asList()->size()));
    }
    , Ty::Int
    });
    t.push_back({Ty::List, {}, "Count", false, 0, 0, FN { return Value::integer(std::int64_t(self.asList()->size()));
    }
    , Ty::Int
    });
    t.push_back({Ty::Unknown, "Enumerable", "Range", true, 2, 2, FN {
        const auto start = expectInt(args[0], "start");
        const auto count = expectInt(args[1], "count");
        if (count < 0)
            raise("ArgumentOutOfRangeException", "Specified argument was out of the range of valid values. (Parameter 'count')");
        eval.charge(std::uint64_t(count) * sizeof(Value)); // before allocating
        ValueList items;
        items.reserve(std::size_t(count));
        for (std::int64_t i = 0; i < count; ++i)
            items.push_back(Value::integer(start + i));
        return Value::list(std::make_shared<ValueList>(std::move(items)));
    }
    , Ty::List
    });
    }

    } // namespace portico::policy::expr

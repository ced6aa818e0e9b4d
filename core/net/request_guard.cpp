#include "core/net/request_guard.h"

#include "core/net/field_chars.h"
#include "core/net/head_lines.h"
#include "core/text/ascii.h"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cstring>

namespace portico::net {

namespace {

Verdict reject(int status, std::string reason) {
    return Verdict{status, std::move(reason)};
}

// Every line must end in CRLF: a bare CR or LF is how parsers are made to disagree. Judges the
// bytes from `from` on, and the one before (a CR whose LF came later); a CR as the last byte only
// when the head is `complete`. memchr finds the few line ends of a head much faster than a loop
// over every byte of it.
Verdict checkLineEnds(std::string_view head, std::size_t from, bool complete) {
    if (head.empty()) {
        return {}; // and its data() may be null, which memchr must not be given even for 0 bytes
    }
    const char* const begin = head.data();
    const char* const end = begin + head.size();
    for (const char* cr = begin + (from > 0 ? from - 1 : 0);
         (cr = static_cast<const char*>(std::memchr(cr, '\r', end - cr))); ++cr) {
        if (cr + 1 == end ? complete : cr[1] != '\n') {
            return reject(400, "Bare CR in request head");
        }
    }
    for (const char* lf = begin + from;
         (lf = static_cast<const char*>(std::memchr(lf, '\n', end - lf))); ++lf) {
        if (lf == begin || lf[-1] != '\r') {
            return reject(400, "Bare LF in request head");
        }
    }
    return {};
}

// RFC 3986 2.3 and 2.2.
bool isUnreserved(unsigned char c) {
    return text::isAsciiAlnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool isSubDelim(unsigned char c) {
    return c != 0 &&
           std::string_view("!$&'()*+,;=").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isPathChar(unsigned char c) {
    return isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@' || c == '/';
}

// RFC 9110 7.2: uri-host [ ":" port ], where uri-host is an IP literal in brackets or a reg-name
// of unreserved characters, percent escapes and sub-delims (RFC 3986 3.2.2); empty is allowed for
// a target without authority (RFC 9112 3.2).
bool isValidHost(std::string_view host) {
    if (host.empty()) {
        return true;
    }
    std::string_view port;
    if (host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string_view::npos || close == 1) {
            return false;
        }
        const auto literal = host.substr(1, close - 1);
        if (!std::all_of(literal.begin(), literal.end(),
                         [](char c) { return text::isAsciiHexDigit(c) || c == ':' || c == '.'; })) {
            return false;
        }
        const auto rest = host.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') {
            return false;
        }
        port = rest.empty() ? rest : rest.substr(1);
    } else {
        const auto colon = host.find(':');
        const auto name = host.substr(0, colon);
        port = colon == std::string_view::npos ? std::string_view{} : host.substr(colon + 1);
        if (name.empty()) {
            return false;
        }
        for (std::size_t i = 0; i < name.size(); ++i) {
            const char c = name[i];
            if (c == '%') {
                if (i + 2 >= name.size() || !text::isAsciiHexDigit(name[i + 1]) ||
                    !text::isAsciiHexDigit(name[i + 2])) {
                    return false;
                }
                i += 2;
            } else if (!isUnreserved(static_cast<unsigned char>(c)) &&
                       !isSubDelim(static_cast<unsigned char>(c))) {
                return false;
            }
        }
    }
    return port.size() <= 5 &&
           std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Verdict checkRequestLine(std::string_view line) {
    const auto sp1 = line.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos ||
        line.find(' ', sp2 + 1) != std::string_view::npos) {
        return reject(400, "Malformed request line");
    }
    const auto method = line.substr(0, sp1);
    const auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const auto version = line.substr(sp2 + 1);
    if (method.empty() || !std::all_of(method.begin(), method.end(), [](char c) {
            return isTokenChar(static_cast<unsigned char>(c));
        })) {
        return reject(400, "Invalid method");
    }
    if (target.empty()) {
        return reject(400, "Empty request target");
    }
    for (const char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) {
            return reject(400, "Invalid character in request target");
        }
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        if (version.starts_with("HTTP/") && version.size() == 8) {
            return reject(505, "HTTP version not supported");
        }
        return reject(400, "Malformed HTTP version");
    }
    return {};
}

// What the fields of one head say about its framing and its host, judged field by field.
class FieldJudge {
public:
    explicit FieldJudge(bool http10)
        : m_http10(http10) {}

    Verdict judge(std::string_view name, std::string_view value) {
        if (text::equalsIgnoringAsciiCase(name, "content-length")) {
            ++m_contentLengthCount;
            if (value.empty() || value.size() > 18 ||
                !std::all_of(value.begin(), value.end(),
                             [](char c) { return c >= '0' && c <= '9'; })) {
                return reject(400, "Invalid Content-Length");
            }
        } else if (text::equalsIgnoringAsciiCase(name, "transfer-encoding")) {
            ++m_transferEncodingCount;
            if (!text::equalsIgnoringAsciiCase(value, "chunked")) {
                return reject(400, "Unsupported Transfer-Encoding");
            }
        } else if (text::equalsIgnoringAsciiCase(name, "host")) {
            ++m_hostCount;
            if (!isValidHost(value)) {
                return reject(400, "Invalid Host header");
            }
        }
        return {};
    }

    Verdict conclude() const {
        if (m_contentLengthCount > 1) {
            return reject(400, "Multiple Content-Length headers");
        }
        if (m_transferEncodingCount > 1) {
            return reject(400, "Multiple Transfer-Encoding headers");
        }
        if (m_contentLengthCount > 0 && m_transferEncodingCount > 0) {
            return reject(400, "Both Content-Length and Transfer-Encoding");
        }
        if (m_transferEncodingCount > 0 && m_http10) {
            return reject(400, "Transfer-Encoding in an HTTP/1.0 request");
        }
        if (m_hostCount > 1 || (m_hostCount == 0 && !m_http10)) {
            return reject(400, "A request must carry exactly one Host header");
        }
        return {};
    }

private:
    bool m_http10;
    int m_contentLengthCount = 0;
    int m_transferEncodingCount = 0;
    int m_hostCount = 0;
};

// The head walked line by line and byte by byte, for a head splitHead did not take: slower, but
// it names what is wrong. Judges as the check on split lines does.
Verdict findFault(std::string_view head, const HeadLimits& limits) {
    if (!head.empty() && std::memchr(head.data(), '\0', head.size()) != nullptr) {
        return reject(400, "NUL byte in request head");
    }
    if (auto verdict = checkLineEnds(head, 0, true); !verdict.ok()) {
        return verdict;
    }
    if (!head.ends_with("\r\n\r\n")) {
        return reject(400, "Incomplete request head");
    }
    auto lineEnd = head.find("\r\n");
    if (auto verdict = checkRequestLine(head.substr(0, lineEnd)); !verdict.ok()) {
        return verdict;
    }
    FieldJudge fields(head.substr(0, lineEnd).ends_with("HTTP/1.0"));
    std::size_t pos = lineEnd + 2;
    std::size_t headerCount = 0;
    while (pos < head.size()) {
        lineEnd = head.find("\r\n", pos);
        const auto line = head.substr(pos, lineEnd - pos);
        pos = lineEnd + 2;
        if (line.empty()) {
            if (pos != head.size()) {
                return reject(400, "Bytes after the end of the request head");
            }
            break;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            return reject(400, "Obsolete line folding in header");
        }
        if (++headerCount > limits.maxHeaderCount) {
            return reject(431, "Too many request headers");
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            return reject(400, "Malformed header line");
        }
        const auto name = line.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(),
                         [](char c) { return isTokenChar(static_cast<unsigned char>(c)); })) {
            return reject(400, "Invalid character in header name");
        }
        const auto value = trimOws(line.substr(colon + 1));
        if (hasControlCharacter(value)) {
            return reject(400, "Control character in header value");
        }
        if (auto verdict = fields.judge(name, value); !verdict.ok()) {
            return verdict;
        }
    }
    return fields.conclude();
}

} // namespace

Verdict checkRequestHead(std::string_view head, const HeadLimits& limits) {
    HeadLines lines;
    return checkRequestHead(head, limits, lines);
}

Verdict checkRequestHead(std::string_view head, const HeadLimits& limits, HeadLines& lines) {
    if (head.size() > limits.maxHeaderBytes) {
        return reject(431, "Request header section too large");
    }
    if (!splitHead(head, lines)) {
        auto verdict = findFault(head, limits);
        // findFault refuses whatever splitHead does not take; this only keeps a head from
        // passing unsplit should the two ever disagree.
        return verdict.ok() ? reject(400, "Malformed request head") : verdict;
    }
    // The field lines hold no NUL, bare CR or LF: only the start line still may.
    const auto start = lines.startLine;
    if (std::memchr(start.data(), '\0', start.size()) != nullptr) {
        return reject(400, "NUL byte in request head");
    }
    if (std::memchr(start.data(), '\n', start.size()) != nullptr) {
        return reject(400, "Bare LF in request head");
    }
    if (auto verdict = checkRequestLine(start); !verdict.ok()) {
        return verdict;
    }
    FieldJudge fields(start.ends_with("HTTP/1.0"));
    for (std::size_t i = 0; i < lines.fields.size(); ++i) {
        if (i == limits.maxHeaderCount) {
            return reject(431, "Too many request headers");
        }
        if (auto verdict = fields.judge(lines.fields[i].name, lines.fields[i].value);
            !verdict.ok()) {
            return verdict;
        }
    }
    return fields.conclude();
}

Verdict checkHeadSoFar(std::string_view partial, std::size_t from) {
    from = std::min(from, partial.size());
    if (auto verdict = checkLineEnds(partial, from, false); !verdict.ok()) {
        return verdict;
    }
    // The method: its first bytes tell a request from another protocol's bytes. A longer method
    // is left to checkRequestHead.
    constexpr std::size_t kMethodLookahead = 32;
    if (from < kMethodLookahead) {
        const auto look = partial.substr(0, kMethodLookahead);
        const auto stop = std::find_if_not(look.begin(), look.end(), [](char c) {
            return isTokenChar(static_cast<unsigned char>(c));
        });
        const bool methodSoFar = stop == look.end() || (*stop == ' ' && stop != look.begin());
        const bool emptyLineBegun = partial == "\r"; // its LF is yet to come
        if (!methodSoFar && !emptyLineBegun) {
            const bool lineEnded = stop != look.begin() && (*stop == '\r' || *stop == '\n');
            return reject(400, lineEnded ? "Malformed request line" : "Invalid method");
        }
    }
    if (from < partial.size() &&
        std::memchr(partial.data() + from, '\0', partial.size() - from) != nullptr) {
        return reject(400, "NUL byte in request head");
    }
    return {};
}

namespace {

// Lead bytes that can only start an overlong sequence (C0, C1), and second bytes that make an
// E0 or F0 sequence overlong (RFC 3629 §3).
bool isOverlongUtf8(int previous, unsigned char value) {
    return value == 0xC0 || value == 0xC1 || (previous == 0xE0 && value >= 0x80 && value < 0xA0) ||
           (previous == 0xF0 && value >= 0x80 && value < 0x90);
}

// A segment that some backend reads as a dot segment although RFC 3986 does not: "..;x" (Tomcat
// and Spring drop path parameters first) and "..%2F" (servers that decode %2F before splitting).
// Why it is refused, or empty.
std::string_view hiddenDotSegment(std::string_view segment) {
    const auto parameters = segment.find(';');
    const auto name = segment.substr(0, parameters);
    if (parameters != std::string_view::npos && (name == "." || name == ".."))
        return "Dot segment with parameters in path";
    for (std::size_t from = 0; from <= segment.size();) {
        const auto slash = segment.find("%2F", from);
        const auto part =
            segment.substr(from, slash == std::string_view::npos ? slash : slash - from);
        if ((part == "." || part == "..") && segment.find("%2F") != std::string_view::npos)
            return "Dot segment behind an encoded slash in path";
        if (slash == std::string_view::npos)
            break;
        from = slash + 3;
    }
    return {};
}

} // namespace

NormalizedTarget normalizeTarget(std::string_view target) {
    NormalizedTarget out;
    if (target == "*") {
        out.asterisk = true;
        out.path = "*";
        return out;
    }
    auto startsWithCi = [&](std::string_view prefix) {
        return target.size() >= prefix.size() &&
               text::equalsIgnoringAsciiCase(target.substr(0, prefix.size()), prefix);
    };
    if (startsWithCi("http://") || startsWithCi("https://")) {
        target.remove_prefix(target.find("://") + 3);
        const auto end = target.find_first_of("/?");
        out.authority = std::string(target.substr(0, end));
        if (out.authority.empty() || !isValidHost(out.authority)) {
            out.verdict = reject(400, "Invalid authority in absolute-form target");
            return out;
        }
        target = end == std::string_view::npos ? std::string_view{"/"} : target.substr(end);
    }
    if (!target.starts_with('/') && !target.starts_with('?')) {
        out.verdict = reject(400, "Request target must be an absolute path");
        return out;
    }
    if (target.find('#') != std::string_view::npos) {
        out.verdict = reject(400, "Fragment in request target");
        return out;
    }
    const auto queryStart = target.find('?');
    const auto rawPath = target.substr(0, queryStart);
    if (queryStart != std::string_view::npos) {
        out.query = std::string(target.substr(queryStart + 1));
    }

    // Decode only unreserved escapes (so %2e%2e becomes '..' and is then removed); everything
    // else stays escaped with upper-case hex so the backend sees one canonical spelling.
    std::string decoded;
    decoded.reserve(rawPath.size());
    int previousEscape = -1; // the byte the escape just before this one decoded to
    for (std::size_t i = 0; i < rawPath.size(); ++i) {
        const auto c = static_cast<unsigned char>(rawPath[i]);
        if (c == '%') {
            if (i + 2 >= rawPath.size() || text::asciiHexValue(rawPath[i + 1]) < 0 ||
                text::asciiHexValue(rawPath[i + 2]) < 0) {
                out.verdict = reject(400, "Invalid percent-encoding in path");
                return out;
            }
            const auto value = static_cast<unsigned char>(text::asciiHexValue(rawPath[i + 1]) * 16 +
                                                          text::asciiHexValue(rawPath[i + 2]));
            if (value == 0) {
                out.verdict = reject(400, "Encoded NUL in path");
                return out;
            }
            if (value == '\\') {
                // IIS and ASP.NET read it as '/': a way around the dot segments removed below.
                out.verdict = reject(400, "Encoded backslash in path");
                return out;
            }
            if (isOverlongUtf8(previousEscape, value)) {
                // %c0%ae is '.' to a lax decoder: dot segments again.
                out.verdict = reject(400, "Overlong UTF-8 in path");
                return out;
            }
            previousEscape = value;
            if (isUnreserved(value)) {
                decoded.push_back(static_cast<char>(value));
            } else {
                static constexpr char kHex[] = "0123456789ABCDEF";
                decoded.push_back('%');
                decoded.push_back(kHex[value >> 4]);
                decoded.push_back(kHex[value & 15]);
            }
            i += 2;
            continue;
        }
        if (!isPathChar(c)) {
            out.verdict = reject(400, "Invalid character in path");
            return out;
        }
        previousEscape = -1;
        decoded.push_back(static_cast<char>(c));
    }
    if (decoded.empty()) {
        decoded = "/";
    }

    // RFC 3986 remove_dot_segments, also merging empty segments ('//'); on the stack for paths
    // of up to 16 segments.
    boost::container::small_vector<std::string_view, 16> segments;
    std::string_view rest(decoded);
    const bool trailingSlash = rest.size() > 1 && rest.ends_with('/');
    bool lastWasDot = false;
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        const auto segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        lastWasDot = false;
        if (segment.empty()) {
            continue;
        }
        if (const auto problem = hiddenDotSegment(segment); !problem.empty()) {
            out.verdict = reject(400, std::string(problem));
            return out;
        }
        if (segment == ".") {
            lastWasDot = true;
            continue;
        }
        if (segment == "..") {
            if (!segments.empty()) {
                segments.pop_back();
            }
            lastWasDot = true;
            continue;
        }
        segments.push_back(segment);
    }
    std::string path;
    path.reserve(decoded.size());
    for (const auto segment : segments) {
        path.push_back('/');
        path.append(segment);
    }
    if (path.empty() || ((trailingSlash || lastWasDot) && path.back() != '/')) {
        path.push_back('/');
    }
    out.path = std::move(path);
    for (const char c : out.query) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '#') {
            out.verdict = reject(400, "Invalid character in query");
            return out;
        }
    }
    return out;
}

} // namespace portico::net

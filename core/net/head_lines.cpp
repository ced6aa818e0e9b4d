#include "core/net/head_lines.h"

#include "core/net/field_chars.h"
#include "core/text/ascii.h"

#include <cstring>

namespace portico::net {

namespace {

// The fields Beast's parser acts on besides storing them (basic_parser::do_field).
bool framesTheMessage(std::string_view name) {
    switch (name.size()) {
    case 7:
        return text::equalsIgnoringAsciiCase(name, "upgrade");
    case 10:
        return text::equalsIgnoringAsciiCase(name, "connection");
    case 14:
        return text::equalsIgnoringAsciiCase(name, "content-length");
    case 16:
        return text::equalsIgnoringAsciiCase(name, "proxy-connection");
    case 17:
        return text::equalsIgnoringAsciiCase(name, "transfer-encoding");
    default:
        return false;
    }
}

} // namespace

bool splitHead(std::string_view head, HeadLines& out) {
    out.head = head;
    out.fields.clear();
    out.framing.clear();
    const char* const end = head.data() + head.size();
    // The first control byte after `from` must be the CR of a CRLF: it ends the line, and the
    // line holds no bare CR or LF, nor any other control byte, tab aside.
    auto lineEnd = [end](const char* from) -> const char* {
        const char* cr = findControlCharacter(from, end);
        return cr + 1 < end && cr[0] == '\r' && cr[1] == '\n' ? cr : nullptr;
    };
    if (head.empty()) {
        return false; // and its data() may be null, which memchr must not be given
    }
    const char* cr = static_cast<const char*>(std::memchr(head.data(), '\r', head.size()));
    if (!cr || cr == head.data() || cr + 1 == end || cr[1] != '\n') {
        return false;
    }
    out.startLine = std::string_view(head.data(), cr - head.data());
    for (const char* line = cr + 2;; line = cr + 2) {
        cr = lineEnd(line);
        if (!cr) {
            return false;
        }
        if (cr == line) {
            return cr + 2 == end; // the empty line ends the head, and nothing may follow it
        }
        const char* colon = line;
        while (isTokenChar(static_cast<unsigned char>(*colon))) {
            ++colon; // stops at the CR at the latest
        }
        if (colon == line || *colon != ':') {
            return false;
        }
        const std::string_view name(line, colon - line);
        const bool frames = framesTheMessage(name);
        out.fields.push_back({name, trimOws(std::string_view(colon + 1, cr - colon - 1)), frames});
        if (frames) {
            out.framing.emplace_back(line, cr + 2 - line);
        }
    }
}

} // namespace portico::net

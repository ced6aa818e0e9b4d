#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace portico::net {

struct HeadLimits {
    std::size_t maxHeaderBytes = 60 * 1024;
    std::size_t maxHeaderCount = 100;
};

// The outcome of a check: status 0 means acceptable, otherwise the 4xx/5xx to answer with.
struct Verdict {
    int status = 0;
    std::string reason;

    bool ok() const { return status == 0; }
};

struct HeadLines;

// Strict checks on the raw request head (request line + header lines + empty line) before any
// parser sees it: the framing ambiguities that enable request smuggling are refused here.
Verdict checkRequestHead(std::string_view head, const HeadLimits& limits);
// The same, leaving the head cut into `lines` (splitHead's) when it passes, so that parseHead
// need not cut it again.
Verdict checkRequestHead(std::string_view head, const HeadLimits& limits, HeadLines& lines);

// A head still arriving (no empty line yet), whose bytes from `from` on are new since the last
// call: what they already rule out (a NUL, a bare CR or LF, a method that is no token). A client
// speaking another protocol, or ending lines with a bare LF, hears 400 at once rather than 408
// at the header timeout. Looks at each byte about once, so a head sent a byte at a time costs no
// more than one sent whole.
Verdict checkHeadSoFar(std::string_view partial, std::size_t from);

// A request target reduced to the path the router and the backend see.
struct NormalizedTarget {
    Verdict verdict;
    bool asterisk = false; // "OPTIONS *"
    std::string path;      // starts with '/', dot segments removed, unreserved escapes decoded
    std::string query;     // without '?', as sent
    std::string authority; // from the absolute form, empty otherwise
};

// Accepts origin-form, absolute-form (http/https) and asterisk-form; never lets '..' through.
NormalizedTarget normalizeTarget(std::string_view target);

} // namespace portico::net

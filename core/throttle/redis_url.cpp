#include "core/throttle/redis_url.h"

#include <charconv>

namespace portico::throttle {

namespace {

std::optional<int> number(std::string_view text, int min, int max) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        return std::nullopt;
    return value;
}

} // namespace

RedisUrl parseRedisUrl(std::string_view url) {
    constexpr std::string_view scheme = "redis://";
    if (url.substr(0, scheme.size()) != scheme)
        return {std::nullopt, "expected a URL starting with redis://"};
    std::string_view rest = url.substr(scheme.size());
    RedisEndpoint e;
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        const auto credentials = rest.substr(0, at);
        rest.remove_prefix(at + 1);
        const auto colon = credentials.find(':');
        if (colon == std::string_view::npos) {
            e.password = std::string(credentials);
        } else {
            e.username = std::string(credentials.substr(0, colon));
            e.password = std::string(credentials.substr(colon + 1));
        }
    }
    std::string_view hostPort = rest;
    if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
        hostPort = rest.substr(0, slash);
        const auto db = rest.substr(slash + 1);
        if (!db.empty()) {
            const auto n = number(db, 0, 1'000'000);
            if (!n)
                return {std::nullopt,
                        "the database after '/' must be a number, found '" + std::string(db) + "'"};
            e.database = *n;
        }
    }
    std::string_view host = hostPort;
    if (!hostPort.empty() && hostPort.front() == '[') {
        const auto close = hostPort.find(']');
        if (close == std::string_view::npos)
            return {std::nullopt, "unclosed '[' in the host"};
        host = hostPort.substr(1, close - 1);
        hostPort.remove_prefix(close + 1);
        if (!hostPort.empty() && hostPort.front() != ':')
            return {std::nullopt, "expected ':port' after the bracketed host"};
        if (!hostPort.empty()) {
            const auto p = number(hostPort.substr(1), 1, 65535);
            if (!p)
                return {std::nullopt, "the port must be a number from 1 to 65535"};
            e.port = *p;
        }
    } else if (const auto colon = hostPort.rfind(':'); colon != std::string_view::npos) {
        host = hostPort.substr(0, colon);
        const auto p = number(hostPort.substr(colon + 1), 1, 65535);
        if (!p)
            return {std::nullopt, "the port must be a number from 1 to 65535"};
        e.port = *p;
    }
    if (host.empty())
        return {std::nullopt, "the URL names no host"};
    e.host = std::string(host);
    return {e, {}};
}

} // namespace portico::throttle

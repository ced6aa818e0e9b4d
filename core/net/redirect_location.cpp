#include "core/net/redirect_location.h"

#include <algorithm>

namespace portico::net {

namespace {

bool hasControlOrSpace(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7f;
    });
}

// RFC 3986 5.2.4: removes "." and ".." segments.
std::string removeDotSegments(std::string_view path) {
    std::string out;
    while (!path.empty()) {
        if (path.starts_with("../"))
            path.remove_prefix(3);
        else if (path.starts_with("./"))
            path.remove_prefix(2);
        else if (path.starts_with("/./"))
            path.remove_prefix(2);
        else if (path == "/.")
            path = "/";
        else if (path.starts_with("/../") || path == "/..") {
            path = path.size() == 3 ? std::string_view("/") : path.substr(3);
            const auto slash = out.rfind('/');
            out.erase(slash == std::string::npos ? 0 : slash);
        } else if (path == "." || path == "..")
            path = {};
        else {
            const auto next = path.find('/', 1);
            out.append(path.substr(0, next));
            path = next == std::string_view::npos ? std::string_view() : path.substr(next);
        }
    }
    return out.empty() ? "/" : out;
}

// Splits "path?query" so that dot segments are removed from the path alone.
std::string normalised(std::string_view target) {
    const auto question = target.find('?');
    std::string out = removeDotSegments(target.substr(0, question));
    if (question != std::string_view::npos)
        out.append(target.substr(question));
    return out;
}

} // namespace

std::optional<RedirectTarget> resolveRedirect(const BackendUrl& current,
                                              std::string_view currentTarget,
                                              std::string_view location) {
    location = location.substr(0, location.find('#'));
    if (location.empty() || hasControlOrSpace(location))
        return std::nullopt;
    std::string absolute;
    if (location.starts_with("//"))
        absolute = std::string(current.tls ? "https:" : "http:") + std::string(location);
    else if (location.starts_with("http://") || location.starts_with("https://"))
        absolute = std::string(location);
    if (!absolute.empty()) {
        const auto authorityStart = absolute.find("://") + 3;
        const auto pathStart = absolute.find_first_of("/?", authorityStart);
        const auto origin = parseBackendUrl(absolute.substr(0, pathStart));
        if (!origin.url)
            return std::nullopt;
        RedirectTarget redirect{*origin.url, "/"};
        if (pathStart != std::string::npos) {
            const std::string_view rest = std::string_view(absolute).substr(pathStart);
            redirect.target = normalised(rest.starts_with('?') ? "/" + std::string(rest) : rest);
        }
        return redirect;
    }
    if (location.find(':') < location.find_first_of("/?"))
        return std::nullopt; // another scheme (mailto:, ftp:, javascript:)
    RedirectTarget redirect{current, {}};
    redirect.url.basePath.clear();
    if (location.starts_with('/')) {
        redirect.target = normalised(location);
        return redirect;
    }
    std::string_view base = currentTarget.substr(0, currentTarget.find('?'));
    if (location.starts_with('?')) {
        redirect.target = std::string(base) + std::string(location);
        return redirect;
    }
    const auto lastSlash = base.rfind('/');
    const std::string directory =
        lastSlash == std::string_view::npos ? "/" : std::string(base.substr(0, lastSlash + 1));
    redirect.target = normalised(directory + std::string(location));
    return redirect;
}

} // namespace portico::net

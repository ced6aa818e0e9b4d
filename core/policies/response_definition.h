#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portico::policies {

// How well an OpenAPI response key ("200", "4XX", "default") covers `status`: 3 for the code
// itself, 2 for its range, 1 for default, 0 when it does not.
inline int responseKeyMatch(std::string_view key, int status) {
    const std::string code = std::to_string(status);
    if (key == code)
        return 3;
    if (key.size() == 3 && key[0] == code[0] && (key[1] == 'X' || key[1] == 'x') &&
        (key[2] == 'X' || key[2] == 'x'))
        return 2;
    return key == "default" ? 1 : 0;
}

// The response that documents `status` (anything with a `status` key): the code's own, else its
// range's, else the default one; nullptr when none does.
template <class Response>
const Response* findResponse(const std::vector<Response>& responses, int status) {
    const Response* best = nullptr;
    int bestMatch = 0;
    for (const auto& response : responses) {
        const int match = responseKeyMatch(response.status, status);
        if (match > bestMatch) {
            best = &response;
            bestMatch = match;
        }
    }
    return best;
}

} // namespace portico::policies

#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace portico::throttle {

// The counter keys one request has already been counted against, so that several policies
// sharing a key count the request once. A request rarely touches more than a few keys.
class RequestScope {
public:
    bool counted(std::string_view key) const {
        return std::find(m_keys.begin(), m_keys.end(), key) != m_keys.end();
    }
    void markCounted(std::string_view key) {
        if (!counted(key))
            m_keys.emplace_back(key);
    }
    void clear() { m_keys.clear(); }

private:
    std::vector<std::string> m_keys;
};

} // namespace portico::throttle

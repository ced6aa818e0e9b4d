#include "core/model/identity.h"

#include <algorithm>

namespace portico::model {

namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

template <typename Range> auto findClientIn(Range& clients, std::string_view id) {
    auto it =
        std::find_if(clients.begin(), clients.end(), [&](const auto& c) { return c.id == id; });
    return it == clients.end() ? nullptr : &*it;
}

template <typename Range> auto findUserIn(Range& users, std::string_view username) {
    auto it = std::find_if(users.begin(), users.end(),
                           [&](const auto& u) { return equalsIgnoringCase(u.username, username); });
    return it == users.end() ? nullptr : &*it;
}

} // namespace

const IdentityClient* IdentitySettings::findClient(std::string_view id) const {
    return findClientIn(clients, id);
}
IdentityClient* IdentitySettings::findClient(std::string_view id) {
    return findClientIn(clients, id);
}
const IdentityUser* IdentitySettings::findUser(std::string_view username) const {
    return findUserIn(users, username);
}
IdentityUser* IdentitySettings::findUser(std::string_view username) {
    return findUserIn(users, username);
}

} // namespace portico::model

#include "core/model/identity.h"

#include "core/text/ascii.h"

#include <algorithm>

namespace portico::model {

namespace {

template <typename Range> auto findClientIn(Range& clients, std::string_view id) {
    auto it =
        std::find_if(clients.begin(), clients.end(), [&](const auto& c) { return c.id == id; });
    return it == clients.end() ? nullptr : &*it;
}

template <typename Range> auto findUserIn(Range& users, std::string_view username) {
    auto it = std::find_if(users.begin(), users.end(), [&](const auto& u) {
        return text::equalsIgnoringAsciiCase(u.username, username);
    });
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

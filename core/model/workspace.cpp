#include "core/model/workspace.h"

#include <algorithm>

namespace portico::model {

namespace {
template <typename Range, typename Key>
auto findById(Range& range, std::string_view id, Key key) -> decltype(&*range.begin()) {
    auto it = std::find_if(range.begin(), range.end(), [&](const auto& e) { return e.*key == id; });
    return it == range.end() ? nullptr : &*it;
}
} // namespace

const Api* Workspace::findApi(std::string_view id) const {
    return findById(apis, id, &Api::id);
}
const Product* Workspace::findProduct(std::string_view id) const {
    return findById(products, id, &Product::id);
}
const Subscription* Workspace::findSubscription(std::string_view id) const {
    return findById(subscriptions, id, &Subscription::id);
}
const User* Workspace::findUser(std::string_view id) const {
    return findById(users, id, &User::id);
}
const NamedValue* Workspace::findNamedValue(std::string_view name) const {
    return findById(namedValues, name, &NamedValue::name);
}
const Backend* Workspace::findBackend(std::string_view id) const {
    return findById(backends, id, &Backend::id);
}
const Certificate* Workspace::findCertificate(std::string_view id) const {
    return findById(certificates, id, &Certificate::id);
}
const Logger* Workspace::findLogger(std::string_view id) const {
    return findById(loggers, id, &Logger::id);
}
const Fragment* Workspace::findFragment(std::string_view id) const {
    return findById(fragments, id, &Fragment::id);
}
Api* Workspace::findApi(std::string_view id) {
    return findById(apis, id, &Api::id);
}
Product* Workspace::findProduct(std::string_view id) {
    return findById(products, id, &Product::id);
}
Subscription* Workspace::findSubscription(std::string_view id) {
    return findById(subscriptions, id, &Subscription::id);
}

} // namespace portico::model

#pragma once

#include "core/model/diagnostic.h"
#include "core/model/entities.h"
#include "core/model/identity.h"

#include <filesystem>
#include <string>
#include <vector>

namespace portico::model {

// A workspace folder in memory. Entities are kept sorted by id so that saves are stable.
struct Workspace {
    std::filesystem::path root;
    std::string name;
    int formatVersion = 1;
    std::string globalPolicyFile = "policies/global.xml";
    std::string globalPolicyXml;
    std::vector<GatewaySettings> gateways;
    Origin origin; // portico.yaml

    std::vector<Api> apis;
    std::vector<Product> products;
    std::vector<Subscription> subscriptions;
    std::vector<User> users;
    std::vector<NamedValue> namedValues;
    std::vector<Backend> backends;
    std::vector<Certificate> certificates;
    std::vector<Logger> loggers;
    std::vector<Fragment> fragments;
    IdentitySettings identity; // identity/: the local identity provider's clients and users

    const Api* findApi(std::string_view id) const;
    const Product* findProduct(std::string_view id) const;
    const Subscription* findSubscription(std::string_view id) const;
    const User* findUser(std::string_view id) const;
    const NamedValue* findNamedValue(std::string_view name) const;
    const Backend* findBackend(std::string_view id) const;
    const Certificate* findCertificate(std::string_view id) const;
    const Logger* findLogger(std::string_view id) const;
    const Fragment* findFragment(std::string_view id) const;
    Api* findApi(std::string_view id);
    Product* findProduct(std::string_view id);
    Subscription* findSubscription(std::string_view id);
};

} // namespace portico::model

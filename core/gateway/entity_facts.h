#pragma once

#include "core/model/workspace.h"
#include "core/policy/expr/expression_context.h"

#include <map>
#include <set>
#include <string>

namespace portico::gateway {

// What policy expressions read as context.Subscription, context.Product and context.User, by
// id: display names, dates, e-mail and groups, gathered once per snapshot. Subscription keys are
// not here (only their hashes exist); the request fills in the key it presented.
struct EntityFacts {
    std::map<std::string, policy::expr::SubscriptionInfo, std::less<>> subscriptions;
    std::map<std::string, policy::expr::NamedInfo, std::less<>> products;
    std::map<std::string, policy::expr::UserInfo, std::less<>> users;
    std::set<std::string, std::less<>> tracingSubscriptions; // allowTracing: true
};

EntityFacts collectEntityFacts(const model::Workspace& workspace);

} // namespace portico::gateway

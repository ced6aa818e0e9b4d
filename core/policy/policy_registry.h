#pragma once

#include "core/policy/policy_kind.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policy {

// Policy kinds by element name. Built once, then only read (safe to share between threads).
class PolicyRegistry {
public:
    void add(std::unique_ptr<PolicyKind> kind);
    const PolicyKind* find(std::string_view name) const;
    std::vector<std::string_view> names() const;

private:
    std::map<std::string, std::unique_ptr<PolicyKind>, std::less<>> m_kinds;
};

// Every policy kind Portico knows (core/policies/).
const PolicyRegistry& builtinPolicies();

} // namespace portico::policy

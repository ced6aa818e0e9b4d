#include "core/policy/policy_registry.h"

#include <stdexcept>

namespace portico::policy {

void PolicyRegistry::add(std::unique_ptr<PolicyKind> kind) {
    std::string name(kind->name());
    if (!m_kinds.emplace(name, std::move(kind)).second)
        throw std::logic_error("policy kind registered twice: " + name);
}

const PolicyKind* PolicyRegistry::find(std::string_view name) const {
    const auto it = m_kinds.find(name);
    return it == m_kinds.end() ? nullptr : it->second.get();
}

std::vector<std::string_view> PolicyRegistry::names() const {
    std::vector<std::string_view> result;
    for (const auto& [name, kind] : m_kinds)
        result.push_back(name);
    return result;
}

} // namespace portico::policy

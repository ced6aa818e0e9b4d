#include "core/posture/inbound_policies.h"

#include "core/policy/scope_merge.h"

#include <algorithm>

namespace portico::posture {

namespace {

bool containsKind(const std::vector<policy::PolicyNode>& policies,
                  std::initializer_list<std::string_view> kinds) {
    return std::any_of(policies.begin(), policies.end(), [&](const policy::PolicyNode& node) {
        if (std::find(kinds.begin(), kinds.end(), node.kind) != kinds.end())
            return true;
        return std::any_of(node.blocks.begin(), node.blocks.end(),
                           [&](const auto& block) { return containsKind(block.policies, kinds); });
    });
}

} // namespace

// Load errors are reported before lint runs, so lint reads what parsed and drops diagnostics.
InboundPolicies::InboundPolicies(const model::Workspace& workspace) {
    model::DiagnosticList dropped;
    m_documents = policy::parseWorkspaceDocuments(workspace, dropped);
}

bool InboundPolicies::runs(const std::string& apiId, const std::string& operationId,
                           std::initializer_list<std::string_view> kinds) const {
    model::DiagnosticList dropped;
    const auto merged = policy::mergeScopes(m_documents.chain(nullptr, apiId, operationId),
                                            m_documents.fragments, dropped);
    return containsKind(merged.section(policy::Section::Inbound).policies, kinds);
}

} // namespace portico::posture

#pragma once

#include "core/model/workspace.h"
#include "core/policy/workspace_documents.h"

#include <initializer_list>
#include <string>
#include <string_view>

namespace portico::posture {

// The inbound policies of an API's calls, merged as the gateway merges them: global, then API,
// then operation, fragments inlined, <base/> honoured. Product policies are left out: calls made
// with an API-scoped subscription, or to an open API, never run them.
class InboundPolicies {
public:
    explicit InboundPolicies(const model::Workspace& workspace);

    // True when the chain of `operationId` (empty: the API's own chain) runs a policy of one of
    // `kinds` in its inbound section, directly or inside a <choose> branch or a <retry>.
    bool runs(const std::string& apiId, const std::string& operationId,
              std::initializer_list<std::string_view> kinds) const;

private:
    policy::WorkspaceDocuments m_documents;
};

} // namespace portico::posture

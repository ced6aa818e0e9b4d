#pragma once

#include "core/policy/policy_document.h"
#include "core/policy/request_context.h"
#include "core/policy/section.h"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portico::policy {

struct RunResult {
    enum class Flow {
        Continue, // next policy
        Respond,  // the response is ready: skip the rest of the pipeline and send it
        Fail,     // jump to on-error with `error` as context.LastError
    };
    Flow flow = Flow::Continue;
    std::optional<PolicyError> error;

    static RunResult next() { return {}; }
    static RunResult respond() { return {Flow::Respond, std::nullopt}; }
    static RunResult fail(PolicyError error) { return {Flow::Fail, std::move(error)}; }
};

// A policy with its settings parsed and checked once, shared read-only by every request.
class CompiledPolicy {
public:
    virtual ~CompiledPolicy() = default;
    virtual RunResult run(RequestContext& context) const = 0;

    const std::string& kind() const { return m_kind; }
    const std::string& id() const { return m_id; }
    const PolicyOrigin& origin() const { return m_origin; }
    void describe(std::string kind, std::string id, PolicyOrigin origin) {
        m_kind = std::move(kind);
        m_id = std::move(id);
        m_origin = std::move(origin);
    }

protected:
    // A failure attributed to this policy, as APIM fills context.LastError.
    PolicyError error(std::string reason, std::string message, int statusCode) const {
        return {m_kind, std::move(reason), std::move(message), m_id, statusCode};
    }

private:
    std::string m_kind;
    std::string m_id;
    PolicyOrigin m_origin;
};

using CompiledPolicyList = std::vector<std::unique_ptr<const CompiledPolicy>>;

struct CompiledPipeline {
    std::array<CompiledPolicyList, 4> sections; // indexed by Section
    const CompiledPolicyList& section(Section s) const {
        return sections[static_cast<std::size_t>(s)];
    }
};

// Inbound and backend policies act on the request, outbound and on-error on the response.
inline MessageKind messageFor(Section section) {
    return section == Section::Inbound || section == Section::Backend ? MessageKind::Request
                                                                      : MessageKind::Response;
}

// Runs `policies` in order, stopping at the first that responds or fails.
RunResult runPolicies(const CompiledPolicyList& policies, RequestContext& context);

} // namespace portico::policy

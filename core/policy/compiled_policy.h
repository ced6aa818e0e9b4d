#pragma once

#include "core/policy/policy_document.h"
#include "core/policy/request_context.h"
#include "core/policy/section.h"

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace portico::policy {

class CompiledPolicy;
using CompiledPolicyList = std::vector<std::unique_ptr<const CompiledPolicy>>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Work a policy waits for. The host does it without blocking its event loop and then calls the
// policy's resume() with the outcome.
struct ForwardWork { // send the request to the backend; its answer becomes the response
    ForwardOptions options;
};
struct DelayWork {
    std::chrono::milliseconds duration{0};
};
// An access token for `resource` from the gateway's Azure managed identity
// (authentication-managed-identity); `clientId` names a user-assigned identity, empty for the
// system-assigned one.
struct TokenWork {
    std::string resource;
    std::string clientId;
};
struct HttpWork { // a side request (send-request)
    std::string method = "GET";
    std::string url;
    HeaderList headers;
    std::string body;
    std::chrono::milliseconds timeout{20'000};
    // The host first gets this token and sends it as `Authorization: Bearer`.
    std::optional<TokenWork> bearer;
    // The host presents this workspace certificate to the server (authentication-certificate).
    std::optional<CertificateChoice> certificate;
};
// Work done elsewhere, e.g. on a key fetcher thread: `start` begins it and calls `done` exactly
// once, from any thread.
struct ExternalWork {
    std::function<void(std::function<void()> done)> start;
};
using AwaitedWork = std::variant<ForwardWork, DelayWork, HttpWork, ExternalWork, TokenWork>;

struct HttpOutcome {
    int status = 0;
    std::string reason;
    HeaderList headers;
    std::string body;
};
struct AwaitOutcome {
    std::optional<PolicyError> error;    // the work failed (backend unreachable, timeout)
    std::optional<HttpOutcome> response; // HttpWork's answer
    std::string token;                   // TokenWork's access token
};

struct RunResult {
    enum class Flow {
        Continue, // next policy
        Respond,  // the response is ready: skip the rest of the pipeline and send it
        Fail,     // jump to on-error with `error` as context.LastError
        Enter,    // run `body` once, then go on after this policy (choose)
        Loop,     // run `body`, then ask this policy's repeat() whether to run it again (retry)
        Await,    // the host does `work`, then calls this policy's resume()
    };
    Flow flow = Flow::Continue;
    std::optional<PolicyError> error;
    const CompiledPolicyList* body = nullptr;
    std::shared_ptr<AwaitedWork> work;
    const AwaitedWork* lastingWork = nullptr; // instead of `work`: see awaitLasting()

    static RunResult next() { return {}; }
    static RunResult respond() { return {Flow::Respond, std::nullopt, nullptr, nullptr, nullptr}; }
    static RunResult fail(PolicyError error) {
        return {Flow::Fail, std::move(error), nullptr, nullptr, nullptr};
    }
    static RunResult enter(const CompiledPolicyList& body) {
        return {Flow::Enter, std::nullopt, &body, nullptr, nullptr};
    }
    static RunResult loop(const CompiledPolicyList& body) {
        return {Flow::Loop, std::nullopt, &body, nullptr, nullptr};
    }
    static RunResult await(AwaitedWork work) {
        return {Flow::Await, std::nullopt, nullptr, std::make_shared<AwaitedWork>(std::move(work)),
                nullptr};
    }
    // Work the policy holds itself, settled when it was compiled: nothing is made per request.
    static RunResult awaitLasting(const AwaitedWork& work) {
        return {Flow::Await, std::nullopt, nullptr, nullptr, &work};
    }

    // The work of an Await, whichever way it was given.
    const AwaitedWork& awaited() const { return lastingWork ? *lastingWork : *work; }
};

// What a looping policy decides after each pass of its body.
struct LoopDecision {
    bool again = false;
    std::chrono::milliseconds delay{0}; // before the next pass
};

// A policy with its settings parsed and checked once, shared read-only by every request.
class CompiledPolicy {
public:
    virtual ~CompiledPolicy() = default;
    virtual RunResult run(RequestContext& context) const = 0;
    // After the work run() awaited is done.
    virtual RunResult resume(RequestContext& context, const AwaitOutcome& outcome) const;
    // After pass number `passes` (1-based) of a Loop body; `failure` when the body failed.
    virtual LoopDecision repeat(RequestContext& context, int passes,
                                const std::optional<PolicyError>& failure) const;
    // Whether running this policy reads the message body of its section (the host buffers it).
    virtual bool readsBody() const { return false; }
    // readsBody(), or an expression of this policy reads a Body (compilePolicies notes it).
    bool needsBody() const { return m_expressionsReadBody || readsBody(); }
    void noteExpressionsReadBody() { m_expressionsReadBody = true; }

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
    bool m_expressionsReadBody = false;
};

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

// Runs `policies` in order, stopping at the first that responds or fails. For lists that cannot
// await or loop (return-response's parts); PipelineRun runs everything else.
RunResult runPolicies(const CompiledPolicyList& policies, RequestContext& context);

// Whether any policy in `policies` (or nested under them) needs the message body.
bool readsBody(const CompiledPolicyList& policies);

} // namespace portico::policy

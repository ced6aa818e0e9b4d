#pragma once

// Compiles a policy XML snippet into an inbound section and runs it the way the gateway does,
// doing awaited key fetches for real (waiting, bounded, for the provider's callback).

#include "../policy/memory_context.h"
#include "../policy/policy_test_support.h"

#include "core/identity/key_provider.h"
#include "core/policies/validate_jwt_policy.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/scope_merge.h"

#include <chrono>
#include <future>
#include <string>

namespace portico::identity::test {

using policy::test::MemoryContext;

// A KeyProvider whose "network" is a function from URL to (status, body).
inline std::shared_ptr<KeyProvider>
fakeProvider(std::function<HttpResponse(const std::string&)> fetch) {
    KeyProvider::Options options;
    options.fetcher = std::move(fetch);
    return std::make_shared<KeyProvider>(options);
}

inline HttpResponse jsonResponse(std::string body) {
    HttpResponse response;
    response.status = 200;
    response.body = std::move(body);
    return response;
}

// The OpenID configuration document of an IdP at `base` with keys at base + "/keys".
inline std::string openIdConfiguration(const std::string& issuer, const std::string& jwksUri) {
    return R"({"issuer":")" + issuer + R"(","jwks_uri":")" + jwksUri + R"("})";
}

struct CompiledInbound {
    std::optional<policy::CompiledPipeline> pipeline;
    model::DiagnosticList diagnostics;
    const policy::CompiledPolicyList& inbound() const {
        return pipeline->section(policy::Section::Inbound);
    }
};

inline std::unique_ptr<CompiledInbound> compileInbound(const std::string& policyXml) {
    auto out = std::make_unique<CompiledInbound>();
    auto parsed =
        policy::test::parse(policy::test::inSection("inbound", policyXml), out->diagnostics);
    if (!parsed || out->diagnostics.hasErrors())
        return out;
    const auto merged =
        policy::mergeScopes({nullptr, nullptr, &*parsed, nullptr}, {}, out->diagnostics);
    out->pipeline = policy::compilePipeline(merged, {}, out->diagnostics);
    return out;
}

struct InboundOutcome {
    bool failed = false;
    policy::PolicyError error;
    int awaits = 0;
    bool timedOut = false;
};

inline InboundOutcome runInbound(const policy::CompiledPolicyList& policies,
                                 MemoryContext& context) {
    InboundOutcome outcome;
    for (const auto& policy : policies) {
        auto result = policy->run(context);
        while (result.flow == policy::RunResult::Flow::Await) {
            ++outcome.awaits;
            const auto* external = std::get_if<policy::ExternalWork>(&result.awaited());
            if (!external) {
                outcome.timedOut = true;
                return outcome;
            }
            auto done = std::make_shared<std::promise<void>>();
            external->start([done] { done->set_value(); });
            if (done->get_future().wait_for(std::chrono::seconds(15)) !=
                std::future_status::ready) {
                outcome.timedOut = true;
                return outcome;
            }
            result = policy->resume(context, {});
        }
        if (result.flow == policy::RunResult::Flow::Fail) {
            outcome.failed = true;
            outcome.error = *result.error;
            return outcome;
        }
    }
    return outcome;
}

inline void setBearer(MemoryContext& context, const std::string& token) {
    context.request.headers.emplace_back("Authorization", "Bearer " + token);
}

} // namespace portico::identity::test

#pragma once

#include "core/policy/compiled_policy.h"
#include "core/policy/pipeline_run.h"
#include "core/policy/request_context.h"

#include <functional>

#include <algorithm>
#include <cctype>
#include <map>

namespace portico::policy::test {

// RequestContext over plain containers, for running policies without a gateway.
class MemoryContext final : public RequestContext {
public:
    struct Message {
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
    };

    std::string requestMethod = "GET";
    std::string address = "10.0.0.1";
    std::string path = "/";
    std::vector<std::pair<std::string, std::string>> query;
    std::map<std::string, std::string, std::less<>> templateParameters;
    Message request;
    Message response;
    int status = 200;
    std::string reason = "OK";
    std::vector<std::pair<std::string, std::string>> onSend;
    std::string backendUrl;
    std::string backendId;
    std::optional<CertificateChoice> backendCertificate;
    std::optional<ForwardOptions> forwarded;
    std::optional<PolicyError> forwardFailure;
    std::vector<std::string> traces;
    std::vector<LoggedEvent> loggedEvents; // log-to-eventhub's, in order
    std::vector<std::chrono::milliseconds> delays;
    std::vector<HttpWork> sideRequests; // send-request's work, in order
    // Answers side requests; without it they fail as unreachable.
    std::function<AwaitOutcome(const HttpWork&)> sideBackend;
    std::vector<TokenWork> tokenRequests; // authentication-managed-identity's, in order
    // The managed identity's answer; without it every token request fails.
    std::function<AwaitOutcome(const TokenWork&)> tokenSource;

    static bool sameName(std::string_view a, std::string_view b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
            return std::tolower(static_cast<unsigned char>(x)) ==
                   std::tolower(static_cast<unsigned char>(y));
        });
    }

    Message& message(MessageKind kind) { return kind == MessageKind::Request ? request : response; }
    const Message& message(MessageKind kind) const {
        return kind == MessageKind::Request ? request : response;
    }

    std::string_view method() const override { return requestMethod; }
    bool setMethod(std::string m) override {
        requestMethod = std::move(m);
        return true;
    }
    std::string_view clientAddress() const override { return address; }
    std::string_view urlPath() const override { return path; }
    void setUrlPath(std::string p) override { path = std::move(p); }
    std::vector<std::pair<std::string, std::string>> queryParameters() const override {
        return query;
    }
    void setQueryParameters(std::vector<std::pair<std::string, std::string>> q) override {
        query = std::move(q);
    }
    std::optional<std::string> matchedParameter(std::string_view name) const override {
        const auto it = templateParameters.find(name);
        return it == templateParameters.end() ? std::nullopt
                                              : std::optional<std::string>(it->second);
    }
    std::vector<std::string> headerValues(MessageKind kind, std::string_view name) const override {
        std::vector<std::string> values;
        for (const auto& [n, v] : message(kind).headers) {
            if (sameName(n, name))
                values.push_back(v);
        }
        return values;
    }
    HeaderLookup findHeader(MessageKind kind, std::string_view name) const override {
        HeaderLookup found;
        for (const auto& [n, v] : message(kind).headers) {
            if (sameName(n, name) && found.count++ == 0)
                found.first = v;
        }
        return found;
    }
    std::optional<std::vector<std::pair<std::string, std::string>>>
    headerList(MessageKind kind) const override {
        return message(kind).headers;
    }
    void setHeader(MessageKind kind, std::string_view name,
                   std::vector<std::string> values) override {
        removeHeader(kind, name);
        for (auto& v : values)
            message(kind).headers.emplace_back(std::string(name), std::move(v));
    }
    void appendHeader(MessageKind kind, std::string_view name, std::string_view value) override {
        message(kind).headers.emplace_back(std::string(name), std::string(value));
    }
    void removeHeader(MessageKind kind, std::string_view name) override {
        auto& headers = message(kind).headers;
        headers.erase(std::remove_if(headers.begin(), headers.end(),
                                     [&](const auto& h) { return sameName(h.first, name); }),
                      headers.end());
    }
    std::string body(MessageKind kind) override { return message(kind).body; }
    void setBody(MessageKind kind, std::string b) override { message(kind).body = std::move(b); }
    int statusCode() const override { return status; }
    std::string statusReason() const override { return reason; }
    void setStatus(int code, std::string r) override {
        status = code;
        reason = std::move(r);
    }
    void resetResponse() override {
        response = {};
        status = 200;
        reason = "OK";
    }
    void addResponseHeaderOnSend(std::string name, std::string value) override {
        onSend.emplace_back(std::move(name), std::move(value));
    }
    void setBackendServiceUrl(std::string url) override { backendUrl = std::move(url); }
    void setBackendId(std::string id) override { backendId = std::move(id); }
    void setBackendCertificate(CertificateChoice choice) override {
        backendCertificate = std::move(choice);
    }
    void trace(std::string_view source, std::string_view severity, std::string_view text) override {
        traces.push_back(std::string(source) + "|" + std::string(severity) + "|" +
                         std::string(text));
    }
    void logToEventHub(LoggedEvent event) override { loggedEvents.push_back(std::move(event)); }

    // Does awaited work in memory: a forward records its options and fails with
    // forwardFailure or calls `backend`; a delay is recorded, not slept.
    AwaitOutcome perform(const AwaitedWork& work,
                         const std::function<void(MemoryContext&)>& backend) {
        if (const auto* forward = std::get_if<ForwardWork>(&work)) {
            forwarded = forward->options;
            if (forwardFailure)
                return {forwardFailure, std::nullopt, {}};
            if (backend)
                backend(*this);
            return {};
        }
        if (const auto* delay = std::get_if<DelayWork>(&work))
            delays.push_back(delay->duration);
        if (const auto* http = std::get_if<HttpWork>(&work)) {
            sideRequests.push_back(*http);
            if (sideBackend)
                return sideBackend(*http);
            return {PolicyError{"send-request", "BackendConnectionFailure",
                                "The side request's host is unreachable.", "", 500},
                    std::nullopt,
                    {}};
        }
        if (const auto* external = std::get_if<ExternalWork>(&work))
            external->start([] {});
        if (const auto* token = std::get_if<TokenWork>(&work)) {
            tokenRequests.push_back(*token);
            if (tokenSource)
                return tokenSource(*token);
            return {PolicyError{"authentication-managed-identity", "ManagedIdentityTokenFailure",
                                "Could not get a managed identity access token for the backend.",
                                "", 500},
                    std::nullopt,
                    {}};
        }
        return {};
    }

    std::string variableText(std::string_view name) const {
        const auto* value = variable(name);
        return value ? expr::toDisplayString(*value) : std::string();
    }

    std::string onSendValue(std::string_view name) const {
        for (const auto& [n, v] : onSend) {
            if (sameName(n, name))
                return v;
        }
        return {};
    }
};

// Runs one section's policies the way PipelineRun does, doing awaited work in memory; for tests
// of single policies. Returns the first result that is not Continue (or Continue at the end).
inline RunResult runSection(const CompiledPolicyList& policies, MemoryContext& context,
                            const std::function<void(MemoryContext&)>& backend = {}) {
    for (const auto& policy : policies) {
        RunResult result = policy->run(context);
        while (result.flow == RunResult::Flow::Await)
            result = policy->resume(context, context.perform(result.awaited(), backend));
        if (result.flow == RunResult::Flow::Enter) {
            result = runSection(*result.body, context, backend);
            if (result.flow == RunResult::Flow::Continue)
                continue;
        }
        if (result.flow != RunResult::Flow::Continue)
            return result;
    }
    return RunResult::next();
}

// Runs a whole pipeline with PipelineRun, as the gateway does, doing awaited work in memory.
inline PipelineRun::State runPipeline(const CompiledPipeline& pipeline, MemoryContext& context,
                                      const std::function<void(MemoryContext&)>& backend = {},
                                      PipelineTrace* trace = nullptr) {
    PipelineRun run(pipeline, context);
    run.traceInto(trace);
    while (run.advance() == PipelineRun::State::Awaiting)
        run.complete(context.perform(run.awaited(), backend));
    for (const auto& header : context.onSend)
        context.response.headers.push_back(header);
    return PipelineRun::State::Finished;
}

} // namespace portico::policy::test

#pragma once

#include "core/policy/expr/value.h"
#include "core/policy/message_kind.h"
#include "core/policy/request_facts.h"
#include "core/policy/section.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::policy {

// What context.LastError holds when a policy fails (APIM's ProxyError).
struct PolicyError {
    std::string source;   // the policy's element name, e.g. "ip-filter"
    std::string reason;   // e.g. "CallerIpNotAllowed"
    std::string message;  // what the client reads when on-error does not answer
    std::string policyId; // the policy's id attribute, may be empty
    int statusCode = 500;
};

// context.Variables values: whatever a literal or an expression produced.
using VariableValue = expr::Value;

class ContextExpressions;
struct CacheLookupState;

struct ForwardOptions {
    int timeoutSeconds = 300;
    std::optional<std::int64_t> timeoutMilliseconds; // timeout-ms, instead of timeoutSeconds
    // How long the backend may take to answer with its response head.
    std::chrono::milliseconds timeout() const {
        return timeoutMilliseconds ? std::chrono::milliseconds(*timeoutMilliseconds)
                                   : std::chrono::seconds(timeoutSeconds);
    }
    bool followRedirects = false;
    bool bufferRequestBody = false;
    bool bufferResponse = true;
    bool failOnErrorStatusCode = false;
};

// A workspace certificate (certificates/<id>.yaml) named by its id or by its thumbprint, the
// other left empty: authentication-certificate's choice.
struct CertificateChoice {
    std::string id;
    std::string thumbprint;
};

// One log-to-eventhub message, for the host to send in the background (never on the request's
// path): to the logger's event hub, at a partition or under a partition key when given.
struct LoggedEvent {
    std::string loggerId;
    std::optional<int> partitionId;
    std::string partitionKey;
    std::string message;
};

// The per-request state policies read and change. The gateway implements the message parts over
// its own request representation; tests use an in-memory one. Header names compare
// case-insensitively. Facts, variables and the last error are the same for every host.
class RequestContext {
public:
    RequestContext();
    virtual ~RequestContext();
    RequestContext(const RequestContext&) = delete;
    RequestContext& operator=(const RequestContext&) = delete;

    RequestFacts facts;                          // filled by the host before the pipeline runs
    std::optional<PolicyError> lastError;        // set when a policy fails, read by on-error
    Section lastErrorSection = Section::Inbound; // where lastError happened
    // Set by cache-lookup on a miss it may fill; read by cache-store.
    std::shared_ptr<const CacheLookupState> cacheLookup;

    const VariableValue* variable(std::string_view name) const;
    void setVariable(std::string name, VariableValue value);
    // While set, every setVariable() appends the variable's name here (a traced policy's
    // "variables set"); null stops the log.
    void logVariableNamesInto(std::vector<std::string>* names) { m_variableLog = names; }
    // The request as policy expressions see it (`context` in @(...)).
    expr::ExpressionContext& expressions();

    // Something a policy keeps for the request (limit-concurrency's slot), dropped by release()
    // or, at the latest, with the request itself (an error response, a client gone away).
    void hold(const void* owner, std::shared_ptr<void> resource);
    void release(const void* owner);
    // Work for when the response is out (a bandwidth quota counts its bytes). PipelineRun calls
    // runFinishers() when the pipeline ends; a host that relays a body after that (the gateway)
    // calls deferFinishers() first and runFinishers(true) once the answer is sent.
    void atFinish(std::function<void(RequestContext&)> work);
    void deferFinishers() { m_finishersDeferred = true; }
    void runFinishers(bool byHost = false);
    // A message's body bytes: those that went through when the host counted them, else its
    // Content-Length (0 without one).
    virtual std::int64_t bodyBytes(MessageKind message) const;

    virtual std::string_view method() const = 0;
    // Changes the method the backend sees (set-method); false when the host cannot.
    virtual bool setMethod(std::string /*method*/) { return false; }
    virtual std::string_view clientAddress() const = 0; // IP address, no port

    // The path the backend will see, relative to the backend service URL; starts with '/'.
    virtual std::string_view urlPath() const = 0;
    virtual void setUrlPath(std::string path) = 0;
    // Query parameters in request order, percent-decoded.
    virtual std::vector<std::pair<std::string, std::string>> queryParameters() const = 0;
    virtual void setQueryParameters(std::vector<std::pair<std::string, std::string>> query) = 0;
    // A parameter of the matched operation's URL template, e.g. "id" for /orders/{id}.
    virtual std::optional<std::string> matchedParameter(std::string_view name) const = 0;

    virtual std::vector<std::string> headerValues(MessageKind message,
                                                  std::string_view name) const = 0;
    // How often the header is sent and its first value, without a copy: the view lives until
    // the message's headers change. For checks on every request (validate-jwt's token).
    struct HeaderLookup {
        std::size_t count = 0;
        std::string_view first;
    };
    virtual HeaderLookup findHeader(MessageKind message, std::string_view name) const = 0;
    virtual void setHeader(MessageKind message, std::string_view name,
                           std::vector<std::string> values) = 0; // replaces every value
    virtual void appendHeader(MessageKind message, std::string_view name,
                              std::string_view value) = 0;
    virtual void removeHeader(MessageKind message, std::string_view name) = 0;
    // Every header of the message in order (send-request mode="copy"); nothing when the host
    // cannot list them.
    virtual std::optional<std::vector<std::pair<std::string, std::string>>>
    headerList(MessageKind /*message*/) const {
        return std::nullopt;
    }

    virtual std::string body(MessageKind message) = 0; // buffers a streamed body
    virtual void setBody(MessageKind message, std::string body) = 0;

    virtual int statusCode() const = 0;
    virtual std::string statusReason() const = 0;
    virtual void setStatus(int code, std::string reason) = 0;
    // Starts a fresh response (return-response): status 200, no headers, empty body.
    virtual void resetResponse() = 0;

    // Headers added to whatever response is finally sent (CORS decides them inbound).
    virtual void addResponseHeaderOnSend(std::string name, std::string value) = 0;

    virtual void setBackendServiceUrl(std::string url) = 0;
    virtual void setBackendId(std::string id) = 0;
    // authentication-certificate: the certificate presented to the backend.
    virtual void setBackendCertificate(CertificateChoice choice) = 0;
    // log-to-eventhub: hands the event to the host, which sends it after the pipeline ran.
    virtual void logToEventHub(LoggedEvent event) = 0;
    // A <trace> entry; kept only when the request is being traced.
    virtual void trace(std::string_view source, std::string_view severity,
                       std::string_view message) = 0;
    // Values a trace must never show, wherever policies put them (a managed identity's token);
    // the host masks them.
    void keepOutOfTraces(std::string value) { m_untraced.push_back(std::move(value)); }
    const std::vector<std::string>& untraced() const { return m_untraced; }

private:
    std::map<std::string, VariableValue, std::less<>> m_variables;
    std::unique_ptr<ContextExpressions> m_expressions; // made on first use
    std::vector<std::pair<const void*, std::shared_ptr<void>>> m_held;
    std::vector<std::function<void(RequestContext&)>> m_finishers;
    std::vector<std::string>* m_variableLog = nullptr;
    std::vector<std::string> m_untraced;
    bool m_finishersDeferred = false;
};

} // namespace portico::policy

#pragma once

// Internal to core/gateway: the policy engine's RequestContext over the gateway's Beast messages.
#include "core/gateway/detail/pooled_fields.h"
#include "core/policy/pipeline_trace.h"
#include "core/policy/request_context.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace portico::gateway::detail {

using namespace portico::net::detail;

// One request as the policies see it. The request headers are the client's (edited in place, so
// that forwarding sends them as they are); the response is the backend's or one a policy made.
// A body is readable when the host buffered it (it does when a policy reads it).
class GatewayContext final : public policy::RequestContext {
public:
    GatewayContext(RequestHead& request, std::string method, std::string clientAddress,
                   std::string path, std::string rawQuery);

    std::string_view method() const override { return m_method; }
    bool setMethod(std::string method) override;
    std::string_view clientAddress() const override { return m_clientAddress; }
    std::string_view urlPath() const override { return m_path; }
    void setUrlPath(std::string path) override { m_path = std::move(path); }
    std::vector<std::pair<std::string, std::string>> queryParameters() const override;
    void setQueryParameters(std::vector<std::pair<std::string, std::string>> query) override;
    std::optional<std::string> matchedParameter(std::string_view name) const override;

    std::vector<std::string> headerValues(policy::MessageKind message,
                                          std::string_view name) const override;
    HeaderLookup findHeader(policy::MessageKind message, std::string_view name) const override;
    void setHeader(policy::MessageKind message, std::string_view name,
                   std::vector<std::string> values) override;
    void appendHeader(policy::MessageKind message, std::string_view name,
                      std::string_view value) override;
    void removeHeader(policy::MessageKind message, std::string_view name) override;
    std::optional<std::vector<std::pair<std::string, std::string>>>
    headerList(policy::MessageKind message) const override;

    std::string body(policy::MessageKind message) override;
    void setBody(policy::MessageKind message, std::string body) override;

    int statusCode() const override { return m_status; }
    std::string statusReason() const override { return m_reason; }
    void setStatus(int code, std::string reason) override;
    void resetResponse() override;
    void addResponseHeaderOnSend(std::string name, std::string value) override;

    void setBackendServiceUrl(std::string url) override { m_backendUrl = std::move(url); }
    void setBackendId(std::string id) override { m_backendId = std::move(id); }
    void setBackendCertificate(policy::CertificateChoice choice) override {
        m_backendCertificate = std::move(choice);
    }
    void trace(std::string_view source, std::string_view severity,
               std::string_view message) override;
    void logToEventHub(policy::LoggedEvent event) override {
        m_loggedEvents.push_back(std::move(event));
    }
    std::int64_t bodyBytes(policy::MessageKind message) const override;

    // Host side.
    std::vector<std::pair<std::string, std::string>> matched; // path parameters, decoded
    // The query as the backend gets it: the client's bytes unless a policy changed it.
    std::string backendQuery() const;
    Fields& requestHeaders() { return m_request; }
    Fields& responseHeaders() { return m_responseHeaders; }
    const std::vector<std::pair<std::string, std::string>>& onSend() const { return m_onSend; }
    // Bodies the host buffered, or a policy set; nullopt while the body still streams.
    std::optional<std::string>& requestBody() { return m_requestBody; }
    std::optional<std::string>& responseBody() { return m_responseBody; }
    // Whether a policy replaced the streamed backend response (its body must then be dropped).
    bool responseReplaced() const { return m_responseReplaced; }
    void takeBackendResponse(ResponseHead&& head);
    const std::string& backendUrlOverride() const { return m_backendUrl; }
    const std::string& backendIdOverride() const { return m_backendId; }
    const std::optional<policy::CertificateChoice>& backendCertificate() const {
        return m_backendCertificate;
    }
    // log-to-eventhub's events so far, for the host to hand to the sender.
    std::vector<policy::LoggedEvent> takeLoggedEvents() {
        return std::exchange(m_loggedEvents, {});
    }
    // <trace> messages go into `trace` when the request is traced, nowhere otherwise.
    void traceInto(policy::PipelineTrace* trace) { m_trace = trace; }
    // The body bytes that went through, once the answer is out: bodyBytes() reports them.
    void setBodyBytesSent(std::uint64_t request, std::uint64_t response) {
        m_bodyBytesSent = {request, response};
    }

private:
    Fields& fields(policy::MessageKind message) {
        return message == policy::MessageKind::Request ? m_request : m_responseHeaders;
    }
    const Fields& fields(policy::MessageKind message) const {
        return message == policy::MessageKind::Request ? m_request : m_responseHeaders;
    }

    RequestHead& m_requestHead;
    Fields& m_request;
    std::string m_method;
    std::string m_clientAddress;
    std::string m_path;
    std::string m_rawQuery;
    std::optional<std::vector<std::pair<std::string, std::string>>> m_query; // once changed
    Fields m_responseHeaders;
    int m_status = 200;
    std::string m_reason = "OK";
    std::optional<std::string> m_requestBody;
    std::optional<std::string> m_responseBody;
    bool m_responseReplaced = false;
    std::vector<std::pair<std::string, std::string>> m_onSend;
    std::string m_backendUrl;
    std::string m_backendId;
    std::optional<policy::CertificateChoice> m_backendCertificate;
    policy::PipelineTrace* m_trace = nullptr;
    std::vector<policy::LoggedEvent> m_loggedEvents;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> m_bodyBytesSent;
};

// Percent-decodes a query component ('+' is a space, as forms send it, unless `plusIsSpace` is
// false, as in paths); bad escapes stay as written.
std::string decodeQueryComponent(std::string_view text, bool plusIsSpace = true);
std::string encodeQueryComponent(std::string_view text);
// The decoded values of query parameter `name` in a raw query string, in order.
std::vector<std::string> queryParameterValues(std::string_view query, std::string_view name);

} // namespace portico::gateway::detail

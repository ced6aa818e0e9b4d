#include "core/policies/builtin_policies.h"
#include "core/policies/http_text.h"
#include "core/policies/name_value_policy.h"
#include "core/policies/typed_value.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/expr/http_response.h"
#include "core/policy/policy_compiler.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;

namespace {

struct SideRequest {
    bool copy = false;    // mode="copy": start from the current request
    std::string variable; // response-variable-name; empty for send-one-way-request
    PolicyValue timeout;  // seconds
    bool ignoreError = false;
    std::optional<PolicyValue> url, method, body;
    std::vector<NameValueSettings> headers;
    // <authentication-managed-identity>: a bearer token for this resource and identity.
    std::optional<PolicyValue> tokenResource;
    std::string tokenClientId;
    // <authentication-certificate>: the workspace certificate presented, by id or thumbprint.
    std::optional<PolicyValue> certificate;
    bool certificateByThumbprint = false;
};

bool sameName(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

// The current request's URL as the backend would receive it.
std::string backendUrl(const RequestContext& context) {
    const auto& facts = context.facts;
    std::string url = facts.backendScheme + "://" + facts.backendHost;
    if (!((facts.backendScheme == "http" && facts.backendPort == 80) ||
          (facts.backendScheme == "https" && facts.backendPort == 443)))
        url += ":" + std::to_string(facts.backendPort);
    url += context.urlPath();
    const auto query = context.queryParameters();
    for (std::size_t i = 0; i < query.size(); ++i)
        url += (i ? "&" : "?") + query[i].first + "=" + query[i].second;
    return url;
}

bool isAbsoluteHttpUrl(std::string_view url) {
    if (hasControlCharacter(url) || url.find(' ') != std::string_view::npos)
        return false;
    for (std::string_view scheme : {"http://", "https://"}) {
        if (url.size() > scheme.size() && url.substr(0, scheme.size()) == scheme)
            return true;
    }
    return false;
}

class SendRequestPolicy final : public CompiledPolicy {
public:
    explicit SendRequestPolicy(SideRequest settings)
        : m_settings(std::move(settings)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        HttpWork work;
        if (m_settings.copy) {
            auto headers = context.headerList(MessageKind::Request);
            if (!headers)
                return RunResult::fail(error("SendRequestNotSupported",
                                             "This gateway cannot copy the request's headers "
                                             "for send-request mode=\"copy\".",
                                             500));
            work.method = std::string(context.method());
            work.url = backendUrl(context);
            work.headers = std::move(*headers);
            work.body = context.body(MessageKind::Request);
        }
        if (m_settings.url) {
            auto url = m_settings.url->text(context, failure);
            if (!url)
                return RunResult::fail(std::move(failure));
            work.url = std::move(*url);
        }
        if (!isAbsoluteHttpUrl(work.url))
            return RunResult::fail(error("InvalidRequestUrl",
                                         "The send-request URL '" + work.url +
                                             "' is not an absolute http or https URL.",
                                         500));
        if (m_settings.method) {
            auto method = m_settings.method->text(context, failure);
            if (!method)
                return RunResult::fail(std::move(failure));
            if (!isHeaderName(*method))
                return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                             "The send-request method is not an HTTP token.", 500));
            work.method = std::move(*method);
        }
        for (const auto& header : m_settings.headers) {
            if (!applyHeader(header, work.headers, context, failure))
                return RunResult::fail(std::move(failure));
        }
        if (m_settings.body) {
            auto body = m_settings.body->text(context, failure);
            if (!body)
                return RunResult::fail(std::move(failure));
            work.body = std::move(*body);
        }
        if (m_settings.tokenResource) {
            auto resource = m_settings.tokenResource->text(context, failure);
            if (!resource)
                return RunResult::fail(std::move(failure));
            work.bearer = TokenWork{std::move(*resource), m_settings.tokenClientId};
        }
        if (m_settings.certificate) {
            auto name = m_settings.certificate->text(context, failure);
            if (!name)
                return RunResult::fail(std::move(failure));
            if (name->empty() || hasControlCharacter(*name))
                return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                             "The send-request certificate name is empty or "
                                             "holds control characters.",
                                             500));
            work.certificate = m_settings.certificateByThumbprint
                                   ? CertificateChoice{{}, std::move(*name)}
                                   : CertificateChoice{std::move(*name), {}};
        }
        const auto timeout =
            boundedInteger(m_settings.timeout, context, 1, 240, "The timeout", failure);
        if (!timeout)
            return RunResult::fail(std::move(failure));
        work.timeout = std::chrono::seconds(*timeout);
        return RunResult::await(std::move(work));
    }

    RunResult resume(RequestContext& context, const AwaitOutcome& outcome) const override {
        if (m_settings.variable.empty()) // send-one-way-request: the outcome does not matter
            return RunResult::next();
        if (outcome.error || !outcome.response) {
            if (m_settings.ignoreError) {
                context.setVariable(m_settings.variable, expr::Value::null());
                return RunResult::next();
            }
            PolicyError failure = outcome.error ? *outcome.error
                                                : error("SendRequestFailed",
                                                        "The side request got no response.", 500);
            failure.source = kind();
            failure.policyId = id();
            return RunResult::fail(std::move(failure));
        }
        auto data = std::make_shared<expr::HttpResponseData>();
        data->statusCode = outcome.response->status;
        data->statusReason = outcome.response->reason;
        data->headers = outcome.response->headers;
        data->body = outcome.response->body;
        context.setVariable(m_settings.variable, expr::makeHttpResponse(std::move(data)));
        return RunResult::next();
    }

    bool readsBody() const override { return m_settings.copy; }

private:
    static bool applyHeader(const NameValueSettings& header, HeaderList& headers,
                            RequestContext& context, PolicyError& failure) {
        const auto present = [&] {
            return std::any_of(headers.begin(), headers.end(),
                               [&](const auto& h) { return sameName(h.first, header.name); });
        };
        const auto erase = [&] {
            headers.erase(
                std::remove_if(headers.begin(), headers.end(),
                               [&](const auto& h) { return sameName(h.first, header.name); }),
                headers.end());
        };
        if (header.action == ExistsAction::Delete) {
            erase();
            return true;
        }
        if (header.action == ExistsAction::Skip && present())
            return true;
        auto values = evaluateValues(header.values, context, failure);
        if (!values)
            return false;
        if (header.action != ExistsAction::Append)
            erase();
        for (auto& value : *values)
            headers.emplace_back(header.name, std::move(value));
        return true;
    }

    SideRequest m_settings;
};

ElementRule sideRequestRule(std::string_view name, bool withResponse) {
    ElementRule rule{.name = name,
                     .attributes = {{"mode", ValueType::Enum, false, {"new", "copy"}},
                                    {"timeout", ValueType::Seconds, false, {}},
                                    {"ignore-error", ValueType::Bool, false, {}}},
                     .children = {{.name = "set-url", .text = TextRule::Required},
                                  {.name = "set-method", .text = TextRule::Required},
                                  setHeaderRule(),
                                  setBodyRule(),
                                  {.name = "authentication-certificate",
                                   .attributes = {{"thumbprint", ValueType::String, false, {}},
                                                  {"certificate-id", ValueType::String, false, {}},
                                                  {"body", ValueType::String, false, {}},
                                                  {"password", ValueType::String, false, {}}}},
                                  {.name = "authentication-managed-identity",
                                   .attributes = {{"resource", ValueType::String, true, {}},
                                                  {"client-id", ValueType::String, false, {}}}},
                                  {.name = "proxy", .anyAttributes = true}}};
    if (withResponse)
        rule.attributes.push_back({"response-variable-name", ValueType::String, true, {}});
    return rule;
}

class SendRequestKind final : public PolicyKind {
public:
    explicit SendRequestKind(bool withResponse)
        : m_rule(
              sideRequestRule(withResponse ? "send-request" : "send-one-way-request", withResponse))
        , m_withResponse(withResponse) {}

    const ElementRule& rule() const override { return m_rule; }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        SideRequest settings;
        const auto mode = context.text(node, node.element, "mode", "new");
        auto timeout = typedValue(node, context, m_rule.attributes[1], "60");
        const auto ignore = context.flag(node, node.element, "ignore-error", false);
        const auto variable = m_withResponse
                                  ? context.text(node, node.element, "response-variable-name")
                                  : std::optional<std::string>(std::string());
        if (!mode || !timeout || !ignore || !variable)
            return nullptr;
        settings.copy = *mode == "copy";
        settings.timeout = std::move(*timeout);
        settings.ignoreError = *ignore;
        settings.variable = *variable;
        bool ok = true;
        for (const auto* child : node.element.childElements()) {
            if (child->name == "set-url") {
                settings.url = context.innerValue(node, *child);
                ok = ok && settings.url;
            } else if (child->name == "set-method") {
                settings.method = context.innerValue(node, *child);
                ok = ok && settings.method;
            } else if (child->name == "set-body") {
                settings.body = context.innerValue(node, *child);
                ok = ok && settings.body;
            } else if (child->name == "authentication-managed-identity") {
                settings.tokenResource = context.value(node, *child, "resource");
                const auto clientId = context.text(node, *child, "client-id");
                settings.tokenClientId = clientId.value_or("");
                ok = ok && settings.tokenResource && clientId;
            } else if (child->name == "authentication-certificate") {
                const bool byThumbprint = child->attribute("thumbprint") != nullptr;
                if (child->attribute("body") || child->attribute("password") ||
                    byThumbprint == (child->attribute("certificate-id") != nullptr)) {
                    context.error(codes::kPolicyNotRunnable, context.where(node, child->where),
                                  "<authentication-certificate> in <" + node.kind +
                                      "> needs exactly one of 'thumbprint' and "
                                      "'certificate-id' (a certificate as bytes, 'body' with "
                                      "'password', is not supported)");
                    ok = false;
                    continue;
                }
                settings.certificate =
                    context.value(node, *child, byThumbprint ? "thumbprint" : "certificate-id");
                settings.certificateByThumbprint = byThumbprint;
                ok = ok && settings.certificate;
            } else if (child->name == "set-header") {
                PolicyNode part;
                part.kind = child->name;
                part.element = *child;
                part.origin = node.origin;
                part.origin.where = context.where(node, child->where);
                auto header = compileNameValuePolicy(part, context);
                if (header && isHeaderName(header->name))
                    settings.headers.push_back(std::move(*header));
                else
                    ok = false;
            } else {
                context.error(codes::kPolicyNotRunnable, context.where(node, child->where),
                              "<" + child->name + "> in <" + node.kind + "> is not supported yet");
                ok = false;
            }
        }
        if (!ok)
            return nullptr;
        if (!settings.copy && !settings.url) {
            context.error(codes::kMissingChild, node.origin.where,
                          "<" + node.kind + "> with mode=\"new\" needs a <set-url>");
            return nullptr;
        }
        return std::make_unique<SendRequestPolicy>(std::move(settings));
    }

private:
    ElementRule m_rule;
    bool m_withResponse;
};

} // namespace

std::unique_ptr<PolicyKind> makeSendRequestKind() {
    return std::make_unique<SendRequestKind>(true);
}

std::unique_ptr<PolicyKind> makeSendOneWayRequestKind() {
    return std::make_unique<SendRequestKind>(false);
}

} // namespace portico::policies

#include "core/policies/builtin_policies.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"
#include "core/text/ascii.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;

namespace {

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> splitList(std::string_view list) {
    std::vector<std::string> items;
    std::size_t pos = 0;
    while (pos <= list.size()) {
        const auto comma = list.find(',', pos);
        const auto item = trimmed(list.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
        if (!item.empty())
            items.push_back(item);
        if (comma == std::string_view::npos)
            break;
        pos = comma + 1;
    }
    return items;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

struct CorsSettings {
    bool allowCredentials = false;
    bool terminateUnmatched = true;
    bool anyOrigin = false;
    std::vector<std::string> origins; // lower-case
    bool anyMethod = false;
    std::vector<std::string> methods{"GET", "POST"}; // APIM's default when none are listed
    bool anyHeader = false;
    std::vector<std::string> headers; // lower-case
    std::vector<std::string> exposeHeaders;
    std::int64_t maxAge = 0;
};

// Headers a browser may always send (the CORS-safelisted request headers).
bool isSafelistedHeader(const std::string& lowerName) {
    return lowerName == "accept" || lowerName == "accept-language" ||
           lowerName == "content-language" || lowerName == "content-type";
}

class CorsPolicy final : public CompiledPolicy {
public:
    explicit CorsPolicy(CorsSettings settings)
        : m_settings(std::move(settings)) {}

    RunResult run(RequestContext& context) const override {
        const auto origins = context.headerValues(MessageKind::Request, "Origin");
        if (origins.empty())
            return RunResult::next(); // not a cross-origin request
        const std::string& origin = origins.front();
        const auto requestedMethod =
            context.headerValues(MessageKind::Request, "Access-Control-Request-Method");
        const bool preflight = context.method() == "OPTIONS" && !requestedMethod.empty();
        if (preflight)
            return answerPreflight(context, origin, requestedMethod.front());

        const std::string method(context.method());
        if (originAllowed(origin) && methodAllowed(method)) {
            addOriginHeaders(context, origin);
            if (!m_settings.exposeHeaders.empty())
                context.addResponseHeaderOnSend("Access-Control-Expose-Headers",
                                                joined(m_settings.exposeHeaders));
            return RunResult::next();
        }
        if (m_settings.terminateUnmatched && (method == "GET" || method == "HEAD")) {
            context.resetResponse();
            return RunResult::respond();
        }
        return RunResult::next();
    }

private:
    RunResult answerPreflight(RequestContext& context, const std::string& origin,
                              const std::string& method) const {
        std::vector<std::string> requestedHeaders;
        for (const auto& value :
             context.headerValues(MessageKind::Request, "Access-Control-Request-Headers")) {
            for (auto& header : splitList(value))
                requestedHeaders.push_back(text::asciiLowered(header));
        }
        bool headersAllowed = true;
        for (const auto& header : requestedHeaders)
            headersAllowed = headersAllowed && headerAllowed(header);
        const bool matched = originAllowed(origin) && methodAllowed(method) && headersAllowed;
        if (!matched && !m_settings.terminateUnmatched)
            return RunResult::next(); // a narrower cors policy may still answer
        context.resetResponse();
        if (matched) {
            addOriginHeaders(context, origin);
            context.addResponseHeaderOnSend("Access-Control-Allow-Methods", method);
            if (!requestedHeaders.empty())
                context.addResponseHeaderOnSend("Access-Control-Allow-Headers",
                                                joined(requestedHeaders));
            if (m_settings.maxAge > 0)
                context.addResponseHeaderOnSend("Access-Control-Max-Age",
                                                std::to_string(m_settings.maxAge));
        }
        return RunResult::respond();
    }

    void addOriginHeaders(RequestContext& context, const std::string& origin) const {
        // With credentials the browser needs the exact origin; '*' is refused at compile time.
        const bool echo = !m_settings.anyOrigin || m_settings.allowCredentials;
        context.addResponseHeaderOnSend("Access-Control-Allow-Origin", echo ? origin : "*");
        if (m_settings.allowCredentials)
            context.addResponseHeaderOnSend("Access-Control-Allow-Credentials", "true");
        if (echo)
            context.addResponseHeaderOnSend("Vary", "Origin");
    }

    bool originAllowed(const std::string& origin) const {
        if (m_settings.anyOrigin)
            return true;
        const std::string lower = text::asciiLowered(origin);
        for (const auto& allowed : m_settings.origins) {
            if (allowed == lower)
                return true;
        }
        return false;
    }

    bool methodAllowed(const std::string& method) const {
        if (m_settings.anyMethod)
            return true;
        for (const auto& allowed : m_settings.methods) {
            if (allowed == method)
                return true;
        }
        return false;
    }

    bool headerAllowed(const std::string& lowerName) const {
        if (m_settings.anyHeader || isSafelistedHeader(lowerName))
            return true;
        for (const auto& allowed : m_settings.headers) {
            if (allowed == lowerName)
                return true;
        }
        return false;
    }

    CorsSettings m_settings;
};

class CorsKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "cors",
            .attributes = {{"allow-credentials", ValueType::Bool, false, {}},
                           {"terminate-unmatched-request", ValueType::Bool, false, {}}},
            .children =
                {{.name = "allowed-origins",
                  .occurs = Occurs::One,
                  .children = {{.name = "origin",
                                .occurs = Occurs::OneOrMore,
                                .text = TextRule::Required}}},
                 {.name = "allowed-methods",
                  .attributes = {{"preflight-result-max-age", ValueType::Seconds, false, {}}},
                  .children =
                      {{.name = "method", .occurs = Occurs::Many, .text = TextRule::Required}}},
                 {.name = "allowed-headers",
                  .children =
                      {{.name = "header", .occurs = Occurs::Many, .text = TextRule::Required}}},
                 {.name = "expose-headers",
                  .children =
                      {{.name = "header", .occurs = Occurs::Many, .text = TextRule::Required}}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    void validate(const PolicyNode& node, ValidationContext& context) const override {
        const auto* credentials = node.element.attribute("allow-credentials");
        if (!credentials || text::asciiLowered(credentials->value) != "true")
            return;
        for (const auto* group : node.element.childElements()) {
            if (group->name != "allowed-origins")
                continue;
            for (const auto* origin : group->childElements()) {
                if (trimmed(origin->innerText()) == "*")
                    context.error(codes::kBadValue, origin->where,
                                  "the origin '*' cannot be combined with "
                                  "allow-credentials=\"true\": list the allowed origins");
            }
        }
    }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        CorsSettings settings;
        const auto credentials = context.flag(node, node.element, "allow-credentials", false);
        const auto terminate =
            context.flag(node, node.element, "terminate-unmatched-request", true);
        if (!credentials || !terminate)
            return nullptr;
        settings.allowCredentials = *credentials;
        settings.terminateUnmatched = *terminate;
        for (const auto* group : node.element.childElements()) {
            std::vector<std::string> items;
            for (const auto* item : group->childElements()) {
                const auto text = context.innerText(node, *item);
                if (!text)
                    return nullptr;
                items.push_back(trimmed(*text));
            }
            const bool any = std::find(items.begin(), items.end(), "*") != items.end();
            if (group->name == "allowed-origins") {
                settings.anyOrigin = any;
                for (const auto& item : items)
                    settings.origins.push_back(text::asciiLowered(item));
            } else if (group->name == "allowed-methods") {
                const AttributeRule maxAge{
                    "preflight-result-max-age", ValueType::Seconds, false, {}};
                const auto age = context.number(node, *group, maxAge, 0);
                if (!age)
                    return nullptr;
                settings.maxAge = *age;
                settings.anyMethod = any;
                if (!items.empty())
                    settings.methods = items;
            } else if (group->name == "allowed-headers") {
                settings.anyHeader = any;
                for (const auto& item : items)
                    settings.headers.push_back(text::asciiLowered(item));
            } else {
                settings.exposeHeaders = items;
            }
        }
        if (settings.allowCredentials && settings.anyOrigin) {
            context.error(codes::kBadValue, node.origin.where,
                          "the origin '*' cannot be combined with allow-credentials=\"true\"");
            return nullptr;
        }
        return std::make_unique<CorsPolicy>(std::move(settings));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeCorsKind() {
    return std::make_unique<CorsKind>();
}

} // namespace portico::policies

#include "core/policies/builtin_policies.h"
#include "core/policies/caching_type.h"
#include "core/policies/http_text.h"
#include "core/policies/typed_value.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"
#include "core/policy/response_cache.h"

#include <algorithm>
#include <cctype>

namespace portico::policies {

using namespace portico::policy;

namespace {

const AttributeRule kVaryByDeveloper{"vary-by-developer", ValueType::Bool, true, {}};
const AttributeRule kVaryByDeveloperGroups{"vary-by-developer-groups", ValueType::Bool, true, {}};
const AttributeRule kDownstreamCachingType{
    "downstream-caching-type", ValueType::Enum, false, {"none", "private", "public"}};
const AttributeRule kMustRevalidate{"must-revalidate", ValueType::Bool, false, {}};
const AttributeRule kAllowPrivate{"allow-private-response-caching", ValueType::Bool, false, {}};
const AttributeRule kDuration{"duration", ValueType::Seconds, true, {}};
const AttributeRule kCacheResponse{"cache-response", ValueType::Bool, false, {}};

constexpr std::int64_t kMaxDurationSeconds = 365LL * 24 * 3600;

std::string lowerCase(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

void sortUnique(std::vector<std::string>& names) {
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
}

// Key parts are written "<length>:<bytes>" so that no value can pose as another part.
void part(std::string& key, std::string_view text) {
    key += std::to_string(text.size());
    key += ':';
    key += text;
}

// Headers that describe one transfer, not the response: never kept in the cache. Set-Cookie
// would hand one caller's session to the next.
bool cacheableHeader(std::string_view name) {
    static constexpr std::string_view kSkipped[] = {
        "connection", "content-length", "keep-alive",        "proxy-connection", "set-cookie",
        "te",         "trailer",        "transfer-encoding", "upgrade"};
    const std::string lower = lowerCase(std::string(name));
    return std::find(std::begin(kSkipped), std::end(kSkipped), lower) == std::end(kSkipped);
}

std::optional<DownstreamCaching> downstreamType(std::string_view text) {
    if (text == "none")
        return DownstreamCaching::None;
    if (text == "private")
        return DownstreamCaching::Private;
    if (text == "public")
        return DownstreamCaching::Public;
    return std::nullopt;
}

struct LookupSettings {
    PolicyValue varyByDeveloper;
    PolicyValue varyByDeveloperGroups;
    PolicyValue downstream;
    PolicyValue mustRevalidate;
    PolicyValue allowPrivate;
    std::vector<std::string> headers;    // lower case, sorted: their order does not matter
    std::vector<std::string> parameters; // as written (names are case-sensitive), sorted
};

class CacheLookupPolicy final : public CompiledPolicy {
public:
    explicit CacheLookupPolicy(LookupSettings settings)
        : m_settings(std::move(settings)) {}

    RunResult run(RequestContext& context) const override {
        context.cacheLookup.reset();
        // APIM looks up (and later stores) responses to GET requests only.
        if (context.method() != "GET")
            return RunResult::next();
        PolicyError failure = error({}, {}, 500);
        const auto allowPrivate = flagValue(m_settings.allowPrivate, context, failure);
        if (!allowPrivate)
            return RunResult::fail(std::move(failure));
        if (!*allowPrivate && !context.headerValues(MessageKind::Request, "Authorization").empty())
            return RunResult::next();
        const auto byDeveloper = flagValue(m_settings.varyByDeveloper, context, failure);
        const auto byGroups = byDeveloper
                                  ? flagValue(m_settings.varyByDeveloperGroups, context, failure)
                                  : std::nullopt;
        const auto mustRevalidate =
            byGroups ? flagValue(m_settings.mustRevalidate, context, failure) : std::nullopt;
        const auto downstreamText =
            mustRevalidate ? m_settings.downstream.text(context, failure) : std::nullopt;
        if (!downstreamText)
            return RunResult::fail(std::move(failure));
        const auto downstream = downstreamType(*downstreamText);
        if (!downstream)
            return RunResult::fail(
                error("ExpressionValueEvaluationFailure",
                      "Expression evaluation failed. downstream-caching-type must be none, "
                      "private or public, not '" +
                          *downstreamText + "'.",
                      500));

        auto state = std::make_shared<CacheLookupState>();
        state->key = keyFor(context, *byDeveloper, *byGroups);
        state->downstream = *downstream;
        state->mustRevalidate = *mustRevalidate;
        auto hit = ResponseCache::shared().lookup(state->key);
        if (!hit) {
            context.cacheLookup = std::move(state);
            return RunResult::next();
        }
        context.resetResponse();
        context.setStatus(hit->status, hit->reason);
        for (const auto& [name, value] : hit->headers)
            context.appendHeader(MessageKind::Response, name, value);
        context.setHeader(MessageKind::Response, "Cache-Control",
                          {downstreamCacheControl(*downstream, *mustRevalidate, hit->remaining)});
        context.setBody(MessageKind::Response, std::move(hit->body));
        return RunResult::respond();
    }

private:
    std::string keyFor(RequestContext& context, bool byDeveloper, bool byGroups) const {
        const auto& facts = context.facts;
        std::string key = "response";
        part(key, facts.api ? facts.api->id : std::string());
        part(key, facts.operation ? facts.operation->id : std::string());
        part(key, facts.originalUrl.path.empty() ? std::string(context.urlPath())
                                                 : facts.originalUrl.path);
        for (const auto& name : m_settings.headers) {
            const auto values = context.headerValues(MessageKind::Request, name);
            std::string joined;
            for (const auto& value : values)
                joined += (joined.empty() ? "" : ",") + value;
            part(key, name);
            part(key, values.empty() ? "-" : "=" + joined); // absent differs from empty
        }
        const auto query = context.queryParameters();
        for (const auto& name : m_settings.parameters) {
            std::string joined = "-";
            for (const auto& [parameter, value] : query) {
                if (parameter == name)
                    joined += "=" + value;
            }
            part(key, name);
            part(key, joined);
        }
        if (byDeveloper) {
            // The developer who owns the subscription; a subscription without an owner is
            // its own developer.
            part(key, facts.user           ? "u:" + facts.user->id
                      : facts.subscription ? "s:" + facts.subscription->id
                                           : std::string("anonymous"));
        }
        if (byGroups) {
            std::vector<std::string> groups;
            if (facts.user) {
                for (const auto& group : facts.user->groups)
                    groups.push_back(group.id);
            }
            sortUnique(groups);
            for (const auto& group : groups)
                part(key, "g:" + group);
            part(key, "groups-end");
        }
        return key;
    }

    LookupSettings m_settings;
};

class CacheStorePolicy final : public CompiledPolicy {
public:
    CacheStorePolicy(PolicyValue duration, std::optional<PolicyValue> cacheResponse)
        : m_duration(std::move(duration))
        , m_cacheResponse(std::move(cacheResponse)) {}

    RunResult run(RequestContext& context) const override {
        const auto state = context.cacheLookup;
        if (!state) // no cache-lookup ran, it was not a GET, or it was a private request
            return RunResult::next();
        PolicyError failure = error({}, {}, 500);
        bool anyStatus = false;
        if (m_cacheResponse) {
            const auto flag = flagValue(*m_cacheResponse, context, failure);
            if (!flag)
                return RunResult::fail(std::move(failure));
            anyStatus = *flag;
        }
        // Without cache-response="true" only 200 OK responses are cached, as APIM documents.
        if (!anyStatus && context.statusCode() != 200)
            return RunResult::next();
        const auto seconds =
            boundedInteger(m_duration, context, 0, kMaxDurationSeconds, "The duration", failure);
        if (!seconds)
            return RunResult::fail(std::move(failure));
        if (*seconds == 0)
            return RunResult::next();
        CachedResponse response;
        response.status = context.statusCode();
        response.reason = context.statusReason();
        if (const auto headers = context.headerList(MessageKind::Response)) {
            for (const auto& [name, value] : *headers) {
                if (cacheableHeader(name) && lowerCase(name) != "cache-control")
                    response.headers.emplace_back(name, value);
            }
        }
        response.body = context.body(MessageKind::Response);
        ResponseCache::shared().store(state->key, response, std::chrono::seconds(*seconds));
        context.setHeader(MessageKind::Response, "Cache-Control",
                          {downstreamCacheControl(state->downstream, state->mustRevalidate,
                                                  std::chrono::seconds(*seconds))});
        context.cacheLookup.reset(); // stored once, even if the policy runs again (retry)
        return RunResult::next();
    }
    bool readsBody() const override { return true; }

private:
    PolicyValue m_duration;
    std::optional<PolicyValue> m_cacheResponse; // none: only 200 OK is cached
};

class CacheLookupKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "cache-lookup",
            .attributes = {kVaryByDeveloper, kVaryByDeveloperGroups, cachingTypeRule(),
                           kDownstreamCachingType, kMustRevalidate, kAllowPrivate},
            .children = {{.name = "vary-by-header",
                          .occurs = Occurs::Many,
                          .text = TextRule::Required},
                         {.name = "vary-by-query-parameter",
                          .occurs = Occurs::Many,
                          .text = TextRule::Required}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        LookupSettings settings;
        auto byDeveloper = typedValue(node, context, kVaryByDeveloper, "false");
        auto byGroups = typedValue(node, context, kVaryByDeveloperGroups, "false");
        auto downstream = typedValue(node, context, kDownstreamCachingType, "none");
        auto mustRevalidate = typedValue(node, context, kMustRevalidate, "true");
        auto allowPrivate = typedValue(node, context, kAllowPrivate, "false");
        bool ok = checkCachingType(node, context);
        for (const auto* child : node.element.childElements()) {
            const auto text = context.innerText(node, *child);
            if (!text) {
                ok = false;
                continue;
            }
            const auto where = context.where(node, child->where);
            if (child->name == "vary-by-header") {
                const std::string name = trimmed(*text);
                if (!isHeaderName(name)) {
                    context.error(codes::kBadAttributeValue, where,
                                  "<vary-by-header> needs a valid HTTP header name, not '" + name +
                                      "'");
                    ok = false;
                    continue;
                }
                settings.headers.push_back(lowerCase(name));
            } else if (child->name == "vary-by-query-parameter") {
                // One name or several separated by semicolons.
                std::string_view rest = *text;
                bool any = false;
                while (true) {
                    const auto semicolon = rest.find(';');
                    const std::string name = trimmed(rest.substr(0, semicolon));
                    if (!name.empty()) {
                        settings.parameters.push_back(name);
                        any = true;
                    }
                    if (semicolon == std::string_view::npos)
                        break;
                    rest.remove_prefix(semicolon + 1);
                }
                if (!any) {
                    context.error(codes::kBadAttributeValue, where,
                                  "<vary-by-query-parameter> needs a query parameter name (several "
                                  "are separated by ';')");
                    ok = false;
                }
            }
        }
        if (!ok || !byDeveloper || !byGroups || !downstream || !mustRevalidate || !allowPrivate)
            return nullptr;
        sortUnique(settings.headers);
        sortUnique(settings.parameters);
        settings.varyByDeveloper = std::move(*byDeveloper);
        settings.varyByDeveloperGroups = std::move(*byGroups);
        settings.downstream = std::move(*downstream);
        settings.mustRevalidate = std::move(*mustRevalidate);
        settings.allowPrivate = std::move(*allowPrivate);
        return std::make_unique<CacheLookupPolicy>(std::move(settings));
    }
};

class CacheStoreKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{.name = "cache-store",
                                      .attributes = {kDuration, kCacheResponse}};
        return rule;
    }
    SectionSet sections() const override { return kOutbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto duration = typedValue(node, context, kDuration, "0");
        std::optional<PolicyValue> cacheResponse;
        if (node.element.attribute(kCacheResponse.name)) {
            cacheResponse = typedValue(node, context, kCacheResponse, "false");
            if (!cacheResponse)
                return nullptr;
        }
        if (!duration)
            return nullptr;
        return std::make_unique<CacheStorePolicy>(std::move(*duration), std::move(cacheResponse));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeCacheLookupKind() {
    return std::make_unique<CacheLookupKind>();
}
std::unique_ptr<PolicyKind> makeCacheStoreKind() {
    return std::make_unique<CacheStoreKind>();
}

} // namespace portico::policies

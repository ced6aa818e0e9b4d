#include "core/policies/throttle_support.h"

#include "core/policies/http_text.h"
#include "core/policy/diagnostic_codes.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace portico::policies {

using namespace portico::policy;

namespace {

// Counter keys this request was counted against, one per line. Internal to throttling; a
// variable so that it lives exactly as long as the request.
constexpr std::string_view kCountedVariable = "portico.throttle.counted";

bool counted(const RequestContext& context, std::string_view key) {
    const auto* value = context.variable(kCountedVariable);
    if (!value || value->type() != expr::Ty::String)
        return false;
    std::string_view rest = value->asString();
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        if (rest.substr(0, end) == key)
            return true;
        if (end == std::string_view::npos)
            break;
        rest.remove_prefix(end + 1);
    }
    return false;
}

void markCounted(RequestContext& context, std::string_view key) {
    std::string list;
    if (const auto* value = context.variable(kCountedVariable);
        value && value->type() == expr::Ty::String)
        list = value->asString() + "\n";
    list.append(key);
    context.setVariable(std::string(kCountedVariable), expr::Value::string(std::move(list)));
}

} // namespace

std::optional<ThrottleOutputs> readThrottleOutputs(const PolicyNode& node,
                                                   CompileContext& context) {
    const auto& e = node.element;
    ThrottleOutputs out;
    const auto retryHeader = context.text(node, e, "retry-after-header-name", "Retry-After");
    const auto retryVariable = context.text(node, e, "retry-after-variable-name");
    const auto remainingHeader = context.text(node, e, "remaining-calls-header-name");
    const auto remainingVariable = context.text(node, e, "remaining-calls-variable-name");
    const auto totalHeader = context.text(node, e, "total-calls-header-name");
    if (!retryHeader || !retryVariable || !remainingHeader || !remainingVariable || !totalHeader)
        return std::nullopt;
    for (const auto* name : {&*retryHeader, &*remainingHeader, &*totalHeader}) {
        if (!name->empty() && !isHeaderName(*name)) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "<" + node.kind + "> names an invalid HTTP header '" + *name + "'");
            return std::nullopt;
        }
    }
    out.retryAfterHeader = *retryHeader;
    out.retryAfterVariable = *retryVariable;
    out.remainingHeader = *remainingHeader;
    out.remainingVariable = *remainingVariable;
    out.totalHeader = *totalHeader;
    return out;
}

bool readScopedLevels(const PolicyNode& node, CompileContext& context, const LevelReader& level) {
    auto nameOf = [&](const xml::XmlNode& e) -> std::optional<std::string> {
        const auto id = context.text(node, e, "id");
        const auto name = context.text(node, e, "name");
        if (!id || !name)
            return std::nullopt;
        if (id->empty() && name->empty()) {
            context.error(codes::kMissingAttribute, context.where(node, e.where),
                          "<" + e.name + "> of <" + node.kind + "> needs a name or an id");
            return std::nullopt;
        }
        return id->empty() ? *name : *id;
    };
    bool ok = level(node.element, {}, {});
    for (const auto* api : node.element.childElements()) {
        const auto apiName = nameOf(*api);
        ok = ok && apiName && level(*api, *apiName, {});
        for (const auto* operation : api->childElements()) {
            const auto operationName = nameOf(*operation);
            ok = ok && apiName && operationName && level(*operation, *apiName, *operationName);
        }
    }
    return ok;
}

bool checkQuotaLimits(const PolicyNode& node, const xml::XmlNode& element, CompileContext& context,
                      std::int64_t calls, std::int64_t kilobytes, std::int64_t period) {
    if (calls < 0 && kilobytes < 0) {
        context.error(codes::kMissingAttribute, context.where(node, element.where),
                      "<" + element.name + "> needs 'calls', 'bandwidth' or both");
        return false;
    }
    if (period < 1) {
        context.error(codes::kBadAttributeValue,
                      context.where(node, element.attribute("renewal-period")->valueWhere),
                      "renewal-period of <" + element.name + "> must be at least 1 s");
        return false;
    }
    return true;
}

void publishRemaining(RequestContext& context, const ThrottleOutputs& outputs,
                      std::int64_t remaining, std::int64_t total) {
    if (!outputs.remainingHeader.empty())
        context.addResponseHeaderOnSend(outputs.remainingHeader, std::to_string(remaining));
    if (!outputs.remainingVariable.empty())
        context.setVariable(outputs.remainingVariable, expr::Value::integer(remaining));
    if (!outputs.totalHeader.empty())
        context.addResponseHeaderOnSend(outputs.totalHeader, std::to_string(total));
}

throttle::Decision acquireOnce(throttle::CounterStore& store, RequestContext& context,
                               const std::string& key, const throttle::Window& window,
                               std::int64_t limit, std::int64_t count) {
    if (counted(context, key))
        return store.check(key, window, limit, 0);
    const auto decision = store.acquire(key, window, limit, count);
    if (decision.admitted && count > 0)
        markCounted(context, key);
    return decision;
}

PolicyError rateLimitExceeded(RequestContext& context, const ThrottleOutputs& outputs,
                              const throttle::Decision& decision, std::string source,
                              std::string policyId) {
    const auto seconds = throttle::ceilSeconds(decision.wait);
    context.addResponseHeaderOnSend(outputs.retryAfterHeader, std::to_string(seconds));
    if (!outputs.retryAfterVariable.empty())
        context.setVariable(outputs.retryAfterVariable, expr::Value::integer(seconds));
    return {std::move(source), "RateLimitExceeded",
            "Rate limit is exceeded. Try again in " + std::to_string(seconds) + " seconds.",
            std::move(policyId), 429};
}

std::string timeSpanText(throttle::Millis wait) {
    // Rounded up to the second: the quota is certainly renewed by then.
    std::int64_t total = (std::max<throttle::Millis>(wait, 0) + 999) / 1000;
    const auto days = total / 86'400;
    total %= 86'400;
    char text[48];
    if (days > 0)
        std::snprintf(text, sizeof text, "%lld.%02lld:%02lld:%02lld", static_cast<long long>(days),
                      static_cast<long long>(total / 3600), static_cast<long long>(total / 60 % 60),
                      static_cast<long long>(total % 60));
    else
        std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld",
                      static_cast<long long>(total / 3600), static_cast<long long>(total / 60 % 60),
                      static_cast<long long>(total % 60));
    return text;
}

PolicyError quotaExceeded(bool bandwidth, const throttle::Decision& decision, std::string source,
                          std::string policyId) {
    return {std::move(source), "QuotaExceeded",
            std::string(bandwidth ? "Out of bandwidth quota." : "Out of call volume quota.") +
                " Quota will be replenished in " + timeSpanText(decision.wait) + ".",
            std::move(policyId), 403};
}

std::optional<PolicyError> enforceQuota(RequestContext& context, throttle::CounterStore& store,
                                        const std::string& keyBase, const throttle::Window& window,
                                        std::optional<std::int64_t> calls,
                                        std::optional<std::int64_t> kilobytes, bool counting,
                                        const std::string& source, const std::string& policyId) {
    if (calls) {
        const auto key = keyBase + "|calls";
        const auto d = counting ? acquireOnce(store, context, key, window, *calls, 1)
                                : store.check(key, window, *calls, 1);
        if (!d.admitted)
            return quotaExceeded(false, d, source, policyId);
    }
    if (kilobytes) {
        const auto key = keyBase + "|kb";
        // Refused once the volume is used up; this request's own size counts afterwards.
        const auto d = store.check(key, window, *kilobytes, 1);
        if (!d.admitted)
            return quotaExceeded(true, d, source, policyId);
        if (counting && !counted(context, key)) {
            // APIM counts request and response: the request now when its length is declared, the
            // rest once the answer is out (a streamed body is known only then).
            const auto declared = context.bodyBytes(MessageKind::Request);
            if (declared > 0)
                store.add(key, window, (declared + 1023) / 1024);
            markCounted(context, key);
            context.atFinish([&store, key, window, declared](RequestContext& finished) {
                auto bytes = finished.bodyBytes(MessageKind::Response);
                if (declared == 0)
                    bytes += finished.bodyBytes(MessageKind::Request);
                if (bytes > 0)
                    store.add(key, window, (bytes + 1023) / 1024);
            });
        }
    }
    return std::nullopt;
}

std::optional<throttle::Millis> parseUtcTime(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char tail[8] = {};
    const std::string copy(text);
    const int n =
        std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%7s", &y, &mo, &d, &h, &mi, &s, tail);
    if (n < 6 || (n == 7 && std::string_view(tail) != "Z") || mo < 1 || mo > 12 || d < 1 ||
        d > 31 || h > 23 || mi > 59 || s > 59 || y < 1970)
        return std::nullopt;
    // Days from the civil date (Howard Hinnant's algorithm).
    const int yy = y - (mo <= 2);
    const int era = yy / 400;
    const int yoe = yy - era * 400;
    const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = std::int64_t(era) * 146097 + doe - 719468;
    return ((days * 24 + h) * 60 + mi) * 60'000LL + s * 1000LL;
}

std::string apiIdOf(const RequestContext& context) {
    return context.facts.api ? context.facts.api->id : std::string();
}

} // namespace portico::policies

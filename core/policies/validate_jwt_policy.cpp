#include "core/policies/validate_jwt_policy.h"

#include "core/identity/scope_check.h"
#include "core/net/field_chars.h"
#include "core/security/jwt/verification_cache.h"
#include "core/text/ascii.h"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>

namespace portico::policies {

using namespace portico::policy;
using security::jwt::JwtError;

namespace {

// Values of a list where some entries may be expressions; nothing after a failing expression.
std::optional<std::vector<std::string>> evaluateAll(const std::vector<PolicyValue>& values,
                                                    RequestContext& context, PolicyError& failure) {
    std::vector<std::string> out;
    out.reserve(values.size());
    for (const auto& value : values) {
        auto text = value.text(context, failure);
        if (!text)
            return std::nullopt;
        out.push_back(std::move(*text));
    }
    return out;
}

std::uint64_t nextPolicyId() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

std::atomic<WallClock> g_clock{nullptr};
std::mutex g_authorityMutex;
std::optional<std::string> g_authority;

} // namespace

security::jwt::VerificationCache& sharedVerificationCache() {
    static security::jwt::VerificationCache cache(16'384);
    return cache;
}

void setJwtPolicyClock(WallClock clock) {
    g_clock.store(clock);
}

WallClock jwtPolicyClock() {
    return g_clock.load();
}

std::string azureAdAuthority() {
    std::lock_guard lock(g_authorityMutex);
    if (!g_authority) {
        const char* fromEnvironment = std::getenv("PORTICO_AZURE_AD_AUTHORITY");
        g_authority = fromEnvironment && *fromEnvironment ? fromEnvironment
                                                          : "https://login.microsoftonline.com";
    }
    return *g_authority;
}

void setAzureAdAuthority(std::string baseUrl) {
    std::lock_guard lock(g_authorityMutex);
    while (!baseUrl.empty() && baseUrl.back() == '/')
        baseUrl.pop_back();
    g_authority = std::move(baseUrl);
}

security::jwt::KeyResult keyFromElement(std::string_view text, std::string_view id,
                                        std::string_view n, std::string_view e) {
    using security::jwt::VerificationKey;
    security::jwt::KeyBinding binding{std::string(id), std::nullopt};
    if (!n.empty() || !e.empty()) {
        if (n.empty() || e.empty())
            return {std::nullopt, "an RSA key needs both n and e"};
        return VerificationKey::fromRsaModulusExponent(n, e, std::move(binding));
    }
    const std::string_view body = net::trimOws(text);
    if (body.rfind("-----BEGIN CERTIFICATE-----", 0) == 0)
        return VerificationKey::fromCertificate(body, std::move(binding));
    if (body.rfind("-----BEGIN", 0) == 0)
        return VerificationKey::fromPublicKeyPem(body, std::move(binding));
    return VerificationKey::fromSymmetricBase64(body, std::move(binding));
}

JwtPolicy::JwtPolicy(JwtPolicySettings settings, security::jwt::JwtValidator validator,
                     std::shared_ptr<identity::KeyProvider> provider)
    : m_settings(std::move(settings))
    , m_validator(std::move(validator))
    , m_provider(std::move(provider))
    , m_id(nextPolicyId()) {
    for (const auto& issuer : m_settings.issuers) {
        if (!issuer.isExpression())
            m_literalIssuers.push_back(issuer.literal());
    }
}

void JwtPolicy::extract(RequestContext& context, Token& token) const {
    switch (m_settings.source) {
    case JwtPolicySettings::Source::Value: {
        PolicyError failure;
        auto text = m_settings.tokenValue.text(context, failure);
        if (!text) {
            token.expressionFailure = std::move(failure);
        } else {
            token.owned = std::move(*text);
            token.text = token.owned;
        }
        break;
    }
    case JwtPolicySettings::Source::Query: {
        int found = 0;
        for (auto& [name, value] : context.queryParameters()) {
            if (name == m_settings.queryName && found++ == 0)
                token.owned = value;
        }
        token.text = token.owned;
        if (found > 1)
            token.error = JwtError::Malformed; // which one would the backend believe?
        break;
    }
    case JwtPolicySettings::Source::Header: {
        const auto header = context.findHeader(MessageKind::Request, m_settings.headerName);
        if (header.count > 1) {
            token.error = JwtError::Malformed;
            break;
        }
        if (header.count == 0)
            break;
        const std::string_view value = net::trimOws(header.first);
        const auto space = value.find(' ');
        const std::string_view scheme = value.substr(0, space);
        const std::string_view rest = space == std::string_view::npos
                                          ? std::string_view()
                                          : net::trimOws(value.substr(space));
        if (!m_settings.requireScheme.empty() &&
            text::equalsIgnoringAsciiCase(m_settings.headerName, "Authorization")) {
            if (!text::equalsIgnoringAsciiCase(scheme, m_settings.requireScheme) || rest.empty())
                break; // no token in the required scheme
            token.text = rest;
        } else if (space != std::string_view::npos &&
                   text::equalsIgnoringAsciiCase(scheme, "Bearer")) {
            token.text = rest;
        } else {
            token.text = value;
        }
        break;
    }
    }
    if (token.error == JwtError::None && !token.expressionFailure && token.text.empty())
        token.error = JwtError::NotPresent;
}

// Every worker used to read the keys anew per request: the provider's lock and three reference
// counts, all written by every worker, so their cache lines moved between cores on each request.
const JwtPolicy::Keys& JwtPolicy::gather() const {
    struct Gathered {
        std::uint64_t policy = 0;
        std::uint64_t publications = 0;
        Keys keys;
    };
    thread_local Gathered last;
    // Read before gathering: keys published meanwhile make the next call gather again.
    const std::uint64_t publications = m_provider ? m_provider->publications() : 0;
    if (last.policy != m_id || last.publications != publications) {
        last.keys = gatherNow();
        last.policy = m_id;
        last.publications = publications;
    }
    return last.keys;
}

JwtPolicy::Keys JwtPolicy::gatherNow() const {
    Keys out;
    if (m_settings.openIdConfigUrls.empty()) {
        out.combinedIssuers = m_literalIssuers;
        out.keys = std::shared_ptr<const security::jwt::KeySet>(
            std::shared_ptr<const void>(), &m_settings.staticKeys); // owned by this policy
        return out;
    }
    boost::container::small_vector<std::shared_ptr<const identity::ProviderKeys>, 2> published;
    boost::container::small_vector<const void*, 2> from;
    for (const auto& url : m_settings.openIdConfigUrls) {
        auto keys = m_provider->current(url);
        if (!keys) {
            out.missing.push_back(url);
            from.push_back(nullptr);
            continue;
        }
        from.push_back(keys->keys.get());
        published.push_back(std::move(keys));
    }
    if (m_literalIssuers.empty() && published.size() == 1) {
        out.onlyProvider = published.front();
    } else {
        out.combinedIssuers = m_literalIssuers;
        for (const auto& provider : published) {
            auto& issuers = out.combinedIssuers;
            if (std::find(issuers.begin(), issuers.end(), provider->issuer) == issuers.end())
                issuers.push_back(provider->issuer);
        }
    }
    if (m_settings.staticKeys.empty() && published.size() == 1) {
        out.keys = published.front()->keys;
        return out;
    }
    std::lock_guard lock(m_combinedMutex);
    if (!m_combined ||
        !std::equal(from.begin(), from.end(), m_combinedFrom.begin(), m_combinedFrom.end())) {
        std::vector<security::jwt::VerificationKey> keys = m_settings.staticKeys.keys();
        for (const auto& provider : published) {
            keys.insert(keys.end(), provider->keys->keys().begin(), provider->keys->keys().end());
        }
        m_combined = std::make_shared<const security::jwt::KeySet>(std::move(keys));
        m_combinedFrom.assign(from.begin(), from.end());
    }
    out.keys = m_combined;
    return out;
}

RunResult JwtPolicy::fetchThenResume(std::vector<std::string> urls,
                                     identity::KeyProvider::Reason reason) const {
    auto provider = m_provider;
    return RunResult::await(
        ExternalWork{[provider, urls = std::move(urls), reason](std::function<void()> done) {
            auto remaining = std::make_shared<std::atomic<std::size_t>>(urls.size());
            auto shared = std::make_shared<std::function<void()>>(std::move(done));
            for (const auto& url : urls) {
                provider->refresh(url, reason, [remaining, shared] {
                    if (remaining->fetch_sub(1) == 1)
                        (*shared)();
                });
            }
        }});
}

RunResult JwtPolicy::run(RequestContext& context) const {
    return validate(context, true);
}

RunResult JwtPolicy::resume(RequestContext& context, const AwaitOutcome&) const {
    return validate(context, false);
}

RunResult JwtPolicy::validate(RequestContext& context, bool mayAwait) const {
    Token token;
    extract(context, token);
    if (token.expressionFailure)
        return RunResult::fail(*token.expressionFailure);
    if (token.error != JwtError::None)
        return refuse(context, token.error, std::string(security::jwt::errorMessage(token.error)));

    const Keys& keys = gather();
    using Reason = identity::KeyProvider::Reason;
    if (mayAwait && !keys.missing.empty()) {
        std::vector<std::string> due;
        for (const auto& url : keys.missing) {
            if (m_provider->fetchDue(url, Reason::Initial))
                due.push_back(url);
        }
        if (!due.empty())
            return fetchThenResume(std::move(due), Reason::Initial);
    }

    security::jwt::RequestExpectations expectations;
    std::optional<std::vector<std::string>> audiences;
    std::optional<std::vector<std::string>> issuers;
    if (m_settings.audiencesVary) {
        PolicyError failure;
        audiences = evaluateAll(m_settings.audiences, context, failure);
        if (!audiences)
            return RunResult::fail(failure);
        expectations.audiences = &*audiences;
    }
    const bool issuersVary = std::any_of(m_settings.issuers.begin(), m_settings.issuers.end(),
                                         [](const auto& v) { return v.isExpression(); });
    if (issuersVary) {
        PolicyError failure;
        issuers = evaluateAll(m_settings.issuers, context, failure);
        if (!issuers)
            return RunResult::fail(failure);
        for (const auto& issuer : keys.issuers()) {
            if (std::find(issuers->begin(), issuers->end(), issuer) == issuers->end())
                issuers->push_back(issuer);
        }
        expectations.issuers = *issuers;
    } else if (!m_settings.openIdConfigUrls.empty()) {
        expectations.issuers = keys.issuers();
    }

    const auto result =
        m_validator.validate(token.text, *keys.keys, &sharedVerificationCache(), expectations);
    if (!result.ok()) {
        if (result.unknownKid && mayAwait) {
            std::vector<std::string> due;
            for (const auto& url : m_settings.openIdConfigUrls) {
                if (m_provider->fetchDue(url, Reason::UnknownKid))
                    due.push_back(url);
            }
            if (!due.empty())
                return fetchThenResume(std::move(due), Reason::UnknownKid);
        }
        context.trace(kind(), "Error", result.detail);
        return refuse(context, result.error, result.message);
    }
    return admit(context, *result.token, token.text);
}

RunResult JwtPolicy::refuse(RequestContext& context, JwtError error, std::string message) const {
    PolicyError failure;
    const auto statusText = m_settings.failedStatus.text(context, failure);
    if (!statusText)
        return RunResult::fail(failure);
    int status = 0;
    for (char c : *statusText) {
        if (c < '0' || c > '9' || status > 999) {
            status = 0;
            break;
        }
        status = status * 10 + (c - '0');
    }
    if (status < 100 || status > 599)
        return RunResult::fail(this->error(
            "ExpressionValueEvaluationFailure",
            "failed-validation-httpcode '" + *statusText + "' is not an HTTP status code", 500));
    if (m_settings.failedMessage) {
        auto text = m_settings.failedMessage->text(context, failure);
        if (!text)
            return RunResult::fail(failure);
        message = std::move(*text);
    }
    return RunResult::fail(
        this->error(std::string(security::jwt::errorReason(error)), std::move(message), status));
}

RunResult JwtPolicy::admit(RequestContext& context, const security::jwt::VerifiedToken& token,
                           std::string_view tokenText) const {
    const auto& claims = token.claims;
    if (!m_settings.clientApplicationIds.empty()) {
        auto application = claims.string("azp");
        if (!application)
            application = claims.string("appid");
        const auto& allowed = m_settings.clientApplicationIds;
        if (!application ||
            std::find(allowed.begin(), allowed.end(), *application) == allowed.end()) {
            context.trace(kind(), "Error", "azp/appid matches no client application id");
            return refuse(context, JwtError::ClaimValueNotAllowed,
                          "JWT client application is not allowed.");
        }
    }
    if (!context.facts.requiredScopes.empty()) {
        const auto check = identity::checkScopes(claims, context.facts.requiredScopes);
        if (!check.granted)
            return RunResult::fail(this->error("ScopeNotGranted", check.message, 403));
    }
    if (!m_settings.outputVariable.empty()) {
        if (auto value = expr::parseJwtValue(tokenText))
            context.setVariable(m_settings.outputVariable, std::move(*value));
    }
    return RunResult::next();
}

} // namespace portico::policies

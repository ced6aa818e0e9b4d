#include "core/identity/dev_idp/dev_idp.h"

#include "core/identity/dev_idp/form_encoding.h"
#include "core/identity/dev_idp/oauth_error.h"
#include "core/identity/dev_idp/provider_state.h"
#include "core/text/json_text.h"

#include <nlohmann/json.hpp>

namespace portico::identity::dev_idp {

namespace {

constexpr std::size_t kMaxBody = 64 * 1024;

std::string issuerFor(const std::string& baseUrl, const std::string& tenant) {
    return baseUrl + "/" + tenant + "/v2.0";
}

Response json(const nlohmann::json& body) {
    Response response;
    response.body = text::jsonText(body);
    response.headers.emplace_back("Cache-Control", "max-age=300");
    return response;
}

Response methodNotAllowed(const char* allow) {
    auto response = oauthError(405, "invalid_request", 0,
                               std::string("This endpoint accepts ") + allow + " only.");
    response.headers.emplace_back("Allow", allow);
    return response;
}

nlohmann::json openIdConfiguration(const ProviderState& state) {
    const auto base = state.tenantUrl();
    return {
        {"issuer", issuerFor(state.baseUrl, state.directory.settings().tenant)},
        {"authorization_endpoint", base + "/oauth2/v2.0/authorize"},
        {"token_endpoint", base + "/oauth2/v2.0/token"},
        {"device_authorization_endpoint", base + "/oauth2/v2.0/devicecode"},
        {"jwks_uri", base + "/discovery/v2.0/keys"},
        {"token_endpoint_auth_methods_supported", {"client_secret_post", "client_secret_basic"}},
        {"response_types_supported", {"code"}},
        {"response_modes_supported", {"query"}},
        {"grant_types_supported",
         {"client_credentials", "authorization_code", "refresh_token",
          "urn:ietf:params:oauth:grant-type:device_code"}},
        {"code_challenge_methods_supported", {"S256"}},
        {"scopes_supported", {"openid", "profile", "email", "offline_access"}},
        {"subject_types_supported", {"pairwise"}},
        {"id_token_signing_alg_values_supported", {"RS256"}},
        {"claims_supported",
         {"aud", "iss", "iat", "nbf", "exp", "azp", "azpacr", "tid", "oid", "sub", "scp", "roles",
          "name", "preferred_username", "ver", "uti"}},
        {"tenant_region_scope", "WW"}};
}

} // namespace

Response htmlResponse(int status, std::string body) {
    Response response;
    response.status = status;
    response.contentType = "text/html; charset=utf-8";
    response.body = std::move(body);
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; frame-ancestors 'none'");
    response.headers.emplace_back("X-Frame-Options", "DENY");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return response;
}

DevIdentityProvider::DevIdentityProvider(Options options, std::unique_ptr<ProviderState> state)
    : m_options(std::move(options))
    , m_state(std::move(state)) {}

DevIdentityProvider::~DevIdentityProvider() = default;

std::unique_ptr<DevIdentityProvider>
DevIdentityProvider::create(Options options, model::IdentitySettings identity, std::string& error) {
    // A retired key stays published as long as a token it signed can live, plus clock skew.
    const auto keep = std::chrono::seconds(86400 + 600);
    auto keys = SigningKeys::generate(keep, options.rsaBits);
    if (!keys) {
        error = "cannot generate the identity provider's RSA keys (no secure random source?)";
        return nullptr;
    }
    const std::string tenant = identity.tenant;
    auto state = std::unique_ptr<ProviderState>(new ProviderState{
        options.baseUrl, Directory(std::move(identity)), std::move(*keys), GrantStore(),
        TokenIssuer(issuerFor(options.baseUrl, tenant), tenant), Clock::time_point()});
    return std::unique_ptr<DevIdentityProvider>(
        new DevIdentityProvider(std::move(options), std::move(state)));
}

DevIdentityProvider::Clock::time_point DevIdentityProvider::now() const {
    return m_options.now ? m_options.now() : Clock::now();
}

void DevIdentityProvider::setIdentity(model::IdentitySettings identity) {
    const std::string tenant = identity.tenant;
    m_state->directory = Directory(std::move(identity));
    m_state->issuer = TokenIssuer(issuerFor(m_state->baseUrl, tenant), tenant);
}

void DevIdentityProvider::setBaseUrl(std::string baseUrl) {
    m_state->baseUrl = std::move(baseUrl);
    const auto& tenant = m_state->directory.settings().tenant;
    m_state->issuer = TokenIssuer(issuerFor(m_state->baseUrl, tenant), tenant);
}

std::optional<std::string> DevIdentityProvider::rotateKeys() {
    return m_state->keys.rotate(now());
}

std::string DevIdentityProvider::issuer() const {
    return m_state->issuer.issuer();
}

std::string DevIdentityProvider::currentKid() const {
    return m_state->keys.currentKid();
}

std::vector<std::string> DevIdentityProvider::publishedKids() const {
    return m_state->keys.publishedKids(now());
}

Response DevIdentityProvider::handle(const Request& request) {
    auto& state = *m_state;
    state.now = now();
    state.grants.purge(state.now);

    const std::string_view target = request.target;
    const auto question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query =
        question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

    // /{tenant}/<rest>
    if (path.size() < 2 || path.front() != '/')
        return oauthError(404, "invalid_request", 0, "No such endpoint.");
    const auto slash = path.find('/', 1);
    const std::string_view tenant = path.substr(1, slash == path.npos ? path.npos : slash - 1);
    const std::string_view rest = slash == path.npos ? std::string_view() : path.substr(slash);
    if (tenant != state.directory.settings().tenant) {
        return oauthError(400, "invalid_tenant", 90002,
                          "Tenant '" + std::string(tenant) +
                              "' not found. Check to make sure you have the correct tenant ID "
                              "and are signing into the correct cloud.");
    }

    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    if (rest == "/v2.0/.well-known/openid-configuration") {
        return get ? json(openIdConfiguration(state)) : methodNotAllowed("GET");
    }
    if (rest == "/discovery/v2.0/keys") {
        if (!get)
            return methodNotAllowed("GET");
        Response response;
        response.body = state.keys.jwks(state.now);
        response.headers.emplace_back("Cache-Control", "max-age=300");
        return response;
    }

    const bool token = rest == "/oauth2/v2.0/token";
    const bool deviceCode = rest == "/oauth2/v2.0/devicecode";
    const bool authorize = rest == "/oauth2/v2.0/authorize";
    const bool deviceAuth = rest == "/oauth2/v2.0/deviceauth";
    if (!token && !deviceCode && !authorize && !deviceAuth)
        return oauthError(404, "invalid_request", 0, "No such endpoint.");
    if ((token || deviceCode) && !post)
        return methodNotAllowed("POST");
    if ((authorize || deviceAuth) && !get && !post)
        return methodNotAllowed("GET, POST");

    // Parameters come from the body on POST (a form, as RFC 6749 requires) and the query on GET.
    std::string_view encoded = query;
    if (post) {
        const auto type = std::string_view(request.contentType)
                              .substr(0, std::string_view(request.contentType).find(';'));
        if (type != "application/x-www-form-urlencoded")
            return oauthError(400, "invalid_request", 0,
                              "The request body must be application/x-www-form-urlencoded.");
        if (request.body.size() > kMaxBody)
            return oauthError(413, "invalid_request", 0, "The request body is too large.");
        encoded = request.body;
    }
    auto form = parseForm(encoded);
    if (!form.error.empty())
        return oauthError(400, "invalid_request", 0, form.error);

    if (token)
        return tokenEndpoint(state, request, form.fields);
    if (deviceCode)
        return deviceCodeEndpoint(state, form.fields);
    if (authorize)
        return authorizeEndpoint(state, request, form.fields);
    return deviceVerificationEndpoint(state, request, form.fields);
}

} // namespace portico::identity::dev_idp

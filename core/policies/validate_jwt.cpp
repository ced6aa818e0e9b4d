#include "core/policies/builtin_policies.h"
#include "core/policies/validate_jwt_policy.h"

#include "core/identity/http_get.h"
#include "core/policy/diagnostic_codes.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;
namespace jwt = portico::security::jwt;

namespace jwt_compile {

const xml::XmlNode* child(const xml::XmlNode& element, std::string_view name) {
    for (const auto* item : element.childElements()) {
        if (item->name == name)
            return item;
    }
    return nullptr;
}

const ElementRule& audiencesRule() {
    static const ElementRule rule{
        .name = "audiences",
        .children = {{.name = "audience", .occurs = Occurs::Many, .text = TextRule::Required}},
    };
    return rule;
}

const ElementRule& requiredClaimsRule() {
    static const ElementRule rule{
        .name = "required-claims",
        .children = {{
            .name = "claim",
            .attributes = {{"name", ValueType::String, true, {}},
                           {"match", ValueType::Enum, false, {"all", "any"}},
                           {"separator", ValueType::String, false, {}}},
            .occurs = Occurs::Many,
            .children = {{.name = "value", .occurs = Occurs::Many, .text = TextRule::Required}},
        }},
    };
    return rule;
}

bool tokenSource(const PolicyNode& node, CompileContext& context, JwtPolicySettings& settings,
                 std::string_view defaultHeader) {
    const auto& e = node.element;
    const int given = (e.attribute("header-name") != nullptr) +
                      (e.attribute("query-parameter-name") != nullptr) +
                      (e.attribute("token-value") != nullptr);
    if (given > 1) {
        context.error(codes::kBadAttributeValue, node.origin.where,
                      "<" + e.name +
                          "> takes one of header-name, query-parameter-name and token-value, "
                          "not several");
        return false;
    }
    if (given == 0 && defaultHeader.empty()) {
        context.error(codes::kMissingAttribute, node.origin.where,
                      "<" + e.name +
                          "> needs header-name, query-parameter-name or token-value to know "
                          "where the token is");
        return false;
    }
    if (e.attribute("token-value")) {
        auto value = context.value(node, e, "token-value");
        if (!value)
            return false;
        settings.source = JwtPolicySettings::Source::Value;
        settings.tokenValue = std::move(*value);
    } else if (e.attribute("query-parameter-name")) {
        auto name = context.text(node, e, "query-parameter-name");
        if (!name)
            return false;
        settings.source = JwtPolicySettings::Source::Query;
        settings.queryName = std::move(*name);
    } else {
        auto name = context.text(node, e, "header-name", std::string(defaultHeader));
        if (!name)
            return false;
        settings.source = JwtPolicySettings::Source::Header;
        settings.headerName = std::move(*name);
    }
    auto scheme = context.text(node, e, "require-scheme");
    if (!scheme)
        return false;
    settings.requireScheme = std::move(*scheme);
    return true;
}

bool failureAndOutput(const PolicyNode& node, CompileContext& context,
                      JwtPolicySettings& settings) {
    const auto& e = node.element;
    auto status = context.value(node, e, "failed-validation-httpcode", "401");
    if (!status)
        return false;
    if (!status->isExpression()) {
        const auto& text = status->literal();
        const bool digits = !text.empty() && text.size() <= 3 &&
                            text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoi(text) < 100 || std::stoi(text) > 599) {
            context.error(
                codes::kBadAttributeValue,
                context.where(node, e.attribute("failed-validation-httpcode")->valueWhere),
                "failed-validation-httpcode must be an HTTP status code (100-599)");
            return false;
        }
    }
    settings.failedStatus = std::move(*status);
    if (e.attribute("failed-validation-error-message")) {
        auto message = context.value(node, e, "failed-validation-error-message");
        if (!message)
            return false;
        settings.failedMessage = std::move(*message);
    }
    auto output = context.text(node, e, "output-token-variable-name");
    if (!output)
        return false;
    settings.outputVariable = std::move(*output);
    return true;
}

bool values(const PolicyNode& node, const xml::XmlNode* list, CompileContext& context,
            std::vector<PolicyValue>& out) {
    if (!list)
        return true;
    bool ok = true;
    for (const auto* item : list->childElements()) {
        auto value = context.innerValue(node, *item);
        if (!value) {
            ok = false;
            continue;
        }
        if (!value->isExpression() && value->literal().empty()) {
            context.error(codes::kBadValue, context.where(node, item->where),
                          "<" + item->name + "> is empty");
            ok = false;
            continue;
        }
        out.push_back(std::move(*value));
    }
    return ok;
}

std::optional<std::vector<jwt::RequiredClaim>>
requiredClaims(const PolicyNode& node, const xml::XmlNode* list, CompileContext& context) {
    std::vector<jwt::RequiredClaim> claims;
    if (!list)
        return claims;
    bool ok = true;
    for (const auto* claimElement : list->childElements()) {
        jwt::RequiredClaim claim;
        auto name = context.text(node, *claimElement, "name");
        auto match = context.text(node, *claimElement, "match", "all");
        auto separator = context.text(node, *claimElement, "separator");
        if (!name || !match || !separator) {
            ok = false;
            continue;
        }
        claim.name = std::move(*name);
        claim.match = *match == "any" ? jwt::ClaimMatch::Any : jwt::ClaimMatch::All;
        claim.separator = std::move(*separator);
        for (const auto* value : claimElement->childElements()) {
            // Claim values are compared as configured: a literal (named values substituted).
            auto text = context.innerText(node, *value);
            if (!text) {
                ok = false;
                continue;
            }
            claim.values.push_back(std::move(*text));
        }
        claims.push_back(std::move(claim));
    }
    if (!ok)
        return std::nullopt;
    return claims;
}

std::unique_ptr<CompiledPolicy> finish(const PolicyNode& node, CompileContext& context,
                                       JwtPolicySettings settings, jwt::ValidatorConfig config) {
    settings.audiencesVary = std::any_of(settings.audiences.begin(), settings.audiences.end(),
                                         [](const auto& v) { return v.isExpression(); });
    for (const auto& audience : settings.audiences) {
        if (!audience.isExpression())
            config.audiences.push_back(audience.literal());
    }
    if (settings.openIdConfigUrls.empty()) {
        for (const auto& issuer : settings.issuers) {
            if (!issuer.isExpression())
                config.issuers.push_back(issuer.literal());
        }
    }
    if (const WallClock clock = jwtPolicyClock())
        config.clock = clock;
    auto compiled = jwt::JwtValidator::compile(std::move(config));
    if (!compiled.validator) {
        for (const auto& message : compiled.errors)
            context.error(codes::kBadValue, node.origin.where, "<" + node.kind + ">: " + message);
        return nullptr;
    }
    if (context.failed())
        return nullptr;
    return std::make_unique<JwtPolicy>(std::move(settings), std::move(*compiled.validator),
                                       identity::KeyProvider::shared());
}

} // namespace jwt_compile

namespace {

class ValidateJwtKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "validate-jwt",
            .attributes = {{"header-name", ValueType::String, false, {}},
                           {"query-parameter-name", ValueType::String, false, {}},
                           {"token-value", ValueType::String, false, {}},
                           {"failed-validation-httpcode", ValueType::String, false, {}},
                           {"failed-validation-error-message", ValueType::String, false, {}},
                           {"require-expiration-time", ValueType::Bool, false, {}},
                           {"require-scheme", ValueType::String, false, {}},
                           {"require-signed-tokens", ValueType::Bool, false, {}},
                           {"clock-skew", ValueType::Seconds, false, {}},
                           {"output-token-variable-name", ValueType::String, false, {}}},
            .children =
                {
                    {.name = "openid-config",
                     .attributes = {{"url", ValueType::String, true, {}}},
                     .occurs = Occurs::Many},
                    {.name = "issuer-signing-keys",
                     .children = {{.name = "key",
                                   .attributes = {{"id", ValueType::String, false, {}},
                                                  {"certificate-id", ValueType::String, false, {}},
                                                  {"n", ValueType::String, false, {}},
                                                  {"e", ValueType::String, false, {}}},
                                   .occurs = Occurs::Many,
                                   .text = TextRule::Allowed}}},
                    {.name = "decryption-keys",
                     .children = {{.name = "key",
                                   .attributes = {{"id", ValueType::String, false, {}},
                                                  {"certificate-id", ValueType::String, false, {}},
                                                  {"n", ValueType::String, false, {}},
                                                  {"e", ValueType::String, false, {}}},
                                   .occurs = Occurs::Many,
                                   .text = TextRule::Allowed}}},
                    jwt_compile::audiencesRule(),
                    {.name = "issuers",
                     .children =
                         {{.name = "issuer", .occurs = Occurs::Many, .text = TextRule::Required}}},
                    jwt_compile::requiredClaimsRule(),
                },
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto& e = node.element;
        JwtPolicySettings settings;
        jwt::ValidatorConfig config;
        bool ok = jwt_compile::tokenSource(node, context, settings) &&
                  jwt_compile::failureAndOutput(node, context, settings);
        const auto requireExpiration = context.flag(node, e, "require-expiration-time", true);
        const auto requireSigned = context.flag(node, e, "require-signed-tokens", true);
        static const AttributeRule skewRule{"clock-skew", ValueType::Seconds, false, {}};
        const auto skew = context.number(node, e, skewRule, 0); // APIM's default: no skew
        if (!requireExpiration || !requireSigned || !skew)
            return nullptr;
        if (!*requireSigned) {
            context.error(codes::kBadAttributeValue,
                          context.where(node, e.attribute("require-signed-tokens")->valueWhere),
                          "require-signed-tokens=\"false\" would accept forged tokens; Portico "
                          "only accepts signed tokens (remove the attribute)");
            ok = false;
        }
        config.requireExpirationTime = *requireExpiration;
        config.clockSkew = std::chrono::seconds(*skew);

        for (const auto* item : e.childElements()) {
            if (item->name == "openid-config") {
                auto url = context.text(node, *item, "url");
                if (!url) {
                    ok = false;
                    continue;
                }
                if (auto why = identity::checkIdentityUrl(*url); !why.empty()) {
                    context.error(codes::kBadAttributeValue,
                                  context.where(node, item->attribute("url")->valueWhere),
                                  "<openid-config> url '" + *url + "': " + why);
                    ok = false;
                    continue;
                }
                settings.openIdConfigUrls.push_back(std::move(*url));
            } else if (item->name == "decryption-keys") {
                context.error(codes::kBadValue, context.where(node, item->where),
                              "<decryption-keys>: encrypted tokens (JWE) are not supported; "
                              "Portico validates signed tokens (JWS)");
                ok = false;
            }
        }
        std::vector<jwt::VerificationKey> keys;
        if (const auto* signingKeys = jwt_compile::child(e, "issuer-signing-keys")) {
            for (const auto* keyElement : signingKeys->childElements()) {
                const auto where = context.where(node, keyElement->where);
                if (keyElement->attribute("certificate-id")) {
                    context.error(codes::kBadValue, where,
                                  "<key certificate-id>: Portico has no certificate store; give "
                                  "the certificate or public key as PEM text, or n and e");
                    ok = false;
                    continue;
                }
                auto text = context.innerText(node, *keyElement);
                auto id = context.text(node, *keyElement, "id");
                auto n = context.text(node, *keyElement, "n");
                auto exponent = context.text(node, *keyElement, "e");
                if (!text || !id || !n || !exponent) {
                    ok = false;
                    continue;
                }
                auto key = keyFromElement(*text, *id, *n, *exponent);
                if (!key.key) {
                    // Never echo the key text: it may be a secret.
                    context.error(codes::kBadValue, where, "<key>: " + key.error);
                    ok = false;
                    continue;
                }
                keys.push_back(std::move(*key.key));
            }
        }
        if (keys.empty() && settings.openIdConfigUrls.empty()) {
            context.error(codes::kMissingChild, node.origin.where,
                          "<validate-jwt> has no signing keys: add <openid-config url=\"...\"/> "
                          "or <issuer-signing-keys>");
            ok = false;
        }
        settings.staticKeys = jwt::KeySet(std::move(keys));
        ok = jwt_compile::values(node, jwt_compile::child(e, "audiences"), context,
                                 settings.audiences) &&
             ok;
        ok = jwt_compile::values(node, jwt_compile::child(e, "issuers"), context,
                                 settings.issuers) &&
             ok;
        auto claims =
            jwt_compile::requiredClaims(node, jwt_compile::child(e, "required-claims"), context);
        if (!claims || !ok)
            return nullptr;
        config.requiredClaims = std::move(*claims);
        return jwt_compile::finish(node, context, std::move(settings), std::move(config));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeValidateJwtKind() {
    return std::make_unique<ValidateJwtKind>();
}

} // namespace portico::policies

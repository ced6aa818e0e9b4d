#include "core/policies/builtin_policies.h"
#include "core/policies/validate_jwt_policy.h"

#include "core/identity/http_get.h"
#include "core/policy/diagnostic_codes.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;
namespace jwt = portico::security::jwt;

namespace {

// Entra tenant ids are GUIDs or domain names; nothing that could change the URL's path.
bool isTenant(std::string_view tenant) {
    if (tenant.empty() || tenant.size() > 253)
        return false;
    return std::all_of(tenant.begin(), tenant.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_';
    });
}

// validate-azure-ad-token is validate-jwt against the tenant's v2 OpenID configuration, with the
// client application checked against azp (v2 tokens) or appid (v1).
class ValidateAzureAdTokenKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule applicationIds{
            .name = "application-id", .occurs = Occurs::OneOrMore, .text = TextRule::Required};
        static const ElementRule rule{
            .name = "validate-azure-ad-token",
            .attributes = {{"tenant-id", ValueType::String, true, {}},
                           {"header-name", ValueType::String, false, {}},
                           {"query-parameter-name", ValueType::String, false, {}},
                           {"token-value", ValueType::String, false, {}},
                           {"failed-validation-httpcode", ValueType::String, false, {}},
                           {"failed-validation-error-message", ValueType::String, false, {}},
                           {"output-token-variable-name", ValueType::String, false, {}}},
            .children =
                {
                    {.name = "client-application-ids",
                     .occurs = Occurs::One,
                     .children = {applicationIds}},
                    {.name = "backend-application-ids", .children = {applicationIds}},
                    jwt_compile::audiencesRule(),
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
        config.clockSkew = std::chrono::seconds(0);
        bool ok = jwt_compile::tokenSource(node, context, settings, "Authorization") &&
                  jwt_compile::failureAndOutput(node, context, settings);
        if (settings.source == JwtPolicySettings::Source::Header && !e.attribute("header-name"))
            settings.requireScheme = "Bearer"; // APIM's default: Authorization: Bearer <token>
        auto tenant = context.text(node, e, "tenant-id");
        if (!tenant)
            return nullptr;
        if (!isTenant(*tenant)) {
            context.error(codes::kBadAttributeValue,
                          context.where(node, e.attribute("tenant-id")->valueWhere),
                          "tenant-id must be a tenant GUID or domain name (letters, digits, "
                          "'-', '.', '_')");
            return nullptr;
        }
        const std::string url =
            azureAdAuthority() + "/" + *tenant + "/v2.0/.well-known/openid-configuration";
        if (auto why = identity::checkIdentityUrl(url); !why.empty()) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "the Microsoft Entra authority '" + azureAdAuthority() + "': " + why);
            return nullptr;
        }
        settings.openIdConfigUrls.push_back(url);

        for (const char* listName : {"client-application-ids", "backend-application-ids"}) {
            const auto* list = jwt_compile::child(e, listName);
            if (!list)
                continue;
            for (const auto* item : list->childElements()) {
                auto id = context.innerText(node, *item);
                if (!id || id->empty()) {
                    if (id)
                        context.error(codes::kBadValue, context.where(node, item->where),
                                      "<application-id> is empty");
                    ok = false;
                    continue;
                }
                if (std::string_view(listName) == "client-application-ids") {
                    settings.clientApplicationIds.push_back(std::move(*id));
                } else {
                    // A backend application's id (or its api:// URI) is an audience.
                    settings.audiences.emplace_back(*id);
                    settings.audiences.emplace_back("api://" + *id);
                }
            }
        }
        ok = jwt_compile::values(node, jwt_compile::child(e, "audiences"), context,
                                 settings.audiences) &&
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

std::unique_ptr<PolicyKind> makeValidateAzureAdTokenKind() {
    return std::make_unique<ValidateAzureAdTokenKind>();
}

} // namespace portico::policies

#pragma once

// Shared by the dev IdP unit suites: a provider over a small directory with a settable clock,
// and helpers to speak to it in memory.
#include "core/identity/dev_idp/dev_idp.h"
#include "core/identity/dev_idp/form_encoding.h"
#include "core/identity/dev_idp/grant_store.h"
#include "core/security/key_hash.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace dev_idp_test {

namespace idp = portico::identity::dev_idp;
using Clock = std::chrono::system_clock;

inline constexpr char kTenant[] = "11111111-2222-3333-4444-555555555555";
inline constexpr char kBase[] = "http://127.0.0.1:4999";
inline constexpr char kRedirect[] = "http://localhost:5000/callback";
inline constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

struct Fixture {
    std::string daemonSecret = portico::security::generateSubscriptionKey();
    std::string appSecret = portico::security::generateSubscriptionKey();
    std::string alicePassword = portico::security::generateSubscriptionKey();
    Clock::time_point now = Clock::now();
    std::unique_ptr<idp::DevIdentityProvider> provider;

    Fixture() {
        portico::model::IdentitySettings identity;
        identity.tenant = kTenant;
        identity.accessTokenLifetimeSeconds = 600;
        portico::model::IdentityClient daemon;
        daemon.id = "orders-daemon";
        daemon.secretHash = portico::security::hashSubscriptionKey(daemonSecret);
        daemon.grantTypes = {"client_credentials"};
        daemon.roles = {"api://orders/Orders.Read.All", "api://billing/Billing.Read"};
        identity.clients.push_back(daemon);
        portico::model::IdentityClient web;
        web.id = "orders-web";
        web.displayName = "Orders <web>";
        web.secretHash = portico::security::hashSubscriptionKey(appSecret);
        web.grantTypes = {"authorization_code", "refresh_token"};
        web.redirectUris = {kRedirect};
        web.scopes = {"api://orders/Orders.Read", "api://orders/Orders.Write"};
        identity.clients.push_back(web);
        portico::model::IdentityClient cli;
        cli.id = "orders-cli";
        cli.grantTypes = {"device_code", "refresh_token", "authorization_code"};
        cli.redirectUris = {kRedirect};
        cli.scopes = {"api://orders/Orders.Read"};
        identity.clients.push_back(cli);
        portico::model::IdentityUser alice;
        alice.username = "alice@contoso.test";
        alice.displayName = "Alice";
        alice.objectId = "6f1c2a9e-0000-4000-8000-000000000001";
        alice.passwordHash = portico::security::hashSubscriptionKey(alicePassword);
        identity.users.push_back(alice);
        std::string error;
        provider = idp::DevIdentityProvider::create({kBase, [this] { return now; }, 2048}, identity,
                                                    error);
    }

    std::string path(const std::string& rest) const { return std::string("/") + kTenant + rest; }

    idp::Response get(const std::string& target) {
        return provider->handle({"GET", target, {}, {}, {}});
    }

    idp::Response post(const std::string& rest, const std::map<std::string, std::string>& form,
                       const std::string& authorization = {}) {
        std::string body;
        for (const auto& [k, v] : form)
            body += (body.empty() ? "" : "&") + idp::urlEncode(k) + "=" + idp::urlEncode(v);
        return provider->handle(
            {"POST", path(rest), "application/x-www-form-urlencoded", authorization, body});
    }

    idp::Response token(const std::map<std::string, std::string>& form,
                        const std::string& authorization = {}) {
        return post("/oauth2/v2.0/token", form, authorization);
    }

    // A code for alice through the sign-in form; empty when the provider did not redirect.
    std::string signIn(const std::string& client, const std::string& scope,
                       const std::string& challengeMethod = "S256") {
        auto response =
            post("/oauth2/v2.0/authorize", {{"client_id", client},
                                            {"response_type", "code"},
                                            {"redirect_uri", kRedirect},
                                            {"scope", scope},
                                            {"state", "xyz"},
                                            {"code_challenge", idp::sha256Base64Url(kVerifier)},
                                            {"code_challenge_method", challengeMethod},
                                            {"username", "alice@contoso.test"},
                                            {"password", alicePassword}});
        return codeFrom(response);
    }

    static std::string location(const idp::Response& response) {
        for (const auto& [name, value] : response.headers)
            if (name == "Location")
                return value;
        return {};
    }

    static std::string codeFrom(const idp::Response& response) {
        const auto where = location(response);
        const auto q = where.find('?');
        if (response.status != 302 || q == std::string::npos)
            return {};
        auto form = idp::parseForm(std::string_view(where).substr(q + 1));
        return form.fields.count("code") ? form.fields["code"] : std::string();
    }
};

inline nlohmann::json body(const idp::Response& response) {
    return nlohmann::json::parse(response.body, nullptr, false);
}

} // namespace dev_idp_test

#include "core/openapi/diagnostic_codes.h"
#include "core/openapi/spec_reader.h"

#include <algorithm>
#include <array>
#include <cctype>

// The security half of SpecReader: schemes (3.x components.securitySchemes, 2.0
// securityDefinitions) and requirements (global, overridden per operation).
namespace portico::openapi::detail {

namespace {

// Swagger 2.0 flow names -> OpenAPI 3 names.
std::string flowName3(const std::string& flow) {
    if (flow == "application")
        return "clientCredentials";
    if (flow == "accessCode")
        return "authorizationCode";
    return flow;
}

} // namespace

void SpecReader::readSecuritySchemes(Specification& spec) {
    NodeId root = m_doc.root();
    NodeId schemes = m_dialect == Dialect::Swagger2
                         ? m_doc.get(root, "securityDefinitions")
                         : m_doc.get(objectOrNull(m_doc.get(root, "components"), "'components'"),
                                     "securitySchemes");
    schemes = objectOrNull(schemes, "the security schemes");
    if (schemes == kNoNode)
        return;
    for (std::size_t i = 0; i < m_doc.memberCount(schemes); ++i) {
        const std::string& name = m_doc.node(m_doc.memberKey(schemes, i)).text;
        m_schemeNames.push_back(name);
        NodeId scheme = m_refs.resolve(m_doc.memberValue(schemes, i));
        if (scheme == kNoNode)
            continue;
        scheme = objectOrNull(scheme, "security scheme '" + name + "'");
        if (scheme == kNoNode)
            continue;
        bool ok = true;
        SecurityScheme parsed = readSecurityScheme(name, scheme, ok);
        if (ok)
            spec.securitySchemes.push_back(std::move(parsed));
    }
}

SecurityScheme SpecReader::readSecurityScheme(const std::string& name, NodeId scheme, bool& ok) {
    SecurityScheme result;
    result.name = name;
    result.type = stringOrEmpty(scheme, "type", "a security scheme's 'type'");
    auto invalid = [&](NodeId at, const std::string& message) {
        m_diagnostics.error(codes::kInvalidSecurityScheme, m_doc.where(at),
                            "security scheme '" + name + "' " + message);
        ok = false;
    };
    auto requireText = [&](const char* key, std::string& into) {
        into = stringOrEmpty(scheme, key, std::string("'") + key + "'");
        if (into.empty())
            invalid(scheme, std::string("needs '") + key + "'");
    };
    auto readScopes = [&](NodeId flowNode, OAuthFlow& flow) {
        NodeId scopes = m_doc.get(flowNode, "scopes");
        if (scopes == kNoNode) {
            invalid(flowNode, "has an OAuth flow without 'scopes' (use {} for none)");
            return;
        }
        scopes = objectOrNull(scopes, "'scopes'");
        for (std::size_t i = 0; scopes != kNoNode && i < m_doc.memberCount(scopes); ++i) {
            NodeId description = m_doc.memberValue(scopes, i);
            flow.scopes.emplace_back(m_doc.node(m_doc.memberKey(scopes, i)).text,
                                     m_doc.isScalar(description) ? m_doc.node(description).text
                                                                 : std::string());
        }
    };
    auto needsUrl = [](const std::string& flow, bool authorization) {
        return authorization ? (flow == "implicit" || flow == "authorizationCode")
                             : (flow != "implicit");
    };

    if (result.type.empty()) {
        invalid(scheme, "has no 'type'");
        return result;
    }
    const bool swagger = m_dialect == Dialect::Swagger2;
    if (result.type == "apiKey") {
        requireText("name", result.parameterName);
        requireText("in", result.in);
        static constexpr std::array<std::string_view, 3> kIn{"header", "query", "cookie"};
        if (!result.in.empty() && std::find(kIn.begin(), kIn.end(), result.in) == kIn.end())
            invalid(m_doc.get(scheme, "in"),
                    "has 'in: " + result.in + "'; expected header, query or cookie");
    } else if (swagger && result.type == "basic") {
        result.type = "http";
        result.scheme = "basic";
    } else if (!swagger && result.type == "http") {
        requireText("scheme", result.scheme);
        std::transform(result.scheme.begin(), result.scheme.end(), result.scheme.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    } else if (!swagger && result.type == "openIdConnect") {
        requireText("openIdConnectUrl", result.openIdConnectUrl);
    } else if (m_dialect == Dialect::OpenApi31 && result.type == "mutualTLS") {
        // Nothing more to read: the client certificate is the credential.
    } else if (result.type == "oauth2" && swagger) {
        OAuthFlow flow;
        std::string flowText = stringOrEmpty(scheme, "flow", "'flow'");
        static constexpr std::array<std::string_view, 4> kFlows{"implicit", "password",
                                                                "application", "accessCode"};
        if (std::find(kFlows.begin(), kFlows.end(), flowText) == kFlows.end()) {
            invalid(scheme, "needs 'flow' to be implicit, password, application or accessCode");
            return result;
        }
        flow.type = flowName3(flowText);
        flow.authorizationUrl = m_doc.getText(scheme, "authorizationUrl");
        flow.tokenUrl = m_doc.getText(scheme, "tokenUrl");
        if (needsUrl(flow.type, true) && flow.authorizationUrl.empty())
            invalid(scheme, "needs 'authorizationUrl' for the " + flowText + " flow");
        if (needsUrl(flow.type, false) && flow.tokenUrl.empty())
            invalid(scheme, "needs 'tokenUrl' for the " + flowText + " flow");
        readScopes(scheme, flow);
        result.flows.push_back(std::move(flow));
    } else if (result.type == "oauth2") {
        NodeId flows = m_doc.get(scheme, "flows");
        if (flows == kNoNode) {
            invalid(scheme, "of type oauth2 needs 'flows'");
            return result;
        }
        flows = objectOrNull(flows, "'flows'");
        for (std::size_t i = 0; flows != kNoNode && i < m_doc.memberCount(flows); ++i) {
            NodeId key = m_doc.memberKey(flows, i);
            OAuthFlow flow;
            flow.type = m_doc.node(key).text;
            if (flow.type.rfind("x-", 0) == 0)
                continue;
            static constexpr std::array<std::string_view, 4> kFlows{
                "implicit", "password", "clientCredentials", "authorizationCode"};
            if (std::find(kFlows.begin(), kFlows.end(), flow.type) == kFlows.end()) {
                invalid(key, "has unknown flow '" + flow.type +
                                 "'; expected implicit, password, clientCredentials or "
                                 "authorizationCode");
                continue;
            }
            NodeId flowNode = objectOrNull(m_doc.memberValue(flows, i), "flow '" + flow.type + "'");
            if (flowNode == kNoNode)
                continue;
            flow.authorizationUrl = m_doc.getText(flowNode, "authorizationUrl");
            flow.tokenUrl = m_doc.getText(flowNode, "tokenUrl");
            if (needsUrl(flow.type, true) && flow.authorizationUrl.empty())
                invalid(flowNode, "needs 'authorizationUrl' for the " + flow.type + " flow");
            if (needsUrl(flow.type, false) && flow.tokenUrl.empty())
                invalid(flowNode, "needs 'tokenUrl' for the " + flow.type + " flow");
            readScopes(flowNode, flow);
            result.flows.push_back(std::move(flow));
        }
    } else {
        invalid(m_doc.get(scheme, "type"),
                "has unknown type '" + result.type + "'; expected " +
                    (swagger ? "basic, apiKey or oauth2"
                             : std::string("apiKey, http, oauth2, openIdConnect") +
                                   (m_dialect == Dialect::OpenApi31 ? " or mutualTLS" : "")));
    }
    return result;
}

std::optional<std::vector<std::string>> SpecReader::readSecurityRequirements(NodeId security) {
    security = arrayOrNull(security, "'security'");
    if (security == kNoNode)
        return std::nullopt;
    std::vector<std::string> scopes;
    for (NodeId requirement : m_doc.node(security).children) {
        requirement = objectOrNull(requirement, "a security requirement");
        if (requirement == kNoNode)
            continue;
        for (std::size_t i = 0; i < m_doc.memberCount(requirement); ++i) {
            NodeId key = m_doc.memberKey(requirement, i);
            const std::string& name = m_doc.node(key).text;
            if (std::find(m_schemeNames.begin(), m_schemeNames.end(), name) ==
                m_schemeNames.end()) {
                m_diagnostics.error(codes::kUnknownSecurityScheme, m_doc.where(key),
                                    "security requirement names '" + name +
                                        "', which is not a declared security scheme");
                continue;
            }
            NodeId list =
                arrayOrNull(m_doc.memberValue(requirement, i), "the scopes of '" + name + "'");
            if (list == kNoNode)
                continue;
            for (NodeId scope : m_doc.node(list).children)
                if (m_doc.isScalar(scope) &&
                    std::find(scopes.begin(), scopes.end(), m_doc.node(scope).text) == scopes.end())
                    scopes.push_back(m_doc.node(scope).text);
        }
    }
    return scopes;
}

} // namespace portico::openapi::detail

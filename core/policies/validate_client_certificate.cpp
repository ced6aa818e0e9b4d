#include "core/policies/builtin_policies.h"
#include "core/policies/distinguished_name.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"
#include "core/text/ascii.h"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace portico::policies {

using namespace portico::policy;

namespace {

// Hex as people paste it: any case, with or without spaces or colons, leading zeros optional.
std::string normalHex(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (std::isxdigit(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const auto first = out.find_first_not_of('0');
    return first == std::string::npos ? std::string("0") : out.substr(first);
}

bool isHexText(std::string_view text) {
    bool any = false;
    for (const char c : text) {
        if (std::isxdigit(static_cast<unsigned char>(c)))
            any = true;
        else if (c != ' ' && c != ':')
            return false;
    }
    return any;
}

// One <identity>: every claim it names must hold.
struct Identity {
    std::string thumbprint, serialNumber, commonName, dnsName, issuerThumbprint; // normalised
    std::optional<DistinguishedName> subject, issuerSubject;

    bool matches(const ClientCertificate& certificate) const {
        if (!thumbprint.empty() && normalHex(certificate.thumbprint) != thumbprint)
            return false;
        if (!serialNumber.empty() && normalHex(certificate.serialNumber) != serialNumber)
            return false;
        if (!commonName.empty() &&
            !text::equalsIgnoringAsciiCase(certificate.commonName, commonName))
            return false;
        if (!issuerThumbprint.empty() &&
            (certificate.issuerThumbprint.empty() ||
             normalHex(certificate.issuerThumbprint) != issuerThumbprint))
            return false;
        if (!dnsName.empty() &&
            std::none_of(certificate.dnsNames.begin(), certificate.dnsNames.end(),
                         [&](const std::string& name) {
                             return text::equalsIgnoringAsciiCase(name, dnsName);
                         }))
            return false;
        if (subject) {
            const auto actual = parseDistinguishedName(certificate.subject);
            if (!actual || !sameDistinguishedName(*actual, *subject))
                return false;
        }
        if (issuerSubject) {
            const auto actual = parseDistinguishedName(certificate.issuer);
            if (!actual || !sameDistinguishedName(*actual, *issuerSubject))
                return false;
        }
        return true;
    }
};

struct Settings {
    bool validateTrust = true;
    bool validateNotBefore = true;
    bool validateNotAfter = true;
    bool ignoreError = false;
    std::vector<Identity> identities; // none: any certificate passing the checks above
};

class ValidateClientCertificatePolicy final : public CompiledPolicy {
public:
    explicit ValidateClientCertificatePolicy(Settings settings)
        : m_settings(std::move(settings)) {}

    RunResult run(RequestContext& context) const override {
        const std::string problem = check(context.facts.clientCertificate);
        if (problem.empty())
            return RunResult::next();
        context.trace(kind(), "Error", problem);
        if (m_settings.ignoreError)
            return RunResult::next();
        return RunResult::fail(error(context.facts.clientCertificate ? "ClientCertificateInvalid"
                                                                     : "ClientCertificateMissing",
                                     problem, 401));
    }

private:
    // What is wrong with the certificate; empty when it passes.
    std::string check(const Fact<ClientCertificate>& certificate) const {
        if (!certificate)
            return "Client certificate is missing.";
        if (m_settings.validateTrust && !certificate->trusted)
            return "Invalid client certificate: its chain does not lead to a trusted "
                   "certificate authority.";
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        if (m_settings.validateNotBefore && now < certificate->notBefore)
            return "Invalid client certificate: it is not valid yet.";
        if (m_settings.validateNotAfter && now > certificate->notAfter)
            return "Invalid client certificate: it has expired.";
        if (!m_settings.identities.empty() &&
            std::none_of(m_settings.identities.begin(), m_settings.identities.end(),
                         [&](const Identity& identity) { return identity.matches(*certificate); }))
            return "Invalid client certificate: it matches none of the allowed identities.";
        return {};
    }

    Settings m_settings;
};

const std::vector<std::string_view> kHexClaims = {"thumbprint", "serial-number",
                                                  "issuer-thumbprint"};

class ValidateClientCertificateKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule identity{
            .name = "identity",
            .attributes = {{"thumbprint", ValueType::String, false, {}},
                           {"serial-number", ValueType::String, false, {}},
                           {"common-name", ValueType::String, false, {}},
                           {"subject", ValueType::String, false, {}},
                           {"dns-name", ValueType::String, false, {}},
                           {"issuer-subject", ValueType::String, false, {}},
                           {"issuer-thumbprint", ValueType::String, false, {}},
                           {"issuer-certificate-id", ValueType::String, false, {}}},
            .occurs = Occurs::OneOrMore};
        static const ElementRule rule{
            .name = "validate-client-certificate",
            .attributes = {{"validate-revocation", ValueType::Bool, false, {}},
                           {"validate-trust", ValueType::Bool, false, {}},
                           {"validate-not-before", ValueType::Bool, false, {}},
                           {"validate-not-after", ValueType::Bool, false, {}},
                           {"ignore-error", ValueType::Bool, false, {}}},
            .children = {{.name = "identities",
                          .occurs = Occurs::Optional,
                          .children = {identity}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto& element = node.element;
        const auto revocation = context.flag(node, element, "validate-revocation", true);
        const auto trust = context.flag(node, element, "validate-trust", true);
        const auto notBefore = context.flag(node, element, "validate-not-before", true);
        const auto notAfter = context.flag(node, element, "validate-not-after", true);
        const auto ignoreError = context.flag(node, element, "ignore-error", false);
        if (!revocation || !trust || !notBefore || !notAfter || !ignoreError)
            return nullptr;
        if (*revocation) {
            const auto* attribute = element.attribute("validate-revocation");
            context.error(codes::kPolicyNotRunnable,
                          attribute ? context.where(node, attribute->valueWhere)
                                    : node.origin.where,
                          "<validate-client-certificate> checks revocation unless "
                          "validate-revocation=\"false\" (APIM's default is true), but this "
                          "gateway has no CRL or OCSP source to check it against; set "
                          "validate-revocation=\"false\"");
            return nullptr;
        }
        Settings settings{*trust, *notBefore, *notAfter, *ignoreError, {}};
        bool ok = true;
        for (const auto* identities : element.childElements()) {
            for (const auto* identity : identities->childElements()) {
                auto parsed = compileIdentity(node, *identity, context);
                if (parsed)
                    settings.identities.push_back(std::move(*parsed));
                else
                    ok = false;
            }
        }
        if (!ok)
            return nullptr;
        return std::make_unique<ValidateClientCertificatePolicy>(std::move(settings));
    }

private:
    static std::optional<Identity>
    compileIdentity(const PolicyNode& node, const xml::XmlNode& element, CompileContext& context) {
        const auto where = context.where(node, element.where);
        if (element.attribute("issuer-certificate-id")) {
            context.error(codes::kPolicyNotRunnable, where,
                          "issuer-certificate-id names a certificate entity, which Portico "
                          "workspaces do not have; use issuer-thumbprint or issuer-subject");
            return std::nullopt;
        }
        Identity identity;
        bool any = false;
        const auto claim = [&](std::string_view name, std::string& into) -> bool {
            const auto value = context.text(node, element, name);
            if (!value)
                return false;
            if (value->empty())
                return true;
            any = true;
            if (std::find(kHexClaims.begin(), kHexClaims.end(), name) != kHexClaims.end()) {
                if (!isHexText(*value)) {
                    context.error(codes::kBadAttributeValue,
                                  context.where(node, element.attribute(name)->valueWhere),
                                  "attribute '" + std::string(name) +
                                      "' of <identity> must be hexadecimal");
                    return false;
                }
                into = normalHex(*value);
            } else {
                into = *value;
            }
            return true;
        };
        const auto name = [&](std::string_view attribute,
                              std::optional<DistinguishedName>& into) -> bool {
            std::string text;
            if (!claim(attribute, text))
                return false;
            if (text.empty())
                return true;
            into = parseDistinguishedName(text);
            if (!into) {
                context.error(codes::kBadAttributeValue,
                              context.where(node, element.attribute(attribute)->valueWhere),
                              "attribute '" + std::string(attribute) +
                                  "' of <identity> must be a distinguished name such as "
                                  "\"CN=client, O=Contoso, C=US\"");
                return false;
            }
            return true;
        };
        if (!claim("thumbprint", identity.thumbprint) ||
            !claim("serial-number", identity.serialNumber) ||
            !claim("common-name", identity.commonName) || !claim("dns-name", identity.dnsName) ||
            !claim("issuer-thumbprint", identity.issuerThumbprint) ||
            !name("subject", identity.subject) || !name("issuer-subject", identity.issuerSubject))
            return std::nullopt;
        if (!any) {
            context.error(codes::kBadAttributeValue, where,
                          "<identity> needs at least one claim (thumbprint, serial-number, "
                          "common-name, subject, dns-name, issuer-subject, issuer-thumbprint)");
            return std::nullopt;
        }
        return identity;
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeValidateClientCertificateKind() {
    return std::make_unique<ValidateClientCertificateKind>();
}

} // namespace portico::policies

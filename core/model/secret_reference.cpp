#include "core/model/secret_reference.h"

#include "core/text/ascii.h"

#include <algorithm>
#include <cctype>

namespace portico::model {

namespace {

constexpr std::string_view kKeyVaultHostSuffix = ".vault.azure.net";

// Index of the first whitespace or control character, or npos.
std::size_t findBlankOrControl(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c <= 0x20 || c == 0x7F)
            return i;
    }
    return std::string_view::npos;
}

SecretReferenceParse fail(std::size_t offset, std::string message) {
    SecretReferenceParse result;
    result.error = std::move(message);
    result.offset = offset;
    return result;
}

SecretReferenceParse succeed(std::string_view text, SecretReference::Kind kind, std::string service,
                             std::string account = {}, std::string version = {}) {
    SecretReferenceParse result;
    result.reference = SecretReference{kind, std::string(text), std::move(service),
                                       std::move(account), std::move(version)};
    return result;
}

SecretReferenceParse parseKeychain(std::string_view text, std::size_t start) {
    const std::string_view rest = text.substr(start);
    if (const auto bad = findBlankOrControl(rest); bad != std::string_view::npos)
        return fail(start + bad, "a keychain reference may not contain spaces or control "
                                 "characters; expected keychain:<service>/<account>");
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos)
        return fail(text.size(), "expected keychain:<service>/<account>, but there is no '/' "
                                 "between service and account");
    if (slash == 0)
        return fail(start, "expected a service name after 'keychain:'");
    if (slash + 1 == rest.size())
        return fail(text.size(), "expected an account name after 'keychain:<service>/'");
    return succeed(text, SecretReference::Kind::Keychain, std::string(rest.substr(0, slash)),
                   std::string(rest.substr(slash + 1)));
}

SecretReferenceParse parseEnv(std::string_view text, std::size_t start) {
    const std::string_view name = text.substr(start);
    if (name.empty())
        return fail(start, "expected an environment variable name after 'env:'");
    if (std::isdigit(static_cast<unsigned char>(name.front())))
        return fail(start, "an environment variable name may not start with a digit; expected "
                           "letters, digits and '_'");
    for (std::size_t i = 0; i < name.size(); ++i)
        if (!text::isAsciiAlnum(name[i]) && name[i] != '_')
            return fail(start + i, "unexpected character in environment variable name; expected "
                                   "letters, digits and '_'");
    return succeed(text, SecretReference::Kind::Env, std::string(name));
}

SecretReferenceParse parseFile(std::string_view text, std::size_t start) {
    const std::string_view path = text.substr(start);
    if (path.empty())
        return fail(start, "expected a file path after 'file:'");
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto c = static_cast<unsigned char>(path[i]);
        if (c < 0x20 || c == 0x7F)
            return fail(start + i, "expected a file path without control characters");
    }
    return succeed(text, SecretReference::Kind::File, std::string(path));
}

// Azure rules: vault names 3-24 of letters, digits, '-', starting with a letter, no "--", not
// ending in '-'; secret names 1-127 of letters, digits and '-'; versions 32 hex digits.
SecretReferenceParse parseKeyVault(std::string_view text, std::size_t start) {
    constexpr std::string_view kScheme = "https://";
    const std::string_view url = text.substr(start);
    if (url.substr(0, kScheme.size()) != kScheme)
        return fail(start, "expected keyvault:https://<vault>.vault.azure.net/secrets/<name>; "
                           "the URL must start with https://");
    const std::size_t hostStart = start + kScheme.size();
    const std::size_t hostEnd = std::min(text.find('/', hostStart), text.size());
    const std::string_view host = text.substr(hostStart, hostEnd - hostStart);
    if (host.size() <= kKeyVaultHostSuffix.size() ||
        host.substr(host.size() - kKeyVaultHostSuffix.size()) != kKeyVaultHostSuffix)
        return fail(hostStart, "expected a Key Vault host '<vault>.vault.azure.net'");
    const std::string_view vault = host.substr(0, host.size() - kKeyVaultHostSuffix.size());
    if (vault.size() < 3 || vault.size() > 24)
        return fail(hostStart, "expected a Key Vault name of 3 to 24 characters");
    if (!std::isalpha(static_cast<unsigned char>(vault.front())))
        return fail(hostStart, "expected a Key Vault name starting with a letter");
    for (std::size_t i = 0; i < vault.size(); ++i) {
        if (!text::isAsciiAlnum(vault[i]) && vault[i] != '-')
            return fail(hostStart + i, "expected a Key Vault name of only letters, digits "
                                       "and '-'");
        if (vault[i] == '-' && (i + 1 == vault.size() || vault[i + 1] == '-'))
            return fail(hostStart + i, "expected a Key Vault name not ending with '-' and "
                                       "without '--'");
    }

    constexpr std::string_view kSecrets = "/secrets/";
    if (text.substr(hostEnd, kSecrets.size()) != kSecrets)
        return fail(hostEnd, "expected '/secrets/<name>' after the Key Vault host");
    const std::size_t nameStart = hostEnd + kSecrets.size();
    const std::size_t nameEnd = std::min(text.find('/', nameStart), text.size());
    const std::string_view name = text.substr(nameStart, nameEnd - nameStart);
    if (name.empty())
        return fail(nameStart, "expected a secret name after '/secrets/'");
    if (name.size() > 127)
        return fail(nameStart, "expected a Key Vault secret name of at most 127 characters");
    for (std::size_t i = 0; i < name.size(); ++i)
        if (!text::isAsciiAlnum(name[i]) && name[i] != '-')
            return fail(nameStart + i, "expected a Key Vault secret name of only letters, "
                                       "digits and '-'");

    std::string_view version;
    if (nameEnd < text.size()) {
        const std::size_t versionStart = nameEnd + 1;
        version = text.substr(versionStart);
        if (version.empty())
            return fail(versionStart, "expected a secret version after '/' (or no trailing '/')");
        if (version.size() != 32 ||
            !std::all_of(version.begin(), version.end(), text::isAsciiHexDigit))
            return fail(versionStart, "expected the secret version to be 32 hexadecimal digits");
    }
    return succeed(text, SecretReference::Kind::KeyVault, std::string(host), std::string(name),
                   std::string(version));
}

struct Scheme {
    std::string_view prefix;
    SecretReferenceParse (*parse)(std::string_view, std::size_t);
};

constexpr Scheme kSchemes[] = {
    {"keychain:", parseKeychain},
    {"env:", parseEnv},
    {"file:", parseFile},
    {"keyvault:", parseKeyVault},
};

} // namespace

bool hasSecretScheme(std::string_view text) {
    return std::any_of(std::begin(kSchemes), std::end(kSchemes), [&](const Scheme& s) {
        return text.substr(0, s.prefix.size()) == s.prefix;
    });
}

SecretReferenceParse parseSecretReference(std::string_view text) {
    for (const auto& scheme : kSchemes)
        if (text.substr(0, scheme.prefix.size()) == scheme.prefix)
            return scheme.parse(text, scheme.prefix.size());
    return fail(0, "expected a secret reference starting with keychain:, env:, file: or "
                   "keyvault:");
}

} // namespace portico::model

#pragma once

#include "core/model/entities.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace portico::model {

struct SecretReferenceParse {
    std::optional<SecretReference> reference;
    std::string error;      // empty on success; says what was expected, never echoes the value
    std::size_t offset = 0; // byte offset of the problem inside the text
    bool ok() const { return reference.has_value(); }
};

// Parses keychain:<service>/<account>, env:<NAME>, file:<path> and
// keyvault:https://<vault>.vault.azure.net/secrets/<name>[/<version>]. Resolution is elsewhere.
SecretReferenceParse parseSecretReference(std::string_view text);

// True when the text starts with one of the schemes above (so it is meant as a reference).
bool hasSecretScheme(std::string_view text);

} // namespace portico::model

#pragma once

#include "core/model/entities.h"
#include "core/model/workspace.h"

#include <string>
#include <string_view>

namespace portico::model {

// The canonical text of each YAML file of a workspace: fixed key order, values equal to their
// defaults omitted, block style, two-space indent, strings quoted only when YAML needs it.
// Loading canonical text and rendering it again gives the same bytes.

std::string canonicalWorkspaceYaml(const Workspace& workspace); // portico.yaml
std::string canonicalApiYaml(const Api& api);
std::string canonicalProductYaml(const Product& product);
std::string canonicalSubscriptionYaml(const Subscription& subscription);
std::string canonicalUserYaml(const User& user);
std::string canonicalNamedValueYaml(const NamedValue& namedValue);
std::string canonicalBackendYaml(const Backend& backend);
std::string canonicalCertificateYaml(const Certificate& certificate);
std::string canonicalLoggerYaml(const Logger& logger);

// A string as a YAML scalar: plain when unambiguous, otherwise double-quoted with escapes.
std::string yamlScalar(std::string_view value);

// Names used in the files for the enums.
std::string_view versioningSchemeName(VersioningScheme scheme);
std::string_view productStateName(ProductState state);
std::string_view subscriptionStateName(SubscriptionState state);

} // namespace portico::model

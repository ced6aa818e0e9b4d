#pragma once

#include "core/policy/policy_compiler.h"
#include "core/policy/policy_kind.h"

namespace portico::policies {

// caching-type="internal | external | prefer-external", as every caching policy takes it.
const policy::AttributeRule& cachingTypeRule();

// Portico has one internal cache: "prefer-external" falls back to it as APIM does without an
// external cache; "external" is refused (reported) and gives false.
bool checkCachingType(const policy::PolicyNode& node, policy::CompileContext& context);

} // namespace portico::policies

#pragma once

#include "core/model/entities.h"
#include "core/openapi/specification.h"

#include <string>
#include <string_view>

namespace portico::openapi {

struct ApiImportOptions {
    std::string id;   // empty: derived from the title with apiIdFromTitle()
    std::string path; // URL suffix; empty: the id
    std::string specificationFile = "openapi.yaml"; // relative to the API folder
};

// A new API entity described by an imported specification: display name and description from
// `info`, the first server as backend, the oauth2 scopes, and the specification itself.
model::Api apiFromSpecification(const Specification& specification,
                                const ApiImportOptions& options);

// A valid API id from a title: lower case, [a-z0-9-], no leading, trailing or doubled '-',
// at most 80 characters; "api" when nothing usable is left.
std::string apiIdFromTitle(std::string_view title);

} // namespace portico::openapi

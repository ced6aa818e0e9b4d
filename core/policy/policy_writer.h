#pragma once

#include "core/policy/policy_document.h"

#include <string>

namespace portico::policy {

struct WriteOptions {
    bool origins = false; // a comment before each policy naming its scope and file:line:col
};

// The document as indented XML: all four sections for <policies>, the body for <fragment>.
// Element text (e.g. a <set-body>) is written exactly as it was read.
std::string writePolicyDocument(const PolicyDocument& document, const WriteOptions& options = {});

} // namespace portico::policy

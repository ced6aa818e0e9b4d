#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::policies {

// A distinguished name as written in policies ("CN=api, O=\"Contoso, Inc.\", C=US") or as the
// gateway prints certificates: its attribute type/value pairs in order.
using DistinguishedName = std::vector<std::pair<std::string, std::string>>;

// Parts separated by ',' (or '+' inside one RDN), values optionally in double quotes, '\' escapes
// one character. Nothing when a part has no "type=".
std::optional<DistinguishedName> parseDistinguishedName(std::string_view text);

// Same parts in the same order; types and values compare case-insensitively (X.500's
// caseIgnoreMatch), surrounding spaces do not count.
bool sameDistinguishedName(const DistinguishedName& a, const DistinguishedName& b);

} // namespace portico::policies

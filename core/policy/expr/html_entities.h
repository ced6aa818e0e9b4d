#pragma once

#include <optional>
#include <string_view>

namespace portico::policy::expr {

// The character an HTML named entity (without '&' and ';', case-sensitive) stands for.
std::optional<char32_t> htmlEntity(std::string_view name);

} // namespace portico::policy::expr

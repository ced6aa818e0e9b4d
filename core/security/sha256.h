#pragma once

#include <array>
#include <initializer_list>
#include <string_view>

namespace portico::security {

using Sha256Digest = std::array<unsigned char, 32>;

// SHA-256 of the parts one after the other. Cheap enough for every request: it allocates
// nothing and looks nothing up.
Sha256Digest sha256Of(std::initializer_list<std::string_view> parts);

} // namespace portico::security

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portico::policy {

std::size_t editDistance(std::string_view a, std::string_view b);

// The closest candidate when it is close enough to be a likely typo, else empty.
std::string closestMatch(std::string_view word, const std::vector<std::string_view>& candidates);

// " (did you mean 'x'?)" or empty.
std::string didYouMean(std::string_view word, const std::vector<std::string_view>& candidates);

} // namespace portico::policy

#pragma once

#include <string>
#include <string_view>

namespace portico::text {

// Appends `value` escaped for a Prometheus label value (backslash, double quote, newline).
void appendPrometheusLabelValue(std::string& out, std::string_view value);

// A valid Prometheus label name made from free text: "API ID" -> "api_id", "2xx" -> "_2xx".
std::string prometheusLabelName(std::string_view text);

} // namespace portico::text

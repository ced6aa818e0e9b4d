#include "core/text/prometheus_label.h"

namespace portico::text {

void appendPrometheusLabelValue(std::string& out, std::string_view value) {
    for (const char c : value) {
        if (c == '\\' || c == '"') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out.push_back(c);
        }
    }
}

std::string prometheusLabelName(std::string_view text) {
    std::string name;
    for (const char c : text) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum)
            name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        else if (name.empty() || name.back() != '_')
            name.push_back('_');
    }
    if (name.empty() || (name.front() >= '0' && name.front() <= '9'))
        name.insert(name.begin(), '_');
    return name;
}

} // namespace portico::text

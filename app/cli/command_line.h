#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace portico::cli {

// A deliberately small argument parser: long options with a value (`--workspace DIR` or
// `--workspace=DIR`), boolean flags, and positionals. Unknown options are errors, not ignored.
class CommandLine {
public:
    CommandLine(std::set<std::string> valueOptions, std::set<std::string> flags);

    // Returns an error message naming the offending argument, or nothing on success.
    std::optional<std::string> parse(const std::vector<std::string>& args);

    bool has(const std::string& option) const;
    std::optional<std::string> value(const std::string& option) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }

private:
    std::set<std::string> m_valueOptions;
    std::set<std::string> m_flags;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_seenFlags;
    std::vector<std::string> m_positionals;
};

} // namespace portico::cli

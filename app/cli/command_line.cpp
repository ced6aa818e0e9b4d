#include "app/cli/command_line.h"

namespace portico::cli {

CommandLine::CommandLine(std::set<std::string> valueOptions, std::set<std::string> flags)
    : m_valueOptions(std::move(valueOptions))
    , m_flags(std::move(flags)) {}

std::optional<std::string> CommandLine::parse(const std::vector<std::string>& args) {
    bool onlyPositionals = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (onlyPositionals || arg.size() < 2 || arg[0] != '-') {
            m_positionals.push_back(arg);
            continue;
        }
        if (arg == "--") {
            onlyPositionals = true;
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        if (m_flags.count(name)) {
            if (inlineValue)
                return "option '" + name + "' takes no value";
            m_seenFlags.insert(name);
        } else if (m_valueOptions.count(name)) {
            if (m_values.count(name))
                return "option '" + name + "' given twice";
            if (!inlineValue) {
                if (i + 1 >= args.size())
                    return "option '" + name + "' needs a value";
                inlineValue = args[++i];
            }
            if (inlineValue->empty())
                return "option '" + name + "' needs a non-empty value";
            m_values[name] = *inlineValue;
        } else {
            return "unknown option '" + name + "'";
        }
    }
    return std::nullopt;
}

bool CommandLine::has(const std::string& option) const {
    return m_seenFlags.count(option) || m_values.count(option);
}

std::optional<std::string> CommandLine::value(const std::string& option) const {
    auto it = m_values.find(option);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

} // namespace portico::cli

#pragma once

#include "core/policy/compiled_policy.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace portico::policy {

// What an APIM trace shows of one request: each policy run with its section, scope, source
// position, duration and outcome, plus the <trace> messages. Filled only for traced requests.
class PipelineTrace {
public:
    struct Entry {
        Section section = Section::Inbound;
        std::string policy; // element name
        std::string id;
        std::string scope;    // global, product, api, operation, fragment
        std::string location; // file:line:col
        std::chrono::microseconds elapsed{0};
        std::string outcome; // continue, respond, fail: <reason>, enter, loop, await
        std::vector<std::pair<std::string, std::string>> variablesSet; // name, value as text
    };

    void record(Section section, const CompiledPolicy& policy, std::chrono::microseconds elapsed,
                const RunResult& result,
                std::vector<std::pair<std::string, std::string>> variablesSet = {});
    void message(std::string source, std::string severity, std::string text);

    const std::vector<Entry>& entries() const { return m_entries; }
    // The trace as a JSON object; `mask` replaces every occurrence of these texts (secrets, keys)
    // with "***" in what is written.
    std::string toJson(const std::string& requestId, const std::vector<std::string>& mask) const;

private:
    struct Message {
        std::string source, severity, text;
    };
    std::vector<Entry> m_entries;
    std::vector<Message> m_messages;
};

} // namespace portico::policy

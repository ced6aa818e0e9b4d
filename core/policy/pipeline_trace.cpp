#include "core/policy/pipeline_trace.h"

#include "core/text/json_string.h"

namespace portico::policy {

namespace {

std::string outcomeName(const RunResult& result) {
    switch (result.flow) {
    case RunResult::Flow::Continue:
        return "continue";
    case RunResult::Flow::Respond:
        return "respond";
    case RunResult::Flow::Fail:
        return "fail: " + (result.error ? result.error->reason : std::string());
    case RunResult::Flow::Enter:
        return "enter";
    case RunResult::Flow::Loop:
        return "loop";
    case RunResult::Flow::Await:
        return "await";
    }
    return {};
}

std::string masked(std::string text, const std::vector<std::string>& mask) {
    for (const auto& secret : mask) {
        if (secret.size() < 4)
            continue; // masking tiny values would shred the trace without hiding anything
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
            text.replace(at, secret.size(), "***");
    }
    return text;
}

} // namespace

void PipelineTrace::record(Section section, const CompiledPolicy& policy,
                           std::chrono::microseconds elapsed, const RunResult& result,
                           std::vector<std::pair<std::string, std::string>> variablesSet) {
    const auto& origin = policy.origin();
    Entry entry;
    entry.section = section;
    entry.policy = policy.kind();
    entry.id = policy.id();
    entry.scope = std::string(scopeName(origin.scope));
    entry.location = origin.where.file + ":" + std::to_string(origin.where.line) + ":" +
                     std::to_string(origin.where.column);
    entry.elapsed = elapsed;
    entry.outcome = outcomeName(result);
    entry.variablesSet = std::move(variablesSet);
    m_entries.push_back(std::move(entry));
}

void PipelineTrace::message(std::string source, std::string severity, std::string text) {
    m_messages.push_back({std::move(source), std::move(severity), std::move(text)});
}

std::string PipelineTrace::toJson(const std::string& requestId,
                                  const std::vector<std::string>& mask) const {
    std::string out = "{\"requestId\":" + text::jsonString(requestId) + ",\"policies\":[";
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const auto& e = m_entries[i];
        out += i ? ",{" : "{";
        out += "\"section\":" + text::jsonString(sectionName(e.section));
        out += ",\"policy\":" + text::jsonString(e.policy);
        out += ",\"id\":" + text::jsonString(e.id);
        out += ",\"scope\":" + text::jsonString(e.scope);
        out += ",\"location\":" + text::jsonString(e.location);
        out += ",\"elapsedMicroseconds\":" + std::to_string(e.elapsed.count());
        out += ",\"outcome\":" + text::jsonString(e.outcome);
        if (!e.variablesSet.empty()) {
            out += ",\"variablesSet\":{";
            for (std::size_t v = 0; v < e.variablesSet.size(); ++v) {
                out += v ? "," : "";
                out += text::jsonString(e.variablesSet[v].first) + ":" +
                       text::jsonString(e.variablesSet[v].second);
            }
            out += "}";
        }
        out += "}";
    }
    out += "],\"messages\":[";
    for (std::size_t i = 0; i < m_messages.size(); ++i) {
        const auto& m = m_messages[i];
        out += i ? ",{" : "{";
        out += "\"source\":" + text::jsonString(m.source);
        out += ",\"severity\":" + text::jsonString(m.severity);
        out += ",\"message\":" + text::jsonString(m.text) + "}";
    }
    out += "]}";
    return masked(std::move(out), mask);
}

} // namespace portico::policy

#include "core/policies/builtin_policies.h"

#include "core/model/workspace.h"
#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// APIM truncates larger messages to this before they reach the event hub.
constexpr std::size_t kMaxMessageBytes = 200 * 1024;

// `text` cut to at most `limit` bytes without splitting a UTF-8 sequence.
void truncateUtf8(std::string& text, std::size_t limit) {
    if (text.size() <= limit)
        return;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
}

// Hands a message to the host, which sends it to the logger's event hub in the background: the
// call goes on whether or not the event hub takes it, as in APIM.
class LogToEventHubPolicy final : public CompiledPolicy {
public:
    LogToEventHubPolicy(std::string loggerId, std::optional<int> partitionId,
                        std::optional<PolicyValue> partitionKey, PolicyValue message)
        : m_loggerId(std::move(loggerId))
        , m_partitionId(partitionId)
        , m_partitionKey(std::move(partitionKey))
        , m_message(std::move(message)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        LoggedEvent event{m_loggerId, m_partitionId, {}, {}};
        if (m_partitionKey) {
            auto key = m_partitionKey->text(context, failure);
            if (!key)
                return RunResult::fail(std::move(failure));
            event.partitionKey = std::move(*key);
        }
        auto message = m_message.text(context, failure);
        if (!message)
            return RunResult::fail(std::move(failure));
        truncateUtf8(*message, kMaxMessageBytes);
        event.message = std::move(*message);
        context.logToEventHub(std::move(event));
        return RunResult::next();
    }

private:
    std::string m_loggerId;
    std::optional<int> m_partitionId;
    std::optional<PolicyValue> m_partitionKey;
    PolicyValue m_message;
};

class LogToEventHubKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "log-to-eventhub",
            .attributes = {{"logger-id", ValueType::String, true, {}},
                           {"partition-id", ValueType::Int, false, {}},
                           {"partition-key", ValueType::String, false, {}}},
            .text = TextRule::Allowed,
        };
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }

    void validate(const PolicyNode& node, ValidationContext& context) const override {
        if (node.element.attribute("partition-id") && node.element.attribute("partition-key"))
            context.error(codes::kBadAttributeValue, node.element.where,
                          "<log-to-eventhub> takes 'partition-id' or 'partition-key', not both");
    }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto loggerId = context.text(node, node.element, "logger-id");
        const auto partitionId = context.number(node, node.element, rule().attributes[1], -1);
        std::optional<PolicyValue> partitionKey;
        bool ok = loggerId && partitionId;
        if (node.element.attribute("partition-key")) {
            partitionKey = context.value(node, node.element, "partition-key");
            ok = ok && partitionKey;
        }
        auto message = context.innerValue(node, node.element);
        if (!ok || !message)
            return nullptr;
        const auto* where = node.element.attribute("logger-id");
        // (An expression here is reported as one after compile() returns.)
        if (const auto* ws = context.workspace();
            ws && !isExpression(*loggerId) && !ws->findLogger(*loggerId)) {
            context.error(codes::kBadAttributeValue, context.where(node, where->valueWhere),
                          "<log-to-eventhub> names logger '" + *loggerId +
                              "', which the workspace does not have (loggers/<id>.yaml)");
            return nullptr;
        }
        if (*partitionId < -1 || *partitionId > 1023) {
            const auto* attribute = node.element.attribute("partition-id");
            context.error(codes::kBadAttributeValue, context.where(node, attribute->valueWhere),
                          "'partition-id' of <log-to-eventhub> is a partition index, 0 to 1023");
            return nullptr;
        }
        return std::make_unique<LogToEventHubPolicy>(
            *loggerId,
            *partitionId >= 0 ? std::optional<int>(static_cast<int>(*partitionId)) : std::nullopt,
            std::move(partitionKey), std::move(*message));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeLogToEventHubKind() {
    return std::make_unique<LogToEventHubKind>();
}

} // namespace portico::policies

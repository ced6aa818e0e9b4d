#include "core/policies/builtin_policies.h"

#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

// Reason phrases for the codes policies set most; others keep whatever reason was given.
std::string defaultReason(std::int64_t code) {
    switch (code) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return {};
    }
}

class SetStatusPolicy final : public CompiledPolicy {
public:
    SetStatusPolicy(int code, std::string reason)
        : m_code(code)
        , m_reason(std::move(reason)) {}

    RunResult run(RequestContext& context) const override {
        context.setStatus(m_code, m_reason);
        return RunResult::next();
    }

private:
    int m_code;
    std::string m_reason;
};

class SetStatusKind final : public PolicyKind {
public:
    const ElementRule& rule() const override { return setStatusRule(); }
    SectionSet sections() const override { return kAnySection; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto code = context.number(node, node.element, setStatusRule().attributes[0], 200);
        if (!code)
            return nullptr;
        const auto reason = context.text(node, node.element, "reason", defaultReason(*code));
        if (!reason)
            return nullptr;
        return std::make_unique<SetStatusPolicy>(static_cast<int>(*code), *reason);
    }
};

} // namespace

const ElementRule& setStatusRule() {
    static const ElementRule rule{
        .name = "set-status",
        .attributes = {{"code", ValueType::StatusCode, true, {}},
                       {"reason", ValueType::String, false, {}}},
    };
    return rule;
}

std::unique_ptr<PolicyKind> makeSetStatusKind() {
    return std::make_unique<SetStatusKind>();
}

} // namespace portico::policies

#include "core/policies/builtin_policies.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class FindAndReplacePolicy final : public CompiledPolicy {
public:
    FindAndReplacePolicy(MessageKind message, std::string from, std::string to)
        : m_message(message)
        , m_from(std::move(from))
        , m_to(std::move(to)) {}

    RunResult run(RequestContext& context) const override {
        std::string body = context.body(m_message);
        std::string out;
        std::size_t pos = 0;
        bool changed = false;
        while (true) {
            const std::size_t hit = body.find(m_from, pos);
            if (hit == std::string::npos)
                break;
            out.append(body, pos, hit - pos);
            out += m_to;
            pos = hit + m_from.size();
            changed = true;
        }
        if (changed) {
            out.append(body, pos, std::string::npos);
            context.setBody(m_message, std::move(out));
        }
        return RunResult::next();
    }

private:
    MessageKind m_message;
    std::string m_from;
    std::string m_to;
};

class FindAndReplaceKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "find-and-replace",
            .attributes = {{"from", ValueType::String, true, {}},
                           {"to", ValueType::String, true, {}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kAnySection; }

    void validate(const PolicyNode& node, ValidationContext& context) const override {
        const auto* from = node.element.attribute("from");
        if (from && from->value.empty())
            context.error(codes::kBadAttributeValue, from->valueWhere,
                          "attribute 'from' of <find-and-replace> must not be empty");
    }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto from = context.text(node, node.element, "from");
        const auto to = context.text(node, node.element, "to");
        if (!from || !to)
            return nullptr;
        if (from->empty()) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "attribute 'from' of <find-and-replace> must not be empty");
            return nullptr;
        }
        return std::make_unique<FindAndReplacePolicy>(messageFor(context.section()), *from, *to);
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeFindAndReplaceKind() {
    return std::make_unique<FindAndReplaceKind>();
}

} // namespace portico::policies

#include "core/policies/builtin_policies.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class FindAndReplacePolicy final : public CompiledPolicy {
public:
    FindAndReplacePolicy(MessageKind message, PolicyValue from, PolicyValue to)
        : m_message(message)
        , m_from(std::move(from))
        , m_to(std::move(to)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        const auto from = m_from.text(context, failure);
        const auto to = from ? m_to.text(context, failure) : std::nullopt;
        if (!from || !to)
            return RunResult::fail(std::move(failure));
        if (from->empty())
            return RunResult::next(); // nothing to find
        replace(context, *from, *to);
        return RunResult::next();
    }

    bool readsBody() const override { return true; }

private:
    void replace(RequestContext& context, const std::string& from, const std::string& to) const {
        std::string body = context.body(m_message);
        std::string out;
        std::size_t pos = 0;
        bool changed = false;
        while (true) {
            const std::size_t hit = body.find(from, pos);
            if (hit == std::string::npos)
                break;
            out.append(body, pos, hit - pos);
            out += to;
            pos = hit + from.size();
            changed = true;
        }
        if (changed) {
            out.append(body, pos, std::string::npos);
            context.setBody(m_message, std::move(out));
        }
    }

    MessageKind m_message;
    PolicyValue m_from;
    PolicyValue m_to;
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
        auto from = context.value(node, node.element, "from");
        auto to = context.value(node, node.element, "to");
        if (!from || !to)
            return nullptr;
        if (!from->isExpression() && from->literal().empty()) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "attribute 'from' of <find-and-replace> must not be empty");
            return nullptr;
        }
        return std::make_unique<FindAndReplacePolicy>(messageFor(context.section()),
                                                      std::move(*from), std::move(*to));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeFindAndReplaceKind() {
    return std::make_unique<FindAndReplaceKind>();
}

} // namespace portico::policies

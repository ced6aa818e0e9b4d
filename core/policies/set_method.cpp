#include "core/policies/builtin_policies.h"
#include "core/policies/http_text.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

class SetMethodPolicy final : public CompiledPolicy {
public:
    explicit SetMethodPolicy(PolicyValue method)
        : m_method(std::move(method)) {}

    RunResult run(RequestContext& context) const override {
        PolicyError failure = error({}, {}, 500);
        auto method = m_method.text(context, failure);
        if (!method)
            return RunResult::fail(std::move(failure));
        if (!isHeaderName(*method)) // a method is an HTTP token, like a header name
            return RunResult::fail(error("ExpressionValueEvaluationFailure",
                                         "The method is not a valid HTTP method token.", 500));
        if (!context.setMethod(std::move(*method)))
            return RunResult::fail(error("MethodNotChangeable",
                                         "This gateway cannot change the request method.", 500));
        return RunResult::next();
    }

private:
    PolicyValue m_method;
};

class SetMethodKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{.name = "set-method", .text = TextRule::Required};
        return rule;
    }
    SectionSet sections() const override { return kInbound | kOnError; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto method = context.innerValue(node, node.element);
        if (!method)
            return nullptr;
        if (!method->isExpression()) {
            std::string text = method->literal();
            text.erase(0, text.find_first_not_of(" \t\n"));
            text.erase(text.find_last_not_of(" \t\n") + 1);
            if (!isHeaderName(text)) {
                context.error(codes::kBadValue, node.origin.where,
                              "<set-method> needs an HTTP method such as GET or POST");
                return nullptr;
            }
            method = PolicyValue(std::move(text));
        }
        return std::make_unique<SetMethodPolicy>(std::move(*method));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeSetMethodKind() {
    return std::make_unique<SetMethodKind>();
}

} // namespace portico::policies

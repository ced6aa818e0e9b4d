#include "core/policy/policy_compiler.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_kind.h"
#include "core/policy/policy_registry.h"

namespace portico::policy {

void CompileContext::error(const char* code, const model::SourceLocation& where,
                           std::string message) {
    m_failed = true;
    m_diagnostics.error(code, where, std::move(message));
}

model::SourceLocation CompileContext::where(const PolicyNode& node,
                                            xml::TextPosition position) const {
    return {node.origin.where.file, position.line, position.column};
}

std::string CompileContext::substituteNames(std::string_view text,
                                            const model::SourceLocation& where, bool& ok) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t open = text.find("{{", pos);
        const std::size_t close = open == std::string_view::npos ? open : text.find("}}", open);
        if (close == std::string_view::npos) {
            out.append(text.substr(pos));
            break;
        }
        out.append(text.substr(pos, open - pos));
        std::string_view name = text.substr(open + 2, close - open - 2);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        const auto value = m_namedValues ? m_namedValues(name) : std::nullopt;
        if (!value) {
            error(codes::kUnknownNamedValue, where,
                  "unknown named value '{{" + std::string(name) + "}}'");
            ok = false;
        } else {
            out += *value;
        }
        pos = close + 2;
    }
    return out;
}

std::optional<std::string> CompileContext::substitute(std::string_view text,
                                                      const model::SourceLocation& where) {
    bool ok = true;
    std::string out = substituteNames(text, where, ok);
    if (!ok)
        return std::nullopt;
    if (isExpression(out) && !isExpression(text)) {
        // APIM would evaluate it; here the attribute takes no expression, so never pass it on
        // as text.
        error(codes::kExpressionNotSupported, where,
              "a named value here holds a policy expression, but this value does not accept "
              "policy expressions");
        return std::nullopt;
    }
    return out;
}

std::optional<PolicyValue> CompileContext::valueOf(std::string_view raw,
                                                   const model::SourceLocation& where) {
    bool ok = true;
    std::string text = substituteNames(raw, where, ok);
    if (!ok)
        return std::nullopt;
    if (!isExpression(text))
        return PolicyValue(std::move(text));
    m_consumed->push_back(where);
    const auto start = text.find('@');
    auto compiled =
        expr::compileExpression(std::string_view(text).substr(start), {where.line, where.column});
    if (!compiled.ok()) {
        for (const auto& e : compiled.errors)
            error(codes::kExpressionError, {where.file, e.where.line, e.where.column}, e.message);
        return std::nullopt;
    }
    return PolicyValue(std::move(*compiled.expression), text.substr(start));
}

std::optional<PolicyValue> CompileContext::value(const PolicyNode& node,
                                                 const xml::XmlNode& element, std::string_view name,
                                                 std::string fallback) {
    const auto* attribute = element.attribute(name);
    if (!attribute)
        return PolicyValue(std::move(fallback));
    return valueOf(attribute->value, where(node, attribute->valueWhere));
}

std::optional<PolicyValue> CompileContext::innerValue(const PolicyNode& node,
                                                      const xml::XmlNode& element) {
    // The parser notes a text expression at its first non-blank character; match it.
    xml::TextPosition position = element.where;
    for (const auto& child : element.children) {
        if (child.kind == xml::XmlNode::Kind::Text || child.kind == xml::XmlNode::Kind::CData) {
            position = child.firstNonBlank();
            break;
        }
    }
    return valueOf(element.innerText(), where(node, position));
}

bool CompileContext::consumed(const model::SourceLocation& where) const {
    for (const auto& at : *m_consumed) {
        if (at.line == where.line && at.column == where.column && at.file == where.file)
            return true;
    }
    return false;
}

std::optional<std::string> CompileContext::text(const PolicyNode& node, const xml::XmlNode& element,
                                                std::string_view name, std::string fallback) {
    const auto* attribute = element.attribute(name);
    if (!attribute)
        return fallback;
    return substitute(attribute->value, where(node, attribute->valueWhere));
}

bool CompileContext::refuseExpression(const PolicyNode& node, const xml::XmlNode& element,
                                      std::string_view name) {
    const auto* attribute = element.attribute(name);
    if (!attribute || !isExpression(attribute->value))
        return false;
    error(codes::kExpressionNotSupported, where(node, attribute->valueWhere),
          "attribute '" + std::string(name) + "' of <" + element.name +
              "> does not accept policy expressions");
    return true;
}

std::optional<bool> CompileContext::flag(const PolicyNode& node, const xml::XmlNode& element,
                                         std::string_view name, bool fallback) {
    if (refuseExpression(node, element, name))
        return std::nullopt;
    const auto value = text(node, element, name, fallback ? "true" : "false");
    if (!value)
        return std::nullopt;
    const AttributeRule rule{name, ValueType::Bool, false, {}};
    if (!checkValue(*value, rule).empty()) {
        // Only reachable through a named value; its value stays out of the message.
        error(codes::kBadAttributeValue, where(node, element.attribute(name)->valueWhere),
              "the named value in attribute '" + std::string(name) + "' of <" + element.name +
                  "> is not true or false");
        return std::nullopt;
    }
    return (*value)[0] == 't' || (*value)[0] == 'T';
}

std::optional<std::int64_t> CompileContext::number(const PolicyNode& node,
                                                   const xml::XmlNode& element,
                                                   const AttributeRule& rule,
                                                   std::int64_t fallback) {
    const auto* attribute = element.attribute(rule.name);
    if (!attribute)
        return fallback;
    if (refuseExpression(node, element, rule.name))
        return std::nullopt;
    const auto value = substitute(attribute->value, where(node, attribute->valueWhere));
    if (!value)
        return std::nullopt;
    const std::string problem = checkValue(*value, rule);
    if (!problem.empty()) {
        error(codes::kBadAttributeValue, where(node, attribute->valueWhere),
              "the named value in attribute '" + attribute->name + "' of <" + element.name +
                  "> is not a valid number");
        return std::nullopt;
    }
    return std::stoll(*value);
}

std::optional<std::string> CompileContext::innerText(const PolicyNode& node,
                                                     const xml::XmlNode& element) {
    return substitute(element.innerText(), where(node, element.where));
}

std::unique_ptr<CompiledPolicy> PolicyKind::compile(const PolicyNode& node,
                                                    CompileContext& context) const {
    context.error(codes::kPolicyNotRunnable, node.origin.where,
                  "<" + node.kind + "> is recognised but this gateway cannot run it yet");
    return nullptr;
}

std::optional<CompiledPolicyList> compilePolicies(const std::vector<PolicyNode>& policies,
                                                  CompileContext& context) {
    CompiledPolicyList compiled;
    bool ok = true;
    for (const auto& node : policies) {
        if (node.isBase() || node.isInclude()) {
            context.error(codes::kPolicyNotRunnable, node.origin.where,
                          "<" + node.kind +
                              "> must be resolved by the scope merge before "
                              "compiling");
            ok = false;
            continue;
        }
        const PolicyKind* kind = context.registry().find(node.kind);
        if (!kind) {
            context.error(codes::kUnknownPolicy, node.origin.where,
                          "unknown policy <" + node.kind + ">");
            ok = false;
            continue;
        }
        auto policy = kind->compile(node, context);
        if (!policy) {
            ok = false;
            continue;
        }
        // An expression the kind did not compile would otherwise pass as literal text.
        bool expressionsOk = true;
        for (const auto& expression : node.expressions) {
            if (context.consumed(expression.where))
                continue;
            const std::string what =
                expression.attribute.empty()
                    ? "the text of <" + expression.element + ">"
                    : "attribute '" + expression.attribute + "' of <" + expression.element + ">";
            context.error(codes::kExpressionNotSupported, expression.where,
                          what + " does not accept policy expressions");
            expressionsOk = false;
        }
        if (!expressionsOk) {
            ok = false;
            continue;
        }
        policy->describe(node.kind, node.id, node.origin);
        // An expression reading context.Request.Body or context.Response.Body (its own or one of
        // its nested policies') needs the host to buffer that body.
        for (const auto& expression : node.expressions) {
            if (expression.text.find("Body") != std::string::npos)
                policy->noteExpressionsReadBody();
        }
        compiled.push_back(std::move(policy));
    }
    if (!ok)
        return std::nullopt;
    return compiled;
}

const SubscriptionKeyNames& CompileContext::subscriptionKeyNames() const {
    static const SubscriptionKeyNames defaults;
    return m_keyNames ? *m_keyNames : defaults;
}

std::optional<CompiledPipeline>
compilePipeline(const PolicyDocument& effective, const NamedValueLookup& namedValues,
                model::DiagnosticList& diagnostics, const PolicyRegistry* registry,
                const openapi::Operation* operation, const SubscriptionKeyNames* keyNames,
                const model::Workspace* workspace) {
    const PolicyRegistry& kinds = registry ? *registry : builtinPolicies();
    CompiledPipeline pipeline;
    bool ok = true;
    for (Section s : kAllSections) {
        CompileContext context(s, namedValues, kinds, diagnostics);
        context.setOperation(operation);
        context.setSubscriptionKeyNames(keyNames);
        context.setWorkspace(workspace);
        auto list = compilePolicies(effective.section(s).policies, context);
        if (!list) {
            ok = false;
            continue;
        }
        pipeline.sections[static_cast<std::size_t>(s)] = std::move(*list);
    }
    if (!ok)
        return std::nullopt;
    return pipeline;
}

RunResult CompiledPolicy::resume(RequestContext&, const AwaitOutcome& outcome) const {
    return outcome.error ? RunResult::fail(*outcome.error) : RunResult::next();
}

LoopDecision CompiledPolicy::repeat(RequestContext&, int, const std::optional<PolicyError>&) const {
    return {};
}

bool readsBody(const CompiledPolicyList& policies) {
    for (const auto& policy : policies) {
        if (policy->needsBody())
            return true;
    }
    return false;
}

RunResult runPolicies(const CompiledPolicyList& policies, RequestContext& context) {
    for (const auto& policy : policies) {
        RunResult result = policy->run(context);
        if (result.flow != RunResult::Flow::Continue)
            return result;
    }
    return RunResult::next();
}

} // namespace portico::policy

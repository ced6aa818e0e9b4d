#include "core/policies/builtin_policies.h"

#include "core/policies/http_text.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

#include <algorithm>

namespace portico::policies {

using namespace portico::policy;

namespace {

// A template such as /v2/orders/{id}?expand={expand} cut into literal text and parameter names.
struct TemplatePart {
    bool parameter = false;
    std::string text;
};
using TemplateParts = std::vector<TemplatePart>;

// Cuts a template into parts; nothing, with `problem` set, when it is malformed.
std::optional<TemplateParts> parseTemplate(const std::string& text, std::string& problem) {
    if (hasControlCharacter(text) || text.find(' ') != std::string::npos) {
        problem = "the template of <rewrite-uri> contains a space or control character";
        return std::nullopt;
    }
    TemplateParts parts;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto open = text.find('{', pos);
        if (open == std::string::npos) {
            parts.push_back({false, text.substr(pos)});
            break;
        }
        const auto close = text.find('}', open);
        const std::string name =
            close == std::string::npos ? std::string() : text.substr(open + 1, close - open - 1);
        if (name.empty() || name.find('{') != std::string::npos) {
            problem = "the template of <rewrite-uri> has an unclosed or empty '{'";
            return std::nullopt;
        }
        if (open > pos)
            parts.push_back({false, text.substr(pos, open - pos)});
        parts.push_back({true, name});
        pos = close + 1;
    }
    return parts;
}

class RewriteUriPolicy final : public CompiledPolicy {
public:
    RewriteUriPolicy(TemplateParts parts, std::optional<PolicyValue> expression, bool copyUnmatched)
        : m_parts(std::move(parts))
        , m_expression(std::move(expression))
        , m_copyUnmatched(copyUnmatched) {}

    RunResult run(RequestContext& context) const override {
        if (!m_expression)
            return rewrite(context, m_parts);
        PolicyError failure = error({}, {}, 500);
        const auto text = m_expression->text(context, failure);
        if (!text)
            return RunResult::fail(std::move(failure));
        std::string problem;
        const auto parts = parseTemplate(*text, problem);
        if (!parts)
            return RunResult::fail(error("ExpressionValueEvaluationFailure", problem, 500));
        return rewrite(context, *parts);
    }

private:
    RunResult rewrite(RequestContext& context, const TemplateParts& parts) const {
        const auto original = context.queryParameters();
        std::vector<std::string> used;
        std::string url;
        for (const auto& part : parts) {
            if (!part.parameter) {
                url += part.text;
                continue;
            }
            // Template parameters come from the matched operation, then from the query.
            if (auto value = context.matchedParameter(part.text)) {
                url += *value;
                continue;
            }
            for (const auto& [name, value] : original) {
                if (name == part.text) {
                    url += value;
                    used.push_back(name);
                    break;
                }
            }
        }
        const auto question = url.find('?');
        std::string path = url.substr(0, question);
        if (path.empty() || path.front() != '/')
            path.insert(path.begin(), '/');
        std::vector<std::pair<std::string, std::string>> query;
        if (question != std::string::npos) {
            std::string_view rest(url);
            rest.remove_prefix(question + 1);
            while (!rest.empty()) {
                const auto amp = rest.find('&');
                const auto item = rest.substr(0, amp);
                const auto eq = item.find('=');
                if (!item.empty())
                    query.emplace_back(std::string(item.substr(0, eq)),
                                       eq == std::string_view::npos
                                           ? std::string()
                                           : std::string(item.substr(eq + 1)));
                if (amp == std::string_view::npos)
                    break;
                rest.remove_prefix(amp + 1);
            }
        }
        if (m_copyUnmatched) {
            for (const auto& parameter : original) {
                const bool consumed =
                    std::find(used.begin(), used.end(), parameter.first) != used.end();
                const bool present = std::any_of(query.begin(), query.end(), [&](const auto& q) {
                    return q.first == parameter.first;
                });
                if (!consumed && !present)
                    query.push_back(parameter);
            }
        }
        context.setUrlPath(std::move(path));
        context.setQueryParameters(std::move(query));
        return RunResult::next();
    }

    TemplateParts m_parts;                   // a literal template, parsed once
    std::optional<PolicyValue> m_expression; // or an expression giving the template
    bool m_copyUnmatched;
};

class RewriteUriKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "rewrite-uri",
            .attributes = {{"template", ValueType::String, true, {}},
                           {"copy-unmatched-params", ValueType::Bool, false, {}}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        auto text = context.value(node, node.element, "template");
        const auto copy = context.flag(node, node.element, "copy-unmatched-params", true);
        if (!text || !copy)
            return nullptr;
        if (text->isExpression())
            return std::make_unique<RewriteUriPolicy>(TemplateParts{}, std::move(*text), *copy);
        std::string problem;
        auto parts = parseTemplate(text->literal(), problem);
        if (!parts) {
            const auto* attribute = node.element.attribute("template");
            context.error(codes::kBadAttributeValue, context.where(node, attribute->valueWhere),
                          problem);
            return nullptr;
        }
        return std::make_unique<RewriteUriPolicy>(std::move(*parts), std::nullopt, *copy);
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeRewriteUriKind() {
    return std::make_unique<RewriteUriKind>();
}

} // namespace portico::policies

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

class RewriteUriPolicy final : public CompiledPolicy {
public:
    RewriteUriPolicy(std::vector<TemplatePart> parts, bool copyUnmatched)
        : m_parts(std::move(parts))
        , m_copyUnmatched(copyUnmatched) {}

    RunResult run(RequestContext& context) const override {
        const auto original = context.queryParameters();
        std::vector<std::string> used;
        std::string url;
        for (const auto& part : m_parts) {
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

private:
    std::vector<TemplatePart> m_parts;
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
        const auto text = context.text(node, node.element, "template");
        const auto copy = context.flag(node, node.element, "copy-unmatched-params", true);
        if (!text || !copy)
            return nullptr;
        if (hasControlCharacter(*text) || text->find(' ') != std::string::npos) {
            context.error(codes::kBadAttributeValue, node.origin.where,
                          "the template of <rewrite-uri> contains a space or control character");
            return nullptr;
        }
        std::vector<TemplatePart> parts;
        std::size_t pos = 0;
        while (pos < text->size()) {
            const auto open = text->find('{', pos);
            if (open == std::string::npos) {
                parts.push_back({false, text->substr(pos)});
                break;
            }
            const auto close = text->find('}', open);
            const std::string name = close == std::string::npos
                                         ? std::string()
                                         : text->substr(open + 1, close - open - 1);
            if (name.empty() || name.find('{') != std::string::npos) {
                const auto* attribute = node.element.attribute("template");
                context.error(codes::kBadAttributeValue, context.where(node, attribute->valueWhere),
                              "the template of <rewrite-uri> has an unclosed or empty '{'");
                return nullptr;
            }
            if (open > pos)
                parts.push_back({false, text->substr(pos, open - pos)});
            parts.push_back({true, name});
            pos = close + 1;
        }
        return std::make_unique<RewriteUriPolicy>(std::move(parts), *copy);
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeRewriteUriKind() {
    return std::make_unique<RewriteUriKind>();
}

} // namespace portico::policies

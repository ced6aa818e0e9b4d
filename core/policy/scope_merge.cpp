#include "core/policy/scope_merge.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_parser.h"
#include "core/policy/policy_registry.h"

#include <algorithm>

namespace portico::policy {
namespace {

// Bounds the work a fragment including others many times over can cause.
constexpr std::size_t kMaxInlinedPolicies = 10000;
constexpr std::size_t kMaxFragmentDepth = 32;

class Inliner {
public:
    Inliner(const FragmentSet& fragments, model::DiagnosticList& diagnostics)
        : m_fragments(fragments)
        , m_diagnostics(diagnostics) {}

    std::vector<PolicyNode> inlineList(const std::vector<PolicyNode>& policies) {
        std::vector<PolicyNode> out;
        for (const auto& node : policies) {
            if (m_tooLarge)
                break;
            if (!node.isInclude()) {
                PolicyNode copy = node;
                for (auto& block : copy.blocks)
                    block.policies = inlineList(block.policies);
                push(out, std::move(copy));
                continue;
            }
            const std::string id = node.fragmentId();
            const auto fragment = m_fragments.find(id);
            if (fragment == m_fragments.end()) {
                m_diagnostics.error(codes::kUnknownFragment, node.origin.where,
                                    "unknown policy fragment '" + id + "'");
                continue;
            }
            if (std::find(m_stack.begin(), m_stack.end(), id) != m_stack.end()) {
                std::string path;
                for (const auto& step : m_stack)
                    path += step + " -> ";
                m_diagnostics.error(codes::kFragmentCycle, node.origin.where,
                                    "policy fragment cycle: " + path + id);
                continue;
            }
            if (m_stack.size() >= kMaxFragmentDepth) {
                m_diagnostics.error(codes::kFragmentExpansionTooLarge, node.origin.where,
                                    "fragments include each other more than " +
                                        std::to_string(kMaxFragmentDepth) + " levels deep");
                continue;
            }
            m_stack.push_back(id);
            for (auto& inlined : inlineList(fragment->second.fragmentPolicies))
                push(out, std::move(inlined));
            m_stack.pop_back();
        }
        return out;
    }

private:
    void push(std::vector<PolicyNode>& out, PolicyNode node) {
        if (++m_count > kMaxInlinedPolicies) {
            if (!m_tooLarge)
                m_diagnostics.error(codes::kFragmentExpansionTooLarge, node.origin.where,
                                    "including fragments produces more than " +
                                        std::to_string(kMaxInlinedPolicies) + " policies");
            m_tooLarge = true;
            return;
        }
        out.push_back(std::move(node));
    }

    const FragmentSet& m_fragments;
    model::DiagnosticList& m_diagnostics;
    std::vector<std::string> m_stack;
    std::size_t m_count = 0;
    bool m_tooLarge = false;
};

std::optional<PolicyDocument> parseSource(const std::optional<PolicySource>& source, Scope scope,
                                          const PolicyRegistry& registry,
                                          model::DiagnosticList& diagnostics) {
    if (!source)
        return std::nullopt;
    ParseOptions options;
    options.file = source->file;
    options.scope = scope;
    options.registry = &registry;
    return parsePolicyDocument(source->text, options, diagnostics);
}

} // namespace

std::vector<PolicyNode> inlineFragments(const std::vector<PolicyNode>& policies,
                                        const FragmentSet& fragments,
                                        model::DiagnosticList& diagnostics) {
    Inliner inliner(fragments, diagnostics);
    return inliner.inlineList(policies);
}

PolicyDocument mergeScopes(const std::vector<const PolicyDocument*>& chain,
                           const FragmentSet& fragments, model::DiagnosticList& diagnostics,
                           const PolicyRegistry* registry) {
    const PolicyRegistry& kinds = registry ? *registry : builtinPolicies();
    PolicyDocument merged;
    for (const PolicyDocument* document : chain) {
        if (document) {
            merged.scope = document->scope;
            merged.file = document->file;
        }
    }
    for (Section s : kAllSections) {
        std::vector<PolicyNode> inherited;
        bool present = false;
        for (const PolicyDocument* document : chain) {
            if (!document || !document->section(s).present)
                continue;
            present = true;
            std::vector<PolicyNode> next;
            for (const auto& node : document->section(s).policies) {
                if (node.isBase())
                    next.insert(next.end(), inherited.begin(), inherited.end());
                else
                    next.push_back(node);
            }
            inherited = std::move(next);
        }
        PolicySection& section = merged.section(s);
        section.present = present;
        section.policies = inlineFragments(inherited, fragments, diagnostics);
        // Fragments only learn their section once inlined.
        std::vector<PolicyNode> fromFragments;
        for (const auto& node : section.policies) {
            if (!node.origin.fragmentId.empty())
                fromFragments.push_back(node);
        }
        checkSectionPlacement(fromFragments, s, kinds, diagnostics);
    }
    checkSingleForwardRequest(merged.section(Section::Backend).policies, diagnostics);
    return merged;
}

std::optional<PolicyDocument> effectivePolicy(const EffectivePolicyInput& input,
                                              model::DiagnosticList& diagnostics,
                                              const PolicyRegistry* registry) {
    const PolicyRegistry& kinds = registry ? *registry : builtinPolicies();
    const std::size_t errorsBefore = diagnostics.errorCount();
    FragmentSet fragments;
    for (const auto& [id, source] : input.fragments) {
        ParseOptions options;
        options.file = source.file;
        options.scope = Scope::Fragment;
        options.fragmentId = id;
        options.registry = &kinds;
        if (auto fragment = parsePolicyDocument(source.text, options, diagnostics))
            fragments.emplace(id, std::move(*fragment));
    }
    const auto global = parseSource(input.global, Scope::Global, kinds, diagnostics);
    const auto product = parseSource(input.product, Scope::Product, kinds, diagnostics);
    const auto api = parseSource(input.api, Scope::Api, kinds, diagnostics);
    const auto operation = parseSource(input.operation, Scope::Operation, kinds, diagnostics);
    if (diagnostics.errorCount() != errorsBefore)
        return std::nullopt;
    const auto pointer = [](const std::optional<PolicyDocument>& d) { return d ? &*d : nullptr; };
    PolicyDocument merged =
        mergeScopes({pointer(global), pointer(product), pointer(api), pointer(operation)},
                    fragments, diagnostics, &kinds);
    if (diagnostics.errorCount() != errorsBefore)
        return std::nullopt;
    return merged;
}

} // namespace portico::policy

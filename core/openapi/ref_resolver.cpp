#include "core/openapi/ref_resolver.h"

#include "core/openapi/diagnostic_codes.h"
#include "core/text/json_string.h"

#include <algorithm>
#include <limits>

namespace portico::openapi::detail {

namespace {
constexpr std::size_t kNoCut = std::numeric_limits<std::size_t>::max();
// Expanded schemas can nest far deeper than the document itself; stop well before the stack does.
constexpr std::size_t kMaxExpansionDepth = 1000;
} // namespace

RefResolver::RefResolver(const Document& document, model::DiagnosticList& diagnostics,
                         std::size_t expansionBudget)
    : m_document(document)
    , m_diagnostics(diagnostics)
    , m_lowestCut(kNoCut)
    , m_budget(expansionBudget) {}

NodeId RefResolver::refOf(NodeId id) const {
    if (!m_document.isObject(id))
        return kNoNode;
    NodeId ref = m_document.get(id, "$ref");
    return m_document.isString(ref) ? ref : kNoNode;
}

NodeId RefResolver::resolve(NodeId id) {
    NodeId ref = refOf(id);
    if (ref == kNoNode)
        return id;
    if (auto known = m_resolved.find(id); known != m_resolved.end())
        return known->second;

    std::vector<NodeId> chain{id};
    NodeId current = id;
    NodeId result = kNoNode;
    while (true) {
        NodeId refNode = refOf(current);
        if (refNode == kNoNode) {
            result = current;
            break;
        }
        const std::string& target = m_document.node(refNode).text;
        auto report = [&](auto&& emit) {
            if (m_reported.insert(refNode).second)
                emit();
        };
        if (target.empty() || target[0] != '#') {
            report([&] {
                m_diagnostics.warning(codes::kExternalRef, m_document.where(refNode),
                                      "external $ref '" + target +
                                          "' is not followed; only local references "
                                          "('#/...') are resolved");
            });
            break;
        }
        NodeId next;
        if (auto cached = m_pointers.find(target); cached != m_pointers.end()) {
            next = cached->second;
        } else {
            next = m_document.resolvePointer(target);
            m_pointers.emplace(target, next);
        }
        if (next == kNoNode) {
            report([&] {
                m_diagnostics.error(codes::kUnresolvableRef, m_document.where(refNode),
                                    "$ref '" + target + "' does not point at anything in " +
                                        (m_document.fileName().empty() ? std::string("the document")
                                                                       : m_document.fileName()));
            });
            break;
        }
        if (std::find(chain.begin(), chain.end(), next) != chain.end()) {
            report([&] {
                std::string path;
                for (NodeId step : chain)
                    path += m_document.node(refOf(step)).text + " -> ";
                m_diagnostics.error(codes::kRefCycle, m_document.where(refNode),
                                    "$ref cycle that never reaches a definition: " + path + "...");
            });
            break;
        }
        if (auto known = m_resolved.find(next); known != m_resolved.end()) {
            result = known->second;
            break;
        }
        chain.push_back(next);
        current = next;
    }
    for (NodeId step : chain)
        m_resolved[step] = result;
    return result;
}

void RefResolver::appendQuoted(std::string& out, std::string_view text) {
    text::appendJsonString(out, text);
}

void RefResolver::charge(std::size_t bytes) {
    m_used += bytes;
    if (m_used > m_budget)
        throw BudgetExceeded{};
}

std::string RefResolver::toJson(NodeId id, const std::function<bool(std::string_view)>& keep) {
    std::string out;
    try {
        write(id, out, true, 0, keep ? &keep : nullptr);
    } catch (const BudgetExceeded& why) {
        m_expanding.clear();
        m_lowestCut = kNoCut;
        reportExceeded(id, why, "the schema");
        return {};
    }
    return out;
}

std::string RefResolver::toLiteralJson(NodeId id) {
    std::string out;
    try {
        write(id, out, false, 0, nullptr);
    } catch (const BudgetExceeded& why) {
        reportExceeded(id, why, "the value");
        return {};
    }
    return out;
}

void RefResolver::reportExceeded(NodeId id, const BudgetExceeded& why, const char* what) {
    if (!m_reported.insert(id).second)
        return;
    std::string message = why.tooDeep
                              ? "expanding the $refs or YAML aliases here nests deeper than " +
                                    std::to_string(kMaxExpansionDepth) +
                                    " levels (an alias that contains "
                                    "itself?)"
                              : "expanding the $refs or YAML aliases here exceeds the budget of " +
                                    std::to_string(m_budget / (1024 * 1024)) + " MB";
    m_diagnostics.warning(codes::kExpansionTooLarge, m_document.where(id),
                          message + "; " + what + " is left out");
}

void RefResolver::write(NodeId id, std::string& out, bool expand, std::size_t depth,
                        const std::function<bool(std::string_view)>* keep) {
    if (id == kNoNode) {
        out += "null";
        return;
    }
    if (depth > kMaxExpansionDepth)
        throw BudgetExceeded{true};
    const Node& node = m_document.node(id);
    switch (node.kind) {
    case NodeKind::Null:
        charge(4);
        out += "null";
        return;
    case NodeKind::Bool:
    case NodeKind::Number:
        charge(node.text.size());
        out += node.text;
        return;
    case NodeKind::String:
        charge(node.text.size() + 2);
        appendQuoted(out, node.text);
        return;
    case NodeKind::Array:
        charge(2 + node.children.size());
        out += '[';
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            if (i)
                out += ',';
            write(node.children[i], out, expand, depth + 1, nullptr);
        }
        out += ']';
        return;
    case NodeKind::Object:
        break;
    }

    if (expand && refOf(id) != kNoNode) {
        NodeId target = resolve(id);
        auto onStack = std::find(m_expanding.begin(), m_expanding.end(), target);
        if (target == kNoNode || onStack != m_expanding.end()) {
            // Broken (already reported) or recursive: keep the $ref as written.
            if (onStack != m_expanding.end())
                m_lowestCut = std::min<std::size_t>(
                    m_lowestCut, static_cast<std::size_t>(onStack - m_expanding.begin()));
            write(id, out, false, depth + 1, nullptr);
            return;
        }
        if (auto cached = m_expanded.find(target); cached != m_expanded.end()) {
            charge(cached->second.size());
            out += cached->second;
            return;
        }
        std::size_t level = m_expanding.size();
        std::size_t outerCut = m_lowestCut;
        m_lowestCut = kNoCut;
        m_expanding.push_back(target);
        std::size_t start = out.size();
        write(target, out, true, depth + 1, nullptr);
        m_expanding.pop_back();
        // Cache only expansions that cut nothing outside themselves: they are the same anywhere.
        if (m_lowestCut == kNoCut || m_lowestCut >= level)
            m_expanded.emplace(target, out.substr(start));
        m_lowestCut = std::min(outerCut, m_lowestCut >= level ? kNoCut : m_lowestCut);
        return;
    }

    charge(2 + node.children.size());
    out += '{';
    bool first = true;
    for (std::size_t i = 0; i + 1 < node.children.size(); i += 2) {
        const std::string& key = m_document.node(node.children[i]).text;
        if (keep && !(*keep)(key))
            continue;
        if (!first)
            out += ',';
        first = false;
        appendQuoted(out, key);
        charge(key.size() + 3);
        out += ':';
        write(node.children[i + 1], out, expand, depth + 1, nullptr);
    }
    out += '}';
}

} // namespace portico::openapi::detail

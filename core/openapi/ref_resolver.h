#pragma once

#include "core/model/diagnostic.h"
#include "core/openapi/document.h"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace portico::openapi::detail {

// Follows local $refs and writes subtrees as compact JSON with their $refs expanded. A $ref that
// leads back into a schema being expanded (a recursive schema, which is legal) is written as the
// $ref itself, so expansion always ends; a chain of $refs that loops without reaching any content
// is an error. Each problem is reported once, at the $ref that has it.
class RefResolver {
public:
    RefResolver(const Document& document, model::DiagnosticList& diagnostics,
                std::size_t expansionBudget);

    // The $ref string node of a {"$ref": "..."} object, or kNoNode.
    NodeId refOf(NodeId id) const;
    // `id` itself when it is not a $ref, else the node its $ref chain leads to (kNoNode when it
    // cannot be resolved: external, missing or cyclic).
    NodeId resolve(NodeId id);

    // Compact JSON of `id` with local $refs expanded. `keep` filters an object's top-level keys.
    // Empty when the expansion would exceed the budget (reported as PT2016).
    std::string toJson(NodeId id, const std::function<bool(std::string_view)>& keep = {});
    // Compact JSON of `id` exactly as written (examples are literal values).
    std::string toLiteralJson(NodeId id);

    static void appendQuoted(std::string& out, std::string_view text);

private:
    struct BudgetExceeded {
        bool tooDeep = false;
    };
    void reportExceeded(NodeId id, const BudgetExceeded& why, const char* what);

    void write(NodeId id, std::string& out, bool expand, std::size_t depth,
               const std::function<bool(std::string_view)>* keep);
    void charge(std::size_t bytes);

    const Document& m_document;
    model::DiagnosticList& m_diagnostics;
    std::unordered_map<NodeId, NodeId> m_resolved; // $ref object -> target (kNoNode: broken)
    std::unordered_map<std::string, NodeId> m_pointers;
    std::unordered_set<NodeId> m_reported;
    std::unordered_map<NodeId, std::string> m_expanded; // target -> JSON, when context-free
    std::vector<NodeId> m_expanding;                    // targets being expanded
    std::size_t m_lowestCut = 0;
    std::size_t m_budget;
    std::size_t m_used = 0;
};

} // namespace portico::openapi::detail

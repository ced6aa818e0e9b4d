#include "core/openapi/readers.h"
#include "core/openapi/diagnostic_codes.h"

#include <algorithm>
#include <tuple>

namespace portico::openapi::detail {

bool looksLikeJson(std::string_view text) {
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' || c == '[';
    }
    return false;
}

void reportDuplicateKeys(const Document& document, model::DiagnosticList& diagnostics) {
    std::vector<NodeId> keys;
    for (std::size_t id = 0; id < document.size(); ++id) {
        const Node& node = document.node(static_cast<NodeId>(id));
        if (node.kind != NodeKind::Object || node.children.size() < 4)
            continue;
        keys.clear();
        for (std::size_t i = 0; i < node.children.size(); i += 2)
            keys.push_back(node.children[i]);
        // Sort by text, then by position, so the first occurrence comes first.
        std::sort(keys.begin(), keys.end(), [&](NodeId a, NodeId b) {
            const Node& x = document.node(a);
            const Node& y = document.node(b);
            if (x.text != y.text)
                return x.text < y.text;
            return std::tie(x.line, x.column) < std::tie(y.line, y.column);
        });
        for (std::size_t i = 1; i < keys.size(); ++i) {
            const Node& previous = document.node(keys[i - 1]);
            const Node& current = document.node(keys[i]);
            if (previous.text == current.text && keys[i] != keys[i - 1])
                diagnostics.error(codes::kDuplicateKey, document.where(keys[i]),
                                  "duplicate key '" + current.text + "' (first defined at line " +
                                      std::to_string(previous.line) + ", column " +
                                      std::to_string(previous.column) + ")");
        }
    }
}

} // namespace portico::openapi::detail

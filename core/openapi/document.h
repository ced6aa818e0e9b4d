#pragma once

#include "core/model/diagnostic.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portico::openapi::detail {

// A small JSON-like tree shared by the JSON and YAML readers, so that the importer walks one
// structure and every node still knows its line and column. Nodes live in one arena and refer to
// each other by index; a YAML alias simply points at its anchor's node (the tree may be a DAG).
using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;

enum class NodeKind : std::uint8_t { Null, Bool, Number, String, Array, Object };

struct Node {
    NodeKind kind = NodeKind::Null;
    int line = 0;
    int column = 0;
    std::string text;             // String: the value; Number: the JSON literal; Bool: true|false
    std::vector<NodeId> children; // Array: items; Object: key, value, key, value, ... (keys are
                                  // String nodes)
};

class Document {
public:
    // Deepest nesting the readers accept, so that recursive walks stay within the stack.
    static constexpr int kMaxDepth = 200;

    explicit Document(std::string fileName = {})
        : m_fileName(std::move(fileName)) {}

    const std::string& fileName() const { return m_fileName; }
    NodeId root() const { return m_root; }
    void setRoot(NodeId id) { m_root = id; }

    NodeId add(NodeKind kind, int line, int column, std::string text = {});
    Node& node(NodeId id) { return m_nodes[id]; }
    const Node& node(NodeId id) const { return m_nodes[id]; }
    std::size_t size() const { return m_nodes.size(); }
    void reserve(std::size_t n) { m_nodes.reserve(n); }

    bool isObject(NodeId id) const { return id != kNoNode && node(id).kind == NodeKind::Object; }
    bool isArray(NodeId id) const { return id != kNoNode && node(id).kind == NodeKind::Array; }
    bool isString(NodeId id) const { return id != kNoNode && node(id).kind == NodeKind::String; }
    bool isScalar(NodeId id) const;

    // Value of `key` in an object (kNoNode when absent or not an object).
    NodeId get(NodeId object, std::string_view key) const;
    // Scalar text of `key`, or `fallback` when absent or not a scalar.
    std::string getText(NodeId object, std::string_view key, std::string fallback = {}) const;
    bool getBool(NodeId object, std::string_view key, bool fallback) const;
    std::size_t memberCount(NodeId object) const { return node(object).children.size() / 2; }
    NodeId memberKey(NodeId object, std::size_t i) const { return node(object).children[2 * i]; }
    NodeId memberValue(NodeId object, std::size_t i) const {
        return node(object).children[2 * i + 1];
    }

    // Resolves a local JSON pointer ("#/components/schemas/Pet", with ~0 ~1 and %XX escapes).
    NodeId resolvePointer(std::string_view pointer) const;

    model::SourceLocation where(NodeId id) const;
    static const char* kindName(NodeKind kind);

private:
    std::string m_fileName;
    std::vector<Node> m_nodes;
    NodeId m_root = kNoNode;
};

} // namespace portico::openapi::detail

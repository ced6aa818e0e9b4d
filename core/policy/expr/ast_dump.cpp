#include "core/policy/expr/ast_dump.h"

namespace portico::policy::expr {

namespace {

const char* kindName(NodeKind kind) {
    switch (kind) {
    case NodeKind::Literal:
        return "lit";
    case NodeKind::Interpolated:
        return "interp";
    case NodeKind::Hole:
        return "hole";
    case NodeKind::Name:
        return "name";
    case NodeKind::Member:
        return "member";
    case NodeKind::Call:
        return "call";
    case NodeKind::Index:
        return "index";
    case NodeKind::Unary:
        return "unary";
    case NodeKind::Binary:
        return "bin";
    case NodeKind::Conditional:
        return "cond";
    case NodeKind::Cast:
        return "cast";
    case NodeKind::As:
        return "as";
    case NodeKind::Is:
        return "is";
    case NodeKind::Lambda:
        return "lambda";
    case NodeKind::New:
        return "new";
    case NodeKind::OutArgument:
        return "out";
    case NodeKind::Block:
        return "block";
    case NodeKind::VarDecl:
        return "decl";
    case NodeKind::Assign:
        return "assign";
    case NodeKind::ExprStmt:
        return "expr";
    case NodeKind::If:
        return "if";
    case NodeKind::Foreach:
        return "foreach";
    case NodeKind::While:
        return "while";
    case NodeKind::For:
        return "for";
    case NodeKind::DoWhile:
        return "do";
    case NodeKind::Switch:
        return "switch";
    case NodeKind::SwitchSection:
        return "section";
    case NodeKind::Case:
        return "case";
    case NodeKind::Break:
        return "break";
    case NodeKind::Continue:
        return "continue";
    case NodeKind::Throw:
        return "throw";
    case NodeKind::Try:
        return "try";
    case NodeKind::Catch:
        return "catch";
    case NodeKind::Return:
        return "return";
    }
    return "?";
}

void dump(const Node& n, bool positions, std::string& out) {
    out += '(';
    out += kindName(n.kind);
    if (positions)
        out += '@' + std::to_string(n.where.line) + ':' + std::to_string(n.where.column);
    if (n.kind == NodeKind::Literal) {
        static const char* kLit[] = {"null", "bool", "int", "real", "str", "char"};
        out += std::string(" ") + kLit[static_cast<int>(n.literal)];
        if (n.literal != LiteralKind::Null)
            out += " \"" + n.text + '"';
    } else if (!n.text.empty()) {
        out += ' ' + n.text;
    }
    if (n.nullConditional)
        out += " ?";
    if (!n.type.name.empty())
        out += " :" + n.type.display();
    for (const TypeRef& t : n.typeArgs)
        out += " <" + t.display() + '>';
    for (const std::string& p : n.names)
        out += " %" + p;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
        out += ' ';
        if (n.kind == NodeKind::Call && i < n.argNames.size() && !n.argNames[i].empty())
            out += n.argNames[i] + '=';
        dump(*n.children[i], positions, out);
    }
    out += ')';
}

} // namespace

std::string dumpAst(const Node& node, bool positions) {
    std::string out;
    dump(node, positions, out);
    return out;
}

} // namespace portico::policy::expr

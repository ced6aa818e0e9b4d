#include "core/policy/expr/parser.h"

#include <array>

namespace portico::policy::expr {

std::string TypeRef::display() const {
    std::string out = name;
    if (!arguments.empty()) {
        out += '<';
        for (std::size_t i = 0; i < arguments.size(); ++i)
            out += (i ? ", " : "") + arguments[i].display();
        out += '>';
    }
    if (array)
        out += "[]";
    return out;
}

namespace {

struct Failure {
    ParseError error;
};

constexpr std::string_view kKeywordTypes[] = {"string", "int",   "long",  "double",  "bool",
                                              "object", "char",  "byte",  "decimal", "float",
                                              "uint",   "ulong", "short", "ushort",  "sbyte"};

bool isKeywordType(std::string_view word) {
    for (auto t : kKeywordTypes)
        if (t == word)
            return true;
    return false;
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens)
        : m_tokens(std::move(tokens)) {}

    NodePtr parseWholeExpression() {
        expectPunct("(", "expected '(' after '@'");
        NodePtr e = parseExpression();
        expectPunct(")", "expected ')' to close the expression");
        expectEnd();
        return e;
    }

    NodePtr parseWholeBlock() {
        NodePtr b = parseBlock();
        expectEnd();
        return b;
    }

    NodePtr parseStandaloneExpression() {
        NodePtr e = parseExpression();
        expectEnd();
        return e;
    }

private:
    const Token& cur() const { return m_tokens[m_index]; }
    const Token& ahead(std::size_t n) const {
        return m_tokens[std::min(m_index + n, m_tokens.size() - 1)];
    }
    bool isPunct(std::string_view p, std::size_t n = 0) const {
        return ahead(n).kind == TokenKind::Punct && ahead(n).text == p;
    }
    bool isKeyword(std::string_view k, std::size_t n = 0) const {
        return ahead(n).kind == TokenKind::Keyword && ahead(n).text == k;
    }
    const Token& take() {
        const Token& t = m_tokens[m_index];
        if (m_index + 1 < m_tokens.size())
            ++m_index;
        return t;
    }
    bool acceptPunct(std::string_view p) {
        if (!isPunct(p))
            return false;
        take();
        return true;
    }

    std::string describe(const Token& t) const {
        switch (t.kind) {
        case TokenKind::End:
            return "end of expression";
        case TokenKind::String:
            return "string literal";
        case TokenKind::Interpolated:
            return "interpolated string";
        case TokenKind::Char:
            return "character literal";
        default:
            return "'" + t.text + "'";
        }
    }

    [[noreturn]] void fail(const std::string& message, Position where) {
        throw Failure{{message, where}};
    }
    [[noreturn]] void failHere(const std::string& message) {
        fail(message + ", found " + describe(cur()), cur().where);
    }

    void expectPunct(std::string_view p, const std::string& message) {
        if (!acceptPunct(p))
            failHere(message);
    }
    void expectEnd() {
        if (cur().kind != TokenKind::End)
            failHere("unexpected text after the expression");
    }
    std::string expectIdentifier(const std::string& message) {
        if (cur().kind != TokenKind::Identifier)
            failHere(message);
        return take().text;
    }

    struct DepthGuard {
        Parser& parser;
        explicit DepthGuard(Parser& p)
            : parser(p) {
            if (++parser.m_depth > kMaxNesting)
                parser.fail("expression nested too deeply (more than " +
                                std::to_string(kMaxNesting) + " levels)",
                            parser.cur().where);
        }
        ~DepthGuard() { --parser.m_depth; }
    };

    NodePtr make(NodeKind kind, Position where) {
        auto n = std::make_unique<Node>();
        n->kind = kind;
        n->where = where;
        return n;
    }

    // ---- types ----

    bool looksLikeTypeStart() const {
        return (cur().kind == TokenKind::Keyword && isKeywordType(cur().text)) ||
               cur().kind == TokenKind::Identifier;
    }

    TypeRef parseType() {
        TypeRef type;
        type.where = cur().where;
        if (cur().kind == TokenKind::Keyword && isKeywordType(cur().text)) {
            type.name = take().text;
        } else if (cur().kind == TokenKind::Identifier) {
            type.name = take().text;
            while (isPunct(".") && ahead(1).kind == TokenKind::Identifier) {
                take();
                type.name += "." + take().text;
            }
            if (isPunct("<")) {
                take();
                do {
                    type.arguments.push_back(parseType());
                } while (acceptPunct(","));
                expectPunct(">", "expected '>' after type arguments");
            }
        } else {
            failHere("expected a type name");
        }
        if (isPunct("?"))
            take(); // nullable value types behave like their underlying type here
        if (isPunct("[") && isPunct("]", 1)) {
            take();
            take();
            type.array = true;
        }
        return type;
    }

    // Tries `<T, U>` followed by '('; restores the position when it is not a generic call.
    bool tryTypeArguments(std::vector<TypeRef>& out) {
        const std::size_t saved = m_index;
        try {
            take();
            std::vector<TypeRef> args;
            do {
                args.push_back(parseType());
            } while (acceptPunct(","));
            if (acceptPunct(">") && isPunct("(")) {
                out = std::move(args);
                return true;
            }
        } catch (const Failure&) {
        }
        m_index = saved;
        return false;
    }

    // ---- statements ----

    NodePtr parseBlock() {
        DepthGuard guard(*this);
        NodePtr block = make(NodeKind::Block, cur().where);
        expectPunct("{", "expected '{' to start a statement block");
        while (!isPunct("}")) {
            if (cur().kind == TokenKind::End)
                failHere("expected '}' to close the statement block");
            block->children.push_back(parseStatement());
        }
        take();
        return block;
    }

    NodePtr parseEmbedded() {
        if (isPunct("{"))
            return parseBlock();
        return parseStatement();
    }

    bool looksLikeDeclaration() const {
        if (isKeyword("var") && ahead(1).kind == TokenKind::Identifier)
            return true;
        if (cur().kind == TokenKind::Keyword && isKeywordType(cur().text))
            return !isPunct(".", 1); // not `int.Parse(...);`
        if (cur().kind != TokenKind::Identifier)
            return false;
        // Type name followed by an identifier: `JObject body = ...`, `string[] parts = ...`,
        // `Dictionary<string, string> d` (generic types are refused later by the binder).
        std::size_t n = 1;
        while (isPunct(".", n) && ahead(n + 1).kind == TokenKind::Identifier)
            n += 2;
        if (isPunct("<", n)) {
            int depth = 0;
            for (; ahead(n).kind != TokenKind::End; ++n) {
                if (isPunct("<", n))
                    ++depth;
                else if (isPunct(">", n) && --depth == 0)
                    break;
                else if (!(ahead(n).kind == TokenKind::Identifier ||
                           ahead(n).kind == TokenKind::Keyword || isPunct(",", n) ||
                           isPunct(".", n)))
                    return false;
            }
            ++n;
        }
        if (isPunct("?", n))
            ++n;
        if (isPunct("[", n) && isPunct("]", n + 1))
            n += 2;
        return ahead(n).kind == TokenKind::Identifier &&
               (isPunct("=", n + 1) || isPunct(";", n + 1));
    }

    NodePtr parseStatement() {
        DepthGuard guard(*this);
        const Position where = cur().where;
        if (isPunct("{"))
            return parseBlock();
        if (isKeyword("if")) {
            take();
            NodePtr n = make(NodeKind::If, where);
            expectPunct("(", "expected '(' after 'if'");
            n->children.push_back(parseExpression());
            expectPunct(")", "expected ')' after the if condition");
            n->children.push_back(parseEmbedded());
            if (isKeyword("else")) {
                take();
                n->children.push_back(parseEmbedded());
            }
            return n;
        }
        if (isKeyword("while")) {
            take();
            NodePtr n = make(NodeKind::While, where);
            expectPunct("(", "expected '(' after 'while'");
            n->children.push_back(parseExpression());
            expectPunct(")", "expected ')' after the while condition");
            n->children.push_back(parseEmbedded());
            return n;
        }
        if (isKeyword("foreach")) {
            take();
            NodePtr n = make(NodeKind::Foreach, where);
            expectPunct("(", "expected '(' after 'foreach'");
            if (isKeyword("var")) {
                n->type.where = cur().where;
                n->type.name = take().text;
            } else {
                n->type = parseType();
            }
            n->text = expectIdentifier("expected a loop variable name in foreach");
            if (!isKeyword("in"))
                failHere("expected 'in' in foreach");
            take();
            n->children.push_back(parseExpression());
            expectPunct(")", "expected ')' after the foreach collection");
            n->children.push_back(parseEmbedded());
            return n;
        }
        if (isKeyword("for"))
            return parseFor();
        if (isKeyword("switch"))
            return parseSwitch();
        if (isKeyword("do")) {
            take();
            NodePtr n = make(NodeKind::DoWhile, where);
            n->children.push_back(parseEmbedded());
            if (!isKeyword("while"))
                failHere("expected 'while' after the body of 'do'");
            take();
            expectPunct("(", "expected '(' after 'while'");
            n->children.push_back(parseExpression());
            expectPunct(")", "expected ')' after the while condition");
            expectPunct(";", "expected ';' after 'do ... while (...)'");
            return n;
        }
        if (isKeyword("break") || isKeyword("continue")) {
            NodePtr n = make(take().text == "break" ? NodeKind::Break : NodeKind::Continue, where);
            expectPunct(";", n->kind == NodeKind::Break ? "expected ';' after 'break'"
                                                        : "expected ';' after 'continue'");
            return n;
        }
        if (isKeyword("try"))
            return parseTry();
        if (isKeyword("throw")) {
            NodePtr n = make(NodeKind::Throw, take().where);
            if (!isPunct(";"))
                n->children.push_back(parseExpression());
            expectPunct(";", "expected ';' after the throw statement");
            return n;
        }
        if (isKeyword("return")) {
            take();
            NodePtr n = make(NodeKind::Return, where);
            if (!isPunct(";"))
                n->children.push_back(parseExpression());
            expectPunct(";", "expected ';' after the return statement");
            return n;
        }
        const bool constant = isKeyword("const");
        if (constant) {
            take();
            if (isKeyword("var") || !looksLikeDeclaration())
                failHere("expected a type after 'const'");
        }
        const char* ending = nullptr;
        NodePtr n = parseSimpleStatement(constant, ending);
        expectPunct(";", ending);
        return n;
    }

    // `for (init; condition; iterators) body`: the initialisers are one declaration or
    // statements separated by ',', as are the iterators; a missing condition is `true`.
    NodePtr parseFor() {
        NodePtr n = make(NodeKind::For, take().where);
        expectPunct("(", "expected '(' after 'for'");
        const char* ending = nullptr;
        NodePtr init = make(NodeKind::Block, cur().where);
        while (!isPunct(";")) {
            init->children.push_back(parseSimpleStatement(false, ending));
            if (init->children.back()->kind == NodeKind::VarDecl || !acceptPunct(","))
                break;
        }
        expectPunct(";", "expected ';' after the for initialiser");
        if (isPunct(";")) {
            NodePtr always = make(NodeKind::Literal, cur().where);
            always->literal = LiteralKind::Bool;
            always->text = "true";
            n->children.push_back(std::move(init));
            n->children.push_back(std::move(always));
        } else {
            n->children.push_back(std::move(init));
            n->children.push_back(parseExpression());
        }
        expectPunct(";", "expected ';' after the for condition");
        NodePtr iterators = make(NodeKind::Block, cur().where);
        while (!isPunct(")")) {
            iterators->children.push_back(parseSimpleStatement(false, ending));
            if (iterators->children.back()->kind == NodeKind::VarDecl)
                fail("a declaration cannot be a for iterator", iterators->children.back()->where);
            if (!acceptPunct(","))
                break;
        }
        expectPunct(")", "expected ')' after the for iterators");
        n->children.push_back(std::move(iterators));
        n->children.push_back(parseEmbedded());
        return n;
    }

    // `switch (value) { case constant: ... default: ... }`: sections of one or more labels,
    // each followed by statements.
    NodePtr parseSwitch() {
        NodePtr n = make(NodeKind::Switch, take().where);
        expectPunct("(", "expected '(' after 'switch'");
        n->children.push_back(parseExpression());
        expectPunct(")", "expected ')' after the switch value");
        expectPunct("{", "expected '{' to start the switch body");
        while (!acceptPunct("}")) {
            if (!isKeyword("case") && !isKeyword("default"))
                failHere("expected 'case' or 'default' in the switch body");
            NodePtr section = make(NodeKind::SwitchSection, cur().where);
            while (isKeyword("case") || isKeyword("default")) {
                NodePtr label = make(NodeKind::Case, cur().where);
                if (take().text == "case")
                    label->children.push_back(parseExpression());
                expectPunct(":", "expected ':' after the case label");
                section->children.push_back(std::move(label));
            }
            while (!isKeyword("case") && !isKeyword("default") && !isPunct("}")) {
                if (cur().kind == TokenKind::End)
                    failHere("expected '}' to close the switch body");
                section->children.push_back(parseStatement());
            }
            n->children.push_back(std::move(section));
        }
        return n;
    }

    // `try { } catch (Type name) when (filter) { } ... finally { }`.
    NodePtr parseTry() {
        NodePtr n = make(NodeKind::Try, take().where);
        n->children.push_back(parseBlock());
        while (isKeyword("catch")) {
            NodePtr c = make(NodeKind::Catch, take().where);
            if (acceptPunct("(")) {
                c->type = parseType();
                if (cur().kind == TokenKind::Identifier)
                    c->text = take().text;
                expectPunct(")", "expected ')' after the catch declaration");
            }
            NodePtr filter;
            if (cur().kind == TokenKind::Identifier && cur().text == "when") {
                take();
                expectPunct("(", "expected '(' after 'when'");
                filter = parseExpression();
                expectPunct(")", "expected ')' after the catch filter");
            }
            c->children.push_back(parseBlock());
            if (filter)
                c->children.push_back(std::move(filter));
            n->children.push_back(std::move(c));
        }
        if (isKeyword("finally")) {
            take();
            n->children.push_back(parseBlock());
        }
        if (n->children.size() == 1)
            failHere("expected 'catch' or 'finally' after the try block");
        return n;
    }

    // A declaration, assignment, increment or method call without its ';'; `ending` is the
    // message for a missing ';' after it.
    NodePtr parseSimpleStatement(bool constant, const char*& ending) {
        const Position where = cur().where;
        if (isPunct("++") || isPunct("--")) { // ++i
            NodePtr n = make(NodeKind::Assign, where);
            n->text = take().text == "++" ? "+=" : "-=";
            n->children.push_back(parseExpression());
            n->children.push_back(integerOne(where));
            ending = "expected ';' after the statement";
            return n;
        }
        if (looksLikeDeclaration()) {
            NodePtr n = make(NodeKind::VarDecl, where);
            n->constant = constant;
            if (isKeyword("var")) {
                n->type.where = cur().where;
                n->type.name = take().text;
            } else {
                n->type = parseType();
            }
            n->text = expectIdentifier("expected a variable name");
            if (acceptPunct("="))
                n->children.push_back(parseExpression());
            else if (n->type.name == "var" || constant)
                failHere(constant ? "expected '=' and a value for the constant"
                                  : "expected '=' after an implicitly typed variable");
            ending = "expected ';' after the declaration";
            return n;
        }
        NodePtr e = parseExpression();
        static constexpr std::string_view kAssignOps[] = {"=", "+=", "-=", "*=", "/=", "?\?="};
        for (auto op : kAssignOps) {
            if (isPunct(op)) {
                NodePtr n = make(NodeKind::Assign, cur().where);
                n->text = take().text;
                n->children.push_back(std::move(e));
                n->children.push_back(parseExpression());
                ending = "expected ';' after the assignment";
                return n;
            }
        }
        if (isPunct("++") || isPunct("--")) {
            NodePtr n = make(NodeKind::Assign, cur().where);
            n->text = take().text == "++" ? "+=" : "-=";
            n->children.push_back(std::move(e));
            n->children.push_back(integerOne(n->where));
            ending = "expected ';' after the statement";
            return n;
        }
        NodePtr n = make(NodeKind::ExprStmt, where);
        n->children.push_back(std::move(e));
        ending = "expected ';' after the expression statement";
        return n;
    }

    NodePtr integerOne(Position where) {
        NodePtr one = make(NodeKind::Literal, where);
        one->literal = LiteralKind::Integer;
        one->text = "1";
        return one;
    }

    // ---- expressions ----

    bool lambdaAhead() const {
        if (cur().kind == TokenKind::Identifier && isPunct("=>", 1))
            return true;
        if (!isPunct("("))
            return false;
        std::size_t n = 1;
        if (isPunct(")", n))
            return isPunct("=>", n + 1);
        while (ahead(n).kind == TokenKind::Identifier) {
            ++n;
            if (isPunct(")", n))
                return isPunct("=>", n + 1);
            if (!isPunct(",", n))
                return false;
            ++n;
        }
        return false;
    }

    NodePtr parseLambda() {
        NodePtr n = make(NodeKind::Lambda, cur().where);
        if (cur().kind == TokenKind::Identifier) {
            n->names.push_back(take().text);
        } else {
            take(); // (
            while (!isPunct(")")) {
                n->names.push_back(expectIdentifier("expected a lambda parameter name"));
                if (!isPunct(")"))
                    expectPunct(",", "expected ',' between lambda parameters");
            }
            take();
        }
        expectPunct("=>", "expected '=>' in lambda");
        if (isPunct("{"))
            failHere("statement-bodied lambdas are not supported; use an expression body");
        n->children.push_back(parseExpression());
        return n;
    }

    NodePtr parseExpression() {
        DepthGuard guard(*this);
        if (lambdaAhead())
            return parseLambda();
        return parseConditional();
    }

    NodePtr parseConditional() {
        NodePtr cond = parseCoalesce();
        if (!isPunct("?"))
            return cond;
        NodePtr n = make(NodeKind::Conditional, cur().where);
        take();
        n->children.push_back(std::move(cond));
        n->children.push_back(parseExpression());
        expectPunct(":", "expected ':' in conditional expression");
        n->children.push_back(parseExpression());
        return n;
    }

    NodePtr binary(std::string op, Position where, NodePtr l, NodePtr r) {
        NodePtr n = make(NodeKind::Binary, where);
        n->text = std::move(op);
        n->children.push_back(std::move(l));
        n->children.push_back(std::move(r));
        return n;
    }

    NodePtr parseCoalesce() {
        NodePtr left = parseBinary(0);
        if (isPunct("??")) {
            const Position where = cur().where;
            take();
            DepthGuard guard(*this);
            return binary("??", where, std::move(left), parseCoalesce());
        }
        return left;
    }

    static int precedence(const Token& t) {
        if (t.kind == TokenKind::Keyword && (t.text == "is" || t.text == "as"))
            return 5;
        if (t.kind != TokenKind::Punct)
            return -1;
        static constexpr std::array<std::pair<std::string_view, int>, 16> kTable = {{
            {"||", 0},
            {"&&", 1},
            {"|", 2},
            {"^", 2},
            {"&", 3},
            {"==", 4},
            {"!=", 4},
            {"<", 5},
            {">", 5},
            {"<=", 5},
            {">=", 5},
            {"+", 6},
            {"-", 6},
            {"*", 7},
            {"/", 7},
            {"%", 7},
        }};
        for (auto [op, level] : kTable)
            if (op == t.text)
                return level;
        return -1;
    }

    NodePtr parseBinary(int minLevel) {
        NodePtr left = parseUnary();
        while (true) {
            const int level = precedence(cur());
            if (level < minLevel)
                return left;
            DepthGuard guard(*this);
            const Token op = take();
            if (op.kind == TokenKind::Keyword) {
                NodePtr n = make(op.text == "is" ? NodeKind::Is : NodeKind::As, op.where);
                if (op.text == "is" && isKeyword("null")) {
                    take();
                    n->type.name = "null";
                    n->type.where = op.where;
                } else {
                    n->type = parseType();
                }
                if (n->kind == NodeKind::Is && cur().kind == TokenKind::Identifier)
                    n->text = take().text;
                n->children.push_back(std::move(left));
                left = std::move(n);
                continue;
            }
            left = binary(op.text, op.where, std::move(left), parseBinary(level + 1));
        }
    }

    bool castAhead() const {
        if (!isPunct("("))
            return false;
        std::size_t n = 1;
        const bool keywordType =
            ahead(n).kind == TokenKind::Keyword && isKeywordType(ahead(n).text);
        if (!keywordType && ahead(n).kind != TokenKind::Identifier)
            return false;
        ++n;
        while (!keywordType && isPunct(".", n) && ahead(n + 1).kind == TokenKind::Identifier)
            n += 2;
        if (isPunct("?", n))
            ++n;
        if (isPunct("[", n) && isPunct("]", n + 1))
            n += 2;
        if (!isPunct(")", n))
            return false;
        if (keywordType)
            return true;
        // `(Name)x` is a cast only when something that starts an operand follows.
        const Token& next = ahead(n + 1);
        switch (next.kind) {
        case TokenKind::Identifier:
        case TokenKind::Integer:
        case TokenKind::Real:
        case TokenKind::String:
        case TokenKind::Char:
        case TokenKind::Interpolated:
            return true;
        case TokenKind::Keyword:
            return next.text == "new" || next.text == "true" || next.text == "false" ||
                   next.text == "null";
        case TokenKind::Punct:
            return next.text == "(" || next.text == "!";
        default:
            return false;
        }
    }

    NodePtr parseUnary() {
        DepthGuard guard(*this);
        const Position where = cur().where;
        if (isPunct("!") || isPunct("-") || isPunct("+")) {
            NodePtr n = make(NodeKind::Unary, where);
            n->text = take().text;
            n->children.push_back(parseUnary());
            return n;
        }
        if (castAhead()) {
            take();
            NodePtr n = make(NodeKind::Cast, where);
            n->type = parseType();
            expectPunct(")", "expected ')' after the cast type");
            n->children.push_back(parseUnary());
            return n;
        }
        return parsePostfix(parsePrimary());
    }

    void parseArguments(Node& call) {
        // '(' already consumed
        while (!isPunct(")")) {
            std::string name;
            if (cur().kind == TokenKind::Identifier && isPunct(":", 1)) {
                name = take().text;
                take();
            }
            if (isKeyword("out")) {
                NodePtr out = make(NodeKind::OutArgument, take().where);
                if (cur().kind == TokenKind::Identifier && (isPunct(")", 1) || isPunct(",", 1))) {
                    out->text = take().text;
                } else {
                    if (isKeyword("var")) {
                        out->type.where = cur().where;
                        out->type.name = take().text;
                    } else {
                        out->type = parseType();
                    }
                    out->text = expectIdentifier("expected a variable name after 'out'");
                }
                call.children.push_back(std::move(out));
            } else {
                call.children.push_back(parseExpression());
            }
            call.argNames.push_back(std::move(name));
            if (isPunct(")"))
                break;
            if (!isPunct(","))
                failHere("expected ')' after argument list");
            take();
        }
        take();
    }

    NodePtr parsePostfix(NodePtr target) {
        while (true) {
            const Position where = cur().where;
            if (isPunct(".") || isPunct("?.")) {
                const bool nullConditional = take().text == "?.";
                NodePtr n = make(NodeKind::Member, where);
                n->nullConditional = nullConditional;
                if (cur().kind != TokenKind::Identifier)
                    failHere("expected a member name after '" +
                             std::string(nullConditional ? "?." : ".") + "'");
                n->where = cur().where;
                n->text = take().text;
                if (isPunct("<"))
                    tryTypeArguments(n->typeArgs);
                n->children.push_back(std::move(target));
                target = std::move(n);
            } else if (isPunct("(")) {
                if (target->kind != NodeKind::Member && target->kind != NodeKind::Name)
                    fail("only methods can be called", where);
                take();
                NodePtr n = make(NodeKind::Call, target->where);
                n->children.push_back(std::move(target));
                n->argNames.push_back("");
                parseArguments(*n);
                target = std::move(n);
            } else if (isPunct("[") || (isPunct("?") && isPunct("[", 1))) {
                NodePtr n = make(NodeKind::Index, where);
                if (isPunct("?")) {
                    take();
                    n->nullConditional = true;
                }
                take();
                n->children.push_back(std::move(target));
                n->children.push_back(parseExpression());
                expectPunct("]", "expected ']' after the index");
                target = std::move(n);
            } else {
                return target;
            }
        }
    }

    NodePtr parseInterpolated(const Token& token);

    NodePtr parsePrimary() {
        const Token& t = cur();
        const Position where = t.where;
        switch (t.kind) {
        case TokenKind::Integer:
        case TokenKind::Real:
        case TokenKind::String:
        case TokenKind::Char: {
            NodePtr n = make(NodeKind::Literal, where);
            n->literal = t.kind == TokenKind::Integer  ? LiteralKind::Integer
                         : t.kind == TokenKind::Real   ? LiteralKind::Real
                         : t.kind == TokenKind::String ? LiteralKind::String
                                                       : LiteralKind::Char;
            n->text = take().text;
            return n;
        }
        case TokenKind::Interpolated:
            return parseInterpolated(take());
        case TokenKind::Identifier: {
            NodePtr n = make(NodeKind::Name, where);
            n->text = take().text;
            return n;
        }
        case TokenKind::Keyword: {
            if (t.text == "true" || t.text == "false" || t.text == "null") {
                NodePtr n = make(NodeKind::Literal, where);
                n->literal = t.text == "null" ? LiteralKind::Null : LiteralKind::Bool;
                n->text = take().text;
                return n;
            }
            if (t.text == "new")
                return parseNew();
            if (isKeywordType(t.text)) {
                // static members of keyword types: string.IsNullOrEmpty, int.Parse
                NodePtr n = make(NodeKind::Name, where);
                n->text = take().text;
                if (!isPunct("."))
                    failHere("expected '.' after type name '" + n->text + "'");
                return n;
            }
            fail("'" + t.text + "' is not allowed in a policy expression", where);
        }
        case TokenKind::Punct:
            if (t.text == "(") {
                take();
                NodePtr e = parseExpression();
                expectPunct(")", "expected ')' after parenthesized expression");
                return e;
            }
            break;
        default:
            break;
        }
        failHere("expected an expression");
    }

    NodePtr parseNew() {
        NodePtr n = make(NodeKind::New, take().where);
        if (isPunct("[")) {
            // new[] { ... }
            take();
            expectPunct("]", "expected ']' after 'new['");
            n->type.name = "object";
            n->type.array = true;
            n->type.where = n->where;
        } else {
            n->type = parseType();
            if (!n->type.array && isPunct("[")) {
                // new byte[16]: an array of default values
                take();
                n->type.array = true;
                n->text = "sized";
                n->children.push_back(parseExpression());
                expectPunct("]", "expected ']' after the array length");
                return n;
            }
        }
        if (n->type.array) {
            expectPunct("{", "expected '{' to start the array initializer");
            while (!isPunct("}")) {
                n->children.push_back(parseExpression());
                if (isPunct("}"))
                    break;
                expectPunct(",", "expected ',' or '}' in the array initializer");
            }
            take();
            return n;
        }
        expectPunct("(", "expected '(' after the type in 'new'");
        n->argNames.push_back("");
        parseArguments(*n);
        n->argNames.erase(n->argNames.begin());
        return n;
    }

    std::vector<Token> m_tokens;
    std::size_t m_index = 0;
    int m_depth = 0;

public:
    int m_holeDepth = 0;
};

Position advanceOver(Position p, std::string_view text) {
    for (char c : text) {
        if (c == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
    }
    return p;
}

// Decodes the escapes of a literal segment of an interpolated string.
std::string decodeSegment(std::string_view raw, bool verbatim) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if ((c == '{' || c == '}') && i + 1 < raw.size() && raw[i + 1] == c) {
            out += c;
            ++i;
        } else if (verbatim && c == '"' && i + 1 < raw.size() && raw[i + 1] == '"') {
            out += '"';
            ++i;
        } else if (!verbatim && c == '\\' && i + 1 < raw.size()) {
            const char e = raw[++i];
            switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case '0':
                out += '\0';
                break;
            default:
                out += e;
                break;
            }
        } else {
            out += c;
        }
    }
    return out;
}

NodePtr Parser::parseInterpolated(const Token& token) {
    NodePtr n = make(NodeKind::Interpolated, token.where);
    const std::string_view raw = token.text;
    std::size_t i = 0;
    std::size_t segmentStart = 0;
    auto flushSegment = [&](std::size_t end) {
        if (end > segmentStart) {
            NodePtr lit = make(NodeKind::Literal,
                               advanceOver(token.contentStart, raw.substr(0, segmentStart)));
            lit->literal = LiteralKind::String;
            lit->text = decodeSegment(raw.substr(segmentStart, end - segmentStart), token.verbatim);
            n->children.push_back(std::move(lit));
        }
    };
    while (i < raw.size()) {
        const char c = raw[i];
        if ((c == '{' || c == '}') && i + 1 < raw.size() && raw[i + 1] == c) {
            i += 2;
            continue;
        }
        if (!token.verbatim && c == '\\') {
            i += 2;
            continue;
        }
        if (c == '}')
            fail("unexpected '}' in interpolated string; write '}}' for a literal brace",
                 advanceOver(token.contentStart, raw.substr(0, i)));
        if (c != '{') {
            ++i;
            continue;
        }
        flushSegment(i);
        // Find the matching '}' and a top-level ':' (format) outside strings and brackets.
        std::size_t j = i + 1;
        int depth = 0;
        std::size_t colon = std::string_view::npos;
        for (; j < raw.size(); ++j) {
            const char d = raw[j];
            if (d == '"' || d == '\'') {
                for (++j; j < raw.size() && raw[j] != d; ++j)
                    if (raw[j] == '\\')
                        ++j;
            } else if (d == '(' || d == '[' || d == '{') {
                ++depth;
            } else if (d == ')' || d == ']') {
                --depth;
            } else if (d == '}') {
                if (depth == 0)
                    break;
                --depth;
            } else if (d == ':' && depth == 0 && colon == std::string_view::npos) {
                colon = j;
            } else if (d == '?' && depth == 0 && j + 1 < raw.size() && raw[j + 1] != '.' &&
                       raw[j + 1] != '?' && raw[j + 1] != '[') {
                fail("a conditional expression inside an interpolation needs parentheses",
                     advanceOver(token.contentStart, raw.substr(0, j)));
            }
        }
        if (j >= raw.size())
            fail("expected '}' to close the interpolation hole",
                 advanceOver(token.contentStart, raw.substr(0, i)));
        const std::size_t exprEnd = colon == std::string_view::npos ? j : colon;
        const Position holeStart = advanceOver(token.contentStart, raw.substr(0, i + 1));
        LexResult lexed = lex(raw.substr(i + 1, exprEnd - i - 1), holeStart);
        if (!lexed.ok())
            fail(lexed.errors.front().message, lexed.errors.front().where);
        if (lexed.tokens.size() == 1)
            fail("empty interpolation hole", holeStart);
        Parser inner(std::move(lexed.tokens));
        inner.m_depth = m_depth;
        NodePtr hole = make(NodeKind::Hole, holeStart);
        hole->children.push_back(inner.parseStandaloneExpression());
        if (colon != std::string_view::npos)
            hole->text = std::string(raw.substr(colon + 1, j - colon - 1));
        n->children.push_back(std::move(hole));
        i = j + 1;
        segmentStart = i;
    }
    flushSegment(raw.size());
    return n;
}

} // namespace

ParseResult parsePolicyExpression(std::string_view text, Position start) {
    ParseResult result;
    std::size_t skip = 0;
    Position at = start;
    while (skip < text.size() &&
           (text[skip] == ' ' || text[skip] == '\t' || text[skip] == '\n' || text[skip] == '\r')) {
        at = advanceOver(at, text.substr(skip, 1));
        ++skip;
    }
    if (skip >= text.size() || text[skip] != '@' || skip + 1 >= text.size() ||
        (text[skip + 1] != '(' && text[skip + 1] != '{')) {
        result.errors.push_back({"a policy expression starts with '@(' or '@{'", at});
        return result;
    }
    result.block = text[skip + 1] == '{';
    Position afterAt = at;
    ++afterAt.column;
    LexResult lexed = lex(text.substr(skip + 1), afterAt);
    if (!lexed.ok()) {
        for (const LexError& e : lexed.errors)
            result.errors.push_back({e.message, e.where});
        return result;
    }
    Parser parser(std::move(lexed.tokens));
    try {
        result.root = result.block ? parser.parseWholeBlock() : parser.parseWholeExpression();
    } catch (const Failure& failure) {
        result.errors.push_back(failure.error);
        result.root.reset();
    }
    return result;
}

} // namespace portico::policy::expr

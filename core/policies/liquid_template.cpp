#include "core/policies/liquid_template.h"
#include "core/text/json_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace portico::policies {

using json = text::OrderedJson;

namespace {

// A value written in the template: a literal or a path into the data.
struct Operand {
    bool isPath = false;
    json literal;
    std::vector<json> path;           // strings for names and ["quoted"] keys, integers for [n]
    std::vector<Operand> dynamicKeys; // [variable] keys, in path order where path holds null
};

struct Filter {
    std::string name; // lower case, underscores removed: "dividedby"
    std::vector<Operand> arguments;
};

struct Expression {
    Operand operand;
    std::vector<Filter> filters;
};

struct Comparison {
    Operand left;
    std::string op; // empty: truthiness of left
    Operand right;
    std::string joiner; // "and"/"or" joining this to the next comparison
};

} // namespace

struct LiquidTemplate::Node {
    enum class Kind { Text, Output, If, For, Assign };
    Kind kind = Kind::Text;
    std::string text;  // Text; Assign's and For's variable
    Expression output; // Output, Assign, For's collection
    // If: branches tried in order (an empty condition list is "else"); negate for unless.
    std::vector<std::pair<std::vector<Comparison>, std::vector<Node>>> branches;
    bool negateFirst = false;
    std::vector<Node> body;     // For
    std::vector<Node> elseBody; // For's {% else %}
    std::optional<Operand> limit, offset;
};

namespace {

using Node = LiquidTemplate::Node;

struct ParseError {
    std::string message;
};

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string trim(std::string_view s) {
    while (!s.empty() && isBlank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isBlank(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

std::string normaliseName(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c != '_')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// Splits the inside of a tag or output into tokens: quoted strings keep their quotes.
class Scanner {
public:
    explicit Scanner(std::string_view text)
        : m_text(text) {}

    bool atEnd() {
        skipBlanks();
        return m_pos >= m_text.size();
    }
    char peek() {
        skipBlanks();
        return m_pos < m_text.size() ? m_text[m_pos] : '\0';
    }
    bool accept(std::string_view token) {
        skipBlanks();
        if (m_text.substr(m_pos, token.size()) != token)
            return false;
        m_pos += token.size();
        return true;
    }
    std::string word() {
        skipBlanks();
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) ||
                                         m_text[m_pos] == '_' || m_text[m_pos] == '-'))
            ++m_pos;
        return std::string(m_text.substr(start, m_pos - start));
    }
    std::string comparison() {
        skipBlanks();
        for (std::string_view op : {"==", "!=", "<>", ">=", "<=", ">", "<"}) {
            if (m_text.substr(m_pos, op.size()) == op) {
                m_pos += op.size();
                return std::string(op);
            }
        }
        const std::size_t save = m_pos;
        if (word() == "contains")
            return "contains";
        m_pos = save;
        return {};
    }
    std::string rest() {
        skipBlanks();
        return std::string(m_text.substr(m_pos));
    }

    Operand operand() {
        skipBlanks();
        Operand result;
        if (m_pos >= m_text.size())
            throw ParseError{"a value is missing"};
        const char c = m_text[m_pos];
        if (c == '"' || c == '\'') {
            const auto close = m_text.find(c, m_pos + 1);
            if (close == std::string_view::npos)
                throw ParseError{"a string is not closed"};
            result.literal = std::string(m_text.substr(m_pos + 1, close - m_pos - 1));
            m_pos = close + 1;
            return result;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) ||
            (c == '-' && m_pos + 1 < m_text.size() &&
             std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1])))) {
            const std::size_t start = m_pos++;
            while (
                m_pos < m_text.size() &&
                (std::isdigit(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '.'))
                ++m_pos;
            const std::string number(m_text.substr(start, m_pos - start));
            if (number.find('.') != std::string::npos)
                result.literal = std::stod(number);
            else
                result.literal = std::stoll(number);
            return result;
        }
        const std::string first = identifier();
        if (first.empty())
            throw ParseError{std::string("unexpected '") + c + "'"};
        if (first == "true" || first == "false") {
            result.literal = first == "true";
            return result;
        }
        if (first == "nil" || first == "null" || first == "empty" || first == "blank") {
            result.literal = nullptr;
            return result;
        }
        result.isPath = true;
        result.path.push_back(first);
        while (m_pos < m_text.size()) {
            if (m_text[m_pos] == '.') {
                ++m_pos;
                const std::string name = identifier();
                if (name.empty())
                    throw ParseError{"a name is missing after '.'"};
                result.path.push_back(name);
            } else if (m_text[m_pos] == '[') {
                ++m_pos;
                Operand key = operand();
                if (!accept("]"))
                    throw ParseError{"']' is missing"};
                if (key.isPath) {
                    result.path.push_back(nullptr);
                    result.dynamicKeys.push_back(std::move(key));
                } else {
                    result.path.push_back(std::move(key.literal));
                }
            } else {
                break;
            }
        }
        return result;
    }

    Expression expression() {
        Expression e;
        e.operand = operand();
        while (accept("|")) {
            Filter f;
            const std::string name = word();
            if (name.empty())
                throw ParseError{"a filter name is missing after '|'"};
            f.name = normaliseName(name);
            if (accept(":")) {
                do
                    f.arguments.push_back(operand());
                while (accept(","));
            }
            e.filters.push_back(std::move(f));
        }
        return e;
    }

    std::vector<Comparison> condition() {
        std::vector<Comparison> list;
        while (true) {
            Comparison c;
            c.left = operand();
            c.op = comparison();
            if (!c.op.empty())
                c.right = operand();
            const std::size_t save = m_pos;
            const std::string joiner = word();
            if (joiner == "and" || joiner == "or") {
                c.joiner = joiner;
                list.push_back(std::move(c));
                continue;
            }
            m_pos = save;
            list.push_back(std::move(c));
            if (!atEnd())
                throw ParseError{"unexpected '" + rest() + "' in a condition"};
            return list;
        }
    }

private:
    void skipBlanks() {
        while (m_pos < m_text.size() && isBlank(m_text[m_pos]))
            ++m_pos;
    }
    std::string identifier() {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() &&
               (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_' ||
                m_text[m_pos] == '-' || m_text[m_pos] == '?'))
            ++m_pos;
        return std::string(m_text.substr(start, m_pos - start));
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

// One lexical piece of the template.
struct Piece {
    enum class Kind { Text, Output, Tag } kind;
    std::string text;
    int line = 1;
};

int lineAt(std::string_view text, std::size_t pos) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
}

std::vector<Piece> split(std::string_view text, LiquidTemplate::Error& error) {
    std::vector<Piece> pieces;
    std::size_t pos = 0;
    bool trimNext = false;
    while (pos < text.size()) {
        const auto open = text.find('{', pos);
        const bool tag = open != std::string_view::npos && open + 1 < text.size() &&
                         (text[open + 1] == '{' || text[open + 1] == '%');
        if (!tag) {
            const auto end = open == std::string_view::npos ? text.size() : open + 1;
            std::string literal(text.substr(pos, end - pos));
            if (trimNext)
                literal.erase(0, literal.find_first_not_of(" \t\r\n"));
            trimNext = false;
            if (!pieces.empty() && pieces.back().kind == Piece::Kind::Text)
                pieces.back().text += literal;
            else
                pieces.push_back({Piece::Kind::Text, literal, lineAt(text, pos)});
            pos = end;
            continue;
        }
        std::string literal(text.substr(pos, open - pos));
        if (trimNext)
            literal.erase(0, literal.find_first_not_of(" \t\r\n"));
        const bool output = text[open + 1] == '{';
        const std::string_view closer = output ? "}}" : "%}";
        const auto close = text.find(closer, open + 2);
        if (close == std::string_view::npos) {
            error = {lineAt(text, open), std::string("'") + (output ? "{{" : "{%") +
                                             "' is not closed with '" + std::string(closer) + "'"};
            return {};
        }
        std::string_view inside = text.substr(open + 2, close - open - 2);
        if (!inside.empty() && inside.front() == '-') {
            inside.remove_prefix(1);
            literal.erase(literal.find_last_not_of(" \t\r\n") + 1);
        }
        trimNext = !inside.empty() && inside.back() == '-';
        if (trimNext)
            inside.remove_suffix(1);
        if (!literal.empty()) {
            if (!pieces.empty() && pieces.back().kind == Piece::Kind::Text)
                pieces.back().text += literal;
            else
                pieces.push_back({Piece::Kind::Text, literal, lineAt(text, pos)});
        }
        pieces.push_back(
            {output ? Piece::Kind::Output : Piece::Kind::Tag, trim(inside), lineAt(text, open)});
        pos = close + 2;
        // {% raw %} and {% comment %} swallow everything up to their end tag.
        if (!output && (trim(inside) == "raw" || trim(inside) == "comment")) {
            const std::string name = trim(inside);
            std::size_t search = pos;
            std::size_t endOpen = std::string_view::npos, endClose = 0;
            while (true) {
                endOpen = text.find("{%", search);
                if (endOpen == std::string_view::npos)
                    break;
                endClose = text.find("%}", endOpen);
                if (endClose == std::string_view::npos) {
                    endOpen = std::string_view::npos;
                    break;
                }
                std::string_view body = text.substr(endOpen + 2, endClose - endOpen - 2);
                if (!body.empty() && body.front() == '-')
                    body.remove_prefix(1);
                if (!body.empty() && body.back() == '-')
                    body.remove_suffix(1);
                if (trim(body) == "end" + name)
                    break;
                search = endClose + 2;
            }
            if (endOpen == std::string_view::npos) {
                error = {pieces.back().line, "{% " + name + " %} has no {% end" + name + " %}"};
                return {};
            }
            pieces.pop_back();
            if (name == "raw")
                pieces.push_back({Piece::Kind::Text, std::string(text.substr(pos, endOpen - pos)),
                                  lineAt(text, pos)});
            pos = endClose + 2;
        }
    }
    return pieces;
}

class Parser {
public:
    explicit Parser(std::vector<Piece> pieces)
        : m_pieces(std::move(pieces)) {}

    // Parses nodes until one of `enders` (a tag name) or the end; returns the ender met.
    std::string block(std::vector<Node>& out, const std::vector<std::string>& enders) {
        while (m_index < m_pieces.size()) {
            const Piece& piece = m_pieces[m_index++];
            m_line = piece.line;
            if (piece.kind == Piece::Kind::Text) {
                Node n;
                n.text = piece.text;
                out.push_back(std::move(n));
                continue;
            }
            if (piece.kind == Piece::Kind::Output) {
                Scanner s(piece.text);
                Node n;
                n.kind = Node::Kind::Output;
                n.output = s.expression();
                if (!s.atEnd())
                    throw ParseError{"unexpected '" + s.rest() + "' in {{ }}"};
                out.push_back(std::move(n));
                continue;
            }
            Scanner s(piece.text);
            const std::string name = s.word();
            if (std::find(enders.begin(), enders.end(), name) != enders.end()) {
                m_tagRest = s.rest();
                return name;
            }
            const int outerOpenLine = m_openLine;
            m_openLine = m_line;
            if (name == "if" || name == "unless")
                out.push_back(conditional(s, name == "unless"));
            else if (name == "for")
                out.push_back(loop(s));
            else if (name == "assign")
                out.push_back(assign(s));
            else
                throw ParseError{"unknown or misplaced tag {% " + name + " %}"};
            m_openLine = outerOpenLine;
        }
        if (!enders.empty()) {
            m_line = m_openLine; // point at the tag left open
            throw ParseError{"{% " + enders.back() + " %} is missing"};
        }
        return {};
    }

    int line() const { return m_line; }

private:
    Node conditional(Scanner& s, bool unless) {
        Node n;
        n.kind = Node::Kind::If;
        n.negateFirst = unless;
        const std::string end = unless ? "endunless" : "endif";
        std::vector<Comparison> condition = s.condition();
        while (true) {
            std::vector<Node> body;
            const std::string ender = block(body, {"elsif", "else", end});
            n.branches.emplace_back(std::move(condition), std::move(body));
            if (ender == end)
                return n;
            if (ender == "else") {
                std::vector<Node> otherwise;
                block(otherwise, {end});
                n.branches.emplace_back(std::vector<Comparison>{}, std::move(otherwise));
                return n;
            }
            Scanner next(m_tagRest);
            condition = next.condition();
        }
    }

    Node loop(Scanner& s) {
        Node n;
        n.kind = Node::Kind::For;
        n.text = s.word();
        if (n.text.empty() || s.word() != "in")
            throw ParseError{"expected {% for name in collection %}"};
        n.output.operand = s.operand();
        while (!s.atEnd()) {
            const std::string option = s.word();
            if (!s.accept(":"))
                throw ParseError{"expected ':' after '" + option + "'"};
            if (option == "limit")
                n.limit = s.operand();
            else if (option == "offset")
                n.offset = s.operand();
            else
                throw ParseError{"unknown for option '" + option + "'"};
        }
        const std::string ender = block(n.body, {"else", "endfor"});
        if (ender == "else")
            block(n.elseBody, {"endfor"});
        return n;
    }

    Node assign(Scanner& s) {
        Node n;
        n.kind = Node::Kind::Assign;
        n.text = s.word();
        if (n.text.empty() || !s.accept("="))
            throw ParseError{"expected {% assign name = value %}"};
        n.output = s.expression();
        if (!s.atEnd())
            throw ParseError{"unexpected '" + s.rest() + "' in assign"};
        return n;
    }

    std::vector<Piece> m_pieces;
    std::size_t m_index = 0;
    int m_line = 1;
    int m_openLine = 1; // of the innermost if/unless/for being read
    std::string m_tagRest;
};

// ---- rendering ----

std::string display(const json& value) {
    switch (value.type()) {
    case json::value_t::null:
        return {};
    case json::value_t::string:
        return value.get<std::string>();
    case json::value_t::boolean:
        return value.get<bool>() ? "true" : "false";
    case json::value_t::array: {
        std::string out;
        for (const auto& item : value)
            out += display(item);
        return out;
    }
    case json::value_t::number_float: {
        const double d = value.get<double>();
        if (std::floor(d) == d && std::fabs(d) < 1e15)
            return std::to_string(static_cast<long long>(d)) + ".0";
        return text::jsonText(value);
    }
    default:
        return text::jsonText(value);
    }
}

bool truthy(const json& value) {
    return !value.is_null() && !(value.is_boolean() && !value.get<bool>());
}

double toNumber(const json& value) {
    if (value.is_number())
        return value.get<double>();
    if (value.is_string()) {
        try {
            return std::stod(value.get<std::string>());
        } catch (...) {
            return 0;
        }
    }
    return 0;
}

json numberResult(double d, bool integral) {
    if (integral)
        return static_cast<std::int64_t>(d);
    return d;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to, bool once) {
    if (from.empty())
        return s;
    std::size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
        if (once)
            break;
    }
    return s;
}

class Renderer {
public:
    Renderer(const LiquidTemplate::Resolver& resolve, std::size_t maxBytes,
             std::size_t maxIterations)
        : m_resolve(resolve)
        , m_maxBytes(maxBytes)
        , m_iterations(maxIterations) {}

    void run(const std::vector<Node>& nodes, std::string& out) {
        for (const auto& node : nodes) {
            if (out.size() > m_maxBytes)
                return;
            switch (node.kind) {
            case Node::Kind::Text:
                out += node.text;
                break;
            case Node::Kind::Output:
                out += display(evaluate(node.output));
                break;
            case Node::Kind::Assign:
                m_locals.emplace_back(node.text, evaluate(node.output));
                break;
            case Node::Kind::If:
                for (std::size_t i = 0; i < node.branches.size(); ++i) {
                    const auto& [condition, body] = node.branches[i];
                    bool pass = condition.empty() || test(condition);
                    if (i == 0 && node.negateFirst)
                        pass = !pass;
                    if (pass) {
                        run(body, out);
                        break;
                    }
                }
                break;
            case Node::Kind::For:
                loop(node, out);
                break;
            }
        }
    }

private:
    void loop(const Node& node, std::string& out) {
        json collection = value(node.output.operand);
        if (collection.is_object()) {
            json pairs = json::array();
            for (auto it = collection.begin(); it != collection.end(); ++it)
                pairs.push_back(json::array({it.key(), it.value()}));
            collection = std::move(pairs);
        }
        if (!collection.is_array() || collection.empty()) {
            run(node.elseBody, out);
            return;
        }
        std::size_t offset =
            node.offset ? static_cast<std::size_t>(std::max(0.0, toNumber(value(*node.offset))))
                        : 0;
        std::size_t count = collection.size() > offset ? collection.size() - offset : 0;
        if (node.limit)
            count = std::min(count,
                             static_cast<std::size_t>(std::max(0.0, toNumber(value(*node.limit)))));
        const std::size_t locals = m_locals.size();
        for (std::size_t i = 0; i < count; ++i) {
            if (m_iterations == 0 || out.size() > m_maxBytes)
                break;
            --m_iterations;
            m_locals.resize(locals);
            m_locals.emplace_back(node.text, collection[offset + i]);
            m_locals.emplace_back("forloop", json{{"index", i + 1},
                                                  {"index0", i},
                                                  {"first", i == 0},
                                                  {"last", i + 1 == count},
                                                  {"length", count}});
            run(node.body, out);
        }
        m_locals.resize(locals);
    }

    bool test(const std::vector<Comparison>& condition) {
        // Liquid has no precedence: evaluate from the right, as Shopify's implementation does.
        bool result = compare(condition.back());
        for (std::size_t i = condition.size() - 1; i-- > 0;) {
            const bool left = compare(condition[i]);
            result = condition[i].joiner == "and" ? (left && result) : (left || result);
        }
        return result;
    }

    bool compare(const Comparison& c) {
        const json left = value(c.left);
        if (c.op.empty())
            return truthy(left);
        const json right = value(c.right);
        if (c.op == "contains") {
            if (left.is_string() && right.is_string())
                return left.get<std::string>().find(right.get<std::string>()) != std::string::npos;
            if (left.is_array())
                return std::find(left.begin(), left.end(), right) != left.end();
            return false;
        }
        if (c.op == "==" || c.op == "!=" || c.op == "<>") {
            bool equal = left == right;
            if (!equal && left.is_number() && right.is_number())
                equal = left.get<double>() == right.get<double>();
            // "empty" compares equal to empty strings and collections.
            if (!equal && right.is_null() && c.right.literal.is_null() && !c.right.isPath)
                equal = (left.is_string() && left.get<std::string>().empty()) ||
                        (left.is_array() && left.empty()) || (left.is_object() && left.empty());
            return c.op == "==" ? equal : !equal;
        }
        if (left.is_null() || right.is_null())
            return false;
        int order = 0;
        if (left.is_string() && right.is_string())
            order = left.get<std::string>().compare(right.get<std::string>());
        else
            order = toNumber(left) < toNumber(right) ? -1 : (toNumber(left) > toNumber(right));
        if (c.op == "<")
            return order < 0;
        if (c.op == ">")
            return order > 0;
        if (c.op == "<=")
            return order <= 0;
        return order >= 0;
    }

    json value(const Operand& operand) {
        if (!operand.isPath)
            return operand.literal;
        std::vector<json> path = operand.path;
        std::size_t dynamic = 0;
        for (auto& segment : path) {
            if (segment.is_null() && dynamic < operand.dynamicKeys.size())
                segment = value(operand.dynamicKeys[dynamic++]);
        }
        const std::string& root = path.front().get_ref<const std::string&>();
        for (auto it = m_locals.rbegin(); it != m_locals.rend(); ++it) {
            if (it->first == root)
                return navigate(it->second, path, 1);
        }
        json resolved = m_resolve(path);
        if (resolved.is_null() && path.size() > 1 && path.back().is_string()) {
            // size, first and last are Liquid's own: resolve the collection, then apply them.
            const std::string& last = path.back().get_ref<const std::string&>();
            if (last == "size" || last == "first" || last == "last") {
                std::vector<json> prefix(path.begin(), path.end() - 1);
                return navigate(m_resolve(prefix), path, path.size() - 1);
            }
        }
        return resolved;
    }

    static json navigate(json current, const std::vector<json>& path, std::size_t from) {
        for (std::size_t i = from; i < path.size(); ++i) {
            const json& key = path[i];
            if (key.is_string()) {
                const std::string& name = key.get_ref<const std::string&>();
                if (current.is_object() && current.contains(name)) {
                    current = current[name];
                    continue;
                }
                if (name == "size" &&
                    (current.is_array() || current.is_object() || current.is_string())) {
                    current =
                        current.is_string() ? current.get<std::string>().size() : current.size();
                    continue;
                }
                if ((name == "first" || name == "last") && current.is_array() && !current.empty()) {
                    current = name == "first" ? current.front() : current.back();
                    continue;
                }
                return nullptr;
            }
            if (key.is_number_integer() && current.is_array()) {
                auto index = key.get<std::int64_t>();
                if (index < 0)
                    index += static_cast<std::int64_t>(current.size());
                if (index < 0 || index >= static_cast<std::int64_t>(current.size()))
                    return nullptr;
                current = current[static_cast<std::size_t>(index)];
                continue;
            }
            return nullptr;
        }
        return current;
    }

    json evaluate(const Expression& e) {
        json current = value(e.operand);
        for (const auto& filter : e.filters) {
            std::vector<json> args;
            for (const auto& a : filter.arguments)
                args.push_back(value(a));
            current = apply(filter.name, std::move(current), args);
        }
        return current;
    }

    json apply(const std::string& name, json input, const std::vector<json>& args) {
        const auto arg = [&](std::size_t i) { return i < args.size() ? args[i] : json(); };
        const auto text = [&](const json& v) { return display(v); };
        if (name == "default")
            return truthy(input) && !(input.is_string() && input.get<std::string>().empty())
                       ? input
                       : arg(0);
        if (name == "upcase")
            return upper(text(input));
        if (name == "downcase")
            return lower(text(input));
        if (name == "capitalize") {
            std::string s = text(input);
            if (!s.empty())
                s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
            return s;
        }
        if (name == "size")
            return input.is_array() || input.is_object()
                       ? input.size()
                       : (input.is_null() ? 0 : text(input).size());
        if (name == "join") {
            if (!input.is_array())
                return text(input);
            const std::string separator = args.empty() ? " " : text(arg(0));
            std::string out;
            for (std::size_t i = 0; i < input.size(); ++i)
                out += (i ? separator : "") + text(input[i]);
            return out;
        }
        if (name == "first" || name == "last") {
            if (input.is_array())
                return input.empty() ? json() : (name == "first" ? input.front() : input.back());
            const std::string s = text(input);
            return s.empty() ? json()
                             : json(std::string(1, name == "first" ? s.front() : s.back()));
        }
        if (name == "append")
            return text(input) + text(arg(0));
        if (name == "prepend")
            return text(arg(0)) + text(input);
        if (name == "replace" || name == "replacefirst")
            return replaceAll(text(input), text(arg(0)), text(arg(1)), name == "replacefirst");
        if (name == "remove" || name == "removefirst")
            return replaceAll(text(input), text(arg(0)), {}, name == "removefirst");
        if (name == "split") {
            json parts = json::array();
            const std::string s = text(input), separator = text(arg(0));
            if (separator.empty()) {
                for (char c : s)
                    parts.push_back(std::string(1, c));
                return parts;
            }
            std::size_t pos = 0;
            while (true) {
                const auto at = s.find(separator, pos);
                parts.push_back(s.substr(pos, at == std::string::npos ? at : at - pos));
                if (at == std::string::npos)
                    break;
                pos = at + separator.size();
            }
            return parts;
        }
        if (name == "strip")
            return trim(text(input));
        if (name == "lstrip") {
            std::string s = text(input);
            return s.erase(0, s.find_first_not_of(" \t\r\n"));
        }
        if (name == "rstrip") {
            std::string s = text(input);
            return s.erase(s.find_last_not_of(" \t\r\n") + 1);
        }
        if (name == "truncate") {
            const std::string s = text(input);
            const auto length =
                static_cast<std::size_t>(std::max(0.0, args.empty() ? 50.0 : toNumber(arg(0))));
            const std::string ellipsis = args.size() > 1 ? text(arg(1)) : "...";
            if (s.size() <= length)
                return s;
            return s.substr(0, length > ellipsis.size() ? length - ellipsis.size() : 0) + ellipsis;
        }
        if (name == "escape" || name == "h") {
            std::string out;
            for (char c : text(input)) {
                switch (c) {
                case '<':
                    out += "&lt;";
                    break;
                case '>':
                    out += "&gt;";
                    break;
                case '&':
                    out += "&amp;";
                    break;
                case '"':
                    out += "&quot;";
                    break;
                case '\'':
                    out += "&#39;";
                    break;
                default:
                    out += c;
                }
            }
            return out;
        }
        if (name == "urlencode") {
            std::string out;
            for (unsigned char c : text(input)) {
                if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                    out += static_cast<char>(c);
                } else if (c == ' ') {
                    out += '+';
                } else {
                    char hex[4];
                    std::snprintf(hex, sizeof hex, "%%%02X", c);
                    out += hex;
                }
            }
            return out;
        }
        if (name == "plus" || name == "minus" || name == "times" || name == "dividedby" ||
            name == "modulo") {
            const double a = toNumber(input), b = toNumber(arg(0));
            const bool integral = (input.is_number_integer() || !input.is_number_float()) &&
                                  !arg(0).is_number_float();
            if (name == "plus")
                return numberResult(a + b, integral);
            if (name == "minus")
                return numberResult(a - b, integral);
            if (name == "times")
                return numberResult(a * b, integral);
            if (b == 0)
                return nullptr;
            if (name == "modulo")
                return numberResult(std::fmod(a, b), integral);
            return numberResult(integral ? std::trunc(a / b) : a / b, integral);
        }
        if (name == "abs")
            return numberResult(std::fabs(toNumber(input)), !input.is_number_float());
        if (name == "json")
            return text::jsonText(input);
        return input; // unknown filters pass the value through, as DotLiquid does
    }

    const LiquidTemplate::Resolver& m_resolve;
    std::size_t m_maxBytes;
    std::size_t m_iterations;
    std::vector<std::pair<std::string, json>> m_locals;
};

} // namespace

std::variant<LiquidTemplate, LiquidTemplate::Error> LiquidTemplate::parse(std::string_view text) {
    Error error;
    auto pieces = split(text, error);
    if (!error.message.empty())
        return error;
    Parser parser(std::move(pieces));
    auto nodes = std::make_shared<std::vector<Node>>();
    try {
        parser.block(*nodes, {});
    } catch (const ParseError& e) {
        return Error{parser.line(), e.message};
    } catch (const std::exception&) { // a number literal out of range
        return Error{parser.line(), "a number is out of range"};
    }
    LiquidTemplate t;
    t.nodes = std::move(nodes);
    return t;
}

std::string LiquidTemplate::render(const Resolver& resolve, std::size_t maxBytes,
                                   std::size_t maxIterations) const {
    std::string out;
    Renderer renderer(resolve, maxBytes, maxIterations);
    if (nodes)
        renderer.run(*nodes, out);
    if (out.size() > maxBytes)
        out.resize(maxBytes);
    return out;
}

} // namespace portico::policies

#include "core/policy/expr/binder.h"

#include "core/policy/expr/exceptions.h"
#include "core/policy/expr/members.h"
#include "core/policy/expr/operators.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

namespace portico::policy::expr {

namespace {

struct BindFailure {
    ExpressionError error;
};

struct Bound {
    Thunk fn;
    Ty ty = Ty::Unknown;
};

bool alwaysReturns(const Node& n);
bool endIsUnreachable(const Node& n);

struct Local {
    int slot = 0;
    Ty ty = Ty::Unknown;
    bool constant = false;
};

// Locates a runtime error at the node that raised it (the innermost one wins).
Thunk located(Position where, Thunk inner) {
    return [where, inner = std::move(inner)](Eval& e) -> Value {
        try {
            return inner(e);
        } catch (Raise& r) {
            if (!r.located) {
                r.where = where;
                r.located = true;
            }
            throw;
        }
    };
}

[[noreturn]] void nullReference() {
    raise("NullReferenceException", "Object reference not set to an instance of an object.");
}

// Instance member candidates for one name, picked by the receiver's runtime type.
struct Dispatch {
    std::vector<const MemberDef*> candidates;

    const MemberDef& pick(const Value& self, std::string_view name) const {
        for (const MemberDef* d : candidates)
            if (d->receiver == self.type())
                return *d;
        if (self.isNull())
            nullReference();
        raise("InvalidOperationException", "'" + std::string(name) +
                                               "' is not available on a value of type '" +
                                               tyName(self.type()) + "'.");
    }
};

bool isBoolish(Ty ty) {
    return ty == Ty::Bool || ty == Ty::Unknown || ty == Ty::Json;
}

class Binder {
public:
    explicit Binder(Program& program)
        : m_program(program) {}

    Bound bindExpression(const Node& n, bool inChain = false) {
        switch (n.kind) {
        case NodeKind::Literal:
            return bindLiteral(n);
        case NodeKind::Interpolated:
            return bindInterpolated(n);
        case NodeKind::Name:
            return bindName(n);
        case NodeKind::Member:
        case NodeKind::Call:
        case NodeKind::Index:
            return bindChain(n, inChain);
        case NodeKind::Unary:
            return bindUnary(n);
        case NodeKind::Binary:
            return bindBinary(n);
        case NodeKind::Conditional: {
            Bound c = bindCondition(*n.children[0]);
            Bound a = bindExpression(*n.children[1]);
            Bound b = bindExpression(*n.children[2]);
            const Ty ty = a.ty == b.ty       ? a.ty
                          : a.ty == Ty::Null ? b.ty
                          : b.ty == Ty::Null ? a.ty
                                             : Ty::Unknown;
            return {[c = c.fn, a = a.fn, b = b.fn](Eval& e) { return truthy(c(e)) ? a(e) : b(e); },
                    ty};
        }
        case NodeKind::Cast:
        case NodeKind::As: {
            const Target target = bindType(n.type);
            Bound inner = bindExpression(*n.children[0]);
            const bool strict = n.kind == NodeKind::Cast;
            return {located(n.where,
                            [inner = inner.fn, target, strict](Eval& e) {
                                return convertTo(e, inner(e), target, strict);
                            }),
                    tyOfTarget(target)};
        }
        case NodeKind::Is: {
            Bound inner = bindExpression(*n.children[0]);
            if (n.type.name == "null")
                return {[inner = inner.fn](Eval& e) { return Value::boolean(inner(e).isNull()); },
                        Ty::Bool};
            const Target target = bindType(n.type);
            if (!n.text.empty()) {
                const int slot = declare(n.text, tyOfTarget(target), n.where);
                return {[inner = inner.fn, target, slot](Eval& e) {
                            Value v = inner(e);
                            const bool ok = isOfTarget(v, target);
                            if (ok)
                                e.slots[std::size_t(slot)] = std::move(v);
                            return Value::boolean(ok);
                        },
                        Ty::Bool};
            }
            return {[inner = inner.fn, target](Eval& e) {
                        return Value::boolean(isOfTarget(inner(e), target));
                    },
                    Ty::Bool};
        }
        case NodeKind::Lambda:
            fail("a lambda expression can only be passed to a method such as Where or Any",
                 n.where);
        case NodeKind::New:
            return bindNew(n);
        case NodeKind::OutArgument:
            fail("'out' is only allowed in a method argument", n.where);
        default:
            fail("a statement cannot be used as an expression", n.where);
        }
    }

    StatementThunk bindStatement(const Node& n) {
        switch (n.kind) {
        case NodeKind::Block: {
            pushScope();
            std::vector<StatementThunk> statements;
            for (const NodePtr& child : n.children)
                statements.push_back(bindStatement(*child));
            popScope();
            return [statements = std::move(statements)](Eval& e) {
                for (const StatementThunk& s : statements)
                    if (const Flow f = s(e); f != Flow::Next)
                        return f;
                return Flow::Next;
            };
        }
        case NodeKind::VarDecl: {
            Ty ty = Ty::Unknown;
            Target target = Target::None;
            Thunk init;
            if (!n.children.empty()) {
                Bound b = bindExpression(*n.children[0]);
                init = std::move(b.fn);
                ty = b.ty;
            }
            if (n.type.name != "var") {
                target = bindType(n.type);
                ty = tyOfTarget(target);
            }
            const int slot = declare(n.text, ty, n.where, n.constant);
            if (!init)
                return [slot](Eval& e) {
                    e.step();
                    e.slots[std::size_t(slot)] = Value::null();
                    return Flow::Next;
                };
            const bool widen = target == Target::Double;
            return [slot, init = located(n.where, std::move(init)), widen](Eval& e) {
                e.step();
                Value v = init(e);
                if (widen && v.type() == Ty::Int)
                    v = Value::real(double(v.asInt()));
                e.slots[std::size_t(slot)] = std::move(v);
                return Flow::Next;
            };
        }
        case NodeKind::Assign:
            return bindAssignment(n);
        case NodeKind::ExprStmt: {
            const Node& e = *n.children[0];
            if (e.kind != NodeKind::Call)
                fail("only method calls and assignments can be used as statements", n.where);
            Bound b = bindExpression(e);
            return [fn = std::move(b.fn)](Eval& ev) {
                ev.step();
                fn(ev);
                return Flow::Next;
            };
        }
        case NodeKind::If: {
            Bound c = bindCondition(*n.children[0]);
            pushScope();
            StatementThunk then = bindStatement(*n.children[1]);
            popScope();
            StatementThunk otherwise;
            if (n.children.size() > 2) {
                pushScope();
                otherwise = bindStatement(*n.children[2]);
                popScope();
            }
            return [c = c.fn, then = std::move(then), otherwise = std::move(otherwise)](Eval& e) {
                e.step();
                if (truthy(c(e)))
                    return then(e);
                return otherwise ? otherwise(e) : Flow::Next;
            };
        }
        case NodeKind::While: {
            Bound c = bindCondition(*n.children[0]);
            pushScope();
            StatementThunk body = bindLoopBody(*n.children[1]);
            popScope();
            return makeLoop({}, std::move(c.fn), {}, std::move(body));
        }
        case NodeKind::For:
            return bindFor(n);
        case NodeKind::DoWhile: {
            pushScope();
            StatementThunk body = bindLoopBody(*n.children[0]);
            popScope();
            Bound c = bindCondition(*n.children[1]);
            return [c = c.fn, body = std::move(body)](Eval& e) {
                while (true) {
                    e.step();
                    if (const auto out = afterBody(body(e)))
                        return *out;
                    if (!truthy(c(e)))
                        return Flow::Next;
                }
            };
        }
        case NodeKind::Switch:
            return bindSwitch(n);
        case NodeKind::Break:
        case NodeKind::Continue: {
            const bool isBreak = n.kind == NodeKind::Break;
            const int targets = isBreak ? m_breakDepth : m_loopDepth;
            if (targets == 0 && m_finallyDepth > 0)
                fail("control cannot leave the body of a finally clause", n.where);
            if (targets == 0)
                fail(isBreak ? "no enclosing loop or switch out of which to break"
                             : "no enclosing loop out of which to continue",
                     n.where);
            const Flow flow = isBreak ? Flow::Break : Flow::Continue;
            return [flow](Eval& e) {
                e.step();
                return flow;
            };
        }
        case NodeKind::Try:
            return bindTry(n);
        case NodeKind::Throw: {
            if (n.children.empty()) { // rethrow what the innermost catch caught
                if (m_caughtSlots.empty())
                    fail("a throw statement with no arguments is not allowed outside of a catch "
                         "clause",
                         n.where);
                const auto slot = std::size_t(m_caughtSlots.back());
                return [slot](Eval& e) -> Flow { raiseException(e.slots[slot]); };
            }
            Bound thrown = bindExpression(*n.children[0]);
            if (thrown.ty != Ty::Exception && thrown.ty != Ty::Unknown)
                fail(std::string("a value of type '") + tyName(thrown.ty) +
                         "' cannot be thrown: throw an exception, e.g. new "
                         "InvalidOperationException(\"...\")",
                     n.children[0]->where);
            return located_statement(n.where, [fn = std::move(thrown.fn)](Eval& e) -> Flow {
                e.step();
                raiseException(fn(e));
            });
        }
        case NodeKind::Foreach: {
            Bound collection = bindExpression(*n.children[0]);
            if (collection.ty != Ty::Unknown && collection.ty != Ty::List &&
                collection.ty != Ty::Json && collection.ty != Ty::String &&
                collection.ty != Ty::Bytes && collection.ty != Ty::StringMap)
                fail(std::string("foreach cannot enumerate a value of type '") +
                         tyName(collection.ty) + "'",
                     n.children[0]->where);
            pushScope();
            const Ty ty = n.type.name == "var" ? Ty::Unknown : tyOfTarget(bindType(n.type));
            const int slot = declare(n.text, ty, n.where);
            StatementThunk body = bindLoopBody(*n.children[1]);
            popScope();
            return [slot, coll = located(n.children[0]->where, std::move(collection.fn)),
                    body = std::move(body)](Eval& e) {
                e.step();
                const Value source = coll(e);
                const std::vector<Value> items = enumerate(e, source);
                for (const Value& item : items) {
                    e.step();
                    e.slots[std::size_t(slot)] = item;
                    if (const auto out = afterBody(body(e)))
                        return *out;
                }
                return Flow::Next;
            };
        }
        case NodeKind::Return: {
            if (m_finallyDepth > 0)
                fail("control cannot leave the body of a finally clause", n.where);
            if (n.children.empty())
                fail("a policy expression block must return a value", n.where);
            Bound b = bindExpression(*n.children[0]);
            m_returnTypes.push_back(b.ty);
            return [fn = std::move(b.fn)](Eval& e) {
                e.step();
                e.result = fn(e);
                return Flow::Return;
            };
        }
        default:
            fail("expected a statement", n.where);
        }
    }

    StatementThunk bindLoopBody(const Node& body) {
        ++m_loopDepth;
        ++m_breakDepth;
        StatementThunk bound = bindStatement(body);
        --m_breakDepth;
        --m_loopDepth;
        return bound;
    }

    struct SwitchSection {
        std::vector<Thunk> labels;
        std::vector<StatementThunk> statements;
    };

    // C#'s switch statement over constants: the section whose label equals the value (as `==`
    // compares) runs, else `default`; sections cannot fall through into the next one.
    StatementThunk bindSwitch(const Node& n) {
        Bound governing = bindExpression(*n.children[0]);
        std::vector<SwitchSection> sections;
        int fallback = -1;
        pushScope(); // one declaration space for the whole switch block, as in C#
        ++m_breakDepth;
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            const Node& section = *n.children[i];
            SwitchSection bound;
            for (const NodePtr& c : section.children) {
                if (c->kind != NodeKind::Case) {
                    bound.statements.push_back(bindStatement(*c));
                    continue;
                }
                if (c->children.empty()) {
                    if (fallback >= 0)
                        fail("the switch statement contains multiple default labels", c->where);
                    fallback = int(sections.size());
                    continue;
                }
                if (!isConstant(*c->children[0]))
                    fail("a case label must be a constant (a literal or an enum member)",
                         c->children[0]->where);
                bound.labels.push_back(bindExpression(*c->children[0]).fn);
            }
            if (bound.statements.empty() || !endIsUnreachable(*section.children.back()))
                fail("control cannot fall through from one case label to another", section.where);
            sections.push_back(std::move(bound));
        }
        --m_breakDepth;
        popScope();
        return [value = located(n.children[0]->where, std::move(governing.fn)),
                sections = std::move(sections), fallback](Eval& e) {
            e.step();
            const Value v = value(e);
            const SwitchSection* chosen = nullptr;
            for (const SwitchSection& s : sections) {
                for (const Thunk& label : s.labels)
                    if (valuesEqual(v, label(e)))
                        chosen = &s;
                if (chosen)
                    break;
            }
            if (!chosen && fallback >= 0)
                chosen = &sections[std::size_t(fallback)];
            if (!chosen)
                return Flow::Next;
            for (const StatementThunk& s : chosen->statements)
                if (const Flow f = s(e); f != Flow::Next)
                    return f == Flow::Break ? Flow::Next : f;
            return Flow::Next;
        };
    }

    // A literal, or an enum member such as DayOfWeek.Saturday.
    static bool isConstant(const Node& n) {
        if (n.kind == NodeKind::Unary && n.text == "-")
            return isConstant(*n.children[0]);
        if (n.kind == NodeKind::Member && n.children[0]->kind == NodeKind::Name) {
            const std::string_view owner = canonicalStaticClass(n.children[0]->text);
            for (const MemberDef& d : memberTable())
                if (d.constant && !owner.empty() && d.owner == owner && d.name == n.text)
                    return true;
        }
        return n.kind == NodeKind::Literal;
    }

    StatementThunk bindFor(const Node& n) {
        pushScope(); // the initialiser's variables live in the loop only
        std::vector<StatementThunk> init;
        for (const NodePtr& s : n.children[0]->children)
            init.push_back(bindStatement(*s));
        Bound condition = bindCondition(*n.children[1]);
        std::vector<StatementThunk> iterators;
        for (const NodePtr& s : n.children[2]->children)
            iterators.push_back(bindStatement(*s));
        StatementThunk body = bindLoopBody(*n.children[3]);
        popScope();
        return makeLoop(std::move(init), std::move(condition.fn), std::move(iterators),
                        std::move(body));
    }

    // `while` is a `for` without initialisers and iterators.
    static StatementThunk makeLoop(std::vector<StatementThunk> init, Thunk condition,
                                   std::vector<StatementThunk> iterators, StatementThunk body) {
        return [init = std::move(init), c = std::move(condition), iterators = std::move(iterators),
                body = std::move(body)](Eval& e) {
            for (const StatementThunk& s : init)
                s(e);
            while (true) {
                e.step();
                if (!truthy(c(e)))
                    return Flow::Next;
                if (const auto out = afterBody(body(e)))
                    return *out;
                for (const StatementThunk& s : iterators)
                    s(e);
            }
        };
    }

    // What a loop does after its body ran: nothing to go on, else what the loop itself gives
    // its enclosing statements (a break ends only the loop).
    static std::optional<Flow> afterBody(Flow f) {
        if (f == Flow::Return)
            return f;
        if (f == Flow::Break)
            return Flow::Next;
        return std::nullopt;
    }

    StatementThunk bindTry(const Node& n) {
        pushScope();
        StatementThunk body = bindStatement(*n.children[0]);
        popScope();
        std::vector<CatchClause> catches;
        StatementThunk finally;
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            const Node& c = *n.children[i];
            if (c.kind != NodeKind::Catch) {
                // C# lets nothing leave a finally block: no return, and break or continue only
                // inside a loop of its own.
                const int savedLoops = m_loopDepth;
                const int savedBreaks = m_breakDepth;
                m_loopDepth = m_breakDepth = 0;
                ++m_finallyDepth;
                finally = bindStatement(c);
                --m_finallyDepth;
                m_loopDepth = savedLoops;
                m_breakDepth = savedBreaks;
                continue;
            }
            CatchClause bound;
            pushScope();
            if (!c.type.name.empty()) {
                if (!c.type.arguments.empty() || c.type.array || !isCatchableException(c.type.name))
                    fail("'" + c.type.display() +
                             "' is not an exception type a policy expression can catch",
                         c.type.where);
                bound.type = c.type.name;
            }
            // Unnamed, the exception still gets a slot: `throw;` rethrows it from there.
            bound.slot =
                c.text.empty() ? m_program.slotCount++ : declare(c.text, Ty::Exception, c.where);
            if (c.children.size() > 1)
                bound.filter = bindCondition(*c.children[1]).fn;
            m_caughtSlots.push_back(bound.slot);
            bound.body = bindStatement(*c.children[0]);
            m_caughtSlots.pop_back();
            popScope();
            catches.push_back(std::move(bound));
        }
        return [body = std::move(body), catches = std::move(catches), finally = std::move(finally)](
                   Eval& e) { return runTry(e, body, catches, finally); };
    }

    void pushScope() { m_scopes.emplace_back(); }
    void popScope() { m_scopes.pop_back(); }
    const std::vector<Ty>& returnTypes() const { return m_returnTypes; }

    [[noreturn]] static void fail(std::string message, Position where) {
        throw BindFailure{{std::move(message), where}};
    }

private:
    int declare(const std::string& name, Ty ty, Position where, bool constant = false) {
        if (name == "context")
            fail("'context' cannot be redeclared", where);
        if (findLocal(name))
            fail("a local variable named '" + name + "' is already defined in this scope", where);
        m_scopes.back()[name] = {m_program.slotCount, ty, constant};
        return m_program.slotCount++;
    }

    const Local* findLocal(const std::string& name) const {
        for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it) {
            auto found = it->find(name);
            if (found != it->end())
                return &found->second;
        }
        return nullptr;
    }

    Target bindType(const TypeRef& type) {
        if (!type.arguments.empty())
            fail("type '" + type.display() + "' is not allowed in policy expressions", type.where);
        const Target t = targetFromTypeName(type.name, type.array);
        if (t == Target::None)
            fail("type '" + type.display() + "' is not allowed in policy expressions", type.where);
        return t;
    }

    Bound bindLiteral(const Node& n) {
        Value v;
        switch (n.literal) {
        case LiteralKind::Null:
            break;
        case LiteralKind::Bool:
            v = Value::boolean(n.text == "true");
            break;
        case LiteralKind::Integer:
            try {
                v = Value::integer(std::stoll(n.text));
            } catch (const std::exception&) {
                fail("integral constant '" + n.text + "' is too large", n.where);
            }
            break;
        case LiteralKind::Real: {
            // from_chars: no exception on overflow, and no locale (the studio's may use ',').
            double d = 0;
            const auto [end, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), d);
            const bool underflow = ec == std::errc::result_out_of_range &&
                                   n.text.find("e-") != std::string::npos; // C# gives 0
            if (underflow)
                d = 0;
            else if (ec != std::errc() || end != n.text.data() + n.text.size())
                fail("floating-point constant '" + n.text +
                         "' is outside the range of type 'double'",
                     n.where);
            v = Value::real(d);
            break;
        }
        case LiteralKind::String:
            v = Value::string(n.text);
            break;
        case LiteralKind::Char:
            v = Value::character(static_cast<unsigned char>(n.text[0]));
            break;
        }
        const Ty ty = v.type();
        return {[v = std::move(v)](Eval&) { return v; }, ty};
    }

    Bound bindInterpolated(const Node& n) {
        struct Part {
            std::string literal;
            Thunk hole;
            std::string format;
        };
        std::vector<Part> parts;
        for (const NodePtr& c : n.children) {
            if (c->kind == NodeKind::Literal)
                parts.push_back({c->text, nullptr, {}});
            else
                parts.push_back(
                    {{}, located(c->where, bindExpression(*c->children[0]).fn), c->text});
        }
        return {[parts = std::move(parts)](Eval& e) {
                    std::string out;
                    for (const Part& p : parts) {
                        if (p.hole)
                            out += formatWithSpec(p.hole(e), p.format);
                        else
                            out += p.literal;
                    }
                    return makeString(e, std::move(out));
                },
                Ty::String};
    }

    Bound bindName(const Node& n) {
        if (const Local* local = findLocal(n.text)) {
            const auto slot = std::size_t(local->slot);
            return {[slot](Eval& e) { return e.slots[slot]; }, local->ty};
        }
        if (n.text == "context")
            return {[](Eval&) { return Value::object(Ty::Context, {}); }, Ty::Context};
        if (!canonicalStaticClass(n.text).empty())
            fail("'" + n.text + "' is a type; use one of its allowed members", n.where);
        fail("the name '" + n.text +
                 "' does not exist here: only 'context', local variables and "
                 "allowed types can be used",
             n.where);
    }

    // A static class when the node names one and no local hides it: a name, or a
    // namespace-qualified one (System.Net.WebUtility, Newtonsoft.Json.Linq.JObject).
    std::string_view staticClassOf(const Node& n) const {
        if (n.kind == NodeKind::Name && !findLocal(n.text))
            return canonicalStaticClass(n.text);
        std::string qualified;
        const Node* cur = &n;
        for (; cur->kind == NodeKind::Member && !cur->nullConditional; cur = cur->children[0].get())
            qualified = "." + cur->text + qualified;
        if (cur->kind != NodeKind::Name || findLocal(cur->text) || cur->text == "context")
            return {};
        return canonicalStaticClass(cur->text + qualified);
    }

    static const char* receiverName(Ty ty) { return tyName(ty); }

    Bound bindChain(const Node& n, bool inChain) {
        Bound b = bindPostfix(n);
        if (inChain || !chainHasNullConditional(n))
            return b;
        // The top of a chain with ?. turns a short-circuit into null for the whole chain.
        return {[fn = std::move(b.fn)](Eval& e) {
                    Value v = fn(e);
                    e.shortCircuit = false;
                    return v;
                },
                b.ty};
    }

    static bool chainHasNullConditional(const Node& n) {
        const Node* cur = &n;
        while (cur->kind == NodeKind::Member || cur->kind == NodeKind::Call ||
               cur->kind == NodeKind::Index) {
            if (cur->nullConditional)
                return true;
            cur = cur->children[0].get();
        }
        return false;
    }

    Bound bindPostfix(const Node& n) {
        if (n.kind == NodeKind::Index) {
            Bound target = bindExpression(*n.children[0], true);
            if (!isIndexable(target.ty))
                fail(std::string("cannot apply indexing to a value of type '") + tyName(target.ty) +
                         "'",
                     n.where);
            Bound index = bindExpression(*n.children[1]);
            const bool nc = n.nullConditional;
            Ty ty = Ty::Unknown;
            if (target.ty == Ty::String)
                ty = Ty::Char;
            else if (target.ty == Ty::Json)
                ty = Ty::Json;
            return {located(n.where,
                            [t = target.fn, i = index.fn, nc](Eval& e) -> Value {
                                Value self = t(e);
                                if (e.shortCircuit)
                                    return {};
                                if (nc && self.isNull()) {
                                    e.shortCircuit = true;
                                    return {};
                                }
                                return indexValue(e, self, i(e));
                            }),
                    ty};
        }
        if (n.kind == NodeKind::Member)
            return bindMember(n, nullptr);
        // Call
        const Node& callee = *n.children[0];
        if (callee.kind != NodeKind::Member)
            fail("method '" + callee.text + "' is not allowed in policy expressions", callee.where);
        return bindMember(callee, &n);
    }

    struct BoundArgs {
        std::vector<Thunk> values;
        std::vector<int> outSlots; // per argument: -1 or the local slot an `out` writes
    };

    BoundArgs bindArguments(const Node& call, int outIndex, std::string_view member) {
        BoundArgs out;
        for (std::size_t i = 1; i < call.children.size(); ++i) {
            const Node& a = *call.children[i];
            const std::string& argName = call.argNames[i];
            if (!argName.empty() && argName != "preserveContent" && argName != "comparisonType" &&
                argName != "defaultValue" && argName != "errorWhenNoMatch")
                fail("named argument '" + argName + "' is not known for '" + std::string(member) +
                         "'",
                     a.where);
            if (a.kind == NodeKind::OutArgument) {
                if (int(i - 1) != outIndex)
                    fail("argument " + std::to_string(i) + " of '" + std::string(member) +
                             "' is not an 'out' parameter",
                         a.where);
                int slot = 0;
                if (a.type.name.empty()) {
                    const Local* local = findLocal(a.text);
                    if (!local)
                        fail("the name '" + a.text + "' does not exist here", a.where);
                    if (local->constant)
                        fail("'" + a.text + "' is a constant and cannot be assigned", a.where);
                    slot = local->slot;
                } else {
                    const Ty ty = a.type.name == "var" ? Ty::Unknown : tyOfTarget(bindType(a.type));
                    slot = declare(a.text, ty, a.where);
                }
                out.values.push_back([](Eval&) { return Value::null(); });
                out.outSlots.push_back(slot);
                continue;
            }
            if (int(i - 1) == outIndex)
                fail("argument " + std::to_string(i) + " of '" + std::string(member) +
                         "' must be passed with 'out'",
                     a.where);
            out.outSlots.push_back(-1);
            if (a.kind == NodeKind::Lambda) {
                out.values.push_back(bindLambda(a));
                continue;
            }
            out.values.push_back(bindExpression(a).fn);
        }
        return out;
    }

    Thunk bindLambda(const Node& n) {
        auto lambda = std::make_unique<BoundLambda>();
        pushScope();
        for (const std::string& p : n.names)
            lambda->parameterSlots.push_back(declare(p, Ty::Unknown, n.where));
        lambda->body = located(n.children[0]->where, bindExpression(*n.children[0]).fn);
        popScope();
        const BoundLambda* raw = lambda.get();
        m_program.lambdas.push_back(std::move(lambda));
        return [raw](Eval&) { return Value::object(Ty::Lambda, {raw, nullptr, 0}); };
    }

    Target bindGeneric(const Node& member, const MemberDef* def) {
        if (member.typeArgs.empty())
            return Target::None;
        if (def && !def->generic)
            fail("'" + member.text + "' does not take type arguments", member.where);
        if (member.typeArgs.size() != 1)
            fail("'" + member.text + "' takes one type argument", member.where);
        return bindType(member.typeArgs[0]);
    }

    static std::string arity(const MemberDef& d) {
        return d.minArgs == d.maxArgs
                   ? std::to_string(d.minArgs)
                   : std::to_string(d.minArgs) + " to " + std::to_string(d.maxArgs);
    }

    Bound bindMember(const Node& member, const Node* call) {
        const bool method = call != nullptr;
        const Position where = call ? call->where : member.where;
        const std::size_t argCount = call ? call->children.size() - 1 : 0;
        const std::string_view cls = staticClassOf(*member.children[0]);

        if (!cls.empty()) {
            const MemberDef* def = nullptr;
            for (const MemberDef& d : memberTable())
                if (d.owner == cls && d.name == member.text && d.method == method)
                    def = &d;
            if (!def)
                fail("'" + std::string(cls) + "." + member.text + (method ? "()" : "") +
                         "' is not an allowed member in policy expressions",
                     member.where);
            if (def->constant) {
                const Value v = def->result == Ty::DayOfWeek ? Value::dayOfWeek(def->value)
                                                             : Value::integer(def->value);
                return {[v](Eval&) { return v; }, def->result};
            }
            if (int(argCount) < def->minArgs || int(argCount) > def->maxArgs)
                fail("'" + std::string(cls) + "." + member.text + "' takes " + arity(*def) +
                         " argument(s), found " + std::to_string(argCount),
                     where);
            const Target generic = bindGeneric(member, def);
            BoundArgs args = method ? bindArguments(*call, def->outArg, member.text) : BoundArgs{};
            const MemberFn fn = def->fn;
            return {located(where,
                            [fn, generic, args = std::move(args)](Eval& e) {
                                e.step();
                                Args values;
                                values.reserve(args.values.size());
                                for (const Thunk& a : args.values)
                                    values.push_back(a(e));
                                Value result = fn(e, Value::null(), values, generic);
                                for (std::size_t i = 0; i < args.outSlots.size(); ++i)
                                    if (args.outSlots[i] >= 0)
                                        e.slots[std::size_t(args.outSlots[i])] =
                                            std::move(values[i]);
                                return result;
                            }),
                    def->result};
        }

        Bound target = bindExpression(*member.children[0], true);
        Dispatch dispatch;
        bool existsElsewhere = false;
        for (const MemberDef& d : memberTable()) {
            if (!d.owner.empty() || d.name != member.text)
                continue;
            if (d.method != method) {
                existsElsewhere = true;
                continue;
            }
            if (target.ty != Ty::Unknown && d.receiver != target.ty) {
                existsElsewhere = true;
                continue;
            }
            dispatch.candidates.push_back(&d);
        }
        if (dispatch.candidates.empty()) {
            if (target.ty == Ty::Null)
                fail("'" + member.text + "' cannot be used on null", member.where);
            std::string message =
                "'" + member.text + (method ? "()" : "") + "' is not an allowed member";
            if (target.ty != Ty::Unknown)
                message += std::string(" of '") + receiverName(target.ty) + "'";
            else if (existsElsewhere)
                message += method ? " method" : " property";
            fail(message + " in policy expressions", member.where);
        }
        std::vector<const MemberDef*> fitting;
        for (const MemberDef* d : dispatch.candidates)
            if (int(argCount) >= d->minArgs && int(argCount) <= d->maxArgs)
                fitting.push_back(d);
        if (fitting.empty())
            fail("'" + member.text + "' takes " + arity(*dispatch.candidates.front()) +
                     " argument(s), found " + std::to_string(argCount),
                 where);
        dispatch.candidates = fitting;
        Ty resultTy = fitting.front()->result;
        int outArg = fitting.front()->outArg;
        bool generic = fitting.front()->generic;
        for (const MemberDef* d : fitting) {
            if (d->result != resultTy)
                resultTy = Ty::Unknown;
            if (d->outArg != outArg)
                fail("'" + member.text + "' is ambiguous here; cast its receiver to a type",
                     member.where);
            generic = generic || d->generic;
        }
        if (!member.typeArgs.empty() && !generic)
            fail("'" + member.text + "' does not take type arguments", member.where);
        const Target genericTarget = bindGeneric(member, nullptr);
        if (genericTarget != Target::None && resultTy == Ty::Unknown)
            resultTy = tyOfTarget(genericTarget);
        BoundArgs args = method ? bindArguments(*call, outArg, member.text) : BoundArgs{};
        const bool nc = member.nullConditional;
        const std::string name = member.text;
        return {located(where,
                        [t = std::move(target.fn), dispatch, genericTarget, nc, name,
                         args = std::move(args)](Eval& e) -> Value {
                            Value self = t(e);
                            if (e.shortCircuit)
                                return {};
                            if (self.isNull()) {
                                if (nc) {
                                    e.shortCircuit = true;
                                    return {};
                                }
                                nullReference();
                            }
                            const MemberDef& d = dispatch.pick(self, name);
                            Args values;
                            if (!args.values.empty()) {
                                e.step();
                                values.reserve(args.values.size());
                                for (const Thunk& a : args.values)
                                    values.push_back(a(e));
                            }
                            if (int(values.size()) < d.minArgs || int(values.size()) > d.maxArgs)
                                raise("ArgumentException", "'" + name + "' takes " + arity(d) +
                                                               " argument(s) on a value of type '" +
                                                               tyName(self.type()) + "'.");
                            Value result = d.fn(e, self, values, genericTarget);
                            for (std::size_t i = 0; i < args.outSlots.size(); ++i)
                                if (args.outSlots[i] >= 0)
                                    e.slots[std::size_t(args.outSlots[i])] = std::move(values[i]);
                            return result;
                        }),
                resultTy};
    }

    Bound bindNew(const Node& n) {
        if (n.type.array && n.text == "sized")
            return bindSizedArray(n);
        if (n.type.array && bindType(n.type) == Target::Bytes)
            return bindByteArray(n);
        if (n.type.array) {
            const Target t = bindType(n.type);
            if (t != Target::StringArray)
                fail("array type '" + n.type.display() + "' is not allowed", n.type.where);
            std::vector<Thunk> items;
            for (const NodePtr& c : n.children)
                items.push_back(bindExpression(*c).fn);
            return {[items = std::move(items)](Eval& e) {
                        ValueList values;
                        for (const Thunk& i : items)
                            values.push_back(i(e));
                        return makeList(e, std::move(values));
                    },
                    Ty::List};
        }
        const std::string name(withoutNamespace(n.type.name));
        const ConstructorDef* def = nullptr;
        for (const ConstructorDef& c : constructorTable())
            if (c.type == name)
                def = &c;
        if (!def || !n.type.arguments.empty())
            fail("'new " + n.type.display() + "' is not allowed in policy expressions",
                 n.type.where);
        const std::size_t argCount = n.children.size();
        if (int(argCount) < def->minArgs || int(argCount) > def->maxArgs)
            fail("'new " + name + "' takes " + std::to_string(def->minArgs) + " to " +
                     std::to_string(def->maxArgs) + " argument(s), found " +
                     std::to_string(argCount),
                 n.where);
        std::vector<Thunk> args;
        for (const NodePtr& c : n.children) {
            if (c->kind == NodeKind::OutArgument || c->kind == NodeKind::Lambda)
                fail("this argument is not allowed in a constructor", c->where);
            args.push_back(bindExpression(*c).fn);
        }
        const MemberFn fn = def->fn;
        return {located(n.where,
                        [fn, args = std::move(args)](Eval& e) {
                            e.step();
                            Args values;
                            for (const Thunk& a : args)
                                values.push_back(a(e));
                            return fn(e, Value::null(), values, Target::None);
                        }),
                def->result};
    }

    // new byte[n], new string[n], new int[n]: zeros, nulls or zeros.
    Bound bindSizedArray(const Node& n) {
        const Target t = bindType(n.type);
        Thunk length = located(n.children[0]->where, bindExpression(*n.children[0]).fn);
        const std::string_view element = withoutNamespace(n.type.name);
        const bool numeric =
            element == "int" || element == "long" || element == "Int32" || element == "Int64";
        const bool character = element == "char";
        return {located(n.where,
                        [t, numeric, character, length = std::move(length)](Eval& e) {
                            e.step();
                            const std::int64_t size = expectInt(length(e), "length");
                            if (size < 0)
                                raise("OverflowException",
                                      "Arithmetic operation resulted in an overflow.");
                            if (t == Target::Bytes) {
                                e.charge(std::uint64_t(size));
                                return Value::bytes(std::string(std::size_t(size), '\0'));
                            }
                            e.charge(std::uint64_t(size) * sizeof(Value));
                            const Value fill = numeric     ? Value::integer(0)
                                               : character ? Value::character(0)
                                                           : Value::null();
                            return makeList(e, ValueList(std::size_t(size), fill));
                        }),
                t == Target::Bytes ? Ty::Bytes : Ty::List};
    }

    // new byte[] { 1, 0xFF }: each item an integer from 0 to 255.
    Bound bindByteArray(const Node& n) {
        std::vector<Thunk> items;
        for (const NodePtr& c : n.children)
            items.push_back(located(c->where, [fn = bindExpression(*c).fn](Eval& e) {
                const std::int64_t b = expectInt(fn(e), "byte");
                if (b < 0 || b > 255)
                    raise("OverflowException",
                          "Value was either too large or too small for an unsigned byte.");
                return Value::integer(b);
            }));
        return {[items = std::move(items)](Eval& e) {
                    e.charge(items.size());
                    std::string bytes;
                    for (const Thunk& item : items)
                        bytes += char(item(e).asInt());
                    return Value::bytes(std::move(bytes));
                },
                Ty::Bytes};
    }

    Bound bindCondition(const Node& n) {
        Bound b = bindExpression(n);
        if (!isBoolish(b.ty))
            fail(std::string("cannot convert a value of type '") + tyName(b.ty) + "' to 'bool'",
                 n.where);
        return {located(n.where, std::move(b.fn)), Ty::Bool};
    }

    Bound bindUnary(const Node& n) {
        if (n.text == "!") {
            Bound b = bindCondition(*n.children[0]);
            return {[fn = std::move(b.fn)](Eval& e) { return Value::boolean(!truthy(fn(e))); },
                    Ty::Bool};
        }
        Bound b = bindExpression(*n.children[0]);
        if (b.ty != Ty::Unknown && b.ty != Ty::Int && b.ty != Ty::Double && b.ty != Ty::Json &&
            b.ty != Ty::TimeSpan)
            fail("operator '" + n.text + "' cannot be applied to a value of type '" + tyName(b.ty) +
                     "'",
                 n.where);
        if (n.text == "+")
            return b;
        return {located(n.where,
                        [fn = std::move(b.fn)](Eval& e) {
                            const Value v = fn(e);
                            if (v.type() == Ty::TimeSpan)
                                return Value::timeSpan(-v.asInt());
                            return applyBinary(e, BinaryOp::Sub, Value::integer(0), v);
                        }),
                b.ty};
    }

    static BinaryOp opOf(const std::string& text) {
        static const std::map<std::string, BinaryOp> kOps = {
            {"+", BinaryOp::Add}, {"-", BinaryOp::Sub}, {"*", BinaryOp::Mul}, {"/", BinaryOp::Div},
            {"%", BinaryOp::Mod}, {"==", BinaryOp::Eq}, {"!=", BinaryOp::Ne}, {"<", BinaryOp::Lt},
            {">", BinaryOp::Gt},  {"<=", BinaryOp::Le}, {">=", BinaryOp::Ge}, {"&", BinaryOp::And},
            {"|", BinaryOp::Or},  {"^", BinaryOp::Xor}};
        return kOps.at(text);
    }

    Bound bindBinary(const Node& n) {
        const std::string& op = n.text;
        if (op == "&&" || op == "||") {
            Bound a = bindCondition(*n.children[0]);
            Bound b = bindCondition(*n.children[1]);
            if (op == "&&")
                return {[a = a.fn, b = b.fn](Eval& e) {
                            return Value::boolean(truthy(a(e)) && truthy(b(e)));
                        },
                        Ty::Bool};
            return {[a = a.fn, b = b.fn](Eval& e) {
                        return Value::boolean(truthy(a(e)) || truthy(b(e)));
                    },
                    Ty::Bool};
        }
        Bound a = bindExpression(*n.children[0]);
        Bound b = bindExpression(*n.children[1]);
        if (op == "??") {
            const Ty ty = a.ty == b.ty ? a.ty : a.ty == Ty::Null ? b.ty : Ty::Unknown;
            return {[a = a.fn, b = b.fn](Eval& e) {
                        Value v = a(e);
                        return v.isNull() ? b(e) : v;
                    },
                    ty};
        }
        const BinaryOp bop = opOf(op);
        Ty ty = Ty::Unknown;
        const bool arithmetic = bop == BinaryOp::Sub || bop == BinaryOp::Mul ||
                                bop == BinaryOp::Div || bop == BinaryOp::Mod;
        auto bad = [](Ty t) {
            return t == Ty::String || t == Ty::Bool || t == Ty::Context || t == Ty::Request ||
                   t == Ty::Response || t == Ty::List;
        };
        if (arithmetic && (bad(a.ty) || bad(b.ty)))
            fail("operator '" + op + "' cannot be applied to operands of type '" + tyName(a.ty) +
                     "' and '" + tyName(b.ty) + "'",
                 n.where);
        switch (bop) {
        case BinaryOp::Eq:
        case BinaryOp::Ne:
        case BinaryOp::Lt:
        case BinaryOp::Gt:
        case BinaryOp::Le:
        case BinaryOp::Ge:
            ty = Ty::Bool;
            break;
        case BinaryOp::Add:
            if (a.ty == Ty::String || b.ty == Ty::String)
                ty = Ty::String;
            [[fallthrough]];
        default:
            if (ty == Ty::Unknown && a.ty == Ty::Int && b.ty == Ty::Int)
                ty = Ty::Int;
            else if (ty == Ty::Unknown && (a.ty == Ty::Double || b.ty == Ty::Double) &&
                     (a.ty == Ty::Int || a.ty == Ty::Double) &&
                     (b.ty == Ty::Int || b.ty == Ty::Double))
                ty = Ty::Double;
            else if (ty == Ty::Unknown &&
                     (bop == BinaryOp::And || bop == BinaryOp::Or || bop == BinaryOp::Xor) &&
                     a.ty == Ty::Bool)
                ty = Ty::Bool;
            break;
        }
        return {located(n.where,
                        [a = a.fn, b = b.fn, bop](Eval& e) {
                            Value x = a(e);
                            return applyBinary(e, bop, x, b(e));
                        }),
                ty};
    }

    StatementThunk bindAssignment(const Node& n) {
        const Node& target = *n.children[0];
        Bound value = bindExpression(*n.children[1]);
        const std::string& op = n.text;
        std::optional<BinaryOp> compound;
        if (op != "=" && op != "?\?=")
            compound = opOf(op.substr(0, 1));
        const bool coalesce = op == "?\?=";
        if (target.kind == NodeKind::Name) {
            const Local* local = findLocal(target.text);
            if (!local)
                fail(target.text == "context"
                         ? "'context' cannot be assigned"
                         : "the name '" + target.text + "' does not exist here",
                     target.where);
            if (local->constant)
                fail("'" + target.text + "' is a constant and cannot be assigned", target.where);
            const auto slot = std::size_t(local->slot);
            return located_statement(n.where,
                                     [slot, v = std::move(value.fn), compound, coalesce](Eval& e) {
                                         e.step();
                                         Value& current = e.slots[slot];
                                         if (coalesce) {
                                             if (current.isNull())
                                                 current = v(e);
                                         } else if (compound) {
                                             Value rhs = v(e);
                                             current = applyBinary(e, *compound, current, rhs);
                                         } else {
                                             current = v(e);
                                         }
                                         return Flow::Next;
                                     });
        }
        if (target.kind == NodeKind::Index) {
            Bound object = bindExpression(*target.children[0]);
            Bound index = bindExpression(*target.children[1]);
            return located_statement(n.where, [o = std::move(object.fn), i = std::move(index.fn),
                                               v = std::move(value.fn), compound,
                                               coalesce](Eval& e) {
                e.step();
                const Value self = o(e);
                const Value key = i(e);
                if (compound || coalesce) {
                    Value current = indexValue(e, self, key);
                    if (coalesce) {
                        if (current.isNull())
                            assignIndex(e, self, key, v(e));
                    } else {
                        Value rhs = v(e);
                        assignIndex(e, self, key, applyBinary(e, *compound, current, rhs));
                    }
                } else {
                    assignIndex(e, self, key, v(e));
                }
                return Flow::Next;
            });
        }
        if (target.kind == NodeKind::Member)
            fail("property '" + target.text +
                     "' cannot be assigned: the context model is read-only",
                 target.where);
        fail("the left-hand side of an assignment must be a variable or an indexer", target.where);
    }

    static StatementThunk located_statement(Position where, StatementThunk inner) {
        return [where, inner = std::move(inner)](Eval& e) -> Flow {
            try {
                return inner(e);
            } catch (Raise& r) {
                if (!r.located) {
                    r.where = where;
                    r.located = true;
                }
                throw;
            }
        };
    }

    Program& m_program;
    std::vector<std::unordered_map<std::string, Local>> m_scopes{1};
    std::vector<Ty> m_returnTypes;
    int m_loopDepth = 0;            // loops around the statement being bound
    int m_breakDepth = 0;           // loops and switches around it
    int m_finallyDepth = 0;         // finally blocks around it
    std::vector<int> m_caughtSlots; // the exceptions of the catch clauses around it
};

// Whether a `break` inside `n` leaves the loop `n` belongs to (not one nested in it).
bool breaksOut(const Node& n) {
    if (n.kind == NodeKind::Break)
        return true;
    if (n.kind == NodeKind::For || n.kind == NodeKind::While || n.kind == NodeKind::Foreach ||
        n.kind == NodeKind::DoWhile || n.kind == NodeKind::Switch)
        return false;
    for (const NodePtr& c : n.children)
        if (breaksOut(*c))
            return true;
    return false;
}

bool isLiteralTrue(const Node& n) {
    return n.kind == NodeKind::Literal && n.literal == LiteralKind::Bool && n.text == "true";
}

// Whether control never reaches the end of `n`: it returns on every path, or with `leaving`
// also breaks or continues (the end of a switch section).
bool neverEnds(const Node& n, bool leaving) {
    switch (n.kind) {
    case NodeKind::Return:
    case NodeKind::Throw:
        return true;
    case NodeKind::Break:
    case NodeKind::Continue:
        return leaving;
    case NodeKind::Block:
        for (const NodePtr& c : n.children)
            if (neverEnds(*c, leaving))
                return true;
        return false;
    case NodeKind::If:
        return n.children.size() == 3 && neverEnds(*n.children[1], leaving) &&
               neverEnds(*n.children[2], leaving);
    // `for (;;)`, `while (true)` and `do ... while (true)` without a break end only by
    // returning, as C# knows.
    case NodeKind::For:
        return isLiteralTrue(*n.children[1]) && !breaksOut(*n.children[3]);
    case NodeKind::While:
        return isLiteralTrue(*n.children[0]) && !breaksOut(*n.children[1]);
    case NodeKind::DoWhile:
        return isLiteralTrue(*n.children[1]) && !breaksOut(*n.children[0]);
    case NodeKind::Switch: { // a default, and every section returns
        bool fallback = false;
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            bool returns = false;
            for (const NodePtr& c : n.children[i]->children) {
                if (c->kind == NodeKind::Case)
                    fallback = fallback || c->children.empty();
                else if (c->kind == NodeKind::Break || c->kind == NodeKind::Continue)
                    break;
                else if ((returns = neverEnds(*c, false)))
                    break;
            }
            if (!returns)
                return false;
        }
        return fallback;
    }
    case NodeKind::Try: // the try block and every catch return (a finally cannot)
        if (!neverEnds(*n.children[0], false))
            return false;
        for (std::size_t i = 1; i < n.children.size(); ++i)
            if (n.children[i]->kind == NodeKind::Catch &&
                !neverEnds(*n.children[i]->children[0], false))
                return false;
        return true;
    default:
        return false;
    }
}

bool alwaysReturns(const Node& n) {
    return neverEnds(n, false);
}

bool endIsUnreachable(const Node& n) {
    return neverEnds(n, true);
}

// Depth of the tree without recursion; left-associative chains (a + b + c ...) parse flat but
// bind to nested closures, so they count here.
int treeDepth(const Node& root) {
    int deepest = 0;
    std::vector<std::pair<const Node*, int>> pending{{&root, 1}};
    while (!pending.empty()) {
        auto [node, depth] = pending.back();
        pending.pop_back();
        deepest = std::max(deepest, depth);
        for (const NodePtr& c : node->children)
            pending.emplace_back(c.get(), depth + 1);
    }
    return deepest;
}

constexpr int kMaxTreeDepth = 256;

} // namespace

std::shared_ptr<Program> bindProgram(const Node& root, bool block,
                                     std::vector<ExpressionError>& errors) {
    auto program = std::make_shared<Program>();
    program->isBlock = block;
    if (treeDepth(root) > kMaxTreeDepth) {
        errors.push_back({"expression nested too deeply (more than " +
                              std::to_string(kMaxTreeDepth) + " levels)",
                          root.where});
        return nullptr;
    }
    try {
        Binder binder(*program);
        if (block) {
            if (!alwaysReturns(root))
                Binder::fail("not all code paths of the block return a value", root.where);
            program->block = binder.bindStatement(root);
            const auto& types = binder.returnTypes();
            program->resultType = types.empty() ? Ty::Unknown : types.front();
            for (Ty t : types)
                if (t != program->resultType)
                    program->resultType = Ty::Unknown;
        } else {
            Bound b = binder.bindExpression(root);
            program->expression = std::move(b.fn);
            program->resultType = b.ty;
        }
    } catch (const BindFailure& failure) {
        errors.push_back(failure.error);
        return nullptr;
    }
    return program;
}

} // namespace portico::policy::expr

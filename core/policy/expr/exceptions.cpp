#include "core/policy/expr/exceptions.h"

#include "core/policy/expr/operators.h"

#include <array>
#include <optional>
#include <utility>

namespace portico::policy::expr {

namespace {

struct ExceptionType {
    std::string_view name;
    std::string_view base; // empty for Exception
    std::string_view space;
};

// .NET's hierarchy for the types the interpreter raises; OutOfMemoryException and budget
// overruns are deliberately absent: they end the evaluation and cannot be caught.
constexpr std::array<ExceptionType, 23> kTypes{{
    {"Exception", "", "System"},
    {"SystemException", "Exception", "System"},
    {"ArgumentException", "SystemException", "System"},
    {"ArgumentNullException", "ArgumentException", "System"},
    {"ArgumentOutOfRangeException", "ArgumentException", "System"},
    {"ArithmeticException", "SystemException", "System"},
    {"OverflowException", "ArithmeticException", "System"},
    {"DivideByZeroException", "ArithmeticException", "System"},
    {"FormatException", "SystemException", "System"},
    {"UriFormatException", "FormatException", "System"},
    {"InvalidOperationException", "SystemException", "System"},
    {"InvalidCastException", "SystemException", "System"},
    {"IndexOutOfRangeException", "SystemException", "System"},
    {"NullReferenceException", "SystemException", "System"},
    {"NotSupportedException", "SystemException", "System"},
    {"KeyNotFoundException", "SystemException", "System.Collections.Generic"},
    {"MemberAccessException", "SystemException", "System"},
    {"MissingMemberException", "MemberAccessException", "System"},
    {"TimeoutException", "SystemException", "System"},
    {"RegexMatchTimeoutException", "TimeoutException", "System.Text.RegularExpressions"},
    {"CryptographicException", "SystemException", "System.Security.Cryptography"},
    {"JsonException", "Exception", "Newtonsoft.Json"},
    {"JsonReaderException", "JsonException", "Newtonsoft.Json"},
}};

const ExceptionType* find(std::string_view name) {
    for (const ExceptionType& t : kTypes)
        if (t.name == name)
            return &t;
    return nullptr;
}

// "System.FormatException" -> "FormatException", when the namespace is the type's own.
std::string_view shortName(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos)
        return name;
    const ExceptionType* t = find(name.substr(dot + 1));
    return t && t->space == name.substr(0, dot) ? t->name : name;
}

struct RaisedException {
    std::string type;
    std::string message;
};

const RaisedException& raisedOf(const Value& v) {
    return *static_cast<const RaisedException*>(v.asObject().raw);
}

Value messageOf(Eval&, const Value& self, Args&, Target) {
    return Value::string(raisedOf(self).message);
}

Value textOf(Eval&, const Value& self, Args&, Target) {
    return Value::string(exceptionText(self));
}

// What `new T(argument)` says: the two argument exceptions whose one-argument constructor
// takes the parameter's name, as .NET's do; every other type takes the message, and without one
// says what System.Exception says, naming itself.
std::string constructedMessage(const ExceptionType& type, const Args& args) {
    const bool named = !args.empty() && !args[0].isNull();
    const std::string argument = named ? expectString(args[0], "message") : std::string();
    const std::string parameter = named ? " (Parameter '" + argument + "')" : std::string();
    if (type.name == "ArgumentNullException")
        return "Value cannot be null." + parameter;
    if (type.name == "ArgumentOutOfRangeException")
        return "Specified argument was out of the range of valid values." + parameter;
    if (named)
        return argument;
    return "Exception of type '" + std::string(type.space) + "." + std::string(type.name) +
           "' was thrown.";
}

// `new ArgumentException([message])`, one instantiation per row of kTypes.
template <std::size_t I> Value construct(Eval& eval, const Value&, Args& args, Target) {
    const ExceptionType& type = kTypes[I];
    std::string message = constructedMessage(type, args);
    eval.charge(message.size() + 64);
    return exceptionValue(Raise{std::string(type.name), std::move(message), {}, false, false});
}

template <std::size_t... I>
void addConstructors(std::vector<ConstructorDef>& ctors, std::index_sequence<I...>) {
    (ctors.push_back({kTypes[I].name, 0, 1, construct<I>, Ty::Exception}), ...);
}

// An exception inside a `when` filter makes it false, as in .NET.
bool filterHolds(Eval& e, const Thunk& filter) {
    try {
        return truthy(filter(e));
    } catch (const Raise& r) {
        if (r.budget)
            throw;
        e.shortCircuit = false;
        return false;
    }
}

} // namespace

bool isCatchableException(std::string_view name) {
    return find(shortName(name)) != nullptr;
}

bool exceptionCatches(std::string_view caught, std::string_view thrown) {
    const std::string_view target = shortName(caught);
    for (const ExceptionType* t = find(thrown); t; t = t->base.empty() ? nullptr : find(t->base))
        if (t->name == target)
            return true;
    // A type raised that the table does not know still derives from Exception.
    return target == "Exception";
}

Value exceptionValue(const Raise& raised) {
    auto owned = std::make_shared<RaisedException>(RaisedException{raised.type, raised.message});
    ObjectRef ref;
    ref.raw = owned.get();
    ref.owned = std::move(owned);
    return Value::object(Ty::Exception, std::move(ref));
}

std::string exceptionText(const Value& exception) {
    const RaisedException& raised = raisedOf(exception);
    const ExceptionType* t = find(raised.type);
    std::string text = t ? std::string(t->space) + "." + raised.type : raised.type;
    return text + ": " + raised.message;
}

void addExceptionMembers(std::vector<MemberDef>& t, std::vector<ConstructorDef>& ctors) {
    t.push_back({Ty::Exception, {}, "Message", false, 0, 0, messageOf, Ty::String});
    t.push_back({Ty::Exception, {}, "ToString", true, 0, 0, textOf, Ty::String});
    addConstructors(ctors, std::make_index_sequence<kTypes.size()>());
}

void raiseException(const Value& exception) {
    if (exception.type() != Ty::Exception)
        raise("NullReferenceException", "Object reference not set to an instance of an object.");
    const RaisedException& raised = raisedOf(exception);
    raise(raised.type, raised.message);
}

Flow runTry(Eval& e, const StatementThunk& body, const std::vector<CatchClause>& catches,
            const StatementThunk& finally) {
    std::optional<Raise> pending;
    Flow flow = Flow::Next;
    try {
        flow = body(e);
    } catch (const Raise& r) {
        if (r.budget)
            throw;
        pending = r;
    }
    if (pending) {
        e.shortCircuit = false; // a `?.` chain the exception cut short
        for (const CatchClause& c : catches) {
            if (!c.type.empty() && !exceptionCatches(c.type, pending->type))
                continue;
            if (c.slot >= 0)
                e.slots[std::size_t(c.slot)] = exceptionValue(*pending);
            if (c.filter && !filterHolds(e, c.filter))
                continue;
            pending.reset();
            if (!finally)
                return c.body(e);
            try {
                flow = c.body(e);
            } catch (const Raise& r) {
                if (!r.budget)
                    finally(e);
                throw;
            }
            break;
        }
    }
    if (finally)
        finally(e);
    if (pending)
        throw *pending;
    return flow;
}

} // namespace portico::policy::expr

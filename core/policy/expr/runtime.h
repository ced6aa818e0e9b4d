#pragma once

#include "core/policy/expr/expression_context.h"
#include "core/policy/expr/lexer.h"
#include "core/policy/expr/value.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace portico::policy::expr {

// Thrown inside an evaluation only, caught at its top and turned into an error value; carries
// the .NET exception type and message an APIM user would see.
struct Raise {
    std::string type;
    std::string message;
    Position where;
    bool located = false;
    bool budget = false;
};

[[noreturn]] void raise(std::string type, std::string message);

struct Eval {
    ExpressionContext& context;
    std::vector<Value> slots;
    std::uint64_t steps = 0;
    std::uint64_t stepLimit = 0;
    std::uint64_t bytes = 0;
    std::uint64_t byteLimit = 0;
    Value result;
    bool shortCircuit = false; // set by ?. on null: the rest of the chain yields null

    void step() {
        if (++steps > stepLimit)
            budgetExceeded("step budget of " + std::to_string(stepLimit) + " steps");
    }
    // Accounts for memory an operation is about to allocate, before it does.
    void charge(std::uint64_t size) {
        bytes += size;
        if (bytes > byteLimit)
            budgetExceeded("allocation budget of " + std::to_string(byteLimit) + " bytes");
    }
    [[noreturn]] void budgetExceeded(const std::string& what);
};

using Thunk = std::function<Value(Eval&)>;

// What a generic argument, cast or `is`/`as` names.
enum class Target {
    None,
    String,
    Int,
    Double,
    Bool,
    Char,
    DateTime,
    DateTimeOffset,
    TimeSpan,
    Guid,
    JToken,
    JObject,
    JArray,
    Object,
    StringArray,
    Bytes,
    Jwt,
    Response, // IResponse: context.Response or a send-request response
    Random,
    HashAlgorithm,
    StringBuilder,
};

struct BoundLambda {
    std::vector<int> parameterSlots;
    Thunk body;
};

Value invokeLambda(Eval& eval, const Value& lambda, const std::vector<Value>& arguments);

// Conversions with .NET's rules; `strict` raises InvalidCastException/FormatException, otherwise
// a failed conversion gives null (the `as` operator).
Value convertTo(Eval& eval, const Value& value, Target target, bool strict);
bool isOfTarget(const Value& value, Target target);

// A Url value holds its own copy of the URL (ObjectRef::raw, kept by ObjectRef::owned), taken
// when the expression read it, so it stays valid wherever it is stored (variables, cache).
Value makeUrl(Eval& eval, UrlInfo url);
const UrlInfo& urlInfoOf(const Value& url);
// IUrl.ToString(): scheme://host[:port]/path?query, the port only when not the scheme's default.
std::string urlText(const UrlInfo& url);

// Helpers for member implementations.
const std::string& expectString(const Value& value, const char* what);
std::int64_t expectInt(const Value& value, const char* what);
// Whether [start, start + length) lies within `size`, without overflow for any int64 pair (the
// check behind Substring, StringBuilder.Remove and ToString(start, length)).
bool rangeFits(std::int64_t start, std::int64_t length, std::size_t size);
double expectNumber(const Value& value, const char* what);
bool expectBool(const Value& value, const char* what);
Value makeString(Eval& eval, std::string text);
Value makeList(Eval& eval, ValueList items);
std::vector<Value> enumerate(Eval& eval, const Value& value);
bool valuesEqual(const Value& a, const Value& b);
int compareValues(const Value& a, const Value& b); // for OrderBy and relational operators

} // namespace portico::policy::expr

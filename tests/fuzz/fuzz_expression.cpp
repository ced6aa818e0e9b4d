// libFuzzer target for policy expressions: parsing, binding and (when it binds) evaluation
// against an in-memory context with small budgets. No input may crash, hang or leak, and every
// failure must come back as an error value.
#include "core/policy/expr/expression.h"
#include "tests/core/policy/expr/memory_context.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace portico::policy::expr;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const CompileResult compiled = compileExpression(text, {1, 1});
    if (!compiled.ok()) {
        if (compiled.errors.empty() || compiled.errors.front().where.line < 1)
            std::abort(); // a refusal must say where
        return 0;
    }
    test::MemoryContext context;
    context.requestHeaders = {{"Authorization", "Bearer a.b.c"}, {"X-Region", "eu"}};
    context.requestBody = R"({"a":[1,2,{"b":"c"}],"d":true})";
    context.variables["n"] = Value::integer(3);
    const EvaluationResult result =
        compiled.expression->evaluate(context, Limits{20'000, 1u << 20});
    if (!result.ok() && result.error->type.empty())
        std::abort();
    toDisplayString(result.value);
    return 0;
}

// Measures what policy expressions cost per request once bound: a header read, a condition and
// a string concatenation, alone and together, against an in-memory context.
#include "core/policy/expr/expression.h"
#include "tests/core/policy/expr/memory_context.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace portico::policy::expr;
using Clock = std::chrono::steady_clock;

namespace {

// Median nanoseconds per call over `rounds` rounds of `iterations` calls.
template <typename F> double medianNanos(int rounds, int iterations, F&& call) {
    std::vector<double> samples;
    for (int round = 0; round < rounds; ++round) {
        const auto start = Clock::now();
        for (int i = 0; i < iterations; ++i)
            call();
        const auto elapsed = std::chrono::duration<double, std::nano>(Clock::now() - start);
        samples.push_back(elapsed.count() / iterations);
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

CompiledExpression compile(const char* text) {
    CompileResult r = compileExpression(text, {1, 1});
    if (!r.ok()) {
        std::fprintf(stderr, "%s: %s\n", text, r.errors.front().message.c_str());
        std::exit(1);
    }
    return *r.expression;
}

} // namespace

int main(int argc, char** argv) {
    const int iterations = argc > 1 ? std::atoi(argv[1]) : 200000;
    if (iterations < 1) {
        std::fprintf(stderr, "usage: bench-expressions [ITERATIONS=200000]\n");
        return 2;
    }
    test::MemoryContext context;
    context.requestHeaders = {{"Host", "api.example.test"},
                              {"User-Agent", "bench/1.0"},
                              {"Accept", "application/json"},
                              {"X-Region", "eu"},
                              {"Authorization", "Bearer abc"}};
    context.variables["flag"] = Value::boolean(true);

    const struct {
        const char* name;
        const char* text;
    } cases[] = {
        {"header read", R"(@(context.Request.Headers.GetValueOrDefault("X-Region", "us")))"},
        {"condition",
         R"(@(context.Request.Method == "GET" && context.Variables.ContainsKey("flag")))"},
        {"string concat", R"(@("req-" + context.RequestId + "-" + context.Request.Url.Path))"},
    };
    std::vector<CompiledExpression> compiled;
    for (const auto& c : cases)
        compiled.push_back(compile(c.text));

    volatile std::size_t sink = 0;
    std::printf("%-16s %10s\n", "expression", "ns/eval");
    for (std::size_t i = 0; i < compiled.size(); ++i) {
        const double ns = medianNanos(7, iterations, [&] {
            sink = sink + toDisplayString(compiled[i].evaluate(context).value).size();
        });
        std::printf("%-16s %10.0f\n", cases[i].name, ns);
    }
    const double all = medianNanos(7, iterations, [&] {
        for (const CompiledExpression& e : compiled)
            sink = sink + (e.evaluate(context).ok() ? 1 : 0);
    });
    std::printf("%-16s %10.0f\n", "all three", all);
    const double bindNs = medianNanos(5, iterations / 100 + 1, [&] {
        sink = sink + (compileExpression(cases[2].text, {1, 1}).ok() ? 1 : 0);
    });
    std::printf("%-16s %10.0f  (parse + bind, once per snapshot)\n", "compile concat", bindNs);
    return 0;
}

// Feeds arbitrary bytes to the OpenAPI importer: it must report problems, never crash, hang or
// grow without bound. Seed it with tests/core/openapi/data and the npm fixtures.
#include "core/openapi/import.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    portico::model::DiagnosticList diagnostics;
    auto spec = portico::openapi::parseSpecification(text, "fuzz.yaml", diagnostics);
    for (const auto& d : diagnostics.items())
        if (d.code.empty() || d.message.empty())
            __builtin_trap(); // every diagnostic names its code and says what is wrong
    if (spec)
        for (const auto& op : spec->operations)
            if (op.id.empty())
                __builtin_trap(); // every operation gets an id
    return 0;
}

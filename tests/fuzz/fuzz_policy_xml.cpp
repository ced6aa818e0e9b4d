// libFuzzer target for the policy XML reader, the policy parser, the scope merge, the writer and
// the compiler: no input may crash, hang or leak, and whatever parses must write back as XML that
// parses again.
#include "core/policy/policy_compiler.h"
#include "core/policy/policy_parser.h"
#include "core/policy/policy_writer.h"
#include "core/policy/scope_merge.h"
#include "core/policy/xml/xml_reader.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace portico;
using namespace portico::policy;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    xml::readXml(text);

    for (Scope scope : {Scope::Api, Scope::Fragment}) {
        ParseOptions options;
        options.file = "fuzz.xml";
        options.scope = scope;
        options.fragmentId = "f";
        model::DiagnosticList diagnostics;
        const auto document = parsePolicyDocument(text, options, diagnostics);
        if (!document)
            continue;
        FragmentSet fragments;
        if (scope == Scope::Fragment) {
            fragments.emplace("f", *document);
            continue;
        }
        const auto merged =
            mergeScopes({nullptr, nullptr, &*document, nullptr}, fragments, diagnostics);
        const std::string written = writePolicyDocument(merged, {true});
        if (!xml::readXml(written).ok())
            std::abort(); // the writer produced XML its own reader refuses
        if (!diagnostics.hasErrors()) {
            const NamedValueLookup lookup = [](std::string_view) {
                return std::optional<std::string>("1");
            };
            compilePipeline(merged, lookup, diagnostics);
        }
    }
    return 0;
}

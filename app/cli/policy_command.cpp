#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/diagnostic_printer.h"
#include "app/cli/workspace_edit.h"
#include "core/policy/policy_writer.h"
#include "core/policy/scope_merge.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace portico::cli {

namespace {

std::optional<policy::PolicySource> source(const std::string& file, const std::string& text) {
    if (text.empty())
        return std::nullopt;
    return policy::PolicySource{file, text};
}

int printEffective(const model::Workspace& ws, const CommandLine& cl,
                   const std::filesystem::path& dir) {
    const std::string apiId = *cl.value("--api");
    const model::Api* api = ws.findApi(apiId);
    if (!api) {
        std::cerr << "portico: no API '" << apiId << "' in " << dir.string() << '\n';
        return kExitDiagnostics;
    }
    const std::string operationId = *cl.value("--operation");
    if (!api->specification.findOperation(operationId)) {
        std::cerr << "portico: API '" << apiId << "' has no operation '" << operationId
                  << "' in its specification\n";
        return kExitDiagnostics;
    }

    policy::EffectivePolicyInput input;
    input.global = source(ws.globalPolicyFile, ws.globalPolicyXml);
    // Product policies apply only to calls made with a subscription to that product.
    if (auto productId = cl.value("--product")) {
        const model::Product* product = ws.findProduct(*productId);
        if (!product) {
            std::cerr << "portico: no product '" << *productId << "' in " << dir.string() << '\n';
            return kExitDiagnostics;
        }
        if (std::find(product->apis.begin(), product->apis.end(), apiId) == product->apis.end()) {
            std::cerr << "portico: product '" << *productId << "' does not include API '" << apiId
                      << "'\n";
            return kExitDiagnostics;
        }
        input.product = source("products/" + product->id + "/policy.xml", product->policyXml);
    }
    input.api = source("apis/" + api->id + "/policy.xml", api->policyXml);
    if (auto it = api->operationPolicies.find(operationId); it != api->operationPolicies.end())
        input.operation =
            source("apis/" + api->id + "/operations/" + operationId + "/policy.xml", it->second);
    for (const auto& fragment : ws.fragments)
        input.fragments.emplace(
            fragment.id, policy::PolicySource{"fragments/" + fragment.id + ".xml", fragment.xml});

    model::DiagnosticList diagnostics;
    auto merged = policy::effectivePolicy(input, diagnostics);
    diagnostics.sortByLocation();
    printDiagnosticsText(std::cerr, diagnostics, dir);
    if (!merged || diagnostics.hasErrors())
        return kExitDiagnostics;
    policy::WriteOptions options;
    options.origins = cl.has("--origins");
    std::cout << policy::writePolicyDocument(*merged, options);
    return kExitOk;
}

} // namespace

int runPolicy(const Args& args) {
    CommandLine cl({"--workspace", "--api", "--operation", "--product"}, {"--origins"});
    if (auto error = cl.parse(args))
        return usageError(*error, "policy");
    if (cl.positionals().size() != 1 || cl.positionals().front() != "effective")
        return usageError("policy takes one action: effective", "policy");
    for (const char* required : {"--workspace", "--api", "--operation"})
        if (!cl.value(required))
            return usageError(std::string(required) + " is required", "policy");

    const std::filesystem::path dir = *cl.value("--workspace");
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        std::cerr << "portico: " << dir.string() << ": not a workspace folder\n";
        return kExitIo;
    }
    auto loaded = loadCheckedWorkspace(dir);
    if (loaded.diagnostics.hasErrors()) {
        printDiagnosticsText(std::cout, loaded.diagnostics, dir);
        std::cerr << dir.string() << ": the workspace has " << loaded.diagnostics.errorCount()
                  << " error(s); fix them first (portico validate)\n";
        return kExitDiagnostics;
    }
    return printEffective(loaded.workspace, cl, dir);
}

} // namespace portico::cli

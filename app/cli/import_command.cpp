#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/diagnostic_printer.h"
#include "app/cli/workspace_edit.h"
#include "core/openapi/api_from_specification.h"
#include "core/openapi/import.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace portico::cli {

namespace {

std::string trimSlashes(std::string path) {
    while (!path.empty() && path.front() == '/')
        path.erase(path.begin());
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    return path;
}

// The copy in the workspace keeps the source's format: JSON stays JSON.
std::string specificationFileName(const fs::path& source) {
    std::string ext = source.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return ext == ".json" ? "openapi.json" : "openapi.yaml";
}

bool readFile(const fs::path& file, std::string& text) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return !in.bad();
}

int importOpenApi(const fs::path& spec, const fs::path& workspaceDir, const CommandLine& cl) {
    std::string text;
    std::error_code ec;
    if (!fs::is_regular_file(spec, ec) || !readFile(spec, text)) {
        std::cerr << "portico: " << spec.string() << ": cannot read the specification\n";
        return kExitIo;
    }

    model::DiagnosticList specDiagnostics;
    auto specification = openapi::parseSpecification(text, spec.string(), specDiagnostics);
    printDiagnosticsText(std::cout, specDiagnostics, {});
    if (!specification || specDiagnostics.hasErrors()) {
        std::cerr << spec.string() << ": not imported, the specification has "
                  << specDiagnostics.errorCount() << " error(s)\n";
        return kExitDiagnostics;
    }

    int exitCode = kExitOk;
    auto loaded = loadWorkspaceForEdit(workspaceDir, exitCode);
    if (!loaded)
        return exitCode;
    model::Workspace& workspace = *loaded;

    openapi::ApiImportOptions options;
    options.id = cl.value("--id").value_or(openapi::apiIdFromTitle(specification->title));
    options.path = trimSlashes(cl.value("--path").value_or(options.id));
    options.specificationFile = specificationFileName(spec);
    if (workspace.findApi(options.id)) {
        std::cerr << "portico: an API with id '" << options.id
                  << "' already exists in the workspace; choose another with --id\n";
        return kExitDiagnostics;
    }

    model::Api api = openapi::apiFromSpecification(*specification, options);
    api.specificationText = text;
    workspace.apis.push_back(std::move(api));
    std::sort(workspace.apis.begin(), workspace.apis.end(),
              [](const model::Api& a, const model::Api& b) { return a.id < b.id; });

    if (int code = validateAndSave(workspace, workspaceDir); code != kExitOk)
        return code;
    const model::Api* added = workspace.findApi(options.id);
    std::cout << "Imported API '" << added->id << "' at /" << added->path << " with "
              << added->specification.operations.size() << " operation(s) into "
              << workspaceDir.string() << '\n';
    return kExitOk;
}

} // namespace

int runImport(const Args& args) {
    CommandLine cl({"--workspace", "--id", "--path"}, {});
    if (auto error = cl.parse(args))
        return usageError(*error, "import");
    const auto& positionals = cl.positionals();
    if (positionals.empty())
        return usageError("import needs a format and a file: portico import openapi SPEC",
                          "import");
    if (positionals.front() != "openapi")
        return usageError(
            "unknown import format '" + positionals.front() + "' (supported: openapi)", "import");
    if (positionals.size() != 2)
        return usageError("import openapi takes exactly one specification file", "import");
    if (!cl.value("--workspace"))
        return usageError("--workspace DIR is required", "import");
    return importOpenApi(positionals[1], *cl.value("--workspace"), cl);
}

} // namespace portico::cli

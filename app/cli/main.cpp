#include "app/cli/commands.h"

#include <iostream>
#include <string_view>

namespace portico::cli {

namespace {

constexpr std::string_view kHelp = R"(portico - validate, import and manage Portico workspaces

Usage:
  portico validate [DIR] [--format text|json] [--strict] [--quiet]
      Load the workspace in DIR (default: .) and print every problem as
      "file:line:col: error|warning: CODE message". --strict fails on warnings too.
  portico lint [DIR] [--format text|json] [--strict] [--quiet]
      Check the workspace's security posture (least-privilege scopes, unauthenticated APIs,
      broad subscriptions, secrets in clear, plain HTTP, unchecked backend TLS, deprecated
      operations); findings are warnings, see docs/lint.md.
  portico policy effective --workspace DIR --api ID --operation ID [--product ID]
                           [--origins]
      Print the merged policy of an operation (global > product > API > operation, <base/>
      spliced, fragments inlined). --product: as called with a subscription to that product.
      --origins: a comment before each policy naming its scope and file:line:col.
  portico import openapi SPEC --workspace DIR [--id ID] [--path PATH]
      Import an OpenAPI 3.0/3.1 or Swagger 2.0 file (YAML or JSON) as a new API.
  portico init DIR
      Create a new workspace in DIR with the sample content.
  portico subscription create --workspace DIR --id ID --scope SCOPE [--owner USER]
                              [--display-name NAME]
      Create a subscription (SCOPE: /products/ID, /apis/ID or /apis) and print its primary
      and secondary keys once; the workspace stores only their salted hashes.
  portico subscription regenerate --workspace DIR --id ID --key primary|secondary
  portico subscription suspend|activate|cancel --workspace DIR --id ID
  portico identity client add --workspace DIR --id ID --grants LIST [--public]
                             [--scopes LIST] [--roles LIST] [--redirect-uris LIST]
                             [--display-name NAME]
      Register a client with the local identity provider (identity/clients.yaml). LISTs are
      comma-separated; permissions read <resource>/<name> (api://orders/Orders.Read). Prints
      the client secret once (none with --public); only its salted hash is stored.
  portico identity client secret --workspace DIR --id ID
  portico identity user add --workspace DIR --username NAME [--display-name NAME]
      Add a user (identity/users.yaml) and print a generated password once.
  portico identity user password --workspace DIR --username NAME
  portico identity tenant set --workspace DIR --tenant ID
  portico --help | --version

Exit codes:
  0  success
  1  the workspace or specification has errors (they are printed)
  2  the command line is wrong
  3  a file or folder could not be read or written
)";

} // namespace

int usageError(const std::string& message, const std::string& command) {
    std::cerr << "portico: " << message << '\n'
              << "Try 'portico --help'" << (command.empty() ? "" : " for the usage of " + command)
              << ".\n";
    return kExitUsage;
}

} // namespace portico::cli

int main(int argc, char* argv[]) {
    using namespace portico::cli;
    Args args(argv + 1, argv + argc);
    if (args.empty())
        return usageError("no command given");
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kHelp;
        return kExitOk;
    }
    if (command == "--version") {
        std::cout << "portico " << PORTICO_VERSION << '\n';
        return kExitOk;
    }
    if (command == "validate")
        return runValidate(args);
    if (command == "import")
        return runImport(args);
    if (command == "init")
        return runInit(args);
    if (command == "policy")
        return runPolicy(args);
    if (command == "lint")
        return runLint(args);
    if (command == "subscription")
        return runSubscription(args);
    if (command == "identity")
        return runIdentity(args);
    return usageError("unknown command '" + command + "'");
}

#include "core/gateway/gateway.h"

#include <algorithm>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    auto commandLine = portico::gateway::parseCommandLine(arguments);
    if (!commandLine.output.empty()) {
        std::cout << commandLine.output;
        return 0;
    }
    if (!commandLine.options) {
        std::cerr << "portico-gateway: " << commandLine.error << "\n";
        return 2;
    }
    if (commandLine.options->secretsFromStdin) {
        // The parent (the studio) writes one JSON line; secrets never touch argv, env or disk.
        std::string line;
        if (!std::getline(std::cin, line) && line.empty()) {
            std::cerr << "portico-gateway: --secrets-stdin: stdin closed before a JSON object "
                         "line was read\n";
            return 2;
        }
        const auto error =
            portico::gateway::parseSecretValues(line, commandLine.options->secretValues);
        std::fill(line.begin(), line.end(), '\0');
        if (!error.empty()) {
            std::cerr << "portico-gateway: " << error << "\n";
            return 2;
        }
    }
    return portico::gateway::runGateway(std::move(*commandLine.options));
}

#include "core/gateway/gateway.h"

#include <iostream>

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
    return portico::gateway::runGateway(std::move(*commandLine.options));
}

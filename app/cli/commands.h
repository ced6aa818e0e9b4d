#pragma once

#include <string>
#include <vector>

namespace portico::cli {

// Exit codes shared by every command, documented in `portico --help`.
enum ExitCode : int {
    kExitOk = 0,
    kExitDiagnostics = 1, // the input has errors (printed)
    kExitUsage = 2,       // the command line is wrong
    kExitIo = 3,          // a file could not be read or written
};

using Args = std::vector<std::string>;

int runValidate(const Args& args);
int runImport(const Args& args);
int runInit(const Args& args);
int runSubscription(const Args& args);
int runLint(const Args& args);
int runPolicy(const Args& args);
int runIdentity(const Args& args);

// Prints "portico: <message>" and a pointer to the help on stderr; returns kExitUsage.
int usageError(const std::string& message, const std::string& command = {});

} // namespace portico::cli

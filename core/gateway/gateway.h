#pragma once

#include "core/gateway/options.h"

namespace portico::gateway {

// Loads the workspace, binds the listeners, prints one line per listener when ready and serves
// until SIGTERM/SIGINT (drain, exit code 0). Startup problems are printed to stderr and give a
// non-zero exit code.
int runGateway(GatewayOptions options);

} // namespace portico::gateway

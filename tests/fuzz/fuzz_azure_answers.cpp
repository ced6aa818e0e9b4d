// libFuzzer target for what the gateway reads from Microsoft Entra ID, the metadata service and
// Key Vault: token answers and Get Secret answers, any status, any bytes. The first byte picks
// the status (200 or an error), the rest is the body.

#include "core/secrets/azure_token.h"
#include "core/secrets/key_vault_client.h"

#include <cstdint>
#include <cstdlib>

using namespace portico;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    identity::HttpResponse answer;
    answer.status = data[0] % 2 ? 200 : 400 + data[0] % 100;
    answer.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto token = secrets::readTokenAnswer(answer, "the token endpoint");
    if (token.value.empty() == token.error.empty())
        std::abort(); // a token or a reason, never both or neither
    const auto secret = secrets::readSecretAnswer(answer);
    if (!secret.value && secret.problem.empty())
        std::abort();
    return 0;
}

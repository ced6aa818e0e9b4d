// libFuzzer target for an Event Hubs connection string (a logger's, read from a secret store):
// no text may crash, a refusal always says why and never quotes the key, and what is accepted
// can be signed with.
#include "core/secrets/event_hub.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = portico::secrets::parseEventHubConnectionString(text);
    if (!parsed.connection) {
        if (parsed.error.empty())
            std::abort();
        return 0;
    }
    const auto& c = *parsed.connection;
    if (c.host.empty() || c.keyName.empty() || c.key.empty())
        std::abort();
    // The key is never part of what an error could show, and the signature never holds it.
    const auto signature =
        portico::secrets::sharedAccessSignature("https://" + c.host + "/hub", c.keyName, c.key, 1);
    if (!signature.starts_with("SharedAccessSignature sr=https%3A%2F%2F"))
        std::abort();
    return 0;
}

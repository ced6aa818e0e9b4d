// libFuzzer target for the header values the gateway reads from untrusted peers when it
// forwards: X-Forwarded-For behind trusted proxies and a backend's Location when following
// redirects. No input may crash or hang; every answer must be well formed.
#include "core/net/redirect_location.h"
#include "core/net/trusted_proxies.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace portico::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static const auto proxies = [] {
        std::string error;
        return *TrustedProxies::parse({"10.0.0.0/8", "2001:db8::/32"}, error);
    }();
    const std::string client = proxies.clientAddress("10.0.0.1", text);
    if (client.empty() || !parseIpAddress(client))
        std::abort(); // the client is always an address

    parseCidr(text);
    static const BackendUrl current = *parseBackendUrl("https://orders.internal:8443/api").url;
    if (const auto redirect = resolveRedirect(current, "/api/orders/1?x=1", text)) {
        if (redirect->target.empty() || redirect->target.front() != '/' ||
            redirect->url.host.empty())
            std::abort(); // an origin-form target on a named origin
        for (const char c : redirect->target) {
            if (static_cast<unsigned char>(c) <= 0x20)
                std::abort(); // nothing that could split a request line
        }
    }
    return 0;
}

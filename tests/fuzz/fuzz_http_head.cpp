// libFuzzer target for the head parser (net::detail::parseHead): every message, read as a request
// and as an answer, must come out of parseHead exactly as out of Beast's parser alone (start
// line, fields, framing, body, or the same error). parseHead lets Beast judge every head it does
// not split itself, so any difference is a head the splitter took that it should have left.
#include "tests/gateway/head_reading.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

template <bool isRequest> void checkSameReading(std::string_view message, bool answersHead) {
    using portico::testing::read;
    if (!(read<isRequest>(message, true, answersHead) ==
          read<isRequest>(message, false, answersHead))) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    // The first byte picks whether an answer is to a HEAD request; the rest is the message.
    const bool answersHead = data[0] & 1;
    const std::string_view message(reinterpret_cast<const char*>(data) + 1, size - 1);
    checkSameReading<true>(message, false);
    checkSameReading<false>(message, answersHead);
    return 0;
}

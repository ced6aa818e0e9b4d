#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace portico::text {

// A JSON document's text that never throws on strings that are not UTF-8 (request headers and
// bodies can carry any byte): such bytes become U+FFFD, as .NET's decoders would have made them
// before serialising. nlohmann's plain dump() throws there. Any nlohmann document type, so an
// OrderedJson keeps its order.
template <typename Json> std::string jsonText(const Json& value, int indent = -1) {
    return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

} // namespace portico::text

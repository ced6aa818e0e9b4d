#pragma once

#include "core/policy/expr/value.h"

#include <nlohmann/json.hpp>

namespace portico::policy::expr {

// A JToken. Navigation copies the child (value semantics): changing a child obtained through
// an indexer does not change its parent; changes on the object itself (obj["a"] = 1) do.
struct JsonBox {
    nlohmann::json json;
    std::string propertyName; // set for a JProperty
    bool property = false;
};

// JToken.ToString(): indented for objects and arrays, the bare text for scalars.
std::string jsonToString(const JsonBox& box, bool indented);

inline Value makeJson(nlohmann::json j) {
    auto box = std::make_shared<JsonBox>();
    box->json = std::move(j);
    return Value::json(std::move(box));
}

} // namespace portico::policy::expr

#pragma once

#include "core/policy/expr/value.h"

#include <nlohmann/json.hpp>

#include <memory>

namespace portico::policy::expr {

// A JToken. Navigation copies the child (value semantics): changing a child obtained through
// an indexer does not change its parent; changes on the object itself (obj["a"] = 1) do, and so
// does removing a JProperty taken with Property().
struct JsonBox {
    nlohmann::json json;
    std::string propertyName; // set for a JProperty
    bool property = false;
    std::weak_ptr<JsonBox> parent; // a JProperty's object, which JToken.Remove() takes it from
};

// JToken.ToString(): indented for objects and arrays, the bare text for scalars.
std::string jsonToString(const JsonBox& box, bool indented);

inline Value makeJson(nlohmann::json j) {
    auto box = std::make_shared<JsonBox>();
    box->json = std::move(j);
    return Value::json(std::move(box));
}

} // namespace portico::policy::expr

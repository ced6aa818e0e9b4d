#pragma once

#include "core/policy/expr/value.h"
#include "core/text/ordered_json.h"

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

namespace portico::policy::expr {

// Objects keep their properties in the order they came or were added, as Newtonsoft's do.
using Json = text::OrderedJson;

// A JToken. An object or array read out of another (an indexer, SelectToken, foreach) is a view
// of its place there, as Newtonsoft's tokens are: body["a"]["b"] = 1 changes body. When the
// parent replaces or removes that member, the view is cut off first and keeps the value it had,
// as a removed Newtonsoft token does. Scalars are read out as copies, which is the same thing for
// values that cannot be changed in place.
struct JsonBox {
    // The token's value, and where to write it: through the owner while attached.
    const Json& value() const;
    Json& value();

    std::string propertyName; // set for a JProperty
    bool property = false;
    std::weak_ptr<JsonBox> parent; // a JProperty's object, which JToken.Remove() takes it from

    Json stored; // the value of a token that is not a view (or no longer one)

    // A view's place: member `key` of the owner's object, or element `index` of its array.
    std::shared_ptr<JsonBox> owner;
    std::string key;
    std::size_t index = 0;
    // How many owners a read walks through: what reading this token costs.
    std::size_t depth = 0;

    // The live views of this token's members and elements, one per place, so that two reads of
    // body["a"] are the same token and a change through either is seen by both.
    struct KeyHash {
        std::size_t operator()(const std::string& key) const;
    };
    std::unordered_map<std::string, std::weak_ptr<JsonBox>, KeyHash> memberViews;
    std::unordered_map<std::size_t, std::weak_ptr<JsonBox>> elementViews;
    std::size_t pruneViewsAt = 64; // views that have ended are forgotten when the maps grow
};

// JToken.ToString(): indented for objects and arrays, the bare text for scalars.
std::string jsonToString(const JsonBox& box, bool indented);

inline Value makeJson(Json j) {
    auto box = std::make_shared<JsonBox>();
    box->stored = std::move(j);
    return Value::json(std::move(box));
}

// A token that shares nothing with box: its value (and name, for a JProperty), and no place.
std::shared_ptr<JsonBox> detachedJson(const JsonBox& box);

// The member `key` of owner's object or element `index` of its array, which must exist: a view
// for an object or array, a copy for a scalar.
Value jsonMember(const std::shared_ptr<JsonBox>& owner, const std::string& key);
Value jsonElement(const std::shared_ptr<JsonBox>& owner, std::size_t index);

// Called before owner replaces or removes a member or element: its view, if any, is cut off
// with the value it has now.
void releaseMember(JsonBox& owner, const std::string& key);
void releaseElement(JsonBox& owner, std::size_t index);

} // namespace portico::policy::expr

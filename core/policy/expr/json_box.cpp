#include "core/policy/expr/json_box.h"

#include "core/text/sip_hash.h"

#include <algorithm>
#include <type_traits>

namespace portico::policy::expr {

namespace {

template <class Box>
std::conditional_t<std::is_const_v<Box>, const Json&, Json&> resolve(Box& box) {
    if (!box.owner)
        return box.stored;
    auto& whole = box.owner->value();
    if (whole.is_object()) {
        if (const auto found = whole.find(box.key); found != whole.end())
            return *found;
    } else if (whole.is_array() && box.index < whole.size()) {
        return whole[box.index];
    }
    return box.stored; // not reached while releaseMember/releaseElement are called
}

template <class Map> void forgetEnded(Map& views, std::size_t& pruneAt) {
    if (views.size() < pruneAt)
        return;
    std::erase_if(views, [](const auto& entry) { return entry.second.expired(); });
    pruneAt = std::max<std::size_t>(64, 2 * views.size());
}

// The view kept in slot while it lives, else a new one.
std::shared_ptr<JsonBox> viewIn(std::weak_ptr<JsonBox>& slot,
                                const std::shared_ptr<JsonBox>& owner) {
    if (auto live = slot.lock())
        return live;
    auto view = std::make_shared<JsonBox>();
    view->owner = owner;
    view->depth = owner->depth + 1;
    slot = view;
    return view;
}

template <class Map, class Place> void release(Map& views, const Place& place) {
    const auto found = views.find(place);
    if (found == views.end())
        return;
    if (const auto view = found->second.lock()) {
        view->stored = view->value();
        view->owner.reset();
    }
    views.erase(found);
}

} // namespace

const Json& JsonBox::value() const {
    return resolve(*this);
}

Json& JsonBox::value() {
    return resolve(*this);
}

std::size_t JsonBox::KeyHash::operator()(const std::string& key) const {
    return static_cast<std::size_t>(text::seededHash(key));
}

Value jsonMember(const std::shared_ptr<JsonBox>& owner, const std::string& key) {
    const Json& member = owner->value().at(key);
    if (!member.is_structured())
        return makeJson(member);
    auto view = viewIn(owner->memberViews[key], owner);
    view->key = key;
    forgetEnded(owner->memberViews, owner->pruneViewsAt);
    return Value::json(std::move(view));
}

Value jsonElement(const std::shared_ptr<JsonBox>& owner, std::size_t index) {
    const Json& element = owner->value().at(index);
    if (!element.is_structured())
        return makeJson(element);
    auto view = viewIn(owner->elementViews[index], owner);
    view->index = index;
    forgetEnded(owner->elementViews, owner->pruneViewsAt);
    return Value::json(std::move(view));
}

std::shared_ptr<JsonBox> detachedJson(const JsonBox& box) {
    auto copy = std::make_shared<JsonBox>();
    copy->stored = box.value();
    copy->propertyName = box.propertyName;
    copy->property = box.property;
    return copy;
}

void releaseMember(JsonBox& owner, const std::string& key) {
    release(owner.memberViews, key);
}

void releaseElement(JsonBox& owner, std::size_t index) {
    release(owner.elementViews, index);
}

} // namespace portico::policy::expr

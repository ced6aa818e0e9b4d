// Enumerating APIM's dictionaries (headers, URL query, form fields, JWT claims): each entry is
// a KeyValuePair<string, string[]> with `Key` and `Value`, in the order the names first appear.
// Header names group without regard to case, as the dictionaries look them up.
#include "core/policy/expr/http_response.h"
#include "core/policy/expr/members.h"
#include "core/text/ascii.h"

#include <unordered_map>

namespace portico::policy::expr {

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;
using Entries = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct KeyValueData {
    std::string key;
    Value value;
};

// Linear in the pairs: a form body can hold a great many fields.
Entries grouped(Eval& eval, const Pairs& pairs, bool ignoreCase) {
    std::uint64_t size = 0;
    for (const auto& [name, value] : pairs)
        size += 2 * name.size() + value.size() + 96; // charged before the copies are made
    eval.charge(size);
    Entries out;
    std::unordered_map<std::string, std::size_t> positions;
    for (const auto& [name, value] : pairs) {
        const auto [at, added] =
            positions.try_emplace(ignoreCase ? text::asciiLowered(name) : name, out.size());
        if (added)
            out.push_back({name, {}});
        out[at->second].second.push_back(value);
    }
    return out;
}

Entries entriesOf(Eval& eval, const Value& map) {
    const void* raw = map.asObject().raw;
    switch (MapKind(map.asObject().sub)) {
    case MapKind::RequestHeaders:
        return grouped(eval, eval.context.headerList(MessageKind::Request), true);
    case MapKind::ResponseHeaders:
        return grouped(eval, eval.context.headerList(MessageKind::Response), true);
    case MapKind::OwnedHeaders:
        return grouped(eval, static_cast<const HttpResponseData*>(raw)->headers, true);
    case MapKind::UrlQuery:
        return grouped(eval, static_cast<const UrlInfo*>(raw)->query, false);
    case MapKind::Form:
        return grouped(eval, static_cast<const FormFields*>(raw)->fields, false);
    case MapKind::Claims:
        return claimEntries(raw);
    case MapKind::MatchedParameters:
        break;
    }
    raise("NotSupportedException",
          "Enumerating context.Request.MatchedParameters is not supported; read a parameter by "
          "name.");
}

const KeyValueData& entryOf(const Value& v) {
    return *static_cast<const KeyValueData*>(v.asObject().raw);
}

Value keyOf(Eval&, const Value& self, Args&, Target) {
    return Value::string(entryOf(self).key);
}

Value valueOf(Eval&, const Value& self, Args&, Target) {
    return entryOf(self).value;
}

Value textOf(Eval&, const Value& self, Args&, Target) {
    return Value::string(keyValueText(self));
}

Value countOf(Eval& eval, const Value& self, Args&, Target) {
    return Value::integer(std::int64_t(entriesOf(eval, self).size()));
}

Value keysOf(Eval& eval, const Value& self, Args&, Target) {
    ValueList keys;
    for (auto& [name, values] : entriesOf(eval, self))
        keys.push_back(makeString(eval, std::move(name)));
    return makeList(eval, std::move(keys));
}

} // namespace

std::vector<Value> mapEntries(Eval& eval, const Value& map) {
    Entries entries = entriesOf(eval, map);
    eval.charge(entries.size() * (sizeof(KeyValueData) + sizeof(Value)));
    std::vector<Value> out;
    for (auto& [name, values] : entries) {
        ValueList texts;
        for (auto& value : values)
            texts.push_back(makeString(eval, std::move(value)));
        auto owned = std::make_shared<KeyValueData>(
            KeyValueData{std::move(name), makeList(eval, std::move(texts))});
        ObjectRef ref;
        ref.raw = owned.get();
        ref.owned = std::move(owned);
        out.push_back(Value::object(Ty::KeyValue, std::move(ref)));
    }
    return out;
}

std::string keyValueText(const Value& entry) {
    return "[" + entryOf(entry).key + ", System.String[]]";
}

void addMapEntryMembers(std::vector<MemberDef>& t) {
    t.push_back({Ty::KeyValue, {}, "Key", false, 0, 0, keyOf, Ty::String});
    t.push_back({Ty::KeyValue, {}, "Value", false, 0, 0, valueOf, Ty::List});
    t.push_back({Ty::KeyValue, {}, "ToString", true, 0, 0, textOf, Ty::String});
    t.push_back({Ty::StringMap, {}, "Count", false, 0, 0, countOf, Ty::Int});
    t.push_back({Ty::StringMap, {}, "Keys", false, 0, 0, keysOf, Ty::List});
}

} // namespace portico::policy::expr

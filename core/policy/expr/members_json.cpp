// Newtonsoft JObject/JArray/JToken navigation, JWT (AsJwt, TryParseJwt) and AsBasic.
#include "core/policy/expr/date_time.h"
#include "core/policy/expr/json_box.h"
#include "core/policy/expr/members.h"
#include "core/security/jwt/base64url.h"
#include "core/text/json_text.h"

namespace portico::policy::expr {

#define FN PORTICO_EXPR_FN

using json = Json;

namespace {

const json& jsonOf(const Value& v) {
    return v.asJson()->value();
}

json toJson(Eval& eval, const Value& v) {
    switch (v.type()) {
    case Ty::Null:
        return nullptr;
    case Ty::Bool:
        return v.asBool();
    case Ty::Int:
    case Ty::DayOfWeek: // Newtonsoft writes enums as their numbers
        return v.asInt();
    case Ty::Double:
        return v.asDouble();
    case Ty::Char:
        return std::string(1, char(v.asInt()));
    case Ty::String:
    case Ty::Guid:
        return v.asString();
    case Ty::DateTime:
    case Ty::DateTimeOffset:
        return formatDateTime(v.asInt(), "yyyy-MM-ddTHH:mm:ssK", v.type() == Ty::DateTimeOffset);
    case Ty::TimeSpan:
        return formatTimeSpan(v.asInt());
    case Ty::Json:
        if (v.asJson()->property)
            return json::object({{v.asJson()->propertyName, v.asJson()->value()}});
        return v.asJson()->value();
    case Ty::List: {
        json a = json::array();
        for (const Value& item : *v.asList())
            a.push_back(toJson(eval, item));
        return a;
    }
    default:
        raise("ArgumentException", std::string("Could not determine JSON object type for type ") +
                                       tyName(v.type()) + ".");
    }
}

void chargeJson(Eval& eval, const json& j) {
    // A cheap upper-bound estimate; exact sizes would cost a walk of the tree.
    eval.charge(j.is_structured() ? j.size() * 64 + 64 : 32);
}

Value child(Eval& eval, const json& j) {
    chargeJson(eval, j);
    return makeJson(j);
}

// A token read out of another: a view costs its box and the walk up its owners (so that a loop
// down a hostile, deeply nested body is stopped by the budget), a scalar what it copies.
Value child(Eval& eval, Value token) {
    const JsonBox& box = *token.asJson();
    if (box.owner)
        eval.charge(sizeof(JsonBox) + 64 * box.depth);
    else
        chargeJson(eval, box.value());
    return token;
}

// SelectToken's path ($.a.b[0]['c']) from root: a view of what it names, or null when that is
// not there.
std::optional<Value> selectToken(const Value& root, const std::string& path) {
    Value cur = root;
    auto member = [&cur](const std::string& name) {
        if (!jsonOf(cur).is_object() || !jsonOf(cur).contains(name))
            return false;
        cur = jsonMember(cur.asJson(), name);
        return true;
    };
    std::size_t i = 0;
    if (!path.empty() && path[0] == '$')
        i = 1;
    while (i < path.size()) {
        if (path[i] == '.') {
            ++i;
            continue;
        }
        if (path[i] == '[') {
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos)
                raise("JsonException", "Unexpected end while parsing path.");
            std::string inner = path.substr(i + 1, close - i - 1);
            i = close + 1;
            if (inner.size() >= 2 && (inner.front() == '\'' || inner.front() == '"')) {
                if (!member(inner.substr(1, inner.size() - 2)))
                    return std::nullopt;
            } else {
                std::size_t index = 0;
                for (char c : inner) {
                    if (c < '0' || c > '9')
                        raise("JsonException",
                              "Unexpected character while parsing path indexer: " + inner);
                    index = index * 10 + std::size_t(c - '0');
                }
                if (!jsonOf(cur).is_array() || index >= jsonOf(cur).size())
                    return std::nullopt;
                cur = jsonElement(cur.asJson(), index);
            }
            continue;
        }
        const std::size_t end = path.find_first_of(".[", i);
        const std::string name =
            path.substr(i, end == std::string::npos ? std::string::npos : end - i);
        i = end == std::string::npos ? path.size() : end;
        if (!member(name))
            return std::nullopt;
    }
    return cur;
}

void requireObject(const Value& v, const char* what) {
    if (!jsonOf(v).is_object() || v.asJson()->property)
        raise("InvalidOperationException", std::string(what) + " needs a JObject.");
}

// ---- JWT ----

struct JwtData {
    json header;
    json payload;
};

std::shared_ptr<JwtData> parseJwt(const std::string& token) {
    const auto dot1 = token.find('.');
    const auto dot2 = dot1 == std::string::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos)
        return nullptr;
    const auto header = security::jwt::base64UrlDecode(std::string_view(token).substr(0, dot1));
    const auto payload =
        security::jwt::base64UrlDecode(std::string_view(token).substr(dot1 + 1, dot2 - dot1 - 1));
    if (!header || !payload)
        return nullptr;
    auto data = std::make_shared<JwtData>();
    data->header = json::parse(*header, nullptr, false);
    data->payload = json::parse(*payload, nullptr, false);
    if (!data->header.is_object() || !data->payload.is_object())
        return nullptr;
    return data;
}

Value jwtValue(std::shared_ptr<JwtData> data) {
    ObjectRef ref;
    ref.raw = data.get();
    ref.owned = std::move(data);
    return Value::object(Ty::Jwt, std::move(ref));
}

const JwtData& jwtOf(const Value& v) {
    return *static_cast<const JwtData*>(v.asObject().raw);
}

Value claimString(const json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null())
        return Value::null();
    return Value::string(it->is_string() ? it->get<std::string>() : it->dump());
}

Value claimTime(const json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || !it->is_number())
        return Value::null();
    const double seconds = it->get<double>();
    const double ticks = seconds * double(kTicksPerSecond) + double(kUnixEpochTicks);
    if (ticks < 0 || ticks > double(kMaxTicks))
        return Value::null();
    return Value::dateTime(std::int64_t(ticks));
}

Value jwtMap(const Value& jwt, bool header) {
    const JwtData& data = jwtOf(jwt);
    return makeMap(MapKind::Claims, header ? &data.header : &data.payload, jwt.asObject().owned);
}

// ---- Basic ----

struct BasicData {
    std::string userId, password;
};

const BasicData& basicOf(const Value& v) {
    return *static_cast<const BasicData*>(v.asObject().raw);
}

} // namespace

std::optional<Value> parseJwtValue(std::string_view token) {
    auto data = parseJwt(std::string(token));
    if (!data)
        return std::nullopt;
    return jwtValue(std::move(data));
}

void addJsonMembers(std::vector<MemberDef>& t, std::vector<ConstructorDef>& ctors) {
    t.push_back(enumConstant("Formatting", "None", 0));
    t.push_back(enumConstant("Formatting", "Indented", 1));
    for (auto owner : {"JObject", "JArray", "JToken"}) {
        t.push_back({Ty::Unknown, owner, "Parse", true, 1, 1, FN {
            const std::string& text = expectString(args[0], "json");
            eval.charge(text.size() * 4);
            json j = json::parse(text, nullptr, false);
            if (j.is_discarded())
                raise("JsonReaderException", "Error parsing JSON text.");
            return makeJson(std::move(j));
    }
    , Ty::Json
});
} // namespace portico::policy::expr
    t.push_back({Ty::Unknown, "JToken", "FromObject", true, 1, 1, FN { return makeJson(toJson(eval, args[0]));
    }
    , Ty::Json
    });

    t.push_back({Ty::Json, {}, "ToString", true, 0, 1, FN {
        const bool indented = args.empty() || expectInt(args[0], "formatting") == 1;
        std::string text = jsonToString(*self.asJson(), indented);
        return makeString(eval, std::move(text));
    }
    , Ty::String
    });
    // Value<T>() and ToObject<T>() convert the token itself; Value<T>(key) a child.
    t.push_back({Ty::Json, {}, "ToObject", true, 0, 0, FN { return convertTo(eval, self, generic, true);
    }
    , Ty::Unknown, -1, true
    });
    t.push_back({Ty::Json, {}, "Value", true, 0, 1, FN {
        if (args.empty())
            return jsonOf(self).is_null() ? Value::null() : convertTo(eval, self, generic, true);
        const json& j = jsonOf(self);
        const json* found = nullptr;
        if (args[0].type() == Ty::Int) {
    if (j.is_array() && args[0].asInt() >= 0 && std::size_t(args[0].asInt()) < j.size())
        found = &j[std::size_t(args[0].asInt())];
        } else {
    const std::string& key = expectString(args[0], "key");
    if (j.is_object() && j.contains(key))
        found = &j[key];
        }
        if (!found || found->is_null())
            return Value::null();
        return convertTo(eval, child(eval, *found), generic, true);
    }
    , Ty::Unknown, -1, true
    });
    t.push_back({Ty::Json, {}, "SelectToken", true, 1, 2, FN {
        auto found = selectToken(self, expectString(args[0], "path"));
        if (!found) {
    if (args.size() > 1 && expectBool(args[1], "errorWhenNoMatch"))
        raise("JsonException", "Path returned no tokens: " + args[0].asString());
    return Value::null();
        }
        return child(eval, std::move(*found));
    }
    , Ty::Json
    });
    t.push_back({Ty::Json, {}, "Property", true, 1, 1, FN {
        const json& j = jsonOf(self);
        const std::string& key = expectString(args[0], "name");
        if (!j.is_object() || !j.contains(key))
            return Value::null();
        auto box = std::make_shared<JsonBox>();
        box->stored = j[key];
        box->propertyName = key;
        box->property = true;
        box->parent = self.asJson();
        chargeJson(eval, box->stored);
        return Value::json(std::move(box));
    }
    , Ty::Json
    });
    t.push_back({Ty::Json, {}, "Properties", true, 0, 0, FN {
        requireObject(self, "Properties()");
        return makeList(eval, enumerate(eval, self));
    }
    , Ty::List
    });
    t.push_back({Ty::Json, {}, "Children", true, 0, 0, FN { return makeList(eval, enumerate(eval, self));
    }
    , Ty::List
    });
    t.push_back({Ty::Json, {}, "ContainsKey", true, 1, 1, FN {
        requireObject(self, "ContainsKey");
        return Value::boolean(jsonOf(self).contains(expectString(args[0], "propertyName")));
    }
    , Ty::Bool
    });
    // JToken.Remove(): Newtonsoft's tokens know their parent; here only a JProperty taken with
    // Property() does, which is how APIM's examples drop a field from a body.
    t.push_back({Ty::Json, {}, "Remove", true, 0, 0, FN {
        const auto& box = self.asJson();
        const auto parent = box->parent.lock();
        if (!box->property || !parent)
            raise("InvalidOperationException", "The parent is missing.");
        releaseMember(*parent, box->propertyName);
        parent->value().erase(box->propertyName);
        box->parent.reset();
        return Value::null();
    }
    , Ty::Null
    });
    t.push_back({Ty::Json, {}, "Remove", true, 1, 1, FN {
        requireObject(self, "Remove");
        const std::string& key = expectString(args[0], "propertyName");
        releaseMember(*self.asJson(), key);
        return Value::boolean(self.asJson()->value().erase(key) > 0);
    }
    , Ty::Bool
    });
    t.push_back({Ty::Json, {}, "Add", true, 1, 2, FN {
        json& j = self.asJson()->value();
        if (args.size() == 2) {
    requireObject(self, "Add(name, value)");
    const std::string& key = expectString(args[0], "propertyName");
    if (j.contains(key))
        raise("ArgumentException", "Can not add property " + key +
                                       " to Newtonsoft.Json.Linq.JObject. Property with the same "
                                       "name already exists on object.");
    j[key] = toJson(eval, args[1]);
    chargeJson(eval, j[key]);
    return Value::null();
        }
        if (j.is_array()) {
    j.push_back(toJson(eval, args[0]));
    chargeJson(eval, j.back());
    return Value::null();
        }
        if (j.is_object() && args[0].type() == Ty::Json && args[0].asJson()->property) {
    releaseMember(*self.asJson(), args[0].asJson()->propertyName);
    j[args[0].asJson()->propertyName] = args[0].asJson()->value();
    return Value::null();
        }
        raise("ArgumentException", "Can not add a value to this JToken.");
    }
    , Ty::Null
    });
    t.push_back({Ty::Json, {}, "Count", false, 0, 0, FN { return Value::integer(std::int64_t(jsonOf(self).size()));
    }
    , Ty::Int
    });
    t.push_back({Ty::Json, {}, "Name", false, 0, 0, FN {
        if (!self.asJson()->property)
            raise("InvalidOperationException", "Name is only available on a JProperty.");
        return Value::string(self.asJson()->propertyName);
    }
    , Ty::String
    });
    t.push_back({Ty::Json, {}, "Value", false, 0, 0, FN {
        if (!self.asJson()->property)
            raise("InvalidOperationException", "Value is only available on a JProperty.");
        // The value where it stands in its object, so that changes to it reach the object.
        const auto& name = self.asJson()->propertyName;
        if (const auto parent = self.asJson()->parent.lock();
            parent && parent->value().is_object() && parent->value().contains(name))
            return child(eval, jsonMember(parent, name));
        return child(eval, jsonOf(self));
    }
    , Ty::Json
    });
    t.push_back({Ty::Json, {}, "Type", false, 0, 0, FN {
        const json& j = jsonOf(self);
        if (self.asJson()->property)
            return Value::string("Property");
        switch (j.type()) {
case json::value_t::object:
    return Value::string("Object");
case json::value_t::array:
    return Value::string("Array");
case json::value_t::string:
    return Value::string("String");
case json::value_t::boolean:
    return Value::string("Boolean");
case json::value_t::number_float:
    return Value::string("Float");
case json::value_t::null:
    return Value::string("Null");
default:
    return Value::string("Integer");
        }
    }
    , Ty::String
    });
    t.push_back({Ty::Json, {}, "HasValues", false, 0, 0, FN { return Value::boolean(jsonOf(self).is_structured() && !jsonOf(self).empty());
    }
    , Ty::Bool
    });

    ctors.push_back({"JObject", 0, 64, FN {
        json j = json::object();
        std::vector<Value> items;
        for (const Value& a : args) {
    if (a.type() == Ty::List)
        items.insert(items.end(), a.asList()->begin(), a.asList()->end());
    else
        items.push_back(a);
        }
        for (const Value& a : items) {
    if (a.isNull())
        continue;
    if (a.type() == Ty::Json && a.asJson()->property) {
        j[a.asJson()->propertyName] = a.asJson()->value();
    } else if (a.type() == Ty::Json && jsonOf(a).is_object()) {
        for (const auto& [k, v] : jsonOf(a).items())
            j[k] = v;
    } else {
        raise("ArgumentException",
              std::string("Can not add ") + tyName(a.type()) + " to Newtonsoft.Json.Linq.JObject.");
    }
        }
        chargeJson(eval, j);
        return makeJson(std::move(j));
    }
    , Ty::Json
    });
    ctors.push_back({"JArray", 0, 64, FN {
        json j = json::array();
        for (const Value& a : args) {
    if (a.type() == Ty::List)
        for (const Value& item : *a.asList())
            j.push_back(toJson(eval, item));
    else
        j.push_back(toJson(eval, a));
        }
        chargeJson(eval, j);
        return makeJson(std::move(j));
    }
    , Ty::Json
    });
    ctors.push_back({"JProperty", 2, 2, FN {
        auto box = std::make_shared<JsonBox>();
        box->propertyName = expectString(args[0], "name");
        box->stored = toJson(eval, args[1]);
        box->property = true;
        chargeJson(eval, box->stored);
        return Value::json(std::move(box));
    }
    , Ty::Json
    });

    // ---- JWT ----
    t.push_back({Ty::String, {}, "AsJwt", true, 0, 0, FN {
        eval.charge(self.asString().size() * 2);
        auto data = parseJwt(self.asString());
        return data ? jwtValue(std::move(data)) : Value::null();
    }
    , Ty::Jwt
    });
    t.push_back({Ty::String, {}, "TryParseJwt", true, 1, 1, FN {
        eval.charge(self.asString().size() * 2);
        auto data = parseJwt(self.asString());
        args[0] = data ? jwtValue(std::move(data)) : Value::null();
        return Value::boolean(!args[0].isNull());
    }
    , Ty::Bool, 0
    });
    t.push_back({Ty::Jwt, {}, "Algorithm", false, 0, 0, FN { return claimString(jwtOf(self).header, "alg");
    }
    , Ty::String
    });
    t.push_back({Ty::Jwt, {}, "Type", false, 0, 0, FN { return claimString(jwtOf(self).header, "typ");
    }
    , Ty::String
    });
    t.push_back({Ty::Jwt, {}, "Id", false, 0, 0, FN { return claimString(jwtOf(self).payload, "jti");
    }
    , Ty::String
    });
    t.push_back({Ty::Jwt, {}, "Issuer", false, 0, 0, FN { return claimString(jwtOf(self).payload, "iss");
    }
    , Ty::String
    });
    t.push_back({Ty::Jwt, {}, "Subject", false, 0, 0, FN { return claimString(jwtOf(self).payload, "sub");
    }
    , Ty::String
    });
    t.push_back({Ty::Jwt, {}, "ExpirationTime", false, 0, 0, FN { return claimTime(jwtOf(self).payload, "exp");
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Jwt, {}, "NotBefore", false, 0, 0, FN { return claimTime(jwtOf(self).payload, "nbf");
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Jwt, {}, "IssuedAt", false, 0, 0, FN { return claimTime(jwtOf(self).payload, "iat");
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Jwt, {}, "Audiences", false, 0, 0, FN {
        ValueList out;
        const json& p = jwtOf(self).payload;
        if (const auto it = p.find("aud"); it != p.end()) {
    if (it->is_string())
        out.push_back(Value::string(it->get<std::string>()));
    else if (it->is_array())
        for (const json& a : *it)
            if (a.is_string())
                out.push_back(Value::string(a.get<std::string>()));
        }
        return makeList(eval, std::move(out));
    }
    , Ty::List
    });
    t.push_back({Ty::Jwt, {}, "Claims", false, 0, 0, FN { return jwtMap(self, false);
    }
    , Ty::StringMap
    });
    t.push_back({Ty::Jwt, {}, "Header", false, 0, 0, FN { return jwtMap(self, true);
    }
    , Ty::StringMap
    });

    // ---- Basic ----
    t.push_back({Ty::String, {}, "AsBasic", true, 0, 0, FN {
        std::string_view s = self.asString();
        constexpr std::string_view kScheme = "Basic ";
        if (s.size() > kScheme.size() && s.substr(0, kScheme.size()) == kScheme)
            s.remove_prefix(kScheme.size());
        const auto decoded = security::jwt::base64Decode(s);
        if (!decoded)
            return Value::null();
        const auto colon = decoded->find(':');
        if (colon == std::string::npos)
            return Value::null();
        auto data = std::make_shared<BasicData>(BasicData{decoded->substr(0, colon), decoded->substr(colon + 1)});
        ObjectRef ref;
        ref.raw = data.get();
        ref.owned = std::move(data);
        return Value::object(Ty::Basic, std::move(ref));
    }
    , Ty::Basic
    });
    t.push_back({Ty::Basic, {}, "UserId", false, 0, 0, FN { return Value::string(basicOf(self).userId);
    }
    , Ty::String
    });
    t.push_back({Ty::Basic, {}, "Password", false, 0, 0, FN { return Value::string(basicOf(self).password);
    }
    , Ty::String
    });
    }

    Value indexValue(Eval& eval, const Value& target, const Value& index) {
        switch (target.type()) {
        case Ty::Null:
            raise("NullReferenceException",
                  "Object reference not set to an instance of an object.");
        case Ty::String: {
            const auto i = expectInt(index, "index");
            if (i < 0 || std::size_t(i) >= target.asString().size())
                raise("IndexOutOfRangeException", "Index was outside the bounds of the array.");
            return Value::character(static_cast<unsigned char>(target.asString()[std::size_t(i)]));
        }
        case Ty::List: {
            const auto i = expectInt(index, "index");
            if (i < 0 || std::size_t(i) >= target.asList()->size())
                raise("IndexOutOfRangeException", "Index was outside the bounds of the array.");
            return (*target.asList())[std::size_t(i)];
        }
        case Ty::Json: {
            const json& j = jsonOf(target);
            if (j.is_object() && !target.asJson()->property) {
                const std::string& key = expectString(index, "propertyName");
                if (!j.contains(key))
                    return Value::null();
                return child(eval, jsonMember(target.asJson(), key));
            }
            if (j.is_array() && !target.asJson()->property) {
                const auto i = expectInt(index, "index");
                if (i < 0 || std::size_t(i) >= j.size())
                    raise("ArgumentOutOfRangeException",
                          "Index was out of range. Must be non-negative and less than the size of "
                          "the collection. (Parameter 'index')");
                return child(eval, jsonElement(target.asJson(), std::size_t(i)));
            }
            raise("InvalidOperationException",
                  "Cannot access child value on Newtonsoft.Json.Linq.JValue.");
        }
        case Ty::StringMap: {
            const std::string& key = expectString(index, "key");
            auto values = mapLookup(eval, target, key);
            if (!values)
                raise("KeyNotFoundException",
                      "The given key '" + key + "' was not present in the dictionary.");
            if (MapKind(target.asObject().sub) == MapKind::MatchedParameters)
                return makeString(eval, values->empty() ? std::string() : values->front());
            ValueList items;
            for (std::string& v : *values)
                items.push_back(Value::string(std::move(v)));
            return makeList(eval, std::move(items));
        }
        case Ty::RegexGroups:
            return regexGroup(target, index);
        case Ty::Variables: {
            const std::string& key = expectString(index, "key");
            auto v = eval.context.variable(key);
            if (!v)
                raise("KeyNotFoundException",
                      "The given key '" + key + "' was not present in the dictionary.");
            return *v;
        }
        default:
            raise("InvalidOperationException",
                  std::string("Cannot apply indexing to a value of type ") + tyName(target.type()) +
                      ".");
        }
    }

    void assignIndex(Eval& eval, const Value& target, const Value& index, const Value& value) {
        if (target.type() == Ty::List) {
            const auto i = expectInt(index, "index");
            if (i < 0 || std::size_t(i) >= target.asList()->size())
                raise("IndexOutOfRangeException", "Index was outside the bounds of the array.");
            (*target.asList())[std::size_t(i)] = value;
            return;
        }
        if (target.type() != Ty::Json || target.asJson()->property)
            raise("InvalidOperationException",
                  std::string("Cannot assign through an indexer on ") +
                      (target.isNull() ? "null" : tyName(target.type())) + ".");
        JsonBox& box = *target.asJson();
        json v = toJson(eval, value); // before the release: the value may be a view of the place
        chargeJson(eval, v);
        json& j = box.value();
        if (j.is_object()) {
            const std::string& key = expectString(index, "propertyName");
            releaseMember(box, key);
            j[key] = std::move(v);
        } else if (j.is_array()) {
            const auto i = expectInt(index, "index");
            if (i < 0 || std::size_t(i) >= j.size())
                raise("ArgumentOutOfRangeException",
                      "Index was out of range. Must be non-negative and less than the size of the "
                      "collection. (Parameter 'index')");
            releaseElement(box, std::size_t(i));
            j[std::size_t(i)] = std::move(v);
        } else {
            raise("InvalidOperationException",
                  "Cannot set child value on Newtonsoft.Json.Linq.JValue.");
        }
    }

    bool isIndexable(Ty ty) {
        return ty == Ty::String || ty == Ty::List || ty == Ty::Json || ty == Ty::StringMap ||
               ty == Ty::Variables || ty == Ty::RegexGroups || ty == Ty::Unknown;
    }

    // Shared with mapLookup for claims maps.
    namespace {

    std::vector<std::string> claimTexts(const json& claim) {
        std::vector<std::string> out;
        auto text = [](const json& j) {
            return j.is_string() ? j.get<std::string>() : text::jsonText(j);
        };
        if (claim.is_array())
            for (const json& item : claim)
                out.push_back(text(item));
        else
            out.push_back(text(claim));
        return out;
    }

    } // namespace

    std::optional<std::vector<std::string>> claimValues(const void* raw, const std::string& key) {
        const json& object = *static_cast<const json*>(raw);
        const auto it = object.find(key);
        if (it == object.end())
            return std::nullopt;
        return claimTexts(*it);
    }

    std::vector<std::pair<std::string, std::vector<std::string>>> claimEntries(const void* raw) {
        std::vector<std::pair<std::string, std::vector<std::string>>> out;
        for (const auto& [name, claim] : static_cast<const json*>(raw)->items())
            out.emplace_back(name, claimTexts(claim));
        return out;
    }

    } // namespace portico::policy::expr

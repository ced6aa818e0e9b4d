#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace portico::policy::expr {

// Runtime types of expression values. The first group are .NET value and reference types; the
// second the APIM context model; Unknown only appears in the binder ("not known until run").
enum class Ty : std::uint8_t {
    Null,
    Bool,
    Int, // int and long share a 64-bit representation
    Double,
    Char, // one byte of UTF-8 text
    String,
    DateTime,       // UTC ticks (100 ns) since 0001-01-01
    DateTimeOffset, // UTC ticks; the offset is always +00:00 (the gateway's clock is UTC)
    TimeSpan,       // ticks
    Guid,           // canonical lowercase text
    Bytes,          // byte[]
    Json,           // JToken, JObject, JArray, JValue, JProperty
    List,           // arrays, List<T>, IEnumerable<T>
    Lambda,
    Context,
    Request,
    Response,
    Url,
    StringMap, // headers, query, matched parameters, JWT claims
    Body,
    Variables,
    Subscription,
    Product,
    Api,
    Operation,
    User,
    Group,
    LastError,
    Deployment,
    Jwt,
    Basic,
    Uri,
    RegexMatch,  // a Match or one of its Groups
    RegexGroups, // Match.Groups
    Random,
    Encoding,
    Certificate,
    HashAlgorithm, // HMACSHA256, SHA256, MD5, ...: one class with the algorithm inside
    Exception,     // what a catch clause binds
    KeyValue,      // KeyValuePair<string, string[]>: an entry of an enumerated dictionary
    StringBuilder,
    DayOfWeek, // 0 (Sunday) to 6 (Saturday); prints its name
    Unknown,
};

const char* tyName(Ty ty);

struct JsonBox; // the JSON library lives only in the implementation files
class Value;
using ValueList = std::vector<Value>;

// Reference to a host object: `raw` points into the context (valid during one evaluation) or
// into `owned`; `sub` distinguishes variants of the same type (request or response headers).
struct ObjectRef {
    const void* raw = nullptr;
    std::shared_ptr<const void> owned;
    int sub = 0;
};

class Value {
public:
    Value() = default;

    static Value null() { return {}; }
    static Value boolean(bool b) { return Value(Ty::Bool, b); }
    static Value integer(std::int64_t i) { return Value(Ty::Int, i); }
    static Value real(double d) { return Value(Ty::Double, d); }
    static Value character(unsigned char c) { return Value(Ty::Char, std::int64_t(c)); }
    static Value string(std::string s) { return Value(Ty::String, std::move(s)); }
    static Value dateTime(std::int64_t ticks) { return Value(Ty::DateTime, ticks); }
    static Value dateTimeOffset(std::int64_t ticks) { return Value(Ty::DateTimeOffset, ticks); }
    static Value timeSpan(std::int64_t ticks) { return Value(Ty::TimeSpan, ticks); }
    static Value dayOfWeek(std::int64_t day) { return Value(Ty::DayOfWeek, day); }
    static Value guid(std::string text) { return Value(Ty::Guid, std::move(text)); }
    static Value bytes(std::string data) { return Value(Ty::Bytes, std::move(data)); }
    static Value json(std::shared_ptr<JsonBox> box) { return Value(Ty::Json, std::move(box)); }
    static Value list(std::shared_ptr<ValueList> items) {
        return Value(Ty::List, std::move(items));
    }
    static Value object(Ty ty, ObjectRef ref) { return Value(ty, std::move(ref)); }

    Ty type() const { return m_ty; }
    bool isNull() const { return m_ty == Ty::Null; }

    bool asBool() const { return std::get<bool>(m_data); }
    std::int64_t asInt() const { return std::get<std::int64_t>(m_data); }
    double asDouble() const { return std::get<double>(m_data); }
    const std::string& asString() const { return std::get<std::string>(m_data); }
    const std::shared_ptr<JsonBox>& asJson() const {
        return std::get<std::shared_ptr<JsonBox>>(m_data);
    }
    const std::shared_ptr<ValueList>& asList() const {
        return std::get<std::shared_ptr<ValueList>>(m_data);
    }
    const ObjectRef& asObject() const { return std::get<ObjectRef>(m_data); }

private:
    template <typename T>
    Value(Ty ty, T data)
        : m_ty(ty)
        , m_data(std::move(data)) {}

    Ty m_ty = Ty::Null;
    std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<JsonBox>,
                 std::shared_ptr<ValueList>, ObjectRef>
        m_data;
};

// DateTime and DateTimeOffset: both are UTC ticks, and one converts to the other implicitly.
inline bool isInstant(const Value& v) {
    return v.type() == Ty::DateTime || v.type() == Ty::DateTimeOffset;
}

// A JSON value from text (JToken.Parse); nullopt when the text is not JSON.
std::optional<Value> parseJsonValue(std::string_view text);

// The Jwt object AsJwt() gives for a token's text; nullopt when it is not a three-part JWS with
// JSON object header and payload. validate-jwt's output-token-variable-name uses it.
std::optional<Value> parseJwtValue(std::string_view token);

// What .NET's ToString() gives for the value (en-US culture, as APIM runs), e.g. "True".
std::string toDisplayString(const Value& value);

} // namespace portico::policy::expr

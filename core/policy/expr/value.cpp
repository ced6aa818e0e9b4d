#include "core/policy/expr/value.h"

#include "core/policy/expr/date_time.h"
#include "core/policy/expr/exceptions.h"
#include "core/policy/expr/json_box.h"
#include "core/policy/expr/runtime.h"
#include "core/text/json_text.h"

#include <charconv>
#include <cmath>

namespace portico::policy::expr {

const char* tyName(Ty ty) {
    switch (ty) {
    case Ty::Null:
        return "null";
    case Ty::Bool:
        return "bool";
    case Ty::Int:
        return "int";
    case Ty::Double:
        return "double";
    case Ty::Char:
        return "char";
    case Ty::String:
        return "string";
    case Ty::DateTime:
        return "DateTime";
    case Ty::DateTimeOffset:
        return "DateTimeOffset";
    case Ty::TimeSpan:
        return "TimeSpan";
    case Ty::Guid:
        return "Guid";
    case Ty::Bytes:
        return "byte[]";
    case Ty::Json:
        return "JToken";
    case Ty::List:
        return "IEnumerable";
    case Ty::Lambda:
        return "lambda";
    case Ty::Context:
        return "IProxyRequestContext";
    case Ty::Request:
        return "IRequest";
    case Ty::Response:
        return "IResponse";
    case Ty::Url:
        return "IUrl";
    case Ty::StringMap:
        return "IReadOnlyDictionary";
    case Ty::Body:
        return "IMessageBody";
    case Ty::Variables:
        return "IReadOnlyDictionary<string, object>";
    case Ty::Subscription:
        return "ISubscription";
    case Ty::Product:
        return "IProduct";
    case Ty::Api:
        return "IApi";
    case Ty::Operation:
        return "IOperation";
    case Ty::User:
        return "IUser";
    case Ty::Group:
        return "IGroup";
    case Ty::LastError:
        return "ILastError";
    case Ty::Deployment:
        return "IDeployment";
    case Ty::Jwt:
        return "Jwt";
    case Ty::Basic:
        return "BasicAuthCredentials";
    case Ty::Uri:
        return "Uri";
    case Ty::RegexMatch:
        return "Match";
    case Ty::RegexGroups:
        return "GroupCollection";
    case Ty::Random:
        return "Random";
    case Ty::Encoding:
        return "Encoding";
    case Ty::Certificate:
        return "X509Certificate2";
    case Ty::HashAlgorithm:
        return "HashAlgorithm";
    case Ty::Exception:
        return "Exception";
    case Ty::KeyValue:
        return "KeyValuePair";
    case Ty::StringBuilder:
        return "StringBuilder";
    case Ty::DayOfWeek:
        return "DayOfWeek";
    case Ty::Unknown:
        return "object";
    }
    return "object";
}

std::optional<Value> parseJsonValue(std::string_view text) {
    Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded())
        return std::nullopt;
    return makeJson(std::move(j));
}

namespace {

std::string formatDouble(double d) {
    if (std::isnan(d))
        return "NaN";
    if (std::isinf(d))
        return d > 0 ? "∞" : "-∞";
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, d);
    std::string s(buffer, r.ptr);
    const auto e = s.find('e');
    if (e != std::string::npos) {
        // .NET writes 1E+20 and 1E-07
        std::string mantissa = s.substr(0, e);
        std::string exponent = s.substr(e + 1);
        const char sign = exponent[0] == '-' ? '-' : '+';
        if (exponent[0] == '-' || exponent[0] == '+')
            exponent.erase(0, 1);
        while (exponent.size() < 2)
            exponent.insert(exponent.begin(), '0');
        s = mantissa + 'E' + sign + exponent;
    }
    return s;
}

std::string jsonScalarText(const Json& j) {
    switch (j.type()) {
    case Json::value_t::null:
        return "";
    case Json::value_t::string:
        return j.get<std::string>();
    case Json::value_t::boolean:
        return j.get<bool>() ? "True" : "False";
    case Json::value_t::number_float:
        return formatDouble(j.get<double>());
    default:
        return text::jsonText(j);
    }
}

} // namespace

std::string jsonToString(const JsonBox& box, bool indented) {
    if (box.property) {
        return '"' + box.propertyName + "\": " + text::jsonText(box.value(), indented ? 2 : -1);
    }
    if (box.value().is_object() || box.value().is_array())
        return text::jsonText(box.value(), indented ? 2 : -1);
    return jsonScalarText(box.value());
}

Value makeUrl(Eval& eval, UrlInfo url) {
    std::size_t size = sizeof(UrlInfo) + url.scheme.size() + url.host.size() + url.path.size();
    for (const auto& [name, value] : url.query)
        size += name.size() + value.size() + 64;
    eval.charge(size);
    auto owned = std::make_shared<UrlInfo>(std::move(url));
    const void* raw = owned.get();
    return Value::object(Ty::Url, {raw, std::move(owned)});
}

const UrlInfo& urlInfoOf(const Value& url) {
    return *static_cast<const UrlInfo*>(url.asObject().raw);
}

std::string urlText(const UrlInfo& url) {
    const bool defaultPort =
        (url.scheme == "https" && url.port == 443) || (url.scheme == "http" && url.port == 80);
    std::string out = url.scheme + "://" + url.host +
                      (defaultPort ? "" : ":" + std::to_string(url.port)) + url.path;
    for (std::size_t i = 0; i < url.query.size(); ++i)
        out += (i ? "&" : "?") + url.query[i].first + "=" + url.query[i].second;
    return out;
}

std::string toDisplayString(const Value& v) {
    switch (v.type()) {
    case Ty::Null:
        return "";
    case Ty::Bool:
        return v.asBool() ? "True" : "False";
    case Ty::Int:
        return std::to_string(v.asInt());
    case Ty::Double:
        return formatDouble(v.asDouble());
    case Ty::Char:
        return std::string(1, static_cast<char>(v.asInt()));
    case Ty::String:
    case Ty::Guid:
        return v.asString();
    case Ty::DateTime:
        return formatDateTime(v.asInt(), "");
    case Ty::DateTimeOffset:
        return formatDateTime(v.asInt(), "", true);
    case Ty::TimeSpan:
        return formatTimeSpan(v.asInt());
    case Ty::Bytes:
        return "System.Byte[]";
    case Ty::Json:
        return jsonToString(*v.asJson(), true);
    case Ty::List:
        return "System.Collections.Generic.List`1[System.Object]";
    case Ty::Url: // IUrl converts to its text, in concatenation and interpolation too
        return urlText(urlInfoOf(v));
    case Ty::Exception:
        return exceptionText(v);
    case Ty::KeyValue:
        return keyValueText(v);
    case Ty::StringBuilder:
        return stringBuilderText(v);
    case Ty::DayOfWeek: {
        static constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                "Thursday", "Friday", "Saturday"};
        return kDays[v.asInt()];
    }
    default:
        return tyName(v.type());
    }
}

void raise(std::string type, std::string message) {
    throw Raise{std::move(type), std::move(message), {}, false, false};
}

void Eval::budgetExceeded(const std::string& what) {
    Raise r{"BudgetExceeded",
            "The expression exceeded its " + what + " and was stopped.",
            {},
            false,
            true};
    throw r;
}

Value invokeLambda(Eval& eval, const Value& lambda, const std::vector<Value>& arguments) {
    if (lambda.type() != Ty::Lambda)
        raise("ArgumentException", "A lambda expression was expected.");
    const auto* bound = static_cast<const BoundLambda*>(lambda.asObject().raw);
    if (bound->parameterSlots.size() != arguments.size())
        raise("ArgumentException",
              "The lambda takes " + std::to_string(bound->parameterSlots.size()) +
                  " parameter(s), " + std::to_string(arguments.size()) + " given.");
    eval.step();
    for (std::size_t i = 0; i < arguments.size(); ++i)
        eval.slots[static_cast<std::size_t>(bound->parameterSlots[i])] = arguments[i];
    return bound->body(eval);
}

const std::string& expectString(const Value& v, const char* what) {
    if (v.type() != Ty::String)
        raise("ArgumentException", std::string(what) + " must be a string, not " +
                                       (v.isNull() ? "null" : tyName(v.type())) + ".");
    return v.asString();
}

std::int64_t expectInt(const Value& v, const char* what) {
    if (v.type() == Ty::Int || v.type() == Ty::Char)
        return v.asInt();
    if (v.type() == Ty::Json && v.asJson()->value().is_number_integer())
        return v.asJson()->value().get<std::int64_t>();
    raise("ArgumentException",
          std::string(what) + " must be an integer, not " + tyName(v.type()) + ".");
}

bool rangeFits(std::int64_t start, std::int64_t length, std::size_t size) {
    return start >= 0 && length >= 0 && std::uint64_t(start) <= size &&
           std::uint64_t(length) <= size - std::uint64_t(start);
}

double expectNumber(const Value& v, const char* what) {
    if (v.type() == Ty::Double)
        return v.asDouble();
    if (v.type() == Ty::Json && v.asJson()->value().is_number())
        return v.asJson()->value().get<double>();
    return static_cast<double>(expectInt(v, what));
}

bool expectBool(const Value& v, const char* what) {
    if (v.type() == Ty::Bool)
        return v.asBool();
    if (v.type() == Ty::Json && v.asJson()->value().is_boolean())
        return v.asJson()->value().get<bool>();
    raise("InvalidCastException", std::string(what) + " must be a bool, not " +
                                      (v.isNull() ? "null" : tyName(v.type())) + ".");
}

Value makeString(Eval& eval, std::string text) {
    eval.charge(text.size() + 32);
    return Value::string(std::move(text));
}

Value makeList(Eval& eval, ValueList items) {
    eval.charge(items.size() * sizeof(Value) + 32);
    return Value::list(std::make_shared<ValueList>(std::move(items)));
}

std::vector<Value> enumerate(Eval& eval, const Value& v) {
    std::vector<Value> out;
    switch (v.type()) {
    case Ty::List:
        return *v.asList();
    case Ty::String:
        eval.charge(v.asString().size() * sizeof(Value));
        for (char c : v.asString())
            out.push_back(Value::character(static_cast<unsigned char>(c)));
        return out;
    case Ty::Bytes:
        eval.charge(v.asString().size() * sizeof(Value));
        for (char c : v.asString())
            out.push_back(Value::integer(static_cast<unsigned char>(c)));
        return out;
    case Ty::Json: {
        const Json& j = v.asJson()->value();
        if (j.is_array()) {
            eval.charge(j.size() * sizeof(Value));
            for (std::size_t i = 0; i < j.size(); ++i)
                out.push_back(jsonElement(v.asJson(), i)); // items change in place, as in .NET
            return out;
        }
        if (j.is_object()) {
            eval.charge(j.size() * sizeof(Value));
            for (const auto& [key, item] : j.items()) {
                auto box = std::make_shared<JsonBox>();
                box->stored = item;
                box->propertyName = key;
                box->property = true;
                box->parent = v.asJson(); // for JProperty.Remove() and Value
                out.push_back(Value::json(std::move(box)));
            }
            return out;
        }
        break;
    }
    case Ty::StringMap:
        return mapEntries(eval, v);
    case Ty::Null:
        raise("ArgumentNullException", "Value cannot be null. (Parameter 'source')");
    default:
        break;
    }
    raise("InvalidOperationException",
          std::string("A value of type ") + tyName(v.type()) + " cannot be enumerated.");
}

namespace {

bool isNumeric(const Value& v) {
    return v.type() == Ty::Int || v.type() == Ty::Double || v.type() == Ty::Char;
}

// JValue compared with a primitive compares the underlying value.
Value unwrapScalar(const Value& v) {
    if (v.type() != Ty::Json || v.asJson()->property)
        return v;
    const Json& j = v.asJson()->value();
    switch (j.type()) {
    case Json::value_t::null:
        return Value::null();
    case Json::value_t::string:
        return Value::string(j.get<std::string>());
    case Json::value_t::boolean:
        return Value::boolean(j.get<bool>());
    case Json::value_t::number_float:
        return Value::real(j.get<double>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
        return Value::integer(j.get<std::int64_t>());
    default:
        return v;
    }
}

} // namespace

bool valuesEqual(const Value& left, const Value& right) {
    const Value a = unwrapScalar(left);
    const Value b = unwrapScalar(right);
    if (a.isNull() || b.isNull())
        return a.isNull() && b.isNull();
    if (isNumeric(a) && isNumeric(b)) {
        if (a.type() == Ty::Double || b.type() == Ty::Double)
            return expectNumber(a, "") == expectNumber(b, "");
        return a.asInt() == b.asInt();
    }
    if (isInstant(a) && isInstant(b)) // DateTime converts to DateTimeOffset implicitly
        return a.asInt() == b.asInt();
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case Ty::Bool:
        return a.asBool() == b.asBool();
    case Ty::TimeSpan:
    case Ty::DayOfWeek:
        return a.asInt() == b.asInt();
    case Ty::String:
    case Ty::Guid:
    case Ty::Bytes:
        return a.asString() == b.asString();
    case Ty::Json:
        return a.asJson() == b.asJson() || a.asJson()->value() == b.asJson()->value();
    case Ty::List:
        return a.asList() == b.asList();
    case Ty::Url: // each read of context.Request.Url is its own copy of the same URL
        return urlText(urlInfoOf(a)) == urlText(urlInfoOf(b));
    default:
        return a.asObject().raw == b.asObject().raw && a.asObject().sub == b.asObject().sub &&
               a.asObject().owned == b.asObject().owned;
    }
}

int compareValues(const Value& left, const Value& right) {
    const Value a = unwrapScalar(left);
    const Value b = unwrapScalar(right);
    if (a.isNull() || b.isNull())
        return a.isNull() ? (b.isNull() ? 0 : -1) : 1;
    if (isNumeric(a) && isNumeric(b)) {
        if (a.type() == Ty::Double || b.type() == Ty::Double) {
            const double x = expectNumber(a, ""), y = expectNumber(b, "");
            return x < y ? -1 : x > y ? 1 : 0;
        }
        return a.asInt() < b.asInt() ? -1 : a.asInt() > b.asInt() ? 1 : 0;
    }
    if (isInstant(a) && isInstant(b))
        return a.asInt() < b.asInt() ? -1 : a.asInt() > b.asInt() ? 1 : 0;
    if (a.type() == b.type()) {
        switch (a.type()) {
        case Ty::String:
        case Ty::Guid:
            return a.asString().compare(b.asString()) < 0   ? -1
                   : a.asString().compare(b.asString()) > 0 ? 1
                                                            : 0;
        case Ty::TimeSpan:
        case Ty::DayOfWeek:
            return a.asInt() < b.asInt() ? -1 : a.asInt() > b.asInt() ? 1 : 0;
        case Ty::Bool:
            return int(a.asBool()) - int(b.asBool());
        default:
            break;
        }
    }
    raise("InvalidOperationException", std::string("Values of type ") + tyName(a.type()) + " and " +
                                           tyName(b.type()) + " cannot be compared.");
}

bool isOfTarget(const Value& v, Target target) {
    switch (target) {
    case Target::None:
        return false;
    case Target::Object:
        return !v.isNull();
    case Target::String:
        return v.type() == Ty::String;
    case Target::Int:
        return v.type() == Ty::Int;
    case Target::Double:
        return v.type() == Ty::Double;
    case Target::Bool:
        return v.type() == Ty::Bool;
    case Target::Char:
        return v.type() == Ty::Char;
    case Target::DateTime:
        return v.type() == Ty::DateTime;
    case Target::DateTimeOffset:
        return v.type() == Ty::DateTimeOffset;
    case Target::TimeSpan:
        return v.type() == Ty::TimeSpan;
    case Target::Guid:
        return v.type() == Ty::Guid;
    case Target::Bytes:
        return v.type() == Ty::Bytes;
    case Target::Jwt:
        return v.type() == Ty::Jwt;
    case Target::Response:
        return v.type() == Ty::Response;
    case Target::Random:
        return v.type() == Ty::Random;
    case Target::HashAlgorithm:
        return v.type() == Ty::HashAlgorithm;
    case Target::StringBuilder:
        return v.type() == Ty::StringBuilder;
    case Target::StringArray:
        return v.type() == Ty::List;
    case Target::JToken:
        return v.type() == Ty::Json;
    case Target::JObject:
        return v.type() == Ty::Json && v.asJson()->value().is_object() && !v.asJson()->property;
    case Target::JArray:
        return v.type() == Ty::Json && v.asJson()->value().is_array() && !v.asJson()->property;
    }
    return false;
}

namespace {

const char* targetName(Target t) {
    switch (t) {
    case Target::String:
        return "System.String";
    case Target::Int:
        return "System.Int32";
    case Target::Double:
        return "System.Double";
    case Target::Bool:
        return "System.Boolean";
    case Target::Char:
        return "System.Char";
    case Target::DateTime:
        return "System.DateTime";
    case Target::DateTimeOffset:
        return "System.DateTimeOffset";
    case Target::TimeSpan:
        return "System.TimeSpan";
    case Target::Guid:
        return "System.Guid";
    case Target::JToken:
        return "Newtonsoft.Json.Linq.JToken";
    case Target::JObject:
        return "Newtonsoft.Json.Linq.JObject";
    case Target::JArray:
        return "Newtonsoft.Json.Linq.JArray";
    case Target::StringArray:
        return "System.String[]";
    case Target::Bytes:
        return "System.Byte[]";
    case Target::Jwt:
        return "Jwt";
    case Target::Response:
        return "IResponse";
    case Target::Random:
        return "System.Random";
    case Target::HashAlgorithm:
        return "System.Security.Cryptography.HashAlgorithm";
    case Target::StringBuilder:
        return "System.Text.StringBuilder";
    default:
        return "System.Object";
    }
}

[[noreturn]] void invalidCast(const Value& v, Target target) {
    raise("InvalidCastException", std::string("Unable to cast object of type '") +
                                      tyName(v.type()) + "' to type '" + targetName(target) + "'.");
}

} // namespace

Value convertTo(Eval& eval, const Value& value, Target target, bool strict) {
    if (value.isNull() || target == Target::Object || isOfTarget(value, target))
        return value;
    if (!strict)
        return Value::null();
    // Explicit conversions: JValue to primitives, numeric narrowing, JToken from primitives.
    const Value scalar = unwrapScalar(value);
    switch (target) {
    case Target::String:
        if (value.type() == Ty::Json && !value.asJson()->value().is_structured())
            return makeString(eval, toDisplayString(value));
        break;
    case Target::Int:
        if (scalar.type() == Ty::Int || scalar.type() == Ty::Char || scalar.type() == Ty::DayOfWeek)
            return Value::integer(scalar.asInt());
        if (scalar.type() == Ty::Double)
            return Value::integer(static_cast<std::int64_t>(scalar.asDouble()));
        if (value.type() == Ty::Json && scalar.type() == Ty::String) {
            std::int64_t n = 0;
            const std::string& s = scalar.asString();
            const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
            if (r.ec == std::errc() && r.ptr == s.data() + s.size())
                return Value::integer(n);
            raise("FormatException", "Input string was not in a correct format.");
        }
        break;
    case Target::Double:
        if (scalar.type() == Ty::Int || scalar.type() == Ty::Double)
            return Value::real(expectNumber(scalar, ""));
        break;
    case Target::Bool:
        if (scalar.type() == Ty::Bool)
            return scalar;
        break;
    case Target::Char:
        if (scalar.type() == Ty::Int)
            return Value::character(static_cast<unsigned char>(scalar.asInt()));
        break;
    case Target::DateTime:
        if (value.type() == Ty::Json && scalar.type() == Ty::String) {
            if (auto t = parseDateTime(scalar.asString()))
                return Value::dateTime(*t);
        }
        break;
    case Target::DateTimeOffset:
        if (value.type() == Ty::DateTime) // (DateTimeOffset)dateTime: a UTC DateTime, offset 0
            return Value::dateTimeOffset(value.asInt());
        break;
    case Target::JToken:
        switch (value.type()) {
        case Ty::String:
            return makeJson(value.asString());
        case Ty::Int:
            return makeJson(value.asInt());
        case Ty::Double:
            return makeJson(value.asDouble());
        case Ty::Bool:
            return makeJson(value.asBool());
        default:
            break;
        }
        break;
    default:
        break;
    }
    invalidCast(value, target);
}

} // namespace portico::policy::expr

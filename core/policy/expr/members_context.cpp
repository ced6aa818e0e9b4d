// The APIM `context` model, dictionaries, type names and the assembled allow-list.
#include "core/policy/expr/date_time.h"
#include "core/policy/expr/exceptions.h"
#include "core/policy/expr/http_response.h"
#include "core/policy/expr/json_box.h"
#include "core/policy/expr/members.h"
#include "core/text/ascii.h"

#include <array>
#include <cctype>

namespace portico::policy::expr {

#define FN PORTICO_EXPR_FN

std::optional<std::vector<std::string>> claimValues(const void* raw, const std::string& key);

namespace {

template <typename T> const T& as(const Value& v) {
    return *static_cast<const T*>(v.asObject().raw);
}

template <typename T> Value entity(Ty ty, const T* info) {
    if (!info)
        return Value::null();
    return Value::object(ty, {info, nullptr, 0});
}

Value optionalTime(const std::optional<std::int64_t>& ticks) {
    return ticks ? Value::dateTime(*ticks) : Value::null();
}

MessageKind messageOf(const Value& v) {
    return MessageKind(v.asObject().sub);
}

const HttpResponseData* ownedResponse(const Value& response) {
    return static_cast<const HttpResponseData*>(response.asObject().raw);
}

// An API's service URL as an IUrl; null when the API has none or it is not an absolute URL.
Value serviceUrl(Eval& eval, const std::string& text) {
    const std::size_t schemeEnd = text.find("://");
    if (schemeEnd == std::string::npos || schemeEnd == 0)
        return Value::null();
    UrlInfo url;
    url.scheme = text.substr(0, schemeEnd);
    for (char& c : url.scheme)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    const std::size_t hostStart = schemeEnd + 3;
    const std::size_t pathStart = std::min(text.find_first_of("/?#", hostStart), text.size());
    std::string authority = text.substr(hostStart, pathStart - hostStart);
    url.port = url.scheme == "http" ? 80 : 443;
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
        const std::string port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
            return Value::null();
        url.port = std::stoi(port);
        authority.resize(colon);
    }
    url.host = authority;
    const std::size_t fragment = std::min(text.find('#', pathStart), text.size());
    const std::size_t queryStart = std::min(text.find('?', pathStart), fragment);
    url.path = text.substr(pathStart, queryStart - pathStart);
    if (queryStart < fragment) {
        FormFields query = parseFormFields(
            std::string_view(text).substr(queryStart + 1, fragment - queryStart - 1));
        url.query = std::move(query.fields);
    }
    return makeUrl(eval, std::move(url));
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? "," : "") + values[i];
    return out;
}

Value getValueOrDefault(Eval& eval, const Value& map, Args& args) {
    const std::string& key = expectString(args[0], "key");
    auto values = mapLookup(eval, map, key);
    if (!values)
        return args.size() > 1 ? args[1] : Value::null();
    return makeString(eval, joined(*values));
}

} // namespace

Value makeMap(MapKind kind, const void* raw, std::shared_ptr<const void> owned) {
    return Value::object(Ty::StringMap, {raw, std::move(owned), int(kind)});
}

namespace {

// The values of every pair named exactly `key` (a URL's query, a form's fields); nullopt for none.
std::optional<std::vector<std::string>>
valuesNamed(const std::vector<std::pair<std::string, std::string>>& pairs, const std::string& key) {
    std::vector<std::string> values;
    for (const auto& [name, value] : pairs)
        if (name == key)
            values.push_back(value);
    if (values.empty())
        return std::nullopt;
    return values;
}

} // namespace

std::optional<std::vector<std::string>> mapLookup(Eval& eval, const Value& map,
                                                  const std::string& key) {
    const MapKind kind = MapKind(map.asObject().sub);
    switch (kind) {
    case MapKind::RequestHeaders:
    case MapKind::ResponseHeaders: {
        auto values = eval.context.headerValues(
            kind == MapKind::RequestHeaders ? MessageKind::Request : MessageKind::Response, key);
        if (values.empty())
            return std::nullopt;
        return values;
    }
    case MapKind::MatchedParameters: {
        auto value = eval.context.matchedParameter(key);
        if (!value)
            return std::nullopt;
        return std::vector<std::string>{std::move(*value)};
    }
    case MapKind::Claims:
        return claimValues(map.asObject().raw, key);
    case MapKind::UrlQuery:
        return valuesNamed(static_cast<const UrlInfo*>(map.asObject().raw)->query, key);
    case MapKind::Form:
        return valuesNamed(static_cast<const FormFields*>(map.asObject().raw)->fields, key);
    case MapKind::OwnedHeaders: {
        const auto* response = static_cast<const HttpResponseData*>(map.asObject().raw);
        std::vector<std::string> values;
        for (const auto& [name, value] : response->headers) {
            if (text::equalsIgnoringAsciiCase(name, key))
                values.push_back(value);
        }
        if (values.empty())
            return std::nullopt;
        return values;
    }
    }
    return std::nullopt;
}

void addContextMembers(std::vector<MemberDef>& t) {
    t.push_back({Ty::Context, {}, "Request", false, 0, 0, FN { return Value::object(Ty::Request, {});
}
, Ty::Request
} // namespace portico::policy::expr
);
    t.push_back({Ty::Context, {}, "Response", false, 0, 0, FN { return Value::object(Ty::Response, {});
    }
    , Ty::Response
    });
    t.push_back({Ty::Context, {}, "Variables", false, 0, 0, FN { return Value::object(Ty::Variables, {});
    }
    , Ty::Variables
    });
    t.push_back({Ty::Context, {}, "Subscription", false, 0, 0, FN { return entity(Ty::Subscription, eval.context.subscription());
    }
    , Ty::Subscription
    });
    t.push_back({Ty::Context, {}, "Product", false, 0, 0, FN { return entity(Ty::Product, eval.context.product());
    }
    , Ty::Product
    });
    t.push_back({Ty::Context, {}, "Api", false, 0, 0, FN { return entity(Ty::Api, eval.context.api());
    }
    , Ty::Api
    });
    t.push_back({Ty::Context, {}, "Operation", false, 0, 0, FN { return entity(Ty::Operation, eval.context.operation());
    }
    , Ty::Operation
    });
    t.push_back({Ty::Context, {}, "User", false, 0, 0, FN { return entity(Ty::User, eval.context.user());
    }
    , Ty::User
    });
    t.push_back({Ty::Context, {}, "LastError", false, 0, 0, FN { return entity(Ty::LastError, eval.context.lastError());
    }
    , Ty::LastError
    });
    t.push_back({Ty::Context, {}, "Deployment", false, 0, 0, FN { return entity(Ty::Deployment, &eval.context.deployment());
    }
    , Ty::Deployment
    });
    t.push_back({Ty::Context, {}, "RequestId", false, 0, 0, FN { return Value::guid(eval.context.requestId());
    }
    , Ty::Guid
    });
    t.push_back({Ty::Context, {}, "Timestamp", false, 0, 0, FN { return Value::dateTime(eval.context.timestampTicks());
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Context, {}, "Elapsed", false, 0, 0, FN { return Value::timeSpan(eval.context.elapsedTicks());
    }
    , Ty::TimeSpan
    });
    t.push_back({Ty::Context, {}, "Trace", true, 1, 2, FN {
        const std::string message = toDisplayString(args.back());
        const std::string source = args.size() == 2 ? toDisplayString(args[0]) : "expression";
        eval.charge(message.size());
        eval.context.trace(source, message);
        return Value::null();
    }
    , Ty::Null
    });

    // Request and Response
    t.push_back({Ty::Request, {}, "Method", false, 0, 0, FN { return makeString(eval, eval.context.method());
    }
    , Ty::String
    });
    t.push_back({Ty::Request, {}, "Url", false, 0, 0, FN { return makeUrl(eval, eval.context.url(false));
    }
    , Ty::Url
    });
    t.push_back({Ty::Request, {}, "OriginalUrl", false, 0, 0, FN { return makeUrl(eval, eval.context.url(true));
    }
    , Ty::Url
    });
    t.push_back({Ty::Request, {}, "Headers", false, 0, 0, FN { return makeMap(MapKind::RequestHeaders);
    }
    , Ty::StringMap
    });
    t.push_back({Ty::Request, {}, "IpAddress", false, 0, 0, FN { return makeString(eval, eval.context.ipAddress());
    }
    , Ty::String
    });
    t.push_back({Ty::Request, {}, "Certificate", false, 0, 0, FN { return entity(Ty::Certificate, eval.context.certificate());
    }
    , Ty::Certificate
    });
    t.push_back({Ty::Request, {}, "Body", false, 0, 0, FN { return Value::object(Ty::Body, {nullptr, nullptr, int(MessageKind::Request)});
    }
    , Ty::Body
    });
    t.push_back({Ty::Request, {}, "MatchedParameters", false, 0, 0, FN { return makeMap(MapKind::MatchedParameters);
    }
    , Ty::StringMap
    });
    // context.Response has no ObjectRef::raw; a send-request response keeps its data there.
    t.push_back({Ty::Response, {}, "StatusCode", false, 0, 0, FN {
        if (const auto* r = ownedResponse(self))
            return Value::integer(r->statusCode);
        return Value::integer(eval.context.statusCode());
    }
    , Ty::Int
    });
    t.push_back({Ty::Response, {}, "StatusReason", false, 0, 0, FN {
        if (const auto* r = ownedResponse(self))
            return makeString(eval, r->statusReason);
        return makeString(eval, eval.context.statusReason());
    }
    , Ty::String
    });
    t.push_back({Ty::Response, {}, "Headers", false, 0, 0, FN {
        if (ownedResponse(self))
            return makeMap(MapKind::OwnedHeaders, self.asObject().raw, self.asObject().owned);
        return makeMap(MapKind::ResponseHeaders);
    }
    , Ty::StringMap
    });
    t.push_back({Ty::Response, {}, "Body", false, 0, 0, FN {
        return Value::object(Ty::Body, {self.asObject().raw, self.asObject().owned, int(MessageKind::Response)});
    }
    , Ty::Body
    });
    // The fields of a form post: field name -> its values, as APIM's IDictionary<string,
    // IList<string>>.
    t.push_back({Ty::Body, {}, "AsFormUrlEncodedContent", true, 0, 1, FN {
        const bool preserve = !args.empty() && expectBool(args[0], "preserveContent");
        const auto* owned = static_cast<const HttpResponseData*>(self.asObject().raw);
        const std::string text = owned ? owned->body : eval.context.body(messageOf(self), preserve);
        eval.charge(text.size() * 2 + sizeof(FormFields));
        auto form = std::make_shared<FormFields>(parseFormFields(text));
        const void* raw = form.get();
        return makeMap(MapKind::Form, raw, std::move(form));
    }
    , Ty::StringMap
    });
    t.push_back({Ty::Body, {}, "As", true, 0, 1, FN {
        const bool preserve = !args.empty() && expectBool(args[0], "preserveContent");
        const auto* owned = static_cast<const HttpResponseData*>(self.asObject().raw);
        std::string text = owned ? owned->body : eval.context.body(messageOf(self), preserve);
        eval.charge(text.size() * (generic == Target::String ? 1 : 4));
        if (generic == Target::String)
            return Value::string(std::move(text));
        auto parsed = parseJsonValue(text);
        if (!parsed)
            raise("JsonReaderException", "Unexpected character encountered while parsing value. The body is not JSON.");
        if (generic == Target::JObject && !isOfTarget(*parsed, Target::JObject))
            raise("JsonReaderException", "Error reading JObject from JsonReader. The body is not a JSON object.");
        if (generic == Target::JArray && !isOfTarget(*parsed, Target::JArray))
            raise("JsonReaderException", "Error reading JArray from JsonReader. The body is not a JSON array.");
        return *parsed;
    }
    , Ty::Unknown, -1, true
    });

    // Url
    t.push_back({Ty::Url, {}, "Scheme", false, 0, 0, FN { return makeString(eval, urlInfoOf(self).scheme);
    }
    , Ty::String
    });
    t.push_back({Ty::Url, {}, "Host", false, 0, 0, FN { return makeString(eval, urlInfoOf(self).host);
    }
    , Ty::String
    });
    t.push_back({Ty::Url, {}, "Port", false, 0, 0, FN { return Value::integer(urlInfoOf(self).port);
    }
    , Ty::Int
    });
    t.push_back({Ty::Url, {}, "Path", false, 0, 0, FN { return makeString(eval, urlInfoOf(self).path);
    }
    , Ty::String
    });
    t.push_back({Ty::Url, {}, "Query", false, 0, 0, FN {
        return makeMap(MapKind::UrlQuery, self.asObject().raw, self.asObject().owned);
    }
    , Ty::StringMap
    });
    t.push_back({Ty::Url, {}, "QueryString", false, 0, 0, FN {
        const UrlInfo& url = urlInfoOf(self);
        std::string out;
        for (const auto& [name, value] : url.query)
            out += (out.empty() ? "?" : "&") + name + "=" + value;
        return makeString(eval, std::move(out));
    }
    , Ty::String
    });
    t.push_back({Ty::Url, {}, "ToString", true, 0, 0, FN { return makeString(eval, toDisplayString(self));
    }
    , Ty::String
    });

    // Dictionaries: headers, query, matched parameters, claims
    t.push_back({Ty::StringMap, {}, "GetValueOrDefault", true, 1, 2, FN { return getValueOrDefault(eval, self, args);
    }
    , Ty::String
    });
    t.push_back({Ty::StringMap, {}, "ContainsKey", true, 1, 1, FN { return Value::boolean(mapLookup(eval, self, expectString(args[0], "key")).has_value());
    }
    , Ty::Bool
    });
    t.push_back({Ty::StringMap, {}, "TryGetValue", true, 2, 2, FN {
        auto values = mapLookup(eval, self, expectString(args[0], "key"));
        args[1] = values ? makeString(eval, joined(*values)) : Value::null();
        return Value::boolean(values.has_value());
    }
    , Ty::Bool, 1
    });

    // Variables
    t.push_back({Ty::Variables, {}, "ContainsKey", true, 1, 1, FN { return Value::boolean(eval.context.variable(expectString(args[0], "key")).has_value());
    }
    , Ty::Bool
    });
    t.push_back({Ty::Variables, {}, "TryGetValue", true, 2, 2, FN {
        auto v = eval.context.variable(expectString(args[0], "key"));
        args[1] = v ? *v : Value::null();
        return Value::boolean(v.has_value());
    }
    , Ty::Bool, 1
    });
    t.push_back({Ty::Variables, {}, "GetValueOrDefault", true, 1, 2, FN {
        auto v = eval.context.variable(expectString(args[0], "key"));
        if (!v || v->isNull())
            return args.size() > 1 ? args[1] : Value::null();
        if (generic == Target::None)
            return *v;
        return convertTo(eval, *v, generic, true);
    }
    , Ty::Unknown, -1, true
    });

    // Entities
    t.push_back({Ty::Subscription, {}, "Id", false, 0, 0, FN { return Value::string(as<SubscriptionInfo>(self).id);
    }
    , Ty::String
    });
    t.push_back({Ty::Subscription, {}, "Name", false, 0, 0, FN { return Value::string(as<SubscriptionInfo>(self).name);
    }
    , Ty::String
    });
    t.push_back({Ty::Subscription, {}, "Key", false, 0, 0, FN { return Value::string(as<SubscriptionInfo>(self).key);
    }
    , Ty::String
    });
    t.push_back({Ty::Subscription, {}, "PrimaryKey", false, 0, 0, FN { return Value::string(as<SubscriptionInfo>(self).primaryKey);
    }
    , Ty::String
    });
    t.push_back({Ty::Subscription, {}, "SecondaryKey", false, 0, 0, FN { return Value::string(as<SubscriptionInfo>(self).secondaryKey);
    }
    , Ty::String
    });
    t.push_back({Ty::Subscription, {}, "StartDate", false, 0, 0, FN { return optionalTime(as<SubscriptionInfo>(self).startDate);
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Subscription, {}, "EndDate", false, 0, 0, FN { return optionalTime(as<SubscriptionInfo>(self).endDate);
    }
    , Ty::DateTime
    });
    for (Ty ty : {Ty::Product, Ty::Group}) {
        t.push_back({ty, {}, "Id", false, 0, 0, FN { return Value::string(as<NamedInfo>(self).id);
    }
    , Ty::String
    });
        t.push_back({ty, {}, "Name", false, 0, 0, FN { return Value::string(as<NamedInfo>(self).name);
        }
        , Ty::String
        });
        }
    t.push_back({Ty::Api, {}, "Id", false, 0, 0, FN { return Value::string(as<ApiInfo>(self).id);
    }
    , Ty::String
    });
    t.push_back({Ty::Api, {}, "Name", false, 0, 0, FN { return Value::string(as<ApiInfo>(self).name);
    }
    , Ty::String
    });
    t.push_back({Ty::Api, {}, "Path", false, 0, 0, FN { return Value::string(as<ApiInfo>(self).path);
    }
    , Ty::String
    });
    t.push_back({Ty::Api, {}, "Version", false, 0, 0, FN { return Value::string(as<ApiInfo>(self).version);
    }
    , Ty::String
    });
    t.push_back({Ty::Api, {}, "ServiceUrl", false, 0, 0, FN { return serviceUrl(eval, as<ApiInfo>(self).serviceUrl);
    }
    , Ty::Url
    });
    t.push_back({Ty::Operation, {}, "Id", false, 0, 0, FN { return Value::string(as<OperationInfo>(self).id);
    }
    , Ty::String
    });
    t.push_back({Ty::Operation, {}, "Name", false, 0, 0, FN { return Value::string(as<OperationInfo>(self).name);
    }
    , Ty::String
    });
    t.push_back({Ty::Operation, {}, "Method", false, 0, 0, FN { return Value::string(as<OperationInfo>(self).method);
    }
    , Ty::String
    });
    t.push_back({Ty::Operation, {}, "UrlTemplate", false, 0, 0, FN { return Value::string(as<OperationInfo>(self).urlTemplate);
    }
    , Ty::String
    });
    t.push_back({Ty::User, {}, "Id", false, 0, 0, FN { return Value::string(as<UserInfo>(self).id);
    }
    , Ty::String
    });
    t.push_back({Ty::User, {}, "Email", false, 0, 0, FN { return Value::string(as<UserInfo>(self).email);
    }
    , Ty::String
    });
    t.push_back({Ty::User, {}, "FirstName", false, 0, 0, FN { return Value::string(as<UserInfo>(self).firstName);
    }
    , Ty::String
    });
    t.push_back({Ty::User, {}, "LastName", false, 0, 0, FN { return Value::string(as<UserInfo>(self).lastName);
    }
    , Ty::String
    });
    t.push_back({Ty::User, {}, "Groups", false, 0, 0, FN {
        ValueList groups;
        for (const NamedInfo& g : as<UserInfo>(self).groups)
            groups.push_back(Value::object(Ty::Group, {&g, nullptr, 0}));
        return makeList(eval, std::move(groups));
    }
    , Ty::List
    });
    // context.Request.Certificate: X509Certificate2's common members; VerifyNoRevocation() as
    // APIM offers it (Verify() would also check revocation, which the gateway cannot).
    t.push_back({Ty::Certificate, {}, "Thumbprint", false, 0, 0, FN { return Value::string(as<CertificateInfo>(self).thumbprint);
    }
    , Ty::String
    });
    t.push_back({Ty::Certificate, {}, "SerialNumber", false, 0, 0, FN { return Value::string(as<CertificateInfo>(self).serialNumber);
    }
    , Ty::String
    });
    t.push_back({Ty::Certificate, {}, "Subject", false, 0, 0, FN { return Value::string(as<CertificateInfo>(self).subject);
    }
    , Ty::String
    });
    t.push_back({Ty::Certificate, {}, "Issuer", false, 0, 0, FN { return Value::string(as<CertificateInfo>(self).issuer);
    }
    , Ty::String
    });
    t.push_back({Ty::Certificate, {}, "NotBefore", false, 0, 0, FN { return Value::dateTime(kUnixEpochTicks + as<CertificateInfo>(self).notBefore * 10'000'000);
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Certificate, {}, "NotAfter", false, 0, 0, FN { return Value::dateTime(kUnixEpochTicks + as<CertificateInfo>(self).notAfter * 10'000'000);
    }
    , Ty::DateTime
    });
    t.push_back({Ty::Certificate, {}, "VerifyNoRevocation", true, 0, 0, FN {
        const auto& certificate = as<CertificateInfo>(self);
        const std::int64_t now = eval.context.nowTicks();
        return Value::boolean(certificate.trusted &&
                              now >= kUnixEpochTicks + certificate.notBefore * 10'000'000 &&
                              now <= kUnixEpochTicks + certificate.notAfter * 10'000'000);
    }
    , Ty::Bool
    });
    t.push_back({Ty::LastError, {}, "Source", false, 0, 0, FN { return Value::string(as<LastErrorInfo>(self).source);
    }
    , Ty::String
    });
    t.push_back({Ty::LastError, {}, "Reason", false, 0, 0, FN { return Value::string(as<LastErrorInfo>(self).reason);
    }
    , Ty::String
    });
    t.push_back({Ty::LastError, {}, "Message", false, 0, 0, FN { return Value::string(as<LastErrorInfo>(self).message);
    }
    , Ty::String
    });
    t.push_back({Ty::LastError, {}, "Scope", false, 0, 0, FN { return Value::string(as<LastErrorInfo>(self).scope);
    }
    , Ty::String
    });
    t.push_back({Ty::LastError, {}, "Section", false, 0, 0, FN { return Value::string(as<LastErrorInfo>(self).section);
    }
    , Ty::String
    });
    t.push_back({Ty::LastError, {}, "Path", false, 0, 0, FN { return Value::string(as<LastErrorInfo>(self).path);
    }
    , Ty::String
    });
    t.push_back({Ty::LastError, {}, "PolicyId", false, 0, 0, FN { return Value::string(as<LastErrorInfo>(self).policyId);
    }
    , Ty::String
    });
    t.push_back({Ty::Deployment, {}, "Region", false, 0, 0, FN { return Value::string(as<DeploymentInfo>(self).region);
    }
    , Ty::String
    });
    t.push_back({Ty::Deployment, {}, "ServiceName", false, 0, 0, FN { return Value::string(as<DeploymentInfo>(self).serviceName);
    }
    , Ty::String
    });
    t.push_back({Ty::Deployment, {}, "GatewayId", false, 0, 0, FN { return Value::string(as<DeploymentInfo>(self).gatewayId);
    }
    , Ty::String
    });
    }

    const std::vector<MemberDef>& memberTable() {
        static const std::vector<MemberDef> table = [] {
            std::vector<MemberDef> t;
            std::vector<ConstructorDef> unused;
            addDotnetMembers(t, unused);
            addJsonMembers(t, unused);
            addContextMembers(t);
            addRegexMembers(t);
            addRandomMembers(t, unused);
            addArrayMembers(t);
            addCryptoMembers(t, unused);
            addEncodingMembers(t);
            addDateTimeOffsetMembers(t, unused);
            addExceptionMembers(t, unused);
            addMapEntryMembers(t);
            addStringBuilderMembers(t, unused);
            return t;
        }();
        return table;
    }

    const std::vector<ConstructorDef>& constructorTable() {
        static const std::vector<ConstructorDef> table = [] {
            std::vector<MemberDef> unused;
            std::vector<ConstructorDef> c;
            addDotnetMembers(unused, c);
            addJsonMembers(unused, c);
            addRandomMembers(unused, c);
            addCryptoMembers(unused, c);
            addDateTimeOffsetMembers(unused, c);
            addStringBuilderMembers(unused, c);
            addExceptionMembers(unused, c);
            return c;
        }();
        return table;
    }

    std::string_view withoutNamespace(std::string_view name) {
        // Longest first, so that System.Text.RegularExpressions wins over System.Text.
        static constexpr std::array<std::string_view, 11> kNamespaces = {
            "System.Security.Cryptography.",
            "System.Text.RegularExpressions.",
            "System.Collections.Generic.",
            "Newtonsoft.Json.Linq.",
            "System.Xml.Linq.",
            "Newtonsoft.Json.",
            "System.Linq.",
            "System.Text.",
            "System.Net.",
            "System.IO.",
            "System.",
        };
        for (std::string_view ns : kNamespaces)
            if (name.starts_with(ns) && name.find('.', ns.size()) == std::string_view::npos)
                return name.substr(ns.size());
        return name;
    }

    std::string_view canonicalStaticClass(std::string_view qualified) {
        const std::string_view name = withoutNamespace(qualified);
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 40> kClasses = {{
            {"Array", "Array"},
            {"string", "string"},
            {"String", "string"},
            {"System.String", "string"},
            {"int", "int"},
            {"Int32", "int"},
            {"long", "long"},
            {"Int64", "long"},
            {"double", "double"},
            {"Double", "double"},
            {"bool", "bool"},
            {"Boolean", "bool"},
            {"Convert", "Convert"},
            {"Math", "Math"},
            {"DateTime", "DateTime"},
            {"TimeSpan", "TimeSpan"},
            {"Guid", "Guid"},
            {"Encoding", "Encoding"},
            {"Uri", "Uri"},
            {"Regex", "Regex"},
            {"RegexOptions", "RegexOptions"},
            {"JObject", "JObject"},
            {"JArray", "JArray"},
            {"JToken", "JToken"},
            {"StringComparison", "StringComparison"},
            {"StringSplitOptions", "StringSplitOptions"},
            {"Formatting", "Formatting"},
            {"Enumerable", "Enumerable"},
            {"MD5", "MD5"},
            {"SHA1", "SHA1"},
            {"SHA256", "SHA256"},
            {"SHA384", "SHA384"},
            {"SHA512", "SHA512"},
            {"HashAlgorithm", "HashAlgorithm"},
            {"HMAC", "HMAC"},
            {"KeyedHashAlgorithm", "KeyedHashAlgorithm"},
            {"WebUtility", "WebUtility"},
            {"BitConverter", "BitConverter"},
            {"DateTimeOffset", "DateTimeOffset"},
            {"DayOfWeek", "DayOfWeek"},
        }};
        for (auto [alias, canonical] : kClasses)
            if (alias == name)
                return canonical;
        return {};
    }

    Target targetFromTypeName(std::string_view qualified, bool array) {
        const std::string_view name = withoutNamespace(qualified);
        if (array) {
            if (name == "string" || name == "String" || name == "object" || name == "char" ||
                name == "int" || name == "JToken" || name == "JObject")
                return Target::StringArray;
            if (name == "byte")
                return Target::Bytes;
            return Target::None;
        }
        static constexpr std::array<std::pair<std::string_view, Target>, 57> kTypes = {{
            {"string", Target::String},
            {"String", Target::String},
            {"int", Target::Int},
            {"Int32", Target::Int},
            {"long", Target::Int},
            {"Int64", Target::Int},
            {"uint", Target::Int},
            {"UInt32", Target::Int},
            {"ulong", Target::Int},
            {"UInt64", Target::Int},
            {"short", Target::Int},
            {"Int16", Target::Int},
            {"ushort", Target::Int},
            {"UInt16", Target::Int},
            {"byte", Target::Int},
            {"Byte", Target::Int},
            {"sbyte", Target::Int},
            {"SByte", Target::Int},
            {"double", Target::Double},
            {"Double", Target::Double},
            {"decimal", Target::Double},
            {"float", Target::Double},
            {"bool", Target::Bool},
            {"Boolean", Target::Bool},
            {"char", Target::Char},
            {"DateTime", Target::DateTime},
            {"DateTimeOffset", Target::DateTimeOffset},
            {"TimeSpan", Target::TimeSpan},
            {"Guid", Target::Guid},
            {"JToken", Target::JToken},
            {"JValue", Target::JToken},
            {"JObject", Target::JObject},
            {"JArray", Target::JArray},
            {"JProperty", Target::JToken},
            {"object", Target::Object},
            {"Object", Target::Object},
            {"Jwt", Target::Jwt},
            {"IResponse", Target::Response},
            {"Random", Target::Random},
            {"HashAlgorithm", Target::HashAlgorithm},
            {"KeyedHashAlgorithm", Target::HashAlgorithm},
            {"HMAC", Target::HashAlgorithm},
            {"HMACMD5", Target::HashAlgorithm},
            {"HMACSHA1", Target::HashAlgorithm},
            {"HMACSHA256", Target::HashAlgorithm},
            {"HMACSHA384", Target::HashAlgorithm},
            {"HMACSHA512", Target::HashAlgorithm},
            {"MD5", Target::HashAlgorithm},
            {"SHA1", Target::HashAlgorithm},
            {"SHA256", Target::HashAlgorithm},
            {"SHA384", Target::HashAlgorithm},
            {"SHA512", Target::HashAlgorithm},
            {"SHA1Managed", Target::HashAlgorithm},
            {"SHA256Managed", Target::HashAlgorithm},
            {"SHA384Managed", Target::HashAlgorithm},
            {"SHA512Managed", Target::HashAlgorithm},
            {"StringBuilder", Target::StringBuilder},
        }};
        for (auto [alias, target] : kTypes)
            if (alias == name)
                return target;
        return Target::None;
    }

    Ty tyOfTarget(Target target) {
        switch (target) {
        case Target::String:
            return Ty::String;
        case Target::Int:
            return Ty::Int;
        case Target::Double:
            return Ty::Double;
        case Target::Bool:
            return Ty::Bool;
        case Target::Char:
            return Ty::Char;
        case Target::DateTime:
            return Ty::DateTime;
        case Target::DateTimeOffset:
            return Ty::DateTimeOffset;
        case Target::TimeSpan:
            return Ty::TimeSpan;
        case Target::Guid:
            return Ty::Guid;
        case Target::JToken:
        case Target::JObject:
        case Target::JArray:
            return Ty::Json;
        case Target::StringArray:
            return Ty::List;
        case Target::Bytes:
            return Ty::Bytes;
        case Target::Jwt:
            return Ty::Jwt;
        case Target::Response:
            return Ty::Response;
        case Target::Random:
            return Ty::Random;
        case Target::HashAlgorithm:
            return Ty::HashAlgorithm;
        case Target::StringBuilder:
            return Ty::StringBuilder;
        default:
            return Ty::Unknown;
        }
    }

    Value makeHttpResponse(std::shared_ptr<const HttpResponseData> response) {
        ObjectRef ref;
        ref.raw = response.get();
        ref.owned = std::move(response);
        return Value::object(Ty::Response, std::move(ref));
    }

    } // namespace portico::policy::expr

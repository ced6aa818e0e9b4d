#include "core/policies/builtin_policies.h"
#include "core/policies/liquid_template.h"

#include "core/policy/diagnostic_codes.h"
#include "core/policy/expr/json_box.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

using json = text::OrderedJson;

json parseBody(const std::string& text) {
    json parsed = json::parse(text, nullptr, false);
    return parsed.is_discarded() ? json(text) : parsed;
}

// Bodies parsed once per render, however many paths read them.
struct LiquidBodies {
    std::optional<json> request, response;
    const json& of(RequestContext& context, MessageKind message) {
        auto& slot = message == MessageKind::Request ? request : response;
        if (!slot)
            slot = parseBody(context.body(message));
        return *slot;
    }
};

json variableJson(const expr::Value& value) {
    switch (value.type()) {
    case expr::Ty::Null:
        return nullptr;
    case expr::Ty::Bool:
        return value.asBool();
    case expr::Ty::Int:
        return value.asInt();
    case expr::Ty::Double:
        return value.asDouble();
    case expr::Ty::Json:
        return value.asJson()->value();
    default:
        return expr::toDisplayString(value);
    }
}

std::string urlText(const expr::UrlInfo& url) {
    std::string text = url.scheme + "://" + url.host;
    const bool defaultPort =
        (url.scheme == "https" && url.port == 443) || (url.scheme == "http" && url.port == 80);
    if (!defaultPort)
        text += ":" + std::to_string(url.port);
    text += url.path;
    for (std::size_t i = 0; i < url.query.size(); ++i)
        text += (i ? "&" : "?") + url.query[i].first + "=" + url.query[i].second;
    return text;
}

json urlJson(const expr::UrlInfo& url) {
    json query = json::object();
    for (const auto& [name, value] : url.query)
        query[name] = value;
    std::string queryString;
    for (std::size_t i = 0; i < url.query.size(); ++i)
        queryString += (i ? "&" : "?") + url.query[i].first + "=" + url.query[i].second;
    return {{"Scheme", url.scheme}, {"Host", url.host}, {"Port", url.port},
            {"Path", url.path},     {"Query", query},   {"QueryString", queryString}};
}

// Values for Liquid paths: body.* and context.* as APIM's Liquid documentation describes them.
json resolveLiquid(RequestContext& context, LiquidBodies& bodies, MessageKind message,
                   const std::vector<json>& path) {
    const auto name = [&](std::size_t i) -> std::string {
        return i < path.size() && path[i].is_string() ? path[i].get<std::string>() : std::string();
    };
    const auto rest = [&](json value, std::size_t from) {
        for (std::size_t i = from; i < path.size() && !value.is_null(); ++i) {
            if (path[i].is_string() && value.is_object())
                value = value.contains(path[i].get<std::string>())
                            ? value[path[i].get<std::string>()]
                            : json();
            else if (path[i].is_number_integer() && value.is_array() &&
                     path[i].get<std::size_t>() < value.size())
                value = value[path[i].get<std::size_t>()];
            else
                value = nullptr;
        }
        return value;
    };
    if (name(0) == "body")
        return rest(bodies.of(context, message), 1);
    if (name(0) != "context")
        return nullptr;
    const std::string part = name(1);
    if (part == "Request" || part == "Response") {
        const MessageKind kind = part == "Request" ? MessageKind::Request : MessageKind::Response;
        const std::string member = name(2);
        if (member == "Headers") {
            const auto values = context.headerValues(kind, name(3));
            if (values.empty())
                return nullptr;
            std::string joined;
            for (const auto& v : values)
                joined += (joined.empty() ? "" : ",") + v;
            return rest(joined, 4);
        }
        if (member == "Body")
            return rest(bodies.of(context, kind), 3);
        if (kind == MessageKind::Request) {
            if (member == "MatchedParameters") {
                const auto value = context.matchedParameter(name(3));
                return value ? json(*value) : json();
            }
            if (member == "Method")
                return std::string(context.method());
            if (member == "IpAddress")
                return std::string(context.clientAddress());
            if (member == "Url" || member == "OriginalUrl") {
                const auto url = context.expressions().url(member == "OriginalUrl");
                return path.size() == 3 ? json(urlText(url)) : rest(urlJson(url), 3);
            }
            return nullptr;
        }
        if (member == "StatusCode")
            return context.statusCode();
        if (member == "StatusReason")
            return context.statusReason();
        return nullptr;
    }
    if (part == "Variables") {
        const auto* value = context.variable(name(2));
        return value ? rest(variableJson(*value), 3) : json();
    }
    const RequestFacts& facts = context.facts;
    if (part == "RequestId")
        return facts.requestId;
    if (part == "Api" && facts.api)
        return rest({{"Id", facts.api->id},
                     {"Name", facts.api->name},
                     {"Path", facts.api->path},
                     {"Version", facts.api->version},
                     {"ServiceUrl", facts.api->serviceUrl}},
                    2);
    if (part == "Operation" && facts.operation)
        return rest({{"Id", facts.operation->id},
                     {"Name", facts.operation->name},
                     {"Method", facts.operation->method},
                     {"UrlTemplate", facts.operation->urlTemplate}},
                    2);
    if (part == "Product" && facts.product)
        return rest({{"Id", facts.product->id}, {"Name", facts.product->name}}, 2);
    if (part == "Subscription" && facts.subscription)
        return rest({{"Id", facts.subscription->id}, {"Name", facts.subscription->name}}, 2);
    if (part == "User" && facts.user)
        return rest({{"Id", facts.user->id},
                     {"Email", facts.user->email},
                     {"FirstName", facts.user->firstName},
                     {"LastName", facts.user->lastName}},
                    2);
    if (part == "Deployment")
        return rest({{"Region", facts.deployment.region},
                     {"ServiceName", facts.deployment.serviceName},
                     {"GatewayId", facts.deployment.gatewayId}},
                    2);
    return nullptr;
}

class SetBodyPolicy final : public CompiledPolicy {
public:
    SetBodyPolicy(MessageKind message, PolicyValue body, std::optional<LiquidTemplate> liquid)
        : m_message(message)
        , m_body(std::move(body))
        , m_liquid(std::move(liquid)) {}

    RunResult run(RequestContext& context) const override {
        if (m_liquid) {
            LiquidBodies bodies;
            const LiquidTemplate::Resolver resolve = [&](const std::vector<json>& path) {
                return resolveLiquid(context, bodies, m_message, path);
            };
            context.setBody(m_message, m_liquid->render(resolve));
            return RunResult::next();
        }
        PolicyError failure = error({}, {}, 500);
        auto body = m_body.text(context, failure);
        if (!body)
            return RunResult::fail(std::move(failure));
        context.setBody(m_message, std::move(*body));
        return RunResult::next();
    }

    // A template or an expression may read the body it replaces.
    bool readsBody() const override { return m_liquid || m_body.isExpression(); }

private:
    MessageKind m_message;
    PolicyValue m_body;
    std::optional<LiquidTemplate> m_liquid;
};

class SetBodyKind final : public PolicyKind {
public:
    const ElementRule& rule() const override { return setBodyRule(); }
    SectionSet sections() const override { return kInbound | kBackend | kOutbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const MessageKind message = messageFor(context.section());
        const auto* templateAttribute = node.element.attribute("template");
        if (templateAttribute && templateAttribute->value == "liquid") {
            // Liquid's {{ }} are the template's own: named values are not substituted here.
            auto parsed = LiquidTemplate::parse(node.element.innerText());
            if (const auto* problem = std::get_if<LiquidTemplate::Error>(&parsed)) {
                model::SourceLocation where = node.origin.where;
                for (const auto& child : node.element.children) {
                    if (child.kind == xml::XmlNode::Kind::Text ||
                        child.kind == xml::XmlNode::Kind::CData) {
                        where = context.where(node, child.where);
                        break;
                    }
                }
                where.line += problem->line - 1;
                context.error(codes::kBadValue, where,
                              "Liquid template in <set-body>: " + problem->message);
                return nullptr;
            }
            return std::make_unique<SetBodyPolicy>(message, PolicyValue(),
                                                   std::move(std::get<LiquidTemplate>(parsed)));
        }
        auto body = context.innerValue(node, node.element);
        if (!body)
            return nullptr;
        return std::make_unique<SetBodyPolicy>(message, std::move(*body), std::nullopt);
    }
};

} // namespace

const ElementRule& setBodyRule() {
    static const ElementRule rule{
        .name = "set-body",
        .attributes = {{"template", ValueType::Enum, false, {"liquid", "none"}},
                       {"xsi-nil", ValueType::Enum, false, {"blank", "null"}},
                       {"parse-date", ValueType::Bool, false, {}}},
        .text = TextRule::Allowed,
    };
    return rule;
}

std::unique_ptr<PolicyKind> makeSetBodyKind() {
    return std::make_unique<SetBodyKind>();
}

} // namespace portico::policies

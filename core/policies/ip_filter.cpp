#include "core/policies/builtin_policies.h"

#include "core/net/ip_address.h"
#include "core/policy/diagnostic_codes.h"
#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

using net::IpAddress;
using net::IpRange;

class IpFilterPolicy final : public CompiledPolicy {
public:
    IpFilterPolicy(bool allow, std::vector<IpRange> ranges)
        : m_allow(allow)
        , m_ranges(std::move(ranges)) {}

    RunResult run(RequestContext& context) const override {
        const std::string_view caller = context.clientAddress();
        const auto ip = net::parseIpAddress(caller);
        bool listed = false;
        if (ip) {
            for (const auto& range : m_ranges)
                listed = listed || range.contains(*ip);
        }
        if (listed == m_allow)
            return RunResult::next();
        return RunResult::fail(error(
            "CallerIpNotAllowed",
            "Caller IP address " + std::string(caller) + " is not allowed. Access denied.", 403));
    }

private:
    bool m_allow;
    std::vector<IpRange> m_ranges;
};

class IpFilterKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{
            .name = "ip-filter",
            .attributes = {{"action", ValueType::Enum, true, {"allow", "forbid"}}},
            .children = {{.name = "address", .occurs = Occurs::Many, .text = TextRule::Required},
                         {.name = "address-range",
                          .attributes = {{"from", ValueType::String, true, {}},
                                         {"to", ValueType::String, true, {}}},
                          .occurs = Occurs::Many}},
        };
        return rule;
    }
    SectionSet sections() const override { return kInbound; }

    void validate(const PolicyNode& node, ValidationContext& context) const override {
        if (node.element.childElements().empty())
            context.error(codes::kMissingChild, node.element.where,
                          "<ip-filter> needs at least one <address> or <address-range>");
    }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode& node,
                                            CompileContext& context) const override {
        const auto action = context.text(node, node.element, "action");
        std::vector<IpRange> ranges;
        bool ok = action.has_value();
        const auto address = [&](const std::string& text, xml::TextPosition where,
                                 const std::string& what) -> std::optional<IpAddress> {
            const auto value = context.substitute(text, context.where(node, where));
            if (!value)
                return std::nullopt;
            auto ip = net::parseIpAddress(*value);
            if (!ip)
                context.error(codes::kBadValue, context.where(node, where),
                              what + " is not an IPv4 or IPv6 address" +
                                  (text.find("{{") == std::string::npos ? ": '" + text + "'"
                                                                        : std::string()));
            return ip;
        };
        for (const auto* child : node.element.childElements()) {
            if (child->name == "address") {
                const auto ip = address(child->innerText(), child->where, "<address>");
                if (ip)
                    ranges.push_back({*ip, *ip});
                ok = ok && ip;
                continue;
            }
            const auto* fromAttribute = child->attribute("from");
            const auto* toAttribute = child->attribute("to");
            const auto from = address(fromAttribute->value, fromAttribute->valueWhere, "'from'");
            const auto to = address(toAttribute->value, toAttribute->valueWhere, "'to'");
            if (!from || !to) {
                ok = false;
            } else if (from->v6 != to->v6 || *to < *from) {
                context.error(codes::kBadValue, context.where(node, child->where),
                              "<address-range> must go from a lower to a higher address of the "
                              "same family");
                ok = false;
            } else {
                ranges.push_back({*from, *to});
            }
        }
        if (!ok)
            return nullptr;
        return std::make_unique<IpFilterPolicy>(*action == "allow", std::move(ranges));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeIpFilterKind() {
    return std::make_unique<IpFilterKind>();
}

} // namespace portico::policies

#include "core/policies/builtin_policies.h"

#include "core/policy/policy_compiler.h"

namespace portico::policies {

using namespace portico::policy;

namespace {

std::string trimSlash(std::string url) {
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

// Replaces the backend's base URL with the gateway's in outbound bodies, and the reverse in
// inbound bodies, so clients only ever see gateway links (APIM's redirect-content-urls).
class RedirectContentUrlsPolicy final : public CompiledPolicy {
public:
    explicit RedirectContentUrlsPolicy(MessageKind message)
        : m_message(message) {}

    RunResult run(RequestContext& context) const override {
        if (!context.facts.api)
            return RunResult::next();
        const std::string backend = trimSlash(context.facts.api->serviceUrl);
        const auto& original = context.facts.originalUrl;
        std::string gateway = original.scheme + "://" + original.host;
        if (!((original.scheme == "https" && original.port == 443) ||
              (original.scheme == "http" && original.port == 80)))
            gateway += ":" + std::to_string(original.port);
        // The API's path with or without its leading '/' (hosts differ; the URL has one).
        std::string_view apiPath = context.facts.api->path;
        while (apiPath.starts_with('/'))
            apiPath.remove_prefix(1);
        if (!apiPath.empty())
            gateway += "/" + std::string(apiPath);
        if (backend.empty() || original.host.empty())
            return RunResult::next();
        const std::string& from = m_message == MessageKind::Response ? backend : gateway;
        const std::string& to = m_message == MessageKind::Response ? gateway : backend;
        std::string body = context.body(m_message);
        std::size_t pos = 0;
        bool changed = false;
        while ((pos = body.find(from, pos)) != std::string::npos) {
            body.replace(pos, from.size(), to);
            pos += to.size();
            changed = true;
        }
        if (changed)
            context.setBody(m_message, std::move(body));
        return RunResult::next();
    }
    bool readsBody() const override { return true; }

private:
    MessageKind m_message;
};

class RedirectContentUrlsKind final : public PolicyKind {
public:
    const ElementRule& rule() const override {
        static const ElementRule rule{.name = "redirect-content-urls"};
        return rule;
    }
    SectionSet sections() const override { return kInbound | kOutbound; }

    std::unique_ptr<CompiledPolicy> compile(const PolicyNode&,
                                            CompileContext& context) const override {
        return std::make_unique<RedirectContentUrlsPolicy>(messageFor(context.section()));
    }
};

} // namespace

std::unique_ptr<PolicyKind> makeRedirectContentUrlsKind() {
    return std::make_unique<RedirectContentUrlsKind>();
}

} // namespace portico::policies

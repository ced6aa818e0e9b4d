#pragma once

#include "core/policy/expr/expression_context.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace portico::policy::expr::test {

// An in-memory request for expression tests; header names compare case-insensitively.
class MemoryContext : public ExpressionContext {
public:
    std::string requestMethod = "GET";
    UrlInfo requestUrl{"https",
                       "api.example.test",
                       443,
                       "/orders/42",
                       {{"page", "2"}, {"tag", "a"}, {"tag", "b"}}};
    UrlInfo original{"https", "gw.example.test", 8443, "/shop/orders/42", {{"page", "2"}}};
    std::vector<std::pair<std::string, std::string>> requestHeaders;
    std::vector<std::pair<std::string, std::string>> responseHeaders;
    std::string requestBody;
    std::string responseBody;
    std::map<std::string, std::string> matched{{"id", "42"}};
    std::map<std::string, Value> variables;
    int status = 200;
    std::string reason = "OK";
    std::optional<SubscriptionInfo> subscriptionInfo;
    std::optional<NamedInfo> productInfo;
    ApiInfo apiInfo{"orders", "Orders API", "/shop", "v2", "https://backend.test"};
    OperationInfo operationInfo{"get-order", "Get order", "GET", "/orders/{id}"};
    std::optional<UserInfo> userInfo;
    std::optional<LastErrorInfo> lastErrorInfo;
    DeploymentInfo deploymentInfo{"West Europe", "portico-gw", "gw-1"};
    std::vector<std::string> traces;
    int bodyReads = 0;

    std::string method() const override { return requestMethod; }
    UrlInfo url(bool originalUrl) const override { return originalUrl ? original : requestUrl; }
    std::vector<std::string> headerValues(MessageKind message,
                                          std::string_view name) const override {
        std::vector<std::string> out;
        for (const auto& [n, v] :
             message == MessageKind::Request ? requestHeaders : responseHeaders)
            if (equalsIgnoreCase(n, name))
                out.push_back(v);
        return out;
    }
    std::vector<std::pair<std::string, std::string>>
    headerList(MessageKind message) const override {
        return message == MessageKind::Request ? requestHeaders : responseHeaders;
    }
    std::string ipAddress() const override { return "203.0.113.7"; }
    std::string body(MessageKind message, bool) override {
        ++bodyReads;
        return message == MessageKind::Request ? requestBody : responseBody;
    }
    std::optional<std::string> matchedParameter(std::string_view name) const override {
        auto it = matched.find(std::string(name));
        if (it == matched.end())
            return std::nullopt;
        return it->second;
    }
    int statusCode() const override { return status; }
    std::string statusReason() const override { return reason; }
    std::optional<Value> variable(std::string_view name) const override {
        auto it = variables.find(std::string(name));
        if (it == variables.end())
            return std::nullopt;
        return it->second;
    }
    const SubscriptionInfo* subscription() const override {
        return subscriptionInfo ? &*subscriptionInfo : nullptr;
    }
    const NamedInfo* product() const override { return productInfo ? &*productInfo : nullptr; }
    const ApiInfo* api() const override { return &apiInfo; }
    const OperationInfo* operation() const override { return &operationInfo; }
    const UserInfo* user() const override { return userInfo ? &*userInfo : nullptr; }
    const LastErrorInfo* lastError() const override {
        return lastErrorInfo ? &*lastErrorInfo : nullptr;
    }
    const DeploymentInfo& deployment() const override { return deploymentInfo; }
    std::string requestId() const override { return "0f8fad5b-d9cb-469f-a165-70867728950e"; }
    // 2026-03-04T05:06:07Z
    std::int64_t timestampTicks() const override { return 639'081'975'670'000'000; }
    std::int64_t elapsedTicks() const override { return 1'500'000; }
    std::int64_t nowTicks() const override { return timestampTicks() + 10'000'000; }
    void trace(std::string_view source, std::string_view message) override {
        traces.push_back(std::string(source) + ": " + std::string(message));
    }

private:
    static bool equalsIgnoreCase(std::string_view a, std::string_view b) {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(a[i])) !=
                std::tolower(static_cast<unsigned char>(b[i])))
                return false;
        return true;
    }
};

} // namespace portico::policy::expr::test

#pragma once

#include "memory_context.h"

#include "policy_test_support.h"

#include "core/policy/policy_compiler.h"
#include "core/policy/policy_document.h"
#include "core/policy/scope_merge.h"

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

// The format shared by the policy corpora (tests/policy/corpus, tests/policy/expr-corpus) and
// the tests that run them, in memory or through a gateway. Each corpus file is APIM policy XML
// whose first comment describes the request and the expected response, one "key: value" per
// line:
//   request: METHOD /path?query [from ADDRESS]   param: name=value   header: Name: value
//   body: text   request-id: id   product: id [name]   subscription: id [name]
//   user: id email   api: id name path   operation: id name   variable: name=value
//   expect-status: N   expect-header: Name: value   expect-no-header: Name   expect-body: text
//   expect-body-contains: text   expect-variable: name=value
// Header values and bodies may hold $jwt{...claims JSON...}: an unsigned JWT carrying those
// claims (expressions read tokens with AsJwt() without checking signatures).
// The policies follow the comment: one <policies> document (API scope), or several, each after
// a <!-- scope: global|product|api|operation --> marker.
namespace portico::policy::test {

struct CorpusScope {
    Scope scope = Scope::Api;
    std::string text; // the document, padded with blank lines to keep the file's line numbers
};

struct CorpusCase {
    std::unique_ptr<MemoryContext> context = std::make_unique<MemoryContext>(); // not movable
    // The request as written, for hosts other than MemoryContext.
    std::string method = "GET";
    std::string target = "/";
    std::string address;
    std::vector<std::pair<std::string, std::string>> requestHeaders;
    std::string requestBody;

    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<std::string> absentHeaders;
    std::optional<std::string> body;
    std::vector<std::string> bodyParts;
    std::vector<std::pair<std::string, std::string>> variables;
    std::vector<CorpusScope> scopes;
};

inline std::pair<std::string, std::string> splitAt(const std::string& text,
                                                   const std::string& separator) {
    const auto at = text.find(separator);
    if (at == std::string::npos)
        return {text, {}};
    return {text.substr(0, at), text.substr(at + separator.size())};
}

inline std::vector<std::pair<std::string, std::string>> parseQuery(const std::string& query) {
    std::vector<std::pair<std::string, std::string>> items;
    std::size_t pos = 0;
    while (pos < query.size()) {
        auto amp = query.find('&', pos);
        if (amp == std::string::npos)
            amp = query.size();
        items.push_back(splitAt(query.substr(pos, amp - pos), "="));
        pos = amp + 1;
    }
    return items;
}

inline std::string base64Url(std::string_view data) {
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const unsigned v = (unsigned(static_cast<unsigned char>(data[i])) << 16) |
                           (unsigned(static_cast<unsigned char>(data[i + 1])) << 8) |
                           unsigned(static_cast<unsigned char>(data[i + 2]));
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i < data.size()) {
        unsigned v = unsigned(static_cast<unsigned char>(data[i])) << 16;
        if (i + 1 < data.size())
            v |= unsigned(static_cast<unsigned char>(data[i + 1])) << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (i + 1 < data.size())
            out += alphabet[(v >> 6) & 63];
    }
    return out;
}

// Replaces every $jwt{claims} with an unsigned token holding those claims.
inline std::string expandTokens(std::string text) {
    std::size_t at = 0;
    while ((at = text.find("$jwt{", at)) != std::string::npos) {
        int depth = 0;
        std::size_t end = at + 4;
        for (; end < text.size(); ++end) {
            if (text[end] == '{')
                ++depth;
            else if (text[end] == '}' && --depth == 0)
                break;
        }
        if (end >= text.size())
            break;
        const std::string claims = text.substr(at + 4, end - at - 3);
        const std::string token =
            base64Url(R"({"alg":"none","typ":"JWT"})") + "." + base64Url(claims) + ".";
        text.replace(at, end - at + 1, token);
        at += token.size();
    }
    return text;
}

inline std::optional<Scope> scopeNamed(const std::string& name) {
    if (name == "global")
        return Scope::Global;
    if (name == "product")
        return Scope::Product;
    if (name == "api")
        return Scope::Api;
    if (name == "operation")
        return Scope::Operation;
    return std::nullopt;
}

// Nothing when the first comment has a key this format does not know (so typos fail the test).
inline std::optional<CorpusCase> readCorpusCase(const std::string& text) {
    const auto open = text.find("<!--");
    const auto close = text.find("-->");
    if (open == std::string::npos || close == std::string::npos)
        return std::nullopt;
    CorpusCase c;
    MemoryContext& context = *c.context;
    context.facts.requestId = "corpus-request-1";
    std::string block = text.substr(open + 4, close - open - 4);
    std::size_t pos = 0;
    while (pos < block.size()) {
        auto end = block.find('\n', pos);
        if (end == std::string::npos)
            end = block.size();
        std::string line = block.substr(pos, end - pos);
        pos = end + 1;
        line.erase(0, line.find_first_not_of(' '));
        if (line.empty())
            continue;
        const auto [key, raw] = splitAt(line, ": ");
        const std::string value = expandTokens(raw);
        const auto [first, rest] = splitAt(value, " ");
        if (key == "request") {
            const auto [method, target0] = splitAt(value, " ");
            const auto [target, address] = splitAt(target0, " from ");
            const auto [path, query] = splitAt(target, "?");
            c.method = method;
            c.target = target;
            c.address = address;
            context.requestMethod = method;
            context.path = path;
            context.query = parseQuery(query);
            context.facts.originalUrl = {"https", "api.contoso.example", 443, path, context.query};
            if (!address.empty())
                context.address = address;
        } else if (key == "param") {
            context.templateParameters.insert(splitAt(value, "="));
        } else if (key == "header") {
            c.requestHeaders.push_back(splitAt(value, ": "));
            context.request.headers.push_back(c.requestHeaders.back());
        } else if (key == "body") {
            c.requestBody = value;
            context.request.body = value;
        } else if (key == "request-id") {
            context.facts.requestId = value;
        } else if (key == "product") {
            context.facts.product = expr::NamedInfo{first, rest.empty() ? first : rest};
        } else if (key == "subscription") {
            expr::SubscriptionInfo subscription;
            subscription.id = first;
            subscription.name = rest.empty() ? first : rest;
            context.facts.subscription = subscription;
        } else if (key == "user") {
            expr::UserInfo user;
            user.id = first;
            user.email = rest;
            context.facts.user = user;
        } else if (key == "api") {
            const auto [name, path] = splitAt(rest, " ");
            context.facts.api = expr::ApiInfo{first, name, path, {}, {}};
        } else if (key == "operation") {
            context.facts.operation = expr::OperationInfo{first, rest, context.requestMethod, {}};
        } else if (key == "variable") {
            const auto [name, v] = splitAt(value, "=");
            context.setVariable(name, expr::Value::string(v));
        } else if (key == "expect-status") {
            c.status = std::stoi(value);
        } else if (key == "expect-header") {
            c.headers.push_back(splitAt(value, ": "));
        } else if (key == "expect-no-header") {
            c.absentHeaders.push_back(value);
        } else if (key == "expect-body") {
            c.body = value;
        } else if (key == "expect-body-contains") {
            c.bodyParts.push_back(value);
        } else if (key == "expect-variable") {
            c.variables.push_back(splitAt(value, "="));
        } else {
            return std::nullopt;
        }
    }
    // The documents: after <!-- scope: x --> markers, or the whole text at API scope.
    const std::string marker = "<!-- scope: ";
    std::size_t at = text.find(marker, close);
    if (at == std::string::npos) {
        c.scopes.push_back({Scope::Api, text});
        return c;
    }
    while (at != std::string::npos) {
        const auto end = text.find("-->", at);
        if (end == std::string::npos)
            return std::nullopt;
        std::string name = text.substr(at + marker.size(), end - at - marker.size());
        name.erase(name.find_last_not_of(' ') + 1);
        const auto scope = scopeNamed(name);
        if (!scope)
            return std::nullopt;
        const std::size_t next = text.find(marker, end);
        const std::size_t lines =
            static_cast<std::size_t>(std::count(text.begin(), text.begin() + end, '\n'));
        c.scopes.push_back(
            {*scope, std::string(lines, '\n') + text.substr(end + 3, next == std::string::npos
                                                                         ? std::string::npos
                                                                         : next - end - 3)});
        at = next;
    }
    return c;
}

// A stand-in backend: answers 200 and echoes what it received (path, query, X-* headers as
// X-Echo-*, the body or a greeting). tests/gateway's test backend answers the same in echo mode.
inline void forwardToEcho(MemoryContext& context) {
    context.resetResponse();
    std::string query;
    for (const auto& [name, value] : context.query)
        query += (query.empty() ? "" : "&") + name + "=" + value;
    // The path the backend sees: the backend service URL's own path, then the request's.
    std::string base;
    if (const auto scheme = context.backendUrl.find("://"); scheme != std::string::npos) {
        const auto slash = context.backendUrl.find('/', scheme + 3);
        if (slash != std::string::npos)
            base = context.backendUrl.substr(slash);
        while (!base.empty() && base.back() == '/')
            base.pop_back();
    }
    context.response.headers = {{"X-Backend-Path", base + context.path},
                                {"X-Backend-Query", query},
                                {"X-Backend-Method", context.requestMethod},
                                {"X-Powered-By", "Backend"},
                                {"Content-Type", "text/plain"}};
    for (const auto& [name, value] : context.request.headers) {
        if (name.rfind("X-", 0) == 0 || name.rfind("x-", 0) == 0)
            context.response.headers.emplace_back("X-Echo-" + name, value);
    }
    context.response.body =
        context.request.body.empty() ? "backend says hello from internal" : context.request.body;
}

// Named values both corpora use.
inline std::optional<std::string> corpusNamedValue(std::string_view name) {
    if (name == "backend-url")
        return std::string("https://orders.internal");
    if (name == "eu-backend")
        return std::string("https://eu.orders.internal/eu");
    if (name == "us-backend")
        return std::string("https://us.orders.internal/us");
    if (name == "basic-user")
        return std::string("reporting");
    if (name == "basic-password")
        return std::string("s3cret!");
    if (name == "max-body-bytes")
        return std::string("64");
    return std::nullopt;
}

// Runs one corpus file in memory (PipelineRun over MemoryContext, forwardToEcho as backend);
// empty when the response is as expected, otherwise what differs.
inline std::string checkCorpusFile(const std::string& file) {
    std::ifstream input(file, std::ios::binary);
    if (!input)
        return "cannot read " + file;
    std::stringstream buffer;
    buffer << input.rdbuf();
    const std::string text = buffer.str();
    auto expected = readCorpusCase(text);
    if (!expected)
        return "the first comment does not describe a request (or has an unknown key)";
    const std::string name = file.substr(file.find_last_of('/') + 1);
    model::DiagnosticList diagnostics;
    std::vector<std::optional<PolicyDocument>> documents(4);
    for (const auto& scope : expected->scopes) {
        const auto index = scope.scope == Scope::Global    ? 0
                           : scope.scope == Scope::Product ? 1
                           : scope.scope == Scope::Api     ? 2
                                                           : 3;
        documents[index] = parse(scope.text, diagnostics, scope.scope, name);
    }
    if (diagnostics.hasErrors())
        return describe(diagnostics).toStdString();
    std::vector<const PolicyDocument*> chain;
    for (const auto& document : documents)
        chain.push_back(document ? &*document : nullptr);
    const auto merged = mergeScopes(chain, {}, diagnostics);
    const auto pipeline = compilePipeline(merged, corpusNamedValue, diagnostics);
    if (!pipeline)
        return describe(diagnostics).toStdString();

    MemoryContext& context = *expected->context;
    runPipeline(*pipeline, context, forwardToEcho);
    std::string problems;
    if (context.status != expected->status)
        problems += "status " + std::to_string(context.status) + ", expected " +
                    std::to_string(expected->status) + " (body '" + context.response.body + "')\n";
    for (const auto& [headerName, value] : expected->headers) {
        bool found = false;
        std::string seen;
        for (const auto& [n, v] : context.response.headers) {
            if (MemoryContext::sameName(n, headerName)) {
                found = found || v == value;
                seen += " '" + v + "'";
            }
        }
        if (!found)
            problems +=
                "response header " + headerName + ": " + value + " missing (has" + seen + ")\n";
    }
    for (const auto& headerName : expected->absentHeaders) {
        for (const auto& [n, v] : context.response.headers) {
            if (MemoryContext::sameName(n, headerName))
                problems += "response header " + n + " should be absent\n";
        }
    }
    if (expected->body && context.response.body != *expected->body)
        problems += "body '" + context.response.body + "', expected '" + *expected->body + "'\n";
    for (const auto& part : expected->bodyParts) {
        if (context.response.body.find(part) == std::string::npos)
            problems += "body '" + context.response.body + "' lacks '" + part + "'\n";
    }
    for (const auto& [variableName, value] : expected->variables) {
        if (!context.variable(variableName) || context.variableText(variableName) != value)
            problems += "variable " + variableName + " is '" + context.variableText(variableName) +
                        "', expected '" + value + "'\n";
    }
    return problems;
}

} // namespace portico::policy::test

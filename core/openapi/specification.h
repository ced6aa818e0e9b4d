#pragma once

#include "core/model/diagnostic.h"

#include <string>
#include <vector>

namespace portico::openapi {

// What Portico keeps of an OpenAPI 3.0/3.1 or Swagger 2.0 document. Schemas and examples stay
// JSON text (compact, $refs resolved, cycles cut) so that later stages parse them once.
struct Parameter {
    std::string name;
    std::string in; // path | query | header | cookie
    bool required = false;
    std::string schemaJson;
};

struct MediaType {
    std::string contentType; // e.g. application/json
    std::string schemaJson;
    std::string exampleJson; // empty when the spec gives none
};

struct Response {
    std::string status; // "200", "4XX", "default"
    std::string description;
    std::vector<MediaType> content;
    std::vector<Parameter> headers; // in: header
};

struct Operation {
    std::string id; // operationId, or generated stably from method and path
    bool idGenerated = false;
    std::string method;      // upper case: GET, POST, ...
    std::string urlTemplate; // /orders/{id}
    std::string summary;
    std::vector<Parameter> parameters; // path-level and operation-level, merged
    bool requestBodyRequired = false;
    std::vector<MediaType> requestBody;
    std::vector<Response> responses;
    std::vector<std::string> requiredScopes; // union over its security requirements
    bool deprecated = false;
    model::SourceLocation where;
};

struct OAuthFlow {
    std::string type; // implicit | password | clientCredentials | authorizationCode
    std::string authorizationUrl;
    std::string tokenUrl;
    std::vector<std::pair<std::string, std::string>> scopes; // name, description
};

struct SecurityScheme {
    std::string name;
    std::string type;          // oauth2 | apiKey | http | openIdConnect | mutualTLS
    std::string scheme;        // for http: bearer | basic
    std::string in;            // for apiKey: header | query | cookie
    std::string parameterName; // for apiKey
    std::string openIdConnectUrl;
    std::vector<OAuthFlow> flows;
};

struct Specification {
    std::string format; // "swagger 2.0", "openapi 3.0.3", "openapi 3.1.0"
    std::string title;
    std::string description;
    std::string version;                 // info.version
    std::vector<std::string> serverUrls; // servers, or scheme://host/basePath
    std::vector<SecurityScheme> securitySchemes;
    std::vector<Operation> operations;

    // All OAuth scopes declared by the oauth2 schemes, de-duplicated, in declaration order.
    std::vector<std::pair<std::string, std::string>> oauthScopes() const;
    const Operation* findOperation(std::string_view id) const;
};

} // namespace portico::openapi

#pragma once

#include "core/model/diagnostic.h"
#include "core/openapi/document.h"
#include "core/openapi/ref_resolver.h"
#include "core/openapi/specification.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portico::openapi::detail {

// Turns a parsed document into a Specification. One instance reads one document.
class SpecReader {
public:
    SpecReader(const Document& document, model::DiagnosticList& diagnostics,
               std::size_t expansionBudget);

    std::optional<Specification> read();

private:
    enum class Dialect { Swagger2, OpenApi30, OpenApi31 };

    struct PathParameter {
        Parameter parameter;
        NodeId node = kNoNode;
        NodeId schemaNode = kNoNode; // 3.x: its schema; 2.0 body: its schema
        NodeId source = kNoNode;     // the (resolved) parameter object
    };
    using ParameterList = std::vector<PathParameter>;

    bool readVersion(Specification& spec);
    void readInfo(Specification& spec);
    void readServers(Specification& spec);
    void readSecuritySchemes(Specification& spec);
    void readPaths(Specification& spec);
    void readOperation(Specification& spec, const std::string& path, const std::string& method,
                       NodeId methodKey, NodeId operation, const ParameterList& pathParameters);
    ParameterList readParameters(NodeId list);
    void mergeParameters(ParameterList& into, const ParameterList& overrides) const;
    bool checkTemplateSyntax(const std::string& path, NodeId pathKey);
    void checkPathParameters(const Operation& operation, NodeId methodKey,
                             const ParameterList& params);
    void readRequestBody30(Operation& operation, NodeId body);
    void readSwaggerBody(Operation& operation, NodeId operationNode, const ParameterList& params);
    std::vector<MediaType> readContent(NodeId content);
    std::vector<Response> readResponses(NodeId responses, NodeId operationNode);
    std::vector<Parameter> readResponseHeaders(NodeId headers);
    std::string exampleOf(NodeId mediaType);
    std::vector<std::string> mediaTypes(NodeId operationNode, const char* key,
                                        const char* fallback) const;
    std::optional<std::vector<std::string>> readSecurityRequirements(NodeId security);
    SecurityScheme readSecurityScheme(const std::string& name, NodeId scheme, bool& ok);
    void assignOperationIds(Specification& spec);

    NodeId objectOrNull(NodeId id, const std::string& what);
    NodeId arrayOrNull(NodeId id, const std::string& what);
    std::string stringOrEmpty(NodeId object, const char* key, const std::string& what);

    const Document& m_doc;
    model::DiagnosticList& m_diagnostics;
    RefResolver m_refs;
    Dialect m_dialect = Dialect::OpenApi30;
    std::optional<std::vector<std::string>> m_globalScopes; // none: no global security
    std::vector<std::string> m_schemeNames;
    std::vector<NodeId> m_operationIdNodes;      // parallel to spec.operations; kNoNode: generated
    std::map<std::string, std::size_t> m_routes; // "GET /pets/{}" -> operation index
};

} // namespace portico::openapi::detail

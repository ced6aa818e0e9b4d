#include "core/openapi/spec_reader.h"

#include "core/openapi/diagnostic_codes.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace portico::openapi::detail {

namespace {

constexpr std::array<const char*, 8> kMethods{"get",     "put",  "post",  "delete",
                                              "options", "head", "patch", "trace"};

bool isMethod(std::string_view key) {
    return std::find(kMethods.begin(), kMethods.end(), key) != kMethods.end();
}

std::string upper(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// Swagger 2.0 keeps a non-body parameter's schema inline, next to name/in/description.
bool isSwaggerSchemaKeyword(std::string_view key) {
    static constexpr std::array<std::string_view, 16> kKeywords{
        "type",     "format",           "items",     "default",   "maximum", "exclusiveMaximum",
        "minimum",  "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems",
        "minItems", "uniqueItems",      "enum",      "multipleOf"};
    return std::find(kKeywords.begin(), kKeywords.end(), key) != kKeywords.end();
}

// "/pets/{petId}" -> "/pets/{}": two templates that differ only in parameter names collide.
std::string routeShape(const std::string& path) {
    std::string shape;
    bool inside = false;
    for (char c : path) {
        if (c == '{') {
            inside = true;
            shape += "{}";
        } else if (c == '}') {
            inside = false;
        } else if (!inside) {
            shape += c;
        }
    }
    return shape;
}

std::string locationText(const model::SourceLocation& where) {
    return "line " + std::to_string(where.line) + ", column " + std::to_string(where.column);
}

} // namespace

SpecReader::SpecReader(const Document& document, model::DiagnosticList& diagnostics,
                       std::size_t expansionBudget)
    : m_doc(document)
    , m_diagnostics(diagnostics)
    , m_refs(document, diagnostics, expansionBudget) {}

std::optional<Specification> SpecReader::read() {
    NodeId root = m_doc.root();
    if (!m_doc.isObject(root)) {
        m_diagnostics.error(codes::kNotOpenApiDocument, m_doc.where(root),
                            std::string("not an OpenAPI or Swagger document: the top level is ") +
                                Document::kindName(m_doc.node(root).kind) +
                                ", expected a mapping with an 'openapi' or 'swagger' key");
        return std::nullopt;
    }
    Specification spec;
    if (!readVersion(spec))
        return std::nullopt;
    readInfo(spec);
    readServers(spec);
    readSecuritySchemes(spec);
    if (NodeId security = m_doc.get(root, "security"); security != kNoNode)
        m_globalScopes = readSecurityRequirements(security);
    readPaths(spec);
    assignOperationIds(spec);
    return spec;
}

bool SpecReader::readVersion(Specification& spec) {
    NodeId root = m_doc.root();
    NodeId openapi = m_doc.get(root, "openapi");
    NodeId swagger = m_doc.get(root, "swagger");
    NodeId version = openapi != kNoNode ? openapi : swagger;
    if (version == kNoNode) {
        m_diagnostics.error(codes::kNotOpenApiDocument, m_doc.where(root),
                            "not an OpenAPI or Swagger document: no 'openapi' or 'swagger' key at "
                            "the top level");
        return false;
    }
    if (!m_doc.isScalar(version)) {
        m_diagnostics.error(codes::kWrongType, m_doc.where(version),
                            std::string("the version must be a string like \"3.0.3\", found ") +
                                Document::kindName(m_doc.node(version).kind));
        return false;
    }
    const std::string& text = m_doc.node(version).text;
    auto series = [&](std::string_view prefix) {
        return text.rfind(prefix, 0) == 0 &&
               (text.size() == prefix.size() || text[prefix.size()] == '.');
    };
    if (openapi != kNoNode && series("3.0")) {
        m_dialect = Dialect::OpenApi30;
        spec.format = "openapi " + text;
    } else if (openapi != kNoNode && series("3.1")) {
        m_dialect = Dialect::OpenApi31;
        spec.format = "openapi " + text;
    } else if (openapi == kNoNode && text == "2.0") {
        m_dialect = Dialect::Swagger2;
        spec.format = "swagger 2.0";
    } else {
        m_diagnostics.error(codes::kUnsupportedVersion, m_doc.where(version),
                            std::string("unsupported ") +
                                (openapi != kNoNode ? "OpenAPI" : "Swagger") + " version '" + text +
                                "'; supported are OpenAPI 3.0.x, 3.1.x and Swagger 2.0");
        return false;
    }
    return true;
}

void SpecReader::readInfo(Specification& spec) {
    NodeId root = m_doc.root();
    NodeId info = m_doc.get(root, "info");
    if (info == kNoNode) {
        m_diagnostics.error(codes::kMissingRequiredField, m_doc.where(root),
                            "missing required key 'info' (with the API's title and version)");
        return;
    }
    info = objectOrNull(info, "'info'");
    if (info == kNoNode)
        return;
    if (m_doc.get(info, "title") == kNoNode)
        m_diagnostics.error(codes::kMissingRequiredField, m_doc.where(info),
                            "missing required key 'title' in 'info'");
    spec.title = stringOrEmpty(info, "title", "'info.title'");
    spec.description = stringOrEmpty(info, "description", "'info.description'");
    spec.version = m_doc.getText(info, "version");
}

void SpecReader::readServers(Specification& spec) {
    NodeId root = m_doc.root();
    if (m_dialect == Dialect::Swagger2) {
        std::string host = stringOrEmpty(root, "host", "'host'");
        if (host.empty())
            return;
        std::string basePath = stringOrEmpty(root, "basePath", "'basePath'");
        if (!basePath.empty() && basePath.front() != '/')
            basePath.insert(0, "/");
        while (!basePath.empty() && basePath.back() == '/')
            basePath.pop_back();
        std::vector<std::string> schemes;
        if (NodeId list = arrayOrNull(m_doc.get(root, "schemes"), "'schemes'"); list != kNoNode)
            for (NodeId scheme : m_doc.node(list).children)
                if (m_doc.isString(scheme))
                    schemes.push_back(m_doc.node(scheme).text);
        if (schemes.empty())
            schemes.push_back("https");
        for (const auto& scheme : schemes)
            spec.serverUrls.push_back(scheme + "://" + host + basePath);
        return;
    }
    NodeId servers = arrayOrNull(m_doc.get(root, "servers"), "'servers'");
    if (servers == kNoNode)
        return;
    for (NodeId server : m_doc.node(servers).children) {
        server = objectOrNull(server, "a server");
        if (server == kNoNode)
            continue;
        NodeId urlNode = m_doc.get(server, "url");
        if (!m_doc.isString(urlNode)) {
            m_diagnostics.error(codes::kMissingRequiredField, m_doc.where(server),
                                "a server needs a 'url' string");
            continue;
        }
        const std::string& url = m_doc.node(urlNode).text;
        NodeId variables = m_doc.get(server, "variables");
        std::string resolved;
        for (std::size_t i = 0; i < url.size(); ++i) {
            auto close = url.find('}', i);
            if (url[i] != '{' || close == std::string::npos) {
                resolved += url[i];
                continue;
            }
            std::string name = url.substr(i + 1, close - i - 1);
            NodeId variable = m_doc.get(variables, name);
            NodeId fallback = m_doc.get(variable, "default");
            if (!m_doc.isScalar(fallback)) {
                m_diagnostics.warning(codes::kServerVariableWithoutDefault, m_doc.where(urlNode),
                                      "server variable '{" + name +
                                          "}' has no default value; it is kept as written");
                resolved += url.substr(i, close - i + 1);
            } else {
                resolved += m_doc.node(fallback).text;
            }
            i = close;
        }
        spec.serverUrls.push_back(resolved);
    }
}

void SpecReader::readPaths(Specification& spec) {
    NodeId root = m_doc.root();
    NodeId paths = m_doc.get(root, "paths");
    if (paths == kNoNode) {
        // 3.1 documents may hold only components or webhooks.
        if (m_dialect != Dialect::OpenApi31)
            m_diagnostics.error(codes::kMissingRequiredField, m_doc.where(root),
                                "missing required key 'paths'");
        return;
    }
    paths = objectOrNull(paths, "'paths'");
    if (paths == kNoNode)
        return;
    for (std::size_t i = 0; i < m_doc.memberCount(paths); ++i) {
        NodeId pathKey = m_doc.memberKey(paths, i);
        const std::string& path = m_doc.node(pathKey).text;
        if (path.rfind("x-", 0) == 0)
            continue;
        if (path.empty() || path.front() != '/') {
            m_diagnostics.error(codes::kPathWithoutLeadingSlash, m_doc.where(pathKey),
                                "path '" + path + "' must start with '/'");
            continue;
        }
        if (!checkTemplateSyntax(path, pathKey))
            continue;
        NodeId item = m_refs.resolve(m_doc.memberValue(paths, i));
        if (item == kNoNode)
            continue;
        item = objectOrNull(item, "path item '" + path + "'");
        if (item == kNoNode)
            continue;
        ParameterList pathParameters = readParameters(m_doc.get(item, "parameters"));
        for (std::size_t j = 0; j < m_doc.memberCount(item); ++j) {
            NodeId methodKey = m_doc.memberKey(item, j);
            const std::string& method = m_doc.node(methodKey).text;
            if (isMethod(method))
                readOperation(spec, path, method, methodKey, m_doc.memberValue(item, j),
                              pathParameters);
        }
    }
}

bool SpecReader::checkTemplateSyntax(const std::string& path, NodeId pathKey) {
    bool inside = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < path.size(); ++i) {
        char c = path[i];
        bool bad = false;
        if (c == '{') {
            bad = inside;
            inside = true;
            start = i;
        } else if (c == '}') {
            bad = !inside || i == start + 1;
            inside = false;
        }
        if (bad) {
            m_diagnostics.error(codes::kInvalidPathTemplate, m_doc.where(pathKey),
                                "path template '" + path + "' has a misplaced '" +
                                    std::string(1, c) + "' at character " + std::to_string(i + 1));
            return false;
        }
    }
    if (inside) {
        m_diagnostics.error(codes::kInvalidPathTemplate, m_doc.where(pathKey),
                            "path template '" + path + "' has a '{' that is never closed");
        return false;
    }
    return true;
}

void SpecReader::readOperation(Specification& spec, const std::string& path,
                               const std::string& method, NodeId methodKey, NodeId operationNode,
                               const ParameterList& pathParameters) {
    operationNode = objectOrNull(operationNode, "operation " + upper(method) + " " + path);
    if (operationNode == kNoNode)
        return;
    Operation operation;
    operation.method = upper(method);
    operation.urlTemplate = path;
    operation.where = m_doc.where(methodKey);
    operation.summary = stringOrEmpty(operationNode, "summary", "'summary'");
    operation.deprecated = m_doc.getBool(operationNode, "deprecated", false);

    std::string route = operation.method + " " + routeShape(path);
    if (auto clash = m_routes.find(route); clash != m_routes.end()) {
        const Operation& other = spec.operations[clash->second];
        m_diagnostics.error(codes::kDuplicateOperation, operation.where,
                            "operation " + operation.method + " " + path +
                                " matches the same "
                                "requests as " +
                                other.method + " " + other.urlTemplate + " at " +
                                locationText(other.where));
        return;
    }

    NodeId idNode = m_doc.get(operationNode, "operationId");
    if (idNode != kNoNode && !m_doc.isScalar(idNode)) {
        m_diagnostics.error(codes::kWrongType, m_doc.where(idNode),
                            std::string("'operationId' must be a string, found ") +
                                Document::kindName(m_doc.node(idNode).kind));
        idNode = kNoNode;
    }
    if (idNode != kNoNode && m_doc.node(idNode).text.empty())
        idNode = kNoNode;

    ParameterList parameters = pathParameters;
    mergeParameters(parameters, readParameters(m_doc.get(operationNode, "parameters")));
    checkPathParameters(operation, methodKey, parameters);
    for (const auto& p : parameters)
        if (p.parameter.in != "body" && p.parameter.in != "formData")
            operation.parameters.push_back(p.parameter);

    if (m_dialect == Dialect::Swagger2)
        readSwaggerBody(operation, operationNode, parameters);
    else if (NodeId body = m_doc.get(operationNode, "requestBody"); body != kNoNode)
        readRequestBody30(operation, body);

    NodeId responses = m_doc.get(operationNode, "responses");
    if (responses == kNoNode && m_dialect != Dialect::OpenApi31) // optional since 3.1
        m_diagnostics.warning(codes::kMissingRequiredField, operation.where,
                              "operation " + operation.method + " " + path + " has no 'responses'");
    else if (responses != kNoNode)
        operation.responses = readResponses(responses, operationNode);

    if (NodeId security = m_doc.get(operationNode, "security"); security != kNoNode) {
        if (auto scopes = readSecurityRequirements(security))
            operation.requiredScopes = *scopes;
    } else if (m_globalScopes) {
        operation.requiredScopes = *m_globalScopes;
    }

    m_routes.emplace(route, spec.operations.size());
    if (idNode != kNoNode)
        operation.id = m_doc.node(idNode).text;
    m_operationIdNodes.push_back(idNode);
    spec.operations.push_back(std::move(operation));
}

SpecReader::ParameterList SpecReader::readParameters(NodeId list) {
    ParameterList result;
    list = arrayOrNull(list, "'parameters'");
    if (list == kNoNode)
        return result;
    const bool swagger = m_dialect == Dialect::Swagger2;
    for (NodeId item : m_doc.node(list).children) {
        NodeId node = m_refs.resolve(item);
        if (node == kNoNode)
            continue;
        node = objectOrNull(node, "a parameter");
        if (node == kNoNode)
            continue;
        PathParameter entry;
        entry.node = item;
        entry.source = node;
        Parameter& p = entry.parameter;
        p.name = stringOrEmpty(node, "name", "a parameter's 'name'");
        p.in = stringOrEmpty(node, "in", "a parameter's 'in'");
        if (p.name.empty() || p.in.empty()) {
            m_diagnostics.error(codes::kInvalidParameter, m_doc.where(item),
                                "a parameter needs both 'name' and 'in'");
            continue;
        }
        static constexpr std::array<std::string_view, 4> k3{"path", "query", "header", "cookie"};
        static constexpr std::array<std::string_view, 5> k2{"path", "query", "header", "body",
                                                            "formData"};
        bool known = swagger ? std::find(k2.begin(), k2.end(), p.in) != k2.end()
                             : std::find(k3.begin(), k3.end(), p.in) != k3.end();
        if (!known) {
            m_diagnostics.error(codes::kInvalidParameter, m_doc.where(m_doc.get(node, "in")),
                                "parameter '" + p.name + "' has 'in: " + p.in + "'; expected " +
                                    (swagger ? "path, query, header, body or formData"
                                             : "path, query, header or cookie"));
            continue;
        }
        p.required = m_doc.getBool(node, "required", false);
        if (p.in == "path" && !p.required) {
            m_diagnostics.warning(codes::kInvalidParameter, m_doc.where(item),
                                  "path parameter '" + p.name +
                                      "' must have 'required: true'; it is treated as required");
            p.required = true;
        }
        if (swagger && p.in != "body") {
            p.schemaJson = m_refs.toJson(node, isSwaggerSchemaKeyword);
        } else {
            entry.schemaNode = m_doc.get(node, "schema");
            if (entry.schemaNode == kNoNode) {
                // 3.x alternative: a one-entry 'content' map.
                NodeId content = m_doc.get(node, "content");
                if (m_doc.isObject(content) && m_doc.memberCount(content) > 0)
                    entry.schemaNode =
                        m_doc.get(m_refs.resolve(m_doc.memberValue(content, 0)), "schema");
            }
            if (entry.schemaNode != kNoNode)
                p.schemaJson = m_refs.toJson(entry.schemaNode);
        }
        result.push_back(std::move(entry));
    }
    return result;
}

void SpecReader::mergeParameters(ParameterList& into, const ParameterList& overrides) const {
    for (const auto& p : overrides) {
        auto same = std::find_if(into.begin(), into.end(), [&](const PathParameter& q) {
            return q.parameter.name == p.parameter.name && q.parameter.in == p.parameter.in;
        });
        if (same != into.end())
            *same = p;
        else
            into.push_back(p);
    }
}

void SpecReader::checkPathParameters(const Operation& operation, NodeId methodKey,
                                     const ParameterList& params) {
    const std::string& path = operation.urlTemplate;
    for (std::size_t open = path.find('{'); open != std::string::npos;
         open = path.find('{', open + 1)) {
        std::size_t close = path.find('}', open);
        std::string name = path.substr(open + 1, close - open - 1);
        bool declared = std::any_of(params.begin(), params.end(), [&](const PathParameter& p) {
            return p.parameter.in == "path" && p.parameter.name == name;
        });
        if (!declared)
            m_diagnostics.error(codes::kUndeclaredPathParameter, m_doc.where(methodKey),
                                "path parameter '{" + name + "}' of " + operation.method + " " +
                                    path + " is not declared (expected a parameter with name '" +
                                    name + "' and in: path)");
    }
}

void SpecReader::readRequestBody30(Operation& operation, NodeId body) {
    body = m_refs.resolve(body);
    if (body == kNoNode)
        return;
    body = objectOrNull(body, "'requestBody'");
    if (body == kNoNode)
        return;
    operation.requestBodyRequired = m_doc.getBool(body, "required", false);
    operation.requestBody = readContent(m_doc.get(body, "content"));
}

std::vector<std::string> SpecReader::mediaTypes(NodeId operationNode, const char* key,
                                                const char* fallback) const {
    std::vector<std::string> types;
    NodeId list = m_doc.get(operationNode, key);
    if (!m_doc.isArray(list))
        list = m_doc.get(m_doc.root(), key);
    if (m_doc.isArray(list))
        for (NodeId type : m_doc.node(list).children)
            if (m_doc.isString(type))
                types.push_back(m_doc.node(type).text);
    if (types.empty() && fallback)
        types.push_back(fallback);
    return types;
}

void SpecReader::readSwaggerBody(Operation& operation, NodeId operationNode,
                                 const ParameterList& params) {
    auto body = std::find_if(params.begin(), params.end(),
                             [](const PathParameter& p) { return p.parameter.in == "body"; });
    if (body != params.end()) {
        operation.requestBodyRequired = body->parameter.required;
        for (const auto& type : mediaTypes(operationNode, "consumes", "application/json"))
            operation.requestBody.push_back({type, body->parameter.schemaJson, {}});
        return;
    }
    // formData parameters become one object schema, one property per parameter.
    std::string properties;
    std::string required;
    bool hasFile = false;
    for (const auto& p : params) {
        if (p.parameter.in != "formData")
            continue;
        if (!properties.empty())
            properties += ',';
        RefResolver::appendQuoted(properties, p.parameter.name);
        properties += ':';
        properties += p.parameter.schemaJson.empty() ? "{}" : p.parameter.schemaJson;
        if (p.parameter.required) {
            if (!required.empty())
                required += ',';
            RefResolver::appendQuoted(required, p.parameter.name);
            operation.requestBodyRequired = true;
        }
        hasFile = hasFile || m_doc.getText(p.source, "type") == "file";
    }
    if (properties.empty())
        return;
    std::string schema = "{\"type\":\"object\",\"properties\":{" + properties + "}";
    if (!required.empty())
        schema += ",\"required\":[" + required + "]";
    schema += '}';
    std::vector<std::string> types;
    for (const auto& type : mediaTypes(operationNode, "consumes", nullptr))
        if (type == "multipart/form-data" || type == "application/x-www-form-urlencoded")
            types.push_back(type);
    if (types.empty())
        types.push_back(hasFile ? "multipart/form-data" : "application/x-www-form-urlencoded");
    for (const auto& type : types)
        operation.requestBody.push_back({type, schema, {}});
}

std::vector<MediaType> SpecReader::readContent(NodeId content) {
    std::vector<MediaType> result;
    content = objectOrNull(content, "'content'");
    if (content == kNoNode)
        return result;
    for (std::size_t i = 0; i < m_doc.memberCount(content); ++i) {
        NodeId media = objectOrNull(m_doc.memberValue(content, i), "a media type");
        if (media == kNoNode)
            continue;
        MediaType type;
        type.contentType = m_doc.node(m_doc.memberKey(content, i)).text;
        if (NodeId schema = m_doc.get(media, "schema"); schema != kNoNode)
            type.schemaJson = m_refs.toJson(schema);
        type.exampleJson = exampleOf(media);
        result.push_back(std::move(type));
    }
    return result;
}

std::string SpecReader::exampleOf(NodeId media) {
    if (NodeId example = m_doc.get(media, "example"); example != kNoNode)
        return m_refs.toLiteralJson(example);
    NodeId examples = m_doc.get(media, "examples");
    if (!m_doc.isObject(examples) || m_doc.memberCount(examples) == 0)
        return {};
    NodeId first = m_refs.resolve(m_doc.memberValue(examples, 0));
    NodeId value = m_doc.get(first, "value");
    return value == kNoNode ? std::string() : m_refs.toLiteralJson(value);
}

std::vector<Response> SpecReader::readResponses(NodeId responses, NodeId operationNode) {
    std::vector<Response> result;
    responses = objectOrNull(responses, "'responses'");
    if (responses == kNoNode)
        return result;
    for (std::size_t i = 0; i < m_doc.memberCount(responses); ++i) {
        NodeId statusKey = m_doc.memberKey(responses, i);
        const std::string& status = m_doc.node(statusKey).text;
        if (status.rfind("x-", 0) == 0)
            continue;
        bool valid =
            status == "default" ||
            (status.size() == 3 && status[0] >= '1' && status[0] <= '5' &&
             ((std::isdigit(static_cast<unsigned char>(status[1])) &&
               std::isdigit(static_cast<unsigned char>(status[2]))) ||
              ((status[1] == 'X' || status[1] == 'x') && (status[2] == 'X' || status[2] == 'x'))));
        if (!valid) {
            m_diagnostics.warning(codes::kInvalidResponseStatus, m_doc.where(statusKey),
                                  "response status '" + status +
                                      "' is not an HTTP status code, a range like 4XX, or "
                                      "'default'; it is ignored");
            continue;
        }
        NodeId node = m_refs.resolve(m_doc.memberValue(responses, i));
        if (node == kNoNode)
            continue;
        node = objectOrNull(node, "response '" + status + "'");
        if (node == kNoNode)
            continue;
        Response response;
        response.status = status;
        response.description = stringOrEmpty(node, "description", "a response's 'description'");
        response.headers = readResponseHeaders(m_doc.get(node, "headers"));
        if (m_dialect != Dialect::Swagger2) {
            response.content = readContent(m_doc.get(node, "content"));
        } else {
            NodeId schema = m_doc.get(node, "schema");
            NodeId examples = m_doc.get(node, "examples");
            std::string schemaJson = schema != kNoNode ? m_refs.toJson(schema) : std::string();
            if (schema != kNoNode)
                for (const auto& type : mediaTypes(operationNode, "produces", "application/json"))
                    response.content.push_back(
                        {type, schemaJson,
                         m_doc.get(examples, type) != kNoNode
                             ? m_refs.toLiteralJson(m_doc.get(examples, type))
                             : std::string()});
            else if (m_doc.isObject(examples))
                for (std::size_t j = 0; j < m_doc.memberCount(examples); ++j)
                    response.content.push_back(
                        {m_doc.node(m_doc.memberKey(examples, j)).text,
                         {},
                         m_refs.toLiteralJson(m_doc.memberValue(examples, j))});
        }
        result.push_back(std::move(response));
    }
    return result;
}

std::vector<Parameter> SpecReader::readResponseHeaders(NodeId headers) {
    std::vector<Parameter> result;
    if (!m_doc.isObject(headers))
        return result;
    for (std::size_t i = 0; i < m_doc.memberCount(headers); ++i) {
        const NodeId header = m_refs.resolve(m_doc.memberValue(headers, i));
        if (header == kNoNode || !m_doc.isObject(header))
            continue;
        Parameter p;
        p.name = m_doc.node(m_doc.memberKey(headers, i)).text;
        p.in = "header";
        p.required = m_doc.getBool(header, "required", false);
        // 2.0 writes the schema's keywords on the header itself; 3.x nests a schema.
        if (m_dialect == Dialect::Swagger2) {
            p.schemaJson = m_refs.toJson(header, isSwaggerSchemaKeyword);
        } else if (const NodeId schema = m_doc.get(header, "schema"); schema != kNoNode) {
            p.schemaJson = m_refs.toJson(schema);
        }
        result.push_back(std::move(p));
    }
    return result;
}

void SpecReader::assignOperationIds(Specification& spec) {
    std::map<std::string, std::size_t> used;
    std::vector<std::size_t> duplicates;
    for (std::size_t i = 0; i < spec.operations.size(); ++i) {
        if (m_operationIdNodes[i] == kNoNode)
            continue;
        auto [first, inserted] = used.emplace(spec.operations[i].id, i);
        if (!inserted) {
            const Operation& other = spec.operations[first->second];
            m_diagnostics.error(codes::kDuplicateOperationId, m_doc.where(m_operationIdNodes[i]),
                                "duplicate operationId '" + spec.operations[i].id +
                                    "' (also used by " + other.method + " " + other.urlTemplate +
                                    " at " + locationText(other.where) + ")");
            duplicates.push_back(i);
        }
    }
    auto unique = [&](const std::string& base, std::size_t index) {
        std::string id = base;
        for (int n = 2; used.count(id); ++n)
            id = base + "-" + std::to_string(n);
        used.emplace(id, index);
        return id;
    };
    for (std::size_t i : duplicates)
        spec.operations[i].id = unique(spec.operations[i].id, i);
    for (std::size_t i = 0; i < spec.operations.size(); ++i) {
        if (m_operationIdNodes[i] != kNoNode)
            continue;
        Operation& operation = spec.operations[i];
        std::string base;
        for (char c : operation.method + "-" + operation.urlTemplate) {
            auto u = static_cast<unsigned char>(c);
            if (std::isalnum(u))
                base += static_cast<char>(std::tolower(u));
            else if (!base.empty() && base.back() != '-')
                base += '-';
        }
        while (!base.empty() && base.back() == '-')
            base.pop_back();
        operation.id = unique(base, i);
        operation.idGenerated = true;
    }
}

NodeId SpecReader::objectOrNull(NodeId id, const std::string& what) {
    if (id == kNoNode || m_doc.isObject(id))
        return id;
    m_diagnostics.error(codes::kWrongType, m_doc.where(id),
                        what + " must be a mapping, found " +
                            Document::kindName(m_doc.node(id).kind));
    return kNoNode;
}

NodeId SpecReader::arrayOrNull(NodeId id, const std::string& what) {
    if (id == kNoNode || m_doc.isArray(id))
        return id;
    m_diagnostics.error(codes::kWrongType, m_doc.where(id),
                        what + " must be a list, found " + Document::kindName(m_doc.node(id).kind));
    return kNoNode;
}

std::string SpecReader::stringOrEmpty(NodeId object, const char* key, const std::string& what) {
    NodeId value = m_doc.get(object, key);
    if (value == kNoNode)
        return {};
    if (!m_doc.isScalar(value)) {
        m_diagnostics.error(codes::kWrongType, m_doc.where(value),
                            what + " must be a string, found " +
                                Document::kindName(m_doc.node(value).kind));
        return {};
    }
    return m_doc.node(value).text;
}

} // namespace portico::openapi::detail

#include "core/policy/workspace_pipelines.h"

#include "core/policy/workspace_documents.h"

#include <algorithm>

namespace portico::policy {

namespace {

bool hasPolicies(const CompiledPipeline& pipeline) {
    return std::any_of(pipeline.sections.begin(), pipeline.sections.end(),
                       [](const CompiledPolicyList& list) { return !list.empty(); });
}

std::shared_ptr<const CompiledPipeline>
compileChain(const model::Workspace& ws, const WorkspaceDocuments& documents,
             const PolicyDocument* product, const std::string& apiId,
             const std::string& operationId, const NamedValueLookup& namedValues,
             model::DiagnosticList& diagnostics, const openapi::Operation* operation,
             const SubscriptionKeyNames& keyNames) {
    const auto merged =
        mergeScopes(documents.chain(product, apiId, operationId), documents.fragments, diagnostics);
    auto compiled =
        compilePipeline(merged, namedValues, diagnostics, nullptr, operation, &keyNames, &ws);
    if (!compiled)
        return nullptr;
    return std::make_shared<const CompiledPipeline>(std::move(*compiled));
}

void noteBodyUse(OperationPipelines& pipelines, const CompiledPipeline& pipeline) {
    pipelines.readsRequestBody = pipelines.readsRequestBody ||
                                 readsBody(pipeline.section(Section::Inbound)) ||
                                 readsBody(pipeline.section(Section::Backend));
    pipelines.readsResponseBody = pipelines.readsResponseBody ||
                                  readsBody(pipeline.section(Section::Outbound)) ||
                                  readsBody(pipeline.section(Section::OnError));
}

} // namespace

const CompiledPipeline& OperationPipelines::select(std::string_view productId) const {
    if (!productId.empty()) {
        const auto it = byProduct.find(productId);
        if (it != byProduct.end())
            return *it->second;
    }
    return *plain;
}

WorkspacePipelines compileWorkspacePipelines(const model::Workspace& ws,
                                             const NamedValueLookup& namedValues,
                                             model::DiagnosticList& diagnostics) {
    WorkspacePipelines result;
    const std::size_t errorsBefore = diagnostics.errorCount();
    const WorkspaceDocuments documents = parseWorkspaceDocuments(ws, diagnostics);
    if (diagnostics.errorCount() != errorsBefore)
        return result;
    for (const auto& api : ws.apis) {
        const SubscriptionKeyNames keyNames{api.subscriptionKeyHeaderName,
                                            api.subscriptionKeyQueryParamName};
        for (const auto& operationId : chainOperationIds(api)) {
            const openapi::Operation* operation = api.specification.findOperation(operationId);
            auto pipelines = std::make_shared<OperationPipelines>();
            pipelines->plain = compileChain(ws, documents, nullptr, api.id, operationId,
                                            namedValues, diagnostics, operation, keyNames);
            if (!pipelines->plain)
                continue;
            noteBodyUse(*pipelines, *pipelines->plain);
            pipelines->passThrough = !hasPolicies(*pipelines->plain);
            for (const auto& product : ws.products) {
                const auto* document = documents.product(product.id);
                if (!document || std::find(product.apis.begin(), product.apis.end(), api.id) ==
                                     product.apis.end())
                    continue;
                auto pipeline = compileChain(ws, documents, document, api.id, operationId,
                                             namedValues, diagnostics, operation, keyNames);
                if (!pipeline)
                    continue;
                noteBodyUse(*pipelines, *pipeline);
                pipelines->passThrough = pipelines->passThrough && !hasPolicies(*pipeline);
                pipelines->byProduct.emplace(product.id, std::move(pipeline));
            }
            result.emplace(std::make_pair(api.id, operationId), std::move(pipelines));
        }
    }
    return result;
}

} // namespace portico::policy

#include "core/policy/request_context.h"

#include "core/policy/context_expressions.h"

#include <algorithm>
#include <cstdlib>

namespace portico::policy {

RequestContext::RequestContext() = default;
RequestContext::~RequestContext() = default;

const VariableValue* RequestContext::variable(std::string_view name) const {
    const auto it = m_variables.find(name);
    return it == m_variables.end() ? nullptr : &it->second;
}

void RequestContext::setVariable(std::string name, VariableValue value) {
    if (m_variableLog)
        m_variableLog->push_back(name);
    m_variables.insert_or_assign(std::move(name), std::move(value));
}

expr::ExpressionContext& RequestContext::expressions() {
    if (!m_expressions)
        m_expressions = std::make_unique<ContextExpressions>(*this);
    return *m_expressions;
}

void RequestContext::hold(const void* owner, std::shared_ptr<void> resource) {
    release(owner);
    m_held.emplace_back(owner, std::move(resource));
}

void RequestContext::release(const void* owner) {
    std::erase_if(m_held, [owner](const auto& held) { return held.first == owner; });
}

void RequestContext::atFinish(std::function<void(RequestContext&)> work) {
    m_finishers.push_back(std::move(work));
}

void RequestContext::runFinishers(bool byHost) {
    if (m_finishersDeferred && !byHost)
        return;
    auto finishers = std::move(m_finishers);
    m_finishers.clear();
    for (auto& work : finishers)
        work(*this);
}

std::int64_t RequestContext::bodyBytes(MessageKind message) const {
    std::int64_t bytes = 0;
    for (const auto& length : headerValues(message, "Content-Length"))
        bytes = std::max<std::int64_t>(bytes, std::atoll(length.c_str()));
    return bytes;
}

} // namespace portico::policy

#include "core/policy/expr/expression.h"

#include "core/policy/expr/binder.h"
#include "core/policy/expr/parser.h"

namespace portico::policy::expr {

std::string EvaluationError::toString() const {
    return std::to_string(where.line) + ':' + std::to_string(where.column) + ": " + type + ": " +
           message;
}

CompiledExpression::CompiledExpression(std::shared_ptr<const Program> program)
    : m_program(std::move(program)) {}

bool CompiledExpression::isBlock() const {
    return m_program->isBlock;
}

Ty CompiledExpression::resultType() const {
    return m_program->resultType;
}

EvaluationResult CompiledExpression::evaluate(ExpressionContext& context,
                                              const Limits& limits) const {
    Eval eval{context, {}, 0, limits.maxSteps, 0, limits.maxBytes, {}, false};
    eval.slots.resize(std::size_t(m_program->slotCount));
    EvaluationResult result;
    try {
        if (m_program->isBlock) {
            m_program->block(eval);
            result.value = std::move(eval.result);
        } else {
            result.value = m_program->expression(eval);
        }
    } catch (const Raise& r) {
        result.error = EvaluationError{r.type, r.message, r.where, r.budget};
    } catch (const std::bad_alloc&) {
        result.error =
            EvaluationError{"OutOfMemoryException", "The expression ran out of memory.", {}, true};
    }
    return result;
}

bool isPolicyExpression(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        ++i;
    return text.size() > i + 1 && text[i] == '@' && (text[i + 1] == '(' || text[i + 1] == '{');
}

CompileResult compileExpression(std::string_view text, Position start) {
    CompileResult result;
    ParseResult parsed = parsePolicyExpression(text, start);
    if (!parsed.ok()) {
        for (const ParseError& e : parsed.errors)
            result.errors.push_back({e.message, e.where});
        return result;
    }
    auto program = bindProgram(*parsed.root, parsed.block, result.errors);
    if (program)
        result.expression.emplace(std::move(program));
    return result;
}

} // namespace portico::policy::expr

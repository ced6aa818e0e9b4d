#include "core/policy/pipeline_run.h"

#include "core/text/json_string.h"

#include <algorithm>

namespace portico::policy {

PipelineRun::PipelineRun(const CompiledPipeline& pipeline, RequestContext& context)
    : m_pipeline(pipeline)
    , m_context(context) {
    startSection(Section::Inbound);
}

void PipelineRun::startSection(Section section) {
    m_section = section;
    m_frames.clear();
    m_frames.push_back({&m_pipeline.section(section)});
}

PipelineRun::State PipelineRun::advance() {
    while (!m_finished && !m_work) {
        if (m_frames.empty()) {
            endSection();
            continue;
        }
        Frame& frame = m_frames.back();
        if (frame.next >= frame.list->size()) {
            unwind();
            continue;
        }
        const CompiledPolicy& policy = *(*frame.list)[frame.next++];
        handle(policy, call(policy, [&] { return policy.run(m_context); }));
    }
    if (m_finished)
        m_context.runFinishers();
    return m_finished ? State::Finished : State::Awaiting;
}

void PipelineRun::complete(const AwaitOutcome& outcome) {
    const CompiledPolicy* policy = m_awaiting;
    const bool loopDelay = m_loopDelay.has_value();
    m_awaiting = nullptr;
    m_work = nullptr;
    m_madeWork.reset();
    m_loopDelay.reset();
    if (loopDelay)
        return;    // the loop's frame is already rewound to its first policy
    if (!policy) { // the implicit forward of an empty backend section
        if (outcome.error)
            fail(*outcome.error);
        return;
    }
    handle(*policy, call(*policy, [&] { return policy->resume(m_context, outcome); }));
}

template <typename Call> RunResult PipelineRun::call(const CompiledPolicy& policy, Call&& run) {
    if (!m_trace)
        return run();
    std::vector<std::string> names;
    m_context.logVariableNamesInto(&names);
    const auto start = std::chrono::steady_clock::now();
    RunResult result = run();
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);
    m_context.logVariableNamesInto(nullptr);
    std::vector<std::pair<std::string, std::string>> variables;
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (auto& name : names) {
        const auto* value = m_context.variable(name);
        variables.emplace_back(std::move(name), value ? expr::toDisplayString(*value) : "");
    }
    m_trace->record(m_section, policy, elapsed, result, std::move(variables));
    return result;
}

PipelineRun::State PipelineRun::handle(const CompiledPolicy& policy, RunResult result) {
    switch (result.flow) {
    case RunResult::Flow::Continue:
        break;
    case RunResult::Flow::Respond:
        m_finished = true;
        break;
    case RunResult::Flow::Fail:
        return fail(std::move(*result.error));
    case RunResult::Flow::Enter:
        m_frames.push_back({result.body});
        break;
    case RunResult::Flow::Loop:
        m_frames.push_back({result.body, 0, &policy, 0});
        break;
    case RunResult::Flow::Await:
        m_awaiting = &policy;
        m_work = &result.awaited();
        m_madeWork = std::move(result.work); // keeps m_work alive when the policy made it
        return State::Awaiting;
    }
    return m_finished ? State::Finished : State::Awaiting;
}

PipelineRun::State PipelineRun::fail(PolicyError error) {
    m_context.lastError = error;
    m_context.lastErrorSection = m_section;
    // The failure leaves the enclosing loops from the innermost out: a retry may take it and run
    // its body again; one that gives up, and a limit-concurrency (which frees its slot), pass it
    // on to the next.
    for (std::size_t i = m_frames.size(); i-- > 0;) {
        Frame& frame = m_frames[i];
        if (!frame.loop)
            continue;
        const LoopDecision decision =
            frame.loop->repeat(m_context, ++frame.passes, std::optional<PolicyError>(error));
        if (!decision.again)
            continue;
        m_context.lastError.reset(); // the next attempt starts clean
        m_frames.resize(i + 1);
        frame.next = 0;
        if (decision.delay.count() > 0) {
            m_work = &m_loopDelay.emplace(DelayWork{decision.delay});
        }
        return State::Awaiting;
    }
    m_failed = true;
    writeErrorResponse(m_context, error);
    if (m_section == Section::OnError) {
        m_finished = true; // a failure while handling a failure ends the request
        return State::Finished;
    }
    startSection(Section::OnError);
    return State::Awaiting;
}

PipelineRun::State PipelineRun::unwind() {
    Frame& frame = m_frames.back();
    if (frame.loop) {
        const LoopDecision decision = frame.loop->repeat(m_context, ++frame.passes, std::nullopt);
        if (decision.again) {
            frame.next = 0;
            if (decision.delay.count() > 0) {
                m_work = &m_loopDelay.emplace(DelayWork{decision.delay});
            }
            return State::Awaiting;
        }
    }
    m_frames.pop_back();
    return State::Awaiting;
}

PipelineRun::State PipelineRun::endSection() {
    switch (m_section) {
    case Section::Inbound:
        startSection(Section::Backend);
        if (m_pipeline.section(Section::Backend).empty()) {
            // No backend policies at any scope: forward as APIM's default global policy does.
            m_frames.clear();
            static const AwaitedWork kForward = ForwardWork{};
            m_work = &kForward;
        }
        break;
    case Section::Backend:
        startSection(Section::Outbound);
        break;
    case Section::Outbound:
    case Section::OnError:
        m_finished = true;
        break;
    }
    return m_finished ? State::Finished : State::Awaiting;
}

void writeErrorResponse(RequestContext& context, const PolicyError& error) {
    context.resetResponse();
    context.setStatus(error.statusCode, {});
    context.setHeader(MessageKind::Response, "Content-Type", {"application/json"});
    context.setBody(MessageKind::Response, "{\"statusCode\":" + std::to_string(error.statusCode) +
                                               ",\"message\":" + text::jsonString(error.message) +
                                               "}");
}

} // namespace portico::policy

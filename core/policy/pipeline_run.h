#pragma once

#include "core/policy/compiled_policy.h"
#include "core/policy/pipeline_trace.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

namespace portico::policy {

// One request's walk through a compiled pipeline: inbound, backend, outbound, and on-error when a
// policy fails. It runs synchronously until a policy awaits work (the backend call, a delay, a
// side request, a key fetch); the host does that work however it likes and calls complete().
// Holding only indices into the shared pipeline, it needs no locks and can be resumed on any
// thread.
class PipelineRun {
public:
    enum class State {
        Awaiting, // do awaited(), then complete()
        Finished, // send the context's response
    };

    PipelineRun(const CompiledPipeline& pipeline, RequestContext& context);

    // Runs until the pipeline awaits work or finishes.
    State advance();
    const AwaitedWork& awaited() const { return *m_work; }
    // The section of the awaited work, or where the run finished.
    Section section() const { return m_section; }
    void complete(const AwaitOutcome& outcome);

    // Whether the run ended in on-error (the response then describes context.lastError).
    bool failed() const { return m_failed; }

    // Records every policy run into `trace` (for requests with Ocp-Apim-Trace).
    void traceInto(PipelineTrace* trace) { m_trace = trace; }

private:
    struct Frame {
        const CompiledPolicyList* list = nullptr;
        std::size_t next = 0;
        const CompiledPolicy* loop = nullptr; // the policy whose body this frame runs, if a Loop
        int passes = 0;
    };

    State handle(const CompiledPolicy& policy, RunResult result);
    // policy.run() or policy.resume(), timed and recorded when tracing.
    template <typename Call> RunResult call(const CompiledPolicy& policy, Call&& run);
    State fail(PolicyError error);
    State unwind(); // the top frame has run out of policies
    void startSection(Section section);
    State endSection();

    const CompiledPipeline& m_pipeline;
    RequestContext& m_context;
    Section m_section = Section::Inbound;
    std::vector<Frame> m_frames;
    const CompiledPolicy* m_awaiting = nullptr; // whose work is out; nullptr for implicit forward
    // What is out: m_madeWork, m_loopDelay, the implicit forward, or work a policy keeps.
    const AwaitedWork* m_work = nullptr;
    std::shared_ptr<AwaitedWork> m_madeWork; // made by the policy for this request
    std::optional<AwaitedWork> m_loopDelay;  // a Loop waiting before its next pass
    bool m_failed = false;
    PipelineTrace* m_trace = nullptr;
    bool m_finished = false;
};

// The default error response for a failed policy: its status and APIM's JSON body.
void writeErrorResponse(RequestContext& context, const PolicyError& error);

} // namespace portico::policy

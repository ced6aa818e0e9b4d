#pragma once

#include "core/model/entities.h"
#include "core/throttle/concurrency_limiter.h"
#include "core/throttle/counter_store.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace portico::throttle {

// What throttling policies share: the counter store and a hook for the throttled-requests
// metric. Compiled policies hold it, so each snapshot keeps the one it was built with alive;
// the gateway installs one per store configuration so that counts survive reloads.
class Throttling {
public:
    explicit Throttling(std::shared_ptr<CounterStore> store)
        : m_store(std::move(store)) {}

    CounterStore& store() const { return *m_store; }
    ConcurrencyLimiter& limiter() { return m_limiter; }

    // Called with (policy kind, API id) whenever a policy refuses a request.
    void setThrottledHook(std::function<void(std::string_view, std::string_view)> hook) {
        m_hook = std::move(hook);
    }
    void throttled(std::string_view policy, std::string_view api) const {
        if (m_hook)
            m_hook(policy, api);
    }

private:
    std::shared_ptr<CounterStore> m_store;
    ConcurrencyLimiter m_limiter;
    std::function<void(std::string_view, std::string_view)> m_hook;
};

struct ThrottlingBuild {
    std::shared_ptr<Throttling> throttling; // null when `error` says why
    std::string error;
};

// A local or Redis store as the gateway's `ratelimit` settings say; `failureMetric` counts
// decisions made while Redis is unreachable.
ThrottlingBuild makeThrottling(const model::RateLimitSettings& settings,
                               std::atomic<std::uint64_t>* failureMetric = nullptr);

// The throttling that policies compiled from now on use; a process-wide local store until the
// gateway installs another.
std::shared_ptr<Throttling> currentThrottling();
void installThrottling(std::shared_ptr<Throttling> throttling);

} // namespace portico::throttle

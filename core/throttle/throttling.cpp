#include "core/throttle/throttling.h"

#include "core/throttle/local_store.h"
#include "core/throttle/redis_store.h"
#include "core/throttle/redis_url.h"

#include <mutex>

namespace portico::throttle {

namespace {

std::mutex& currentMutex() {
    static std::mutex mutex;
    return mutex;
}

std::shared_ptr<Throttling>& current() {
    static std::shared_ptr<Throttling> throttling =
        std::make_shared<Throttling>(std::make_shared<LocalCounterStore>());
    return throttling;
}

} // namespace

ThrottlingBuild makeThrottling(const model::RateLimitSettings& settings,
                               std::atomic<std::uint64_t>* failureMetric) {
    if (settings.store != "redis")
        return {std::make_shared<Throttling>(std::make_shared<LocalCounterStore>()), {}};
    const auto url = parseRedisUrl(settings.url);
    if (!url.endpoint)
        return {nullptr, "bad Redis URL in 'ratelimit.url': " + url.error};
    RedisStoreOptions options;
    options.endpoint = *url.endpoint;
    options.failure = settings.failure == "closed" ? FailureMode::Closed : FailureMode::Open;
    options.failureMetric = failureMetric;
    return {std::make_shared<Throttling>(std::make_shared<RedisCounterStore>(std::move(options))),
            {}};
}

std::shared_ptr<Throttling> currentThrottling() {
    std::lock_guard lock(currentMutex());
    return current();
}

void installThrottling(std::shared_ptr<Throttling> throttling) {
    std::lock_guard lock(currentMutex());
    if (throttling)
        current() = std::move(throttling);
}

} // namespace portico::throttle

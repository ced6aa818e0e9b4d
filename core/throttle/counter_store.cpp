#include "core/throttle/counter_store.h"

namespace portico::throttle {

Decision CounterStore::acquire(std::string_view key, const Window& window, std::int64_t limit,
                               std::int64_t count, RequestScope* scope) {
    if (scope && scope->counted(key))
        return check(key, window, limit, 0);
    Decision decision = tryAcquire(key, window, limit, count);
    if (decision.admitted && scope)
        scope->markCounted(key);
    return decision;
}

} // namespace portico::throttle

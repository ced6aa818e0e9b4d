#pragma once

#include "core/throttle/clock.h"
#include "core/throttle/redis_url.h"

#include <cstdint>
#include <string>
#include <vector>

struct redisContext;

namespace portico::throttle {

// One synchronous hiredis connection; not thread-safe (the Redis store serialises its use).
class RedisConnection {
public:
    RedisConnection(RedisEndpoint endpoint, Millis connectTimeout, Millis commandTimeout);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Connects, authenticates, selects the database and loads the scripts; the error otherwise.
    std::string connect(const std::vector<std::string>& scripts);
    bool connected() const { return m_context != nullptr; }
    void close();

    struct Reply {
        bool ok = false;
        std::vector<std::int64_t> integers; // an integer reply, or an array of integers
        std::string error;
    };
    // EVALSHA of the `script`-th script given to connect(); reloads it on NOSCRIPT.
    Reply eval(std::size_t script, const std::vector<std::string>& keys,
               const std::vector<std::string>& args);
    Reply command(const std::vector<std::string>& argv);
    const RedisEndpoint& endpoint() const { return m_endpoint; }

private:
    RedisEndpoint m_endpoint;
    Millis m_connectTimeout;
    Millis m_commandTimeout;
    redisContext* m_context = nullptr;
    std::vector<std::string> m_scripts;
    std::vector<std::string> m_hashes;
};

} // namespace portico::throttle

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portico::throttle {

struct RedisEndpoint {
    std::string host = "127.0.0.1";
    int port = 6379;
    int database = 0;
    std::string username;
    std::string password;
};

struct RedisUrl {
    std::optional<RedisEndpoint> endpoint;
    std::string error; // what is wrong, when endpoint is empty
};

// redis://[[user]:password@]host[:port][/database]
RedisUrl parseRedisUrl(std::string_view url);

} // namespace portico::throttle

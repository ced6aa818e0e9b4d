#include "core/throttle/redis_connection.h"

#include <hiredis/hiredis.h>

#include <sys/time.h>

namespace portico::throttle {

namespace {

timeval toTimeval(Millis ms) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
    return tv;
}

RedisConnection::Reply convert(redisReply* reply) {
    RedisConnection::Reply out;
    if (!reply)
        return out;
    switch (reply->type) {
    case REDIS_REPLY_INTEGER:
        out.ok = true;
        out.integers.push_back(reply->integer);
        break;
    case REDIS_REPLY_ARRAY:
        out.ok = true;
        for (std::size_t i = 0; i < reply->elements; ++i) {
            const auto* e = reply->element[i];
            out.integers.push_back(e && e->type == REDIS_REPLY_INTEGER ? e->integer : 0);
        }
        break;
    case REDIS_REPLY_ERROR:
        out.error.assign(reply->str, reply->len);
        break;
    default:
        out.ok = true;
        break;
    }
    return out;
}

} // namespace

RedisConnection::RedisConnection(RedisEndpoint endpoint, Millis connectTimeout,
                                 Millis commandTimeout)
    : m_endpoint(std::move(endpoint))
    , m_connectTimeout(connectTimeout)
    , m_commandTimeout(commandTimeout) {}

RedisConnection::~RedisConnection() {
    close();
}

void RedisConnection::close() {
    if (m_context) {
        redisFree(m_context);
        m_context = nullptr;
    }
}

std::string RedisConnection::connect(const std::vector<std::string>& scripts) {
    close();
    m_scripts = scripts;
    m_hashes.assign(scripts.size(), {});
    redisContext* c = redisConnectWithTimeout(m_endpoint.host.c_str(), m_endpoint.port,
                                              toTimeval(m_connectTimeout));
    if (!c)
        return "cannot allocate a Redis connection";
    if (c->err) {
        std::string error = c->errstr;
        redisFree(c);
        return error;
    }
    redisSetTimeout(c, toTimeval(m_commandTimeout));
    m_context = c;
    auto fail = [&](const std::string& what, const Reply& r) {
        const std::string error =
            what + ": " + (r.error.empty() ? std::string(m_context->errstr) : r.error);
        close();
        return error;
    };
    if (!m_endpoint.password.empty()) {
        std::vector<std::string> argv{"AUTH"};
        if (!m_endpoint.username.empty())
            argv.push_back(m_endpoint.username);
        argv.push_back(m_endpoint.password);
        if (auto r = command(argv); !r.ok)
            return fail("AUTH failed", r);
    }
    if (m_endpoint.database != 0) {
        if (auto r = command({"SELECT", std::to_string(m_endpoint.database)}); !r.ok)
            return fail("SELECT failed", r);
    }
    for (std::size_t i = 0; i < scripts.size(); ++i) {
        auto* reply = static_cast<redisReply*>(
            redisCommand(m_context, "SCRIPT LOAD %b", scripts[i].data(), scripts[i].size()));
        if (!reply || reply->type != REDIS_REPLY_STRING) {
            Reply r = convert(reply);
            if (reply)
                freeReplyObject(reply);
            return fail("SCRIPT LOAD failed", r);
        }
        m_hashes[i].assign(reply->str, reply->len);
        freeReplyObject(reply);
    }
    return {};
}

RedisConnection::Reply RedisConnection::command(const std::vector<std::string>& argv) {
    if (!m_context)
        return {false, {}, "not connected"};
    std::vector<const char*> parts;
    std::vector<std::size_t> lengths;
    for (const auto& a : argv) {
        parts.push_back(a.data());
        lengths.push_back(a.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(m_context, static_cast<int>(parts.size()), parts.data(), lengths.data()));
    if (!reply) {
        Reply r{false, {}, m_context->errstr};
        close(); // the connection is unusable after an I/O error or timeout
        return r;
    }
    Reply r = convert(reply);
    freeReplyObject(reply);
    return r;
}

RedisConnection::Reply RedisConnection::eval(std::size_t script,
                                             const std::vector<std::string>& keys,
                                             const std::vector<std::string>& args) {
    std::vector<std::string> argv{"EVALSHA", m_hashes.at(script), std::to_string(keys.size())};
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.insert(argv.end(), args.begin(), args.end());
    Reply r = command(argv);
    if (!r.ok && r.error.rfind("NOSCRIPT", 0) == 0) {
        argv[0] = "EVAL";
        argv[1] = m_scripts.at(script);
        r = command(argv);
    }
    return r;
}

} // namespace portico::throttle

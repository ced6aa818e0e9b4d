#include "loopback_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace portico::identity::test {

LoopbackHttpServer::LoopbackHttpServer() {
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(m_listener, 16) != 0 ||
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error("cannot listen on 127.0.0.1");
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
    m_stopping = true;
    m_thread.join();
    ::close(m_listener);
}

std::string LoopbackHttpServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
}

void LoopbackHttpServer::answer(const std::string& path, int status, std::string body) {
    std::lock_guard lock(m_mutex);
    m_answers[path] = {status, std::move(body)};
}

int LoopbackHttpServer::hits(const std::string& path) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_hits.find(path);
    return it == m_hits.end() ? 0 : it->second;
}

void LoopbackHttpServer::serve() {
    while (!m_stopping) {
        pollfd listener{m_listener, POLLIN, 0};
        if (::poll(&listener, 1, 50) <= 0)
            continue;
        const int client = ::accept(m_listener, nullptr, nullptr);
        if (client < 0)
            continue;
        handle(client);
        ::close(client);
    }
}

void LoopbackHttpServer::handle(int client) {
    std::string request;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
        pollfd readable{client, POLLIN, 0};
        if (::poll(&readable, 1, 2000) <= 0)
            return;
        const auto got = ::recv(client, buffer, sizeof buffer, 0);
        if (got <= 0)
            return;
        request.append(buffer, static_cast<std::size_t>(got));
    }
    const auto firstSpace = request.find(' ');
    const auto secondSpace = request.find(' ', firstSpace + 1);
    const std::string path = request.substr(firstSpace + 1, secondSpace - firstSpace - 1);
    std::pair<int, std::string> answer{404, "{}"};
    {
        std::lock_guard lock(m_mutex);
        ++m_hits[path];
        if (const auto it = m_answers.find(path); it != m_answers.end())
            answer = it->second;
    }
    if (m_silent) {
        // Hold the connection open without a word until the client gives up.
        while (!m_stopping) {
            pollfd readable{client, POLLIN, 0};
            if (::poll(&readable, 1, 50) > 0 && ::recv(client, buffer, sizeof buffer, 0) <= 0)
                return;
        }
        return;
    }
    const std::string response = "HTTP/1.1 " + std::to_string(answer.first) +
                                 " X\r\nContent-Type: application/json\r\nContent-Length: " +
                                 std::to_string(answer.second.size()) +
                                 "\r\nConnection: close\r\n\r\n" + answer.second;
    std::size_t sent = 0;
    while (sent < response.size()) {
        const auto wrote =
            ::send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
        if (wrote <= 0)
            return;
        sent += static_cast<std::size_t>(wrote);
    }
}

} // namespace portico::identity::test

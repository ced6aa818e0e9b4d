#pragma once

#include <string>
#include <utility>
#include <vector>

namespace portico::identity::dev_idp {

// One HTTP exchange with the local identity provider, free of any network library so that the
// provider runs the same in unit tests and behind the gateway's listener.
struct Request {
    std::string method; // GET, POST, ...
    std::string target; // path and query
    std::string contentType;
    std::string authorization;
    std::string body;
};

struct Response {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // besides Content-Type
};

} // namespace portico::identity::dev_idp

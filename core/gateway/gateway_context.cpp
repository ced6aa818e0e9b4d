#include "core/gateway/detail/gateway_context.h"

#include "core/text/ascii.h"

namespace portico::gateway::detail {

namespace {

beast::string_view bsv(std::string_view s) {
    return {s.data(), s.size()};
}

} // namespace

std::string decodeQueryComponent(std::string_view text, bool plusIsSpace) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+' && plusIsSpace) {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && text::isAsciiHexDigit(text[i + 1]) &&
                   text::isAsciiHexDigit(text[i + 2])) {
            out += static_cast<char>(text::asciiHexValue(text[i + 1]) * 16 +
                                     text::asciiHexValue(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string encodeQueryComponent(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (text::isAsciiAlnum(static_cast<char>(c)) || c == '-' || c == '_' || c == '.' ||
            c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::vector<std::string> queryParameterValues(std::string_view query, std::string_view name) {
    std::vector<std::string> values;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (decodeQueryComponent(pair.substr(0, eq)) == name)
            values.push_back(eq == std::string_view::npos
                                 ? std::string()
                                 : decodeQueryComponent(pair.substr(eq + 1)));
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return values;
}

GatewayContext::GatewayContext(RequestHead& request, std::string method, std::string clientAddress,
                               std::string path, std::string rawQuery)
    : m_requestHead(request)
    , m_request(request)
    , m_method(std::move(method))
    , m_clientAddress(std::move(clientAddress))
    , m_path(std::move(path))
    , m_rawQuery(std::move(rawQuery)) {}

bool GatewayContext::setMethod(std::string method) {
    // A method is an HTTP token; anything else would corrupt the request line.
    if (method.empty() || method.find_first_of(" \t\r\n") != std::string::npos)
        return false;
    m_requestHead.method_string(bsv(method));
    m_method = std::move(method);
    return true;
}

std::optional<std::vector<std::pair<std::string, std::string>>>
GatewayContext::headerList(policy::MessageKind message) const {
    std::vector<std::pair<std::string, std::string>> list;
    for (const auto& field : fields(message))
        list.emplace_back(std::string(field.name_string()), std::string(field.value()));
    return list;
}

std::vector<std::pair<std::string, std::string>> GatewayContext::queryParameters() const {
    if (m_query)
        return *m_query;
    std::vector<std::pair<std::string, std::string>> query;
    std::string_view rest = m_rawQuery;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto pair = rest.substr(0, amp);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            query.emplace_back(decodeQueryComponent(pair.substr(0, eq)),
                               eq == std::string_view::npos
                                   ? std::string()
                                   : decodeQueryComponent(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos)
            break;
        rest.remove_prefix(amp + 1);
    }
    return query;
}

void GatewayContext::setQueryParameters(std::vector<std::pair<std::string, std::string>> query) {
    m_query = std::move(query);
}

std::string GatewayContext::backendQuery() const {
    if (!m_query)
        return m_rawQuery;
    std::string out;
    for (const auto& [name, value] : *m_query) {
        if (!out.empty())
            out += '&';
        out += encodeQueryComponent(name);
        out += '=';
        out += encodeQueryComponent(value);
    }
    return out;
}

std::optional<std::string> GatewayContext::matchedParameter(std::string_view name) const {
    for (const auto& [key, value] : matched) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

std::vector<std::string> GatewayContext::headerValues(policy::MessageKind message,
                                                      std::string_view name) const {
    std::vector<std::string> values;
    const auto range = fields(message).equal_range(bsv(name));
    for (auto it = range.first; it != range.second; ++it)
        values.emplace_back(it->value().data(), it->value().size());
    return values;
}

policy::RequestContext::HeaderLookup GatewayContext::findHeader(policy::MessageKind message,
                                                                std::string_view name) const {
    HeaderLookup found;
    const auto range = fields(message).equal_range(bsv(name));
    for (auto it = range.first; it != range.second; ++it) {
        if (found.count++ == 0)
            found.first = std::string_view(it->value().data(), it->value().size());
    }
    return found;
}

void GatewayContext::setHeader(policy::MessageKind message, std::string_view name,
                               std::vector<std::string> values) {
    auto& f = fields(message);
    f.erase(bsv(name));
    for (const auto& value : values)
        f.insert(bsv(name), bsv(value));
}

void GatewayContext::appendHeader(policy::MessageKind message, std::string_view name,
                                  std::string_view value) {
    fields(message).insert(bsv(name), bsv(value));
}

void GatewayContext::removeHeader(policy::MessageKind message, std::string_view name) {
    fields(message).erase(bsv(name));
}

std::string GatewayContext::body(policy::MessageKind message) {
    auto& body = message == policy::MessageKind::Request ? m_requestBody : m_responseBody;
    return body ? *body : std::string();
}

void GatewayContext::setBody(policy::MessageKind message, std::string body) {
    if (message == policy::MessageKind::Request) {
        m_requestBody = std::move(body);
    } else {
        m_responseBody = std::move(body);
        m_responseReplaced = true;
    }
}

void GatewayContext::setStatus(int code, std::string reason) {
    m_status = code;
    m_reason = std::move(reason);
}

void GatewayContext::resetResponse() {
    m_responseHeaders.clear();
    m_status = 200;
    m_reason = "OK";
    m_responseBody = std::string();
    m_responseReplaced = true;
}

void GatewayContext::takeBackendResponse(ResponseHead&& head) {
    m_status = head.result_int();
    m_reason = std::string(head.reason());
    m_responseHeaders = std::move(static_cast<Fields&>(head));
    m_responseBody.reset();
    m_responseReplaced = false;
}

void GatewayContext::addResponseHeaderOnSend(std::string name, std::string value) {
    m_onSend.emplace_back(std::move(name), std::move(value));
}

void GatewayContext::trace(std::string_view source, std::string_view severity,
                           std::string_view message) {
    if (m_trace)
        m_trace->message(std::string(source), std::string(severity), std::string(message));
}

std::int64_t GatewayContext::bodyBytes(policy::MessageKind message) const {
    if (!m_bodyBytesSent)
        return RequestContext::bodyBytes(message);
    return static_cast<std::int64_t>(
        message == policy::MessageKind::Request ? m_bodyBytesSent->first : m_bodyBytesSent->second);
}

} // namespace portico::gateway::detail

#include "core/security/jwt/claims.h"

#include "core/security/jwt/claims_data.h"

namespace portico::security::jwt {
namespace {

const nlohmann::json* find(const ClaimsData& data, std::string_view name) {
    const auto it = data.object.find(name);
    return it == data.object.end() ? nullptr : &*it;
}

std::string dump(const nlohmann::json& value) {
    // Replace, never throw: claims were validated UTF-8 on parse, this is belt and braces.
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

Claims::Claims()
    : m_data(std::make_shared<const ClaimsData>()) {}

Claims::Claims(std::shared_ptr<const ClaimsData> data)
    : m_data(data ? std::move(data) : std::make_shared<const ClaimsData>()) {}

bool Claims::contains(std::string_view name) const {
    return find(*m_data, name) != nullptr;
}

std::optional<std::string> Claims::string(std::string_view name) const {
    const auto* value = find(*m_data, name);
    if (!value || !value->is_string()) {
        return std::nullopt;
    }
    return value->get<std::string>();
}

std::vector<std::string> Claims::strings(std::string_view name) const {
    std::vector<std::string> out;
    const auto* value = find(*m_data, name);
    if (!value) {
        return out;
    }
    if (value->is_string()) {
        out.push_back(value->get<std::string>());
    } else if (value->is_array()) {
        for (const auto& item : *value) {
            if (item.is_string()) {
                out.push_back(item.get<std::string>());
            }
        }
    }
    return out;
}

std::optional<std::string_view> Claims::stringView(std::string_view name) const {
    const auto* value = find(*m_data, name);
    if (!value || !value->is_string()) {
        return std::nullopt;
    }
    return std::string_view(value->get_ref<const std::string&>());
}

Claims::StringViews Claims::stringViews(std::string_view name) const {
    StringViews out;
    const auto* value = find(*m_data, name);
    if (!value) {
        return out;
    }
    if (value->is_string()) {
        out.push_back(value->get_ref<const std::string&>());
    } else if (value->is_array()) {
        for (const auto& item : *value) {
            if (item.is_string()) {
                out.push_back(item.get_ref<const std::string&>());
            }
        }
    }
    return out;
}

std::optional<double> Claims::number(std::string_view name) const {
    const auto* value = find(*m_data, name);
    if (!value || !value->is_number()) {
        return std::nullopt;
    }
    return value->get<double>();
}

std::string Claims::text(std::string_view name) const {
    const auto* value = find(*m_data, name);
    if (!value) {
        return {};
    }
    return value->is_string() ? value->get<std::string>() : dump(*value);
}

std::vector<std::string> Claims::names() const {
    std::vector<std::string> out;
    for (auto it = m_data->object.begin(); it != m_data->object.end(); ++it) {
        out.push_back(it.key());
    }
    return out;
}

std::string Claims::json() const {
    return dump(m_data->object);
}

} // namespace portico::security::jwt

#pragma once

#include <boost/container/small_vector.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::security::jwt {

struct ClaimsData; // the parsed JSON object; defined in claims_data.h

// The verified JWT claims set, read-only and cheap to copy (shared).
class Claims {
public:
    Claims();
    explicit Claims(std::shared_ptr<const ClaimsData> data);

    bool contains(std::string_view name) const;
    // The claim if it is a JSON string.
    std::optional<std::string> string(std::string_view name) const;
    // A string claim as one value, an array claim as its string elements; empty otherwise.
    std::vector<std::string> strings(std::string_view name) const;
    // string() and strings() without copies, for checks on every request: views into the
    // claims, valid while this claims set lives.
    using StringViews = boost::container::small_vector<std::string_view, 4>;
    std::optional<std::string_view> stringView(std::string_view name) const;
    StringViews stringViews(std::string_view name) const;
    // A JSON number claim (NumericDate claims such as exp are numbers).
    std::optional<double> number(std::string_view name) const;
    // The claim as text: strings unquoted, other values as compact JSON; "" if absent.
    std::string text(std::string_view name) const;
    std::vector<std::string> names() const;
    // The whole claims set as compact JSON.
    std::string json() const;

    const ClaimsData& data() const { return *m_data; }

private:
    std::shared_ptr<const ClaimsData> m_data;
};

} // namespace portico::security::jwt

#pragma once

#include "core/text/ordered_json.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace portico::policies {

// A Liquid template as <set-body template="liquid"> uses it: {{ output | filters }}, {% if %}
// / elsif / else / unless, {% for x in list %} (forloop.index/first/last, limit:, offset:),
// {% assign %}, {% comment %}, {% raw %}, and the filters APIM documents (DotLiquid's names,
// e.g. Default, Upcase, Size, Join; snake_case spellings work too). Parsed once per snapshot.
class LiquidTemplate {
public:
    struct Node;
    struct Error {
        int line = 1; // 1-based, within the template text
        std::string message;
    };
    // The value of a path such as body.items[0].name or context.Request.Headers["X-Id"]; null
    // when it does not exist. Objects keep their members' order, so loops over them follow it.
    using Resolver = std::function<text::OrderedJson(const std::vector<text::OrderedJson>& path)>;

    static std::variant<LiquidTemplate, Error> parse(std::string_view text);

    // Output stops growing at `maxBytes` and loops at `maxIterations` (both per render).
    std::string render(const Resolver& resolve, std::size_t maxBytes = 16u << 20,
                       std::size_t maxIterations = 100'000) const;

    std::shared_ptr<const std::vector<Node>> nodes;
};

} // namespace portico::policies

#pragma once

#include <optional>
#include <string_view>

namespace portico::policies {

// set-header's and set-query-parameter's exists-action.
enum class ExistsAction { Override, Skip, Append, Delete };

inline std::optional<ExistsAction> existsActionFromName(std::string_view name) {
    if (name == "override")
        return ExistsAction::Override;
    if (name == "skip")
        return ExistsAction::Skip;
    if (name == "append")
        return ExistsAction::Append;
    if (name == "delete")
        return ExistsAction::Delete;
    return std::nullopt;
}

} // namespace portico::policies

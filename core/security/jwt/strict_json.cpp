#include "core/security/jwt/strict_json.h"

#include <set>
#include <vector>

namespace portico::security::jwt {
namespace {

using Json = nlohmann::json;

std::string locate(std::string_view text, std::size_t byte) {
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

} // namespace

StrictJson parseStrictJson(std::string_view text, bool withDetail) {
    StrictJson result;
    std::vector<std::set<std::string>> keysPerObject;
    bool duplicate = false;
    bool tooDeep = false;
    std::string duplicateKey;

    const Json::parser_callback_t callback = [&](int depth, Json::parse_event_t event,
                                                 Json& parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
            keysPerObject.emplace_back();
            [[fallthrough]];
        case Json::parse_event_t::array_start:
            if (depth >= kMaxJsonDepth) {
                tooDeep = true;
            }
            break;
        case Json::parse_event_t::key:
            if (!keysPerObject.empty() && parsed.is_string()) {
                const auto& key = parsed.get_ref<const std::string&>();
                if (!keysPerObject.back().insert(key).second && !duplicate) {
                    duplicate = true;
                    duplicateKey = key;
                }
            }
            break;
        case Json::parse_event_t::object_end:
            if (!keysPerObject.empty()) {
                keysPerObject.pop_back();
            }
            break;
        default:
            break;
        }
        // Past the depth limit, drop values so that a hostile input cannot build a deep tree.
        return !tooDeep;
    };

    result.value = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/false);
    if (tooDeep) {
        result.value = Json();
        result.problem = JsonProblem::TooDeep;
        result.detail = "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels";
        return result;
    }
    if (result.value.is_discarded()) {
        result.value = Json();
        result.problem = JsonProblem::Syntax;
        if (withDetail) {
            // Load time only: parse again with exceptions to learn where it failed.
            try {
                const Json unexpected = Json::parse(text.begin(), text.end());
                (void)unexpected;
                result.detail = "invalid JSON";
            } catch (const Json::parse_error& error) {
                result.detail =
                    locate(text, error.byte > 0 ? error.byte - 1 : 0) + ": invalid JSON";
            } catch (const Json::exception&) {
                // Not a syntax error but, e.g., a number too large for a double (found by
                // fuzz_jwt): no position to report.
                result.detail = "invalid JSON (number out of range)";
            }
        } else {
            result.detail = "invalid JSON";
        }
        return result;
    }
    if (duplicate) {
        result.value = Json();
        result.problem = JsonProblem::DuplicateKey;
        result.detail = "duplicate key \"" + duplicateKey + "\"";
    }
    return result;
}

} // namespace portico::security::jwt

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portico::policy::expr {

constexpr std::int64_t kTicksPerSecond = 10'000'000;
constexpr std::int64_t kTicksPerDay = 86'400 * kTicksPerSecond;
// Ticks of 1970-01-01T00:00:00Z.
constexpr std::int64_t kUnixEpochTicks = 621'355'968'000'000'000;
constexpr std::int64_t kMaxTicks = 3'155'378'975'999'999'999; // 9999-12-31T23:59:59.9999999

struct CivilTime {
    int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    int fraction = 0;  // ticks within the second
    int dayOfWeek = 0; // 0 = Sunday
};

CivilTime civilFromTicks(std::int64_t ticks);
std::optional<std::int64_t> ticksFromCivil(int year, int month, int day, int hour = 0,
                                           int minute = 0, int second = 0);

// ISO 8601 forms and the en-US "M/d/yyyy h:mm:ss tt" form; offsets are converted to UTC.
std::optional<std::int64_t> parseDateTime(std::string_view text);
// .NET standard ("o", "s", "u", "r", "d", "G") and custom ("yyyy-MM-ddTHH:mm:ss") formats;
// an empty format is "G" (en-US). `offset` formats a DateTimeOffset: 'K' and "o" give +00:00
// rather than Z, and the empty format adds the offset.
std::string formatDateTime(std::int64_t ticks, std::string_view format, bool offset = false);
// "[-][d.]hh:mm:ss[.fffffff]"
std::string formatTimeSpan(std::int64_t ticks);
std::optional<std::int64_t> parseTimeSpan(std::string_view text);

} // namespace portico::policy::expr

#include "core/policy/expr/date_time.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace portico::policy::expr {

namespace {

// Howard Hinnant's days-from-civil, relative to 0001-01-01.
std::int64_t daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468 + 719162; // 719162 = 0001->1970
}

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                              "Thursday", "Friday", "Saturday"};

std::string pad(int value, int width) {
    std::string s = std::to_string(value);
    while (static_cast<int>(s.size()) < width)
        s.insert(s.begin(), '0');
    return s;
}

int daysInMonth(int y, int m) {
    static constexpr int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDaysIn[m - 1];
}

} // namespace

CivilTime civilFromTicks(std::int64_t ticks) {
    CivilTime t;
    std::int64_t days = ticks / kTicksPerDay;
    std::int64_t rest = ticks % kTicksPerDay;
    t.dayOfWeek = static_cast<int>((days + 1) % 7); // 0001-01-01 was a Monday
    std::int64_t z = days - 719162 + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    t.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (t.month <= 2));
    t.hour = static_cast<int>(rest / (3600 * kTicksPerSecond));
    rest %= 3600 * kTicksPerSecond;
    t.minute = static_cast<int>(rest / (60 * kTicksPerSecond));
    rest %= 60 * kTicksPerSecond;
    t.second = static_cast<int>(rest / kTicksPerSecond);
    t.fraction = static_cast<int>(rest % kTicksPerSecond);
    return t;
}

std::optional<std::int64_t> ticksFromCivil(int year, int month, int day, int hour, int minute,
                                           int second) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 59)
        return std::nullopt;
    return daysFromCivil(year, month, day) * kTicksPerDay +
           (hour * 3600LL + minute * 60LL + second) * kTicksPerSecond;
}

std::optional<std::int64_t> parseDateTime(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    std::size_t i = 0;
    auto number = [&](int digits, int& out) {
        out = 0;
        int n = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) &&
               (digits == 0 || n < digits)) {
            out = out * 10 + (s[i++] - '0');
            ++n;
        }
        return n > 0 && (digits == 0 || n == digits);
    };
    auto expect = [&](char c) {
        if (i < s.size() && s[i] == c) {
            ++i;
            return true;
        }
        return false;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    std::int64_t fraction = 0;
    if (s.find('/') != std::string_view::npos) {
        // en-US: M/d/yyyy [h:mm[:ss] [AM|PM]]
        if (!number(0, mo) || !expect('/') || !number(0, d) || !expect('/') || !number(4, y))
            return std::nullopt;
        if (expect(' ')) {
            if (!number(0, h) || !expect(':') || !number(2, mi))
                return std::nullopt;
            if (expect(':') && !number(2, sec))
                return std::nullopt;
            if (expect(' ')) {
                const std::string_view ampm = s.substr(i);
                if (ampm != "AM" && ampm != "PM")
                    return std::nullopt;
                if (h < 1 || h > 12)
                    return std::nullopt;
                h = h % 12 + (ampm == "PM" ? 12 : 0);
                i = s.size();
            }
        }
        if (i != s.size())
            return std::nullopt;
        return ticksFromCivil(y, mo, d, h, mi, sec);
    }
    if (!number(4, y) || !expect('-') || !number(2, mo) || !expect('-') || !number(2, d))
        return std::nullopt;
    std::int64_t offsetTicks = 0;
    if (expect('T') || expect(' ')) {
        if (!number(2, h) || !expect(':') || !number(2, mi))
            return std::nullopt;
        if (expect(':') && !number(2, sec))
            return std::nullopt;
        if (expect('.')) {
            int digits = 0;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
                if (digits < 7) {
                    fraction = fraction * 10 + (s[i] - '0');
                    ++digits;
                }
                ++i;
            }
            if (digits == 0)
                return std::nullopt;
            for (; digits < 7; ++digits)
                fraction *= 10;
        }
        if (expect('Z')) {
        } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            const int sign = s[i++] == '-' ? -1 : 1;
            int oh = 0, om = 0;
            if (!number(2, oh) || !expect(':') || !number(2, om))
                return std::nullopt;
            offsetTicks = sign * (oh * 3600LL + om * 60LL) * kTicksPerSecond;
        }
    }
    if (i != s.size())
        return std::nullopt;
    const auto base = ticksFromCivil(y, mo, d, h, mi, sec);
    if (!base)
        return std::nullopt;
    const std::int64_t ticks = *base + fraction - offsetTicks;
    if (ticks < 0 || ticks > kMaxTicks)
        return std::nullopt;
    return ticks;
}

std::string formatDateTime(std::int64_t ticks, std::string_view format, bool offset) {
    if (format.empty() && offset)
        format = "M/d/yyyy h:mm:ss tt zzz";
    else if (format.empty() || format == "G")
        format = "M/d/yyyy h:mm:ss tt";
    else if (format == "o" || format == "O")
        format = "yyyy-MM-ddTHH:mm:ss.fffffffK";
    else if (format == "s")
        format = "yyyy-MM-ddTHH:mm:ss";
    else if (format == "u")
        format = "yyyy-MM-dd HH:mm:ssZ";
    else if (format == "r" || format == "R")
        format = "ddd, dd MMM yyyy HH:mm:ss 'GMT'";
    else if (format == "d")
        format = "M/d/yyyy";
    else if (format == "D")
        format = "dddd, MMMM d, yyyy";
    else if (format == "t")
        format = "h:mm tt";
    else if (format == "T")
        format = "h:mm:ss tt";
    const CivilTime t = civilFromTicks(ticks);
    std::string out;
    std::size_t i = 0;
    while (i < format.size()) {
        const char c = format[i];
        std::size_t run = 1;
        while (i + run < format.size() && format[i + run] == c)
            ++run;
        switch (c) {
        case 'y':
            out += run <= 2 ? pad(t.year % 100, run == 1 ? 1 : 2) : pad(t.year, int(run));
            break;
        case 'M':
            out += run >= 4   ? kMonths[t.month - 1]
                   : run == 3 ? std::string(kMonths[t.month - 1]).substr(0, 3)
                              : pad(t.month, int(run));
            break;
        case 'd':
            out += run >= 4   ? kDays[t.dayOfWeek]
                   : run == 3 ? std::string(kDays[t.dayOfWeek]).substr(0, 3)
                              : pad(t.day, int(run));
            break;
        case 'H':
            out += pad(t.hour, int(std::min<std::size_t>(run, 2)));
            break;
        case 'h':
            out += pad(t.hour % 12 == 0 ? 12 : t.hour % 12, int(std::min<std::size_t>(run, 2)));
            break;
        case 'm':
            out += pad(t.minute, int(std::min<std::size_t>(run, 2)));
            break;
        case 's':
            out += pad(t.second, int(std::min<std::size_t>(run, 2)));
            break;
        case 'f':
        case 'F': {
            const std::string all = pad(t.fraction, 7);
            std::string part = all.substr(0, std::min<std::size_t>(run, 7));
            if (c == 'F')
                while (!part.empty() && part.back() == '0')
                    part.pop_back();
            out += part;
            break;
        }
        case 't':
            out += run == 1 ? (t.hour < 12 ? "A" : "P") : (t.hour < 12 ? "AM" : "PM");
            break;
        case 'K':
            out += offset ? "+00:00" : "Z";
            break;
        case 'z':
            out += run == 1 ? "+0" : run == 2 ? "+00" : "+00:00";
            break;
        case '\'':
        case '"': {
            const std::size_t end = format.find(c, i + 1);
            out +=
                format.substr(i + 1, (end == std::string_view::npos ? format.size() : end) - i - 1);
            i = end == std::string_view::npos ? format.size() : end + 1;
            continue;
        }
        case '\\':
            if (i + 1 < format.size())
                out += format[i + 1];
            i += 2;
            continue;
        default:
            out += std::string(run, c);
            break;
        }
        i += run;
    }
    return out;
}

std::string formatTimeSpan(std::int64_t ticks) {
    std::string out;
    std::uint64_t v = ticks < 0 ? std::uint64_t(-(ticks + 1)) + 1 : std::uint64_t(ticks);
    if (ticks < 0)
        out += '-';
    const std::uint64_t day = std::uint64_t(kTicksPerDay);
    if (v >= day)
        out += std::to_string(v / day) + '.';
    v %= day;
    const std::uint64_t sec = std::uint64_t(kTicksPerSecond);
    out += pad(int(v / (3600 * sec)), 2) + ':' + pad(int(v / (60 * sec) % 60), 2) + ':' +
           pad(int(v / sec % 60), 2);
    if (v % sec)
        out += '.' + pad(int(v % sec), 7);
    return out;
}

std::optional<std::int64_t> parseTimeSpan(std::string_view s) {
    int sign = 1;
    if (!s.empty() && s.front() == '-') {
        sign = -1;
        s.remove_prefix(1);
    }
    std::int64_t days = 0, h = 0, m = 0, sec = 0;
    char tail[2] = {};
    if (std::sscanf(std::string(s).c_str(), "%ld.%ld:%ld:%ld%1s", &days, &h, &m, &sec, tail) == 4 ||
        (days = 0,
         std::sscanf(std::string(s).c_str(), "%ld:%ld:%ld%1s", &h, &m, &sec, tail) == 3)) {
        if (h > 23 || m > 59 || sec > 59 || days < 0 || h < 0 || m < 0 || sec < 0)
            return std::nullopt;
        return sign * ((days * 86400 + h * 3600 + m * 60 + sec) * kTicksPerSecond);
    }
    return std::nullopt;
}

} // namespace portico::policy::expr

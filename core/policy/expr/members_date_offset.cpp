// System.DateTimeOffset as policies use it: UtcNow, Unix times (JWT exp/nbf, cookie expiry),
// (DateTimeOffset)dateTime and new DateTimeOffset(dateTime). The gateway's clock is UTC, as
// APIM's is, so every DateTimeOffset here has offset +00:00; the members it shares with
// DateTime (AddSeconds, Year, ToString(format), ...) are registered with DateTime's.
#include "core/policy/expr/date_time.h"
#include "core/policy/expr/members.h"

namespace portico::policy::expr {

namespace {

constexpr std::int64_t kTicksPerMillisecond = 10'000;
// The Unix times DateTimeOffset can hold: 0001-01-01 to 9999-12-31T23:59:59.999.
constexpr std::int64_t kMinUnixSeconds = -62'135'596'800;
constexpr std::int64_t kMaxUnixSeconds = 253'402'300'799;

Value utcNow(Eval& eval, const Value&, Args&, Target) {
    return Value::dateTimeOffset(eval.context.nowTicks());
}

Value minValue(Eval&, const Value&, Args&, Target) {
    return Value::dateTimeOffset(0);
}

Value maxValue(Eval&, const Value&, Args&, Target) {
    return Value::dateTimeOffset(kMaxTicks);
}

Value fromUnixTime(std::int64_t value, std::int64_t unit, const char* parameter) {
    const std::int64_t min = kMinUnixSeconds * (kTicksPerSecond / unit);
    const std::int64_t max = (kMaxUnixSeconds + 1) * (kTicksPerSecond / unit) - 1;
    if (value < min || value > max)
        raise("ArgumentOutOfRangeException", "Valid values are between " + std::to_string(min) +
                                                 " and " + std::to_string(max) +
                                                 ", inclusive. (Parameter '" + parameter + "')");
    return Value::dateTimeOffset(kUnixEpochTicks + value * unit);
}

Value fromUnixTimeSeconds(Eval&, const Value&, Args& args, Target) {
    return fromUnixTime(expectInt(args[0], "seconds"), kTicksPerSecond, "seconds");
}

Value fromUnixTimeMilliseconds(Eval&, const Value&, Args& args, Target) {
    return fromUnixTime(expectInt(args[0], "milliseconds"), kTicksPerMillisecond, "milliseconds");
}

// Ticks to a Unix time, rounding towards the past as .NET does for times before 1970.
std::int64_t unixTime(std::int64_t ticks, std::int64_t unit) {
    const std::int64_t since = ticks - kUnixEpochTicks;
    return since >= 0 ? since / unit : -((-since + unit - 1) / unit);
}

Value toUnixTimeSeconds(Eval&, const Value& self, Args&, Target) {
    return Value::integer(unixTime(self.asInt(), kTicksPerSecond));
}

Value toUnixTimeMilliseconds(Eval&, const Value& self, Args&, Target) {
    return Value::integer(unixTime(self.asInt(), kTicksPerMillisecond));
}

Value asDateTime(Eval&, const Value& self, Args&, Target) {
    return Value::dateTime(self.asInt());
}

Value utcTicks(Eval&, const Value& self, Args&, Target) {
    return Value::integer(self.asInt());
}

Value zeroOffset(Eval&, const Value&, Args&, Target) {
    return Value::timeSpan(0);
}

// new DateTimeOffset(dateTime[, offset]): every DateTime here is UTC, and .NET refuses a
// non-zero offset for a UTC DateTime with this message.
Value construct(Eval&, const Value&, Args& args, Target) {
    if (args[0].type() != Ty::DateTime)
        raise("ArgumentException", "new DateTimeOffset expects a DateTime.");
    if (args.size() == 2 && (args[1].type() != Ty::TimeSpan || args[1].asInt() != 0))
        raise("ArgumentException",
              "The UTC Offset for Utc DateTime instances must be 0. (Parameter 'offset')");
    return Value::dateTimeOffset(args[0].asInt());
}

} // namespace

void addDateTimeOffsetMembers(std::vector<MemberDef>& t, std::vector<ConstructorDef>& ctors) {
    ctors.push_back({"DateTimeOffset", 1, 2, construct, Ty::DateTimeOffset});
    for (std::string_view now : {"UtcNow", "Now"})
        t.push_back({Ty::Unknown, "DateTimeOffset", now, false, 0, 0, utcNow, Ty::DateTimeOffset});
    t.push_back(
        {Ty::Unknown, "DateTimeOffset", "MinValue", false, 0, 0, minValue, Ty::DateTimeOffset});
    t.push_back(
        {Ty::Unknown, "DateTimeOffset", "MaxValue", false, 0, 0, maxValue, Ty::DateTimeOffset});
    t.push_back({Ty::Unknown, "DateTimeOffset", "FromUnixTimeSeconds", true, 1, 1,
                 fromUnixTimeSeconds, Ty::DateTimeOffset});
    t.push_back({Ty::Unknown, "DateTimeOffset", "FromUnixTimeMilliseconds", true, 1, 1,
                 fromUnixTimeMilliseconds, Ty::DateTimeOffset});

    t.push_back(
        {Ty::DateTimeOffset, {}, "ToUnixTimeSeconds", true, 0, 0, toUnixTimeSeconds, Ty::Int});
    t.push_back({Ty::DateTimeOffset,
                 {},
                 "ToUnixTimeMilliseconds",
                 true,
                 0,
                 0,
                 toUnixTimeMilliseconds,
                 Ty::Int});
    for (std::string_view name : {"UtcDateTime", "DateTime", "LocalDateTime"})
        t.push_back({Ty::DateTimeOffset, {}, name, false, 0, 0, asDateTime, Ty::DateTime});
    t.push_back({Ty::DateTimeOffset, {}, "UtcTicks", false, 0, 0, utcTicks, Ty::Int});
    t.push_back({Ty::DateTimeOffset, {}, "Offset", false, 0, 0, zeroOffset, Ty::TimeSpan});
}

} // namespace portico::policy::expr

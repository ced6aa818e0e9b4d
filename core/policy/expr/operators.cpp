#include "core/policy/expr/operators.h"

#include "core/policy/expr/date_time.h"
#include "core/policy/expr/json_box.h"

#include <cmath>

namespace portico::policy::expr {

namespace {

bool isNumber(const Value& v) {
    return v.type() == Ty::Int || v.type() == Ty::Double || v.type() == Ty::Char;
}

Value unwrapJsonNumber(const Value& v) {
    if (v.type() == Ty::Json && !v.asJson()->property) {
        const auto& j = v.asJson()->value();
        if (j.is_number_integer())
            return Value::integer(j.get<std::int64_t>());
        if (j.is_number())
            return Value::real(j.get<double>());
    }
    return v;
}

[[noreturn]] void badOperands(const char* op, const Value& a, const Value& b) {
    raise("InvalidOperationException", std::string("Operator '") + op +
                                           "' cannot be applied to operands of type '" +
                                           tyName(a.type()) + "' and '" + tyName(b.type()) + "'.");
}

// A DateTime or DateTimeOffset moved by a number of ticks, in range or an error as in .NET
// (which names DateTime for both).
Value shiftInstant(const Value& instant, std::int64_t ticks) {
    const std::int64_t t = instant.asInt() + ticks;
    if (t < 0 || t > kMaxTicks)
        raise("ArgumentOutOfRangeException",
              "The added or subtracted value results in an un-representable DateTime.");
    return instant.type() == Ty::DateTime ? Value::dateTime(t) : Value::dateTimeOffset(t);
}

Value arithmetic(Eval& eval, BinaryOp op, const Value& left, const Value& right) {
    static const char* kNames[] = {"+", "-", "*", "/", "%"};
    const Value a = unwrapJsonNumber(left);
    const Value b = unwrapJsonNumber(right);
    if (a.isNull() || b.isNull())
        return Value::null(); // lifted operators on nullable values
    if (op == BinaryOp::Add && (isInstant(a) || isInstant(b))) {
        const Value& dt = isInstant(a) ? a : b;
        const Value& ts = isInstant(a) ? b : a;
        if (ts.type() != Ty::TimeSpan)
            badOperands("+", a, b);
        return shiftInstant(dt, ts.asInt());
    }
    if (op == BinaryOp::Sub && isInstant(a)) {
        if (isInstant(b))
            return Value::timeSpan(a.asInt() - b.asInt());
        if (b.type() == Ty::TimeSpan)
            return shiftInstant(a, -b.asInt());
    }
    if (a.type() == Ty::TimeSpan && b.type() == Ty::TimeSpan &&
        (op == BinaryOp::Add || op == BinaryOp::Sub))
        return Value::timeSpan(op == BinaryOp::Add ? a.asInt() + b.asInt() : a.asInt() - b.asInt());
    if (!isNumber(a) || !isNumber(b))
        badOperands(kNames[int(op)], a, b);
    eval.charge(0);
    if (a.type() == Ty::Double || b.type() == Ty::Double) {
        const double x = a.type() == Ty::Double ? a.asDouble() : double(a.asInt());
        const double y = b.type() == Ty::Double ? b.asDouble() : double(b.asInt());
        switch (op) {
        case BinaryOp::Add:
            return Value::real(x + y);
        case BinaryOp::Sub:
            return Value::real(x - y);
        case BinaryOp::Mul:
            return Value::real(x * y);
        case BinaryOp::Div:
            return Value::real(x / y);
        default:
            return Value::real(std::fmod(x, y));
        }
    }
    const std::int64_t x = a.asInt(), y = b.asInt();
    // Wrap like C#'s unchecked arithmetic instead of overflowing (undefined in C++).
    const auto ux = static_cast<std::uint64_t>(x), uy = static_cast<std::uint64_t>(y);
    switch (op) {
    case BinaryOp::Add:
        return Value::integer(static_cast<std::int64_t>(ux + uy));
    case BinaryOp::Sub:
        return Value::integer(static_cast<std::int64_t>(ux - uy));
    case BinaryOp::Mul:
        return Value::integer(static_cast<std::int64_t>(ux * uy));
    default:
        if (y == 0)
            raise("DivideByZeroException", "Attempted to divide by zero.");
        if (y == -1)
            return Value::integer(op == BinaryOp::Div ? static_cast<std::int64_t>(0 - ux) : 0);
        return Value::integer(op == BinaryOp::Div ? x / y : x % y);
    }
}

} // namespace

bool truthy(const Value& v) {
    if (v.type() == Ty::Bool)
        return v.asBool();
    if (v.type() == Ty::Json && v.asJson()->value().is_boolean())
        return v.asJson()->value().get<bool>();
    raise("InvalidCastException", std::string("Cannot convert a value of type '") +
                                      (v.isNull() ? "null" : tyName(v.type())) + "' to 'bool'.");
}

Value applyBinary(Eval& eval, BinaryOp op, const Value& a, const Value& b) {
    switch (op) {
    case BinaryOp::Add:
        if (a.type() == Ty::String || b.type() == Ty::String) {
            // C# string concatenation: null is empty, everything else uses ToString().
            std::string out = a.type() == Ty::String ? a.asString() : toDisplayString(a);
            eval.charge(out.size() + (b.type() == Ty::String ? b.asString().size() : 16) + 32);
            out += b.type() == Ty::String ? b.asString() : toDisplayString(b);
            return Value::string(std::move(out));
        }
        return arithmetic(eval, op, a, b);
    case BinaryOp::Sub:
    case BinaryOp::Mul:
    case BinaryOp::Div:
    case BinaryOp::Mod:
        return arithmetic(eval, op, a, b);
    case BinaryOp::Eq:
        return Value::boolean(valuesEqual(a, b));
    case BinaryOp::Ne:
        return Value::boolean(!valuesEqual(a, b));
    case BinaryOp::Lt:
    case BinaryOp::Gt:
    case BinaryOp::Le:
    case BinaryOp::Ge: {
        if (a.isNull() || b.isNull())
            return Value::boolean(false); // lifted comparison with null is false
        const int c = compareValues(a, b);
        return Value::boolean(op == BinaryOp::Lt   ? c < 0
                              : op == BinaryOp::Gt ? c > 0
                              : op == BinaryOp::Le ? c <= 0
                                                   : c >= 0);
    }
    case BinaryOp::And:
    case BinaryOp::Or:
    case BinaryOp::Xor:
        if (a.type() == Ty::Int && b.type() == Ty::Int) {
            const std::int64_t x = a.asInt(), y = b.asInt();
            return Value::integer(op == BinaryOp::And  ? (x & y)
                                  : op == BinaryOp::Or ? (x | y)
                                                       : (x ^ y));
        }
        {
            const bool x = truthy(a), y = truthy(b);
            return Value::boolean(op == BinaryOp::And  ? (x && y)
                                  : op == BinaryOp::Or ? (x || y)
                                                       : (x != y));
        }
    }
    return Value::null();
}

} // namespace portico::policy::expr

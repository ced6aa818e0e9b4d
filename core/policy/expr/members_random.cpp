// System.Random as APIM allows it: new Random() and new Random(seed), Next(), Next(max),
// Next(min, max), NextDouble(). A seeded Random gives .NET's own sequence (its subtractive
// generator, the one .NET keeps for seeded instances), so a policy that routes by
// `new Random(seed).Next(...)` picks what it picks on APIM.
#include "core/policy/expr/members.h"

#include <array>
#include <cmath>
#include <limits>
#include <random>

namespace portico::policy::expr {

#define FN PORTICO_EXPR_FN

namespace {

constexpr std::int32_t kBig = std::numeric_limits<std::int32_t>::max();
constexpr std::int32_t kSeed = 161803398;

class SubtractiveRandom {
public:
    explicit SubtractiveRandom(std::int32_t seed) {
        const std::int32_t subtraction =
            seed == std::numeric_limits<std::int32_t>::min() ? kBig : std::abs(seed);
        std::int32_t mj = kSeed - subtraction;
        m_state[55] = mj;
        std::int32_t mk = 1;
        for (int i = 1; i < 55; ++i) {
            const int ii = (21 * i) % 55;
            m_state[ii] = mk;
            mk = mj - mk;
            if (mk < 0)
                mk += kBig;
            mj = m_state[ii];
        }
        for (int round = 1; round < 5; ++round) {
            for (int i = 1; i < 56; ++i) {
                m_state[i] -= m_state[1 + (i + 30) % 55];
                if (m_state[i] < 0)
                    m_state[i] += kBig;
            }
        }
    }

    // 0 <= value < int.MaxValue
    std::int32_t sample() {
        if (++m_next >= 56)
            m_next = 1;
        if (++m_nextPrime >= 56)
            m_nextPrime = 1;
        std::int32_t value = m_state[m_next] - m_state[m_nextPrime];
        if (value == kBig)
            --value;
        if (value < 0)
            value += kBig;
        m_state[m_next] = value;
        return value;
    }

    double unit() { return sample() * (1.0 / kBig); }

    // .NET's sample for ranges wider than int.MaxValue: two samples, one of them as a sign.
    double wideUnit() {
        std::int32_t value = sample();
        if (sample() % 2 == 0)
            value = -value;
        return (double(value) + (kBig - 1)) / (2.0 * kBig - 1);
    }

private:
    std::array<std::int32_t, 56> m_state{};
    int m_next = 0;
    int m_nextPrime = 21;
};

// An unseeded Random starts from a seed of the operating system's randomness.
std::int32_t freshSeed() {
    thread_local std::mt19937 seeds{std::random_device{}()};
    return std::int32_t(seeds() & 0x7fffffff);
}

std::int32_t int32Argument(const Value& v, const char* what) {
    const std::int64_t i = expectInt(v, what);
    if (i < std::numeric_limits<std::int32_t>::min() || i > kBig)
        raise("OverflowException", "Value was either too large or too small for an Int32.");
    return std::int32_t(i);
}

SubtractiveRandom& randomOf(const Value& v) {
    // The generator is this evaluation's own: made by `new Random`, never shared.
    return *static_cast<SubtractiveRandom*>(const_cast<void*>(v.asObject().raw));
}

} // namespace

void addRandomMembers(std::vector<MemberDef>& t, std::vector<ConstructorDef>& ctors) {
    ctors.push_back({"Random", 0, 1, FN {
                         const std::int32_t seed =
                             args.empty() ? freshSeed() : int32Argument(args[0], "Seed");
                         eval.charge(sizeof(SubtractiveRandom));
                         auto owned = std::make_shared<SubtractiveRandom>(seed);
                         ObjectRef ref;
                         ref.raw = owned.get();
                         ref.owned = std::move(owned);
                         return Value::object(Ty::Random, std::move(ref));
}
, Ty::Random
} // namespace portico::policy::expr
);
    t.push_back({Ty::Random, {}, "Next", true, 0, 2, FN {
                     SubtractiveRandom& random = randomOf(self);
                     if (args.empty())
                         return Value::integer(random.sample());
                     if (args.size() == 1) {
    const std::int32_t max = int32Argument(args[0], "maxValue");
    if (max < 0)
        raise("ArgumentOutOfRangeException",
              "'maxValue' must be greater than zero. (Parameter 'maxValue')");
    return Value::integer(std::int64_t(random.unit() * max));
                     }
                     const std::int32_t min = int32Argument(args[0], "minValue");
                     const std::int32_t max = int32Argument(args[1], "maxValue");
                     if (min > max)
                         raise("ArgumentOutOfRangeException",
                               "'minValue' cannot be greater than maxValue. (Parameter "
                               "'minValue')");
                     const std::int64_t range = std::int64_t(max) - min;
                     const double unit = range <= kBig ? random.unit() : random.wideUnit();
                     return Value::integer(std::int64_t(unit * double(range)) + min);
    }
    , Ty::Int
    });
    t.push_back({Ty::Random, {}, "NextDouble", true, 0, 0,
                 FN { return Value::real(randomOf(self).unit());
    }
    , Ty::Double
    });
    }

    } // namespace portico::policy::expr

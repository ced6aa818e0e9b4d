// Measures what one JWT costs the gateway: full validation (decode, signature, claims) without
// the cache, the same with a cache hit, and the bare signature check, per algorithm. Keys are
// generated at start; the token carries Entra-like claims (about 1 KiB). Times are the thread's
// CPU time, so that other processes competing for the cores do not inflate them.
#include "core/security/jwt/signature.h"
#include "core/security/jwt/signing_key.h"
#include "core/security/jwt/validator.h"
#include "core/security/jwt/verification_cache.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

using namespace portico::security::jwt;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

std::string claims() {
    return R"({"aud":"api://portico","iss":"https://login.example.test/tenant/v2.0","iat":)" +
           std::to_string(kNow) + ",\"nbf\":" + std::to_string(kNow) +
           ",\"exp\":" + std::to_string(kNow + 3600) +
           R"(,"aio":"E2RgYJgxvP7x5HnnqqXh8cOmnd9bAA==","azp":"6e74172b-be56-4843-9ff4-e66a39bb12e3",)"
           R"("azpacr":"1","name":"Alice Example","oid":"4a2b4e1c-2f6b-4c59-9c6f-7f3c2e8d1a90",)"
           R"("preferred_username":"alice@example.test","rh":"0.AXwAv7x5HnnqqXh8cOmnd9bAA.",)"
           R"("roles":["Orders.Read","Orders.Write"],"scp":"orders.read orders.write profile",)"
           R"("sub":"l2h9cwg4Y2YyM2Q2NmFhNWQzZTUwZTA3ZjY4ZWY","tid":"72f988bf-86f1-41af-91ab-2d7cd011db47",)"
           R"("uti":"AbC1dEf2GhI3jKl4MnO5pQ","ver":"2.0"})";
}

double threadCpuNanos() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

// Median CPU nanoseconds per call over `rounds` rounds of `iterations` calls.
template <typename F> double medianNanos(int rounds, int iterations, F&& call) {
    std::vector<double> samples;
    for (int round = 0; round < rounds; ++round) {
        const double start = threadCpuNanos();
        for (int i = 0; i < iterations; ++i) {
            call();
        }
        samples.push_back((threadCpuNanos() - start) / iterations);
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const int iterations = argc > 1 ? std::atoi(argv[1]) : 2000;
    if (iterations < 1) {
        std::fprintf(stderr, "usage: bench-jwt [ITERATIONS=2000]\n");
        return 2;
    }
    ValidatorConfig config;
    config.issuers = {"https://login.example.test/tenant/v2.0"};
    config.audiences = {"api://portico"};
    config.requiredClaims = {{"scp", {"orders.read"}, ClaimMatch::Any, " "}};
    config.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(kNow)); };
    const auto validator = *JwtValidator::compile(config).validator;

    std::printf("%-6s %6s %14s %14s %14s %12s\n", "alg", "bytes", "verify-only", "validate",
                "cached", "validate/s");
    for (Algorithm algorithm : {Algorithm::RS256, Algorithm::PS256, Algorithm::ES256,
                                Algorithm::EdDSA, Algorithm::HS256}) {
        const auto key = SigningKey::generate(requiredKeyKind(algorithm));
        const std::string header =
            R"({"alg":")" + std::string(algorithmName(algorithm)) + R"(","typ":"JWT","kid":"k1"})";
        const std::string token = *signCompact(algorithm, *key, header, claims());
        const KeySet keys({*key->verificationKey({"k1", {}}).key});
        const std::size_t dot = token.rfind('.');
        const std::string input = token.substr(0, dot);
        const std::string signature = *key->sign(algorithm, input);
        const VerificationKey& verificationKey = keys.keys().front();

        if (!validator.validate(token, keys).ok()) {
            std::fprintf(stderr, "bench-jwt: %s token does not validate\n",
                         std::string(algorithmName(algorithm)).c_str());
            return 1;
        }
        const double verifyOnly = medianNanos(5, iterations, [&] {
            if (!verifySignature(algorithm, verificationKey, input, signature)) {
                std::abort();
            }
        });
        const double full = medianNanos(5, iterations, [&] {
            if (!validator.validate(token, keys).ok()) {
                std::abort();
            }
        });
        VerificationCache cache(1024);
        (void)validator.validate(token, keys, &cache);
        const double cached = medianNanos(5, iterations * 10, [&] {
            if (!validator.validate(token, keys, &cache).fromCache) {
                std::abort();
            }
        });
        std::printf("%-6s %6zu %11.1f us %11.1f us %11.2f us %12.0f\n",
                    std::string(algorithmName(algorithm)).c_str(), token.size(), verifyOnly / 1000,
                    full / 1000, cached / 1000, 1e9 / full);
    }
    return 0;
}

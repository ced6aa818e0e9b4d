// Imports one specification RUNS times and prints the median wall time and throughput.
#include "core/openapi/import.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: bench-openapi-import SPEC [RUNS=10]\n");
        return 2;
    }
    int runs = argc == 3 ? std::atoi(argv[2]) : 10;
    if (runs < 1) {
        std::fprintf(stderr, "bench-openapi-import: RUNS must be a positive number\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench-openapi-import: cannot read %s\n", argv[1]);
        return 1;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();

    std::vector<double> seconds;
    std::vector<double> cpuSeconds; // less sensitive than wall time to a busy machine
    std::size_t operations = 0;
    std::size_t errors = 0;
    std::size_t schemaBytes = 0;
    for (int i = 0; i < runs; ++i) {
        portico::model::DiagnosticList diagnostics;
        auto start = std::chrono::steady_clock::now();
        std::clock_t cpuStart = std::clock();
        auto spec = portico::openapi::parseSpecification(text, argv[1], diagnostics);
        auto end = std::chrono::steady_clock::now();
        cpuSeconds.push_back(static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC);
        seconds.push_back(std::chrono::duration<double>(end - start).count());
        operations = spec ? spec->operations.size() : 0;
        schemaBytes = 0;
        for (const auto& op :
             spec ? spec->operations : std::vector<portico::openapi::Operation>{}) {
            for (const auto& p : op.parameters)
                schemaBytes += p.schemaJson.size();
            for (const auto& m : op.requestBody)
                schemaBytes += m.schemaJson.size() + m.exampleJson.size();
            for (const auto& r : op.responses)
                for (const auto& m : r.content)
                    schemaBytes += m.schemaJson.size() + m.exampleJson.size();
        }
        errors = diagnostics.errorCount();
        if (i == 0)
            for (const auto& d : diagnostics.items())
                std::fprintf(stderr, "%s\n", d.toString().c_str());
    }
    std::sort(seconds.begin(), seconds.end());
    std::sort(cpuSeconds.begin(), cpuSeconds.end());
    double median = seconds[seconds.size() / 2];
    double cpuMedian = cpuSeconds[cpuSeconds.size() / 2];
    double megabytes = static_cast<double>(text.size()) / (1024.0 * 1024.0);
    std::printf("%s: %.2f MB, %zu operations, %zu errors, %.1f MB of expanded schemas\n"
                "median of %d runs: %.1f ms wall (%.1f MB/s), %.1f ms CPU (%.1f MB/s)\n",
                argv[1], megabytes, operations, errors,
                static_cast<double>(schemaBytes) / (1024.0 * 1024.0), runs, median * 1000.0,
                megabytes / median, cpuMedian * 1000.0, megabytes / cpuMedian);
    return 0;
}

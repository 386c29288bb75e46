// iemlab-bench: Google Benchmark main with --arch=auto|scalar|sse2|avx2|avx512 (removed from argv before
// benchmark::Initialize). The level also goes to IEMLAB_ARCH, so default_simd_level() follows it everywhere.
// The JSON context records the CPU model, its SIMD features and the level used.
#include "bench.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace {
iemlab::simd_level chosen = iemlab::simd_level::scalar;

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(line.find_first_not_of(" \t", colon + 1));
        }
    return "unknown";
}

std::string cpu_features() {
    std::string out;
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
    const auto add = [&out](bool present, const char* name) {
        if (!present) return;
        if (!out.empty()) out += ' ';
        out += name;
    };
    add(__builtin_cpu_supports("sse2"), "sse2");
    add(__builtin_cpu_supports("avx"), "avx");
    add(__builtin_cpu_supports("avx2"), "avx2");
    add(__builtin_cpu_supports("fma"), "fma");
    add(__builtin_cpu_supports("avx512f"), "avx512f");
    add(__builtin_cpu_supports("avx512cd"), "avx512cd");
    add(__builtin_cpu_supports("avx512dq"), "avx512dq");
    add(__builtin_cpu_supports("avx512bw"), "avx512bw");
    add(__builtin_cpu_supports("avx512vl"), "avx512vl");
#endif
    return out.empty() ? "none detected" : out;
}
} // namespace

iemlab::simd_level iemlab_bench::level() { return chosen; }

int main(int argc, char** argv) {
    std::vector<char*> args;
    std::string arch = "auto";
    for (int i = 0; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a.rfind("--arch=", 0) == 0)
            arch = std::string(a.substr(7));
        else
            args.push_back(argv[i]);
    }
    try {
        if (arch != "auto") (void)iemlab::parse_simd_level(arch); // validates the name
    } catch (const std::exception& e) {
        std::fprintf(stderr, "iemlab-bench: error: --arch: %s\n", e.what());
        return 2;
    }
    setenv("IEMLAB_ARCH", arch.c_str(), 1); // before anything reads default_simd_level()
    chosen = iemlab::default_simd_level();  // capped to what the CPU supports
    benchmark::AddCustomContext("cpu_model", cpu_model());
    benchmark::AddCustomContext("cpu_features", cpu_features());
    benchmark::AddCustomContext("simd_level_requested", arch);
    benchmark::AddCustomContext("simd_level", std::string(iemlab::to_string(chosen)));
    int count = static_cast<int>(args.size());
    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

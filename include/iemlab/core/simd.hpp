#pragma once
/// @file
/// @brief The SIMD architecture selection point: what this translation unit was compiled for, what the CPU
/// (and its OS) supports, and the override used by benchmarks.

#include "iemlab/core/enum_name.hpp"
#include "iemlab/core/error.hpp"

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0 {

/// Instruction-set levels that kernels are instantiated for, in increasing order.
enum class simd_level {
    scalar, ///< plain C++ reference path
    sse2,   ///< x86-64 baseline, 128-bit
    avx2,   ///< AVX2 + FMA, 256-bit
    avx512  ///< AVX-512 F/CD/DQ/BW, 512-bit
};

/// Name of a level as used on the command line ("scalar", "sse2", "avx2", "avx512").
constexpr std::string_view to_string(simd_level level) noexcept {
    switch (level) {
    case simd_level::scalar: return "scalar";
    case simd_level::sse2: return "sse2";
    case simd_level::avx2: return "avx2";
    case simd_level::avx512: return "avx512";
    }
    return "scalar";
}

/// Parses "scalar", "sse2", "avx2" or "avx512"; throws iemlab::error otherwise.
inline simd_level parse_simd_level(std::string_view name) {
    return parse_enum_name("parse_simd_level", "arch", name,
                           {simd_level::scalar, simd_level::sse2, simd_level::avx2, simd_level::avx512});
}

/// Best level the current translation unit's compiler flags enable (what xsimd::default_arch would pick).
constexpr simd_level compiled_simd_level() noexcept {
#if defined(__AVX512F__) && defined(__AVX512CD__) && defined(__AVX512DQ__) && defined(__AVX512BW__)
    return simd_level::avx512;
#elif defined(__AVX2__) && defined(__FMA__)
    return simd_level::avx2;
#elif defined(__SSE2__) || defined(__x86_64__)
    return simd_level::sse2;
#else
    return simd_level::scalar;
#endif
}

#if defined(IEMLAB_SIMD_DISPATCH) && (defined(__x86_64__) || defined(__i386__)) && !defined(IEMLAB_SIMD_DISPATCH_LEVELS)
/// Levels whose kernel objects a dispatch build links: bit 0 sse2, bit 1 avx2, bit 2 avx512. Every level unless the
/// build compiled fewer (CMake: IEMLAB_SIMD_LEVELS, e.g. only the machine's own level in sanitizer builds).
#define IEMLAB_SIMD_DISPATCH_LEVELS 7
#endif

/// Whether simd_dispatch can call `level` from this translation unit: scalar always; in a dispatch build the
/// levels whose kernel objects are linked, else those the translation unit's compiler flags enable.
constexpr bool simd_level_callable(simd_level level) noexcept {
    if (level == simd_level::scalar) return true;
#if defined(IEMLAB_SIMD_DISPATCH) && (defined(__x86_64__) || defined(__i386__))
    return ((IEMLAB_SIMD_DISPATCH_LEVELS >> (static_cast<int>(level) - 1)) & 1) != 0;
#else
    return level <= compiled_simd_level();
#endif
}

/// The best level not above `wanted` that simd_dispatch can call from this translation unit (see
/// simd_level_callable()); code that sizes data by vector width (the FFT) plans with this level.
constexpr simd_level dispatchable_simd_level(simd_level wanted = simd_level::avx512) noexcept {
    while (!simd_level_callable(wanted)) wanted = static_cast<simd_level>(static_cast<int>(wanted) - 1);
    return wanted;
}

/// Best level this CPU and its OS support. Uses the compiler's CPU query, which also checks that the OS saves
/// the wide registers (XCR0): xsimd 8.1's own run-time detection tests the CPUID bits only, so it could report
/// AVX-512 on an OS that does not save those registers.
inline simd_level detect_simd_level() noexcept {
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw"))
        return simd_level::avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return simd_level::avx2;
    if (__builtin_cpu_supports("sse2")) return simd_level::sse2;
    return simd_level::scalar;
#else
    return simd_level::scalar;
#endif
}

/// Every level this CPU supports, from scalar up to detect_simd_level().
inline std::vector<simd_level> supported_simd_levels() {
    std::vector<simd_level> levels;
    const simd_level best = detect_simd_level();
    for (auto level : {simd_level::scalar, simd_level::sse2, simd_level::avx2, simd_level::avx512})
        if (level <= best) levels.push_back(level);
    return levels;
}

/// The level kernels use by default, which is the level they actually run at: detect_simd_level() capped by
/// dispatchable_simd_level() (what this build can call), and by the environment variable IEMLAB_ARCH
/// (scalar|sse2|avx2|avx512) when it is set, so a benchmark or a bug report can force a lower level.
/// Read once; a value above what the CPU and the build support is capped to them.
inline simd_level default_simd_level() {
    // The CPU and IEMLAB_ARCH are read once for the process; the build's cap is applied outside that static,
    // because it may differ between translation units (header-only use beside a dispatch build).
    static const simd_level cpu_and_environment = [] {
        const simd_level best = detect_simd_level();
        const char* forced = std::getenv("IEMLAB_ARCH");
        if (forced == nullptr || *forced == '\0' || std::string_view(forced) == "auto") return best;
        const simd_level wanted = parse_simd_level(forced);
        return wanted < best ? wanted : best;
    }();
    return dispatchable_simd_level(cpu_and_environment);
}

} // namespace iemlab::inline v0

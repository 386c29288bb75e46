#pragma once
/// @file
/// @brief One kernel template, several architectures: how iemlab chooses and calls SIMD kernels.
///
/// A kernel is a struct with a `noexcept` call operator templated on the xsimd architecture tag and taking raw
/// pointers and counts, plus a `scalar_arch` overload that is the plain C++ reference:
///
/// @code
/// struct my_kernel {
///     template <class Arch> void operator()(Arch, const float* in, float* out, std::size_t n) const noexcept;
///     void operator()(iemlab::scalar_arch, const float* in, float* out, std::size_t n) const noexcept;
/// };
/// template <class Arch> void my_kernel::operator()(Arch, const float* in, float* out, std::size_t n) const noexcept {
///     ... xsimd::batch<float, Arch> ...
/// }
/// IEMLAB_SIMD_KERNEL(my_kernel, const float*, float*, std::size_t)
/// @endcode
///
/// The templated operator is defined out of class (in-class bodies are inline and defeat `extern template`).
/// `IEMLAB_SIMD_KERNEL` then does what the build mode needs:
/// - **dispatch build** (target linked to `iemlab_simd_kernels`, which defines `IEMLAB_SIMD_DISPATCH`): declares
///   the sse2, avx2+fma and avx512bw instantiations `extern`; per-architecture objects compiled with the right
///   `-m` flags instantiate them (`IEMLAB_SIMD_INSTANTIATE_ARCH`), and `simd_dispatch` picks one at run time;
/// - **header-only use**: nothing; `simd_dispatch` calls only the architectures the including translation unit
///   is compiled for, so `-march=native` consumers get the best code without the objects.
/// Kernel headers live in `include/iemlab/<layer>/detail/*_kernels.hpp`; the build collects them by that name.

#include "iemlab/core/simd.hpp"

#include <xsimd/xsimd.hpp>

#include <type_traits>
#include <utility>

namespace iemlab::inline v0 {

/// Tag of the plain C++ reference path of a kernel (no xsimd types).
struct scalar_arch {};

/// detect_simd_level(), queried once per process: the cap every dispatch applies.
inline simd_level cpu_simd_level() noexcept {
    static const simd_level level = detect_simd_level();
    return level;
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

/// Calls `kernel(arch_tag, args...)` for the best architecture not above `level` that this CPU and this build
/// can run (dispatchable_simd_level()); `scalar_arch` when `level` is simd_level::scalar. A `level` above the
/// CPU's is capped here, once for every kernel, so asking for avx512 on a CPU without it runs avx2 instead of
/// an illegal instruction.
template <class Kernel, class... Args>
decltype(auto) simd_dispatch(simd_level level, const Kernel& kernel, Args&&... args) noexcept {
    if (level > cpu_simd_level()) level = cpu_simd_level();
    level = dispatchable_simd_level(level);
#if defined(IEMLAB_SIMD_DISPATCH) && (defined(__x86_64__) || defined(__i386__))
    // Discarded branches are not instantiated: levels without kernel objects never reference them.
    if constexpr ((IEMLAB_SIMD_DISPATCH_LEVELS & 4) != 0)
        if (level == simd_level::avx512) return kernel(xsimd::avx512bw{}, std::forward<Args>(args)...);
    if constexpr ((IEMLAB_SIMD_DISPATCH_LEVELS & 2) != 0)
        if (level == simd_level::avx2) return kernel(xsimd::fma3<xsimd::avx2>{}, std::forward<Args>(args)...);
    if constexpr ((IEMLAB_SIMD_DISPATCH_LEVELS & 1) != 0)
        if (level == simd_level::sse2) return kernel(xsimd::sse2{}, std::forward<Args>(args)...);
    return kernel(scalar_arch{}, std::forward<Args>(args)...);
#else
#if XSIMD_WITH_AVX512BW
    if (level >= simd_level::avx512) return kernel(xsimd::avx512bw{}, std::forward<Args>(args)...);
#endif
#if XSIMD_WITH_AVX2 && XSIMD_WITH_FMA3_AVX2
    if (level >= simd_level::avx2) return kernel(xsimd::fma3<xsimd::avx2>{}, std::forward<Args>(args)...);
#endif
#if XSIMD_WITH_SSE2
    if (level >= simd_level::sse2) return kernel(xsimd::sse2{}, std::forward<Args>(args)...);
#endif
    return kernel(scalar_arch{}, std::forward<Args>(args)...);
#endif
}

/// Calls `kernel` at default_simd_level(). (Constrained so that `simd_dispatch(level, kernel{}, …)` with a
/// temporary kernel cannot bind here with `level` taken as the kernel.)
template <class Kernel, class... Args>
    requires(!std::is_same_v<std::remove_cvref_t<Kernel>, simd_level>)
decltype(auto) simd_dispatch(const Kernel& kernel, Args&&... args) {
    return simd_dispatch(default_simd_level(), kernel, std::forward<Args>(args)...);
}

} // namespace iemlab::inline v0

/// Declares or instantiates one kernel's architecture variants (see the file documentation).
#define IEMLAB_SIMD_KERNEL_INSTANCE(keyword, Kernel, Arch, ...)                                                  \
    keyword void Kernel::operator()<Arch>(Arch, __VA_ARGS__) const noexcept;

#if defined(IEMLAB_DOXYGEN)
/// Instantiates (per-arch object), declares extern (dispatch build) or ignores (header-only) a kernel.
#define IEMLAB_SIMD_KERNEL(Kernel, ...)
#elif defined(IEMLAB_SIMD_INSTANTIATE_ARCH)
#define IEMLAB_SIMD_KERNEL(Kernel, ...)                                                                          \
    IEMLAB_SIMD_KERNEL_INSTANCE(template, Kernel, IEMLAB_SIMD_INSTANTIATE_ARCH, __VA_ARGS__)
#elif defined(IEMLAB_SIMD_DISPATCH) && (defined(__x86_64__) || defined(__i386__))
// Declared for every level: a level without kernel objects is never called (simd_dispatch's if constexpr).
#define IEMLAB_SIMD_KERNEL(Kernel, ...)                                                                          \
    IEMLAB_SIMD_KERNEL_INSTANCE(extern template, Kernel, xsimd::avx512bw, __VA_ARGS__)                           \
    IEMLAB_SIMD_KERNEL_INSTANCE(extern template, Kernel, xsimd::fma3<xsimd::avx2>, __VA_ARGS__)                  \
    IEMLAB_SIMD_KERNEL_INSTANCE(extern template, Kernel, xsimd::sse2, __VA_ARGS__)
#else
#define IEMLAB_SIMD_KERNEL(Kernel, ...)
#endif

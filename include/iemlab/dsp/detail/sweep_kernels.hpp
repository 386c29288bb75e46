#pragma once
/// @file
/// @brief Sweep generation kernels: phase counted in cycles in double, wrapped, then one sine per sample.
///
/// Why this shape: the phase of a 20 Hz–20 kHz sweep
/// reaches 10^4…10^5 cycles, where float rounding alone costs −44…−26 dB of phase error and xsimd's sine falls
/// back to scalar range reduction. So the phase is counted in cycles in double, reduced to [−½, ½] in double,
/// and only then turned into a sine (float or double), whose argument stays within [−π, π].

#include "iemlab/core/simd_dispatch.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>

namespace iemlab::inline v0::dsp::detail {

/// Samples per block of the exponential kernel: one std::exp per block, a table of ρ^i inside it.
inline constexpr std::size_t sweep_block = 64;

/// 2π in double.
inline constexpr double sweep_two_pi = 6.283185307179586476925286766559;

/// Exponential-phase sweep: out[i] = amplitude·sin(2π·(a·e^{(first+i)·r} − offset)), i < n.
///
/// Synchronized sweep (Novak): a = f1·L, r = 1/(L·fs), offset = 0. Farina's form: offset = f1·L.
/// Inside a block of sweep_block samples the cycle count is base·ρ^i with base = a·e^{(first+j)·r} computed
/// once per block and ρ^i = e^{i·r} from a table: no recurrence, so no drift.
template <class T>
struct exponential_sweep_kernel {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, T* out, std::size_t n, double first, double a, double r, double offset,
                    double amplitude) const noexcept;
    /// Scalar reference: one exp and one double sine per sample.
    void operator()(scalar_arch, T* out, std::size_t n, double first, double a, double r, double offset,
                    double amplitude) const noexcept {
        for (std::size_t i = 0; i < n; ++i) {
            double c = a * std::exp((first + static_cast<double>(i)) * r) - offset;
            c -= std::nearbyint(c);
            out[i] = static_cast<T>(amplitude * std::sin(sweep_two_pi * c));
        }
    }
};

/// Linear sweep: out[i] = amplitude·sin(2π·c_m), c_m = m·(alpha + beta·m), m = first + i.
///
/// With t = m/fs: alpha = f1/fs, beta = (f2 − f1)/(2·T·fs²) (Novak et al. 2015).
template <class T>
struct linear_sweep_kernel {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, T* out, std::size_t n, double first, double alpha, double beta,
                    double amplitude) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, T* out, std::size_t n, double first, double alpha, double beta,
                    double amplitude) const noexcept {
        for (std::size_t i = 0; i < n; ++i) {
            const double m = first + static_cast<double>(i);
            double c = m * (alpha + beta * m);
            c -= std::nearbyint(c);
            out[i] = static_cast<T>(amplitude * std::sin(sweep_two_pi * c));
        }
    }
};

/// out[i] = amplitude·sin(2π·frac[i]) for |frac[i]| <= ½, i < m (the common tail of both kernels).
template <class Arch, class T>
inline void sine_of_wrapped_cycles(Arch, const double* frac, T* out, std::size_t m, double amplitude) noexcept {
    if constexpr (std::is_same_v<T, double>) {
        using dvec = xsimd::batch<double, Arch>;
        const dvec scale(sweep_two_pi), amp(amplitude);
        std::size_t i = 0;
        for (; i + dvec::size <= m; i += dvec::size)
            (amp * xsimd::sin(scale * dvec::load_unaligned(frac + i))).store_unaligned(out + i);
        for (; i < m; ++i) out[i] = amplitude * std::sin(sweep_two_pi * frac[i]);
    } else {
        // The wrapped phase fits float without loss that matters (|frac| <= ½: absolute error <= 3e-8 cycles).
        using fvec = xsimd::batch<float, Arch>;
        alignas(64) float f[sweep_block];
        for (std::size_t i = 0; i < m; ++i) f[i] = static_cast<float>(frac[i]);
        const fvec scale(static_cast<float>(sweep_two_pi)), amp(static_cast<float>(amplitude));
        std::size_t i = 0;
        for (; i + fvec::size <= m; i += fvec::size) (amp * xsimd::sin(scale * fvec::load_aligned(f + i))).store_unaligned(out + i);
        for (; i < m; ++i)
            out[i] = static_cast<float>(amplitude * std::sin(sweep_two_pi * static_cast<double>(f[i])));
    }
}

template <class T>
template <class Arch>
void exponential_sweep_kernel<T>::operator()(Arch, T* out, std::size_t n, double first, double a, double r,
                                             double offset, double amplitude) const noexcept {
    using dvec = xsimd::batch<double, Arch>;
    static_assert(sweep_block % dvec::size == 0, "block must hold whole vectors");
    alignas(64) double rho[sweep_block];
    alignas(64) double frac[sweep_block];
    for (std::size_t i = 0; i < sweep_block; ++i) rho[i] = std::exp(static_cast<double>(i) * r);
    const dvec off(offset);
    for (std::size_t j = 0; j < n; j += sweep_block) {
        const std::size_t m = std::min(sweep_block, n - j);
        const dvec base(a * std::exp((first + static_cast<double>(j)) * r));
        for (std::size_t i = 0; i < sweep_block; i += dvec::size) {
            const dvec c = base * dvec::load_aligned(rho + i) - off;
            (c - xsimd::nearbyint(c)).store_aligned(frac + i);
        }
        sine_of_wrapped_cycles(Arch{}, frac, out + j, m, amplitude);
    }
}

template <class T>
template <class Arch>
void linear_sweep_kernel<T>::operator()(Arch, T* out, std::size_t n, double first, double alpha, double beta,
                                        double amplitude) const noexcept {
    using dvec = xsimd::batch<double, Arch>;
    static_assert(sweep_block % dvec::size == 0, "block must hold whole vectors");
    alignas(64) double iota[sweep_block];
    alignas(64) double frac[sweep_block];
    for (std::size_t i = 0; i < sweep_block; ++i) iota[i] = static_cast<double>(i);
    const dvec va(alpha), vb(beta);
    for (std::size_t j = 0; j < n; j += sweep_block) {
        const std::size_t m = std::min(sweep_block, n - j);
        const dvec start(first + static_cast<double>(j));
        for (std::size_t i = 0; i < sweep_block; i += dvec::size) {
            const dvec k = start + dvec::load_aligned(iota + i);
            const dvec c = k * xsimd::fma(vb, k, va);
            (c - xsimd::nearbyint(c)).store_aligned(frac + i);
        }
        sine_of_wrapped_cycles(Arch{}, frac, out + j, m, amplitude);
    }
}

} // namespace iemlab::inline v0::dsp::detail

namespace iemlab::inline v0::dsp::detail {
IEMLAB_SIMD_KERNEL(exponential_sweep_kernel<float>, float*, std::size_t, double, double, double, double, double)
IEMLAB_SIMD_KERNEL(exponential_sweep_kernel<double>, double*, std::size_t, double, double, double, double, double)
IEMLAB_SIMD_KERNEL(linear_sweep_kernel<float>, float*, std::size_t, double, double, double, double)
IEMLAB_SIMD_KERNEL(linear_sweep_kernel<double>, double*, std::size_t, double, double, double, double)
} // namespace iemlab::inline v0::dsp::detail

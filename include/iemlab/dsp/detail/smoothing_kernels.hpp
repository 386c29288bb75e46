#pragma once
/// @file
/// @brief Kernels of fractional-octave smoothing: the reference level (a maximum), levels into the averaging
/// domain (exp), segment integrals of the piecewise-linear data, and band means back to dB (log). exp and log
/// dominate smoothing's cost when done one value at a time through libm.

#include "iemlab/core/simd_dispatch.hpp"

#include <algorithm> // std::max in the scalar reference
#include <cmath>
#include <cstddef>

namespace iemlab::inline v0::dsp::detail {

/// out[i] = exp(scale·(in[i] − offset)): dB levels relative to `offset` into a power-like domain. May alias.
struct exp_of_scaled {
    /// SIMD variant (xsimd's exp: within 2 ulp of libm).
    template <class Arch>
    void operator()(Arch, const double* in, double* out, std::size_t n, double scale, double offset) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const double* in, double* out, std::size_t n, double scale,
                    double offset) const noexcept {
        for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(scale * (in[i] - offset));
    }
};

/// out[i] = in[i] > 0 ? max(floor, offset + log(in[i])·scale) : floor: band means back to dB (the inverse of
/// exp_of_scaled with scale = 1/its scale), never below the floor, never NaN. May alias.
struct db_of_mean {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const double* in, double* out, std::size_t n, double scale, double offset,
                    double floor) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const double* in, double* out, std::size_t n, double scale, double offset,
                    double floor) const noexcept {
        for (std::size_t i = 0; i < n; ++i) {
            const double v = in[i];
            out[i] = v > 0 ? std::fmax(floor, offset + std::log(v) * scale) : floor;
        }
    }
};

/// w[j] = half_dx[j]·(g[j] + g[j+1]) for j < n: the trapezoid integral of each segment of piecewise-linear g
/// (half_dx[j] = (x[j+1] − x[j])/2). g holds n + 1 values; w must not alias g.
struct segment_integrals {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const double* half_dx, const double* g, double* w, std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const double* half_dx, const double* g, double* w, std::size_t n) const noexcept {
        for (std::size_t j = 0; j < n; ++j) w[j] = half_dx[j] * (g[j] + g[j + 1]);
    }
};

/// *largest = the largest of in[0, n) (n >= 1) as repeated std::max(m, in[i]) from m = in[0] finds it: a NaN
/// after the first value is skipped. The reference level of dB smoothing; one pass over 2^20 levels is
/// latency-bound when scalar (a chain of dependent maxima).
struct largest_value {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const double* in, std::size_t n, double* largest) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const double* in, std::size_t n, double* largest) const noexcept {
        double m = in[0];
        for (std::size_t i = 1; i < n; ++i) m = std::max(m, in[i]);
        *largest = m;
    }
};

template <class Arch>
void exp_of_scaled::operator()(Arch, const double* in, double* out, std::size_t n, double scale,
                               double offset) const noexcept {
    using vec = xsimd::batch<double, Arch>;
    const vec s(scale), o(offset);
    std::size_t i = 0;
    for (; i + vec::size <= n; i += vec::size) xsimd::exp(s * (vec::load_unaligned(in + i) - o)).store_unaligned(out + i);
    (*this)(scalar_arch{}, in + i, out + i, n - i, scale, offset);
}

template <class Arch>
void db_of_mean::operator()(Arch, const double* in, double* out, std::size_t n, double scale, double offset,
                            double floor) const noexcept {
    using vec = xsimd::batch<double, Arch>;
    const vec s(scale), o(offset), f(floor), zero(0.0);
    std::size_t i = 0;
    for (; i + vec::size <= n; i += vec::size) {
        const vec v = vec::load_unaligned(in + i);
        // log of a value <= 0 is -inf or NaN: those lanes are replaced by the floor.
        const vec db = xsimd::max(f, xsimd::fma(xsimd::log(v), s, o));
        xsimd::select(v > zero, db, f).store_unaligned(out + i);
    }
    (*this)(scalar_arch{}, in + i, out + i, n - i, scale, offset, floor);
}

template <class Arch>
void segment_integrals::operator()(Arch, const double* half_dx, const double* g, double* w,
                                   std::size_t n) const noexcept {
    using vec = xsimd::batch<double, Arch>;
    std::size_t j = 0;
    for (; j + vec::size <= n; j += vec::size)
        (vec::load_unaligned(half_dx + j) * (vec::load_unaligned(g + j) + vec::load_unaligned(g + j + 1)))
            .store_unaligned(w + j);
    (*this)(scalar_arch{}, half_dx + j, g + j, w + j, n - j);
}

template <class Arch>
void largest_value::operator()(Arch, const double* in, std::size_t n, double* largest) const noexcept {
    using vec = xsimd::batch<double, Arch>;
    constexpr std::size_t stride = 4 * vec::size; // four independent chains hide the compare latency
    // Lanes start at in[0] and take v only when v > m: false for NaN, as in std::max(m, v).
    vec m0(in[0]), m1(in[0]), m2(in[0]), m3(in[0]);
    std::size_t i = 0;
    for (; i + stride <= n; i += stride) {
        const vec v0 = vec::load_unaligned(in + i), v1 = vec::load_unaligned(in + i + vec::size);
        const vec v2 = vec::load_unaligned(in + i + 2 * vec::size), v3 = vec::load_unaligned(in + i + 3 * vec::size);
        m0 = xsimd::select(v0 > m0, v0, m0);
        m1 = xsimd::select(v1 > m1, v1, m1);
        m2 = xsimd::select(v2 > m2, v2, m2);
        m3 = xsimd::select(v3 > m3, v3, m3);
    }
    m0 = xsimd::select(m1 > m0, m1, m0);
    m2 = xsimd::select(m3 > m2, m3, m2);
    m0 = xsimd::select(m2 > m0, m2, m0);
    alignas(64) double lanes[vec::size];
    m0.store_aligned(lanes);
    // Every lane holds in[0] or a later value, so in[0]'s NaN (if any) survives in lane 0. Ternaries, not
    // std::max: no helper outside this Arch-templated function is instantiated with the object's wider flags.
    double m = lanes[0];
    for (std::size_t l = 1; l < vec::size; ++l) m = m < lanes[l] ? lanes[l] : m;
    for (; i < n; ++i) m = m < in[i] ? in[i] : m;
    *largest = m;
}

} // namespace iemlab::inline v0::dsp::detail

namespace iemlab::inline v0::dsp::detail {
IEMLAB_SIMD_KERNEL(largest_value, const double*, std::size_t, double*)
IEMLAB_SIMD_KERNEL(exp_of_scaled, const double*, double*, std::size_t, double, double)
IEMLAB_SIMD_KERNEL(db_of_mean, const double*, double*, std::size_t, double, double, double)
IEMLAB_SIMD_KERNEL(segment_integrals, const double*, const double*, double*, std::size_t)
} // namespace iemlab::inline v0::dsp::detail

#pragma once
/// @file
/// @brief Split-complex spectrum kernels: y = a·b for convolution and deconvolution, and the linear-phase
/// rotation y·e^{jθb} that moves a spectrum's time origin by a fraction of a sample.

#include "iemlab/core/simd_dispatch.hpp"

#include <cmath>
#include <cstddef>

namespace iemlab::inline v0::dsp::detail {

/// y = a·b, element-wise on split complex arrays (re/im separate); y may alias a or b.
template <class T>
struct multiply_spectra {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const T* ar, const T* ai, const T* br, const T* bi, T* yr, T* yi,
                    std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const T* ar, const T* ai, const T* br, const T* bi, T* yr, T* yi,
                    std::size_t n) const noexcept {
        for (std::size_t i = 0; i < n; ++i) {
            const T re = ar[i] * br[i] - ai[i] * bi[i];
            const T im = ar[i] * bi[i] + ai[i] * br[i];
            yr[i] = re;
            yi[i] = im;
        }
    }
};

template <class T>
template <class Arch>
void multiply_spectra<T>::operator()(Arch, const T* ar, const T* ai, const T* br, const T* bi, T* yr, T* yi,
                                     std::size_t n) const noexcept {
    using vec = xsimd::batch<T, Arch>;
    std::size_t i = 0;
    for (; i + vec::size <= n; i += vec::size) {
        const vec a = vec::load_unaligned(ar + i), b = vec::load_unaligned(ai + i);
        const vec c = vec::load_unaligned(br + i), d = vec::load_unaligned(bi + i);
        xsimd::fms(a, c, b * d).store_unaligned(yr + i);
        xsimd::fma(a, d, b * c).store_unaligned(yi + i);
    }
    (*this)(scalar_arch{}, ar + i, ai + i, br + i, bi + i, yr + i, yi + i, n - i);
}

/// y[b] ← y[b]·e^{jθb} for b in [0, n), in place on split complex arrays: advances the signal of an N-point
/// spectrum by θ·N/(2π) samples (x[t] → x[t + d]). With b = B·q + r the phasor is e^{jθBq}·e^{jθr}, two factors
/// each rounded once to T from double-precision cos/sin and multiplied in T: a few ulp of T at any n, where a
/// stepped recurrence drifts.
template <class T>
struct rotate_linear_phase {
    /// B: bins per block; the e^{jθr} table (2·B values of T) lives on the stack.
    static constexpr std::size_t block = 256;
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, T* re, T* im, std::size_t n, double theta) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch arch, T* re, T* im, std::size_t n, double theta) const noexcept {
        alignas(64) T table_c[block], table_s[block];
        fill_table(arch, theta, table_c, table_s, n < block ? n : block);
        for (std::size_t q = 0; q < n; q += block) {
            const double angle = theta * static_cast<double>(q);
            rotate_block(arch, re + q, im + q, n - q < block ? n - q : block, static_cast<T>(std::cos(angle)),
                         static_cast<T>(std::sin(angle)), table_c, table_s);
        }
    }

private:
    // Per-architecture helpers (templates on Arch, so no copy compiled with wider instructions can be shared;
    // for the same reason the SIMD operator uses ternaries, not std::min).
    // The table holds e^{jθr} for r < count (count <= B); entries a block never reads are not computed.
    template <class Arch>
    static void fill_table(Arch, double theta, T* c, T* s, std::size_t count) noexcept {
        for (std::size_t r = 0; r < count; ++r) {
            const double angle = theta * static_cast<double>(r);
            c[r] = static_cast<T>(std::cos(angle));
            s[r] = static_cast<T>(std::sin(angle));
        }
    }
    template <class Arch>
    static void rotate_block(Arch, T* re, T* im, std::size_t count, T seed_c, T seed_s, const T* table_c,
                             const T* table_s) noexcept {
        for (std::size_t r = 0; r < count; ++r) {
            const T pc = seed_c * table_c[r] - seed_s * table_s[r], ps = seed_c * table_s[r] + seed_s * table_c[r];
            const T x = re[r], y = im[r];
            re[r] = x * pc - y * ps;
            im[r] = x * ps + y * pc;
        }
    }
};

template <class T>
template <class Arch>
void rotate_linear_phase<T>::operator()(Arch arch, T* re, T* im, std::size_t n, double theta) const noexcept {
    using vec = xsimd::batch<T, Arch>;
    static_assert(block % vec::size == 0);
    alignas(64) T table_c[block], table_s[block];
    fill_table(arch, theta, table_c, table_s, n < block ? n : block);
    for (std::size_t q = 0; q < n; q += block) {
        const double angle = theta * static_cast<double>(q);
        const T seed_c = static_cast<T>(std::cos(angle)), seed_s = static_cast<T>(std::sin(angle));
        const vec sc(seed_c), ss(seed_s);
        const std::size_t count = n - q < block ? n - q : block; // not std::min: see the helpers below
        std::size_t r = 0;
        for (; r + vec::size <= count; r += vec::size) {
            const vec tc = vec::load_aligned(table_c + r), ts = vec::load_aligned(table_s + r);
            const vec pc = xsimd::fms(sc, tc, ss * ts), ps = xsimd::fma(sc, ts, ss * tc);
            const vec x = vec::load_unaligned(re + q + r), y = vec::load_unaligned(im + q + r);
            xsimd::fms(x, pc, y * ps).store_unaligned(re + q + r);
            xsimd::fma(x, ps, y * pc).store_unaligned(im + q + r);
        }
        rotate_block(arch, re + q + r, im + q + r, count - r, seed_c, seed_s, table_c + r, table_s + r);
    }
}

} // namespace iemlab::inline v0::dsp::detail

namespace iemlab::inline v0::dsp::detail {
IEMLAB_SIMD_KERNEL(multiply_spectra<float>, const float*, const float*, const float*, const float*, float*, float*,
                   std::size_t)
IEMLAB_SIMD_KERNEL(multiply_spectra<double>, const double*, const double*, const double*, const double*, double*,
                   double*, std::size_t)
IEMLAB_SIMD_KERNEL(rotate_linear_phase<float>, float*, float*, std::size_t, double)
IEMLAB_SIMD_KERNEL(rotate_linear_phase<double>, double*, double*, std::size_t, double)
} // namespace iemlab::inline v0::dsp::detail

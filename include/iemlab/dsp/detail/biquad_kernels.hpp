#pragma once
/// @file
/// @brief Biquad magnitude kernel: adds one biquad's level in dB to a response, across frequency.

#include "iemlab/core/simd_dispatch.hpp"

#include <cmath>
#include <cstddef>

namespace iemlab::inline v0::dsp::detail {

/// out[i] += 10·log10(|B(e^{jω})|² / |A(e^{jω})|²) for a biquad with a0 = 1, given c1[i] = cos ω_i and
/// c2[i] = cos 2ω_i. With p = (b0, b1, b2): |B|² = b0² + b1² + b2² + 2(b0b1 + b1b2)·cos ω + 2·b0b2·cos 2ω, and
/// likewise for A = (1, a1, a2). |B|² and |A|² are floored at 1e-30 (−300 dB), so a zero gives a finite level.
struct biquad_add_db {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const double* coefficients, const double* c1, const double* c2, double* out,
                    std::size_t n) const noexcept;
    /// Scalar reference. `coefficients` = {b0, b1, b2, a1, a2}.
    void operator()(scalar_arch, const double* k, const double* c1, const double* c2, double* out,
                    std::size_t n) const noexcept {
        const double n0 = k[0] * k[0] + k[1] * k[1] + k[2] * k[2], n1 = 2 * (k[0] * k[1] + k[1] * k[2]),
                     n2 = 2 * k[0] * k[2];
        const double d0 = 1 + k[3] * k[3] + k[4] * k[4], d1 = 2 * (k[3] + k[3] * k[4]), d2 = 2 * k[4];
        for (std::size_t i = 0; i < n; ++i) {
            double num = n0 + n1 * c1[i] + n2 * c2[i], den = d0 + d1 * c1[i] + d2 * c2[i];
            num = num > 1e-30 ? num : 1e-30;
            den = den > 1e-30 ? den : 1e-30;
            out[i] += 10 * std::log10(num / den);
        }
    }
};

template <class Arch>
void biquad_add_db::operator()(Arch, const double* k, const double* c1, const double* c2, double* out,
                               std::size_t n) const noexcept {
    using vec = xsimd::batch<double, Arch>;
    const double n0 = k[0] * k[0] + k[1] * k[1] + k[2] * k[2], n1 = 2 * (k[0] * k[1] + k[1] * k[2]),
                 n2 = 2 * k[0] * k[2];
    const double d0 = 1 + k[3] * k[3] + k[4] * k[4], d1 = 2 * (k[3] + k[3] * k[4]), d2 = 2 * k[4];
    const vec vn0(n0), vn1(n1), vn2(n2), vd0(d0), vd1(d1), vd2(d2), floor(1e-30), ten(10.0);
    std::size_t i = 0;
    for (; i + vec::size <= n; i += vec::size) {
        const vec x = vec::load_unaligned(c1 + i), y = vec::load_unaligned(c2 + i);
        const vec num = xsimd::max(xsimd::fma(vn2, y, xsimd::fma(vn1, x, vn0)), floor);
        const vec den = xsimd::max(xsimd::fma(vd2, y, xsimd::fma(vd1, x, vd0)), floor);
        xsimd::fma(ten, xsimd::log10(num / den), vec::load_unaligned(out + i)).store_unaligned(out + i);
    }
    (*this)(scalar_arch{}, k, c1 + i, c2 + i, out + i, n - i);
}

} // namespace iemlab::inline v0::dsp::detail

namespace iemlab::inline v0::dsp::detail {
IEMLAB_SIMD_KERNEL(biquad_add_db, const double*, const double*, const double*, double*, std::size_t)
} // namespace iemlab::inline v0::dsp::detail

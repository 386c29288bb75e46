#pragma once
/// @file
/// @brief Biquad magnitude kernel: adds one biquad's level in dB to a response, across frequency.

#include "iemlab/core/simd_dispatch.hpp"

#include <cmath>
#include <cstddef>

namespace iemlab::inline v0::dsp::detail {

/// out[i] += 10·log10(|B(e^{jω})|² / |A(e^{jω})|²) for a biquad with a0 = 1, given s[i] = sin²(ω_i/2). In this
/// form |B|² = (b0 + b1 + b2)² − 4·(b0b1 + b1b2 + 4·b0b2)·s + 16·b0b2·s² (likewise A = (1, a1, a2)), which keeps
/// its precision at low ω where the cos ω expansion cancels. |B|² and |A|² are floored at 1e-30.
struct biquad_add_db {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const double* coefficients, const double* s, double* out, std::size_t n) const noexcept;
    /// Scalar reference. `coefficients` = {b0, b1, b2, a1, a2}.
    void operator()(scalar_arch, const double* k, const double* s, double* out, std::size_t n) const noexcept {
        double p[6];
        terms(k, p);
        for (std::size_t i = 0; i < n; ++i) {
            double num = p[0] + s[i] * (p[1] + p[2] * s[i]), den = p[3] + s[i] * (p[4] + p[5] * s[i]);
            num = num > 1e-30 ? num : 1e-30;
            den = den > 1e-30 ? den : 1e-30;
            out[i] += 10 * std::log10(num / den);
        }
    }
    /// The polynomial terms in s of |B|² (p[0..2]) and |A|² (p[3..5]) from {b0, b1, b2, a1, a2}.
    static void terms(const double* k, double* p) noexcept {
        const double sb = k[0] + k[1] + k[2], sa = 1 + k[3] + k[4];
        p[0] = sb * sb, p[1] = -4 * (k[0] * k[1] + k[1] * k[2] + 4 * k[0] * k[2]), p[2] = 16 * k[0] * k[2];
        p[3] = sa * sa, p[4] = -4 * (k[3] + k[3] * k[4] + 4 * k[4]), p[5] = 16 * k[4];
    }
};

template <class Arch>
void biquad_add_db::operator()(Arch, const double* k, const double* s, double* out, std::size_t n) const noexcept {
    using vec = xsimd::batch<double, Arch>;
    double p[6];
    terms(k, p);
    const vec p0(p[0]), p1(p[1]), p2(p[2]), p3(p[3]), p4(p[4]), p5(p[5]), floor(1e-30), ten(10.0);
    std::size_t i = 0;
    for (; i + vec::size <= n; i += vec::size) {
        const vec x = vec::load_unaligned(s + i);
        const vec num = xsimd::max(xsimd::fma(x, xsimd::fma(p2, x, p1), p0), floor);
        const vec den = xsimd::max(xsimd::fma(x, xsimd::fma(p5, x, p4), p3), floor);
        xsimd::fma(ten, xsimd::log10(num / den), vec::load_unaligned(out + i)).store_unaligned(out + i);
    }
    (*this)(scalar_arch{}, k, s + i, out + i, n - i);
}

} // namespace iemlab::inline v0::dsp::detail

namespace iemlab::inline v0::dsp::detail {
IEMLAB_SIMD_KERNEL(biquad_add_db, const double*, const double*, double*, std::size_t)
} // namespace iemlab::inline v0::dsp::detail

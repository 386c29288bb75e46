#pragma once
/// @file
/// @brief Ratios of modified Bessel functions I1/I0 and I2/I0 of a complex argument, for the Zwikker–Kosten
/// tube model (std::cyl_bessel_i and Boost.Math take real arguments only).

#include <cmath>
#include <complex>

namespace iemlab::inline v0::acoustics::detail {

/// I1(z)/I0(z) and I2(z)/I0(z) for Re z >= 0.
struct bessel_ratios {
    std::complex<double> i1_over_i0; ///< I1(z)/I0(z)
    std::complex<double> i2_over_i0; ///< I2(z)/I0(z)
};

/// Power series I_n(z) = (z/2)^n Σ_k (z²/4)^k / (k!·(k+n)!) (Abramowitz & Stegun 9.6.10), summed in long
/// double. At |z| = 25 on the ray arg z = π/4 the terms outgrow the result by about e^{0.29|z|} ≈ 1500, so
/// long double keeps the ratios to ≈ 1e-15.
inline bessel_ratios bessel_ratios_series(std::complex<double> z) noexcept {
    using cl = std::complex<long double>;
    const cl q = cl(z) * cl(z) / 4.0L;
    cl t0 = 1, t1 = cl(z) / 2.0L, t2 = cl(z) * cl(z) / 8.0L; // k = 0 terms of I0, I1, I2
    cl s0 = t0, s1 = t1, s2 = t2;
    for (int k = 1; k < 400; ++k) {
        const long double kk = k;
        t0 *= q / (kk * kk);
        t1 *= q / (kk * (kk + 1));
        t2 *= q / (kk * (kk + 2));
        s0 += t0, s1 += t1, s2 += t2;
        if (kk > std::abs(q) && std::abs(t0) < 1e-20L * std::abs(s0) && std::abs(t1) < 1e-20L * std::abs(s1) &&
            std::abs(t2) < 1e-20L * std::abs(s2))
            break;
    }
    return {std::complex<double>(s1 / s0), std::complex<double>(s2 / s0)};
}

/// Hankel's asymptotic expansion I_ν(z) ~ e^z/sqrt(2πz)·Σ_k (−1)^k a_k(ν)/z^k, a_k(ν) = Π_{m=1..k}(4ν² −
/// (2m−1)²)/(k!·8^k) (A&S 9.7.1); the common factor cancels in the ratios. The neglected e^{−z} part is below
/// e^{−2·Re z} ≈ 1e-15 relative for |z| >= 25 at arg z = π/4; the series is cut at its smallest term.
inline bessel_ratios bessel_ratios_asymptotic(std::complex<double> z) noexcept {
    using cl = std::complex<long double>;
    const cl inv = 1.0L / cl(z);
    cl s[3] = {1, 1, 1}, t[3] = {1, 1, 1};
    long double last[3] = {1, 1, 1};
    bool done[3] = {false, false, false};
    for (int k = 1; k < 60; ++k) {
        const long double m = 2 * k - 1;
        for (int nu = 0; nu < 3; ++nu) {
            if (done[nu]) continue;
            const long double mu = 4.0L * nu * nu;
            const cl next = t[nu] * (-(mu - m * m) / (8.0L * k)) * inv;
            const long double mag = std::abs(next);
            if (mag > last[nu] || mag < 1e-21L) { // smallest term reached, or converged
                done[nu] = true;
                continue;
            }
            t[nu] = next, last[nu] = mag, s[nu] += next;
        }
    }
    return {std::complex<double>(s[1] / s[0]), std::complex<double>(s[2] / s[0])};
}

/// I1/I0 and I2/I0 of z (Re z >= 0): power series below |z| = 25, asymptotic expansion above.
inline bessel_ratios modified_bessel_ratios(std::complex<double> z) noexcept {
    return std::abs(z) < 25.0 ? bessel_ratios_series(z) : bessel_ratios_asymptotic(z);
}

} // namespace iemlab::inline v0::acoustics::detail

#pragma once
/// @file
/// @brief Lumped elements as impedance spectra on a grid: resistance, inductance (acoustic or mechanical mass),
/// capacitance (compliance), series and parallel R–L–C combinations and Helmholtz side branches.
///
/// Impedance analogy throughout: across quantity (voltage, force,
/// pressure) over through quantity (current, velocity, volume velocity). Acoustic mass M [kg/m⁴] is an
/// inductance, acoustic compliance C = V/(ρc²) [m³/Pa] a capacitance, acoustic resistance R [Pa·s/m³] a resistor.

#include "iemlab/network/spectrum.hpp"

#include <cmath>
#include <limits>

namespace iemlab::inline v0::network {

namespace detail {

inline void require_non_negative(const char* where, const char* parameter, double value) {
    if (!(std::isfinite(value) && value >= 0))
        throw_out_of_range(where, parameter, value, "", "a finite value >= 0");
}
inline void require_capacitance(const char* where, const char* parameter, double value) {
    // +inf is allowed and means "no capacitor" (a short in a series branch, K = 1/C = 0).
    if (!(value > 0) || std::isnan(value))
        throw_out_of_range(where, parameter, value, "", "C > 0 (+inf for none)");
}

} // namespace detail

/// Z = R + jωL + 1/(jωC) on grid `g`: the series branch of a resistance R >= 0, an inductance (mass) L >= 0
/// and a capacitance (compliance) C > 0; C = +infinity leaves the capacitor out.
inline complex_spectrum series_rlc(const grid& g, double r, double l, double c) {
    detail::require_non_negative("network::series_rlc", "R", r);
    detail::require_non_negative("network::series_rlc", "L", l);
    detail::require_capacitance("network::series_rlc", "C", c);
    complex_spectrum z(g.size());
    simd_dispatch(detail::series_rlc_impedance{}, g.omega().data(), r, l, std::isinf(c) ? 0.0 : 1.0 / c,
                  z.re().data(), z.im().data(), g.size());
    return z;
}

/// Z = R (frequency independent), R >= 0.
inline complex_spectrum resistor(const grid& g, double r) {
    detail::require_non_negative("network::resistor", "R", r);
    return complex_spectrum(g.size(), r);
}

/// Z = jωL for an inductance, or a mass in the impedance analogy (acoustic mass M = ρl/S), L >= 0.
inline complex_spectrum inductor(const grid& g, double l) {
    return series_rlc(g, 0.0, l, std::numeric_limits<double>::infinity());
}

/// Z = 1/(jωC) for a capacitance, or a compliance (acoustic: C = V/(ρc²)), C > 0.
inline complex_spectrum capacitor(const grid& g, double c) {
    detail::require_capacitance("network::capacitor", "C", c);
    return series_rlc(g, 0.0, 0.0, c);
}

/// Y = jωC: the admittance of a capacitance (compliance) C >= 0, the usual shunt element of a ladder.
inline complex_spectrum capacitor_admittance(const grid& g, double c) {
    detail::require_non_negative("network::capacitor_admittance", "C", c);
    complex_spectrum y(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) y.set(i, {0.0, g.omega()[i] * c});
    return y;
}

/// Z of R ∥ L ∥ C (a parallel resonance, e.g. a motional branch seen through a gyrator): 1/(1/R + 1/(jωL) + jωC).
/// R, L > 0 (+inf for none); C >= 0.
inline complex_spectrum parallel_rlc(const grid& g, double r, double l, double c) {
    if (!(r > 0) || std::isnan(r)) throw_out_of_range("network::parallel_rlc", "R", r, "", "R > 0 (+inf for none)");
    if (!(l > 0) || std::isnan(l)) throw_out_of_range("network::parallel_rlc", "L", l, "", "L > 0 (+inf for none)");
    detail::require_non_negative("network::parallel_rlc", "C", c);
    complex_spectrum z(g.size());
    const double g_r = std::isinf(r) ? 0.0 : 1.0 / r, inv_l = std::isinf(l) ? 0.0 : 1.0 / l;
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double w = g.omega()[i];
        z.set(i, 1.0 / std::complex<double>(g_r, w * c - inv_l / w));
    }
    return z;
}

/// Impedance of a Helmholtz resonator used as a side branch: neck resistance R and mass M in series with the
/// cavity compliance C (resonance 1/(2π·sqrt(M·C))). Hang it as a shunt: `append_shunt(reciprocal(z))`.
inline complex_spectrum helmholtz_resonator(const grid& g, double r, double m, double c) {
    if (std::isinf(c)) throw_out_of_range("network::helmholtz_resonator", "C", c, "", "a finite cavity compliance > 0");
    return series_rlc(g, r, m, c);
}

} // namespace iemlab::inline v0::network

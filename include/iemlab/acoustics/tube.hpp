#pragma once
/// @file
/// @brief Lossy acoustic ducts as two-ports: propagation in a circular duct (Zwikker–Kosten low-reduced-frequency
/// model with complex Bessel functions, Keefe's closed forms, or lossless), cylindrical and conical segments,
/// and the radiation impedance of an open end. Formulas: Zwikker & Kosten 1949; Levine & Schwinger 1948; Beranek &
/// Mellow.
///
/// @code
/// namespace nw = iemlab::network;
/// const nw::grid g{iemlab::log_grid(20, 20000, 48)};
/// const auto air = iemlab::air_properties::at_celsius(37);
/// const nw::two_port canal = iemlab::acoustics::cylindrical_tube(g, air, 3.75e-3, 0.025);
/// const auto r = nw::terminate(canal, nw::termination::rigid_wall(g.size())); // closed canal
/// @endcode

#include "iemlab/acoustics/detail/complex_bessel.hpp"
#include "iemlab/core/air.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/network/two_port.hpp"

#include <array>
#include <cmath>
#include <complex>
#include <numbers>

namespace iemlab::inline v0::acoustics {

/// How visco-thermal wall losses are modelled in a duct.
enum class loss_model {
    lossless,       ///< Γ = jω/c, Zc = ρc/S
    zwikker_kosten, ///< low-reduced-frequency model with Bessel functions of complex argument (exact for LRF)
    keefe           ///< Keefe (1984) wide-tube (r_v > 1) and narrow-tube (r_v < 1) closed forms
};

/// Effective density and bulk modulus of the air in a duct, per frequency (the wave-number independent part of
/// a duct model): Z' = jωρ_eff/S, Y' = jωS/K_eff.
struct duct_medium {
    network::complex_spectrum gamma;          ///< propagation constant Γ = jω·sqrt(ρ_eff/K_eff), 1/m, Re Γ >= 0
    network::complex_spectrum wave_impedance; ///< sqrt(ρ_eff·K_eff), Pa·s/m (Zc·S; the area-free Z0 of §1.4)
};

namespace detail {

inline void check_air(const char* where, const air_properties& air) {
    require_positive(where, "air.density", air.density, "kg/m^3");
    require_positive(where, "air.speed_of_sound", air.speed_of_sound, "m/s");
    require_positive(where, "air.viscosity", air.viscosity, "Pa*s");
    require_positive(where, "air.prandtl", air.prandtl, "");
    require_in_range(where, "air.ratio_of_specific_heats", air.ratio_of_specific_heats, 1.0, 2.0, "");
}

/// ρ_eff/ρ and K_eff/K (K = ρc²) of a circular duct of radius a at angular frequency ω (Zwikker & Kosten 1949; Keefe
/// 1984).
inline std::pair<std::complex<double>, std::complex<double>> duct_factors(const air_properties& air, double radius,
                                                                           double omega, loss_model model) {
    using cd = std::complex<double>;
    const double gamma = air.ratio_of_specific_heats;
    const double rv = radius * std::sqrt(omega * air.density / air.viscosity);
    const double rt = rv * std::sqrt(air.prandtl);
    switch (model) {
    case loss_model::lossless: return {1.0, 1.0};
    case loss_model::zwikker_kosten: {
        const cd j45 = std::polar(1.0, std::numbers::pi / 4); // sqrt(j): e^{+jωt} convention
        const cd zv = rv * j45, zt = rt * j45;
        const auto bv = modified_bessel_ratios(zv);
        const auto bt = modified_bessel_ratios(zt);
        // 1 − F(z_v) = I2/I0 avoids the cancellation of 1 − 2I1/(z·I0) at small |z| (Zwikker & Kosten 1949).
        const cd rho_factor = 1.0 / bv.i2_over_i0;
        const cd f_t = 2.0 * bt.i1_over_i0 / zt;
        const cd k_factor = 1.0 / (1.0 + (gamma - 1.0) * f_t);
        return {rho_factor, k_factor};
    }
    case loss_model::keefe: {
        const cd j(0, 1);
        if (rv > 1) {
            const cd rho_factor = 1.0 + std::sqrt(2.0) * (1.0 - j) / rv - 3.0 * j / (rv * rv);
            const cd y_factor = 1.0 + (gamma - 1.0) * (std::sqrt(2.0) * (1.0 - j) / rt + j / (rt * rt));
            return {rho_factor, 1.0 / y_factor};
        }
        // Narrow: Z' = 8μ/(S·a²) + j(4/3)ωρ/S, i.e. ρ_eff = (4/3)ρ − j·8μ/(ω·a²).
        const cd rho_factor = 4.0 / 3.0 - j * 8.0 * air.viscosity / (omega * radius * radius * air.density);
        const cd y_factor = gamma - j * (gamma - 1.0) * rt * rt / 8.0;
        return {rho_factor, 1.0 / y_factor};
    }
    }
    return {1.0, 1.0};
}

/// ABCD of a conical segment r1 → r2 over `length` in a medium of propagation constant Γ and area-free wave
/// impedance Z0 (Chaigne & Kergomard 2016): u = ΓL;
/// A = (r2/r1)·cosh u − ((r2−r1)/r1)·sinh(u)/u, B = Z0·sinh(u)/(π·r1·r2),
/// C = (π·r1·r2/Z0)·[sinh u + ((r2−r1)²/(r1·r2))·(u·cosh u − sinh u)/u²], D = (r1/r2)·cosh u + ((r2−r1)/r2)·sinh(u)/u.
inline std::array<std::complex<double>, 4> cone_abcd(std::complex<double> gamma, std::complex<double> z0, double r1,
                                                     double r2, double length) noexcept {
    using cd = std::complex<double>;
    const double pi = std::numbers::pi, dr = r2 - r1;
    const cd u = gamma * length, ch = std::cosh(u), sh = std::sinh(u), u2 = u * u;
    // sinh(u)/u and (u·cosh u − sinh u)/u² by their series near u = 0.
    const cd sinc = std::abs(u) < 0.1 ? 1.0 + u2 / 6.0 + u2 * u2 / 120.0 : sh / u;
    const cd g3 = std::abs(u) < 0.1 ? u / 3.0 + u * u2 / 30.0 + u * u2 * u2 / 840.0 : (u * ch - sh) / u2;
    return {(r2 / r1) * ch - (dr / r1) * sinc, z0 * sh / (pi * r1 * r2),
            (pi * r1 * r2 / z0) * (sh + (dr * dr / (r1 * r2)) * g3), (r1 / r2) * ch + (dr / r2) * sinc};
}

} // namespace detail

/// Propagation constant and wave impedance of a circular duct of radius `radius_m` (> 0) on grid `g`.
inline duct_medium circular_duct_medium(const network::grid& g, const air_properties& air, double radius_m,
                                        loss_model model = loss_model::zwikker_kosten) {
    detail::check_air("circular_duct_medium", air);
    require_in_range("circular_duct_medium", "radius", radius_m, 1e-6, 1.0, "m");
    duct_medium m{network::complex_spectrum(g.size()), network::complex_spectrum(g.size())};
    const double rho = air.density, k_air = air.bulk_modulus();
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double w = g.omega()[i];
        const auto [rf, kf] = detail::duct_factors(air, radius_m, w, model);
        const std::complex<double> rho_eff = rho * rf, k_eff = k_air * kf;
        std::complex<double> gamma = std::complex<double>(0, w) * std::sqrt(rho_eff / k_eff);
        if (gamma.real() < 0) gamma = -gamma;
        std::complex<double> z0 = std::sqrt(rho_eff * k_eff);
        if (z0.real() < 0) z0 = -z0;
        m.gamma.set(i, gamma);
        m.wave_impedance.set(i, z0);
    }
    return m;
}

/// Two-port of a uniform duct of `medium` (see circular_duct_medium), cross-section `area_m2` and `length_m`.
inline network::two_port uniform_duct(const duct_medium& medium, double area_m2, double length_m) {
    require_positive("uniform_duct", "area", area_m2, "m^2");
    if (!(std::isfinite(length_m) && length_m >= 0))
        throw_out_of_range("uniform_duct", "length", length_m, "m", "a finite length >= 0");
    return network::two_port::uniform_line(medium.gamma, (1.0 / area_m2) * medium.wave_impedance, length_m);
}

/// Two-port of a cylindrical tube of radius `radius_m` and length `length_m` (>= 0).
inline network::two_port cylindrical_tube(const network::grid& g, const air_properties& air, double radius_m,
                                          double length_m, loss_model model = loss_model::zwikker_kosten) {
    if (!(std::isfinite(length_m) && length_m >= 0))
        throw_out_of_range("cylindrical_tube", "length", length_m, "m", "a finite length >= 0");
    const duct_medium m = circular_duct_medium(g, air, radius_m, model);
    return uniform_duct(m, std::numbers::pi * radius_m * radius_m, length_m);
}

/// Two-port of a conical segment (frustum) from radius r1 (port 1) to r2 (port 2) over `length_m`, with the
/// duct medium of its mean radius (Chaigne & Kergomard 2016; exact for a cone in a uniform medium, r1 = r2 gives the
/// cylinder).
inline network::two_port conical_segment(const duct_medium& medium_at_mean_radius, double r1_m, double r2_m,
                                         double length_m) {
    require_positive("conical_segment", "r1", r1_m, "m");
    require_positive("conical_segment", "r2", r2_m, "m");
    if (!(std::isfinite(length_m) && length_m >= 0))
        throw_out_of_range("conical_segment", "length", length_m, "m", "a finite length >= 0");
    const std::size_t n = medium_at_mean_radius.gamma.size();
    network::complex_spectrum a(n), b(n), c(n), d(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto t = detail::cone_abcd(medium_at_mean_radius.gamma[i], medium_at_mean_radius.wave_impedance[i],
                                         r1_m, r2_m, length_m);
        a.set(i, t[0]), b.set(i, t[1]), c.set(i, t[2]), d.set(i, t[3]);
    }
    return network::two_port::from_abcd(std::move(a), std::move(b), std::move(c), std::move(d));
}

/// Two-port of a conical segment from radius r1 to r2 over `length_m`, losses at the mean radius.
inline network::two_port conical_tube(const network::grid& g, const air_properties& air, double r1_m, double r2_m,
                                      double length_m, loss_model model = loss_model::zwikker_kosten) {
    require_positive("conical_tube", "r1", r1_m, "m");
    require_positive("conical_tube", "r2", r2_m, "m");
    return conical_segment(circular_duct_medium(g, air, 0.5 * (r1_m + r2_m), model), r1_m, r2_m, length_m);
}

/// Which radiation model loads an open tube end.
enum class radiation_end {
    unflanged,     ///< (ρc/S)·[(ka)²/4 + j·0.6133·ka], low ka (Levine & Schwinger)
    flanged,       ///< (ρc/S)·[(ka)²/2 + j·0.8216·ka], low ka (infinite baffle)
    baffled_piston ///< Beranek's broadband network M ∥ [R2 + (R1 ∥ C)]: jωM at low ka, ρc/S at high ka
};

/// Radiation impedance (Pa·s/m³) of an open end of radius `radius_m` (Levine & Schwinger 1948; Beranek & Mellow).
inline network::complex_spectrum radiation_impedance(const network::grid& g, const air_properties& air,
                                                     double radius_m, radiation_end kind) {
    detail::check_air("radiation_impedance", air);
    require_in_range("radiation_impedance", "radius", radius_m, 1e-6, 1.0, "m");
    using cd = std::complex<double>;
    const double rho = air.density, c = air.speed_of_sound, pi = std::numbers::pi;
    const double s = pi * radius_m * radius_m, z0 = rho * c / s;
    network::complex_spectrum z(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double w = g.omega()[i], ka = w / c * radius_m;
        switch (kind) {
        case radiation_end::unflanged: z.set(i, z0 * cd(ka * ka / 4, 0.6133 * ka)); break;
        case radiation_end::flanged: z.set(i, z0 * cd(ka * ka / 2, 0.8216 * ka)); break;
        case radiation_end::baffled_piston: {
            const double m = 8 * rho / (3 * pi * pi * radius_m), r1 = 0.1404 * rho * c / (radius_m * radius_m);
            const double r2 = rho * c / (pi * radius_m * radius_m), cap = 1.89 * pi * radius_m * radius_m * radius_m / (rho * c * c);
            const cd zm(0, w * m);
            const cd zb = r2 + 1.0 / (1.0 / r1 + cd(0, w * cap));
            z.set(i, zm * zb / (zm + zb));
            break;
        }
        }
    }
    return z;
}

} // namespace iemlab::inline v0::acoustics

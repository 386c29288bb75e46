#pragma once
/// @file
/// @brief Leaks and vents around or through an eartip as a lumped mass + resistance (narrow-duct
/// Poiseuille flow, Beranek & Mellow): a circular vent tube, a slit, or given values.

#include "iemlab/core/air.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/network/spectrum.hpp"

#include <cmath>
#include <complex>
#include <numbers>

namespace iemlab::inline v0::acoustics {

/// A leak path from the sealed canal to the outside: Z_leak = R + jωM (none: infinite impedance).
class leak {
public:
    /// No leak (a perfect seal).
    leak() = default;
    /// A leak of acoustic resistance R (Pa·s/m³, >= 0) and mass M (kg/m⁴, >= 0), not both zero.
    static leak lumped(double resistance, double mass) {
        if (!(std::isfinite(resistance) && resistance >= 0))
            throw_out_of_range("leak::lumped", "resistance", resistance, "Pa*s/m^3", "a finite value >= 0");
        if (!(std::isfinite(mass) && mass >= 0))
            throw_out_of_range("leak::lumped", "mass", mass, "kg/m^4", "a finite value >= 0");
        if (resistance == 0 && mass == 0)
            throw_invalid("leak::lumped", "resistance", "resistance and mass are both 0 (a short, not a leak)");
        leak l;
        l.present_ = true, l.resistance_ = resistance, l.mass_ = mass;
        return l;
    }
    /// A circular vent or leak tube of `length_m` and `diameter_m`: Poiseuille R = 8μl/(πr⁴) and the inviscid mass
    /// with end corrections M = ρ(l + 1.7r)/(πr²).
    static leak tube(const air_properties& air, double length_m, double diameter_m) {
        require_in_range("leak::tube", "length", length_m, 0.0, 0.1, "m");
        require_in_range("leak::tube", "diameter", diameter_m, 1e-6, 0.02, "m");
        const double r = diameter_m / 2, pi = std::numbers::pi;
        return lumped(8 * air.viscosity * length_m / (pi * r * r * r * r), air.density * (length_m + 1.7 * r) / (pi * r * r));
    }
    /// A slit of `width_m` W, gap H = `gap_m` and `length_m` L (along the flow): R = 12μL/(W·H³),
    /// M = 1.2ρL/(W·H).
    static leak slit(const air_properties& air, double width_m, double gap_m, double length_m) {
        require_in_range("leak::slit", "width", width_m, 1e-6, 0.05, "m");
        require_in_range("leak::slit", "gap", gap_m, 1e-7, 0.005, "m");
        require_in_range("leak::slit", "length", length_m, 1e-6, 0.05, "m");
        return lumped(12 * air.viscosity * length_m / (width_m * gap_m * gap_m * gap_m),
                      1.2 * air.density * length_m / (width_m * gap_m));
    }

    /// True unless this is a perfect seal.
    bool present() const noexcept { return present_; }
    /// Acoustic resistance, Pa·s/m³.
    double resistance() const noexcept { return resistance_; }
    /// Acoustic mass, kg/m⁴.
    double mass() const noexcept { return mass_; }
    /// Impedance R + jωM at angular frequency ω (only when present()).
    std::complex<double> impedance(double omega) const noexcept { return {resistance_, omega * mass_}; }
    /// Admittance 1/(R + jωM) at ω; 0 for a perfect seal.
    std::complex<double> admittance(double omega) const noexcept {
        return present_ ? 1.0 / impedance(omega) : std::complex<double>(0.0);
    }

private:
    bool present_ = false;
    double resistance_ = 0, mass_ = 0;
};

} // namespace iemlab::inline v0::acoustics

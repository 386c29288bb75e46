#pragma once
/// @file
/// @brief The eartip (plug) that seals a canal, as the canal sees it: a through path of compliance, mass and
/// resistance to the outside, and how much of the canal wall's motion under the tip it pushes into the canal.
///
/// A solid plug of shear modulus G, length l and radius a bonded to the canal wall deforms in anti-plane shear
/// under a pressure difference p. The displacement field is the elastic analogue of Poiseuille flow (viscosity μ
/// → G, velocity → displacement), so the volume displaced is V = π·a⁴·p/(8·G·l): compliance C = π·a⁴/(8·G·l),
/// and the kinetic energy of the parabolic profile gives the mass M = (4/3)·ρ·l/(π·a²), the same 4/3 factor as
/// the inertance of a narrow tube in Poiseuille flow (Beranek & Mellow, Acoustics, lumped elements of narrow ducts).

#include "iemlab/core/error.hpp"

#include <cmath>
#include <complex>
#include <numbers>

namespace iemlab::inline v0::acoustics {

/// The eartip as a two-face element between the sealed canal and the outside.
struct eartip {
    /// Acoustic compliance of the path through the tip, m⁵/N; 0 = rigid (no through path).
    double compliance = 0;
    /// Acoustic mass of the path through the tip, kg/m⁴.
    double mass = 0;
    /// Acoustic resistance of the path through the tip, Pa·s/m³.
    double resistance = 0;
    /// Fraction (0 … 1) of the canal wall's volume velocity under the tip that the tip displaces at its two faces:
    /// 1 for an incompressible, wall-bonded material (silicone, Poisson's ratio ≈ 0.5), 0 when the tip absorbs the
    /// wall motion itself (open-cell foam) or when the tip does not touch the wall's moving part. The displaced
    /// volume splits between the inner face (canal) and the outer face (outside) by the impedances each face sees
    /// through half of the tip (Carillo, Doutres & Sgard, JASA 150, 2021: the plug's share of the occlusion effect).
    double wall_coupling = 0;

    /// A solid plug: shear modulus `shear_modulus_pa`, density `density_kg_m3`, length `length_m` along the canal,
    /// radius `radius_m` (the canal's), bonded to the wall; compliance π·a⁴/(8·G·l), mass (4/3)·ρ·l/(π·a²).
    /// Throws iemlab::error for a value out of range.
    static eartip solid_plug(double shear_modulus_pa, double density_kg_m3, double length_m, double radius_m,
                             double wall_coupling) {
        require_in_range("eartip::solid_plug", "shear_modulus", shear_modulus_pa, 1e2, 1e10, "Pa");
        require_in_range("eartip::solid_plug", "density", density_kg_m3, 1.0, 1e5, "kg/m^3");
        require_in_range("eartip::solid_plug", "length", length_m, 1e-4, 0.05, "m");
        require_in_range("eartip::solid_plug", "radius", radius_m, 1e-4, 0.02, "m");
        const double pi = std::numbers::pi, a2 = radius_m * radius_m;
        eartip t;
        t.compliance = pi * a2 * a2 / (8 * shear_modulus_pa * length_m);
        t.mass = 4.0 / 3.0 * density_kg_m3 * length_m / (pi * a2);
        t.wall_coupling = wall_coupling;
        t.check("eartip::solid_plug");
        return t;
    }

    /// Throws iemlab::error (naming `where`) for a negative or non-finite value or a coupling outside 0 … 1.
    void check(const char* where) const {
        require_in_range(where, "eartip.compliance", compliance, 0.0, 1e-9, "m^5/N");
        require_in_range(where, "eartip.mass", mass, 0.0, 1e8, "kg/m^4");
        require_in_range(where, "eartip.resistance", resistance, 0.0, 1e13, "Pa*s/m^3");
        require_in_range(where, "eartip.wall_coupling", wall_coupling, 0.0, 1.0, "");
    }

    /// True for a rigid tip (no through path).
    bool rigid() const noexcept { return compliance == 0; }

    /// Impedance of the whole through path R + jωM + 1/(jωC) at ω > 0 (only when not rigid()).
    std::complex<double> impedance(double omega) const noexcept {
        return {resistance, omega * mass - 1.0 / (omega * compliance)};
    }

    /// Admittance of the through path at ω; 0 for a rigid tip.
    std::complex<double> admittance(double omega) const noexcept {
        return rigid() ? std::complex<double>(0.0) : 1.0 / impedance(omega);
    }

    /// Share of the wall volume velocity under the tip that enters the canal, at ω, when the canal side of the
    /// inner face has admittance `canal_admittance` and the outer face is open (zero pressure). Each half of a
    /// uniform tip has half the mass and resistance and twice the compliance; a rigid tip splits evenly.
    std::complex<double> inner_share(double omega, std::complex<double> canal_admittance) const noexcept {
        if (wall_coupling == 0 || canal_admittance == 0.0) return 0.0;
        if (rigid()) return 0.5 * wall_coupling;
        const std::complex<double> z_half = impedance(omega) / 2.0; // R/2 + jωM/2 + 1/(jω·2C)
        const std::complex<double> y_in = 1.0 / (z_half + 1.0 / canal_admittance), y_out = 1.0 / z_half;
        return wall_coupling * y_in / (y_in + y_out);
    }
};

} // namespace iemlab::inline v0::acoustics

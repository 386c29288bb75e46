#pragma once
/// @file
/// @brief The occlusion effect: bone-conducted sound radiated by the canal walls into an open or an occluded
/// canal (Stenfelt & Reinfeldt 2007; Carillo et al. 2020).
///
/// The walls are a distributed volume-velocity source q(x) per unit length: strong in the cartilaginous outer
/// part, weak (`bony_weight`) in the bony inner part; no published weighting exists, so both are parameters.
/// A source at x sees the canal toward the drum (Z_d, ending in the eardrum) in parallel with the canal toward
/// the opening (Z_u): open, a line to the entrance loaded by its radiation impedance; occluded at depth d, a
/// line to the plug (rigid, or leaking through `plug_leak`). Wall sources under the eartip (x < d) drive the
/// eartip, not the air, and are left out when occluded. Contributions add coherently (walls in phase):
/// p_D = Σ q(x_i)·Δx/(Y_u + Y_d)·(p_D/p_x). OE = 20·lg|p_D,occluded/p_D,open|.
///
/// A rigid perfect seal over-predicts measured OE (real tips are compliant and leak, the entrance and drum move):
/// compare with the published figures through a leak or read the result as an upper bound.

#include "iemlab/acoustics/ear_canal.hpp"
#include "iemlab/acoustics/tube.hpp"
#include "iemlab/core/decibel.hpp"

#include <cmath>
#include <complex>
#include <vector>

namespace iemlab::inline v0::acoustics {

/// How the canal walls radiate bone-conducted sound, and what closes the canal.
struct occlusion_parameters {
    double cartilage_fraction = 0.4; ///< outer fraction of the canal that is cartilaginous (≈ 1/3 … 1/2)
    double bony_weight = 0.1;        ///< wall source strength per unit length in the bony part, re cartilage
    std::size_t source_points = 200; ///< midpoint-rule points along the canal
    radiation_end entrance = radiation_end::unflanged; ///< radiation load of the open entrance
    leak plug_leak = {};             ///< leak past (or vent through) the eartip; none = rigid seal
};

/// Plan: open and occluded drum pressures for wall excitation of a cylindrical canal on a grid.
class occlusion_model {
public:
    /// Precomputes the duct medium, drum admittance and the open-canal drum pressure.
    occlusion_model(const network::grid& g, ear_canal canal, const occlusion_parameters& parameters = {})
        : grid_(g), canal_(std::move(canal)), p_(parameters) {
        if (!canal_.geometry.is_cylinder())
            throw_invalid("occlusion_model", "canal", "only cylindrical canals are modelled (give a length and a diameter)");
        require_in_range("occlusion_model", "cartilage_fraction", p_.cartilage_fraction, 0.0, 1.0, "");
        require_in_range("occlusion_model", "bony_weight", p_.bony_weight, 0.0, 10.0, "");
        if (p_.source_points < 10 || p_.source_points > 100000)
            throw_out_of_range("occlusion_model", "source_points", double(p_.source_points), "", "10 … 100000");
        radius_ = canal_.geometry.radii().front();
        medium_ = circular_duct_medium(g, canal_.air, radius_, canal_.losses);
        zc_ = (1.0 / (std::numbers::pi * radius_ * radius_)) * medium_.wave_impedance;
        drum_ = eardrum_admittance(g, canal_);
        const auto zrad = radiation_impedance(g, canal_.air, radius_, p_.entrance);
        entrance_admittance_ = network::reciprocal(zrad);
        open_ = distributed(0.0, entrance_admittance_);
    }

    /// Drum pressure of the open canal for the wall source (cartilage strength 1 m³/s per metre).
    const network::complex_spectrum& open_drum_pressure() const noexcept { return open_; }

    /// Drum pressure with the canal sealed at `depth_m` (0 <= depth < canal length).
    network::complex_spectrum occluded_drum_pressure(double depth_m) const {
        check_depth(depth_m);
        network::complex_spectrum plug(grid_.size());
        for (std::size_t i = 0; i < grid_.size(); ++i) plug.set(i, p_.plug_leak.admittance(grid_.omega()[i]));
        return distributed(depth_m, plug);
    }

    /// p_D,occluded/p_D,open for a seal at `depth_m`.
    network::complex_spectrum occlusion_ratio(double depth_m) const { return occluded_drum_pressure(depth_m) / open_; }

    /// Occlusion effect 20·lg|p_D,occluded/p_D,open| in dB for a seal at `depth_m`.
    std::vector<double> occlusion_effect_db(double depth_m) const {
        const auto r = occlusion_ratio(depth_m);
        std::vector<double> db(r.size());
        for (std::size_t i = 0; i < r.size(); ++i) db[i] = amplitude_to_db(r.abs(i)); // floored: no -inf
        return db;
    }

    /// Drum pressure for a unit point source on the wall at `x_m` with the canal toward the opening ending at
    /// `end_m` (< x) in admittance `end_admittance` (open: the entrance radiation; sealed: the plug).
    std::complex<double> point_source_drum_pressure(std::size_t i, double x_m, double end_m,
                                                    std::complex<double> end_admittance) const noexcept {
        const std::complex<double> gamma = medium_.gamma[i], zc = zc_[i], yd = drum_[i];
        const double length = canal_.geometry.length();
        // Toward the drum: Y_d = (sinh/Zc + cosh·Y_D)/(cosh + Zc·sinh·Y_D), p_D/p_x = 1/(cosh + Zc·sinh·Y_D).
        const std::complex<double> ud = gamma * (length - x_m), chd = std::cosh(ud), shd = std::sinh(ud);
        const std::complex<double> pd = chd + zc * shd * yd, y_d = (shd / zc + chd * yd) / pd;
        // Toward the opening or plug.
        const std::complex<double> uu = gamma * (x_m - end_m), chu = std::cosh(uu), shu = std::sinh(uu);
        const std::complex<double> y_u = (shu / zc + chu * end_admittance) / (chu + zc * shu * end_admittance);
        return 1.0 / ((y_u + y_d) * pd);
    }

private:
    void check_depth(double depth_m) const {
        const double length = canal_.geometry.length();
        if (!(std::isfinite(depth_m) && depth_m >= 0 && depth_m < length))
            throw_out_of_range("occlusion_model", "insertion_depth", depth_m, "m",
                               "0 <= insertion_depth < canal length = " + format_number(length) + " m");
    }
    // Σ over midpoints x_i > start of q(x_i)·Δx·p_D(x_i).
    network::complex_spectrum distributed(double start_m, const network::complex_spectrum& end_admittance) const {
        const double length = canal_.geometry.length(), dx = length / double(p_.source_points);
        const double cartilage_end = p_.cartilage_fraction * length;
        network::complex_spectrum p(grid_.size());
        for (std::size_t k = 0; k < p_.source_points; ++k) {
            const double x = (double(k) + 0.5) * dx;
            if (x <= start_m) continue;
            const double q = (x < cartilage_end ? 1.0 : p_.bony_weight) * dx;
            if (q == 0) continue;
            for (std::size_t i = 0; i < grid_.size(); ++i)
                p.set(i, p[i] + q * point_source_drum_pressure(i, x, start_m, end_admittance[i]));
        }
        return p;
    }

    network::grid grid_;
    ear_canal canal_;
    occlusion_parameters p_;
    double radius_ = 0;
    duct_medium medium_;
    network::complex_spectrum zc_, drum_, entrance_admittance_, open_;
};

} // namespace iemlab::inline v0::acoustics

#pragma once
/// @file
/// @brief The ear canal with an earphone sealed at an insertion depth: canal geometry (cylinder or area
/// function), the eardrum, an optional leak, and a plan that evaluates the residual canal for any depth.
///
/// The earphone seals the canal at depth d from the entrance; the residual canal of length L − d runs to the
/// eardrum. Driven by a volume velocity U at the tip plane, the drum pressure is p_D = U·Z_T with the transfer
/// impedance Z_T = p_D/U (a line into the eardrum; the source as a Thévenin or Norton equivalent); a source with its
/// own acoustic output impedance Z_s delivers U = P_s/(Z_s + Z_in). A leak at the tip plane is in parallel with the
/// residual canal.
///
/// @code
/// using namespace iemlab::literals;
/// namespace ac = iemlab::acoustics;
/// const iemlab::network::grid g{iemlab::log_grid(20, 20000, 48)};
/// const ac::ear_canal canal{ac::canal_geometry::cylinder(25_mm, 7.5_mm), iemlab::air_properties::at(37_degC)};
/// const ac::ear_canal_model model{g, canal};                 // plan: set-up once
/// const auto r = model.respond(10e-3);                        // sealed 10 mm deep
/// // r.transfer_impedance: p_drum per unit volume velocity; r.input_impedance: load on the earphone
/// @endcode

#include "iemlab/acoustics/eardrum.hpp"
#include "iemlab/acoustics/leak.hpp"
#include "iemlab/acoustics/tube.hpp"
#include "iemlab/core/air.hpp"
#include "iemlab/core/units.hpp"
#include "iemlab/network/two_port.hpp"

#include <cmath>
#include <complex>
#include <memory>
#include <numbers>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::acoustics {

/// Shape of an ear canal from its entrance (x = 0) to the eardrum (x = length): radii at knots, linear in
/// radius between knots (conical segments).
class canal_geometry {
public:
    /// A cylinder of `length_m` (1 … 60 mm) and `diameter_m` (1 … 20 mm).
    static canal_geometry cylinder(double length_m, double diameter_m) {
        require_in_range("canal_geometry", "length", length_m, 1e-3, 0.06, "m");
        require_in_range("canal_geometry", "diameter", diameter_m, 1e-3, 0.02, "m");
        canal_geometry g;
        g.x_ = {0.0, length_m};
        g.r_ = {diameter_m / 2, diameter_m / 2};
        return g;
    }
    /// A cylinder from quantities (`25_mm`, `7.5_mm`).
    static canal_geometry cylinder(units::length length, units::length diameter) {
        return cylinder(length.value(), diameter.value());
    }
    /// A cone from `entrance_diameter_m` at the entrance to `drum_diameter_m` at the eardrum over `length_m`
    /// (1 … 60 mm; diameters 1 … 20 mm): the simplest tapered canal, linear in radius.
    static canal_geometry conical(double length_m, double entrance_diameter_m, double drum_diameter_m) {
        require_in_range("canal_geometry", "length", length_m, 1e-3, 0.06, "m");
        require_in_range("canal_geometry", "entrance diameter", entrance_diameter_m, 1e-3, 0.02, "m");
        require_in_range("canal_geometry", "drum diameter", drum_diameter_m, 1e-3, 0.02, "m");
        canal_geometry g;
        g.x_ = {0.0, length_m};
        g.r_ = {entrance_diameter_m / 2, drum_diameter_m / 2};
        return g;
    }
    /// An area function: positions from the entrance (first 0, strictly increasing, last = canal length, 1 … 60
    /// mm) and cross-sectional areas (m², 0.8 … 300 mm²) at those positions.
    static canal_geometry area_function(std::span<const double> x_m, std::span<const double> area_m2) {
        if (x_m.size() < 2 || x_m.size() != area_m2.size())
            throw_out_of_range("canal_geometry::area_function", "points", double(x_m.size()), "",
                               "at least 2 positions, as many areas as positions");
        if (x_m[0] != 0)
            throw_out_of_range("canal_geometry::area_function", "x[0]", x_m[0], "m", "x[0] = 0 (the entrance)");
        canal_geometry g;
        for (std::size_t i = 0; i < x_m.size(); ++i) {
            if (i > 0 && !(x_m[i] > x_m[i - 1]))
                throw_out_of_range("canal_geometry::area_function", "x[" + std::to_string(i) + "]", x_m[i], "m",
                                   "strictly increasing positions");
            require_in_range("canal_geometry::area_function", "area[" + std::to_string(i) + "]", area_m2[i], 0.8e-6,
                             300e-6, "m^2");
            g.x_.push_back(x_m[i]);
            g.r_.push_back(std::sqrt(area_m2[i] / std::numbers::pi));
        }
        require_in_range("canal_geometry::area_function", "length", g.x_.back(), 1e-3, 0.06, "m");
        return g;
    }

    /// Canal length (entrance to drum), m.
    double length() const noexcept { return x_.back(); }
    /// True when every knot has the same radius.
    bool is_cylinder() const noexcept {
        for (double r : r_)
            if (r != r_[0]) return false;
        return true;
    }
    /// Knot positions from the entrance, m.
    const std::vector<double>& positions() const noexcept { return x_; }
    /// Radii at the knots, m.
    const std::vector<double>& radii() const noexcept { return r_; }
    /// Radius at position x (clamped to the canal), m.
    double radius_at(double x) const noexcept {
        if (x <= 0) return r_.front();
        if (x >= length()) return r_.back();
        std::size_t k = 1;
        while (x_[k] < x) ++k;
        const double t = (x - x_[k - 1]) / (x_[k] - x_[k - 1]);
        return r_[k - 1] + t * (r_[k] - r_[k - 1]);
    }
    /// Air volume between positions x0 < x1 (frustum volumes), m³.
    double volume(double x0, double x1) const noexcept {
        double v = 0;
        for (std::size_t k = 0; k + 1 < x_.size(); ++k) {
            const double a = std::max(x0, x_[k]), b = std::min(x1, x_[k + 1]);
            if (!(b > a)) continue;
            const double ra = radius_at(a), rb = radius_at(b);
            v += std::numbers::pi * (b - a) * (ra * ra + ra * rb + rb * rb) / 3;
        }
        return v;
    }

private:
    std::vector<double> x_, r_;
};

/// Everything that defines an ear canal as a load: its shape, the air in it, the eardrum and the wall-loss model.
struct ear_canal {
    canal_geometry geometry = canal_geometry::cylinder(0.025, 0.0075); ///< shape (default 25 mm × Ø 7.5 mm)
    air_properties air = air_properties::at_celsius(37.0);             ///< air at body temperature by default
    eardrum_model eardrum = eardrum_model::shaw_stinson;               ///< termination at x = length
    loss_model losses = loss_model::zwikker_kosten;                    ///< visco-thermal wall losses
    /// A tabulated eardrum impedance (a measurement); when set it terminates the canal instead of `eardrum`.
    std::shared_ptr<const eardrum_table> eardrum_file = nullptr;

    /// Name of the termination: the model's CLI name, or the table's source.
    std::string eardrum_name() const { return eardrum_file ? eardrum_file->source() : std::string(to_string(eardrum)); }
};

/// Admittance of the canal's termination on grid `g`: the tabulated drum when the canal has one, else its model.
inline network::complex_spectrum eardrum_admittance(const network::grid& g, const ear_canal& canal) {
    return canal.eardrum_file ? eardrum_admittance(g, *canal.eardrum_file) : eardrum_admittance(g, canal.eardrum);
}

/// Plan: an ear canal (+ optional leak at the tip plane) on a grid, evaluated for any insertion depth.
/// Immutable after construction and safe to share between threads; evaluate() allocates nothing.
class ear_canal_model {
public:
    /// Precomputes the duct media, the drum admittance and (area functions) the responses from every knot to
    /// the drum.
    ear_canal_model(const network::grid& g, ear_canal canal, leak tip_leak = {})
        : grid_(g), canal_(std::move(canal)), leak_(tip_leak), drum_(eardrum_admittance(g, canal_)) {
        const auto& x = canal_.geometry.positions();
        const auto& r = canal_.geometry.radii();
        const std::size_t segments = x.size() - 1, n = g.size();
        for (std::size_t s = 0; s < segments; ++s)
            media_.push_back(circular_duct_medium(g, canal_.air, 0.5 * (r[s] + r[s + 1]), canal_.losses));
        if (canal_.geometry.is_cylinder()) {
            const double area = std::numbers::pi * r[0] * r[0];
            zc_ = (1.0 / area) * media_[0].wave_impedance;
            yc_ = network::reciprocal(zc_);
        } else {
            // From the drum back: Y_k = admittance looking toward the drum at knot k, H_k = p_drum/p_k.
            knot_admittance_.assign(x.size(), network::complex_spectrum(n));
            knot_pressure_ratio_.assign(x.size(), network::complex_spectrum(n, 1.0));
            knot_admittance_.back() = drum_;
            for (std::size_t s = segments; s-- > 0;)
                for (std::size_t i = 0; i < n; ++i) {
                    const auto t = detail::cone_abcd(media_[s].gamma[i], media_[s].wave_impedance[i], r[s], r[s + 1],
                                                     x[s + 1] - x[s]);
                    const std::complex<double> y = knot_admittance_[s + 1][i];
                    const std::complex<double> p = t[0] + t[1] * y, u = t[2] + t[3] * y;
                    knot_admittance_[s].set(i, u / p);
                    knot_pressure_ratio_[s].set(i, knot_pressure_ratio_[s + 1][i] / p);
                }
        }
        if (leak_.present()) {
            leak_impedance_ = network::complex_spectrum(n);
            for (std::size_t i = 0; i < n; ++i) leak_impedance_.set(i, leak_.impedance(g.omega()[i]));
        }
    }

    /// Number of frequencies.
    std::size_t size() const noexcept { return grid_.size(); }
    /// The grid.
    const network::grid& grid() const noexcept { return grid_; }
    /// The canal.
    const ear_canal& canal() const noexcept { return canal_; }
    /// The leak at the tip plane.
    const leak& tip_leak() const noexcept { return leak_; }

    /// Throws iemlab::error unless 0 <= depth < canal length.
    void check_depth(double depth_m) const {
        const double length = canal_.geometry.length();
        if (!(std::isfinite(depth_m) && depth_m >= 0 && depth_m < length))
            throw_out_of_range("ear_canal_model", "insertion_depth", depth_m, "m",
                               "0 <= insertion_depth < canal length = " + format_number(length) + " m");
    }
    /// Air volume of the residual canal (depth to drum), m³.
    double residual_volume(double depth_m) const {
        check_depth(depth_m);
        return canal_.geometry.volume(depth_m, canal_.geometry.length());
    }

    /// Input impedance at the tip plane (leak included) and transfer impedance p_drum/U_tip for an earphone
    /// sealed at `depth_m`, into caller spans of size() each; allocates nothing.
    void evaluate(double depth_m, std::span<double> zin_re, std::span<double> zin_im, std::span<double> zt_re,
                  std::span<double> zt_im) const {
        check_depth(depth_m);
        for (auto s : {zin_re, zin_im, zt_re, zt_im})
            if (s.size() != size())
                throw_out_of_range("ear_canal_model::evaluate", "span size", double(s.size()), "",
                                   "the grid size (" + std::to_string(size()) + ")");
        const std::size_t n = size();
        if (canal_.geometry.is_cylinder()) {
            simd_dispatch(network::detail::closed_line_response{}, media_[0].gamma.re().data(),
                          media_[0].gamma.im().data(), zc_.re().data(), zc_.im().data(), yc_.re().data(),
                          yc_.im().data(), drum_.re().data(), drum_.im().data(), canal_.geometry.length() - depth_m,
                          zin_re.data(), zin_im.data(), zt_re.data(), zt_im.data(), n);
        } else {
            const auto& x = canal_.geometry.positions();
            const auto& r = canal_.geometry.radii();
            std::size_t s = 0;
            while (x[s + 1] <= depth_m) ++s;
            const double r0 = canal_.geometry.radius_at(depth_m);
            for (std::size_t i = 0; i < n; ++i) {
                const auto t = detail::cone_abcd(media_[s].gamma[i], media_[s].wave_impedance[i], r0, r[s + 1],
                                                 x[s + 1] - depth_m);
                const std::complex<double> y = knot_admittance_[s + 1][i];
                const std::complex<double> p = t[0] + t[1] * y, u = t[2] + t[3] * y;
                const std::complex<double> zin = p / u, zt = knot_pressure_ratio_[s + 1][i] / u;
                zin_re[i] = zin.real(), zin_im[i] = zin.imag(), zt_re[i] = zt.real(), zt_im[i] = zt.imag();
            }
        }
        if (leak_.present()) {
            // Z_T ← Z_T·(Z_in ∥ Z_leak)/Z_in, Z_in ← Z_in ∥ Z_leak, in place, three kernel passes.
            using network::detail::binary_op;
            const network::detail::complex_binary op;
            simd_dispatch(op, binary_op::divide, zt_re.data(), zt_im.data(), zin_re.data(), zin_im.data(), zt_re.data(),
                          zt_im.data(), n);
            simd_dispatch(op, binary_op::parallel, zin_re.data(), zin_im.data(), leak_impedance_.re().data(),
                          leak_impedance_.im().data(), zin_re.data(), zin_im.data(), n);
            simd_dispatch(op, binary_op::multiply, zt_re.data(), zt_im.data(), zin_re.data(), zin_im.data(),
                          zt_re.data(), zt_im.data(), n);
        }
    }

    /// evaluate() into new spectra: input impedance at the tip (leak included), transfer impedance p_drum/U_tip
    /// and pressure ratio p_drum/p_tip.
    network::port_response respond(double depth_m) const {
        network::port_response r{network::complex_spectrum(size()), network::complex_spectrum(size()),
                                 network::complex_spectrum(size())};
        evaluate(depth_m, r.input_impedance.re(), r.input_impedance.im(), r.transfer_impedance.re(),
                 r.transfer_impedance.im());
        r.across_ratio = r.transfer_impedance / r.input_impedance;
        return r;
    }

    /// respond() at a depth given as a quantity (`10_mm`).
    network::port_response respond(units::length depth) const { return respond(depth.value()); }

    /// Drum pressure (Pa) for an earphone sealed at `depth_m` driven by `s` (an ideal volume velocity, or a
    /// Thévenin pressure behind the earphone's acoustic output impedance).
    network::complex_spectrum drum_pressure(double depth_m, const network::source& s) const {
        return network::load_across(respond(depth_m), s);
    }

private:
    network::grid grid_;
    ear_canal canal_;
    leak leak_;
    network::complex_spectrum drum_;
    std::vector<duct_medium> media_;
    network::complex_spectrum zc_, yc_;
    std::vector<network::complex_spectrum> knot_admittance_;
    std::vector<network::complex_spectrum> knot_pressure_ratio_;
    network::complex_spectrum leak_impedance_;
};

/// Drum SPL in dB re 20 µPa for a volume velocity of 1 mm³/s (RMS) from a transfer impedance Z_T:
/// 20·lg(|Z_T|·1e-9/20e-6).
inline double drum_spl_db_per_mm3_s(std::complex<double> transfer_impedance) noexcept {
    const double p = std::abs(transfer_impedance) * 1e-9;
    return p > 0 ? 20 * std::log10(p / 20e-6) : -400.0;
}

} // namespace iemlab::inline v0::acoustics

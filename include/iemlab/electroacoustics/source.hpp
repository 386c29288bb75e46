#pragma once
/// @file
/// @brief A source with complex output impedance and what it does to an earphone: the exact voltage divider,
/// the tilt relative to a 0 Ω source, damping factor, the rule-of-eighths bound, voltage vs current drive.
///
/// Formulas: circuit theory (the complex voltage divider, Thévenin equivalents); the rule of eighths is stated
/// with its exact bound below. Convention e^{+jωt}, s = j2πf.

#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/units.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <memory>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::electroacoustics {

/// Output impedance of a source as seen by the earphone:
/// Z_s(f) = Z_m(f) + R + s·L + 1/(s·C_s) + R_p ∥ (1/(s·C_p)), s = j2πf.
///
/// R and L are the amplifier's output resistance and series inductance plus any cable series resistance and
/// inductance (they simply add); C_s is a series (DC-blocking, output-coupling) capacitor; the optional parallel
/// R_p ∥ C_p section is a series adapter such as the hobbyist ER-4P → ER-4B adapter (100 Ω ∥ 220 nF, a published
/// hobbyist design); Z_m is a measured output impedance (measured()), interpolated linearly in Re and Im between its
/// points and held constant beyond them. Every part is passive, so Re Z_s >= 0.
class output_impedance {
public:
    /// An ideal voltage source, Z_s = 0.
    output_impedance() = default;

    /// A purely resistive source of `resistance` (e.g. `75_ohm`).
    explicit output_impedance(units::electric_impedance resistance)
        : output_impedance(from_si(resistance.value())) {}

    /// Z_s = resistance_ohm + s·inductance_h (plain SI numbers).
    static output_impedance from_si(double resistance_ohm, double inductance_h = 0.0) {
        constexpr const char* where = "output_impedance";
        require_in_range(where, "resistance", resistance_ohm, 0.0, 1e9, "ohm");
        require_in_range(where, "inductance", inductance_h, 0.0, 1e3, "H");
        output_impedance z;
        z.resistance_ohm_ = resistance_ohm;
        z.inductance_h_ = inductance_h;
        return z;
    }

    /// This source followed by a cable of series resistance `resistance_ohm` and inductance `inductance_h`.
    output_impedance with_cable(double resistance_ohm, double inductance_h) const {
        constexpr const char* where = "output_impedance::with_cable";
        require_in_range(where, "resistance", resistance_ohm, 0.0, 1e9, "ohm");
        require_in_range(where, "inductance", inductance_h, 0.0, 1e3, "H");
        output_impedance z = *this;
        z.resistance_ohm_ += resistance_ohm;
        z.inductance_h_ += inductance_h;
        return z;
    }

    /// This source followed by a series adapter R_p ∥ C_p (C_p = 0: a plain series resistor R_p).
    output_impedance with_series_parallel_rc(double resistance_ohm, double capacitance_f) const {
        constexpr const char* where = "output_impedance::with_series_parallel_rc";
        require_positive(where, "resistance", resistance_ohm, "ohm");
        require_in_range(where, "capacitance", capacitance_f, 0.0, 1.0, "F");
        if (parallel_r_ohm_ > 0)
            throw_invalid(where, "adapter", "only one parallel R∥C section is supported (one is already set)");
        output_impedance z = *this;
        z.parallel_r_ohm_ = resistance_ohm;
        z.parallel_c_f_ = capacitance_f;
        return z;
    }

    /// This source followed by a series capacitor `capacitance_f` (> 0, at most 1 F): an output-coupling or DC-blocking
    /// capacitor, 1/(s·C) that rolls the bass off into a low-impedance earphone. At 0 Hz it is open (at() is inf).
    output_impedance with_series_capacitance(double capacitance_f) const {
        constexpr const char* where = "output_impedance::with_series_capacitance";
        require_in_range(where, "capacitance", capacitance_f, 1e-15, 1.0, "F");
        if (series_c_f_ > 0)
            throw_invalid(where, "capacitor", "only one series capacitor is supported (one is already set)");
        output_impedance z = *this;
        z.series_c_f_ = capacitance_f;
        return z;
    }

    /// A measured output impedance: `z` (Ω, Re Z >= 0, finite) at `frequency_hz` (strictly increasing, > 0, at
    /// least 2 points), interpolated linearly in Re and Im and held at the end values outside the points.
    /// Series parts (with_cable(), with_series_capacitance(), …) add to it. `name` labels it (the file).
    static output_impedance measured(std::vector<double> frequency_hz, std::vector<std::complex<double>> z,
                                     std::string name = {}) {
        constexpr const char* where = "output_impedance::measured";
        if (frequency_hz.size() < 2 || z.size() != frequency_hz.size())
            throw_out_of_range(where, "points", double(frequency_hz.size()), "",
                               "at least 2 frequencies and as many impedances");
        for (std::size_t i = 0; i < z.size(); ++i) {
            std::string at(1, '['); // appended, not operator+: g++ 12 -Wstringop-overflow
            at.append(std::to_string(i)).append("]");
            if (!(frequency_hz[i] > 0) || (i > 0 && !(frequency_hz[i] > frequency_hz[i - 1])))
                throw_out_of_range(where, "frequency" + at, frequency_hz[i], "Hz", "> 0 and strictly increasing");
            if (!std::isfinite(z[i].real()) || !std::isfinite(z[i].imag()))
                throw_invalid(where, "impedance" + at, "is not finite");
            if (z[i].real() < 0)
                throw_out_of_range(where, "Re impedance" + at, z[i].real(), "ohm", ">= 0 (a passive source)");
        }
        output_impedance s;
        s.table_ = std::make_shared<const measured_table>(measured_table{std::move(frequency_hz), std::move(z), std::move(name)});
        return s;
    }

    /// Series resistance R (amplifier + cable), Ω.
    double resistance_ohm() const noexcept { return resistance_ohm_; }
    /// Series inductance L (amplifier + cable), H.
    double inductance_h() const noexcept { return inductance_h_; }
    /// R_p of the parallel section, Ω (0: none).
    double parallel_resistance_ohm() const noexcept { return parallel_r_ohm_; }
    /// C_p of the parallel section, F.
    double parallel_capacitance_f() const noexcept { return parallel_c_f_; }
    /// C_s of the series capacitor, F (0: none).
    double series_capacitance_f() const noexcept { return series_c_f_; }
    /// True when a measured impedance is part of Z_s.
    bool is_measured() const noexcept { return table_ != nullptr; }
    /// The measured impedance's label (empty when there is none).
    std::string measured_name() const { return table_ ? table_->name : std::string(); }
    /// True when Z_s does not depend on frequency (no inductance, no capacitance, no measured curve).
    bool is_resistive() const noexcept {
        return inductance_h_ == 0 && parallel_c_f_ == 0 && series_c_f_ == 0 && table_ == nullptr;
    }

    /// Z_s at `f_hz` (>= 0; at 0 Hz a parallel capacitor is open, a series capacitor makes Z_s infinite).
    std::complex<double> at(double f_hz) const noexcept {
        const double w = 2 * std::numbers::pi * f_hz;
        std::complex<double> z{resistance_ohm_, w * inductance_h_};
        if (parallel_r_ohm_ > 0) // R/(1 + jωRC): the exact parallel combination, finite at every ω
            z += parallel_r_ohm_ / std::complex<double>(1.0, w * parallel_r_ohm_ * parallel_c_f_);
        if (series_c_f_ > 0)
            z += w > 0 ? std::complex<double>(0.0, -1.0 / (w * series_c_f_))
                       : std::complex<double>(std::numeric_limits<double>::infinity());
        if (table_) z += table_->at(f_hz);
        return z;
    }

private:
    struct measured_table {
        std::vector<double> f;
        std::vector<std::complex<double>> z;
        std::string name;
        std::complex<double> at(double f_hz) const noexcept {
            if (f_hz <= f.front()) return z.front();
            if (f_hz >= f.back()) return z.back();
            const std::size_t hi = std::size_t(std::upper_bound(f.begin(), f.end(), f_hz) - f.begin());
            const double t = (f_hz - f[hi - 1]) / (f[hi] - f[hi - 1]);
            return z[hi - 1] + t * (z[hi] - z[hi - 1]);
        }
    };

    double resistance_ohm_ = 0;
    double inductance_h_ = 0;
    double parallel_r_ohm_ = 0;
    double parallel_c_f_ = 0;
    double series_c_f_ = 0;
    std::shared_ptr<const measured_table> table_; // shared: copies of a source stay cheap and immutable
};

/// The exact complex voltage divider H = Z/(Z + Z_s): load voltage per source EMF.
/// @throws iemlab::error if Z + Z_s = 0 (both short circuits) or a value is not finite.
inline std::complex<double> voltage_divider(std::complex<double> z_load, std::complex<double> z_source) {
    constexpr const char* where = "voltage_divider";
    if (!std::isfinite(z_load.real()) || !std::isfinite(z_load.imag()))
        throw_invalid(where, "z_load", "is not finite");
    if (!std::isfinite(z_source.real()) || !std::isfinite(z_source.imag()))
        throw_invalid(where, "z_source", "is not finite");
    const std::complex<double> total = z_load + z_source;
    if (total == std::complex<double>{})
        throw_invalid(where, "z_load + z_source", "is 0 (a short circuit on a 0 ohm source has no divider)");
    return z_load / total;
}

/// 20·log10|Z/(Z + Z_s)| in dB: the level change a source of impedance Z_s causes relative to a 0 Ω source.
///
/// Computed as −10·log10(|Z + Z_s|²/|Z|²) so the result stays accurate when |Z_s| ≪ |Z|.
/// A shorted load (Z = 0) gives db_floor, not −inf.
inline double tilt_db(std::complex<double> z_load, std::complex<double> z_source) {
    const std::complex<double> h = voltage_divider(z_load, z_source);
    if (h == std::complex<double>{}) return db_floor;
    if (z_source == std::complex<double>{}) return 0.0; // exactly, and +0 rather than −0 in output files
    return -10.0 * std::log10(std::norm(z_load + z_source) / std::norm(z_load));
}

/// Level change (dB) at each frequency from driving impedance `z_load` (Ω, complex) from `source` instead of
/// a 0 Ω source: tilt_db(f) = 20·log10|Z(f)/(Z(f) + Z_s(f))|, not normalised.
inline void source_impedance_tilt(std::span<const double> frequency_hz, std::span<const std::complex<double>> z_load,
                                  const output_impedance& source, std::span<double> tilt) {
    constexpr const char* where = "source_impedance_tilt";
    if (z_load.size() != frequency_hz.size())
        throw_out_of_range(where, "z_load.size()", double(z_load.size()), "",
                           "as many impedances as frequencies (" + std::to_string(frequency_hz.size()) + ")");
    if (tilt.size() != frequency_hz.size())
        throw_out_of_range(where, "tilt.size()", double(tilt.size()), "",
                           "as many outputs as frequencies (" + std::to_string(frequency_hz.size()) + ")");
    for (std::size_t i = 0; i < frequency_hz.size(); ++i) {
        if (!(frequency_hz[i] >= 0) || !std::isfinite(frequency_hz[i]))
            throw_out_of_range(where, "frequency[" + std::to_string(i) + "]", frequency_hz[i], "Hz", "finite and >= 0");
        tilt[i] = tilt_db(z_load[i], source.at(frequency_hz[i]));
    }
}

/// source_impedance_tilt into a new vector.
inline std::vector<double> source_impedance_tilt(std::span<const double> frequency_hz,
                                                 std::span<const std::complex<double>> z_load,
                                                 const output_impedance& source) {
    std::vector<double> tilt(frequency_hz.size());
    source_impedance_tilt(frequency_hz, z_load, source, tilt);
    return tilt;
}

/// `level_db` minus its value at `reference_hz` (linear interpolation in log-frequency; the reference must lie
/// inside the grid). AutoEq and squig.link normalise at 1 kHz.
inline std::vector<double> relative_to(std::span<const double> frequency_hz, std::span<const double> level_db,
                                       double reference_hz = 1000.0) {
    constexpr const char* where = "relative_to";
    if (level_db.size() != frequency_hz.size() || frequency_hz.empty())
        throw_out_of_range(where, "level_db.size()", double(level_db.size()), "",
                           "as many levels as frequencies (" + std::to_string(frequency_hz.size()) + ", > 0)");
    if (!(reference_hz >= frequency_hz.front() && reference_hz <= frequency_hz.back()) || !(reference_hz > 0))
        throw_out_of_range(where, "reference", reference_hz, "Hz",
                           "inside the grid [" + format_number(frequency_hz.front()) + ", " +
                               format_number(frequency_hz.back()) + "] Hz");
    const auto it = std::lower_bound(frequency_hz.begin(), frequency_hz.end(), reference_hz);
    const auto hi = static_cast<std::size_t>(it - frequency_hz.begin());
    double ref = level_db[hi];
    if (*it != reference_hz) {
        const std::size_t lo = hi - 1;
        const double x0 = std::log(frequency_hz[lo]), x1 = std::log(frequency_hz[hi]);
        const double t = (std::log(reference_hz) - x0) / (x1 - x0);
        ref = level_db[lo] + t * (level_db[hi] - level_db[lo]);
    }
    std::vector<double> out(level_db.begin(), level_db.end());
    for (double& x : out) x -= ref;
    return out;
}

/// Damping factor DF = |Z_L|/|Z_s|; a 0 Ω source gives +infinity's stand-in, the largest double.
inline double damping_factor(double load_magnitude_ohm, double source_magnitude_ohm) {
    constexpr const char* where = "damping_factor";
    require_in_range(where, "load_magnitude", load_magnitude_ohm, 0.0, 1e12, "ohm");
    require_in_range(where, "source_magnitude", source_magnitude_ohm, 0.0, 1e12, "ohm");
    if (source_magnitude_ohm == 0) return std::numeric_limits<double>::max();
    return load_magnitude_ohm / source_magnitude_ohm;
}

/// Damping factor at each frequency, |Z(f)|/|Z_s(f)|.
inline std::vector<double> damping_factor(std::span<const double> frequency_hz,
                                          std::span<const std::complex<double>> z_load,
                                          const output_impedance& source) {
    if (z_load.size() != frequency_hz.size())
        throw_out_of_range("damping_factor", "z_load.size()", double(z_load.size()), "",
                           "as many impedances as frequencies (" + std::to_string(frequency_hz.size()) + ")");
    std::vector<double> df(frequency_hz.size());
    for (std::size_t i = 0; i < df.size(); ++i)
        df[i] = damping_factor(std::abs(z_load[i]), std::abs(source.at(frequency_hz[i])));
    return df;
}

/// Level change of a resistive, in-phase divider with damping factor `df`: −20·log10(1 + 1/DF) dB (§4.3).
inline double damping_factor_loss_db(double df) {
    require_positive("damping_factor_loss_db", "df", df, "");
    return -20.0 * std::log10(1.0 + 1.0 / df);
}

/// The exact bound behind the "rule of eighths": for any passive load (Re Z >= 0) on a resistive
/// source R_s, max_f tilt − min_f tilt <= 20·log10(1 + R_s/|Z|_min), in dB.
inline double rule_of_eighths_bound_db(double source_resistance_ohm, double z_min_magnitude_ohm) {
    constexpr const char* where = "rule_of_eighths_bound_db";
    require_in_range(where, "source_resistance", source_resistance_ohm, 0.0, 1e12, "ohm");
    require_positive(where, "z_min_magnitude", z_min_magnitude_ohm, "ohm");
    return 20.0 * std::log10(1.0 + source_resistance_ohm / z_min_magnitude_ohm);
}

/// Largest resistive source impedance that keeps the tilt spread within `max_spread_db` for a load whose |Z|
/// never falls below `z_min_magnitude_ohm`: |Z|_min·(10^(dB/20) − 1). The default spread, 20·log10(9/8) ≈ 1.02 dB,
/// gives the rule of eighths, |Z|_min/8.
inline double max_source_resistance(double z_min_magnitude_ohm, double max_spread_db = 20.0 * std::log10(9.0 / 8.0)) {
    constexpr const char* where = "max_source_resistance";
    require_positive(where, "z_min_magnitude", z_min_magnitude_ohm, "ohm");
    require_in_range(where, "max_spread", max_spread_db, 0.0, 200.0, "dB");
    return z_min_magnitude_ohm * (std::pow(10.0, max_spread_db / 20.0) - 1.0);
}

/// Smallest |Z| over a curve (what the rule of eighths must be applied to, not the nominal impedance).
inline double min_magnitude(std::span<const std::complex<double>> z) {
    if (z.empty()) throw_invalid("min_magnitude", "z", "is empty");
    double m = std::abs(z[0]);
    for (const auto& v : z) m = std::min(m, std::abs(v));
    return m;
}

/// Peak-to-peak spread (max − min) of a level curve in dB.
inline double spread_db(std::span<const double> level_db) {
    if (level_db.empty()) throw_invalid("spread_db", "level_db", "is empty");
    const auto [lo, hi] = std::minmax_element(level_db.begin(), level_db.end());
    return *hi - *lo;
}

/// How an earphone is driven.
enum class drive {
    voltage, ///< ideal voltage source (Z_s = 0): the datasheet condition, p = H_V·V
    current  ///< ideal current source (Z_s → ∞): p = H_V·Z·I, the shape of |Z| multiplies the response
};

/// Pressure (or any response) per unit source drive: for drive::voltage with source impedance Z_s,
/// h_v·Z/(Z + Z_s) per volt of EMF; for drive::current, h_v·Z per ampere (Z_s ignored). `h_v` is the response
/// per volt across the earphone at a 0 Ω source.
inline std::complex<double> driven_response(std::complex<double> h_v, std::complex<double> z_load,
                                            std::complex<double> z_source, drive mode) {
    if (mode == drive::current) return h_v * z_load;
    return h_v * voltage_divider(z_load, z_source);
}

/// A Thevenin source at one frequency: EMF ratio (E_th/E) and impedance.
struct thevenin {
    std::complex<double> gain{1.0, 0.0};      ///< E_th/E
    std::complex<double> impedance{0.0, 0.0}; ///< Z_th, Ω
};

/// A source followed by an adapter of series R_a then shunt R_p, as one Thevenin source (Thévenin equivalent):
/// Z_th = (Z_s + R_a) ∥ R_p, E_th/E = R_p/(Z_s + R_a + R_p). `shunt_ohm` = 0 means no shunt.
inline thevenin series_shunt_adapter(std::complex<double> z_source, double series_ohm, double shunt_ohm) {
    constexpr const char* where = "series_shunt_adapter";
    require_in_range(where, "series", series_ohm, 0.0, 1e12, "ohm");
    require_in_range(where, "shunt", shunt_ohm, 0.0, 1e12, "ohm");
    const std::complex<double> upstream = z_source + series_ohm;
    if (shunt_ohm == 0) return {{1.0, 0.0}, upstream};
    const std::complex<double> sum = upstream + shunt_ohm;
    return {shunt_ohm / sum, upstream * shunt_ohm / sum};
}

} // namespace iemlab::inline v0::electroacoustics

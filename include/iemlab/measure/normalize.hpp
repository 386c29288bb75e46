#pragma once
/// @file
/// @brief Level normalisation of responses: at a reference frequency (1 kHz, 200 Hz, …), to an absolute level
/// (85 dB SPL at 1 kHz, REW/IEM-rig practice) or by the mean over a band (REW and AutoEq practice).
///
/// Levels between grid points are read linearly in ln f, as everywhere in iemlab. The band mean is the exact
/// integral mean over ln f of that piecewise-linear curve (log-frequency weighting: each fraction of an
/// octave counts the same, whatever the grid density — not a mean over grid points).

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/core/quantity_parser.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace iemlab::inline v0::measure {

/// Level in dB of `response` at `f_hz`, linear in ln f between points; `f_hz` must lie within the response's
/// frequency range (a level is not extrapolated for normalisation).
inline double level_at(const frequency_response& response, double f_hz) {
    constexpr const char* where = "level_at";
    if (response.empty()) throw_invalid(where, "response", "is empty");
    const auto& f = response.frequencies();
    if (!(f_hz >= f.front() && f_hz <= f.back()) || !(f_hz > 0))
        throw_out_of_range(where, "frequency", f_hz, "Hz",
                           "within the response's range " + format_number(f.front()) + " … " + format_number(f.back()) +
                               " Hz and > 0");
    return response.db_at(f_hz);
}

/// Mean level in dB over [f_lo, f_hi], weighted by ln f (exact integral of the curve read linearly in ln f).
inline double band_mean_level(const frequency_response& response, double f_lo_hz, double f_hi_hz) {
    constexpr const char* where = "band_mean_level";
    if (response.empty()) throw_invalid(where, "response", "is empty");
    const auto& f = response.frequencies();
    const auto& db = response.magnitude_db();
    const double lowest = f.front() > 0 ? f.front() : (f.size() > 1 ? f[1] : 0.0);
    if (!(f_lo_hz >= lowest && f_lo_hz > 0))
        throw_out_of_range(where, "f_lo", f_lo_hz, "Hz", ">= the lowest frequency above 0 Hz, " + format_number(lowest) + " Hz");
    if (!(f_hi_hz > f_lo_hz && f_hi_hz <= f.back()))
        throw_out_of_range(where, "f_hi", f_hi_hz, "Hz",
                           "f_lo < f_hi <= the highest frequency, " + format_number(f.back()) + " Hz");
    const double u_lo = std::log(f_lo_hz), u_hi = std::log(f_hi_hz);
    double integral = 0;
    for (std::size_t i = 0; i + 1 < f.size(); ++i) {
        if (f[i] <= 0) continue;
        const double a = std::log(f[i]), b = std::log(f[i + 1]);
        const double lo = std::max(a, u_lo), hi = std::min(b, u_hi);
        if (!(hi > lo)) continue;
        auto at = [&](double u) { return db[i] + (u - a) / (b - a) * (db[i + 1] - db[i]); };
        integral += 0.5 * (hi - lo) * (at(lo) + at(hi));
    }
    return integral / (u_hi - u_lo);
}

/// A normalisation rule: none, a reference frequency set to a level, or a band mean set to a level.
class normalization {
public:
    /// The kinds of rule.
    enum class kind {
        none,         ///< leave levels as they are
        at_frequency, ///< L(f_ref) := level
        band_mean,    ///< mean of L over [f_lo, f_hi] (ln f weighted) := level
    };

    /// Leaves levels unchanged.
    static normalization none() { return normalization(kind::none, 0, 0, 0); }
    /// Shifts so that the level at `f_hz` becomes `level_db` (0 dB at 1 kHz: AutoEq; 85 dB at 1 kHz: rig practice).
    static normalization at(double f_hz, double level_db = 0) {
        require_positive("normalization::at", "frequency", f_hz, "Hz");
        require_in_range("normalization::at", "level", level_db, -400, 400, "dB");
        return normalization(kind::at_frequency, f_hz, f_hz, level_db);
    }
    /// Shifts so that the ln-f-weighted mean over [f_lo, f_hi] becomes `level_db` (AutoEq `center([a, b])`,
    /// REW "Align SPL").
    static normalization band_mean(double f_lo_hz, double f_hi_hz, double level_db = 0) {
        require_positive("normalization::band_mean", "f_lo", f_lo_hz, "Hz");
        if (!(f_hi_hz > f_lo_hz) || !std::isfinite(f_hi_hz))
            throw_out_of_range("normalization::band_mean", "f_hi", f_hi_hz, "Hz", "f_hi > f_lo = " + format_number(f_lo_hz) + " Hz");
        require_in_range("normalization::band_mean", "level", level_db, -400, 400, "dB");
        return normalization(kind::band_mean, f_lo_hz, f_hi_hz, level_db);
    }

    /// The rule.
    kind rule() const noexcept { return kind_; }
    /// Reference frequency (at_frequency) or lower band edge (band_mean), Hz.
    double f_lo() const noexcept { return f_lo_; }
    /// Reference frequency (at_frequency) or upper band edge (band_mean), Hz.
    double f_hi() const noexcept { return f_hi_; }
    /// The level the reference is set to, dB.
    double level() const noexcept { return level_; }

    /// The gain in dB that this rule adds to `response`.
    double offset_for(const frequency_response& response) const {
        switch (kind_) {
        case kind::none: return 0;
        case kind::at_frequency: return level_ - level_at(response, f_lo_);
        case kind::band_mean: return level_ - band_mean_level(response, f_lo_, f_hi_);
        }
        return 0;
    }
    /// `response` shifted by offset_for(response).
    frequency_response apply(const frequency_response& response) const {
        return response.with_gain(offset_for(response));
    }

private:
    normalization(kind k, double lo, double hi, double level) : kind_(k), f_lo_(lo), f_hi_(hi), level_(level) {}
    kind kind_;
    double f_lo_, f_hi_, level_;
};

/// `response` shifted by `rule` (see normalization).
inline frequency_response normalize(const frequency_response& response, const normalization& rule) {
    return rule.apply(response);
}

/// A band "<f1>-<f2>" or "<f1>:<f2>" ("300Hz-3kHz", "200:2000"; bare numbers in Hz), f1 < f2, both > 0.
/// @throws iemlab::error naming `parameter`.
inline std::pair<double, double> parse_band(std::string_view text, std::string_view parameter) {
    std::size_t cut = text.find(':');
    if (cut == std::string_view::npos) cut = text.find('-', 1);
    if (cut == std::string_view::npos)
        throw error(std::string(parameter) + ": '" + std::string(text) +
                    "' is not a band (expected <f1>-<f2>, e.g. 300Hz-3kHz)");
    const double lo = parse_frequency(text.substr(0, cut), parameter).value();
    const double hi = parse_frequency(text.substr(cut + 1), parameter).value();
    if (!(lo > 0 && hi > lo))
        throw error(std::string(parameter) + ": band '" + std::string(text) + "' needs 0 < f1 < f2");
    return {lo, hi};
}

/// A normalisation named on a command line, setting the reference to `level_db`: "none"; a frequency ("1kHz",
/// "500Hz", bare Hz); or a band mean "mean:<f1>-<f2>" (also "mean:<f1>:<f2>"), e.g. "mean:300Hz-3kHz".
/// @throws iemlab::error naming `parameter` and the accepted forms.
inline normalization parse_normalization(std::string_view text, double level_db, std::string_view parameter = "--normalize") {
    if (text == "none") return normalization::none();
    if (text.starts_with("mean:")) {
        const auto [lo, hi] = parse_band(text.substr(5), parameter);
        return normalization::band_mean(lo, hi, level_db);
    }
    const double f = parse_frequency(text, parameter).value();
    if (!(f > 0))
        throw error(std::string(parameter) + ": " + std::string(text) +
                    " is out of range (expected a frequency > 0, none or mean:<f1>-<f2>)");
    return normalization::at(f, level_db);
}

/// The gain in dB that, added to `curve`, fits it best to `reference` by least squares over [f_lo, f_hi] (both
/// read linearly in ln f, log-frequency weighting): the band mean of reference − curve. This is how squig.link
/// style comparisons align a target with a measurement. @throws iemlab::error when the band is outside either.
inline double least_squares_offset(const frequency_response& curve, const frequency_response& reference, double f_lo_hz,
                                   double f_hi_hz) {
    return band_mean_level(reference, f_lo_hz, f_hi_hz) - band_mean_level(curve, f_lo_hz, f_hi_hz);
}

} // namespace iemlab::inline v0::measure

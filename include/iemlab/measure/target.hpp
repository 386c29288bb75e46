#pragma once
/// @file
/// @brief Targets (centring at 1 kHz, bass shelf, tilt), error curves, and the Harman in-ear predicted preference
/// score of Olive, Welti & Khonsaripour 2017, exactly as AutoEq computes it.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/interpolate.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::measure {

/// `response` shifted so that its level at `f_hz` (linear in ln f; linear extrapolation outside the data, as
/// AutoEq's `center()`) is 0 dB. Targets are compared this way: most are published 0 dB at 1 kHz.
inline frequency_response center_at(const frequency_response& response, double f_hz = 1000.0) {
    require_positive("center_at", "frequency", f_hz, "Hz");
    if (response.empty()) throw_invalid("center_at", "response", "is empty");
    const double at[] = {f_hz};
    const double level =
        dsp::interpolate_log(response.frequencies(), response.magnitude_db(), at, dsp::extrapolation::linear)[0];
    return response.with_gain(-level);
}

/// Gain in dB of the RBJ (Bristow-Johnson, Audio EQ Cookbook) analog second-order low shelf at `f_hz`:
/// H(s) = A·(s² + (√A/Q)·s + A)/(A·s² + (√A/Q)·s + 1), s = j·f/f0, A = 10^(gain/40).
/// `gain_db` below f0, 0 dB far above, gain/2 at f0.
inline double low_shelf_gain_db(double f_hz, double f0_hz, double q, double gain_db) {
    const double a = std::pow(10.0, gain_db / 40.0);
    const std::complex<double> s(0.0, f_hz / f0_hz);
    const double k = std::sqrt(a) / q;
    const std::complex<double> h = a * (s * s + k * s + a) / (a * s * s + k * s + 1.0);
    return 20.0 * std::log10(std::abs(h));
}

/// Optional changes to a target: a bass shelf and a tilt (AutoEq target adjustments).
struct target_adjustment {
    double bass_gain_db = 0;           ///< low-shelf gain (AutoEq's bass boost: +6 dB in-ear default, 0 = none)
    double bass_frequency_hz = 105.0;  ///< low-shelf corner (AutoEq: 105 Hz)
    double bass_q = 0.7;               ///< low-shelf Q (AutoEq: 0.7)
    double tilt_db_per_octave = 0;     ///< added tilt·log2(f/tilt_reference)
    double tilt_reference_hz = 1000.0; ///< where the tilt is 0 dB
};

/// `target` plus a low shelf and a tilt; the result is re-centred at 1 kHz when `recenter` is true.
inline frequency_response adjust_target(const frequency_response& target, const target_adjustment& adjustment,
                                        bool recenter = true) {
    constexpr const char* where = "adjust_target";
    require_in_range(where, "bass_gain", adjustment.bass_gain_db, -40, 40, "dB");
    require_positive(where, "bass_frequency", adjustment.bass_frequency_hz, "Hz");
    require_in_range(where, "bass_q", adjustment.bass_q, 0.05, 20, "");
    require_in_range(where, "tilt", adjustment.tilt_db_per_octave, -20, 20, "dB/oct");
    require_positive(where, "tilt_reference", adjustment.tilt_reference_hz, "Hz");
    if (target.empty()) throw_invalid(where, "target", "is empty");
    std::vector<double> db = target.magnitude_db();
    const auto& f = target.frequencies();
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (adjustment.bass_gain_db != 0)
            db[i] += low_shelf_gain_db(f[i], adjustment.bass_frequency_hz, adjustment.bass_q, adjustment.bass_gain_db);
        if (adjustment.tilt_db_per_octave != 0 && f[i] > 0)
            db[i] += adjustment.tilt_db_per_octave * std::log2(f[i] / adjustment.tilt_reference_hz);
    }
    frequency_response out(f, std::move(db), target.phase_deg(), target.name());
    return recenter ? center_at(out) : out;
}

/// Error curve e = M − T_c on the measurement's grid: the target resampled onto it (linear in ln f, linear
/// extrapolation, as AutoEq) and centred at 1 kHz; the measurement is used as it is.
inline frequency_response error_curve(const frequency_response& measurement, const frequency_response& target) {
    if (measurement.empty()) throw_invalid("error_curve", "measurement", "is empty");
    if (target.empty()) throw_invalid("error_curve", "target", "is empty");
    const frequency_response t = center_at(dsp::resample(target, measurement.frequencies(), dsp::extrapolation::linear));
    std::vector<double> e(measurement.size());
    for (std::size_t i = 0; i < e.size(); ++i) e[i] = measurement.magnitude_db()[i] - t.magnitude_db()[i];
    return {measurement.frequencies(), std::move(e), {}, "error"};
}

/// The Harman in-ear predicted preference score and its parts.
struct preference_score {
    double score = 0;   ///< 100.0795 − 8.5·std − 6.796·|slope| − 3.475·mean
    double std_db = 0;  ///< sample standard deviation (ddof = 1) of the error over 20 Hz … 10 kHz, dB
    double slope = 0;   ///< least-squares slope of the error against ln f over 20 Hz … 10 kHz, dB per neper
    double mean_db = 0; ///< mean |e(f) − e(500 Hz)| over 40 Hz … 10 kHz, dB
    std::vector<double> frequency_hz; ///< the 121 ISO R40 frequencies (iso_r40_grid())
    std::vector<double> error_db;     ///< the error on them
};

/// Score from an error curve already computed (any grid): resampled onto the 121 ISO R40 frequencies (linear
/// in ln f, linear extrapolation), then AutoEq's formula.
inline preference_score harman_inear_preference_score(const frequency_response& error) {
    if (error.size() < 2) throw_invalid("harman_inear_preference_score", "error", "needs at least 2 points");
    preference_score s;
    s.frequency_hz = iso_r40_grid();
    s.error_db = dsp::interpolate_log(error.frequencies(), error.magnitude_db(), s.frequency_hz,
                                      dsp::extrapolation::linear);
    const auto& f = s.frequency_hz;
    const auto& e = s.error_db;
    // SD and slope over 20 Hz … 10 kHz (109 points). Two-pass sums keep full precision.
    double n = 0, mean_x = 0, mean_y = 0;
    for (std::size_t i = 0; i < f.size(); ++i)
        if (f[i] >= 20 && f[i] <= 10000) {
            n += 1;
            mean_x += std::log(f[i]);
            mean_y += e[i];
        }
    mean_x /= n;
    mean_y /= n;
    double sxx = 0, sxy = 0, syy = 0;
    for (std::size_t i = 0; i < f.size(); ++i)
        if (f[i] >= 20 && f[i] <= 10000) {
            const double dx = std::log(f[i]) - mean_x, dy = e[i] - mean_y;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
    s.std_db = std::sqrt(syy / (n - 1)); // ddof = 1: matches Listen Inc.'s Excel template (AutoEq's comment)
    s.slope = sxy / sxx;
    // Mean absolute error relative to 500 Hz over 40 Hz … 10 kHz (97 points).
    const double at_500 = e[static_cast<std::size_t>(std::find(f.begin(), f.end(), 500.0) - f.begin())];
    double sum_abs = 0, count = 0;
    for (std::size_t i = 0; i < f.size(); ++i)
        if (f[i] >= 40 && f[i] <= 10000) {
            sum_abs += std::fabs(e[i] - at_500);
            count += 1;
        }
    s.mean_db = sum_abs / count;
    // Olive, Welti & Khonsaripour (AES 143rd Conv., 2017) coefficients as AutoEq uses them.
    s.score = 100.0795 - 8.5 * s.std_db - 6.796 * std::fabs(s.slope) - 3.475 * s.mean_db;
    return s;
}

/// Lowest first frequency a scoring target may have, Hz: 20 Hz plus 1/12 octave (REW exports start at 20.3 Hz).
inline constexpr double score_target_max_start_hz = 21.189;
/// Highest last frequency a scoring target may have, Hz: 10 kHz less 1/12 octave.
inline constexpr double score_target_min_end_hz = 9438.7;

/// The Harman in-ear predicted preference score of `measurement` against `target`, exactly as AutoEq computes
/// it: error_curve() on the measurement's grid, then the 121-point evaluation. No smoothing, no bass boost.
/// @throws iemlab::error when the target does not cover the scoring band 20 Hz … 10 kHz (within 1/12 octave):
/// AutoEq would extrapolate it linearly, which silently invents the target where it has no data.
inline preference_score harman_inear_preference_score(const frequency_response& measurement,
                                                      const frequency_response& target) {
    if (!target.empty() && target.frequencies().front() > score_target_max_start_hz)
        throw_out_of_range("harman_inear_preference_score", "target's first frequency", target.frequencies().front(),
                           "Hz", "<= 21.19 Hz: the score needs the target over 20 Hz … 10 kHz");
    if (!target.empty() && target.frequencies().back() < score_target_min_end_hz)
        throw_out_of_range("harman_inear_preference_score", "target's last frequency", target.frequencies().back(),
                           "Hz", ">= 9438.7 Hz: the score needs the target over 20 Hz … 10 kHz");
    return harman_inear_preference_score(error_curve(measurement, target));
}

} // namespace iemlab::inline v0::measure

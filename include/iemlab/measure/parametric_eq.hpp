#pragma once
/// @file
/// @brief Equalisation against a target: a parametric EQ (biquads) optimised under constraints, a fixed-band
/// (graphic) 10-band EQ and a GraphicEQ correction curve (docs/equalisation.md).
///
/// **What is fitted.** The error e = M − T (error_curve(): target centred at 1 kHz) on AutoEq's 695-point grid.
/// The *smoothed* error is 1/12-octave smoothed (dB), blended (sigmoid in ln f from 6 to 8 kHz) into a
/// 2-octave smoothing in the treble, AutoEq's treatment, so the EQ does not chase a coupler's or an insertion's
/// narrow treble peaks. The EQ curve G(f) (sum of the biquads' levels) is fitted up to a free constant level,
/// because the preamp sets the level and the preference score ignores it.
///
/// **Constraints.** Number of filters, allowed types, fc, Q and gain ranges, sample rate, and the maximum boost:
/// max G(f) <= max_boost over 20 Hz … min(20 kHz, fs/2). The preamp written with the EQ is −max(G, 0).
///
/// **Procedure (deterministic).** (1) Initial guess: a low and a high shelf (when allowed) at AutoEq's 105 Hz and
/// 10 kHz, then peaking filters placed one by one on the largest remaining smoothed deviation, each width taken
/// from the half-height points; after each, Levenberg–Marquardt on all parameters (ln fc, gain and ln Q, kept in
/// their boxes by projection; boost limit as a penalty). (2) objective::preference: a
/// compass (pattern) search on the exact Harman in-ear predicted preference score, averaged over all given
/// measurements (insertions), with a small penalty on the smoothed error above 10 kHz (where the score does not
/// look) and the boost limit as a hard constraint, from three starts (LM fitted to the smoothed error, to the
/// raw error below 6–8 kHz, and to that error held flat above 10 kHz); the best score wins. (3) Rounding to what EQ software shows (fc 1 Hz, gain 0.1 dB,
/// Q 0.01), keeping the boost limit.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/dsp/biquad.hpp"
#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/dsp/smoothing.hpp"
#include "iemlab/measure/target.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0::measure {

/// What the parametric EQ optimises.
enum class eq_objective {
    preference, ///< the Harman in-ear predicted preference score (mean over the measurements)
    error,      ///< the smoothed target error (least squares)
};

/// "preference" or "error".
inline std::string_view eq_objective_name(eq_objective o) noexcept {
    return o == eq_objective::preference ? "preference" : "error";
}

/// Parses "preference" or "error"; throws iemlab::error naming `parameter` otherwise.
inline eq_objective parse_eq_objective(std::string_view text, std::string_view parameter = "objective") {
    if (text == "preference") return eq_objective::preference;
    if (text == "error") return eq_objective::error;
    throw_invalid("parse_eq_objective", parameter, "'" + std::string(text) + "' is not preference or error");
}

/// Limits of the EQ. Defaults are AutoEq's: 10 filters, +6 dB maximum boost, Q 0.18–6, fc 20 Hz–20 kHz, 48 kHz.
struct eq_constraints {
    std::size_t filters = 10; ///< number of biquads (1 … 32)
    /// Allowed types (shelves are used only when allowed; peaking filters must be allowed).
    std::vector<dsp::biquad_type> types{dsp::biquad_type::peaking, dsp::biquad_type::low_shelf,
                                        dsp::biquad_type::high_shelf};
    double fc_min_hz = 20;        ///< lowest centre/corner frequency, Hz
    double fc_max_hz = 20000;     ///< highest centre/corner frequency, Hz (< fs/2)
    double q_min = 0.18;          ///< lowest Q
    double q_max = 6;             ///< highest Q
    double gain_min_db = -20;     ///< lowest filter gain, dB
    double gain_max_db = 20;      ///< highest filter gain, dB
    double max_boost_db = 6;      ///< highest level of the whole EQ curve (the preamp the user must apply), dB
    double fs_hz = 48000;         ///< sample rate the filters run at, Hz
    eq_objective objective = eq_objective::preference; ///< what is optimised
    simd_level level = default_simd_level();           ///< SIMD level of the biquad evaluation
};

/// Throws iemlab::error naming the first constraint out of range (or impossible together with the others).
inline void validate_eq_constraints(const eq_constraints& c) {
    constexpr const char* where = "eq";
    if (c.filters < 1 || c.filters > 32) throw_out_of_range(where, "filters", double(c.filters), "", "1 … 32");
    require_in_range(where, "fs", c.fs_hz, 8000, 768000, "Hz");
    require_in_range(where, "fc_min", c.fc_min_hz, 1, c.fs_hz / 2, "Hz");
    if (!(std::isfinite(c.fc_max_hz) && c.fc_max_hz > c.fc_min_hz && c.fc_max_hz < c.fs_hz / 2))
        throw_out_of_range(where, "fc_max", c.fc_max_hz, "Hz",
                           "fc_min = " + format_number(c.fc_min_hz) + " Hz < fc_max < fs/2 = " + format_number(c.fs_hz / 2) + " Hz");
    require_in_range(where, "q_min", c.q_min, 0.01, 100, "");
    if (!(std::isfinite(c.q_max) && c.q_max > c.q_min && c.q_max <= 100))
        throw_out_of_range(where, "q_max", c.q_max, "", "q_min = " + format_number(c.q_min) + " < q_max <= 100");
    require_in_range(where, "gain_min", c.gain_min_db, -40, 0, "dB");
    require_in_range(where, "gain_max", c.gain_max_db, 0, 40, "dB");
    if (!(c.gain_max_db > c.gain_min_db)) throw_invalid(where, "gain range", "is empty (gain_min = gain_max = 0 dB)");
    require_in_range(where, "max_boost", c.max_boost_db, 0, 40, "dB");
    if (std::find(c.types.begin(), c.types.end(), dsp::biquad_type::peaking) == c.types.end())
        throw_invalid(where, "types", "must include peaking (PK) filters");
    for (const auto t : c.types)
        if (t == dsp::biquad_type::low_pass || t == dsp::biquad_type::high_pass)
            throw_invalid(where, "types", std::string(dsp::biquad_type_code(t)) + " is not an equalising filter (allowed: PK, LSC, HSC)");
}

/// A parametric EQ: the filters, their sample rate and the preamp (<= 0 dB) that keeps the EQ from boosting.
struct parametric_eq {
    std::vector<dsp::biquad_filter> filters; ///< the biquads, applied in series
    double fs_hz = 48000;                    ///< sample rate, Hz
    double preamp_db = 0;                    ///< −max(EQ curve, 0), rounded down to 0.1 dB
};

namespace detail {
// The largest value (−∞ for none): a loop, where *std::max_element of a possibly empty range draws warnings.
inline double max_of(std::span<const double> v) noexcept {
    double m = -std::numeric_limits<double>::infinity();
    for (const double x : v) m = x > m ? x : m;
    return m;
}
// The EQ grid at sample rate fs: AutoEq's grid (20·1.01^n) below fs/2, continued at the same ratio up to fs/2
// (the points above 20 kHz only check the boost).
inline std::vector<double> eq_grid(double fs) {
    std::vector<double> g;
    for (const double f : autoeq_grid())
        if (f < fs / 2 * 0.999) g.push_back(f);
    while (!g.empty() && g.back() * 1.01 < fs / 2 * 0.999) g.push_back(g.back() * 1.01);
    return g;
}
} // namespace detail

/// Level in dB of `eq`'s filters at `frequency_hz` (frequencies above fs/2 take the value at fs/2); no preamp.
inline std::vector<double> eq_curve_db(const parametric_eq& eq, std::span<const double> frequency_hz,
                                       simd_level level = default_simd_level()) {
    std::vector<double> f(frequency_hz.begin(), frequency_hz.end());
    for (double& x : f) x = std::clamp(x, 0.0, eq.fs_hz / 2);
    return dsp::cascade_magnitude_db(eq.filters, f, eq.fs_hz, level);
}

/// −max(0, level of the filters) over AutoEq's grid continued up to fs/2 and the filters' own frequencies,
/// rounded down to 0.1 dB: the preamp that keeps the EQ from boosting.
inline double eq_preamp_db(std::span<const dsp::biquad_filter> filters, double fs_hz) {
    require_in_range("eq_preamp_db", "fs", fs_hz, 8000, 768000, "Hz");
    std::vector<double> f = detail::eq_grid(fs_hz);
    for (const auto& b : filters)
        if (b.fc_hz < fs_hz / 2) f.push_back(b.fc_hz);
    std::sort(f.begin(), f.end());
    f.erase(std::unique(f.begin(), f.end()), f.end());
    const auto g = dsp::cascade_magnitude_db(filters, f, fs_hz);
    const double peak = std::max(0.0, detail::max_of(g));
    return -std::ceil(peak * 10 - 1e-9) / 10;
}

/// `measurement` with `eq`'s filters applied (its level changed by the EQ curve, without preamp).
inline frequency_response apply_eq(const frequency_response& measurement, const parametric_eq& eq) {
    const auto g = eq_curve_db(eq, measurement.frequencies());
    std::vector<double> db = measurement.magnitude_db();
    for (std::size_t i = 0; i < db.size(); ++i) db[i] += g[i];
    return {measurement.frequencies(), std::move(db), {}, measurement.name() + " (equalised)"};
}

/// AutoEq's smoothing of an error curve for equalisation: 1/12 octave (dB), blended by a sigmoid in ln f centred
/// at √(6·8) kHz (10 %…90 % between 6 and 8 kHz) into 2-octave smoothing above.
inline frequency_response eq_error_smoothing(const frequency_response& error) {
    dsp::smoothing_options o;
    o.domain = dsp::smoothing_domain::db;
    const auto narrow = dsp::smooth(error, dsp::smoothing_width::fraction(12), o);
    const auto wide = dsp::smooth(error, dsp::smoothing_width::octaves(2), o);
    const double centre = std::log(std::sqrt(6000.0 * 8000.0)), k = 2 * std::log(9.0) / std::log(8000.0 / 6000.0);
    std::vector<double> db(error.size());
    for (std::size_t i = 0; i < db.size(); ++i) {
        const double f = error.frequencies()[i];
        const double w = f > 0 ? 1 / (1 + std::exp(-k * (std::log(f) - centre))) : 0.0;
        db[i] = (1 - w) * narrow.magnitude_db()[i] + w * wide.magnitude_db()[i];
    }
    return {error.frequencies(), std::move(db), {}, "smoothed error"};
}

/// The outcome of an EQ optimisation.
struct eq_result {
    parametric_eq eq;                   ///< the filters and preamp
    std::vector<double> frequency_hz;   ///< the optimisation grid: AutoEq's, continued at its ratio up to fs/2
    std::vector<double> eq_db;          ///< the EQ curve on it (no preamp)
    std::vector<double> target_eq_db;   ///< −(mean smoothed error) on it, centred like eq_db: what the EQ aims at
    double score_before = 0;            ///< mean predicted preference score of the measurements
    double score_after = 0;             ///< the same, equalised
    double error_rms_before_db = 0;     ///< rms of the mean smoothed error 20 Hz … 10 kHz, offset removed, dB
    double error_rms_after_db = 0;      ///< the same, equalised
};

namespace detail {


// Parameters of one filter in natural coordinates: ln fc, gain dB, ln Q.
struct eq_param {
    double lf, g, lq;
};

// The fitter: the grid, the measurements' errors on it, per-filter level caches and the objectives.
class eq_fitter {
public:
    eq_fitter(std::span<const frequency_response> measurements, const frequency_response& target, const eq_constraints& c)
        : c_(checked(c)), grid_(make_grid(c_.fs_hz)), bq_(grid_, c_.fs_hz) {
        if (measurements.empty()) throw_invalid("eq", "measurements", "are none");
        if (target.empty()) throw_invalid("eq", "target", "is empty");
        const std::size_t n = grid_.size();
        n_fit_ = std::size_t(std::upper_bound(grid_.begin(), grid_.end(), 20000.0) - grid_.begin());
        n_score_band_ = std::size_t(std::upper_bound(grid_.begin(), grid_.end(), 10000.0) - grid_.begin());
        smoothed_.assign(n, 0.0);
        blended_.assign(n, 0.0);
        for (const auto& m : measurements) {
            if (m.size() < 2) throw_invalid("eq", "measurement", "needs at least 2 points");
            if (m.frequencies().front() > 1000 || m.frequencies().back() < 1000)
                throw_invalid("eq", "measurement", "must cover 1 kHz (it is centred there)");
            const auto e = dsp::resample(error_curve(m, target), grid_, dsp::extrapolation::hold);
            raw_.push_back(e.magnitude_db());
            const auto s = eq_error_smoothing(e);
            for (std::size_t i = 0; i < n; ++i) smoothed_[i] += s.magnitude_db()[i] / double(measurements.size());
        }
        // What Levenberg–Marquardt fits: the smoothed error; for the preference objective, the raw mean error
        // below the treble (the score reads it unsmoothed), blended into the smoothed one like the smoothing.
        const double centre = std::log(std::sqrt(6000.0 * 8000.0)), k = 2 * std::log(9.0) / std::log(8000.0 / 6000.0);
        for (std::size_t i = 0; i < n; ++i) {
            double raw_mean = 0;
            for (const auto& raw : raw_) raw_mean += raw[i] / double(raw_.size());
            const double w = c.objective == eq_objective::preference ? 1 / (1 + std::exp(-k * (std::log(grid_[i]) - centre))) : 1.0;
            blended_[i] = (1 - w) * raw_mean + w * smoothed_[i];
        }
        // Score points: the R40 frequencies of the score, interpolated linearly in ln f on the grid.
        for (const double f : iso_r40_grid()) {
            if (f < 20 || f > 10000) continue;
            const std::size_t j = std::min<std::size_t>(
                n - 2, std::size_t(std::upper_bound(grid_.begin(), grid_.end(), f) - grid_.begin()) - 1);
            score_j_.push_back(j);
            score_t_.push_back(std::log(f / grid_[j]) / std::log(grid_[j + 1] / grid_[j]));
            score_lnf_.push_back(std::log(f));
            score_in_mean_.push_back(f >= 40);
            if (f == 500.0) at500_ = score_j_.size() - 1;
        }
        for (std::size_t i = 0; i < n; ++i)
            if (grid_[i] > 10000 && i < n_fit_) treble_.push_back(i);
        lf_lo_ = std::log(c.fc_min_hz), lf_hi_ = std::log(c.fc_max_hz);
        lq_lo_ = std::log(c.q_min), lq_hi_ = std::log(c.q_max);
        allow_low_ = allowed(dsp::biquad_type::low_shelf), allow_high_ = allowed(dsp::biquad_type::high_shelf);
    }

    const std::vector<double>& grid() const noexcept { return grid_; }
    const std::vector<double>& smoothed() const noexcept { return smoothed_; }

    // Mean predicted score of the measurements with EQ curve g on the grid (exactly the score's formula on the
    // R40 points).
    double score(std::span<const double> g) const {
        double total = 0;
        for (const auto& raw : raw_) total += score_of(raw, g);
        return total / double(raw_.size());
    }

    // The full procedure.
    std::vector<dsp::biquad_filter> optimise(const std::vector<dsp::biquad_type>& types, std::vector<eq_param> p,
                                             const std::vector<std::array<bool, 3>>& free, bool greedy) {
        // Three starts for the preference objective (LM on the smoothed error, on the raw error below the treble,
        // and on that error held constant above 10 kHz); the best score wins. One for the error objective.
        std::vector<dsp::biquad_filter> best;
        double best_value = 0;
        const int starts = c_.objective == eq_objective::preference ? 3 : 1;
        for (int start = 0; start < starts; ++start) {
            fit_ = start == 0 ? smoothed_ : blended_;
            if (start == 2) // the score's band only: the error above 10 kHz held at its 10 kHz value
                for (std::size_t i = 0; i < fit_.size(); ++i)
                    if (grid_[i] > 10000) fit_[i] = fit_[i - 1];
            types_ = types;
            free_ = free;
            std::vector<eq_param> q = p;
            if (greedy) initial_guess(q);
            levenberg_marquardt(q, 100);
            make_feasible(q);
            if (c_.objective == eq_objective::preference) pattern_search(q);
            auto filters = round_filters(q);
            const double value = -score(curve(filters));
            if (start == 0 || value < best_value) best = std::move(filters), best_value = value;
        }
        return best;
    }

    std::vector<dsp::biquad_filter> filters_of(const std::vector<eq_param>& p) const {
        std::vector<dsp::biquad_filter> out;
        for (std::size_t k = 0; k < p.size(); ++k) out.push_back(filter(k, p[k]));
        return out;
    }
    std::vector<double> curve(std::span<const dsp::biquad_filter> filters) const {
        std::vector<double> g(grid_.size(), 0.0);
        for (const auto& f : filters) bq_.add_db(f, g, c_.level);
        return g;
    }
    // rms of (smoothed error + g) 20 Hz … 10 kHz with its mean removed.
    double error_rms(std::span<const double> g) const {
        double s = 0, s2 = 0, n = 0;
        for (std::size_t i = 0; i < grid_.size() && grid_[i] <= 10000; ++i) {
            const double r = smoothed_[i] + g[i];
            s += r, s2 += r * r, n += 1;
        }
        return std::sqrt(std::max(0.0, s2 / n - (s / n) * (s / n)));
    }
    eq_param clamp(eq_param p) const {
        return {std::clamp(p.lf, lf_lo_, lf_hi_), std::clamp(p.g, c_.gain_min_db, c_.gain_max_db), std::clamp(p.lq, lq_lo_, lq_hi_)};
    }

private:
    static std::vector<double> make_grid(double fs) { return eq_grid(fs); }
    static const eq_constraints& checked(const eq_constraints& c) {
        validate_eq_constraints(c);
        return c;
    }
    bool allowed(dsp::biquad_type t) const {
        return std::find(c_.types.begin(), c_.types.end(), t) != c_.types.end();
    }
    dsp::biquad_filter filter(std::size_t k, const eq_param& p) const {
        return {types_[k], std::exp(p.lf), p.g, std::exp(p.lq)};
    }
    void level_of(std::size_t k, const eq_param& p, std::span<double> out) const {
        std::fill(out.begin(), out.end(), 0.0);
        bq_.add_db(filter(k, p), out, c_.level);
    }

    double score_of(const std::vector<double>& raw, std::span<const double> g) const {
        const std::size_t m = score_j_.size();
        double e[128];
        double mx = 0, my = 0;
        for (std::size_t k = 0; k < m; ++k) {
            const std::size_t j = score_j_[k];
            const double a = raw[j] + g[j], b = raw[j + 1] + g[j + 1];
            e[k] = a + score_t_[k] * (b - a);
            mx += score_lnf_[k], my += e[k];
        }
        mx /= double(m), my /= double(m);
        double sxx = 0, sxy = 0, syy = 0, sum_abs = 0, count = 0;
        for (std::size_t k = 0; k < m; ++k) {
            const double dx = score_lnf_[k] - mx, dy = e[k] - my;
            sxx += dx * dx, sxy += dx * dy, syy += dy * dy;
            if (score_in_mean_[k]) sum_abs += std::fabs(e[k] - e[at500_]), count += 1;
        }
        const double sd = std::sqrt(syy / double(m - 1)), slope = sxy / sxx, mean = sum_abs / count;
        return 100.0795 - 8.5 * sd - 6.796 * std::fabs(slope) - 3.475 * mean;
    }

    // --- Initial guess --------------------------------------------------------------------------------------
    void initial_guess(std::vector<eq_param>& p) {
        const std::size_t n_filters = c_.filters;
        types_.clear();
        free_.clear();
        p.clear();
        auto add = [&](dsp::biquad_type t, double f, double g, double q) {
            types_.push_back(t);
            free_.push_back({true, true, true});
            p.push_back(clamp({std::log(f), g, std::log(q)}));
        };
        if (allow_low_ && p.size() < n_filters) add(dsp::biquad_type::low_shelf, std::clamp(105.0, c_.fc_min_hz, c_.fc_max_hz), 0, std::clamp(0.7, c_.q_min, c_.q_max));
        if (allow_high_ && p.size() < n_filters) add(dsp::biquad_type::high_shelf, std::clamp(10000.0, c_.fc_min_hz, c_.fc_max_hz), 0, std::clamp(0.7, c_.q_min, c_.q_max));
        if (!p.empty()) levenberg_marquardt(p, 20);
        const std::size_t n = grid_.size();
        std::vector<double> g(n), buffer(n);
        while (p.size() < n_filters) {
            std::fill(g.begin(), g.end(), 0.0);
            for (std::size_t k = 0; k < p.size(); ++k) bq_.add_db(filter(k, p[k]), g, c_.level);
            // Remaining deviation d = −(smoothed + g), centred (its mean is free: the preamp).
            std::vector<double> d(n);
            double mean = 0;
            for (std::size_t i = 0; i < n; ++i) d[i] = -(smoothed_[i] + g[i]);
            for (std::size_t i = 0; i < n_fit_; ++i) mean += d[i];
            mean /= double(n_fit_);
            for (double& x : d) x -= mean;
            std::size_t best = 0;
            double best_v = -1;
            for (std::size_t i = 0; i < n_fit_; ++i)
                if (grid_[i] >= c_.fc_min_hz && grid_[i] <= c_.fc_max_hz && std::fabs(d[i]) > best_v) best_v = std::fabs(d[i]), best = i;
            const double peak = d[best];
            std::size_t lo = best, hi = best;
            while (lo > 0 && d[lo] * peak > 0 && std::fabs(d[lo]) > std::fabs(peak) / 2) --lo;
            while (hi + 1 < n && d[hi] * peak > 0 && std::fabs(d[hi]) > std::fabs(peak) / 2) ++hi;
            const double bw = std::max(std::log2(grid_[hi] / grid_[lo]), 0.05);
            const double q = std::sqrt(std::exp2(bw)) / (std::exp2(bw) - 1);
            const double gain = peak > 0 ? std::min(peak, c_.max_boost_db) : peak;
            add(dsp::biquad_type::peaking, grid_[best], gain, q);
            levenberg_marquardt(p, 15);
        }
    }

    // --- Levenberg–Marquardt on the smoothed error ----------------------------------------------------------
    // Unknowns: the free filter parameters (ln fc, gain, ln Q), kept in their boxes by projection after each
    // step (a variable at a bound keeps its gradient and can leave it), plus one free level (offset).
    std::pair<double, double> bounds(std::size_t which) const {
        if (which == 0) return {lf_lo_, lf_hi_};
        if (which == 1) return {c_.gain_min_db, c_.gain_max_db};
        return {lq_lo_, lq_hi_};
    }
    double to_unit(std::size_t which, double v) const {
        const auto [lo, hi] = bounds(which);
        return std::clamp(v, lo, hi);
    }
    double from_unit(std::size_t which, double z) const { return to_unit(which, z); }
    static double& component(eq_param& p, std::size_t which) { return which == 0 ? p.lf : which == 1 ? p.g : p.lq; }

    // Residuals: (smoothed + g + offset) on the grid, then the boost penalty 10·max(0, g − max_boost).
    double residuals(std::span<const double> g, double offset, std::span<double> r) const {
        const std::size_t n = grid_.size();
        double cost = 0;
        for (std::size_t i = 0; i < n; ++i) {
            r[i] = i < n_fit_ ? fit_[i] + g[i] + offset : 0.0;
            const double over = g[i] - (c_.max_boost_db - 0.02);
            r[n + i] = over > 0 ? 10 * over : 0.0;
            cost += r[i] * r[i] + r[n + i] * r[n + i];
        }
        return cost;
    }

    void levenberg_marquardt(std::vector<eq_param>& p, int iterations) {
        const std::size_t n = grid_.size(), rows = 2 * n, nf = p.size();
        std::vector<std::pair<std::size_t, std::size_t>> unknowns; // (filter, component)
        for (std::size_t k = 0; k < nf; ++k)
            for (std::size_t w = 0; w < 3; ++w)
                if (free_[k][w]) unknowns.emplace_back(k, w);
        const std::size_t np = unknowns.size() + 1; // + offset
        std::vector<double> z(np, 0.0);
        for (std::size_t u = 0; u + 1 < np; ++u) z[u] = to_unit(unknowns[u].second, component(p[unknowns[u].first], unknowns[u].second));
        auto params_of = [&](const std::vector<double>& zz) {
            std::vector<eq_param> q = p;
            for (std::size_t u = 0; u + 1 < np; ++u) component(q[unknowns[u].first], unknowns[u].second) = from_unit(unknowns[u].second, zz[u]);
            return q;
        };
        std::vector<std::vector<double>> levels(nf, std::vector<double>(n));
        std::vector<double> g(n), r(rows), r2(rows), jac(np * rows), a(np * np), b(np), delta(np), gt(n), tmp(n);
        auto total = [&](const std::vector<eq_param>& q, std::vector<double>& out) {
            std::fill(out.begin(), out.end(), 0.0);
            for (std::size_t k = 0; k < nf; ++k) {
                level_of(k, q[k], levels[k]);
                for (std::size_t i = 0; i < n; ++i) out[i] += levels[k][i];
            }
        };
        std::vector<eq_param> q = params_of(z);
        total(q, g);
        double cost = residuals(g, z[np - 1], r);
        double lambda = 1e-2;
        for (int it = 0; it < iterations; ++it) {
            // Jacobian by forward differences in z (only the perturbed filter is re-evaluated).
            for (std::size_t u = 0; u < np; ++u) {
                double* col = jac.data() + u * rows;
                if (u + 1 == np) {
                    for (std::size_t i = 0; i < n; ++i) {
                        col[i] = i < n_fit_ ? 1.0 : 0.0;
                        col[n + i] = 0;
                    }
                    continue;
                }
                const auto [k, w] = unknowns[u];
                const double h = z[u] + 1e-5 > bounds(w).second ? -1e-5 : 1e-5; // stay inside the box
                eq_param pk = q[k];
                component(pk, w) = from_unit(w, z[u] + h);
                level_of(k, pk, tmp);
                for (std::size_t i = 0; i < n; ++i) gt[i] = g[i] - levels[k][i] + tmp[i];
                residuals(gt, z[np - 1], r2);
                for (std::size_t i = 0; i < rows; ++i) col[i] = (r2[i] - r[i]) / h;
            }
            for (std::size_t u = 0; u < np; ++u) {
                b[u] = 0;
                for (std::size_t i = 0; i < rows; ++i) b[u] -= jac[u * rows + i] * r[i];
                for (std::size_t v = 0; v <= u; ++v) {
                    double s = 0;
                    for (std::size_t i = 0; i < rows; ++i) s += jac[u * rows + i] * jac[v * rows + i];
                    a[u * np + v] = a[v * np + u] = s;
                }
            }
            bool improved = false;
            while (lambda < 1e10) {
                std::vector<double> m = a;
                for (std::size_t u = 0; u < np; ++u) m[u * np + u] += lambda * (a[u * np + u] + 1e-9);
                if (!cholesky_solve(m, b, delta, np)) {
                    lambda *= 4;
                    continue;
                }
                std::vector<double> z2 = z;
                for (std::size_t u = 0; u < np; ++u) z2[u] += delta[u];
                for (std::size_t u = 0; u + 1 < np; ++u) z2[u] = to_unit(unknowns[u].second, z2[u]); // projection
                const auto q2 = params_of(z2);
                std::vector<double> g2(n);
                auto saved = levels;
                total(q2, g2);
                const double cost2 = residuals(g2, z2[np - 1], r2);
                if (cost2 < cost) {
                    improved = cost - cost2 > 1e-9 * cost;
                    z = z2, q = q2, g = g2, r = r2, cost = cost2;
                    lambda = std::max(lambda / 3, 1e-9);
                    break;
                }
                levels = std::move(saved);
                lambda *= 4;
            }
            if (!improved) break;
        }
        p = q;
    }

    static bool cholesky_solve(std::vector<double>& m, const std::vector<double>& b, std::vector<double>& x, std::size_t n) {
        for (std::size_t j = 0; j < n; ++j) {
            double d = m[j * n + j];
            for (std::size_t k = 0; k < j; ++k) d -= m[j * n + k] * m[j * n + k];
            if (!(d > 0)) return false;
            d = std::sqrt(d);
            m[j * n + j] = d;
            for (std::size_t i = j + 1; i < n; ++i) {
                double s = m[i * n + j];
                for (std::size_t k = 0; k < j; ++k) s -= m[i * n + k] * m[j * n + k];
                m[i * n + j] = s / d;
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            double s = b[i];
            for (std::size_t k = 0; k < i; ++k) s -= m[i * n + k] * x[k];
            x[i] = s / m[i * n + i];
        }
        for (std::size_t i = n; i-- > 0;) {
            double s = x[i];
            for (std::size_t k = i + 1; k < n; ++k) s -= m[k * n + i] * x[k];
            x[i] = s / m[i * n + i];
        }
        return true;
    }

    // --- Boost limit ----------------------------------------------------------------------------------------
    double peak_of(const std::vector<eq_param>& p) const {
        const auto g = curve(filters_of(p));
        return detail::max_of(g);
    }
    // Scales all gains by the largest s in [0, 1] that meets the boost limit (s = 0 always does).
    void make_feasible(std::vector<eq_param>& p) const {
        if (peak_of(p) <= c_.max_boost_db) return;
        double lo = 0, hi = 1;
        for (int i = 0; i < 40; ++i) {
            const double s = (lo + hi) / 2;
            auto q = p;
            for (auto& x : q) x.g *= s;
            (peak_of(q) <= c_.max_boost_db ? lo : hi) = s;
        }
        for (auto& x : p) x.g *= lo;
    }

    // --- Pattern search on the score ------------------------------------------------------------------------
    // −score + 0.1·rms(smoothed error + g above 10 kHz), the error taken at the level the score ignores:
    // offset = −mean(smoothed + g) over 20 Hz … 10 kHz.
    double objective_with_offset(std::span<const double> g) const {
        double s = 0;
        for (std::size_t i = 0; i < n_score_band_; ++i) s += smoothed_[i] + g[i];
        const double offset = -s / double(n_score_band_);
        double t = 0;
        for (const std::size_t i : treble_) {
            const double r = smoothed_[i] + g[i] + offset;
            t += r * r;
        }
        const double treble_rms = treble_.empty() ? 0.0 : std::sqrt(t / double(treble_.size()));
        return -score(g) + 0.1 * treble_rms;
    }

    void pattern_search(std::vector<eq_param>& p) const {
        const std::size_t n = grid_.size(), nf = p.size();
        std::vector<std::vector<double>> levels(nf, std::vector<double>(n));
        std::vector<double> g(n, 0.0), trial(n), tmp(n);
        for (std::size_t k = 0; k < nf; ++k) {
            level_of(k, p[k], levels[k]);
            for (std::size_t i = 0; i < n; ++i) g[i] += levels[k][i];
        }
        double best = objective_with_offset(g);
        std::array<double, 3> step{0.2, 1.0, 0.3};
        for (int level = 0; level < 8; ++level) {
            for (int sweep = 0; sweep < 40; ++sweep) {
                bool moved = false;
                for (std::size_t k = 0; k < nf; ++k)
                    for (std::size_t w = 0; w < 3; ++w) {
                        if (!free_[k][w]) continue;
                        for (const double sign : {1.0, -1.0}) {
                            eq_param pk = p[k];
                            component(pk, w) += sign * step[w];
                            pk = clamp(pk);
                            if (component(pk, w) == component(p[k], w)) continue;
                            level_of(k, pk, tmp);
                            double peak = -1e300;
                            for (std::size_t i = 0; i < n; ++i) {
                                trial[i] = g[i] - levels[k][i] + tmp[i];
                                peak = std::max(peak, trial[i]);
                            }
                            if (peak > c_.max_boost_db - 0.02) continue;
                            const double v = objective_with_offset(trial);
                            if (v < best - 1e-9) {
                                best = v, p[k] = pk, g.swap(trial), levels[k] = tmp, moved = true;
                                break;
                            }
                        }
                    }
                if (!moved) break;
            }
            for (double& s : step) s /= 2;
        }
    }

    // --- Rounding -------------------------------------------------------------------------------------------
    std::vector<dsp::biquad_filter> round_filters(const std::vector<eq_param>& p) const {
        auto f = filters_of(p);
        for (auto& x : f) {
            x.fc_hz = std::clamp(std::round(x.fc_hz), std::ceil(c_.fc_min_hz), std::floor(c_.fc_max_hz));
            x.gain_db = std::round(x.gain_db * 10) / 10;
            x.q = std::clamp(std::round(x.q * 100) / 100, std::ceil(c_.q_min * 100) / 100, std::floor(c_.q_max * 100) / 100);
        }
        // Keep the boost limit after rounding: lower the filter that lifts the peak most, 0.1 dB at a time.
        for (int guard = 0; guard < 2000; ++guard) {
            const auto g = curve(f);
            const auto it = std::max_element(g.begin(), g.end());
            if (*it <= c_.max_boost_db) break;
            const std::size_t at = std::size_t(it - g.begin());
            std::size_t worst = 0;
            double worst_v = -1e300;
            for (std::size_t k = 0; k < f.size(); ++k) {
                std::vector<double> one(g.size(), 0.0);
                bq_.add_db(f[k], one, c_.level);
                if (one[at] > worst_v) worst_v = one[at], worst = k;
            }
            f[worst].gain_db = std::round((f[worst].gain_db - 0.1) * 10) / 10;
        }
        return f;
    }

    eq_constraints c_;
    std::vector<double> grid_;
    dsp::biquad_grid bq_;
    std::vector<std::vector<double>> raw_;
    std::vector<double> smoothed_, blended_, fit_;
    std::size_t n_fit_ = 0, n_score_band_ = 0;
    std::vector<std::size_t> score_j_, treble_;
    std::vector<double> score_t_, score_lnf_;
    std::vector<bool> score_in_mean_;
    std::size_t at500_ = 0;
    double lf_lo_ = 0, lf_hi_ = 0, lq_lo_ = 0, lq_hi_ = 0;
    bool allow_low_ = false, allow_high_ = false;
    std::vector<dsp::biquad_type> types_;
    std::vector<std::array<bool, 3>> free_;
};

inline eq_result finish(const eq_fitter& fitter, std::span<const frequency_response> measurements,
                        const frequency_response& target, std::vector<dsp::biquad_filter> filters, double fs) {
    eq_result r;
    r.eq.filters = std::move(filters);
    r.eq.fs_hz = fs;
    r.eq.preamp_db = eq_preamp_db(r.eq.filters, fs);
    r.frequency_hz = fitter.grid();
    r.eq_db = fitter.curve(r.eq.filters);
    const std::vector<double> zero(r.frequency_hz.size(), 0.0);
    r.error_rms_before_db = fitter.error_rms(zero);
    r.error_rms_after_db = fitter.error_rms(r.eq_db);
    r.target_eq_db.resize(r.frequency_hz.size());
    for (std::size_t i = 0; i < r.target_eq_db.size(); ++i) r.target_eq_db[i] = -fitter.smoothed()[i];
    for (const auto& m : measurements) {
        r.score_before += harman_inear_preference_score(m, target).score / double(measurements.size());
        r.score_after += harman_inear_preference_score(apply_eq(m, r.eq), target).score / double(measurements.size());
    }
    return r;
}

} // namespace detail

/// Optimises a parametric EQ of `c.filters` biquads that brings `measurements` (one, or several insertions of
/// the same IEM: the objective is then their mean) to `target` under `c` (see the file documentation).
/// Deterministic. Throws iemlab::error on bad constraints or data.
inline eq_result optimize_parametric_eq(std::span<const frequency_response> measurements, const frequency_response& target,
                                        const eq_constraints& c = {}) {
    detail::eq_fitter fitter(measurements, target, c);
    auto filters = fitter.optimise({}, {}, {}, true);
    return detail::finish(fitter, measurements, target, std::move(filters), c.fs_hz);
}

/// One measurement: see the overload for several.
inline eq_result optimize_parametric_eq(const frequency_response& measurement, const frequency_response& target,
                                        const eq_constraints& c = {}) {
    return optimize_parametric_eq(std::span<const frequency_response>(&measurement, 1), target, c);
}

/// The fixed-band (graphic) EQ's centre frequencies: 31.25 Hz … 16 kHz in octaves, AutoEq's 10 bands (written
/// 31, 62, 125, …).
inline constexpr std::array<double, 10> fixed_band_frequencies_hz{31, 62, 125, 250, 500, 1000, 2000, 4000, 8000, 16000};

/// Q of every fixed band (1.41, one octave: AutoEq's value).
inline constexpr double fixed_band_q = 1.41;

/// A 10-band fixed EQ (peaking filters at fixed_band_frequencies_hz, Q 1.41): only the gains are optimised,
/// with `c`'s gain range, boost limit, sample rate and objective (c.filters, types, fc and Q ranges unused).
inline eq_result optimize_fixed_band_eq(std::span<const frequency_response> measurements, const frequency_response& target,
                                        eq_constraints c = {}) {
    c.filters = fixed_band_frequencies_hz.size();
    c.types = {dsp::biquad_type::peaking};
    c.fc_min_hz = std::min(c.fc_min_hz, fixed_band_frequencies_hz.front());
    c.fc_max_hz = std::max(c.fc_max_hz, fixed_band_frequencies_hz.back());
    c.q_min = std::min(c.q_min, fixed_band_q - 0.01);
    c.q_max = std::max(c.q_max, fixed_band_q + 0.01);
    detail::eq_fitter fitter(measurements, target, c);
    std::vector<detail::eq_param> p;
    for (const double f : fixed_band_frequencies_hz) p.push_back(fitter.clamp({std::log(f), 0.0, std::log(fixed_band_q)}));
    auto filters = fitter.optimise(std::vector<dsp::biquad_type>(p.size(), dsp::biquad_type::peaking), p,
                                   std::vector<std::array<bool, 3>>(p.size(), {false, true, false}), false);
    for (std::size_t k = 0; k < filters.size(); ++k) {
        filters[k].fc_hz = fixed_band_frequencies_hz[k];
        filters[k].q = fixed_band_q;
    }
    return detail::finish(fitter, measurements, target, std::move(filters), c.fs_hz);
}

/// The GraphicEQ correction curve: −(mean smoothed error) on the ISO R40 frequencies up to min(20 kHz, fs/2),
/// limited to [gain_min, max_boost] relative to its level at 1 kHz, then shifted so that its maximum is 0 dB (the
/// preamp is included: Equalizer APO's GraphicEQ has none).
inline frequency_response graphic_eq_curve(std::span<const frequency_response> measurements, const frequency_response& target,
                                           const eq_constraints& c = {}) {
    validate_eq_constraints(c);
    if (measurements.empty()) throw_invalid("graphic_eq_curve", "measurements", "are none");
    std::vector<double> f;
    for (const double x : iso_r40_grid())
        if (x < c.fs_hz / 2) f.push_back(x);
    std::vector<double> g(f.size(), 0.0);
    for (const auto& m : measurements) {
        // Centred at 1 kHz like the target, so that the limits apply to the shape, not to the measurement's level.
        const auto e = eq_error_smoothing(error_curve(center_at(m), target));
        const auto s = dsp::interpolate_log(e.frequencies(), e.magnitude_db(), f, dsp::extrapolation::hold);
        for (std::size_t i = 0; i < f.size(); ++i) g[i] -= s[i] / double(measurements.size());
    }
    for (double& x : g) x = std::clamp(x, c.gain_min_db, c.max_boost_db);
    const double top = detail::max_of(g);
    for (double& x : g) x = std::round((x - top) * 10) / 10;
    return {std::move(f), std::move(g), {}, "GraphicEQ"};
}

} // namespace iemlab::inline v0::measure

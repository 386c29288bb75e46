#pragma once
/// @file
/// @brief Resampling between frequency grids, piecewise linear in log frequency, for levels (dB), phases and
/// complex values.
///
/// **Rule.** Between two input points the value is a straight line in ln f (what AutoEq, REW and squig.link do
/// for display and averaging; REW's RMS average; AutoEq CSV).
/// **Extrapolation.** Outside the input's range the value is either held at the nearest end value
/// (extrapolation::hold, the default: never invents a slope) or continued along the first/last segment's line
/// (extrapolation::linear: what AutoEq's `interpolate` does, which its preference score relies on).
/// **0 Hz.** ln 0 does not exist, so an input point at 0 Hz (an FFT's DC bin) is used only for an output point at
/// exactly 0 Hz; any other output ignores it. An output at 0 Hz without an input at 0 Hz takes the first value.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/phase.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::dsp {

/// What resampling does outside the input's frequency range.
enum class extrapolation {
    hold,   ///< hold the end values (default)
    linear, ///< continue the end segment's straight line in ln f (AutoEq's rule)
};

/// How complex values (magnitude and phase) are resampled.
enum class complex_interpolation {
    polar,     ///< level in dB and unwrapped phase, each linear in ln f (default: keeps delays and notches sane)
    cartesian, ///< real and imaginary parts, each linear in ln f
};

/// Precomputed resampling from one frequency grid to another, linear in ln f (rules in the file documentation).
///
/// Immutable after construction; execute() allocates nothing, so one plan can serve many threads and many
/// curves on the same pair of grids (averaging, smoothing onto an output grid, the preference score).
class log_interpolation_plan {
public:
    /// Plans resampling from `from_hz` to `to_hz` (both strictly increasing, >= 0; `from_hz` needs at least
    /// one point above 0 Hz).
    log_interpolation_plan(std::span<const double> from_hz, std::span<const double> to_hz,
                           extrapolation rule = extrapolation::hold)
        : input_size_(from_hz.size()), lower_(to_hz.size()), upper_(to_hz.size()), weight_(to_hz.size()) {
        constexpr const char* where = "log_interpolation_plan";
        require_valid_grid(where, "from", from_hz, {.empty_allowed = true}); // the size rules follow
        require_valid_grid(where, "to", to_hz, {.empty_allowed = true});
        const std::size_t first = (!from_hz.empty() && from_hz[0] == 0) ? 1 : 0; // first point usable in ln f
        if (from_hz.size() <= first)
            throw_invalid(where, "from", "needs at least one frequency above 0 Hz");
        const std::size_t last = from_hz.size() - 1;
        std::size_t segment = first; // lower point of the current segment; advances monotonically
        for (std::size_t k = 0; k < to_hz.size(); ++k) {
            const double f = to_hz[k];
            if (f == 0) { // DC: the input's DC value, else the first value (no log-frequency line reaches 0 Hz)
                set(k, 0, 0, 0.0);
                continue;
            }
            if (first == last || f <= from_hz[first] || f >= from_hz[last]) {
                const bool below = f <= from_hz[first];
                const std::size_t end = below ? first : last;
                if (f == from_hz[end] || first == last || rule == extrapolation::hold) {
                    set(k, end, end, 0.0);
                } else { // continue the end segment's line
                    const std::size_t a = below ? first : last - 1;
                    set(k, a, a + 1, log_weight(from_hz[a], from_hz[a + 1], f));
                }
                continue;
            }
            while (from_hz[segment + 1] < f) ++segment;
            set(k, segment, segment + 1, log_weight(from_hz[segment], from_hz[segment + 1], f));
        }
    }

    /// Number of input points execute() expects.
    std::size_t input_size() const noexcept { return input_size_; }
    /// Number of output points execute() writes.
    std::size_t output_size() const noexcept { return weight_.size(); }

    /// Resamples one real-valued curve (a level in dB, an unwrapped phase, a real or imaginary part).
    void execute(std::span<const double> in, std::span<double> out) const {
        check_sizes(in.size(), out.size());
        for (std::size_t k = 0; k < weight_.size(); ++k) {
            const double a = in[lower_[k]], b = in[upper_[k]];
            out[k] = a + weight_[k] * (b - a);
        }
    }

private:
    static double log_weight(double f0, double f1, double f) {
        return std::log(f / f0) / std::log(f1 / f0);
    }
    void set(std::size_t k, std::size_t a, std::size_t b, double w) {
        lower_[k] = a;
        upper_[k] = b;
        weight_[k] = w;
    }
    void check_sizes(std::size_t in, std::size_t out) const {
        if (in != input_size_)
            throw_out_of_range("log_interpolation_plan::execute", "in.size()", double(in), "",
                               "the plan's input size " + std::to_string(input_size_));
        if (out != weight_.size())
            throw_out_of_range("log_interpolation_plan::execute", "out.size()", double(out), "",
                               "the plan's output size " + std::to_string(weight_.size()));
    }

    std::size_t input_size_;
    std::vector<std::size_t> lower_, upper_;
    std::vector<double> weight_;
};

/// Resamples real values (e.g. dB) given on `from_hz` onto `to_hz`, linear in ln f.
inline std::vector<double> interpolate_log(std::span<const double> from_hz, std::span<const double> values,
                                           std::span<const double> to_hz,
                                           extrapolation rule = extrapolation::hold) {
    if (values.size() != from_hz.size())
        throw_out_of_range("interpolate_log", "values.size()", double(values.size()), "",
                           "as many values as frequencies (" + std::to_string(from_hz.size()) + ")");
    const log_interpolation_plan plan(from_hz, to_hz, rule);
    std::vector<double> out(to_hz.size());
    plan.execute(values, out);
    return out;
}

/// Resamples complex values given on `from_hz` onto `to_hz` (polar: dB and unwrapped phase; cartesian: re, im).
inline std::vector<std::complex<double>> interpolate_complex(std::span<const double> from_hz,
                                                             std::span<const std::complex<double>> values,
                                                             std::span<const double> to_hz,
                                                             extrapolation rule = extrapolation::hold,
                                                             complex_interpolation mode = complex_interpolation::polar) {
    if (values.size() != from_hz.size())
        throw_out_of_range("interpolate_complex", "values.size()", double(values.size()), "",
                           "as many values as frequencies (" + std::to_string(from_hz.size()) + ")");
    const log_interpolation_plan plan(from_hz, to_hz, rule);
    const std::size_t n = values.size(), m = to_hz.size();
    std::vector<double> a(n), b(n), ra(m), rb(m);
    for (std::size_t i = 0; i < n; ++i) {
        if (mode == complex_interpolation::polar) {
            a[i] = amplitude_to_db(std::abs(values[i]));
            b[i] = std::arg(values[i]);
        } else {
            a[i] = values[i].real();
            b[i] = values[i].imag();
        }
    }
    if (mode == complex_interpolation::polar) unwrap_phase_in_place(b);
    plan.execute(a, ra);
    plan.execute(b, rb);
    std::vector<std::complex<double>> out(m);
    for (std::size_t k = 0; k < m; ++k)
        out[k] = mode == complex_interpolation::polar ? std::polar(db_to_amplitude(ra[k]), rb[k])
                                                      : std::complex<double>(ra[k], rb[k]);
    return out;
}

/// A response resampled onto `to_hz`: level in dB linear in ln f; a phase, when present, unwrapped, resampled
/// the same way and wrapped back into (−180°, 180°] (mode polar), or re/im resampled (mode cartesian).
inline frequency_response resample(const frequency_response& response, std::span<const double> to_hz,
                                   extrapolation rule = extrapolation::hold,
                                   complex_interpolation mode = complex_interpolation::polar) {
    if (response.empty()) throw_invalid("resample", "response", "is empty");
    const log_interpolation_plan plan(response.frequencies(), to_hz, rule);
    const std::size_t m = to_hz.size();
    std::vector<double> db(m), phase(response.has_phase() ? m : 0);
    if (!response.has_phase() || mode == complex_interpolation::polar) {
        plan.execute(response.magnitude_db(), db);
        if (response.has_phase()) {
            std::vector<double> unwrapped = unwrap_phase_deg(response.phase_deg());
            plan.execute(unwrapped, phase);
            for (double& p : phase) p = wrap_phase_deg(p);
        }
    } else {
        const std::size_t n = response.size();
        std::vector<double> re(n), im(n), rre(m), rim(m);
        for (std::size_t i = 0; i < n; ++i) {
            const auto h = response.complex_value(i);
            re[i] = h.real();
            im[i] = h.imag();
        }
        plan.execute(re, rre);
        plan.execute(im, rim);
        for (std::size_t k = 0; k < m; ++k) {
            const std::complex<double> h(rre[k], rim[k]);
            db[k] = amplitude_to_db(std::abs(h));
            phase[k] = std::arg(h) * 180.0 / std::numbers::pi;
        }
    }
    return {std::vector<double>(to_hz.begin(), to_hz.end()), std::move(db), std::move(phase), response.name()};
}

} // namespace iemlab::inline v0::dsp

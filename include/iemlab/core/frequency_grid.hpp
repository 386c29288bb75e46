#pragma once
/// @file
/// @brief Frequency grids: logarithmic by points per octave, FFT bins, and the fixed grids of AutoEq, ISO R40
/// (the Harman score's 121 points) and squig.link.

#include "iemlab/core/error.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0 {

/// Log-spaced grid f_k = f_min·2^(k/points_per_octave) for every k with f_k <= f_max (1e-9 relative slack, so
/// an f_max that lies on the grid is included).
inline std::vector<double> log_grid(double f_min_hz, double f_max_hz, double points_per_octave = 48) {
    require_positive("log_grid", "f_min", f_min_hz, "Hz");
    if (!(f_max_hz >= f_min_hz) || !std::isfinite(f_max_hz))
        throw_out_of_range("log_grid", "f_max", f_max_hz, "Hz", "f_max >= f_min = " + format_number(f_min_hz) + " Hz");
    require_in_range("log_grid", "points_per_octave", points_per_octave, 1e-3, 1e4, "");
    // Difference of logs: f_max/f_min itself overflows for extreme pairs (1e300/1e-300), and an infinite count
    // cast to size_t is undefined (it gave a 1-point grid); the count is checked while still a double.
    const double octaves = std::log2(f_max_hz) - std::log2(f_min_hz);
    const double points = std::floor(octaves * points_per_octave * (1 + 1e-12) + 1e-9) + 1;
    if (!(points <= 1e8)) throw_out_of_range("log_grid", "points", points, "", "at most 1e8 points");
    const auto count = static_cast<std::size_t>(points);
    std::vector<double> f(count);
    // 2^(k/ppo) itself overflows beyond 1024 octaves although f_k does not: scale by the whole octaves exactly.
    for (std::size_t k = 0; k < count; ++k) {
        const double e = double(k) / points_per_octave, whole = std::floor(e);
        f[k] = std::ldexp(f_min_hz * std::exp2(e - whole), static_cast<int>(whole));
    }
    return f;
}

/// Log grid of exactly `count` points from f_min to f_max inclusive.
inline std::vector<double> log_grid_points(double f_min_hz, double f_max_hz, std::size_t count) {
    require_positive("log_grid_points", "f_min", f_min_hz, "Hz");
    if (!(f_max_hz > f_min_hz) || !std::isfinite(f_max_hz))
        throw_out_of_range("log_grid_points", "f_max", f_max_hz, "Hz", "f_max > f_min");
    if (count < 2) throw_out_of_range("log_grid_points", "count", double(count), "", "count >= 2");
    std::vector<double> f(count);
    const double ratio = std::log(f_max_hz / f_min_hz);
    for (std::size_t k = 0; k < count; ++k) f[k] = f_min_hz * std::exp(ratio * double(k) / double(count - 1));
    f.back() = f_max_hz;
    return f;
}

/// Frequencies of the bins 0…N/2 of an N-point real FFT at `sample_rate_hz`: k·rate/N.
inline std::vector<double> fft_bin_grid(std::size_t fft_size, double sample_rate_hz) {
    if (fft_size < 1) throw_out_of_range("fft_bin_grid", "fft_size", 0, "", "fft_size >= 1");
    require_positive("fft_bin_grid", "sample_rate", sample_rate_hz, "Hz");
    std::vector<double> f(fft_size / 2 + 1);
    for (std::size_t k = 0; k < f.size(); ++k) f[k] = double(k) * sample_rate_hz / double(fft_size);
    return f;
}

/// AutoEq's grid: 20·1.01^n for n = 0…694 (695 points, 20 Hz … 19 955.54 Hz).
inline std::vector<double> autoeq_grid() {
    std::vector<double> f(695);
    for (std::size_t n = 0; n < f.size(); ++n) f[n] = 20.0 * std::pow(1.01, double(n));
    return f;
}

/// The 121 ISO R40 preferred frequencies (≈1/12 octave, 20 Hz … 20 kHz) on which AutoEq evaluates the Harman
/// in-ear preference score (Olive, Welti & Khonsaripour 2017; ISO 3 R40).
inline std::vector<double> iso_r40_grid() {
    static constexpr std::array<double, 121> r40{
        20,    21.2,  22.4,  23.6,  25,    26.5,  28,    30,    31.5,  33.5,  35.5,  37.5,  40,    42.5,
        45,    47.5,  50,    53,    56,    60,    63,    67,    71,    75,    80,    85,    90,    95,
        100,   106,   112,   118,   125,   132,   140,   150,   160,   170,   180,   190,   200,   212,
        224,   236,   250,   265,   280,   300,   315,   335,   355,   375,   400,   425,   450,   475,
        500,   530,   560,   600,   630,   670,   710,   750,   800,   850,   900,   950,   1000,  1060,
        1120,  1180,  1250,  1320,  1400,  1500,  1600,  1700,  1800,  1900,  2000,  2120,  2240,  2360,
        2500,  2650,  2800,  3000,  3150,  3350,  3550,  3750,  4000,  4250,  4500,  4750,  5000,  5300,
        5600,  6000,  6300,  6700,  7100,  7500,  8000,  8500,  9000,  9500,  10000, 10600, 11200, 11800,
        12500, 13200, 14000, 15000, 16000, 17000, 18000, 19000, 20000};
    return {r40.begin(), r40.end()};
}

/// squig.link / CrinGraph display grid: 20·2^(k/48) for k = 0…479 (480 points, 1/48 octave, to ≈20.19 kHz).
inline std::vector<double> squig_grid() {
    std::vector<double> f(480);
    for (std::size_t k = 0; k < f.size(); ++k) f[k] = 20.0 * std::exp2(double(k) / 48.0);
    return f;
}

/// What a frequency grid must satisfy besides being finite and strictly increasing.
struct grid_rule {
    bool zero_allowed = true;  ///< the first point may be 0 Hz (DC); false: every point > 0 Hz
    bool empty_allowed = false; ///< an empty grid is accepted
};

/// Index of the first point of `frequency_hz` that breaks `rule` (not finite, below the floor, or not above
/// its predecessor), or frequency_hz.size() when every point is valid. Emptiness is not checked here.
inline std::size_t first_invalid_grid_point(std::span<const double> frequency_hz, grid_rule rule = {}) noexcept {
    for (std::size_t i = 0; i < frequency_hz.size(); ++i) {
        const double f = frequency_hz[i];
        if (!std::isfinite(f) || f < 0 || (!rule.zero_allowed && f == 0)) return i;
        if (i > 0 && !(f > frequency_hz[i - 1])) return i;
    }
    return frequency_hz.size();
}

/// True when `f` is non-empty, finite, non-negative and strictly increasing.
inline bool is_valid_grid(std::span<const double> f) noexcept { return !f.empty() && first_invalid_grid_point(f) == f.size(); }

/// The one check of a frequency grid that every function taking frequencies uses, so that they accept the
/// same grids and say the same thing about a bad one: "where: name[i] = f Hz is out of range (expected …)".
/// @throws iemlab::error naming `where`, `name` and the index and value of the first bad point.
inline void require_valid_grid(std::string_view where, std::string_view name, std::span<const double> frequency_hz,
                               grid_rule rule = {}) {
    if (frequency_hz.empty()) {
        if (rule.empty_allowed) return;
        throw_invalid(where, name, "is empty (need at least one frequency)");
    }
    const std::size_t i = first_invalid_grid_point(frequency_hz, rule);
    if (i == frequency_hz.size()) return;
    std::string expected = rule.zero_allowed ? "finite frequencies >= 0 Hz" : "finite frequencies > 0 Hz";
    expected += ", strictly increasing";
    if (i > 0) expected.append("; previous point ").append(format_number(frequency_hz[i - 1])).append(" Hz");
    std::string parameter{name};
    parameter.append("[").append(std::to_string(i)).append("]");
    throw_out_of_range(where, parameter, frequency_hz[i], "Hz", expected);
}

} // namespace iemlab::inline v0

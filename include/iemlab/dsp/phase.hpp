#pragma once
/// @file
/// @brief Phase utilities: wrapping, unwrapping and group delay on arbitrary frequency grids.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::dsp {

/// Wraps an angle in radians into (−π, π].
inline double wrap_phase(double radians) noexcept {
    constexpr double two_pi = 2 * std::numbers::pi;
    double r = std::remainder(radians, two_pi); // [−π, π]
    if (r <= -std::numbers::pi) r += two_pi;
    return r;
}

/// Wraps an angle in degrees into (−180, 180].
inline double wrap_phase_deg(double degrees) noexcept {
    double r = std::remainder(degrees, 360.0);
    if (r <= -180.0) r += 360.0;
    return r;
}

/// Unwraps a phase sequence in place: adds the multiple of `period` that makes every step between neighbours
/// lie in (−period/2, period/2]. The first value is kept, so the result starts where the input starts.
/// `period` is 2π for radians and 360 for degrees.
inline void unwrap_phase_in_place(std::span<double> phase, double period = 2 * std::numbers::pi) {
    if (!(period > 0) || !std::isfinite(period))
        throw_out_of_range("unwrap_phase", "period", period, "", "a finite period > 0 (2π or 360)");
    if (phase.empty()) return;
    double previous_original = phase[0];
    for (std::size_t i = 1; i < phase.size(); ++i) {
        const double original = phase[i];
        // Steps are reduced with remainder (not a loop), so a huge jump costs the same as a small one.
        double step = std::remainder(original - previous_original, period);
        if (step <= -period / 2) step += period;
        phase[i] = phase[i - 1] + step;
        previous_original = original;
    }
}

/// Unwrapped copy of a phase sequence in radians (see unwrap_phase_in_place()).
inline std::vector<double> unwrap_phase(std::span<const double> phase_rad) {
    std::vector<double> out(phase_rad.begin(), phase_rad.end());
    unwrap_phase_in_place(out);
    return out;
}

/// Unwrapped copy of a phase sequence in degrees.
inline std::vector<double> unwrap_phase_deg(std::span<const double> phase_deg) {
    std::vector<double> out(phase_deg.begin(), phase_deg.end());
    unwrap_phase_in_place(out, 360.0);
    return out;
}

/// Group delay τ(f) = −dφ/dω in seconds from a phase in radians on a strictly increasing grid (any spacing).
///
/// The phase is unwrapped first. Interior points use the three-point derivative of the parabola through each
/// point and its neighbours (second-order accurate on non-uniform grids); the ends use one-sided differences.
/// A single point gives 0.
inline std::vector<double> group_delay(std::span<const double> frequency_hz, std::span<const double> phase_rad) {
    constexpr const char* where = "group_delay";
    if (phase_rad.size() != frequency_hz.size())
        throw_out_of_range(where, "phase.size()", double(phase_rad.size()), "",
                           "as many phases as frequencies (" + std::to_string(frequency_hz.size()) + ")");
    require_valid_grid(where, "frequency", frequency_hz, {.empty_allowed = true});
    for (std::size_t i = 0; i < frequency_hz.size(); ++i) {
        if (!std::isfinite(phase_rad[i]))
            throw_out_of_range(where, "phase[" + std::to_string(i) + "]", phase_rad[i], "rad", "a finite phase");
    }
    const std::size_t n = frequency_hz.size();
    std::vector<double> tau(n, 0.0);
    if (n < 2) return tau;
    std::vector<double> phi(n);
    std::copy(phase_rad.begin(), phase_rad.end(), phi.begin());
    unwrap_phase_in_place(phi);
    const double two_pi = 2 * std::numbers::pi;
    tau[0] = -(phi[1] - phi[0]) / (two_pi * (frequency_hz[1] - frequency_hz[0]));
    tau[n - 1] = -(phi[n - 1] - phi[n - 2]) / (two_pi * (frequency_hz[n - 1] - frequency_hz[n - 2]));
    for (std::size_t i = 1; i + 1 < n; ++i) {
        const double h0 = frequency_hz[i] - frequency_hz[i - 1], h1 = frequency_hz[i + 1] - frequency_hz[i];
        // d/df of the interpolating parabola at the middle node (Fornberg weights for three points).
        const double derivative = (-h1 / (h0 * (h0 + h1))) * phi[i - 1] + ((h1 - h0) / (h0 * h1)) * phi[i] +
                                  (h0 / (h1 * (h0 + h1))) * phi[i + 1];
        tau[i] = -derivative / two_pi;
    }
    return tau;
}

} // namespace iemlab::inline v0::dsp

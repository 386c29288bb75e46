#pragma once
/// @file
/// @brief A frequency response on an arbitrary grid: frequencies, magnitude in dB and optional phase.

#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0 {

/// Frequencies (Hz, strictly increasing, >= 0) with magnitude in dB and, optionally, phase in degrees.
///
/// dB is the stored form because every file format the IEM community uses stores it and because averaging,
/// targets and smoothing mostly work on it; complex values are derived on demand when a phase exists.
class frequency_response {
public:
    /// An empty response.
    frequency_response() = default;

    /// Builds and validates a response; `phase_deg` may be empty (no phase) or as long as the frequencies.
    frequency_response(std::vector<double> frequency_hz, std::vector<double> magnitude_db,
                       std::vector<double> phase_deg = {}, std::string name = {})
        : frequency_hz_(std::move(frequency_hz)), magnitude_db_(std::move(magnitude_db)),
          phase_deg_(std::move(phase_deg)), name_(std::move(name)) {
        validate();
    }

    /// From complex values H(f): magnitude 20·log10|H| (floored at db_floor) and phase arg H in degrees.
    static frequency_response from_complex(std::span<const double> frequency_hz,
                                           std::span<const std::complex<double>> values, std::string name = {}) {
        if (values.size() != frequency_hz.size())
            throw_out_of_range("frequency_response::from_complex", "values.size()", double(values.size()), "",
                               "as many values as frequencies (" + std::to_string(frequency_hz.size()) + ")");
        std::vector<double> db(values.size()), phase(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
            db[i] = amplitude_to_db(std::abs(values[i]));
            phase[i] = std::arg(values[i]) * 180.0 / std::numbers::pi;
        }
        return {std::vector<double>(frequency_hz.begin(), frequency_hz.end()), std::move(db), std::move(phase),
                std::move(name)};
    }

    /// Number of frequency points.
    std::size_t size() const noexcept { return frequency_hz_.size(); }
    /// True when the response has no points.
    bool empty() const noexcept { return frequency_hz_.empty(); }
    /// True when a phase is stored.
    bool has_phase() const noexcept { return !phase_deg_.empty(); }
    /// Frequencies in Hz.
    const std::vector<double>& frequencies() const noexcept { return frequency_hz_; }
    /// Magnitudes in dB.
    const std::vector<double>& magnitude_db() const noexcept { return magnitude_db_; }
    /// Phases in degrees (empty when has_phase() is false).
    const std::vector<double>& phase_deg() const noexcept { return phase_deg_; }
    /// Free-form label (file name, IEM model) used by plots and reports.
    const std::string& name() const noexcept { return name_; }
    /// Sets the label.
    void set_name(std::string name) { name_ = std::move(name); }

    /// Linear magnitude at point i.
    double magnitude(std::size_t i) const noexcept { return db_to_amplitude(magnitude_db_[i]); }
    /// Complex value at point i (zero phase when none is stored).
    std::complex<double> complex_value(std::size_t i) const noexcept {
        const double phase = has_phase() ? phase_deg_[i] * std::numbers::pi / 180.0 : 0.0;
        return std::polar(magnitude(i), phase);
    }
    /// All complex values (zero phase when none is stored).
    std::vector<std::complex<double>> complex_values() const {
        std::vector<std::complex<double>> h(size());
        for (std::size_t i = 0; i < size(); ++i) h[i] = complex_value(i);
        return h;
    }

    /// A copy with `gain_db` added to every magnitude (phase unchanged).
    frequency_response with_gain(double gain_db) const {
        if (!std::isfinite(gain_db)) throw_out_of_range("frequency_response::with_gain", "gain", gain_db, "dB", "a finite gain");
        frequency_response r = *this;
        for (double& m : r.magnitude_db_) m += gain_db;
        return r;
    }

    /// Magnitude in dB at `f_hz`, interpolated linearly in log-frequency; held constant beyond the ends.
    double db_at(double f_hz) const {
        if (empty()) throw_invalid("frequency_response::db_at", "response", "is empty");
        if (!(f_hz > 0) || !std::isfinite(f_hz)) throw_out_of_range("frequency_response::db_at", "f", f_hz, "Hz", "f > 0");
        const auto& f = frequency_hz_;
        if (f_hz <= f.front()) return magnitude_db_.front();
        if (f_hz >= f.back()) return magnitude_db_.back();
        std::size_t lo = 0, hi = f.size() - 1;
        while (hi - lo > 1) {
            const std::size_t mid = (lo + hi) / 2;
            (f[mid] <= f_hz ? lo : hi) = mid;
        }
        const double x0 = f[lo] > 0 ? std::log(f[lo]) : std::log(f[hi]) - 50.0; // DC bin: treat as far below
        const double t = (std::log(f_hz) - x0) / (std::log(f[hi]) - x0);
        return magnitude_db_[lo] + t * (magnitude_db_[hi] - magnitude_db_[lo]);
    }

private:
    void validate() const {
        constexpr const char* where = "frequency_response";
        if (magnitude_db_.size() != frequency_hz_.size())
            throw_out_of_range(where, "magnitude_db.size()", double(magnitude_db_.size()), "",
                               "as many magnitudes as frequencies (" + std::to_string(frequency_hz_.size()) + ")");
        if (!phase_deg_.empty() && phase_deg_.size() != frequency_hz_.size())
            throw_out_of_range(where, "phase_deg.size()", double(phase_deg_.size()), "",
                               "0 or as many phases as frequencies (" + std::to_string(frequency_hz_.size()) + ")");
        require_valid_grid(where, "frequency", frequency_hz_, {.empty_allowed = true});
        for (std::size_t i = 0; i < frequency_hz_.size(); ++i) {
            if (!std::isfinite(magnitude_db_[i]))
                throw_out_of_range(where, "magnitude_db[" + std::to_string(i) + "]", magnitude_db_[i], "dB", "a finite level");
            if (!phase_deg_.empty() && !std::isfinite(phase_deg_[i]))
                throw_out_of_range(where, "phase_deg[" + std::to_string(i) + "]", phase_deg_[i], "deg", "a finite phase");
        }
    }

    std::vector<double> frequency_hz_;
    std::vector<double> magnitude_db_;
    std::vector<double> phase_deg_;
    std::string name_;
};

} // namespace iemlab::inline v0

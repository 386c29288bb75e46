#pragma once
/// @file
/// @brief Measuring a driver's impedance from a sweep recorded across a sense resistor, as REW does: two channels
/// recorded at once, each deconvolved by the sweep (dsp::deconvolver), gated to the linear response (which also
/// drops the harmonics a synchronized sweep puts at negative time), transformed (dsp::real_fft_plan), and divided.
///
/// Wiring (series sense resistor R between the source and the driver):
/// - driver_and_resistor: channel A across the driver, channel B across R: Z = R·V_A/V_B;
/// - total_and_driver: channel A across the driver, channel B across R + driver (the source output):
///   Z = R·V_A/(V_B − V_A).
/// The sweep cancels in the ratio (both channels share one inverse); deconvolving first is what allows the gate.

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/dsp/deconvolve.hpp"
#include "iemlab/dsp/real_fft.hpp"
#include "iemlab/dsp/sweep.hpp"
#include "iemlab/electroacoustics/driver_model.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::electroacoustics {

/// Which two voltages were recorded (see the file note).
enum class sense_wiring {
    driver_and_resistor, ///< A across the driver, B across the sense resistor: Z = R·V_A/V_B
    total_and_driver     ///< A across the driver, B across resistor + driver: Z = R·V_A/(V_B − V_A)
};

/// Plan: impedance from two-channel sweep recordings of one length. Immutable; execute() allocates nothing.
class sense_resistor_impedance {
public:
    /// `plan` deconvolves one channel (its recording_length() is the length of each channel);
    /// `sense_resistance_ohm` is R (> 0); the linear response is kept for `gate_s` seconds after t = 0 (half-Hann
    /// fade over its last fifth) plus `pre_s` before it: the band-limited pulse rings before t = 0 for tens of ms
    /// at a low band edge, and cutting that ringing costs LF accuracy. `pre_s` < 0 (default) chooses half the
    /// lead of the 2nd harmonic, L·ln2/2, for a sweep plan (harmonics sit at −L·ln n), else 2 ms.
    /// @throws iemlab::error for R <= 0 or a gate that does not fit the deconvolved length.
    sense_resistor_impedance(dsp::deconvolver<double> plan, double sense_resistance_ohm,
                             sense_wiring wiring = sense_wiring::driver_and_resistor, double gate_s = 0.3,
                             double pre_s = -1)
        : plan_(std::move(plan)), fft_(plan_.fft_size()), r_(sense_resistance_ohm), wiring_(wiring) {
        constexpr const char* where = "sense_resistor_impedance";
        require_positive(where, "sense_resistance", r_, "ohm");
        const double rate = plan_.rate_hz();
        require_positive(where, "gate", gate_s, "s");
        if (pre_s < 0) {
            const auto& sweep = plan_.sweep();
            pre_s = sweep && sweep->rate_constant_s > 0 ? 0.5 * sweep->rate_constant_s * std::numbers::ln2 : 0.002;
        }
        require_in_range(where, "pre", pre_s, 0.0, 1.0, "s");
        gate_ = static_cast<std::size_t>(std::lround(gate_s * rate));
        pre_ = static_cast<std::size_t>(std::lround(pre_s * rate));
        if (gate_ < 8 || gate_ + pre_ > plan_.fft_size())
            throw_out_of_range(where, "gate", gate_s, "s",
                               "at least 8 samples, and gate + pre <= the deconvolved length " +
                                   format_number(double(plan_.fft_size()) / rate) + " s");
        window_.resize(plan_.fft_size());
        std::fill(window_.begin(), window_.end(), 0.0);
        const std::size_t fade = std::max<std::size_t>(gate_ / 5, 1);
        for (std::size_t i = 0; i < gate_; ++i) {
            const std::size_t into_fade = i + fade >= gate_ ? i + fade - gate_ + 1 : 0;
            window_[i] = into_fade == 0 ? 1.0 : 0.5 * (1 + std::cos(std::numbers::pi * double(into_fade) / double(fade)));
        }
        for (std::size_t i = 0; i < pre_; ++i) // half-Hann fade-in over the pre part, at the end of the buffer
            window_[plan_.fft_size() - pre_ + i] = 0.5 * (1 - std::cos(std::numbers::pi * double(i + 1) / double(pre_ + 1)));
    }

    /// Samples each channel must have.
    std::size_t recording_length() const noexcept { return plan_.recording_length(); }
    /// Number of frequency bins execute() writes: fft_size/2 + 1, bin k at k·rate/fft_size.
    std::size_t bins() const noexcept { return fft_.bins(); }
    /// Frequency of bin k, Hz.
    double bin_frequency(std::size_t k) const noexcept { return double(k) * plan_.rate_hz() / double(plan_.fft_size()); }
    /// Elements of double the scratch span must hold.
    std::size_t scratch_size() const noexcept {
        return 2 * plan_.fft_size() + 4 * bins() + std::max(plan_.scratch_size(), fft_.scratch_size());
    }

    /// Impedance at every bin from channel recordings `a` and `b` (see sense_wiring) into `z` (bins() values);
    /// bins where the denominator vanishes (no excitation: DC, or exactly equal channels) get 0.
    /// @throws iemlab::error on wrong span sizes or non-finite samples.
    void execute(std::span<const double> a, std::span<const double> b, std::span<std::complex<double>> z,
                 std::span<double> scratch) const {
        constexpr const char* where = "sense_resistor_impedance::execute";
        if (z.size() != bins())
            throw_out_of_range(where, "z.size()", double(z.size()), "", "bins() = " + std::to_string(bins()));
        if (scratch.size() < scratch_size())
            throw_out_of_range(where, "scratch.size()", double(scratch.size()), "",
                               "at least scratch_size() = " + std::to_string(scratch_size()));
        const std::size_t n = plan_.fft_size(), nb = bins();
        const std::span<double> ir_a = scratch.subspan(0, n), ir_b = scratch.subspan(n, n);
        const std::span<double> re_a = scratch.subspan(2 * n, nb), im_a = scratch.subspan(2 * n + nb, nb);
        const std::span<double> re_b = scratch.subspan(2 * n + 2 * nb, nb), im_b = scratch.subspan(2 * n + 3 * nb, nb);
        const std::span<double> rest = scratch.subspan(2 * n + 4 * nb);
        plan_.execute(a, ir_a, rest.subspan(0, plan_.scratch_size()));
        plan_.execute(b, ir_b, rest.subspan(0, plan_.scratch_size()));
        for (std::size_t i = 0; i < n; ++i) ir_a[i] *= window_[i], ir_b[i] *= window_[i];
        fft_.forward(ir_a, re_a, im_a, rest.subspan(0, fft_.scratch_size()));
        fft_.forward(ir_b, re_b, im_b, rest.subspan(0, fft_.scratch_size()));
        for (std::size_t k = 0; k < nb; ++k) {
            const std::complex<double> va{re_a[k], im_a[k]}, vb{re_b[k], im_b[k]};
            const std::complex<double> den = wiring_ == sense_wiring::driver_and_resistor ? vb : vb - va;
            z[k] = std::abs(den) > 1e-300 ? r_ * va / den : std::complex<double>{};
        }
    }

    /// execute() into new buffers, then the impedance interpolated onto `frequency_hz` (inside the sweep's band)
    /// as a measured_impedance named `name`.
    measured_impedance measure(std::span<const double> a, std::span<const double> b, std::span<const double> frequency_hz,
                               std::string name = "sense-resistor measurement") const {
        aligned_buffer<double> scratch(scratch_size());
        std::vector<std::complex<double>> z(bins());
        execute(a, b, z, scratch.span());
        std::vector<double> f;
        std::vector<std::complex<double>> zb;
        for (std::size_t k = 1; k < z.size(); ++k)
            if (std::abs(z[k]) > 0) f.push_back(bin_frequency(k)), zb.push_back(z[k]);
        const measured_impedance bins_curve(std::move(f), std::move(zb), name);
        std::vector<std::complex<double>> out(frequency_hz.size());
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = bins_curve.at(frequency_hz[i]);
        return {std::vector<double>(frequency_hz.begin(), frequency_hz.end()), std::move(out), std::move(name)};
    }

private:
    dsp::deconvolver<double> plan_;
    dsp::real_fft_plan<double> fft_;
    double r_;
    sense_wiring wiring_;
    std::size_t gate_ = 0, pre_ = 0;
    std::vector<double> window_;
};

/// Parses "driver-and-resistor" or "total-and-driver" (the CLI's --wiring). @throws iemlab::error naming `parameter`.
inline sense_wiring parse_sense_wiring(std::string_view text, std::string_view parameter = "wiring") {
    if (text == "driver-and-resistor") return sense_wiring::driver_and_resistor;
    if (text == "total-and-driver") return sense_wiring::total_and_driver;
    throw error(std::string(parameter) + ": '" + std::string(text) +
                "' is not driver-and-resistor (A across the driver, B across the resistor) or total-and-driver (A "
                "across the driver, B across resistor + driver)");
}

/// The impedance from a sweep file and a two-channel recording across a sense resistor, as `iemlab impedance`
/// measures it: the sweep's plan from its iemlab metadata (`sweep_comment`; synchronized: the synchronized
/// inverse, exponential: Farina's) or, for a sweep file without it, Kirkeby's regularised inverse of its samples
/// over 20 Hz … min(20 kHz, 0.45·rate); then sense_resistor_impedance on `a` and `b` (one recording length),
/// interpolated onto `frequency_hz`. @throws iemlab::error on a linear sweep with metadata, lengths that do not
/// fit, R <= 0.
inline measured_impedance measure_impedance_from_sweep(std::span<const double> sweep_samples, double rate_hz,
                                                       std::string_view sweep_comment, std::span<const double> a,
                                                       std::span<const double> b, double sense_resistance_ohm,
                                                       sense_wiring wiring, std::span<const double> frequency_hz,
                                                       std::string name) {
    if (a.size() != b.size())
        throw_out_of_range("measure_impedance_from_sweep", "b.size()", double(b.size()), "", "a.size() = " + std::to_string(a.size()));
    std::optional<dsp::deconvolver<double>> plan;
    if (dsp::swept_sine::has_metadata(sweep_comment)) {
        const auto sweep = dsp::swept_sine::from_metadata(sweep_comment);
        if (sweep.type() == dsp::sweep_type::synchronized)
            plan.emplace(dsp::deconvolver<double>::synchronized(sweep, a.size(), sweep_samples));
        else plan.emplace(dsp::deconvolver<double>::farina(sweep, a.size(), sweep_samples));
    } else {
        plan.emplace(dsp::deconvolver<double>::kirkeby(sweep_samples, rate_hz, a.size(), 20.0, std::min(20000.0, 0.45 * rate_hz)));
    }
    const sense_resistor_impedance measurement(std::move(*plan), sense_resistance_ohm, wiring);
    return measurement.measure(a, b, frequency_hz, std::move(name));
}

} // namespace iemlab::inline v0::electroacoustics

#pragma once
/// @file
/// @brief Minimum phase from a magnitude (real cepstrum, using the FFT) and excess phase / excess group delay.
///
/// A stable, causal system whose zeros are all inside the unit circle has ln H = ln|H| + j·arg H with the two
/// parts a Hilbert pair. The real cepstrum c = IDFT(ln|H|) is even; folding it onto n >= 0
/// (c[0], 2·c[1…N/2−1], c[N/2], zeros) and transforming back gives ln H_min, whose imaginary part is the
/// minimum phase — already unwrapped (Oppenheim & Schafer, Discrete-Time Signal Processing, 3rd ed., §13.5).
/// The cepstrum is periodic in N, so the FFT length must be long enough for it to decay: the error falls like
/// r^(N/2) for the largest pole/zero radius r (a 1 kHz, Q 2 peak at 48 kHz: r ≈ 0.97, N = 8192 is exact to
/// rounding).

#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/fft.hpp"
#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/dsp/phase.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::dsp {

/// Cepstral minimum-phase plan for one FFT length, on the bins 0…N/2 of an N-point real FFT. Immutable;
/// execute() allocates nothing.
class minimum_phase_plan {
public:
    /// Plans an FFT of `fft_size` points (even, >= 4; a fast size, see next_fast_size(), runs fastest).
    explicit minimum_phase_plan(std::size_t fft_size) : fft_(checked(fft_size)) {}

    /// FFT length N.
    std::size_t fft_size() const noexcept { return fft_.size(); }
    /// Bins N/2 + 1 the spans of execute() hold.
    std::size_t bins() const noexcept { return fft_.bins(); }
    /// Doubles of scratch execute() needs.
    std::size_t scratch_size() const noexcept { return fft_.scratch_size() + 2 * bins() + fft_.size(); }

    /// Minimum phase (radians, continuous from 0 at DC) of the magnitude `magnitude_db` given at bins 0…N/2.
    void execute(std::span<const double> magnitude_db, std::span<double> phase_rad, std::span<double> scratch) const {
        constexpr const char* where = "minimum_phase_plan::execute";
        if (magnitude_db.size() != bins())
            throw_out_of_range(where, "magnitude_db.size()", double(magnitude_db.size()), "", "bins() = " + std::to_string(bins()));
        if (phase_rad.size() != bins())
            throw_out_of_range(where, "phase_rad.size()", double(phase_rad.size()), "", "bins() = " + std::to_string(bins()));
        if (scratch.size() < scratch_size())
            throw_out_of_range(where, "scratch.size()", double(scratch.size()), "", ">= scratch_size() = " + std::to_string(scratch_size()));
        const std::size_t n = fft_.size(), b = bins();
        std::span<double> re = scratch.subspan(0, b), im = scratch.subspan(b, b), cep = scratch.subspan(2 * b, n),
                          fft_scratch = scratch.subspan(2 * b + n);
        // ln|H|, floored like every level in iemlab so that an exact zero gives a deep notch, not −inf.
        constexpr double ln10_20 = std::numbers::ln10 / 20.0;
        for (std::size_t k = 0; k < b; ++k) {
            re[k] = std::max(magnitude_db[k], db_floor) * ln10_20;
            im[k] = 0;
        }
        fft_.inverse(re, im, cep, fft_scratch); // real cepstrum, even in n
        for (std::size_t i = 1; i < n / 2; ++i) cep[i] *= 2;
        for (std::size_t i = n / 2 + 1; i < n; ++i) cep[i] = 0;
        fft_.forward(cep, re, im, fft_scratch); // ln H_min = re + j·im
        for (std::size_t k = 0; k < b; ++k) phase_rad[k] = im[k];
    }

private:
    static std::size_t checked(std::size_t n) {
        if (n < 4 || n % 2 != 0)
            throw_out_of_range("minimum_phase_plan", "fft_size", double(n), "", "an even size >= 4");
        return n;
    }
    real_fft_plan<double> fft_;
};

/// `response` with its magnitude kept and its phase replaced by the minimum phase of that magnitude.
///
/// The level is resampled (linear in ln f) onto the bins of an `fft_size`-point FFT at `sample_rate_hz`, holding
/// the end values outside the data (so the result depends on what the data leave out: measure wide, or the
/// phase near the band edges is only as good as the held ends), the minimum phase is computed there and read
/// back at the response's frequencies (cubic in f between bins). `sample_rate_hz` must exceed twice the highest frequency.
inline frequency_response minimum_phase(const frequency_response& response, double sample_rate_hz = 48000.0,
                                        std::size_t fft_size = 65536) {
    constexpr const char* where = "minimum_phase";
    if (response.empty()) throw_invalid(where, "response", "is empty");
    require_positive(where, "sample_rate", sample_rate_hz, "Hz");
    if (!(response.frequencies().back() <= sample_rate_hz / 2))
        throw_out_of_range(where, "sample_rate", sample_rate_hz, "Hz",
                           ">= twice the highest frequency, " + format_number(2 * response.frequencies().back()) + " Hz");
    const minimum_phase_plan plan(fft_size);
    const std::vector<double> bins = fft_bin_grid(plan.fft_size(), sample_rate_hz);
    const std::vector<double> db = interpolate_log(response.frequencies(), response.magnitude_db(), bins);
    std::vector<double> phase(bins.size()), scratch(plan.scratch_size());
    plan.execute(db, phase, scratch);
    // Back to the response's frequencies by a cubic (Catmull-Rom) in f: on the uniform bin grid the phase is
    // smooth in f, and a curve with a continuous slope keeps the group delay continuous between bins (a
    // straight line per bin would make it a staircase, which a fine log grid at low frequencies resolves).
    const double bin_hz = sample_rate_hz / double(plan.fft_size());
    const std::size_t last = bins.size() - 1;
    auto p = [&](std::ptrdiff_t k) { // beyond the ends: the end segment's line continued
        if (k < 0) return phase[0] - double(-k) * (phase[1] - phase[0]);
        if (std::size_t(k) > last) return phase[last] + double(std::size_t(k) - last) * (phase[last] - phase[last - 1]);
        return phase[std::size_t(k)];
    };
    std::vector<double> back(response.size());
    for (std::size_t i = 0; i < back.size(); ++i) {
        const double x = response.frequencies()[i] / bin_hz;
        const auto k = static_cast<std::ptrdiff_t>(std::min(static_cast<std::size_t>(x), last - 1));
        const double t = x - double(k);
        const double p0 = p(k - 1), p1 = p(k), p2 = p(k + 1), p3 = p(k + 2);
        const double value = p1 + 0.5 * t * (p2 - p0 + t * (2 * p0 - 5 * p1 + 4 * p2 - p3 + t * (3 * (p1 - p2) + p3 - p0)));
        back[i] = wrap_phase_deg(value * 180.0 / std::numbers::pi);
    }
    return {response.frequencies(), response.magnitude_db(), std::move(back), response.name()};
}

/// Excess phase in radians: measured phase − minimum phase, unwrapped from the lowest frequency (where it is
/// taken within (−π, π]). For a minimum-phase system times a delay τ it is −2π·f·τ; for an allpass section,
/// the allpass phase. `response` must have a phase; `min_phase_deg` is minimum_phase(response).phase_deg().
inline std::vector<double> excess_phase(const frequency_response& response, std::span<const double> min_phase_deg) {
    constexpr const char* where = "excess_phase";
    if (!response.has_phase()) throw_invalid(where, "response", "has no phase");
    if (min_phase_deg.size() != response.size())
        throw_out_of_range(where, "min_phase.size()", double(min_phase_deg.size()), "",
                           "as many phases as frequencies (" + std::to_string(response.size()) + ")");
    std::vector<double> excess(response.size());
    for (std::size_t i = 0; i < excess.size(); ++i)
        excess[i] = wrap_phase((response.phase_deg()[i] - min_phase_deg[i]) * std::numbers::pi / 180.0);
    unwrap_phase_in_place(excess);
    return excess;
}

/// Excess phase of `response` against the minimum phase of its own magnitude (see minimum_phase()).
inline std::vector<double> excess_phase(const frequency_response& response, double sample_rate_hz = 48000.0,
                                        std::size_t fft_size = 65536) {
    const frequency_response min = minimum_phase(response, sample_rate_hz, fft_size);
    return excess_phase(response, min.phase_deg());
}

/// Excess group delay in seconds: group_delay() of the excess phase (the bulk delay of a measurement, and any
/// allpass behaviour, without the minimum-phase part).
inline std::vector<double> excess_group_delay(const frequency_response& response, double sample_rate_hz = 48000.0,
                                              std::size_t fft_size = 65536) {
    return group_delay(response.frequencies(), excess_phase(response, sample_rate_hz, fft_size));
}

} // namespace iemlab::inline v0::dsp

#pragma once
/// @file
/// @brief Biquad filters with the RBJ Audio EQ Cookbook formulas and Equalizer APO's parameter conventions
/// (peaking PK, low shelf LSC and high shelf HSC with Q, low pass LPQ and high pass HPQ), and the response of a
/// cascade across a frequency grid (magnitude SIMD across frequency, complex response for the phase).
///
/// Coefficients (Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter coefficients"): with
/// A = 10^(gain/40), ω0 = 2π·fc/fs, α = sin ω0/(2Q), normalised to a0 = 1. Equalizer APO's PK, LSC, HSC, LPQ and
/// HPQ filters are these, with Fc in Hz, Gain in dB and Q as given; its LP and HP are LPQ/HPQ at Q = 1/√2.

#include "iemlab/core/error.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/core/simd_dispatch.hpp"
#include "iemlab/dsp/detail/biquad_kernels.hpp"

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0::dsp {

/// The kinds of biquad.
enum class biquad_type {
    peaking,    ///< peaking (bell) filter, Equalizer APO "PK"
    low_shelf,  ///< low shelf with Q, Equalizer APO "LSC"
    high_shelf, ///< high shelf with Q, Equalizer APO "HSC"
    low_pass,   ///< second-order low pass with Q, Equalizer APO "LPQ" ("LP" at Q = 1/√2)
    high_pass,  ///< second-order high pass with Q, Equalizer APO "HPQ" ("HP" at Q = 1/√2)
};

/// Equalizer APO's name of a type: "PK", "LSC", "HSC", "LPQ", "HPQ".
inline std::string_view biquad_type_code(biquad_type type) noexcept {
    switch (type) {
    case biquad_type::peaking: return "PK";
    case biquad_type::low_shelf: return "LSC";
    case biquad_type::high_shelf: return "HSC";
    case biquad_type::low_pass: return "LPQ";
    case biquad_type::high_pass: return "HPQ";
    }
    return "PK";
}

/// The type named `code` ("PK", "LSC", "HSC", "LPQ", "HPQ"; also "LP", "HP"), or nothing.
inline std::optional<biquad_type> biquad_type_from_code(std::string_view code) noexcept {
    if (code == "PK") return biquad_type::peaking;
    if (code == "LSC") return biquad_type::low_shelf;
    if (code == "HSC") return biquad_type::high_shelf;
    if (code == "LPQ" || code == "LP") return biquad_type::low_pass;
    if (code == "HPQ" || code == "HP") return biquad_type::high_pass;
    return std::nullopt;
}

/// One filter as a user sets it: type, corner or centre frequency, gain (ignored by pass filters) and Q.
struct biquad_filter {
    biquad_type type = biquad_type::peaking; ///< kind
    double fc_hz = 1000;                     ///< centre (PK) or corner frequency, Hz
    double gain_db = 0;                      ///< gain at fc (PK), below fc (LSC), above fc (HSC); dB
    double q = std::numbers::sqrt2 / 2;      ///< quality factor (cookbook Q)
    bool operator==(const biquad_filter&) const = default; ///< member-wise equality
};

/// Normalised coefficients (a0 = 1) of H(z) = (b0 + b1 z⁻¹ + b2 z⁻²)/(1 + a1 z⁻¹ + a2 z⁻²).
struct biquad_coefficients {
    double b0 = 1; ///< feed-forward z⁰
    double b1 = 0; ///< feed-forward z⁻¹
    double b2 = 0; ///< feed-forward z⁻²
    double a1 = 0; ///< feedback z⁻¹
    double a2 = 0; ///< feedback z⁻²
};

/// Throws iemlab::error unless 0 < fc < fs/2, 0 < Q <= 100, |gain| <= 60 dB and fs is positive and finite.
inline void validate_biquad(const biquad_filter& f, double fs_hz, std::string_view where = "biquad") {
    require_in_range(where, "fs", fs_hz, 1, 1e7, "Hz");
    if (!(std::isfinite(f.fc_hz) && f.fc_hz > 0 && f.fc_hz < fs_hz / 2))
        throw_out_of_range(where, "fc", f.fc_hz, "Hz", "0 < fc < fs/2 = " + format_number(fs_hz / 2) + " Hz");
    require_in_range(where, "q", f.q, 1e-3, 100, "");
    require_in_range(where, "gain", f.gain_db, -60, 60, "dB");
}

/// The RBJ cookbook coefficients of `f` at sample rate `fs_hz` (validated, see validate_biquad()).
inline biquad_coefficients cookbook_coefficients(const biquad_filter& f, double fs_hz) {
    validate_biquad(f, fs_hz, "cookbook_coefficients");
    const double w0 = 2 * std::numbers::pi * f.fc_hz / fs_hz, cw = std::cos(w0), alpha = std::sin(w0) / (2 * f.q);
    const double a = std::pow(10.0, f.gain_db / 40.0), sa = 2 * std::sqrt(a) * alpha;
    double b0 = 1, b1 = 0, b2 = 0, a0 = 1, a1 = 0, a2 = 0;
    switch (f.type) {
    case biquad_type::peaking:
        b0 = 1 + alpha * a, b1 = -2 * cw, b2 = 1 - alpha * a;
        a0 = 1 + alpha / a, a1 = -2 * cw, a2 = 1 - alpha / a;
        break;
    case biquad_type::low_shelf:
        b0 = a * ((a + 1) - (a - 1) * cw + sa), b1 = 2 * a * ((a - 1) - (a + 1) * cw), b2 = a * ((a + 1) - (a - 1) * cw - sa);
        a0 = (a + 1) + (a - 1) * cw + sa, a1 = -2 * ((a - 1) + (a + 1) * cw), a2 = (a + 1) + (a - 1) * cw - sa;
        break;
    case biquad_type::high_shelf:
        b0 = a * ((a + 1) + (a - 1) * cw + sa), b1 = -2 * a * ((a - 1) + (a + 1) * cw), b2 = a * ((a + 1) + (a - 1) * cw - sa);
        a0 = (a + 1) - (a - 1) * cw + sa, a1 = 2 * ((a - 1) - (a + 1) * cw), a2 = (a + 1) - (a - 1) * cw - sa;
        break;
    case biquad_type::low_pass:
        b0 = (1 - cw) / 2, b1 = 1 - cw, b2 = (1 - cw) / 2;
        a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
        break;
    case biquad_type::high_pass:
        b0 = (1 + cw) / 2, b1 = -(1 + cw), b2 = (1 + cw) / 2;
        a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
        break;
    }
    return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

/// H(e^{jω}) of `c` at `f_hz` (ω = 2π·f/fs).
inline std::complex<double> biquad_response(const biquad_coefficients& c, double f_hz, double fs_hz) noexcept {
    const std::complex<double> z1 = std::polar(1.0, -2 * std::numbers::pi * f_hz / fs_hz), z2 = z1 * z1;
    return (c.b0 + c.b1 * z1 + c.b2 * z2) / (1.0 + c.a1 * z1 + c.a2 * z2);
}

/// A frequency grid prepared for biquad evaluation at one sample rate: sin²(ω/2) per point. Immutable;
/// add_db() allocates nothing, so one grid serves many threads.
class biquad_grid {
public:
    /// Prepares `frequency_hz` (each 0 <= f <= fs/2) for sample rate `fs_hz`.
    biquad_grid(std::span<const double> frequency_hz, double fs_hz) : fs_(fs_hz), f_(frequency_hz.begin(), frequency_hz.end()) {
        require_in_range("biquad_grid", "fs", fs_hz, 1, 1e7, "Hz");
        s_.resize(f_.size());
        for (std::size_t i = 0; i < f_.size(); ++i) {
            if (!(f_[i] >= 0 && f_[i] <= fs_hz / 2))
                throw_out_of_range("biquad_grid", "frequency", f_[i], "Hz",
                                   "0 <= f <= fs/2 = " + format_number(fs_hz / 2) + " Hz");
            const double half = std::sin(std::numbers::pi * f_[i] / fs_hz);
            s_[i] = half * half;
        }
    }
    /// The sample rate, Hz.
    double sample_rate() const noexcept { return fs_; }
    /// The frequencies, Hz.
    const std::vector<double>& frequencies() const noexcept { return f_; }
    /// Number of points.
    std::size_t size() const noexcept { return f_.size(); }
    /// out[i] += 20·log10|H(f_i)| for coefficients `c` (levels floored at −300 dB).
    void add_db(const biquad_coefficients& c, std::span<double> out, simd_level level = default_simd_level()) const {
        if (out.size() != f_.size())
            throw_out_of_range("biquad_grid::add_db", "out.size()", double(out.size()), "",
                               "the grid's size " + std::to_string(f_.size()));
        const double k[5] = {c.b0, c.b1, c.b2, c.a1, c.a2};
        simd_dispatch(level, detail::biquad_add_db{}, k, s_.data(), out.data(), out.size());
    }
    /// out[i] += 20·log10|H(f_i)| for filter `f` at this grid's sample rate.
    void add_db(const biquad_filter& f, std::span<double> out, simd_level level = default_simd_level()) const {
        add_db(cookbook_coefficients(f, fs_), out, level);
    }

private:
    double fs_;
    std::vector<double> f_, s_;
};

/// Level in dB of the cascade of `filters` at each of `frequency_hz` (SIMD across frequency).
inline std::vector<double> cascade_magnitude_db(std::span<const biquad_filter> filters, std::span<const double> frequency_hz,
                                                double fs_hz, simd_level level = default_simd_level()) {
    const biquad_grid grid(frequency_hz, fs_hz);
    std::vector<double> out(frequency_hz.size(), 0.0);
    for (const auto& f : filters) grid.add_db(f, out, level);
    return out;
}

/// Complex response of the cascade of `filters` at each of `frequency_hz` (magnitude and phase).
inline std::vector<std::complex<double>> cascade_response(std::span<const biquad_filter> filters,
                                                          std::span<const double> frequency_hz, double fs_hz) {
    std::vector<std::complex<double>> h(frequency_hz.size(), 1.0);
    for (const auto& f : filters) {
        const auto c = cookbook_coefficients(f, fs_hz);
        for (std::size_t i = 0; i < h.size(); ++i) h[i] *= biquad_response(c, frequency_hz[i], fs_hz);
    }
    return h;
}

} // namespace iemlab::inline v0::dsp

#pragma once
/// @file
/// @brief Swept sines for transfer-function and distortion measurement: the synchronized sweep (Novak, the
/// default), the exponential sweep (Farina) and the linear sweep; fades, float/double output, and the text that
/// stores a sweep's parameters in an audio file's comment.
///
/// Formulas: Farina 2000, Novak et al. 2010 and 2015; margins and fades after Müller & Massarani 2001 and Farina 2007.

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/enum_name.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/core/units.hpp"
#include "iemlab/dsp/detail/sweep_kernels.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace iemlab::inline v0::dsp {

/// The three sweep families.
enum class sweep_type {
    synchronized, ///< Novak's synchronized swept sine: f1·L integer, harmonics at exact delays L·ln n
    exponential,  ///< Farina's exponential sweep with the requested duration (harmonic phases not meaningful)
    linear        ///< white linear sweep (no harmonic separation possible)
};

/// Name used on the command line and in file metadata ("synchronized", "exponential", "linear").
constexpr std::string_view to_string(sweep_type type) noexcept {
    switch (type) {
    case sweep_type::synchronized: return "synchronized";
    case sweep_type::exponential: return "exponential";
    case sweep_type::linear: return "linear";
    }
    return "synchronized";
}

/// Parses a sweep_type name; throws iemlab::error naming `parameter` otherwise.
inline sweep_type parse_sweep_type(std::string_view name, std::string_view parameter = "type") {
    return parse_enum_name("parse_sweep_type", parameter, name,
                           {sweep_type::synchronized, sweep_type::exponential, sweep_type::linear});
}

/// Optional shaping of a sweep: peak amplitude and fade lengths (empty = the family's default fade).
struct sweep_shape {
    double amplitude = 1.0;                 ///< peak amplitude, linear full scale (0 < amplitude <= 1)
    std::optional<units::time> fade_in{};   ///< half-Hann fade-in length (default: see swept_sine)
    std::optional<units::time> fade_out{};  ///< half-Hann fade-out length (default: see swept_sine)
};

/// Everything that fixes a generated sweep's samples, in plain SI numbers.
struct sweep_parameters {
    sweep_type type = sweep_type::synchronized; ///< family
    double f1_hz = 0;                           ///< start frequency, Hz
    double f2_hz = 0;                           ///< end frequency, Hz
    double duration_s = 0;                      ///< T, analytic duration (synchronized: after rounding), s
    double rate_hz = 0;                         ///< sample rate, Hz
    double rate_constant_s = 0;                 ///< L = T/ln(f2/f1), s (0 for linear sweeps)
    std::size_t length = 0;                     ///< number of samples N
    double fade_in_s = 0;                       ///< fade-in length, s
    double fade_out_s = 0;                      ///< fade-out length, s
    double amplitude = 1;                       ///< peak amplitude
};

/// A generated swept sine of one of the three families; the named classes below construct it.
///
/// Defaults: fade-in over half an octave (L·ln√2, Müller & Massarani 2001; Farina 2007) for the exponential families
/// and min(5 ms, T/10) for the linear sweep; fade-out over 100 periods of f2 (ITA's rule), at most T/10. Fades are
/// half-Hann (raised cosine). The synchronized sweep needs the fade-out: its end phase 2π·f2·L is generally
/// not a multiple of 2π.
class swept_sine {
public:
    /// The parameters that fix the samples.
    const sweep_parameters& parameters() const noexcept { return p_; }
    /// Family.
    sweep_type type() const noexcept { return p_.type; }
    /// Number of samples N.
    std::size_t size() const noexcept { return p_.length; }
    /// Sample rate, Hz.
    double rate_hz() const noexcept { return p_.rate_hz; }
    /// Rate constant L = T/ln(f2/f1) in s (0 for a linear sweep).
    double rate_constant_s() const noexcept { return p_.rate_constant_s; }

    /// Analytic instantaneous frequency at time t (s): f1·e^{t/L}, or f1 + (f2 − f1)·t/T for the linear sweep.
    double instantaneous_frequency(double t_s) const noexcept {
        if (p_.type == sweep_type::linear) return p_.f1_hz + (p_.f2_hz - p_.f1_hz) * t_s / p_.duration_s;
        return p_.f1_hz * std::exp(t_s / p_.rate_constant_s);
    }
    /// Time (s) at which the sweep passes frequency f (may lie outside [0, T]).
    double time_at_frequency(double f_hz) const noexcept {
        if (p_.type == sweep_type::linear) return (f_hz - p_.f1_hz) / (p_.f2_hz - p_.f1_hz) * p_.duration_s;
        return p_.rate_constant_s * std::log(f_hz / p_.f1_hz);
    }
    /// Delay L·ln(n) in s by which harmonic n leads the fundamental (synchronized sweep, Novak 2015), 0 for
    /// a linear sweep.
    double harmonic_delay_s(unsigned order) const noexcept {
        return p_.type == sweep_type::linear ? 0.0 : p_.rate_constant_s * std::log(static_cast<double>(order));
    }

    /// Writes the N samples (fades and amplitude applied) into `out`, computed at SIMD `level`.
    /// @throws iemlab::error if out.size() != size().
    template <class T>
    void generate(std::span<T> out, simd_level level = default_simd_level()) const {
        static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "float or double samples");
        if (out.size() != p_.length)
            throw_out_of_range("swept_sine::generate", "out.size()", static_cast<double>(out.size()), "",
                               "the sweep length " + std::to_string(p_.length));
        const double fs = p_.rate_hz;
        if (p_.type == sweep_type::linear) {
            const double alpha = p_.f1_hz / fs;
            const double beta = (p_.f2_hz - p_.f1_hz) / (2 * p_.duration_s * fs * fs);
            // A named kernel: a temporary would bind better to the level-less simd_dispatch overload.
            const detail::linear_sweep_kernel<T> kernel;
            simd_dispatch(level, kernel, out.data(), out.size(), 0.0, alpha, beta,
                          p_.amplitude);
        } else {
            const double a = p_.f1_hz * p_.rate_constant_s;
            const double offset = p_.type == sweep_type::exponential ? a : 0.0;
            const detail::exponential_sweep_kernel<T> kernel;
            simd_dispatch(level, kernel, out.data(), out.size(), 0.0, a,
                          1.0 / (p_.rate_constant_s * fs), offset, p_.amplitude);
        }
        apply_fades(out);
    }

    /// The N samples in a new buffer.
    template <class T>
    aligned_buffer<T> samples(simd_level level = default_simd_level()) const {
        aligned_buffer<T> out(p_.length);
        generate(out.span(), level);
        return out;
    }

    /// Number of samples of the fade-in and of the fade-out.
    std::size_t fade_in_samples() const noexcept { return fade_samples(p_.fade_in_s); }
    /// Number of samples of the fade-out.
    std::size_t fade_out_samples() const noexcept { return fade_samples(p_.fade_out_s); }

    /// One-line text with every parameter, stored in an audio file's comment so that deconvolution can
    /// rebuild the sweep: `iemlab-sweep type=synchronized f1=20 f2=20000 duration=… rate=48000 …`.
    std::string to_metadata() const {
        std::string s{metadata_tag};
        auto add = [&](std::string_view key, double value) {
            s.append(" ").append(key).append("=").append(format_number(value));
        };
        s.append(" type=").append(to_string(p_.type));
        add("f1", p_.f1_hz);
        add("f2", p_.f2_hz);
        add("duration", p_.duration_s);
        add("rate", p_.rate_hz);
        add("length", static_cast<double>(p_.length));
        add("L", p_.rate_constant_s);
        add("fade_in", p_.fade_in_s);
        add("fade_out", p_.fade_out_s);
        add("amplitude", p_.amplitude);
        return s;
    }

    /// The silence before the sweep, in samples, that a file's metadata record states (" lead_in=N" after
    /// to_metadata(), written by `iemlab sweep --lead-in`); 0 when the record has none.
    /// @throws iemlab::error when the value is not a whole number of samples.
    static std::size_t metadata_lead_in(std::string_view text) {
        const auto start = text.find(metadata_tag);
        if (start == text.npos) return 0;
        text.remove_prefix(start);
        if (const auto end = text.find_first_of("\n;"); end != text.npos) text = text.substr(0, end);
        const auto at = text.find(" lead_in=");
        if (at == text.npos) return 0;
        auto v = text.substr(at + 9);
        v = v.substr(0, v.find(' '));
        std::size_t n = 0;
        const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc{} || ptr != v.data() + v.size())
            throw_invalid("swept_sine::metadata_lead_in", "lead_in", std::string(1, '\'').append(v).append("' is not a whole number of samples"));
        return n;
    }

    /// True when `text` contains sweep metadata written by to_metadata().
    static bool has_metadata(std::string_view text) noexcept { return text.find(metadata_tag) != text.npos; }

    /// Rebuilds a sweep from to_metadata() text (found anywhere in `text`). The rebuilt sweep must have the
    /// stored length; otherwise, or when a field is missing or malformed, throws iemlab::error.
    static swept_sine from_metadata(std::string_view text) {
        constexpr std::string_view where = "swept_sine::from_metadata";
        const auto start = text.find(metadata_tag);
        if (start == text.npos) throw_invalid(where, "comment", "no '" + std::string(metadata_tag) + "' record");
        text.remove_prefix(start + metadata_tag.size());
        if (const auto end = text.find_first_of("\n;"); end != text.npos) text = text.substr(0, end);
        auto field = [&](std::string_view key) -> std::string_view {
            std::string pattern(1, ' ');
            pattern.append(key).append("=");
            const auto at = text.find(pattern);
            if (at == text.npos) throw_invalid(where, key, "missing from the sweep metadata");
            auto value = text.substr(at + pattern.size());
            return value.substr(0, value.find(' '));
        };
        auto number = [&](std::string_view key) {
            const auto v = field(key);
            double x = 0;
            const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
            if (ec != std::errc{} || ptr != v.data() + v.size() || !std::isfinite(x))
                throw_invalid(where, key, std::string(1, '\'').append(v).append("' is not a number"));
            return x;
        };
        sweep_parameters p;
        p.type = parse_sweep_type(field("type"), "type");
        p.f1_hz = number("f1");
        p.f2_hz = number("f2");
        p.duration_s = number("duration");
        p.rate_hz = number("rate");
        p.fade_in_s = number("fade_in");
        p.fade_out_s = number("fade_out");
        p.amplitude = number("amplitude");
        const double stored_length = number("length");
        swept_sine s = make(p.type, p.f1_hz, p.f2_hz, p.duration_s, p.rate_hz,
                            sweep_shape{p.amplitude, units::from_si<units::time>(p.fade_in_s),
                                        units::from_si<units::time>(p.fade_out_s)},
                            where);
        if (static_cast<double>(s.size()) != stored_length)
            throw_out_of_range(where, "length", stored_length, "samples",
                               "the length the parameters give, " + std::to_string(s.size()));
        return s;
    }

    /// Builds a sweep of any family from SI numbers (what the named classes call).
    static swept_sine make(sweep_type type, double f1_hz, double f2_hz, double duration_s, double rate_hz,
                           const sweep_shape& shape = {}, std::string_view where = {}) {
        if (where.empty()) where = type == sweep_type::synchronized  ? "synchronized_sweep"
                                   : type == sweep_type::exponential ? "exponential_sweep"
                                                                     : "linear_sweep";
        require_in_range(where, "rate", rate_hz, 1.0, 1e7, "Hz");
        const double nyquist = rate_hz / 2;
        if (!(std::isfinite(f1_hz) && f1_hz > 0 && f1_hz < nyquist))
            throw_out_of_range(where, "f1", f1_hz, "Hz", "0 < f1 < rate/2 = " + format_number(nyquist) + " Hz");
        if (!(std::isfinite(f2_hz) && f2_hz > f1_hz && f2_hz < nyquist))
            throw_out_of_range(where, "f2", f2_hz, "Hz",
                               "f1 = " + format_number(f1_hz) + " Hz < f2 < rate/2 = " + format_number(nyquist) +
                                   " Hz");
        require_positive(where, "duration", duration_s, "s");
        if (!(shape.amplitude > 0 && shape.amplitude <= 1))
            throw_out_of_range(where, "amplitude", shape.amplitude, "", "0 < amplitude <= 1 (full scale)");

        sweep_parameters p;
        p.type = type;
        p.f1_hz = f1_hz;
        p.f2_hz = f2_hz;
        p.rate_hz = rate_hz;
        p.amplitude = shape.amplitude;
        const double octaves_ln = std::log(f2_hz / f1_hz);
        if (type == sweep_type::linear) {
            // At least one period of the start frequency, or the "sweep" is a click.
            const double shortest = 1.0 / f1_hz;
            if (!(duration_s >= shortest))
                throw_out_of_range(where, "duration", duration_s, "s",
                                   ">= 1/f1 = " + format_number(shortest) + " s");
            p.duration_s = duration_s;
        } else {
            // L >= 1/f1: the frequency changes by at most a factor e over the first period; for the
            // synchronized sweep this also guarantees κ = round(f1·T/ln(f2/f1)) >= 1.
            const double shortest = octaves_ln / f1_hz;
            if (!(duration_s >= shortest))
                throw_out_of_range(where, "duration", duration_s, "s",
                                   ">= ln(f2/f1)/f1 = " + format_number(shortest) + " s for " +
                                       format_number(f1_hz) + "–" + format_number(f2_hz) + " Hz");
            double L = duration_s / octaves_ln;
            if (type == sweep_type::synchronized) {
                // Novak 2015: κ = round(f1·T̂/ln(f2/f1)), L = κ/f1, T = L·ln(f2/f1).
                const double kappa = std::max(1.0, std::round(f1_hz * L));
                L = kappa / f1_hz;
            }
            p.rate_constant_s = L;
            p.duration_s = L * octaves_ln;
        }
        const double samples = std::ceil(p.duration_s * rate_hz - 1e-9);
        if (!(samples >= 64 && samples <= 2147483648.0))
            throw_out_of_range(where, "duration", duration_s, "s",
                               "64 to 2^31 samples at " + format_number(rate_hz) + " Hz");
        p.length = static_cast<std::size_t>(samples);

        const double t_cap = p.duration_s / 10;
        const double default_in = type == sweep_type::linear ? std::min(0.005, t_cap)
                                                              : std::min(p.rate_constant_s * std::log(std::sqrt(2.0)),
                                                                         p.duration_s / 4);
        const double default_out = std::min(100.0 / f2_hz, t_cap);
        p.fade_in_s = shape.fade_in ? shape.fade_in->value() : default_in;
        p.fade_out_s = shape.fade_out ? shape.fade_out->value() : default_out;
        if (!(std::isfinite(p.fade_in_s) && p.fade_in_s >= 0))
            throw_out_of_range(where, "fade_in", p.fade_in_s, "s", "a finite value >= 0");
        if (!(std::isfinite(p.fade_out_s) && p.fade_out_s >= 0))
            throw_out_of_range(where, "fade_out", p.fade_out_s, "s", "a finite value >= 0");
        if (p.fade_in_s + p.fade_out_s > p.duration_s)
            throw_out_of_range(where, "fade_in + fade_out", p.fade_in_s + p.fade_out_s, "s",
                               "at most the sweep duration " + format_number(p.duration_s) + " s");
        return swept_sine(p);
    }

protected:
    /// Takes validated parameters (use make()).
    explicit swept_sine(const sweep_parameters& p) : p_(p) {}

private:
    static constexpr std::string_view metadata_tag = "iemlab-sweep";

    std::size_t fade_samples(double seconds) const noexcept {
        return std::min(p_.length, static_cast<std::size_t>(std::llround(seconds * p_.rate_hz)));
    }

    // Half-Hann (raised-cosine) fades: w = ½(1 − cos(π·(i + ½)/n)) rising over the first n samples and
    // mirrored over the last n; the half-sample offset makes the two ends symmetric.
    template <class T>
    void apply_fades(std::span<T> out) const noexcept {
        const std::size_t n_in = fade_in_samples(), n_out = fade_out_samples();
        for (std::size_t i = 0; i < n_in; ++i) {
            const double w = 0.5 * (1 - std::cos(detail::sweep_two_pi / 2 * (static_cast<double>(i) + 0.5) /
                                                 static_cast<double>(n_in)));
            out[i] = static_cast<T>(out[i] * w);
        }
        for (std::size_t i = 0; i < n_out; ++i) {
            const double w = 0.5 * (1 - std::cos(detail::sweep_two_pi / 2 * (static_cast<double>(i) + 0.5) /
                                                 static_cast<double>(n_out)));
            T& s = out[out.size() - 1 - i];
            s = static_cast<T>(s * w);
        }
    }

    sweep_parameters p_;
};

/// Novak's synchronized swept sine x(t) = sin(2π·f1·L·e^{t/L}) with f1·L an integer (Novak et al. 2010, 2015):
/// harmonic n is the sweep advanced by exactly L·ln n, which gives harmonic impulse responses a phase.
/// The requested duration is rounded so that κ = f1·L = round(f1·T̂/ln(f2/f1)).
class synchronized_sweep : public swept_sine {
public:
    /// Sweep from f1 to f2 lasting about `duration` at `rate`.
    synchronized_sweep(units::frequency f1, units::frequency f2, units::time duration, units::frequency rate,
                       const sweep_shape& shape = {})
        : swept_sine(make(sweep_type::synchronized, f1.value(), f2.value(), duration.value(), rate.value(), shape)) {}
    /// The same in plain SI numbers: Hz, Hz, s, Hz.
    static synchronized_sweep from_si(double f1_hz, double f2_hz, double duration_s, double rate_hz,
                                      const sweep_shape& shape = {}) {
        return synchronized_sweep(units::from_si<units::frequency>(f1_hz), units::from_si<units::frequency>(f2_hz),
                                  units::from_si<units::time>(duration_s), units::from_si<units::frequency>(rate_hz),
                                  shape);
    }
};

/// Farina's exponential sweep x(t) = sin(2π·f1·L·(e^{t/L} − 1)), L = T/ln(f2/f1), of exactly the requested
/// duration (Farina 2000). Magnitudes of harmonic responses are right, their phases are not meaningful.
class exponential_sweep : public swept_sine {
public:
    /// Sweep from f1 to f2 lasting `duration` at `rate`.
    exponential_sweep(units::frequency f1, units::frequency f2, units::time duration, units::frequency rate,
                      const sweep_shape& shape = {})
        : swept_sine(make(sweep_type::exponential, f1.value(), f2.value(), duration.value(), rate.value(), shape)) {}
    /// The same in plain SI numbers: Hz, Hz, s, Hz.
    static exponential_sweep from_si(double f1_hz, double f2_hz, double duration_s, double rate_hz,
                                     const sweep_shape& shape = {}) {
        return exponential_sweep(units::from_si<units::frequency>(f1_hz), units::from_si<units::frequency>(f2_hz),
                                 units::from_si<units::time>(duration_s), units::from_si<units::frequency>(rate_hz),
                                 shape);
    }
};

/// Linear sweep x(t) = sin(2π·(f1·t + (f2 − f1)·t²/(2T))): white spectrum, no harmonic separation.
class linear_sweep : public swept_sine {
public:
    /// Sweep from f1 to f2 lasting `duration` at `rate`.
    linear_sweep(units::frequency f1, units::frequency f2, units::time duration, units::frequency rate,
                 const sweep_shape& shape = {})
        : swept_sine(make(sweep_type::linear, f1.value(), f2.value(), duration.value(), rate.value(), shape)) {}
    /// The same in plain SI numbers: Hz, Hz, s, Hz.
    static linear_sweep from_si(double f1_hz, double f2_hz, double duration_s, double rate_hz,
                                const sweep_shape& shape = {}) {
        return linear_sweep(units::from_si<units::frequency>(f1_hz), units::from_si<units::frequency>(f2_hz),
                            units::from_si<units::time>(duration_s), units::from_si<units::frequency>(rate_hz), shape);
    }
};

} // namespace iemlab::inline v0::dsp

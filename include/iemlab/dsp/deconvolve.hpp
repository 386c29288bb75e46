#pragma once
/// @file
/// @brief Deconvolution of a recording by its excitation into an impulse response: the synchronized sweep's
/// inverse (exact or Novak's closed form), Farina's time-reversed amplitude-compensated inverse, and regularised
/// (Kirkeby) inversion of any excitation. Plan once, execute many times without allocating.
///
/// Formulas: Farina 2000; Novak et al. 2015; Kirkeby et al. 1998. Every method returns the impulse response
/// **circularly**, the linear response starting at index 0 and, for exponential sweeps, harmonic n ending just before
/// index fft_size() − L·ln(n)·fs (its t = 0 there), so all methods share one layout.

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/core/simd_dispatch.hpp"
#include "iemlab/dsp/detail/spectrum_kernels.hpp"
#include "iemlab/dsp/fft_size.hpp"
#include "iemlab/dsp/real_fft.hpp"
#include "iemlab/dsp/sweep.hpp"

#include <cmath>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace iemlab::inline v0::dsp {

/// Deconvolution methods.
enum class deconvolution_method {
    synchronized, ///< synchronized sweep: exact spectrum in band (or Novak's closed form), harmonics separable
    farina,       ///< Farina's time-reversed, amplitude-compensated inverse filter of an exponential sweep
    kirkeby       ///< regularised inversion X*/(|X|² + β·ε(f)) of any excitation (Kirkeby & Nelson 1999)
};

/// Name as used on the command line ("synchronized", "farina", "kirkeby").
constexpr std::string_view to_string(deconvolution_method m) noexcept {
    switch (m) {
    case deconvolution_method::synchronized: return "synchronized";
    case deconvolution_method::farina: return "farina";
    case deconvolution_method::kirkeby: return "kirkeby";
    }
    return "kirkeby";
}

/// Which inverse spectrum the synchronized method divides by.
enum class synchronized_inverse {
    /// The exact spectrum of the excitation samples inside [f1, f2], regularised outside (Novak et al. 2015
    /// accuracy note): a loopback comes back flat to numerical precision.
    exact,
    /// Novak 2015 eq. 43, X⁻¹(f) = 2·√(f/L)·exp(−j2πfL(1 − ln(f/f1)) + jπ/4): the stationary-phase inverse of an
    /// infinite sweep. Needs no excitation spectrum and also inverts harmonics above f2, but carries the finite
    /// sweep's Fresnel ripple (about ±0.3 dB mid-band, ±0.6 dB near the edges for a 2 s sweep).
    closed_form
};

/// How far the recording is zero-padded before the division by the excitation's spectrum.
enum class deconvolution_padding {
    /// To len(recording) + len(excitation): nothing wraps; the linear response's whole tail and every harmonic
    /// response sit in separate places of the result. The safe default.
    linear,
    /// To len(recording) only (Novak et al. 2015 divide over the recording's own length): about half the
    /// work. The non-causal part — harmonic responses and the inverse's pre-ringing — wraps onto the end of the
    /// result, where the linear response's late tail also lies; fine when the response has decayed into the
    /// noise well before the highest harmonic that carries energy (harmonic_options::highest_order_present).
    /// The start of each harmonic's time-advanced sweep wraps onto the recording's end, so harmonic levels
    /// lose a little accuracy near the sweep's start: −0.14 dB for H5 at 2.5·f1 (a 4 s sweep), < 0.1 dB from 3·f1.
    circular
};

/// Options shared by the deconvolver factories.
struct deconvolution_options {
    /// Zero-padding of the FFT (fft_size() = next_fast_real_size of the padded length).
    deconvolution_padding padding = deconvolution_padding::linear;
    simd_level level = default_simd_level(); ///< SIMD level of the FFT and the spectrum multiply
    bool remove_mean = true; ///< subtract the recording's mean first (a DC step smears the inverse, §1.4a)
    synchronized_inverse inverse = synchronized_inverse::exact; ///< synchronized method only
    /// Regularisation weight β as a fraction of max|X|² (ITA uses 0.5), exact/Kirkeby inverses only.
    double beta_fraction = 0.5;
    /// ε inside the band, dB (10^(dB/20)); ε = 1 outside, raised-cosine crossfades over half an octave.
    double in_band_epsilon_db = -200;
    /// Width in octaves of a smooth target roll-off D(f) (Kirkeby's desired response) at the bottom of the band:
    /// D rises as a raised cosine in log f from 0 at f_lo to 1 at f_lo·2^octaves, and the loopback equals D.
    /// Default 0: the loopback is 1 right down to f_lo, and a gated linear response is flat to 0.02 dB from about
    /// 1.2·f_lo (2 s sweep); a half octave shortens the edge's ringing a little (false THD at 3·f_lo −60 instead
    /// of −57 dB for a 2 s sweep) but leaves the gated response flat only from about 1.75·f_lo.
    double low_rolloff_octaves = 0;
    /// Closed-form and Farina inverses only: inside [f1, f2] divide by the exact spectrum of the excitation
    /// samples instead, crossfading to the method's own inverse over the half octave outside the band. This
    /// is what makes a loopback flat to 0.01 dB (Novak et al. 2015 accuracy note); outside the band, where
    /// only harmonics live, the method's inverse is kept (the closed form inverts harmonics above f2).
    /// `false` gives the textbook inverse with its Fresnel ripple.
    bool exact_in_band = true;
};

namespace detail {

// ε(f) of Kirkeby et al. 1998: e_in inside [f_lo, f_hi], 1 below f_lo/√2 and above √2·f_hi, raised cosines
// in log f between.
inline double regularization_profile(double f, double f_lo, double f_hi, double e_in) noexcept {
    constexpr double pi = 3.14159265358979323846;
    const double half_octave = 0.5 * std::log(2.0);
    double w = 0; // 1 = fully outside
    if (f <= 0) w = 1;
    else if (f < f_lo) {
        const double u = std::log(f_lo / f) / half_octave; // 0 at f_lo, 1 half an octave below
        w = u >= 1 ? 1.0 : 0.5 - 0.5 * std::cos(pi * u);
    } else if (f > f_hi) {
        const double u = std::log(f / f_hi) / half_octave;
        w = u >= 1 ? 1.0 : 0.5 - 0.5 * std::cos(pi * u);
    }
    return e_in + (1 - e_in) * w;
}

// Kirkeby's target D(f): 0 below f_lo, raised cosine in log f up to f_lo·2^octaves, 1 above.
inline double low_rolloff(double f, double f_lo, double octaves) noexcept {
    if (octaves <= 0) return 1.0;
    if (f <= f_lo) return 0.0;
    const double u = std::log2(f / f_lo) / octaves;
    return u >= 1 ? 1.0 : 0.5 - 0.5 * std::cos(3.14159265358979323846 * u);
}

inline void check_length(std::string_view where, std::size_t actual, std::size_t expected) {
    if (actual != expected)
        throw_out_of_range(where, "excitation.size()", static_cast<double>(actual), "samples",
                           "the sweep length " + std::to_string(expected));
}

inline void require_finite_samples(std::string_view where, std::string_view parameter, const auto& x) {
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(static_cast<double>(x[i])))
            throw_invalid(where, parameter, "sample " + std::to_string(i) + " is not finite");
}

} // namespace detail

/// A deconvolution plan for recordings of one length: holds the FFT plan and the inverse spectrum, built once.
/// Immutable; execute() is allocation-free and may run concurrently with caller-owned scratch.
///
/// execute() returns h = IDFT(DFT(y)·X⁻¹) over fft_size() = next_fast_real_size(len(y) + len(x)) points
/// (zero-padded, so neither the recording nor the non-causal parts of the inverse wrap onto the response), or
/// over next_fast_real_size(len(y)) with deconvolution_padding::circular.
template <class T>
class deconvolver {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "deconvolver<float or double>");

public:
    /// Synchronized sweep: the inverse chosen by options.inverse. `excitation` is what was played (e.g. read
    /// back from the sweep file, quantisation included); empty = the sweep's own samples.
    /// @throws iemlab::error if the sweep is not synchronized, the recording is shorter than the sweep or the
    /// excitation has the wrong length or non-finite samples.
    static deconvolver synchronized(const swept_sine& sweep, std::size_t recording_length,
                                    std::span<const T> excitation = {}, const deconvolution_options& options = {}) {
        constexpr std::string_view where = "deconvolver::synchronized";
        if (sweep.type() != sweep_type::synchronized)
            throw_invalid(where, "sweep", "is " + std::string(to_string(sweep.type())) + ", not synchronized");
        deconvolver d(deconvolution_method::synchronized, sweep.rate_hz(), sweep.size(), recording_length, options,
                      where);
        d.sweep_ = sweep.parameters();
        const auto& p = sweep.parameters();
        if (options.inverse == synchronized_inverse::closed_form) {
            d.build_closed_form(p);
            if (options.exact_in_band) d.blend_exact_in_band(excitation_or_sweep(where, sweep, excitation), p.f1_hz, p.f2_hz);
        } else {
            const auto x = excitation_or_sweep(where, sweep, excitation);
            d.build_regularized(x, p.f1_hz, p.f2_hz);
        }
        return d;
    }

    /// Farina's inverse filter f_inv[k] = C·x[N−1−k]·e^{−k/(L·fs)} of an exponential (or synchronized) sweep, with
    /// C = 4·f1·e^{(N−1)/(L·fs)}/(L·fs²)/A² (Farina 2000; A = the sweep's peak amplitude), shifted by
    /// N − 1 samples so that the linear response starts at index 0.
    static deconvolver farina(const swept_sine& sweep, std::size_t recording_length, std::span<const T> excitation = {},
                              const deconvolution_options& options = {}) {
        constexpr std::string_view where = "deconvolver::farina";
        if (sweep.type() == sweep_type::linear)
            throw_invalid(where, "sweep", "is linear; Farina's inverse needs an exponential or synchronized sweep");
        deconvolver d(deconvolution_method::farina, sweep.rate_hz(), sweep.size(), recording_length, options, where);
        d.sweep_ = sweep.parameters();
        const auto x = excitation_or_sweep(where, sweep, excitation);
        d.build_farina(x, sweep.parameters());
        if (options.exact_in_band) d.blend_exact_in_band(x, sweep.parameters().f1_hz, sweep.parameters().f2_hz);
        return d;
    }

    /// Regularised inversion of any excitation sampled at `rate_hz` (a loopback recording, a third-party sweep
    /// file): X⁻¹ = X*/(|X|² + β·ε(f)), exact inside [f_lo, f_hi] (Kirkeby et al. 1998).
    /// @throws iemlab::error on an empty or non-finite excitation, a band outside (0, rate/2], or a recording
    /// shorter than the excitation.
    static deconvolver kirkeby(std::span<const T> excitation, double rate_hz, std::size_t recording_length,
                               double f_lo_hz, double f_hi_hz, const deconvolution_options& options = {}) {
        constexpr std::string_view where = "deconvolver::kirkeby";
        if (excitation.empty()) throw_invalid(where, "excitation", "is empty");
        detail::require_finite_samples(where, "excitation", excitation);
        require_in_range(where, "rate", rate_hz, 1.0, 1e7, "Hz");
        if (!(f_lo_hz > 0 && f_lo_hz < rate_hz / 2))
            throw_out_of_range(where, "f_lo", f_lo_hz, "Hz", "0 < f_lo < rate/2 = " + format_number(rate_hz / 2) + " Hz");
        if (!(f_hi_hz > f_lo_hz && f_hi_hz <= rate_hz / 2))
            throw_out_of_range(where, "f_hi", f_hi_hz, "Hz",
                               "f_lo = " + format_number(f_lo_hz) + " Hz < f_hi <= rate/2 = " +
                                   format_number(rate_hz / 2) + " Hz");
        deconvolver d(deconvolution_method::kirkeby, rate_hz, excitation.size(), recording_length, options, where);
        aligned_buffer<double> x(excitation.size());
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(excitation[i]);
        d.build_regularized(x, f_lo_hz, f_hi_hz);
        return d;
    }

    /// Method of this plan.
    deconvolution_method method() const noexcept { return method_; }
    /// Sample rate, Hz.
    double rate_hz() const noexcept { return rate_hz_; }
    /// Samples the recording passed to execute() must have.
    std::size_t recording_length() const noexcept { return recording_length_; }
    /// Excitation length N.
    std::size_t excitation_length() const noexcept { return excitation_length_; }
    /// Length of the (circular) impulse response execute() writes.
    std::size_t fft_size() const noexcept { return fft_->size(); }
    /// Elements of T the scratch span must hold (at least).
    std::size_t scratch_size() const noexcept { return 2 * padded_bins() + fft_->scratch_size(); }
    /// The sweep's parameters when the plan was built from a sweep (synchronized, farina).
    const std::optional<sweep_parameters>& sweep() const noexcept { return sweep_; }
    /// Real part of the inverse spectrum X⁻¹ on the fft_size()/2 + 1 bins k·rate/fft_size(), scaled so that
    /// H_k = DFT(y)_k·X⁻¹_k.
    std::span<const T> inverse_re() const noexcept { return inverse_re_.span(); }
    /// Imaginary part of the inverse spectrum (see inverse_re()).
    std::span<const T> inverse_im() const noexcept { return inverse_im_.span(); }

    /// Deconvolves `recording` (recording_length() samples) into `ir` (fft_size() samples). Allocates nothing.
    /// @throws iemlab::error on wrong span sizes or a non-finite recording sample.
    void execute(std::span<const T> recording, std::span<T> ir, std::span<T> scratch) const {
        constexpr std::string_view where = "deconvolver::execute";
        detail::check_span_size(where, "recording", recording.size(), recording_length_);
        detail::check_span_size(where, "ir", ir.size(), fft_->size());
        detail::check_span_size(where, "scratch", scratch.size(), scratch_size(), true);
        const T mean = checked_mean(where, recording);
        for (std::size_t i = 0; i < recording.size(); ++i) ir[i] = recording[i] - mean;
        std::fill(ir.begin() + static_cast<std::ptrdiff_t>(recording.size()), ir.end(), T(0));
        const std::size_t bins = fft_->bins(), pb = padded_bins();
        const std::span<T> re = scratch.subspan(0, bins), im = scratch.subspan(pb, bins);
        const std::span<T> rest = scratch.subspan(2 * pb);
        fft_->forward(ir, re, im, rest);
        const detail::multiply_spectra<T> multiply;
        simd_dispatch(fft_->level(), multiply, re.data(), im.data(), inverse_re_.data(), inverse_im_.data(), re.data(),
                      im.data(), bins);
        fft_->inverse(re, im, ir, rest);
    }

    /// Convenience: allocates the response and scratch and runs execute().
    aligned_buffer<T> operator()(std::span<const T> recording) const {
        aligned_buffer<T> ir(fft_size()), scratch(scratch_size());
        execute(recording, ir.span(), scratch.span());
        return ir;
    }

private:
    deconvolver(deconvolution_method method, double rate_hz, std::size_t excitation_length, std::size_t recording_length,
                const deconvolution_options& options, std::string_view where)
        : method_(method), rate_hz_(rate_hz), excitation_length_(excitation_length),
          recording_length_(recording_length), remove_mean_(options.remove_mean) {
        if (recording_length < excitation_length)
            throw_out_of_range(where, "recording length", static_cast<double>(recording_length), "samples",
                               ">= the excitation length " + std::to_string(excitation_length) +
                                   " (the recording is shorter than the sweep)");
        require_in_range(where, "beta_fraction", options.beta_fraction, 1e-30, 1e30, "");
        require_in_range(where, "in_band_epsilon_db", options.in_band_epsilon_db, -400, 0, "dB");
        beta_fraction_ = options.beta_fraction;
        require_in_range(where, "low_rolloff_octaves", options.low_rolloff_octaves, 0, 4, "octaves");
        low_rolloff_octaves_ = options.low_rolloff_octaves;
        epsilon_in_ = std::pow(10.0, options.in_band_epsilon_db / 20);
        const std::size_t padded = options.padding == deconvolution_padding::circular
                                       ? recording_length
                                       : recording_length + excitation_length;
        fft_ = std::make_shared<const real_fft_plan<T>>(next_fast_real_size(padded), options.level);
        inverse_re_ = aligned_buffer<T>(fft_->bins());
        inverse_im_ = aligned_buffer<T>(fft_->bins());
    }

    // The recording's mean (0 without remove_mean), checking every sample is finite on the way: a non-finite
    // sample makes the sum non-finite, so the per-sample search runs only then. Eight partial sums keep the
    // loop from waiting on one addition chain.
    T checked_mean(std::string_view where, std::span<const T> recording) const {
        const std::size_t n = recording.size();
        double partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8)
            for (std::size_t j = 0; j < 8; ++j) partial[j] += static_cast<double>(recording[i + j]);
        double sum = 0;
        for (; i < n; ++i) sum += static_cast<double>(recording[i]);
        for (const double p : partial) sum += p;
        if (!std::isfinite(sum)) {
            detail::require_finite_samples(where, "recording", recording);
            // Finite samples near the largest double whose sum overflows: average the scaled samples instead.
            sum = 0;
            for (std::size_t k = 0; k < n; ++k) sum += static_cast<double>(recording[k]) / static_cast<double>(n);
            return remove_mean_ ? static_cast<T>(sum) : T(0);
        }
        return remove_mean_ ? static_cast<T>(sum / static_cast<double>(n)) : T(0);
    }

    static aligned_buffer<double> excitation_or_sweep(std::string_view where, const swept_sine& sweep,
                                                      std::span<const T> excitation) {
        if (excitation.empty()) return sweep.samples<double>(simd_level::scalar);
        detail::check_length(where, excitation.size(), sweep.size());
        detail::require_finite_samples(where, "excitation", excitation);
        aligned_buffer<double> x(excitation.size());
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(excitation[i]);
        return x;
    }

    std::size_t padded_bins() const noexcept { return (fft_->bins() + 15) / 16 * 16; }

    // Spectrum of a real sequence (zero-padded to fft_size()) in double.
    void spectrum(std::span<const double> x, aligned_buffer<double>& re, aligned_buffer<double>& im) const {
        const real_fft_plan<double> plan(fft_->size(), fft_->level());
        aligned_buffer<double> padded(plan.size()), scratch(plan.scratch_size());
        std::copy(x.begin(), x.end(), padded.begin());
        re = aligned_buffer<double>(plan.bins());
        im = aligned_buffer<double>(plan.bins());
        plan.forward(padded.span(), re.span(), im.span(), scratch.span());
    }

    // X⁻¹ = X*/(|X|² + β·ε(f)), β = beta_fraction·max|X|²; with `blend`, w·that + (1 − w)·(current inverse),
    // w = 1 in [f_lo, f_hi] falling to 0 over the half octave outside.
    void build_regularized(std::span<const double> x, double f_lo, double f_hi, bool blend = false) {
        aligned_buffer<double> re, im;
        spectrum(x, re, im);
        double max_power = 0;
        for (std::size_t k = 0; k < re.size(); ++k) max_power = std::max(max_power, re[k] * re[k] + im[k] * im[k]);
        if (!(max_power > 0)) throw_invalid("deconvolver", "excitation", "is all zeros");
        const double beta = beta_fraction_ * max_power;
        const double n = static_cast<double>(fft_->size());
        for (std::size_t k = 0; k < re.size(); ++k) {
            const double f = static_cast<double>(k) * rate_hz_ / n;
            const double denominator = re[k] * re[k] + im[k] * im[k] +
                                       beta * detail::regularization_profile(f, f_lo, f_hi, epsilon_in_);
            const double target = detail::low_rolloff(f, f_lo, low_rolloff_octaves_);
            double inv_re = target * re[k] / denominator, inv_im = -target * im[k] / denominator;
            if (blend) {
                const double w = 1 - detail::regularization_profile(f, f_lo, f_hi, 0.0);
                inv_re = w * inv_re + (1 - w) * static_cast<double>(inverse_re_[k]);
                inv_im = w * inv_im + (1 - w) * static_cast<double>(inverse_im_[k]);
            }
            inverse_re_[k] = static_cast<T>(inv_re);
            inverse_im_[k] = static_cast<T>(inv_im);
        }
    }

    void blend_exact_in_band(std::span<const double> x, double f_lo, double f_hi) {
        build_regularized(x, f_lo, f_hi, true);
    }

    // Novak 2015 eq. 43 over the FFT bins: H_k = DFT(y)_k/fs·X⁻¹(f_k); the phase f·L·(1 − ln(f/f1)) is counted
    // in cycles and wrapped in double (dsp/detail/sweep_kernels.hpp). Tapered to 0 over the half octave below f1, since
    // the sweep has no energy there; kept up to Nyquist so harmonics above f2 are inverted too.
    void build_closed_form(const sweep_parameters& p) {
        constexpr double two_pi = 6.283185307179586476925286766559;
        const double L = p.rate_constant_s, n = static_cast<double>(fft_->size());
        for (std::size_t k = 1; k < fft_->bins(); ++k) {
            const double f = static_cast<double>(k) * rate_hz_ / n;
            double cycles = f * L * (1 - std::log(f / p.f1_hz));
            cycles -= std::nearbyint(cycles);
            const double angle = -two_pi * cycles + two_pi / 8;
            const double taper = 1 - detail::regularization_profile(f, p.f1_hz, rate_hz_, 0.0);
            const double magnitude = 2 * std::sqrt(f / L) / (rate_hz_ * p.amplitude) * taper;
            inverse_re_[k] = static_cast<T>(magnitude * std::cos(angle));
            inverse_im_[k] = static_cast<T>(magnitude * std::sin(angle));
        }
        inverse_re_[0] = inverse_im_[0] = T(0);
    }

    // Farina: g[−j mod N_fft] = C·x[j]·e^{−(N−1−j)/(L·fs)}, i.e. f_inv advanced by N − 1 samples.
    void build_farina(std::span<const double> x, const sweep_parameters& p) {
        const std::size_t N = x.size(), nfft = fft_->size();
        const double Lfs = p.rate_constant_s * rate_hz_;
        const double C = 4 * p.f1_hz * std::exp(static_cast<double>(N - 1) / Lfs) / (Lfs * rate_hz_) /
                         (p.amplitude * p.amplitude);
        aligned_buffer<double> g(nfft);
        for (std::size_t j = 0; j < N; ++j)
            g[(nfft - j) % nfft] = C * x[j] * std::exp(-static_cast<double>(N - 1 - j) / Lfs);
        aligned_buffer<double> re, im;
        spectrum(g.span(), re, im);
        for (std::size_t k = 0; k < re.size(); ++k) {
            inverse_re_[k] = static_cast<T>(re[k]);
            inverse_im_[k] = static_cast<T>(im[k]);
        }
    }

    deconvolution_method method_;
    double rate_hz_;
    std::size_t excitation_length_, recording_length_;
    bool remove_mean_;
    double beta_fraction_ = 0.5, epsilon_in_ = 1e-10, low_rolloff_octaves_ = 0;
    std::shared_ptr<const real_fft_plan<T>> fft_; // shared: plans are immutable, copies of the deconvolver share it
    aligned_buffer<T> inverse_re_, inverse_im_;
    std::optional<sweep_parameters> sweep_;
};

} // namespace iemlab::inline v0::dsp

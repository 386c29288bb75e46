#pragma once
/// @file
/// @brief The one analysis chain for a recorded sweep, shared by `iemlab deconvolve`, `iemlab measure`, the
/// simulated rig, the examples and embedders: deconvolution → impulse peak (latency, band-limited to < 0.01
/// sample) → harmonic separation → linear response and distortion per order, inside the sweep's full-energy band.
///
/// **Band rule.** A sweep has full energy only between the end of its fade-in and the start of its fade-out
/// (full_energy_band()); the analysis grid is clamped to that band (and below Nyquist), so no result reads the
/// fades. A requested band beyond it is clamped, and sweep_analyzer::band_note() says so for the caller to warn.
///
/// **Smoothing order.** With analysis_settings::smoothing the linear response is smoothed on the full-resolution
/// spectrum of the gated impulse response (every FFT bin inside the sweep's full-energy band; bands reaching
/// beyond it shrink symmetrically) and only then sampled onto the analysis grid — REW's order — so a
/// reflection's comb or any fine structure is averaged, not aliased by a coarse grid. Smoothing an
/// already sampled response (dsp::smooth() on a CSV) remains the tool for data that has no impulse response.
///
/// **Sweeps from other tools.** A sweep file without iemlab's metadata is described by its family and band
/// (sweep_description); describe_sweep() finds its duration, rate constant and fades from the samples, and the
/// analyzer inverts the file's own samples (regularised inversion over [f1, f2]) and separates the harmonics at
/// their delays L·ln n.

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/deconvolve.hpp"
#include "iemlab/dsp/harmonics.hpp"
#include "iemlab/dsp/phase.hpp"
#include "iemlab/dsp/smoothing.hpp"
#include "iemlab/dsp/sweep.hpp"
#include "iemlab/dsp/window.hpp"
#include "iemlab/measure/average.hpp"
#include "iemlab/measure/normalize.hpp"
#include "iemlab/measure/terminal_drive.hpp"
#include "iemlab/measure/rig.hpp"
#include "iemlab/measure/seal_check.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::measure {

/// How recordings are analysed and combined.
struct analysis_settings {
    double f_min_hz = 20;          ///< analysis grid, lowest frequency (clamped to the sweep's full-energy band)
    double f_max_hz = 20000;       ///< analysis grid, highest frequency (clamped likewise)
    double points_per_octave = 48; ///< analysis grid density
    unsigned harmonics = 5;        ///< orders separated for THD (1: none)
    normalization normalize =
        normalization::at(1000, 85);         ///< applied to the combined response (same offset both channels)
    average_mode mode = average_mode::power; ///< how insertions are averaged
    std::optional<double> fs_per_pa;         ///< recorded full-scale units per pascal (rig sensitivity); none: dB re FS
    /// The voltage across the IEM's terminals at 1 kHz during the sweep: with fs_per_pa, each channel's
    /// sensitivity (dB/V, and dB/mW with the impedance) is measured (channel_result::sensitivity).
    std::optional<terminal_drive> drive;
    frequency_response mic_correction{};     ///< dB the microphone adds (subtracted, as REW applies a calibration file)
    double low_level_dbfs = -60;             ///< a recording peaking below this is flagged (check gain, connection)
    double headroom_dbfs = -1;               ///< a recording peaking above this (but not clipping) is flagged
    /// Subtract each recording's mean before deconvolution (dsp::deconvolution_options::remove_mean): protects
    /// against an interface's DC offset, but the mean of a DC-coupled response to the sweep is signal, and
    /// removing it costs up to a few hundredths of a dB near 20 kHz. The simulated rig has no offset and turns
    /// this off.
    bool remove_dc = true;
    /// Smoothing of the linear response, applied on the full-resolution spectrum before sampling onto the grid
    /// (none: unsmoothed). Any width rule: fraction(N), variable(), psychoacoustic(), erb().
    std::optional<dsp::smoothing_width> smoothing;
    /// Averaged quantity, weighting, passes of that smoothing.
    dsp::smoothing_options smoothing_options{};
    /// Deconvolution method; none: the synchronized inverse for a synchronized sweep whose parameters are known
    /// exactly (iemlab metadata), else regularised (Kirkeby) inversion of the excitation's own samples.
    std::optional<dsp::deconvolution_method> method;
    /// Zero-padding of the deconvolution FFT.
    dsp::deconvolution_padding padding = dsp::deconvolution_padding::linear;
    /// Width in octaves of the smooth roll-off the deconvolution gives the response above the sweep's f1
    /// (dsp::deconvolution_options::low_rolloff_octaves): a gentle band edge rings briefly, so it leaks less into
    /// the harmonics' short gates — a lower false-THD floor at low frequencies (loopback of the default 5 s sweep
    /// from 5 Hz: 0.05 % at 20 Hz without, 0.005 % with 1.5 octaves). The full-energy band starts at f1·2^octaves
    /// at the earliest. None (default): as wide as the analysis band allows, half an octave short of f_min and at
    /// most 1.5 octaves (0 for a sweep starting less than half an octave below f_min).
    std::optional<double> low_rolloff_octaves;
    /// Highest harmonic order assumed to carry energy (dsp::harmonic_options::highest_order_present; 0: automatic).
    unsigned highest_order_present = 0;
    /// Taper of the gates.
    dsp::window_type gate_shape = dsp::window_type::hann;
    /// Linear response gate before its peak, s (with gate_post_s none: automatic, from the harmonics' positions).
    std::optional<double> gate_pre_s;
    /// Linear response gate after its peak, s (see gate_pre_s).
    std::optional<double> gate_post_s;
    /// The impulse response's peak must stand at least this far above its RMS over the whole response; a
    /// recording that does not contain the sweep (silence, another file) gives a flat, noise-like response.
    double sweep_presence_db = 20;
    /// How reinsertions are compared with each other (measure/seal_check.hpp) when a channel has several.
    seal_check_settings seal{};
    /// Leave insertions the seal check flags (leak, treble deficit) out of the channel's average (`--exclude-leaky`).
    bool exclude_flagged = false;

    /// The analysis grid before clamping to a sweep's band.
    std::vector<double> grid() const { return log_grid(f_min_hz, f_max_hz, points_per_octave); }

    /// Throws iemlab::error naming the first setting out of range: the band (0 < f_min < f_max; the analyzer
    /// clamps it to the sweep's band with a note), 1 … 384 points per octave, 1 … max_harmonic_order orders.
    void validate() const {
        constexpr const char* where = "analysis_settings";
        require_positive(where, "f_min", f_min_hz, "Hz");
        if (!(f_max_hz > f_min_hz) || !std::isfinite(f_max_hz))
            throw_out_of_range(where, "f_max", f_max_hz, "Hz", "f_max > f_min = " + format_number(f_min_hz) + " Hz");
        require_in_range(where, "points_per_octave", points_per_octave, 1, 384, "");
        require_in_range(where, "harmonics", harmonics, 1, dsp::max_harmonic_order, "");
        seal.validate();
        if (drive) drive->validate();
        if (normalize.rule() != normalization::kind::none && !(normalize.f_lo() >= f_min_hz && normalize.f_hi() <= f_max_hz))
            throw_out_of_range(where, "normalize", normalize.f_lo(), "Hz",
                               "a reference within the analysis band " + format_number(f_min_hz) + " … " +
                                   format_number(f_max_hz) + " Hz");
    }
};

/// Peak and RMS level of one recording, and its clipping.
struct level_report {
    double peak_dbfs = db_floor; ///< highest |sample|, dBFS
    double rms_dbfs = db_floor;  ///< RMS over the recording, dBFS
    clipping_report clipping{};  ///< samples at full scale
};

/// Peak, RMS and clipping of `x` at `rate_hz`.
template <class T>
level_report check_levels(std::span<const T> x, double rate_hz, double clip_threshold = 0.999) {
    level_report r;
    double peak = 0, sum = 0;
    for (const T v : x) {
        const double a = std::fabs(static_cast<double>(v));
        peak = std::max(peak, a);
        sum += a * a;
    }
    r.peak_dbfs = amplitude_to_db(peak);
    r.rms_dbfs = x.empty() ? db_floor : power_to_db(sum / static_cast<double>(x.size()));
    r.clipping = detect_clipping(x, rate_hz, clip_threshold);
    return r;
}

/// One-line warnings a recording's levels raise under `s`: clipping (with the count of clipped samples and the
/// first time), little headroom, a low level.
inline std::vector<std::string> level_warnings(const level_report& l, const analysis_settings& s) {
    std::vector<std::string> out;
    if (l.clipping.clipped())
        out.push_back("recording clipped: " + std::to_string(l.clipping.samples) + " samples at full scale, first at " +
                      format_number(std::round(l.clipping.first_time_s * 1000) / 1000) + " s");
    else if (l.peak_dbfs > s.headroom_dbfs)
        out.push_back("recording peaks at " + format_number(std::round(l.peak_dbfs * 10) / 10) +
                      " dBFS: little headroom");
    if (l.peak_dbfs < s.low_level_dbfs)
        out.push_back("recording peaks at only " + format_number(std::round(l.peak_dbfs)) +
                      " dBFS: check the gain and the connection");
    return out;
}

/// What one recording gives: the linear response, harmonic distortion, latency and levels.
struct recording_analysis {
    frequency_response
        response; ///< H_1 on the analysis grid, dB re full scale per full scale, phase without bulk delay
    dsp::distortion_curves
        distortion;             ///< HD_n, THD_F, THD_R per order as far as each reaches (empty without harmonics)
    double latency_samples = 0; ///< position of the impulse response's peak (band-limited interpolation)
    level_report levels;        ///< of the recording
};

/// A sweep file's family and band, for files without iemlab's metadata (REW, sox, ir_tool, …).
struct sweep_description {
    dsp::sweep_type type = dsp::sweep_type::exponential; ///< family (exponential and synchronized allow harmonics)
    double f1_hz = 0;                                    ///< start frequency, Hz
    double f2_hz = 0;                                    ///< end frequency, Hz
    std::optional<double> fade_in_s;                     ///< fade-in length, s (none: found from the samples)
    std::optional<double> fade_out_s;                    ///< fade-out length, s (none: found from the samples)
};

/// A frequency band [lo, hi], Hz.
struct frequency_band {
    double lo_hz = 0; ///< lower edge, Hz
    double hi_hz = 0; ///< upper edge, Hz
};

/// The band where a sweep has full energy: from the frequency it passes at the end of its fade-in to the one it
/// passes where its fade-out starts, and below Nyquist (exponential: f1·e^{t_in/L} … f2·e^{−t_out/L}; linear:
/// f1 + (f2 − f1)·t_in/T … f2 − (f2 − f1)·t_out/T).
inline frequency_band full_energy_band(const dsp::sweep_parameters& p) {
    frequency_band b;
    if (p.type == dsp::sweep_type::linear) {
        const double slope = (p.f2_hz - p.f1_hz) / p.duration_s;
        b.lo_hz = p.f1_hz + slope * p.fade_in_s;
        b.hi_hz = p.f2_hz - slope * p.fade_out_s;
    } else {
        b.lo_hz = p.f1_hz * std::exp(p.fade_in_s / p.rate_constant_s);
        b.hi_hz = p.f2_hz * std::exp(-p.fade_out_s / p.rate_constant_s);
    }
    b.hi_hz = std::min(b.hi_hz, p.rate_hz / 2);
    return b;
}

/// The parameters of the sweep held in `excitation` (sampled at `rate_hz`) as `d` describes it: its active span
/// (first to last sample above 1e-3 of the peak) gives the duration T and the rate constant L = T/ln(f2/f1);
/// fades not given are taken as the time the envelope needs to reach 99 % of the peak from the span's start
/// (and from its end), which errs on the long side: the band is narrowed, never widened.
/// @throws iemlab::error (naming the parameter) for a band outside (0, rate/2), an empty or silent excitation.
inline dsp::sweep_parameters describe_sweep(std::span<const double> excitation, double rate_hz,
                                            const sweep_description& d) {
    constexpr std::string_view where = "describe_sweep";
    require_in_range(where, "rate", rate_hz, 1.0, 1e7, "Hz");
    if (!(std::isfinite(d.f1_hz) && d.f1_hz > 0 && d.f1_hz < rate_hz / 2))
        throw_out_of_range(where, "f1", d.f1_hz, "Hz", "0 < f1 < rate/2 = " + format_number(rate_hz / 2) + " Hz");
    if (!(std::isfinite(d.f2_hz) && d.f2_hz > d.f1_hz && d.f2_hz <= rate_hz / 2))
        throw_out_of_range(where, "f2", d.f2_hz, "Hz",
                           "f1 = " + format_number(d.f1_hz) + " Hz < f2 <= rate/2 = " + format_number(rate_hz / 2) +
                               " Hz");
    double peak = 0;
    for (const double v : excitation) peak = std::max(peak, std::fabs(v));
    if (!(peak > 0) || !std::isfinite(peak)) throw_invalid(where, "excitation", "is empty, silent or not finite");
    std::size_t first = 0, last = excitation.size() - 1;
    while (std::fabs(excitation[first]) < 1e-3 * peak) ++first;
    while (std::fabs(excitation[last]) < 1e-3 * peak) --last;
    std::size_t full_first = first, full_last = last;
    while (std::fabs(excitation[full_first]) < 0.99 * peak) ++full_first;
    while (std::fabs(excitation[full_last]) < 0.99 * peak) --full_last;
    dsp::sweep_parameters p;
    p.type = d.type;
    p.f1_hz = d.f1_hz;
    p.f2_hz = d.f2_hz;
    p.rate_hz = rate_hz;
    p.length = excitation.size();
    p.duration_s = static_cast<double>(last - first + 1) / rate_hz;
    p.rate_constant_s = d.type == dsp::sweep_type::linear ? 0.0 : p.duration_s / std::log(d.f2_hz / d.f1_hz);
    p.amplitude = peak;
    p.fade_in_s = d.fade_in_s ? *d.fade_in_s : static_cast<double>(full_first - first) / rate_hz;
    p.fade_out_s = d.fade_out_s ? *d.fade_out_s : static_cast<double>(last - full_last) / rate_hz;
    for (const auto& [name, value] : {std::pair{"fade_in", p.fade_in_s}, std::pair{"fade_out", p.fade_out_s}})
        if (!(std::isfinite(value) && value >= 0 && value < p.duration_s))
            throw_out_of_range(where, name, value, "s",
                               "0 <= fade < the sweep's duration " + format_number(p.duration_s) + " s");
    if (!(full_energy_band(p).hi_hz > full_energy_band(p).lo_hz))
        throw_out_of_range(where, "fade_in + fade_out", p.fade_in_s + p.fade_out_s, "s",
                           "fades that leave part of the sweep at full energy");
    return p;
}

/// Deconvolution and analysis plan for recordings of one length made with one excitation: the one chain
/// (deconvolve → peak → harmonics → response). Immutable; analyze() may run concurrently.
class sweep_analyzer {
public:
    /// For an iemlab sweep `sweep` (parameters exact; `excitation` are the samples sent to the DAC, e.g. read back
    /// from the sweep file; empty = the sweep's own samples) and recordings of `recording_length` samples.
    /// Synchronized sweeps use the synchronized inverse by default, other families the regularised inversion.
    /// @throws iemlab::error when the method does not suit the sweep, or the analysis band misses the sweep's.
    sweep_analyzer(const dsp::swept_sine& sweep, std::span<const double> excitation, std::size_t recording_length,
                   const analysis_settings& settings)
        : rate_hz_(sweep.rate_hz()), settings_(settings) {
        aligned_buffer<double> own;
        if (excitation.empty()) {
            own = sweep.samples<double>(simd_level::scalar);
            excitation = own.span();
        }
        init(sweep.parameters(), &sweep, excitation, recording_length);
    }

    /// For a sweep known by its parameters only (describe_sweep() of a file from another tool): `excitation`, the
    /// file's samples, is inverted over [f1, f2]; exponential and synchronized families allow harmonics.
    sweep_analyzer(const dsp::sweep_parameters& sweep, std::span<const double> excitation, std::size_t recording_length,
                   const analysis_settings& settings)
        : rate_hz_(sweep.rate_hz), settings_(settings) {
        init(sweep, nullptr, excitation, recording_length);
    }

    /// For any excitation without sweep parameters (regularised inversion over [f_lo, f_hi]; no harmonic
    /// separation, so no THD). The analysis band is clamped to [f_lo, f_hi].
    sweep_analyzer(std::span<const double> excitation, double rate_hz, double f_lo_hz, double f_hi_hz,
                   std::size_t recording_length, const analysis_settings& settings)
        : rate_hz_(rate_hz), settings_(settings) {
        set_band({f_lo_hz, std::min(f_hi_hz, rate_hz / 2)}, "the excitation's band");
        deconvolver_ = std::make_shared<const dsp::deconvolver<double>>(dsp::deconvolver<double>::kirkeby(
            excitation, rate_hz, recording_length, f_lo_hz, f_hi_hz, deconvolution_options()));
        make_harmonic_analyzer(0.0, f_lo_hz, 1);
    }

    /// Samples each recording must have.
    std::size_t recording_length() const noexcept { return deconvolver_->recording_length(); }
    /// Sample rate, Hz.
    double rate_hz() const noexcept { return rate_hz_; }
    /// The analysis grid (inside the sweep's full-energy band).
    const std::vector<double>& grid() const noexcept { return grid_; }
    /// The band analysed: the requested one clamped to the sweep's full-energy band.
    frequency_band band() const noexcept { return band_; }
    /// The sweep's full-energy band (or the excitation's band for an unknown excitation).
    frequency_band sweep_band() const noexcept { return sweep_band_; }
    /// Empty, or one line saying how the requested band was clamped (for the caller to warn).
    const std::string& band_note() const noexcept { return band_note_; }
    /// Deconvolution method used.
    dsp::deconvolution_method method() const noexcept { return deconvolver_->method(); }
    /// Length of the (circular) impulse response.
    std::size_t fft_size() const noexcept { return deconvolver_->fft_size(); }
    /// Harmonic orders separated (1: the linear response only).
    unsigned orders() const noexcept { return analyzer_->orders(); }
    /// The linear response's gate (samples relative to its peak).
    const dsp::gate& linear_gate() const { return analyzer_->window(1); }

    /// The circular impulse response of `recording` (fft_size() samples; linear response from index 0 plus the
    /// latency, harmonics before the end).
    /// @throws iemlab::error on a recording of the wrong length or with non-finite samples.
    aligned_buffer<double> impulse_response(std::span<const double> recording) const {
        return (*deconvolver_)(recording);
    }

    /// Deconvolves and analyses one recording.
    /// @throws iemlab::error on a recording of the wrong length, with non-finite samples, silent, or one that does
    /// not contain the sweep (its impulse response's peak less than settings.sweep_presence_db above its RMS).
    recording_analysis analyze(std::span<const double> recording) const {
        const level_report levels = check_levels(recording, rate_hz_);
        if (levels.peak_dbfs <= db_floor) throw_invalid("sweep_analyzer", "recording", "is silent (every sample is 0)");
        const auto h = impulse_response(recording);
        return analyze_response(h.span(), levels);
    }

    /// The analysis of an impulse response made by impulse_response() (`levels`: of its recording).
    /// @throws iemlab::error when the response does not stand out of its own noise (see analyze()).
    recording_analysis analyze_response(std::span<const double> h, const level_report& levels) const {
        recording_analysis a;
        a.levels = levels;
        check_presence(h);
        const dsp::gate& g = analyzer_->window(1);
        a.latency_samples =
            dsp::find_impulse_peak(h, -static_cast<std::ptrdiff_t>(g.pre / 4), std::min(g.post, h.size() / 2));
        auto spectra = analyzer_->make_spectra();
        aligned_buffer<double> scratch(analyzer_->scratch_size());
        analyzer_->execute(h, a.latency_samples, spectra, scratch.span());
        a.response = smoother_ ? smoothed_response(spectra) : dsp::linear_response(spectra, grid_);
        if (analyzer_->orders() > 1) a.distortion = dsp::harmonic_distortion(spectra, grid_, band_.hi_hz);
        return a;
    }

    /// The gated region of the linear response, raw (no taper): linear_gate().pre samples before the peak at
    /// `latency_samples` (rounded down) and linear_gate().post from it, as written to an IR file.
    std::vector<double> linear_impulse_response(std::span<const double> h, double latency_samples) const {
        const dsp::gate& g = analyzer_->window(1);
        std::vector<double> out(std::min(g.length(), h.size()));
        const auto n = static_cast<std::ptrdiff_t>(h.size());
        const auto start =
            static_cast<std::ptrdiff_t>(std::floor(latency_samples)) - static_cast<std::ptrdiff_t>(g.pre);
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = h[static_cast<std::size_t>(((start + static_cast<std::ptrdiff_t>(i)) % n + n) % n)];
        return out;
    }

private:
    dsp::deconvolution_options deconvolution_options() const {
        dsp::deconvolution_options o;
        o.remove_mean = settings_.remove_dc;
        o.padding = settings_.padding;
        o.low_rolloff_octaves = rolloff_octaves_;
        return o;
    }

    void init(const dsp::sweep_parameters& p, const dsp::swept_sine* exact, std::span<const double> excitation,
              std::size_t recording_length) {
        constexpr std::string_view where = "sweep_analyzer";
        if (excitation.size() != p.length)
            throw_out_of_range(where, "excitation", double(excitation.size()), "samples",
                               "the sweep's length " + std::to_string(p.length));
        rolloff_octaves_ =
            settings_.low_rolloff_octaves.value_or(std::clamp(std::log2(settings_.f_min_hz / p.f1_hz) - 0.5, 0.0, 1.5));
        frequency_band full = full_energy_band(p);
        full.lo_hz = std::max(full.lo_hz, p.f1_hz * std::exp2(rolloff_octaves_));
        set_band(full, "the sweep's full-energy band");
        const auto options = deconvolution_options();
        const bool harmonics_possible = p.type != dsp::sweep_type::linear && p.rate_constant_s > 0;
        const auto method = settings_.method.value_or(exact && p.type == dsp::sweep_type::synchronized
                                                          ? dsp::deconvolution_method::synchronized
                                                          : dsp::deconvolution_method::kirkeby);
        if (method == dsp::deconvolution_method::synchronized) {
            if (!exact || p.type != dsp::sweep_type::synchronized)
                throw_invalid(where, "method",
                              "synchronized needs a synchronized sweep whose parameters are known "
                              "exactly (iemlab sweep metadata); this one is " +
                                  std::string(dsp::to_string(p.type)) + (exact ? "" : ", described"));
            deconvolver_ = std::make_shared<const dsp::deconvolver<double>>(
                dsp::deconvolver<double>::synchronized(*exact, recording_length, excitation, options));
        } else if (method == dsp::deconvolution_method::farina) {
            if (!exact || p.type == dsp::sweep_type::linear)
                throw_invalid(where, "method",
                              "farina needs an exponential or synchronized sweep with iemlab metadata");
            deconvolver_ = std::make_shared<const dsp::deconvolver<double>>(
                dsp::deconvolver<double>::farina(*exact, recording_length, excitation, options));
        } else {
            deconvolver_ = std::make_shared<const dsp::deconvolver<double>>(dsp::deconvolver<double>::kirkeby(
                excitation, p.rate_hz, recording_length, p.f1_hz, std::min(p.f2_hz, p.rate_hz / 2), options));
        }
        make_harmonic_analyzer(harmonics_possible ? p.rate_constant_s : 0.0, p.f1_hz,
                               harmonics_possible ? std::clamp(settings_.harmonics, 1u, dsp::max_harmonic_order) : 1);
    }

    void set_band(frequency_band sweep, const std::string& what) {
        sweep_band_ = sweep;
        band_ = {std::max(settings_.f_min_hz, sweep.lo_hz), std::min(settings_.f_max_hz, sweep.hi_hz)};
        if (!(band_.hi_hz > band_.lo_hz))
            throw_out_of_range("sweep_analyzer", "analysis band", settings_.f_min_hz, "Hz",
                               "overlapping " + what + " " + format_number(sweep.lo_hz) + " … " +
                                   format_number(sweep.hi_hz) + " Hz (analysis " + format_number(settings_.f_min_hz) +
                                   " … " + format_number(settings_.f_max_hz) + " Hz)");
        if (band_.lo_hz != settings_.f_min_hz || band_.hi_hz != settings_.f_max_hz)
            band_note_ = "the analysis band " + format_number(settings_.f_min_hz) + " … " +
                         format_number(settings_.f_max_hz) + " Hz reaches beyond " + what + " " +
                         format_number(std::round(sweep.lo_hz * 10) / 10) + " … " +
                         format_number(std::round(sweep.hi_hz)) + " Hz (fades excluded): analysing " +
                         format_number(std::round(band_.lo_hz * 10) / 10) + " … " +
                         format_number(std::round(band_.hi_hz)) + " Hz";
        grid_ = log_grid(band_.lo_hz, band_.hi_hz, settings_.points_per_octave);
    }

    void make_harmonic_analyzer(double rate_constant_s, double f1_hz, unsigned orders) {
        dsp::harmonic_options o;
        o.orders = orders;
        o.taper = settings_.gate_shape;
        if (orders > 1) o.highest_order_present = settings_.highest_order_present;
        const std::size_t n = deconvolver_->fft_size();
        if (settings_.gate_pre_s || settings_.gate_post_s) {
            const double pre = settings_.gate_pre_s.value_or(0.01), post = settings_.gate_post_s.value_or(0.5);
            if (!(pre >= 0 && std::isfinite(pre))) throw_out_of_range("sweep_analyzer", "gate_pre", pre, "s", ">= 0");
            if (!(post > 0 && std::isfinite(post))) throw_out_of_range("sweep_analyzer", "gate_post", post, "s", "> 0");
            o.linear_pre = static_cast<std::size_t>(std::llround(pre * rate_hz_));
            o.linear_post = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(post * rate_hz_)));
        }
        analyzer_ = std::make_shared<const dsp::harmonic_analyzer<double>>(rate_hz_, rate_constant_s, f1_hz, n, o);
        if (settings_.smoothing) {
            // The bins inside the sweep's full-energy band: a smoothing band reaching beyond it is shrunk
            // symmetrically (edge_rule::shrink) rather than averaging the fades or what lies outside the sweep.
            const double df = rate_hz_ / static_cast<double>(analyzer_->linear_segment_size());
            const std::size_t bins = analyzer_->linear_segment_size() / 2 + 1;
            first_bin_ = std::min(bins - 1, static_cast<std::size_t>(std::ceil(sweep_band_.lo_hz / df)));
            const std::size_t last = std::min(bins - 1, static_cast<std::size_t>(std::floor(sweep_band_.hi_hz / df)));
            std::vector<double> f;
            for (std::size_t k = first_bin_; k <= last; ++k) f.push_back(static_cast<double>(k) * df);
            if (f.size() < 2) throw_invalid("sweep_analyzer", "smoothing", "the sweep's band holds fewer than 2 bins");
            smoother_ = std::make_shared<const dsp::fractional_octave_smoother>(f, grid_, *settings_.smoothing,
                                                                                settings_.smoothing_options);
        }
    }

    // The linear response on every bin of its spectrum inside the sweep's band, smoothed there, evaluated at the
    // grid's centres.
    frequency_response smoothed_response(const dsp::harmonic_spectra<double>& s) const {
        std::vector<std::complex<double>> values(smoother_->input_size());
        for (std::size_t k = 0; k < values.size(); ++k) values[k] = {s.re[first_bin_ + k], s.im[first_bin_ + k]};
        return (*smoother_)(frequency_response::from_complex(smoother_->input_frequencies(), values));
    }

    void check_presence(std::span<const double> h) const {
        double peak = 0, sum = 0;
        for (const double v : h) {
            peak = std::max(peak, std::fabs(v));
            sum += v * v;
        }
        const double ratio_db = sum > 0 ? power_to_db(peak * peak * static_cast<double>(h.size()) / sum) : 0.0;
        if (!(ratio_db >= settings_.sweep_presence_db))
            throw_invalid("sweep_analyzer", "recording",
                          "does not contain the sweep: its impulse response peaks only " +
                              format_number(std::round(ratio_db * 10) / 10) +
                              " dB above its RMS (expected >= " + format_number(settings_.sweep_presence_db) +
                              " dB; wrong file, or the sweep did not play)");
    }

    double rate_hz_;
    analysis_settings settings_;
    double rolloff_octaves_ = 0; // of the deconvolution's target at the sweep's start
    frequency_band band_{}, sweep_band_{};
    std::string band_note_;
    std::vector<double> grid_;
    std::shared_ptr<const dsp::deconvolver<double>> deconvolver_;
    std::shared_ptr<const dsp::harmonic_analyzer<double>> analyzer_;
    std::shared_ptr<const dsp::fractional_octave_smoother> smoother_; // null without smoothing
    std::size_t first_bin_ = 0;                                       // the smoother's first input bin
};

/// The analyzer for a sweep file's content: `excitation` (one channel of the file, at `rate_hz`) with the file's
/// `comment`. iemlab sweep metadata in the comment gives the exact sweep; otherwise `description` (a file from
/// another tool) gives family and band; otherwise the file is inverted as an unknown excitation over the
/// analysis band widened by a third of an octave each side (linear response only, no harmonics).
/// @throws iemlab::error on metadata that contradicts the file (rate, length), or what the constructors reject.
inline sweep_analyzer make_sweep_analyzer(std::span<const double> excitation, double rate_hz, std::string_view comment,
                                          const std::optional<sweep_description>& description,
                                          std::size_t recording_length, const analysis_settings& settings) {
    constexpr std::string_view where = "make_sweep_analyzer";
    if (dsp::swept_sine::has_metadata(comment)) {
        const auto sweep = dsp::swept_sine::from_metadata(comment);
        if (sweep.rate_hz() != rate_hz)
            throw_invalid(where, "sweep",
                          "its metadata says " + format_number(sweep.rate_hz()) + " Hz, the file " +
                              format_number(rate_hz) + " Hz");
        // `iemlab sweep --lead-in/--tail` surround the sweep with silence: its position is in the metadata, and
        // everything outside it must be silent.
        const std::size_t lead = dsp::swept_sine::metadata_lead_in(comment);
        if (lead + sweep.size() > excitation.size())
            throw_invalid(where, "sweep",
                          "holds " + std::to_string(excitation.size()) + " samples, its metadata " +
                              std::to_string(sweep.size()) + (lead ? " after a lead-in of " + std::to_string(lead) : std::string()));
        for (std::size_t i = 0; i < excitation.size(); ++i)
            if ((i < lead || i >= lead + sweep.size()) && std::fabs(excitation[i]) > 1e-6)
                throw_invalid(where, "sweep",
                              "holds " + std::to_string(excitation.size()) + " samples, its metadata " +
                                  std::to_string(sweep.size()) + " (with a lead-in of " + std::to_string(lead) +
                                  "), and sample " + std::to_string(i) + " outside the sweep is not silent");
        return sweep_analyzer(sweep, excitation.subspan(lead, sweep.size()), recording_length, settings);
    }
    if (description)
        return sweep_analyzer(describe_sweep(excitation, rate_hz, *description), excitation, recording_length,
                              settings);
    return sweep_analyzer(excitation, rate_hz, settings.f_min_hz / std::cbrt(2.0),
                          std::min(rate_hz / 2, settings.f_max_hz * std::cbrt(2.0)), recording_length, settings);
}

/// `mic` referred to `reference`, a loopback channel recorded beside the microphone through the same interface
/// (REW's loopback timing reference): levels and phases minus the reference's (the interface's own response
/// and gain drift cancel), latency minus the reference's latency (the acoustic delay alone); distortion and
/// levels stay the microphone's. Both must come from one sweep_analyzer.
/// @throws iemlab::error when the two responses are not on one grid.
inline recording_analysis relative_to_reference(recording_analysis mic, const recording_analysis& reference) {
    const auto& f = mic.response.frequencies();
    if (f != reference.response.frequencies())
        throw_invalid("relative_to_reference", "reference", "is not on the microphone response's grid");
    std::vector<double> db(f.size()), phase(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
        db[i] = mic.response.magnitude_db()[i] - reference.response.magnitude_db()[i];
        const double a = mic.response.has_phase() ? mic.response.phase_deg()[i] : 0.0;
        const double b = reference.response.has_phase() ? reference.response.phase_deg()[i] : 0.0;
        phase[i] = dsp::wrap_phase_deg(a - b);
    }
    mic.response = frequency_response(f, std::move(db), std::move(phase), mic.response.name());
    mic.latency_samples -= reference.latency_samples;
    return mic;
}

/// One insertion: `recording` analysed by `analyzer`, referred to `reference` (a loopback channel recorded at the
/// same time, same length) when one is given (relative_to_reference()).
inline recording_analysis analyze_insertion(const sweep_analyzer& analyzer, std::span<const double> recording,
                                            std::span<const double> reference = {}) {
    recording_analysis a = analyzer.analyze(recording);
    if (reference.empty()) return a;
    return relative_to_reference(std::move(a), analyzer.analyze(reference));
}

} // namespace iemlab::inline v0::measure

#pragma once
/// @file
/// @brief A simulated measurement rig in the time domain: DAC level and output impedance → IEM model (drivers,
/// crossover) → eartip seal and insertion depth → IEC 60318-4 (711) coupler or ear canal → microphone
/// (sensitivity, self-noise, calibration curve) → ADC (gain, latency, clock offset, background noise), with an
/// optional static driver nonlinearity, reproducible from a seed.
///
/// The models are frequency-domain (network solver). A rig_chain realises one insertion's whole chain as one FIR
/// filter: the complex transfer function H(f) (full-scale units in → full-scale units out) is evaluated on the
/// bins of an N-point FFT and transformed back. Why that is accurate, and how N is chosen:
/// - Every part of the chain is a passive, causal system whose impulse response decays (resonances with Q < 20
///   above 1 kHz die within a few ms; the slowest part is the low-frequency corner of a leaky seal, a few ms to
///   tens of ms). Sampling H on N bins gives the true impulse response *time-aliased* with period N; once the
///   response has decayed well within N samples the alias is below the rounding of the FIR itself.
/// - N defaults to the fast FFT size >= 0.5 s of samples (24 000 at 48 kHz, 2 Hz bins), about 40 time
///   constants of a 50 Hz leak corner. rig_chain::tail_level_db() reports the energy in the last eighth of the
///   filter relative to the whole; the constructor refuses a filter whose tail is above −60 dB (then raise
///   fir_duration_s): a truncation error below 10^(−60/20) of the response, concentrated at low frequencies
///   where the level is highest.
/// - The last eighth of the taps is faded out with a half-Hann window so that the filter ends smoothly.
/// - DC is not a network frequency: H(0) takes the real part of the first bin (the chain is real and
///   continuous at 0 Hz). The Nyquist bin is taken real (the FFT drops its imaginary part anyway).
/// - The converters' anti-alias and reconstruction filters: a zero-phase raised-cosine roll-off from 0.9·rate/2
///   to rate/2 (converters use linear-phase filters). Without it the models' response at Nyquist (a BA on a
///   711 is only ~50 dB down there) would be cut off abruptly, and the resulting sinc ringing, decaying like
///   1/t, would fill the whole filter. The roll-off is part of the chain (transfer() includes it) and lies
///   above the 20 kHz analysis band at 48 kHz. Its pre-ringing is held by rotating the filter by
///   fir_preroll samples (64), a constant delay the measurement removes with the bulk delay.
/// - Measured realisation error (tests/unit/measure/test_rig.cpp): the FIR's own spectrum, read at arbitrary
///   frequencies 20 Hz … 20 kHz, equals transfer() within 0.0025 dB for coupler and canal chains with a leak
///   (largest at 20 Hz, where the tail's energy lies). Part of the
///   remaining tail is physical: the coupler's air line turns isothermal below a few hertz (a 0.1 dB step with
///   a time constant of tens of ms).
/// - The microphone's calibration curve is a magnitude (as calibration files are); it is realised with its
///   minimum phase (dsp::minimum_phase_plan on the filter's own bins), as a pressure microphone is a
///   minimum-phase system.
///
/// The nonlinearity is a Hammerstein model: y = x + a2·x² + a3·x³ on the drive in full-scale units, then the
/// linear chain. Harmonics of excitation above rate/(2·order) alias, as in any sampled polynomial.

#include "iemlab/acoustics/ear_canal.hpp"
#include "iemlab/acoustics/leak.hpp"
#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/air.hpp"
#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/convolution.hpp"
#include "iemlab/dsp/fft_size.hpp"
#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/dsp/minimum_phase.hpp"
#include "iemlab/dsp/real_fft.hpp"
#include "iemlab/electroacoustics/acoustic_load.hpp"
#include "iemlab/electroacoustics/ba_receiver.hpp"
#include "iemlab/electroacoustics/loads.hpp"
#include "iemlab/electroacoustics/source.hpp"
#include "iemlab/network/spectrum.hpp"
#include "iemlab/network/two_port.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <numbers>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::measure {

/// What an IEM does on a grid, per volt across its terminals, into one acoustic load.
struct iem_transfer {
    std::vector<std::complex<double>> impedance;         ///< electrical impedance the source sees, Ω
    std::vector<std::complex<double>> pressure_per_volt; ///< pressure at the load's observation point, Pa/V
};

/// An IEM model for the simulated rig: a name and a function that evaluates impedance and pressure per volt on
/// a grid into a given acoustic load (coupler or canal, seal included). Any driver model fits: a single BA
/// receiver (from_receiver()), or a multi-driver IEM with its crossover through a lambda.
class simulated_iem {
public:
    /// Evaluates the IEM on a grid into a load (the load's grid is the grid).
    using model_function = std::function<iem_transfer(const network::grid&, const electroacoustics::acoustic_load&)>;

    /// An IEM called `name` evaluated by `model`.
    /// @throws iemlab::error when `model` is empty.
    simulated_iem(std::string name, model_function model) : name_(std::move(name)), model_(std::move(model)) {
        if (!model_) throw_invalid("simulated_iem", "model", "is empty");
    }

    /// A single balanced-armature receiver, with an optional acoustic path (spout tube, damper, nozzle) between
    /// its port and the load, built per grid by `path` (may be empty).
    static simulated_iem from_receiver(std::string name, electroacoustics::ba_receiver receiver,
                                       std::function<network::two_port(const network::grid&)> path = {}) {
        auto rx = std::make_shared<const electroacoustics::ba_receiver>(std::move(receiver));
        return simulated_iem(std::move(name), [rx, path](const network::grid& g, const electroacoustics::acoustic_load& load) {
            std::optional<network::two_port> p;
            if (path) p = path(g);
            const auto r = rx->respond(g, load, p ? &*p : nullptr);
            return iem_transfer{r.impedance, r.pressure};
        });
    }

    /// Label.
    const std::string& name() const noexcept { return name_; }
    /// Impedance and pressure per volt on `g` into `load`.
    /// @throws iemlab::error when the model returns the wrong sizes or no pressure.
    iem_transfer evaluate(const network::grid& g, const electroacoustics::acoustic_load& load) const {
        iem_transfer t = model_(g, load);
        if (t.impedance.size() != g.size() || t.pressure_per_volt.size() != g.size())
            throw_invalid("simulated_iem " + name_, "model", "returned " + std::to_string(t.pressure_per_volt.size()) +
                                                                 " pressures for " + std::to_string(g.size()) +
                                                                 " frequencies (the load needs an observation point)");
        return t;
    }

private:
    std::string name_;
    model_function model_;
};

/// The playback side: full-scale voltage and output impedance.
struct dac_settings {
    double full_scale_v = 0.1; ///< peak EMF at 0 dBFS, V (volume set for IEMs: a −12 dBFS sweep gives ~95 dB SPL)
    electroacoustics::output_impedance output_impedance = electroacoustics::output_impedance::from_si(0.5); ///< Z_s
};

/// The measuring microphone of the coupler (or a probe microphone at the eardrum).
struct microphone_settings {
    double sensitivity_v_per_pa = 12.5e-3; ///< V/Pa (a ½" pressure microphone of a 711 simulator: 12.5 mV/Pa)
    double self_noise_db_spl = 20.0;       ///< equivalent self-noise, dB SPL over the whole band (white)
    frequency_response calibration{};      ///< dB the microphone adds to the true pressure (empty: flat)
};

/// The recording side: preamplifier gain, full-scale voltage, latency, clock offset, electrical noise floor.
struct adc_settings {
    double full_scale_v = 1.0;            ///< peak voltage at 0 dBFS, V
    double gain_db = 20.0;                ///< microphone preamplifier gain, dB (94 dB SPL at 12.5 mV/Pa: −15 dBFS peak)
    std::size_t latency_samples = 0;      ///< round-trip latency of the interface, samples
    double clock_offset_ppm = 0.0;        ///< ADC clock relative to the DAC clock, ppm (−1000 … 1000)
    double background_noise_dbfs = -200;  ///< white noise floor of the recording, dBFS RMS
};

/// A static (Hammerstein) nonlinearity on the drive, in full-scale units: y = x + a2·x² + a3·x³.
struct drive_nonlinearity {
    double a2 = 0; ///< second-order coefficient (HD2 ≈ a2·A/2 at peak amplitude A, before the chain)
    double a3 = 0; ///< third-order coefficient (HD3 ≈ a3·A²/4)
    /// True when both coefficients are 0.
    bool linear() const noexcept { return a2 == 0 && a3 == 0; }
    /// Throws iemlab::error unless both coefficients lie within ±1 (beyond, the model folds over within full scale).
    void validate() const {
        require_in_range("drive_nonlinearity", "a2", a2, -1, 1, "");
        require_in_range("drive_nonlinearity", "a3", a3, -1, 1, "");
    }
};

/// Where the IEM is measured.
enum class rig_load_type {
    coupler, ///< IEC 60318-4 (711) ear simulator: the insertion depth is the air line before the reference plane
    canal    ///< an ear canal: the insertion depth is the seal's depth from the canal entrance
};

/// One insertion: how deep the eartip sits and how well it seals.
struct insertion {
    double depth_m = 0.003; ///< coupler: air line ahead of the reference plane; canal: seal depth from the entrance
    double leak_gap_m = 0;  ///< height of the slit leak past the eartip (0: a perfect seal)
};

/// Ranges from which insertions are drawn (uniformly), and the fixed shape of the leak slit.
struct insertion_ranges {
    double depth_min_m = 0.001;    ///< smallest depth
    double depth_max_m = 0.005;    ///< largest depth
    double leak_gap_min_m = 0;     ///< smallest leak gap (0: perfect seal possible)
    double leak_gap_max_m = 0;     ///< largest leak gap
    double leak_width_m = 0.002;   ///< slit width around the eartip, m
    double leak_length_m = 0.003;  ///< slit length along the flow (the eartip's contact length), m
    /// Insertions given one by one instead of drawn: insertion i of every channel is placements[i % size]
    /// (e.g. three good seals and one leaky one, to see what the seal check does). Empty: draw from the ranges.
    std::vector<insertion> placements;

    /// The usual ranges for a load: on a coupler the nozzle ends 1–5 mm before the reference plane; in a canal
    /// the seal sits 8–12 mm deep (an eartip in the cartilaginous part). Perfect seals, a 2 × 3 mm slit shape.
    static insertion_ranges typical_for(rig_load_type load) {
        insertion_ranges r;
        if (load == rig_load_type::canal) {
            r.depth_min_m = 0.008;
            r.depth_max_m = 0.012;
        }
        return r;
    }

    /// The usual ranges in an ITU-T P.57 Type 4.3 simulator (a canal load starting at its reference plane): the
    /// eartip seals 2–6 mm past the reference plane, well short of the drum reference point 13.3 mm in.
    static insertion_ranges typical_for_p57() {
        insertion_ranges r;
        r.depth_min_m = 0.002;
        r.depth_max_m = 0.006;
        return r;
    }
};

/// Everything that defines the simulated rig except the IEM.
struct rig_settings {
    double rate_hz = 48000;                          ///< sample rate, Hz
    dac_settings dac{};                              ///< playback
    microphone_settings microphone{};                ///< microphone
    adc_settings adc{};                              ///< recording
    rig_load_type load = rig_load_type::coupler;     ///< coupler or canal
    acoustics::ear_canal canal{};                    ///< canal geometry, eardrum, air (load = canal)
    double coupler_temperature_c = 23.0;             ///< air in the coupler, °C
    insertion_ranges insertions{};                   ///< where insertions are drawn from
    double fir_duration_s = 0.5;                     ///< length of the chain's FIR (see the file documentation)
    std::uint64_t seed = 1;                          ///< seed of every random draw (noise, insertions)

    /// Throws iemlab::error naming the first setting out of range.
    void validate() const {
        constexpr const char* where = "rig_settings";
        require_in_range(where, "rate", rate_hz, 8000, 384000, "Hz");
        require_positive(where, "dac.full_scale_v", dac.full_scale_v, "V");
        require_positive(where, "microphone.sensitivity", microphone.sensitivity_v_per_pa, "V/Pa");
        require_in_range(where, "microphone.self_noise", microphone.self_noise_db_spl, -200, 140, "dB SPL");
        require_positive(where, "adc.full_scale_v", adc.full_scale_v, "V");
        require_in_range(where, "adc.gain", adc.gain_db, -40, 80, "dB");
        require_in_range(where, "adc.clock_offset", adc.clock_offset_ppm, -1000, 1000, "ppm");
        require_in_range(where, "adc.background_noise", adc.background_noise_dbfs, -300, 0, "dBFS");
        require_in_range(where, "adc.latency", double(adc.latency_samples), 0, 10 * rate_hz, "samples");
        require_in_range(where, "coupler_temperature", coupler_temperature_c, -20, 60, "C");
        require_in_range(where, "fir_duration", fir_duration_s, 0.01, 10, "s");
        const auto& r = insertions;
        const double max_depth = load == rig_load_type::coupler ? 0.03 : canal.geometry.length() * 0.95;
        require_in_range(where, "insertion depth_min", r.depth_min_m, 0, max_depth, "m");
        require_in_range(where, "insertion depth_max", r.depth_max_m, r.depth_min_m, max_depth, "m");
        require_in_range(where, "leak_gap_min", r.leak_gap_min_m, 0, 0.005, "m");
        require_in_range(where, "leak_gap_max", r.leak_gap_max_m, r.leak_gap_min_m, 0.005, "m");
        require_in_range(where, "leak_width", r.leak_width_m, 1e-6, 0.05, "m");
        require_in_range(where, "leak_length", r.leak_length_m, 1e-6, 0.05, "m");
        if (load == rig_load_type::canal && canal.eardrum_file) {
            // The chain's filter evaluates the load on its FFT bins, from rate/size up to rate/2.
            const auto size = dsp::next_fast_real_size(static_cast<std::size_t>(std::ceil(fir_duration_s * rate_hz)));
            const double lo = rate_hz / static_cast<double>(size), hi = rate_hz / 2;
            const auto& f = canal.eardrum_file->frequencies();
            if (f.front() > lo * (1 + 1e-9) || f.back() < hi * (1 - 1e-9))
                throw_out_of_range(where, "eardrum table", f.front(), "Hz",
                                   "a table from " + format_number(lo) + " Hz (rate/FIR size) to " + format_number(hi) +
                                       " Hz (rate/2), the band the simulated rig evaluates; this one covers " +
                                       format_number(f.front()) + " … " + format_number(f.back()) + " Hz");
        }
        for (const auto& p : r.placements) {
            require_in_range(where, "placement depth", p.depth_m, 0, max_depth, "m");
            require_in_range(where, "placement leak_gap", p.leak_gap_m, 0, 0.005, "m");
        }
    }

    /// Recorded full-scale units per pascal at the microphone (flat part of its response).
    double fs_per_pa() const noexcept {
        return microphone.sensitivity_v_per_pa * db_to_amplitude(adc.gain_db) / adc.full_scale_v;
    }
};

/// Draws an insertion uniformly from `ranges` with `rng`.
inline insertion draw_insertion(const insertion_ranges& ranges, std::mt19937_64& rng) {
    auto uniform = [&](double lo, double hi) {
        // 53 random bits → [0, 1): the same on every platform (std::uniform_real_distribution is not specified).
        const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
        return lo + (hi - lo) * u;
    };
    insertion i;
    i.depth_m = uniform(ranges.depth_min_m, ranges.depth_max_m);
    i.leak_gap_m = uniform(ranges.leak_gap_min_m, ranges.leak_gap_max_m);
    return i;
}

/// The `k`-th placement (0-based) of one channel: placements[k % size] when `ranges` lists them, else a draw with
/// `rng`. Reinsertions count on: the first reinsertion after three insertions is placement 3.
inline insertion next_insertion(const insertion_ranges& ranges, std::size_t k, std::mt19937_64& rng) {
    if (!ranges.placements.empty()) return ranges.placements[k % ranges.placements.size()];
    return draw_insertion(ranges, rng);
}

namespace detail {

// Standard normal deviates by Box–Muller on 53-bit uniforms of mt19937_64: reproducible across platforms.
class gaussian_source {
public:
    explicit gaussian_source(std::uint64_t seed) : rng_(seed) {}
    double operator()() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u1 = 0;
        while (u1 <= 0) u1 = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
        const double u2 = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
        const double r = std::sqrt(-2 * std::log(u1));
        spare_ = r * std::sin(2 * std::numbers::pi * u2);
        has_spare_ = true;
        return r * std::cos(2 * std::numbers::pi * u2);
    }

private:
    std::mt19937_64 rng_;
    double spare_ = 0;
    bool has_spare_ = false;
};

// Band-limited resampling for a clock offset: out[n] = x(n·ratio) by a Kaiser-windowed sinc (32 taps each side,
// β = 9: about −90 dB stop band; pass band flat to < 0.01 dB below 0.85·Nyquist).
inline std::vector<double> resample_clock(std::span<const double> x, double ratio) {
    constexpr int half = 32;
    constexpr double beta = 9.0;
    auto bessel_i0 = [](double v) {
        double sum = 1, term = 1;
        for (int k = 1; k < 60; ++k) {
            term *= (v / (2 * k)) * (v / (2 * k));
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return sum;
    };
    const double i0_beta = bessel_i0(beta);
    std::vector<double> out(x.size());
    for (std::size_t n = 0; n < out.size(); ++n) {
        const double t = static_cast<double>(n) * ratio;
        const auto centre = static_cast<long long>(std::floor(t));
        double acc = 0;
        for (long long k = centre - half + 1; k <= centre + half; ++k) {
            if (k < 0 || k >= static_cast<long long>(x.size())) continue;
            const double d = t - static_cast<double>(k);
            const double sinc = d == 0 ? 1.0 : std::sin(std::numbers::pi * d) / (std::numbers::pi * d);
            const double r = d / half;
            if (std::fabs(r) >= 1) continue;
            acc += x[static_cast<std::size_t>(k)] * sinc * bessel_i0(beta * std::sqrt(1 - r * r)) / i0_beta;
        }
        out[n] = acc;
    }
    return out;
}

} // namespace detail

/// Samples at or beyond full scale in a recording: how many, and where the first one is.
struct clipping_report {
    std::size_t samples = 0;     ///< number of samples with |x| >= the threshold
    std::size_t first_index = 0; ///< index of the first (valid when samples > 0)
    double first_time_s = 0;     ///< time of the first, s
    /// True when any sample clipped.
    bool clipped() const noexcept { return samples > 0; }
};

/// Finds samples with |x| >= `threshold` (default 0.999 of full scale: a PCM16 file clips at 32767/32768).
template <class T>
clipping_report detect_clipping(std::span<const T> x, double rate_hz, double threshold = 0.999) {
    require_positive("detect_clipping", "rate", rate_hz, "Hz");
    require_in_range("detect_clipping", "threshold", threshold, 0.5, 2.0, "");
    clipping_report r;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (std::fabs(static_cast<double>(x[i])) >= threshold) {
            if (r.samples == 0) {
                r.first_index = i;
                r.first_time_s = static_cast<double>(i) / rate_hz;
            }
            ++r.samples;
        }
    return r;
}

/// One insertion of one IEM on the rig, realised as an FIR filter (plan: built once, record() many times).
///
/// H(f) = V_fs,DAC · Z/(Z + Z_s) · p/V(f) · S_mic · C_mic(f) · g_ADC / V_fs,ADC · g_channel, in full-scale units
/// per full-scale unit; see the file documentation for the realisation.
class rig_chain {
public:
    /// Builds the chain of `iem` on `settings`'s rig for `placement`, with a channel gain trim `gain_db`
    /// (unit-to-unit sensitivity difference of a left/right pair).
    /// @throws iemlab::error on invalid settings, or when the FIR's tail is above −100 dB (fir_duration too short).
    rig_chain(const rig_settings& settings, const simulated_iem& iem, const insertion& placement, double gain_db = 0)
        : settings_(settings), iem_(iem), placement_(placement), gain_db_(gain_db) {
        settings_.validate();
        require_in_range("rig_chain", "gain", gain_db, -40, 40, "dB");
        const double fs = settings_.rate_hz;
        const std::size_t size = dsp::next_fast_real_size(static_cast<std::size_t>(std::ceil(settings_.fir_duration_s * fs)));
        const std::size_t bins = size / 2 + 1;
        std::vector<double> f(bins - 1);
        for (std::size_t k = 1; k < bins; ++k) f[k - 1] = static_cast<double>(k) * fs / static_cast<double>(size);
        bin_frequencies_ = f;

        // Microphone: minimum phase of the calibration magnitude on the filter's bins.
        mic_phase_.assign(bins, 0.0);
        mic_db_.assign(bins, 0.0);
        if (!settings_.microphone.calibration.empty()) {
            const auto& cal = settings_.microphone.calibration;
            std::vector<double> all(bins);
            for (std::size_t k = 0; k < bins; ++k) all[k] = static_cast<double>(k) * fs / static_cast<double>(size);
            all[0] = all[1] / 2; // the held low end stands for DC
            mic_db_ = dsp::interpolate_log(cal.frequencies(), cal.magnitude_db(), all);
            const dsp::minimum_phase_plan plan(size);
            std::vector<double> scratch(plan.scratch_size());
            plan.execute(mic_db_, mic_phase_, scratch);
        }

        const std::vector<std::complex<double>> h = transfer_on(f, true);
        aligned_buffer<double> re(bins), im(bins), circular(size), fir(size);
        re[0] = h.front().real();
        for (std::size_t k = 1; k < bins; ++k) {
            re[k] = h[k - 1].real();
            im[k] = h[k - 1].imag();
        }
        if (size % 2 == 0) im[bins - 1] = 0;
        const dsp::real_fft_plan<double> plan(size);
        aligned_buffer<double> scratch(plan.scratch_size());
        plan.inverse(re.span(), im.span(), circular.span(), scratch.span());
        for (std::size_t i = 0; i < size; ++i) fir[(i + fir_preroll) % size] = circular[i];

        double total = 0, tail = 0;
        const std::size_t tail_start = size - size / 8;
        for (std::size_t i = 0; i < size; ++i) {
            const double e = fir[i] * fir[i];
            total += e;
            if (i >= tail_start) tail += e;
        }
        tail_db_ = power_to_db(tail / std::max(total, 1e-300));
        if (tail_db_ > -60)
            throw_out_of_range("rig_chain", "fir_duration", settings_.fir_duration_s, "s",
                               "long enough for the chain's response to decay: its last eighth holds " +
                                   format_number(std::round(tail_db_)) + " dB of the energy (need <= -60 dB)");
        for (std::size_t i = tail_start; i < size; ++i) {
            const double x = (static_cast<double>(size - i) - 0.5) / static_cast<double>(size - tail_start);
            fir[i] *= 0.5 - 0.5 * std::cos(std::numbers::pi * x);
        }
        fir_ = std::move(fir);
        convolver_ = std::make_shared<const dsp::overlap_save_convolver<double>>(fir_.span());
    }

    /// Samples by which the filter is rotated to hold the converters' (zero-phase) pre-ringing: a constant delay.
    static constexpr std::size_t fir_preroll = 64;
    /// The FIR filter (full-scale in → full-scale out).
    std::span<const double> fir() const noexcept { return fir_.span(); }
    /// Energy of the FIR's last eighth relative to all of it, dB (before the fade; see the file documentation).
    double tail_level_db() const noexcept { return tail_db_; }
    /// The insertion this chain realises.
    const insertion& placement() const noexcept { return placement_; }
    /// The rig settings.
    const rig_settings& settings() const noexcept { return settings_; }
    /// The IEM.
    const simulated_iem& iem() const noexcept { return iem_; }
    /// Samples record() writes for an excitation of `excitation_length`: the excitation, the filter's length and
    /// the latency.
    std::size_t recording_length(std::size_t excitation_length) const noexcept {
        return excitation_length + fir_.size() - 1 + settings_.adc.latency_samples;
    }

    /// The acoustic load of this insertion on `g` (coupler or canal, leak included).
    electroacoustics::acoustic_load acoustic_load(const network::grid& g) const {
        const auto& r = settings_.insertions;
        if (settings_.load == rig_load_type::canal) {
            acoustics::leak tip;
            if (placement_.leak_gap_m > 0) tip = acoustics::leak::slit(settings_.canal.air, r.leak_width_m, placement_.leak_gap_m, r.leak_length_m);
            return electroacoustics::canal_load(g, settings_.canal, placement_.depth_m, tip);
        }
        const auto air = air_properties::at_celsius(settings_.coupler_temperature_c);
        electroacoustics::acoustic_load load = electroacoustics::coupler_load(g, air, placement_.depth_m);
        if (!(placement_.leak_gap_m > 0)) return load;
        // A leak at the tip plane, in parallel with the coupler: Z_in ∥ Z_leak, and p_mic scales with the pressure
        // left at the tip plane, Z_T·(Z_in ∥ Z_leak)/Z_in.
        const auto leak = acoustics::leak::slit(air, r.leak_width_m, placement_.leak_gap_m, r.leak_length_m);
        std::vector<std::complex<double>> zin(g.size()), zt(g.size());
        for (std::size_t i = 0; i < g.size(); ++i) {
            const std::complex<double> z = load.input_impedance()[i], zl = leak.impedance(g.omega()[i]);
            zin[i] = z * zl / (z + zl);
            zt[i] = load.transfer_impedance()[i] * zin[i] / z;
        }
        return {std::vector<double>(g.frequencies().begin(), g.frequencies().end()), std::move(zin), std::move(zt),
                load.name() + " with leak"};
    }

    /// The chain's transfer function H(f) (full-scale units out per full-scale unit in) on `frequency_hz`
    /// (> 0, strictly increasing), straight from the frequency-domain models: what a measurement must return.
    /// The microphone calibration's minimum phase is interpolated from the filter's bins.
    std::vector<std::complex<double>> transfer(std::span<const double> frequency_hz) const {
        return transfer_on(frequency_hz, false);
    }

    /// Electrical impedance of the IEM in this insertion on `frequency_hz`.
    std::vector<std::complex<double>> impedance(std::span<const double> frequency_hz) const {
        const network::grid g(frequency_hz);
        return iem_.evaluate(g, acoustic_load(g)).impedance;
    }

    /// Plays `excitation` (full-scale units) through the chain into `out` (recording_length() samples):
    /// nonlinearity, DAC clipping at ±1, the FIR, the clock offset, the latency, noise (`seed`) and ADC clipping
    /// at ±1. Returns the ADC's clipping report.
    /// @throws iemlab::error when `out` has the wrong size.
    clipping_report record(std::span<const double> excitation, std::span<double> out, std::uint64_t seed,
                           const drive_nonlinearity& nonlinearity = {}) const {
        constexpr const char* where = "rig_chain::record";
        if (out.size() != recording_length(excitation.size()))
            throw_out_of_range(where, "out.size()", double(out.size()), "",
                               "recording_length() = " + std::to_string(recording_length(excitation.size())));
        require_in_range(where, "a2", nonlinearity.a2, -10, 10, "");
        require_in_range(where, "a3", nonlinearity.a3, -10, 10, "");
        std::vector<double> drive(excitation.begin(), excitation.end());
        for (double& x : drive) {
            if (!nonlinearity.linear()) x = x + nonlinearity.a2 * x * x + nonlinearity.a3 * x * x * x;
            x = std::clamp(x, -1.0, 1.0);
        }
        const std::size_t body = excitation.size() + fir_.size() - 1;
        std::vector<double> y(body);
        aligned_buffer<double> scratch(convolver_->scratch_size());
        convolver_->execute(drive, y, scratch.span());
        if (settings_.adc.clock_offset_ppm != 0) y = detail::resample_clock(y, 1 + settings_.adc.clock_offset_ppm * 1e-6);
        const std::size_t latency = settings_.adc.latency_samples;
        std::fill(out.begin(), out.end(), 0.0);
        std::copy(y.begin(), y.end(), out.begin() + static_cast<std::ptrdiff_t>(latency));
        const double mic_noise_pa = reference_pressure_pa * db_to_amplitude(settings_.microphone.self_noise_db_spl);
        const double mic_noise_fs = mic_noise_pa * settings_.fs_per_pa();
        const double floor_fs = db_to_amplitude(settings_.adc.background_noise_dbfs);
        const double sigma = std::sqrt(mic_noise_fs * mic_noise_fs + floor_fs * floor_fs);
        if (sigma > 1e-12) {
            detail::gaussian_source gauss(seed);
            for (double& v : out) v += sigma * gauss();
        }
        const clipping_report clip = detect_clipping(std::span<const double>(out), settings_.rate_hz, 1.0);
        for (double& v : out) v = std::clamp(v, -1.0, 1.0);
        return clip;
    }

private:
    // H on `f`; `bins` = f are this chain's FFT bins 1…N/2 (microphone phase taken directly).
    std::vector<std::complex<double>> transfer_on(std::span<const double> f, bool bins) const {
        const network::grid g(f);
        const iem_transfer t = iem_.evaluate(g, acoustic_load(g));
        std::vector<double> cal_db(f.size(), 0.0), cal_phase(f.size(), 0.0);
        if (!settings_.microphone.calibration.empty()) {
            if (bins) {
                for (std::size_t i = 0; i < f.size(); ++i) cal_db[i] = mic_db_[i + 1], cal_phase[i] = mic_phase_[i + 1];
            } else {
                cal_db = dsp::interpolate_log(settings_.microphone.calibration.frequencies(),
                                              settings_.microphone.calibration.magnitude_db(), f);
                // Phase: linear in f between bins (1.5 Hz apart at the default length).
                for (std::size_t i = 0; i < f.size(); ++i) {
                    const double x = f[i] / bin_spacing();
                    const auto k = std::min(static_cast<std::size_t>(x), mic_phase_.size() - 2);
                    const double a = x - static_cast<double>(k);
                    cal_phase[i] = (1 - a) * mic_phase_[k] + a * mic_phase_[k + 1];
                }
            }
        }
        const double scale = settings_.dac.full_scale_v * settings_.fs_per_pa() * db_to_amplitude(gain_db_);
        const double nyquist = settings_.rate_hz / 2, corner = 0.9 * nyquist;
        std::vector<std::complex<double>> h(f.size());
        for (std::size_t i = 0; i < f.size(); ++i) {
            const std::complex<double> divider =
                electroacoustics::voltage_divider(t.impedance[i], settings_.dac.output_impedance.at(f[i]));
            const double band = f[i] <= corner    ? 1.0
                                : f[i] >= nyquist ? 0.0
                                                  : 0.5 + 0.5 * std::cos(std::numbers::pi * (f[i] - corner) / (nyquist - corner));
            h[i] = scale * band * divider * t.pressure_per_volt[i] *
                   std::polar(db_to_amplitude(cal_db[i]), cal_phase[i]);
        }
        return h;
    }
    double bin_spacing() const noexcept { return bin_frequencies_.front(); }

    rig_settings settings_;
    simulated_iem iem_;
    insertion placement_;
    double gain_db_;
    std::vector<double> bin_frequencies_;
    std::vector<double> mic_db_, mic_phase_;
    aligned_buffer<double> fir_;
    double tail_db_ = 0;
    std::shared_ptr<const dsp::overlap_save_convolver<double>> convolver_;
};

} // namespace iemlab::inline v0::measure

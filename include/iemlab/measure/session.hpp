#pragma once
/// @file
/// @brief The measurement procedure: a synchronized sweep, each recording deconvolved into its linear response
/// and harmonic distortion, a level check and clipping detection per recording, N reinsertions per channel
/// averaged with their spread, L/R, normalisation (85 dB at 1 kHz by default), comparison against a target and
/// another IEM, the Harman in-ear preference score and THD per channel — on recordings from a real rig
/// (measure_recordings()) or from the simulated rig (measure_simulated()).
///
/// Conventions: a recording's linear response is H = recording/excitation in full-scale units (0 dB = unity
/// gain). With a known rig sensitivity (full-scale units per pascal) it is turned into dB SPL for the sweep's
/// drive, SPL(f) = 20·log10(|H(f)|·A/√2/(FS per Pa)/20 µPa) with A the sweep's peak amplitude; otherwise levels
/// stay in dB re full scale. Insertions are averaged in power (REW's RMS average) on the
/// analysis grid, with min/max and the sample standard deviation as spread. Both channels get the same
/// normalisation offset (from their power average at the reference frequency), so the L/R imbalance survives.

#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/deconvolve.hpp"
#include "iemlab/dsp/harmonics.hpp"
#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/dsp/sweep.hpp"
#include "iemlab/electroacoustics/source.hpp"
#include "iemlab/io/mic_calibration.hpp"
#include "iemlab/measure/average.hpp"
#include "iemlab/measure/normalize.hpp"
#include "iemlab/measure/rig.hpp"
#include "iemlab/measure/sweep_analysis.hpp"
#include "iemlab/measure/target.hpp"
#include "iemlab/measure/terminal_drive.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::measure {

/// The excitation: a synchronized sweep (Novak) and how often it is played per insertion.
struct sweep_settings {
    double f1_hz = 10;          ///< start frequency (below the analysis band: the gate and the fade-in need room)
    double f2_hz = 22000;       ///< end frequency (above the analysis band, below rate/2)
    double duration_s = 2;      ///< requested duration (the synchronized sweep rounds it)
    double level_dbfs = -12;    ///< peak level, dBFS (REW's default −12 dBFS)
    unsigned repetitions = 1;   ///< sweeps per insertion, averaged synchronously before deconvolution (+3 dB SNR each doubling)

    /// The defaults at `rate_hz`: f2 at most 0.46·rate (room for the converters' anti-alias roll-off).
    static sweep_settings defaults_at(double rate_hz) {
        sweep_settings s;
        if (std::isfinite(rate_hz) && rate_hz > 0) s.f2_hz = std::min(s.f2_hz, 0.46 * rate_hz);
        return s;
    }

    /// The sweep at `rate_hz`.
    /// @throws iemlab::error for parameters the sweep rejects or a level above 0 dBFS.
    dsp::swept_sine make(double rate_hz) const {
        require_in_range("sweep_settings", "level", level_dbfs, -120, 0, "dBFS");
        require_in_range("sweep_settings", "repetitions", repetitions, 1, 64, "");
        dsp::sweep_shape shape;
        shape.amplitude = db_to_amplitude(level_dbfs);
        return dsp::synchronized_sweep::from_si(f1_hz, f2_hz, duration_s, rate_hz, shape);
    }
};

/// A warning raised during a measurement (clipping, level), with where it happened.
struct measurement_warning {
    std::string channel;     ///< "left", "right"
    std::size_t insertion;   ///< 1-based insertion number; 0: every insertion of the channel
    std::string message;     ///< one line, e.g. "recording clipped: 12 samples from 1.234 s"

    /// Where it happened, as messages name it: "left, insertion 2" or "left, every insertion".
    std::string where() const {
        return channel + (insertion ? ", insertion " + std::to_string(insertion) : std::string(", every insertion"));
    }
};

/// One channel of one IEM: its insertions, their average and spread, and distortion.
struct channel_result {
    std::string name;                          ///< "left" / "right"
    std::vector<recording_analysis> insertions;///< per insertion (levels in the result's unit, correction applied)
    std::vector<insertion> placements;         ///< simulated rig: the insertion drawn for each
    std::vector<insertion_check> fits;         ///< seal check per insertion (empty: one insertion, or not checkable)
    std::vector<bool> averaged;                ///< per insertion: part of the average (false: left out as flagged)
    std::optional<rolloff_check> rolloff;      ///< low-frequency roll-off of the average (none: band not reached)
    response_average average;                  ///< insertions averaged (not normalised) with min/max/std
    frequency_response normalized;             ///< average.mean plus the result's normalisation offset
    std::vector<double> thd_frequency_hz;      ///< where THD is valid for every insertion
    std::vector<double> thd_percent;           ///< RMS over insertions of THD_F, %
    /// Each harmonic alone: hd_percent[n − 2][k] = RMS over insertions of |H_n(n·f)|/|H_1(f)|·100 at
    /// thd_frequency_hz[k], n = 2…K; NaN where some insertion's order n does not reach (n·f above the band).
    std::vector<std::vector<double>> hd_percent;
    double level_1k_db = 0;                    ///< average level at 1 kHz before normalisation
    /// Sensitivity at 1 kHz from level_1k_db, when the microphone and the drive are calibrated
    /// (analysis_settings::fs_per_pa and analysis_settings::drive).
    std::optional<measured_sensitivity> sensitivity;
};

/// How a response differs from a target (both normalised alike).
struct target_comparison {
    frequency_response target;      ///< the target, centred at 1 kHz, shifted to the normalised level
    frequency_response error;       ///< measurement − target on the analysis grid
    preference_score score;         ///< Harman in-ear predicted preference (AutoEq's computation)
};

/// Everything one IEM's measurement gives.
struct measurement_result {
    std::string name;                            ///< IEM name
    std::string level_unit = "dB re FS";         ///< "dB SPL" when the rig's sensitivity is known
    std::vector<channel_result> channels;        ///< one or two channels
    double normalization_offset_db = 0;          ///< added to every channel
    frequency_response combined;                 ///< normalised power average of the channels
    std::optional<channel_imbalance> imbalance;  ///< left − right (two channels)
    std::optional<target_comparison> target;     ///< when a target was given
    std::vector<std::optional<preference_score>> channel_scores; ///< per channel, when a target was given
    double sweep_level_dbfs = 0;                 ///< sweep peak level
    std::optional<double> drive_v_rms;           ///< EMF of the sweep, V RMS (known rig)
    std::optional<double> source_impedance_ohm;  ///< |Z_s| at 1 kHz (simulated rig)
    std::vector<double> impedance_frequency_hz;  ///< simulated: grid of the impedance curve
    std::vector<std::complex<double>> impedance; ///< simulated: IEM impedance (first insertion, left)
    std::vector<double> tilt_db;                 ///< simulated: 20·log10|Z/(Z + Z_s)|, not normalised
    std::vector<measurement_warning> warnings;   ///< clipping and level warnings
};

namespace detail {

inline void add_level_warnings(const level_report& l, const analysis_settings& s, const std::string& channel,
                               std::size_t insertion, std::vector<measurement_warning>& out) {
    for (auto& w : level_warnings(l, s)) out.push_back({channel, insertion, std::move(w)});
}

} // namespace detail

/// Combines per-channel recording analyses into a measurement: unit conversion, microphone correction,
/// averaging with spread, THD, common normalisation, imbalance and, with a `target`, the comparison and score.
/// `channels[c]` holds channel c's insertions; `names[c]` its name.
/// @throws iemlab::error when a channel has no insertion, or the normalisation frequency lies outside the grid.
inline measurement_result combine_measurement(std::string name, std::vector<std::string> names,
                                              std::vector<std::vector<recording_analysis>> channels,
                                              double sweep_amplitude, const analysis_settings& settings,
                                              const std::optional<frequency_response>& target = std::nullopt) {
    constexpr const char* where = "combine_measurement";
    if (channels.empty() || channels.size() != names.size())
        throw_invalid(where, "channels", "need one or more channels, each with a name");
    measurement_result m;
    m.name = std::move(name);
    m.sweep_level_dbfs = amplitude_to_db(sweep_amplitude);
    double to_unit_db = 0;
    if (settings.fs_per_pa) {
        require_positive(where, "fs_per_pa", *settings.fs_per_pa, "FS/Pa");
        m.level_unit = "dB SPL";
        to_unit_db = amplitude_to_db(sweep_amplitude / std::sqrt(2.0) / *settings.fs_per_pa / reference_pressure_pa);
    }
    std::vector<frequency_response> averages;
    for (std::size_t c = 0; c < channels.size(); ++c) {
        if (channels[c].empty()) throw_invalid(where, names[c], "has no insertion to average");
        channel_result ch;
        ch.name = names[c];
        std::vector<frequency_response> responses;
        for (std::size_t i = 0; i < channels[c].size(); ++i) {
            recording_analysis a = std::move(channels[c][i]);
            a.response = a.response.with_gain(to_unit_db);
            if (!settings.mic_correction.empty()) a.response = io::apply_mic_calibration(a.response, settings.mic_correction);
            a.response.set_name(ch.name + " insertion " + std::to_string(i + 1));
            detail::add_level_warnings(a.levels, settings, ch.name, i + 1, m.warnings);
            responses.push_back(a.response);
            ch.insertions.push_back(std::move(a));
        }
        // Seal check: each insertion against the others; flagged ones are named, and left out on request.
        ch.averaged.assign(responses.size(), true);
        if (responses.size() > 1) {
            try {
                ch.fits = check_insertions(responses, settings.seal);
            } catch (const error&) {
                // The analysis band misses the check's bands (e.g. f_min above 100 Hz): no verdict (fits empty).
            }
        }
        std::vector<frequency_response> kept;
        for (std::size_t i = 0; i < ch.fits.size(); ++i) {
            const auto& fit = ch.fits[i];
            if (fit.fit == insertion_fit::ok) continue;
            std::string what = fit.fit == insertion_fit::leak
                                   ? "suspected leak: " + format_number(std::round(fit.bass_deficit_db * 10) / 10) +
                                         " dB less bass (" + format_number(settings.seal.bass_lo_hz) + "–" +
                                         format_number(settings.seal.bass_hi_hz) + " Hz re " +
                                         format_number(settings.seal.reference_hz) + " Hz) than the best-sealed insertions"
                                   : "treble " + format_number(std::round(fit.treble_deficit_db * 10) / 10) + " dB below the other insertions (" +
                                         format_number(settings.seal.treble_lo_hz) + "–" + format_number(settings.seal.treble_hi_hz) +
                                         " Hz re " + format_number(settings.seal.reference_hz) +
                                         " Hz): blocked or misdirected nozzle?";
            if (settings.exclude_flagged) {
                ch.averaged[i] = false;
                what += " (left out of the average)";
            } else {
                what += " (reinsert, or leave it out with --exclude-leaky)";
            }
            m.warnings.push_back({ch.name, i + 1, std::move(what)});
        }
        for (std::size_t i = 0; i < responses.size(); ++i)
            if (ch.averaged[i]) kept.push_back(responses[i]);
        if (kept.empty()) { // every insertion flagged: nothing agrees, so none is left out
            ch.averaged.assign(responses.size(), true);
            kept = responses;
            m.warnings.push_back({ch.name, 0, "all flagged by the seal check: none agrees with another, so none is left out of the average"});
        }
        ch.average = average_responses(kept, settings.mode);
        ch.average.mean.set_name(m.name + " " + ch.name);
        ch.level_1k_db = level_at(ch.average.mean, 1000.0);
        // A roll-off every averaged insertion shares is invisible to the seal check: a leak in the rig itself.
        ch.rolloff = check_rolloff(ch.average.mean, settings.seal);
        if (ch.rolloff && ch.rolloff->flagged)
            m.warnings.push_back({ch.name, 0,
                                  "low-frequency roll-off: " + format_number(std::round(ch.rolloff->rolloff_db * 10) / 10) +
                                      " dB less at " + format_number(settings.seal.rolloff_lo_hz) + "–" +
                                      format_number(settings.seal.rolloff_hi_hz) + " Hz than at " +
                                      format_number(settings.seal.rolloff_ref_lo_hz) + "–" +
                                      format_number(settings.seal.rolloff_ref_hi_hz) +
                                      " Hz — a leak in the rig (coupler seal, adapter, tubing), or an IEM vented on purpose"});
        if (settings.fs_per_pa && settings.drive) ch.sensitivity = sensitivity_from(ch.level_1k_db, *settings.drive);
        // THD: RMS over insertions, where every insertion has a value.
        const auto& first = ch.insertions.front().distortion;
        ch.hd_percent.resize(first.hd_db.size());
        std::vector<std::size_t> at(ch.insertions.size());
        for (std::size_t k = 0; k < first.frequency_hz.size(); ++k) {
            const double f = first.frequency_hz[k];
            double sum = 0;
            bool all = true;
            for (std::size_t j = 0; j < ch.insertions.size() && all; ++j) {
                const auto& d = ch.insertions[j].distortion;
                const auto it = std::find(d.frequency_hz.begin(), d.frequency_hz.end(), f);
                all = it != d.frequency_hz.end();
                if (!all) break;
                at[j] = static_cast<std::size_t>(it - d.frequency_hz.begin());
                const double t = d.thd_f_percent[at[j]];
                sum += t * t;
            }
            if (!all) continue;
            const double count = static_cast<double>(ch.insertions.size());
            ch.thd_frequency_hz.push_back(f);
            ch.thd_percent.push_back(std::sqrt(sum / count));
            for (unsigned n = 2; n < ch.hd_percent.size() + 2; ++n) {
                double s2 = 0;
                bool reach = true;
                for (std::size_t j = 0; j < ch.insertions.size() && reach; ++j) {
                    const auto& d = ch.insertions[j].distortion;
                    reach = n - 2 < d.hd_db.size() && d.has(n, at[j]);
                    if (reach) s2 += std::pow(db_to_amplitude(d.hd_db[n - 2][at[j]]) * 100, 2);
                }
                ch.hd_percent[n - 2].push_back(reach ? std::sqrt(s2 / count) : std::numeric_limits<double>::quiet_NaN());
            }
        }
        averages.push_back(ch.average.mean);
        m.channels.push_back(std::move(ch));
    }
    const response_average both = average_responses(averages, settings.mode);
    m.normalization_offset_db = settings.normalize.offset_for(both.mean);
    m.combined = both.mean.with_gain(m.normalization_offset_db);
    m.combined.set_name(m.name);
    for (auto& ch : m.channels) {
        ch.normalized = ch.average.mean.with_gain(m.normalization_offset_db);
        ch.normalized.set_name(m.name + " " + ch.name);
    }
    if (m.channels.size() == 2)
        m.imbalance = compute_channel_imbalance(m.channels[0].average.mean, m.channels[1].average.mean);
    if (target) {
        target_comparison t;
        const double at_1k = level_at(m.combined, 1000.0);
        t.target = center_at(dsp::resample(*target, m.combined.frequencies(), dsp::extrapolation::linear)).with_gain(at_1k);
        t.target.set_name(target->name().empty() ? "target" : target->name());
        t.error = error_curve(m.combined, *target);
        t.score = harman_inear_preference_score(m.combined, *target);
        m.target = std::move(t);
        for (const auto& ch : m.channels) m.channel_scores.push_back(harman_inear_preference_score(ch.normalized, *target));
    }
    return m;
}

/// One channel of a simulated session: its name and the unit-to-unit gain trim of its driver.
struct channel_spec {
    std::string name = "left"; ///< channel name
    double gain_db = 0;        ///< sensitivity difference of this channel's driver, dB
};

/// The procedure on the simulated rig.
struct session_settings {
    sweep_settings sweep{};                      ///< excitation
    analysis_settings analysis{};                ///< analysis and combination
    unsigned insertions = 3;                     ///< reinsertions per channel
    std::vector<channel_spec> channels{{"left", 0.0}, {"right", 0.0}}; ///< channels measured
    drive_nonlinearity nonlinearity{};           ///< optional driver nonlinearity

    /// Throws iemlab::error naming the first setting out of range for a rig at `rate_hz`: the sweep, 1 … 100
    /// insertions, at least one channel with a gain trim within ±40 dB, the nonlinearity, the analysis.
    void validate(double rate_hz) const {
        constexpr const char* where = "session_settings";
        (void)sweep.make(rate_hz);
        require_in_range(where, "insertions", insertions, 1, 100, "");
        if (channels.empty()) throw_invalid(where, "channels", "is empty");
        for (const auto& ch : channels) require_in_range(where, "channel gain", ch.gain_db, -40, 40, "dB");
        nonlinearity.validate();
        analysis.validate();
    }
};

/// Progress of a session: channel name, insertion (1-based) and the total count.
using progress_function = std::function<void(const std::string& channel, std::size_t insertion, std::size_t of)>;

namespace detail {
// SplitMix64 (Steele, Lea & Flood 2014): decorrelates the seeds of the streams derived from one seed.
inline std::uint64_t mix_seed(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}
} // namespace detail

/// Measures `iem` on the simulated rig: for each channel, `insertions` insertions drawn from the rig's ranges
/// (the draws depend on the rig's seed and the channel only, so different IEMs measured with one seed see
/// the same placements), each played `repetitions` times with independent noise, analysed and combined.
/// The rig's sensitivity is known, so levels are dB SPL; the impedance and the source's tilt are recorded.
inline measurement_result measure_simulated(const rig_settings& rig, const simulated_iem& iem,
                                            const session_settings& session,
                                            const std::optional<frequency_response>& target = std::nullopt,
                                            const progress_function& progress = {}) {
    rig.validate();
    session.validate(rig.rate_hz);
    const dsp::swept_sine sweep = session.sweep.make(rig.rate_hz);
    const auto x = sweep.samples<double>(simd_level::scalar);
    analysis_settings analysis = session.analysis;
    analysis.fs_per_pa = rig.fs_per_pa();
    analysis.remove_dc = false; // the simulated ADC has no offset: the recording's mean is signal
    if (analysis.mic_correction.empty()) analysis.mic_correction = rig.microphone.calibration;

    std::vector<std::string> names;
    std::vector<std::vector<recording_analysis>> analyses;
    std::vector<std::vector<insertion>> placements;
    std::optional<sweep_analyzer> analyzer;
    std::optional<rig_chain> first_chain;
    for (std::size_t c = 0; c < session.channels.size(); ++c) {
        const channel_spec& ch = session.channels[c];
        names.push_back(ch.name);
        std::mt19937_64 rng(detail::mix_seed(rig.seed ^ (0x100000001b3ull * (c + 1))));
        std::vector<recording_analysis> per;
        std::vector<insertion> where_placed;
        for (unsigned i = 0; i < session.insertions; ++i) {
            if (progress) progress(ch.name, i + 1, session.insertions);
            const insertion placement = next_insertion(rig.insertions, i, rng);
            const rig_chain chain(rig, iem, placement, ch.gain_db);
            const std::size_t length = chain.recording_length(x.size());
            if (!analyzer) analyzer.emplace(sweep, x.span(), length, analysis);
            std::vector<double> sum(length, 0.0), one(length);
            clipping_report clip;
            for (unsigned r = 0; r < session.sweep.repetitions; ++r) {
                const std::uint64_t seed = detail::mix_seed(rig.seed + 7919 * (c + 1) + 104729 * (i + 1) + r);
                const auto cr = chain.record(x.span(), one, seed, session.nonlinearity);
                if (cr.clipped() && !clip.clipped()) clip = cr;
                else clip.samples += cr.samples;
                for (std::size_t k = 0; k < length; ++k) sum[k] += one[k];
            }
            for (double& v : sum) v /= session.sweep.repetitions;
            recording_analysis a = analyzer->analyze(sum);
            if (clip.clipped()) a.levels.clipping = clip; // clipped before averaging: report the ADC's count
            per.push_back(std::move(a));
            where_placed.push_back(placement);
            if (!first_chain) first_chain.emplace(chain);
        }
        analyses.push_back(std::move(per));
        placements.push_back(std::move(where_placed));
    }
    // The rig's drive is known: the sweep's EMF through the divider of the source and the IEM (first insertion).
    analysis.drive = terminal_drive::from_interface(rig.dac.full_scale_v / std::sqrt(2.0), session.sweep.level_dbfs,
                                                    rig.dac.output_impedance.at(1000.0),
                                                    first_chain->impedance(std::vector<double>{1000.0}).front());
    measurement_result m = combine_measurement(iem.name(), names, std::move(analyses), sweep.parameters().amplitude,
                                               analysis, target);
    for (std::size_t c = 0; c < m.channels.size(); ++c) m.channels[c].placements = placements[c];
    m.drive_v_rms = sweep.parameters().amplitude * rig.dac.full_scale_v / std::sqrt(2.0);
    m.source_impedance_ohm = std::abs(rig.dac.output_impedance.at(1000.0));
    m.impedance_frequency_hz = analyzer->grid();
    m.impedance = first_chain->impedance(m.impedance_frequency_hz);
    m.tilt_db = electroacoustics::source_impedance_tilt(m.impedance_frequency_hz, m.impedance, rig.dac.output_impedance);
    return m;
}

/// Measures from real recordings: `recordings[c][i]` is channel c's insertion i, all made with the excitation
/// that `analyzer` was built for (same length). `sweep_amplitude` is the excitation's peak (full scale = 1).
inline measurement_result measure_recordings(std::string name, const sweep_analyzer& analyzer,
                                             const std::vector<std::string>& channel_names,
                                             const std::vector<std::vector<std::vector<double>>>& recordings,
                                             double sweep_amplitude, const analysis_settings& settings,
                                             const std::optional<frequency_response>& target = std::nullopt,
                                             const progress_function& progress = {}) {
    if (recordings.size() != channel_names.size())
        throw_invalid("measure_recordings", "recordings", "need one list of recordings per channel name");
    std::vector<std::vector<recording_analysis>> analyses(recordings.size());
    for (std::size_t c = 0; c < recordings.size(); ++c)
        for (std::size_t i = 0; i < recordings[c].size(); ++i) {
            if (progress) progress(channel_names[c], i + 1, recordings[c].size());
            analyses[c].push_back(analyzer.analyze(recordings[c][i]));
        }
    return combine_measurement(std::move(name), channel_names, std::move(analyses), sweep_amplitude, settings, target);
}

} // namespace iemlab::inline v0::measure

#pragma once
/// @file
/// @brief Where a measurement's recordings come from: files recorded by another program, the simulated rig, or
/// a live audio device (app/device_source.hpp) — or an embedding program's own audio I/O. A
/// recording_source plays the excitation and returns what the microphone picked up; measure_with_source()
/// runs the measurement procedure (insertions, repetitions, analysis, combination) on any source.
///
/// The procedure is the one of session.hpp: each take is analysed by a sweep_analyzer built for the sweep and
/// the recording length, repetitions are averaged synchronously before deconvolution, insertions are combined
/// by combine_measurement().

#include "iemlab/core/error.hpp"
#include "iemlab/dsp/sweep.hpp"
#include "iemlab/measure/rig.hpp"
#include "iemlab/measure/seal_check.hpp"
#include "iemlab/measure/session.hpp"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::measure {

/// Which take a source is asked for: channel, insertion and repetition, all 0-based.
struct take_request {
    std::size_t channel = 0;    ///< index into the session's channel names
    std::size_t insertion = 0;  ///< insertion of that channel
    std::size_t repetition = 0; ///< sweep repetition within the insertion
    std::size_t attempt = 0;    ///< 0: the insertion's first fit; n: its n-th reinsertion (the seal check flagged it)
};

/// Plays an excitation and returns the recording, one take at a time. Implement it to plug your own audio I/O
/// into measure_with_source().
class recording_source {
public:
    virtual ~recording_source() = default;
    /// Sample rate of the excitation and the recordings, Hz.
    virtual double rate_hz() const = 0;
    /// Samples a recording needs after the excitation ends (latency plus the system's decay).
    virtual std::size_t tail_samples() const = 0;
    /// Plays `excitation` (full-scale units) for take `request` and returns exactly `length` recorded samples,
    /// the first one recorded when the first excitation sample was played (so the latency is constant).
    /// @throws iemlab::error when the take cannot be made.
    virtual std::vector<double> record(const take_request& request, std::span<const double> excitation,
                                       std::size_t length) = 0;
};

/// Recordings made beforehand (e.g. read from files): `recordings[c][i]` is channel c's insertion i. Every
/// repetition of an insertion returns the same recording; shorter recordings are padded with zeros.
class recorded_source final : public recording_source {
public:
    /// Recordings at `rate_hz`, one list per channel.
    recorded_source(double rate_hz, std::vector<std::vector<std::vector<double>>> recordings)
        : rate_hz_(rate_hz), recordings_(std::move(recordings)) {
        require_positive("recorded_source", "rate", rate_hz, "Hz");
    }
    double rate_hz() const override { return rate_hz_; }
    std::size_t tail_samples() const override { return 0; }
    /// Insertions recorded for channel `c`.
    std::size_t insertions(std::size_t c) const { return c < recordings_.size() ? recordings_[c].size() : 0; }
    std::vector<double> record(const take_request& r, std::span<const double>, std::size_t length) override {
        if (r.channel >= recordings_.size() || r.insertion >= recordings_[r.channel].size())
            throw_invalid("recorded_source", "take",
                          "no recording for channel " + std::to_string(r.channel) + ", insertion " +
                              std::to_string(r.insertion + 1));
        std::vector<double> x = recordings_[r.channel][r.insertion];
        x.resize(length, 0.0);
        return x;
    }

private:
    double rate_hz_;
    std::vector<std::vector<std::vector<double>>> recordings_;
};

/// The simulated rig as a source: each insertion of channel c is placed by next_insertion() (with the same
/// per-channel streams as measure_simulated(), when insertions are asked for in order) and each repetition
/// gets independent noise. A reinsertion (take_request::attempt > 0) is a new placement, the next in order.
class simulated_source final : public recording_source {
public:
    /// `channels` give each channel's driver trim; the rig is validated.
    simulated_source(rig_settings rig, simulated_iem iem, std::vector<channel_spec> channels,
                     drive_nonlinearity nonlinearity = {})
        : rig_(std::move(rig)), iem_(std::move(iem)), channels_(std::move(channels)), nonlinearity_(nonlinearity) {
        rig_.validate();
        for (std::size_t c = 0; c < channels_.size(); ++c)
            streams_.emplace_back(detail::mix_seed(rig_.seed ^ (0x100000001b3ull * (c + 1))));
        chains_.resize(channels_.size());
    }
    double rate_hz() const override { return rig_.rate_hz; }
    std::size_t tail_samples() const override {
        // rig_chain::recording_length adds the FIR and the ADC's latency to the excitation's length.
        const rig_chain chain(rig_, iem_, insertion{}, 0.0);
        return chain.recording_length(1) - 1;
    }
    std::vector<double> record(const take_request& r, std::span<const double> excitation, std::size_t length) override {
        if (r.channel >= channels_.size()) throw_invalid("simulated_source", "channel", "has no channel_spec");
        auto& chains = chains_[r.channel];
        auto found = std::find_if(chains.begin(), chains.end(), [&](const placed& p) {
            return p.insertion == r.insertion && p.attempt == r.attempt;
        });
        if (found == chains.end()) {
            // Placements are made in the order they are first asked for (insertions in order, then reinsertions).
            const std::size_t k = chains.size();
            chains.push_back({r.insertion, r.attempt,
                              rig_chain(rig_, iem_, next_insertion(rig_.insertions, k, streams_[r.channel]),
                                        channels_[r.channel].gain_db)});
            found = chains.end() - 1;
        }
        const rig_chain& chain = found->chain;
        std::vector<double> y(chain.recording_length(excitation.size()));
        const std::uint64_t seed = detail::mix_seed(rig_.seed + 7919 * (r.channel + 1) + 104729 * (r.insertion + 1) +
                                                    r.repetition + 1000003 * r.attempt);
        chain.record(excitation, y, seed, nonlinearity_);
        y.resize(length);
        return y;
    }

private:
    rig_settings rig_;
    simulated_iem iem_;
    std::vector<channel_spec> channels_;
    drive_nonlinearity nonlinearity_;
    struct placed {
        std::size_t insertion, attempt;
        rig_chain chain;
    };
    std::vector<std::mt19937_64> streams_;
    std::vector<std::vector<placed>> chains_;
};

/// Passes takes through from another source and keeps a copy of each (e.g. to save the raw takes as files).
class recording_tap final : public recording_source {
public:
    /// One kept take.
    struct kept_take {
        take_request request;        ///< which take
        std::vector<double> samples; ///< what the source returned
    };
    /// Taps `inner` (not owned; it must outlive the tap).
    explicit recording_tap(recording_source& inner) : inner_(inner) {}
    double rate_hz() const override { return inner_.rate_hz(); }
    std::size_t tail_samples() const override { return inner_.tail_samples(); }
    std::vector<double> record(const take_request& r, std::span<const double> excitation, std::size_t length) override {
        auto y = inner_.record(r, excitation, length);
        takes_.push_back({r, y});
        return y;
    }
    /// Every take so far, in the order they were made.
    const std::vector<kept_take>& takes() const noexcept { return takes_; }

private:
    recording_source& inner_;
    std::vector<kept_take> takes_;
};

/// Hooks of measure_with_source(): progress, a pause before each insertion (e.g. "reinsert, press Enter"), and
/// what to do with an insertion the seal check flags.
struct source_hooks {
    progress_function progress; ///< before each insertion
    std::function<void(const std::string& channel, std::size_t insertion, std::size_t of)>
        before_insertion; ///< after progress
    /// Once a channel's insertions are in, called for each one the seal check (measure/seal_check.hpp) flags:
    /// return true to fit it again and measure it once more (before_insertion is called first), false to keep it.
    /// Unset: flagged insertions are kept (and named by combine_measurement's warnings).
    std::function<bool(const std::string& channel, std::size_t insertion, const insertion_check& check)> reinsert;
    unsigned max_reinsertions = 2; ///< rounds of reinsertion per channel, at most
};

/// What measure_with_source() measures: the channels, insertions per channel, the sweep and the analysis.
struct source_session {
    std::vector<std::string> channels{"left"}; ///< channel names ("left", "right")
    unsigned insertions = 1;                   ///< insertions per channel
    sweep_settings sweep{};                    ///< excitation (made at the source's rate)
    analysis_settings analysis{};              ///< analysis and combination

    /// Throws iemlab::error naming the first setting out of range at `rate_hz` (as session_settings::validate).
    void validate(double rate_hz) const {
        constexpr const char* where = "source_session";
        (void)sweep.make(rate_hz);
        require_in_range(where, "insertions", insertions, 1, 100, "");
        if (channels.empty()) throw_invalid(where, "channels", "is empty");
        analysis.validate();
    }
};

/// The excitation measure_with_source() plays at `rate_hz`: the sweep's samples as a float32 device plays them
/// (rounded to float), so the analysis uses exactly what was sent to the converter.
inline std::vector<double> played_excitation(const dsp::swept_sine& sweep) {
    const auto x = sweep.samples<float>();
    return std::vector<double>(x.begin(), x.end());
}

/// Measures `name` through `source`: for each channel and insertion, `session.sweep.repetitions` takes averaged
/// synchronously, analysed and combined (levels in dB re FS unless `session.analysis.fs_per_pa` is set).
/// @throws iemlab::error for invalid settings or a take the source cannot make.
inline measurement_result measure_with_source(std::string name, recording_source& source, const source_session& session,
                                              const std::optional<frequency_response>& target = std::nullopt,
                                              const source_hooks& hooks = {}) {
    constexpr const char* where = "measure_with_source";
    session.validate(source.rate_hz());
    const dsp::swept_sine sweep = session.sweep.make(source.rate_hz());
    const std::vector<double> x = played_excitation(sweep);
    const std::size_t length = x.size() + source.tail_samples();
    const sweep_analyzer analyzer(sweep, x, length, session.analysis);
    std::vector<std::vector<recording_analysis>> analyses(session.channels.size());
    // One insertion of channel c: its repetitions averaged synchronously, then analysed.
    const auto measure_insertion = [&](std::size_t c, std::size_t i, std::size_t attempt) {
        if (hooks.progress) hooks.progress(session.channels[c], i + 1, session.insertions);
        if (hooks.before_insertion) hooks.before_insertion(session.channels[c], i + 1, session.insertions);
        std::vector<double> sum(length, 0.0);
        clipping_report clip;
        for (std::size_t r = 0; r < session.sweep.repetitions; ++r) {
            const auto y = source.record({c, i, r, attempt}, x, length);
            if (y.size() != length)
                throw_invalid(where, "source",
                              "returned " + std::to_string(y.size()) + " samples, expected " + std::to_string(length));
            const auto cr = detect_clipping(std::span<const double>(y), source.rate_hz());
            if (cr.clipped() && !clip.clipped())
                clip = cr;
            else
                clip.samples += cr.samples;
            for (std::size_t k = 0; k < length; ++k) sum[k] += y[k];
        }
        for (double& v : sum) v /= static_cast<double>(session.sweep.repetitions);
        recording_analysis a = analyzer.analyze(sum);
        if (clip.clipped()) a.levels.clipping = clip;
        return a;
    };
    for (std::size_t c = 0; c < session.channels.size(); ++c) {
        for (std::size_t i = 0; i < session.insertions; ++i) analyses[c].push_back(measure_insertion(c, i, 0));
        // The seal check while the IEM is still at hand: a flagged insertion is fitted again on request.
        std::vector<std::size_t> attempts(session.insertions, 0);
        for (unsigned round = 0; hooks.reinsert && session.insertions > 1 && round < hooks.max_reinsertions; ++round) {
            std::vector<frequency_response> responses;
            for (const auto& a : analyses[c]) responses.push_back(a.response);
            std::vector<insertion_check> checks;
            try {
                checks = check_insertions(responses, session.analysis.seal);
            } catch (const error&) {
                break; // the band misses the check's bands: nothing to judge
            }
            bool again = false;
            for (std::size_t i = 0; i < checks.size(); ++i) {
                if (checks[i].fit == insertion_fit::ok || !hooks.reinsert(session.channels[c], i + 1, checks[i]))
                    continue;
                analyses[c][i] = measure_insertion(c, i, ++attempts[i]);
                again = true;
            }
            if (!again) break;
        }
    }
    return combine_measurement(std::move(name), session.channels, std::move(analyses), sweep.parameters().amplitude,
                               session.analysis, target);
}

} // namespace iemlab::inline v0::measure

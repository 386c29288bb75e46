#pragma once
/// @file
/// @brief A live audio device (audio::duplex_device) as a measure::recording_source; application level, as it
/// joins audio/ and measure/. Each take plays the excitation on the channel's play port and records the channel's
/// microphone port (and a loopback reference, when there is one). A take during which the device reported an
/// xrun is discarded and made again, up to a bound; the count is kept for the report. level_check() plays a
/// short sweep first and refuses clipping or silence, naming the port.

#include "iemlab/audio/duplex_device.hpp"
#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/dsp/sweep.hpp"
#include "iemlab/measure/recording_source.hpp"
#include "iemlab/measure/rig.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::app {

/// Which device channels a measurement channel uses, and how takes are retried.
struct device_source_options {
    std::vector<std::size_t> play_channel;   ///< measurement channel c plays on device play channel play_channel[c]
    std::vector<std::size_t> record_channel; ///< … and is recorded from device record channel record_channel[c]
    std::optional<std::size_t> reference_channel; ///< device record channel of the loopback reference (optional)
    unsigned max_attempts = 5;                    ///< takes per request, the first included, before an xrun is fatal
    double tail_s = 0.5;                          ///< recorded after the excitation ends (latency and decay), s
    double silence_dbfs = -70;                    ///< level_check(): a peak below this is silence
    double clip_dbfs = -0.01;                     ///< level_check(): a peak at or above this is clipping
    /// Called when a take is discarded (attempt number, xruns in it), e.g. to print a note.
    std::function<void(std::size_t attempt, unsigned xruns)> on_discard;
};

/// Level of one recorded port in the level check.
struct port_level {
    std::string port;            ///< the device's name of the recorded channel
    double peak_dbfs = db_floor; ///< highest |sample|
    double rms_dbfs = db_floor;  ///< RMS over the check
};

/// How the takes went.
struct take_statistics {
    std::size_t takes = 0;     ///< takes kept
    std::size_t discarded = 0; ///< takes discarded for an xrun and made again
    unsigned xruns = 0;        ///< xruns seen in all takes (kept and discarded)
};

/// An audio::duplex_device seen as a recording source.
class device_source final : public measure::recording_source {
public:
    /// Uses `device` (not owned; it must outlive the source) with the channel map in `options`.
    /// @throws iemlab::error when a channel map entry names a device channel that does not exist.
    device_source(audio::duplex_device& device, device_source_options options)
        : device_(device), options_(std::move(options)) {
        if (options_.play_channel.empty() || options_.play_channel.size() != options_.record_channel.size())
            throw_invalid("device_source", "channels", "need one play and one record channel per measurement channel");
        for (auto c : options_.play_channel)
            if (c >= device_.play_channels())
                throw_invalid("device_source", "play_channel", "names a channel the device does not have");
        for (auto c : options_.record_channel)
            if (c >= device_.record_channels())
                throw_invalid("device_source", "record_channel", "names a channel the device does not have");
        if (options_.reference_channel && *options_.reference_channel >= device_.record_channels())
            throw_invalid("device_source", "reference_channel", "names a channel the device does not have");
        require_in_range("device_source", "max_attempts", options_.max_attempts, 1, 100, "");
        require_in_range("device_source", "tail", options_.tail_s, 0, 10, "s");
    }

    /// The device's sample rate, Hz.
    double rate_hz() const override { return device_.rate_hz(); }
    /// tail_s, the reported latency and two periods.
    std::size_t tail_samples() const override {
        return static_cast<std::size_t>(std::ceil(options_.tail_s * device_.rate_hz())) +
               device_.reported_latency_frames() + 2 * device_.period_frames();
    }

    /// Plays `excitation` on the channel's play port and returns its record port's take (repeated after xruns);
    /// keeps the reference's take too.
    /// @throws audio::device_error when max_attempts takes in a row had xruns, or the device fails.
    std::vector<double> record(const measure::take_request& r, std::span<const double> excitation,
                               std::size_t length) override {
        if (r.channel >= options_.play_channel.size())
            throw_invalid("device_source", "channel", "is not mapped to a device channel");
        std::vector<float> x(excitation.begin(), excitation.end());
        const audio::take_result t = take(options_.play_channel[r.channel], x, length);
        const auto& y = t.recorded[options_.record_channel[r.channel]];
        if (options_.reference_channel)
            reference_.push_back(std::vector<double>(t.recorded[*options_.reference_channel].begin(),
                                                     t.recorded[*options_.reference_channel].end()));
        return std::vector<double>(y.begin(), y.end());
    }

    /// Plays a short sweep (0.5 s over the band of `sweep`, at its level) on each measurement channel and returns
    /// the recorded level of its port (and of the reference).
    /// @throws audio::device_error naming the port when it clips or is silent.
    std::vector<port_level> level_check(const dsp::swept_sine& sweep) {
        const auto& p = sweep.parameters();
        dsp::sweep_shape shape;
        shape.amplitude = p.amplitude;
        const auto probe = dsp::exponential_sweep::from_si(std::max(20.0, p.f1_hz), std::min(p.f2_hz, 0.45 * rate_hz()),
                                                           0.5, rate_hz(), shape);
        const auto s = probe.samples<float>();
        const std::vector<float> x(s.begin(), s.end());
        std::vector<port_level> levels;
        for (std::size_t c = 0; c < options_.play_channel.size(); ++c) {
            const audio::take_result t = take(options_.play_channel[c], x, x.size() + tail_samples());
            std::vector<std::size_t> checked{options_.record_channel[c]};
            if (options_.reference_channel) checked.push_back(*options_.reference_channel);
            for (const std::size_t rc : checked) {
                const auto l = measure::check_levels(std::span<const float>(t.recorded[rc]), rate_hz());
                const std::string port = device_.record_name(rc);
                const std::string played = device_.play_name(options_.play_channel[c]);
                if (l.peak_dbfs >= options_.clip_dbfs)
                    throw audio::device_error(
                        "level check: " + port + " clips (peak " + format_number(std::round(l.peak_dbfs * 10) / 10) +
                        " dBFS while playing on " + played + "): lower the input gain or the sweep level");
                if (l.peak_dbfs < options_.silence_dbfs)
                    throw audio::device_error("level check: " + port + " is silent (peak " +
                                              format_number(std::round(l.peak_dbfs)) + " dBFS while playing on " +
                                              played + "): check the connection and the gain");
                levels.push_back({port, l.peak_dbfs, l.rms_dbfs});
            }
        }
        return levels;
    }

    /// How the takes went so far.
    const take_statistics& statistics() const noexcept { return stats_; }
    /// The reference channel's recording of every kept take, in order (empty without a reference).
    const std::vector<std::vector<double>>& reference_recordings() const noexcept { return reference_; }

private:
    audio::take_result take(std::size_t play_channel, const std::vector<float>& x, std::size_t length) {
        std::vector<std::span<const float>> play(device_.play_channels());
        play[play_channel] = x;
        for (std::size_t attempt = 1;; ++attempt) {
            audio::take_result t = device_.play_and_record(play, length);
            stats_.xruns += t.xruns;
            if (t.xruns == 0) {
                ++stats_.takes;
                return t;
            }
            ++stats_.discarded;
            if (options_.on_discard) options_.on_discard(attempt, t.xruns);
            if (attempt >= options_.max_attempts)
                throw audio::device_error("take failed: " + std::to_string(attempt) + " attempts in a row had xruns (" +
                                          std::to_string(stats_.xruns) +
                                          " in all): use a larger buffer size, or stop what loads the machine");
        }
    }

    audio::duplex_device& device_;
    device_source_options options_;
    take_statistics stats_;
    std::vector<std::vector<double>> reference_;
};

} // namespace iemlab::inline v0::app

#pragma once
/// @file
/// @brief A duplex audio device: plays N channels and records M channels in the same sample clock, the first
/// recorded frame taken in the period the first played frame leaves, so every take has the same latency.
/// Backends: JACK (audio/jack_device.hpp; also PipeWire through pipewire-jack). An embedding program may
/// implement duplex_device for its own I/O.

#include "iemlab/core/error.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::audio {

/// The audio system could not do what was asked: no server, a missing port, a rate the sweep cannot use, an
/// interrupted take. The message names the server or port.
class device_error : public error {
public:
    /// Wraps a one-line message.
    explicit device_error(const std::string& message) : error(message) {}
};

/// What one take gives: the recorded channels and how the take went.
struct take_result {
    std::vector<std::vector<float>> recorded; ///< one buffer per recorded channel, of the requested length
    unsigned xruns = 0;                       ///< over- or underruns reported while the take ran
    std::size_t periods = 0;                  ///< process periods the take spanned
};

/// Plays and records in one clock. Not thread-safe: one take at a time.
class duplex_device {
public:
    virtual ~duplex_device() = default;
    /// Sample rate, Hz (the server's).
    virtual double rate_hz() const = 0;
    /// Frames per process period.
    virtual std::size_t period_frames() const = 0;
    /// Channels played (one per play port).
    virtual std::size_t play_channels() const = 0;
    /// Channels recorded (one per record port).
    virtual std::size_t record_channels() const = 0;
    /// Name of play channel `c` (e.g. the JACK port it is connected to).
    virtual std::string play_name(std::size_t c) const = 0;
    /// Name of record channel `c`.
    virtual std::string record_name(std::size_t c) const = 0;
    /// Round-trip latency the system reports (output + input latency of the connected ports), frames.
    virtual std::size_t reported_latency_frames() const = 0;
    /// Plays `play[c]` on channel c (shorter channels are followed by silence, missing ones are silent) and
    /// records `frames` frames on every record channel, starting in the same period.
    /// @throws device_error when the server goes away, the take times out or the backend's stop flag is set.
    virtual take_result play_and_record(const std::vector<std::span<const float>>& play, std::size_t frames) = 0;
};

} // namespace iemlab::inline v0::audio

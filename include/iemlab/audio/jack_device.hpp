#pragma once
/// @file
/// @brief The JACK backend of duplex_device, and a listing of a JACK server's clients and ports. Works with
/// jackd (jackd2, ALSA hardware or the dummy backend) and with PipeWire through pipewire-jack, whose libjack
/// speaks the same client API. Needs libjack (Debian: libjack-jackd2-dev); link the `iemlab::audio` target.
///
/// The server is never started: with no server running, opening fails at once (JackNoStartServer). The server
/// name is `JACK_DEFAULT_SERVER` (or "default") unless given. The client registers one output port per play
/// channel and one input port per record channel, connects them to the requested ports and disconnects (by
/// closing) when destroyed, so the server's graph is left as found.
///
/// Alignment: a take starts in one process period: the callback that sees the take armed plays the first
/// excitation frame and stores the first recorded frame in the same period. The latency between them is then
/// the same for every take (the server's fixed round trip, plus one period when the loop through another client
/// is a feedback edge of the graph). Xruns: the server's xrun callback, and a gap in the period's frame time
/// seen by the process callback, both count; a take with one is reported in take_result::xruns.

#include "iemlab/audio/duplex_device.hpp"
#include "iemlab/core/error.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <jack/jack.h>

namespace iemlab::inline v0::audio {

/// One port of a JACK server.
struct jack_port_info {
    std::string name;               ///< full name, "client:port"
    std::string client;             ///< the part before the first ':'
    bool is_output = false;         ///< produces audio (a capture port, or a client's output); false: consumes it
    bool is_physical = false;       ///< a hardware (or dummy hardware) port
    bool is_audio = true;           ///< JACK_DEFAULT_AUDIO_TYPE (false: MIDI or another type)
    std::size_t latency_frames = 0; ///< the port's own latency (capture latency for outputs, playback for inputs), max
};

/// What a running JACK server offers.
struct jack_server_info {
    std::string server_name;           ///< the server asked for ("default" or JACK_DEFAULT_SERVER)
    double rate_hz = 0;                ///< sample rate
    std::size_t period_frames = 0;     ///< buffer size
    std::vector<jack_port_info> ports; ///< every port, in the server's order
};

/// How to open the JACK device.
struct jack_device_options {
    std::string server_name;                 ///< empty: JACK_DEFAULT_SERVER, else "default"
    std::string client_name = "iemlab";      ///< the client's name (JACK appends a number when taken)
    std::vector<std::string> play_ports;     ///< ports (client:port) the played channels are connected to
    std::vector<std::string> record_ports;   ///< ports the recorded channels come from
    const std::atomic<bool>* stop = nullptr; ///< when it turns true, a running take stops with a device_error
    double take_timeout_margin_s = 5;        ///< a take may run this much longer than its length before failing
};

namespace detail {

inline void jack_silent(const char*) {}

// JACK prints its own diagnostics on stderr; the CLI's contract is one error line, so they are silenced once.
inline void silence_jack() {
    static const bool once = [] {
        jack_set_error_function(jack_silent);
        jack_set_info_function(jack_silent);
        return true;
    }();
    (void)once;
}

inline std::string jack_server_label(const std::string& name) {
    if (!name.empty()) return name;
    const char* env = std::getenv("JACK_DEFAULT_SERVER");
    return env && *env ? std::string(env) : std::string("default");
}

struct jack_client_closer {
    void operator()(jack_client_t* c) const noexcept {
        if (c) jack_client_close(c);
    }
};
using jack_client_ptr = std::unique_ptr<jack_client_t, jack_client_closer>;

inline jack_client_ptr open_jack_client(const std::string& client_name, const std::string& server_name) {
    silence_jack();
    jack_status_t status{};
    jack_client_t* c = nullptr;
    if (server_name.empty())
        c = jack_client_open(client_name.c_str(), JackNoStartServer, &status);
    else
        c = jack_client_open(client_name.c_str(), static_cast<jack_options_t>(JackNoStartServer | JackServerName),
                             &status, server_name.c_str());
    if (!c)
        throw device_error(
            "jack: cannot connect to the JACK server '" + jack_server_label(server_name) +
            "' (is it running? start jackd, or PipeWire with pipewire-jack; JACK_DEFAULT_SERVER names it)");
    return jack_client_ptr(c);
}

struct jack_ports_deleter {
    void operator()(const char** p) const noexcept {
        if (p) jack_free(static_cast<void*>(p));
    }
};

inline std::vector<std::string> jack_port_names(jack_client_t* c, unsigned long flags) {
    std::unique_ptr<const char*, jack_ports_deleter> names(jack_get_ports(c, nullptr, JACK_DEFAULT_AUDIO_TYPE, flags));
    std::vector<std::string> out;
    if (names)
        for (const char** p = names.get(); *p; ++p) out.emplace_back(*p);
    return out;
}

inline std::string join_names(const std::vector<std::string>& names, std::size_t most = 8) {
    std::string s;
    for (std::size_t i = 0; i < names.size() && i < most; ++i) s += (i ? ", " : "") + names[i];
    if (names.size() > most) s += ", …";
    return s.empty() ? std::string("none") : s;
}

} // namespace detail

/// Lists the clients and ports of a running JACK server (`server_name` empty: JACK_DEFAULT_SERVER or "default").
/// @throws device_error when no such server is running.
inline jack_server_info query_jack_server(const std::string& server_name = {}) {
    auto client = detail::open_jack_client("iemlab-query", server_name);
    jack_client_t* c = client.get();
    jack_server_info info;
    info.server_name = detail::jack_server_label(server_name);
    info.rate_hz = static_cast<double>(jack_get_sample_rate(c));
    info.period_frames = jack_get_buffer_size(c);
    const std::string self = jack_get_client_name(c);
    std::unique_ptr<const char*, detail::jack_ports_deleter> names(jack_get_ports(c, nullptr, nullptr, 0));
    if (names)
        for (const char** p = names.get(); *p; ++p) {
            jack_port_t* port = jack_port_by_name(c, *p);
            if (!port) continue;
            jack_port_info pi;
            pi.name = *p;
            pi.client = pi.name.substr(0, pi.name.find(':'));
            if (pi.client == self) continue;
            const int flags = jack_port_flags(port);
            pi.is_output = (flags & JackPortIsOutput) != 0;
            pi.is_physical = (flags & JackPortIsPhysical) != 0;
            const char* type = jack_port_type(port);
            pi.is_audio = type && std::strcmp(type, JACK_DEFAULT_AUDIO_TYPE) == 0;
            jack_latency_range_t range{};
            jack_port_get_latency_range(port, pi.is_output ? JackCaptureLatency : JackPlaybackLatency, &range);
            pi.latency_frames = range.max;
            info.ports.push_back(std::move(pi));
        }
    return info;
}

/// A duplex device on a JACK server: its own client with one port per played and recorded channel, connected
/// to the requested ports for the device's lifetime.
class jack_device final : public duplex_device {
public:
    /// Opens a client on the server, registers and connects the ports, and activates it.
    /// @throws device_error when no server runs, a port does not exist or has the wrong direction, or a
    /// connection is refused.
    explicit jack_device(jack_device_options options) : options_(std::move(options)) {
        if (options_.play_ports.empty() && options_.record_ports.empty())
            throw device_error("jack: no port to play to or record from");
        client_ = detail::open_jack_client(options_.client_name, options_.server_name);
        jack_client_t* c = client_.get();
        rate_hz_ = static_cast<double>(jack_get_sample_rate(c));
        period_ = jack_get_buffer_size(c);
        // Every requested port must exist with the right direction before anything is registered.
        check_ports(options_.play_ports, JackPortIsInput, "play", "an input (playback) port");
        check_ports(options_.record_ports, JackPortIsOutput, "record", "an output (capture) port");
        for (std::size_t i = 0; i < options_.play_ports.size(); ++i)
            outs_.push_back(register_port("play_" + std::to_string(i + 1), JackPortIsOutput));
        for (std::size_t i = 0; i < options_.record_ports.size(); ++i)
            ins_.push_back(register_port("record_" + std::to_string(i + 1), JackPortIsInput));
        out_buffers_.resize(outs_.size());
        in_buffers_.resize(ins_.size());
        jack_set_process_callback(c, &jack_device::process_entry, this);
        jack_set_xrun_callback(c, &jack_device::xrun_entry, this);
        jack_on_shutdown(c, &jack_device::shutdown_entry, this);
        if (jack_activate(c) != 0) throw device_error("jack: cannot activate the client on '" + server_label() + "'");
        try {
            for (std::size_t i = 0; i < outs_.size(); ++i) connect(jack_port_name(outs_[i]), options_.play_ports[i]);
            for (std::size_t i = 0; i < ins_.size(); ++i) connect(options_.record_ports[i], jack_port_name(ins_[i]));
        } catch (...) {
            // No destructor runs for a throwing constructor, and the members the callback reads are destroyed
            // before client_: stop the callback first.
            jack_deactivate(c);
            throw;
        }
        // Latencies are known once connected; the server recomputes them after the graph changed.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        latency_ = 0;
        std::size_t out_latency = 0, in_latency = 0;
        for (auto* p : outs_) {
            jack_latency_range_t r{};
            jack_port_get_latency_range(p, JackPlaybackLatency, &r);
            out_latency = std::max<std::size_t>(out_latency, r.max);
        }
        for (auto* p : ins_) {
            jack_latency_range_t r{};
            jack_port_get_latency_range(p, JackCaptureLatency, &r);
            in_latency = std::max<std::size_t>(in_latency, r.max);
        }
        latency_ = out_latency + in_latency;
    }

    /// Not copyable: the client and its ports belong to one object (the callback holds `this`).
    jack_device(const jack_device&) = delete;
    /// Not copyable.
    jack_device& operator=(const jack_device&) = delete;
    /// Deactivates and closes the client (its ports and connections go with it).
    ~jack_device() override {
        if (client_) jack_deactivate(client_.get());
    }

    double rate_hz() const override { return rate_hz_; }
    std::size_t period_frames() const override { return period_; }
    std::size_t play_channels() const override { return outs_.size(); }
    std::size_t record_channels() const override { return ins_.size(); }
    std::string play_name(std::size_t c) const override { return options_.play_ports.at(c); }
    std::string record_name(std::size_t c) const override { return options_.record_ports.at(c); }
    std::size_t reported_latency_frames() const override { return latency_; }
    /// The client's name on the server.
    std::string client_name() const { return jack_get_client_name(client_.get()); }
    /// The server's name.
    std::string server_label() const { return detail::jack_server_label(options_.server_name); }

    take_result play_and_record(const std::vector<std::span<const float>>& play, std::size_t frames) override {
        if (shutdown_.load()) throw device_error("jack: the server '" + server_label() + "' has shut down");
        take_result r;
        r.recorded.assign(ins_.size(), std::vector<float>(frames, 0.0f));
        play_.assign(outs_.size(), std::span<const float>{});
        for (std::size_t c = 0; c < outs_.size() && c < play.size(); ++c) play_[c] = play[c];
        record_.clear();
        for (auto& v : r.recorded) record_.push_back(v.data());
        frames_ = frames;
        position_ = 0;
        periods_ = 0;
        gaps_.store(0);
        const unsigned xruns_before = xruns_.load();
        state_.store(armed, std::memory_order_release);
        const double seconds = static_cast<double>(frames) / rate_hz_ + options_.take_timeout_margin_s;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (state_.load(std::memory_order_acquire) != done) {
            std::string why;
            if (shutdown_.load())
                why = "jack: the server '" + server_label() + "' shut down during the take";
            else if (options_.stop && options_.stop->load())
                why = "interrupted";
            else if (std::chrono::steady_clock::now() > deadline)
                why = "jack: the take did not finish within " + format_number(std::round(seconds)) +
                      " s (is the server running its clock?)";
            if (!why.empty()) {
                stop_take();
                throw device_error(why);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        state_.store(idle, std::memory_order_release);
        r.xruns = (xruns_.load() - xruns_before) + gaps_.load();
        r.periods = periods_;
        return r;
    }

private:
    enum : int { idle = 0, armed = 1, running = 2, done = 3, stopping = 4 };

    void check_ports(const std::vector<std::string>& names, unsigned long direction, const char* what,
                     const char* expected) {
        for (const auto& n : names) {
            jack_port_t* p = jack_port_by_name(client_.get(), n.c_str());
            if (!p)
                throw device_error(std::string("jack: ") + what + " port '" + n + "' does not exist on '" +
                                   server_label() + "' (" + (direction == JackPortIsInput ? "input" : "output") +
                                   " ports: " + detail::join_names(detail::jack_port_names(client_.get(), direction)) +
                                   ")");
            const char* type = jack_port_type(p);
            if (!(jack_port_flags(p) & static_cast<int>(direction)) || !type ||
                std::strcmp(type, JACK_DEFAULT_AUDIO_TYPE) != 0)
                throw device_error(std::string("jack: ") + what + " port '" + n + "' is not " + expected);
        }
    }

    jack_port_t* register_port(const std::string& name, unsigned long flags) {
        jack_port_t* p = jack_port_register(client_.get(), name.c_str(), JACK_DEFAULT_AUDIO_TYPE, flags, 0);
        if (!p) throw device_error("jack: cannot register port '" + name + "' on '" + server_label() + "'");
        return p;
    }

    void connect(const std::string& from, const std::string& to) {
        const int rc = jack_connect(client_.get(), from.c_str(), to.c_str());
        if (rc != 0 && rc != EEXIST) throw device_error("jack: cannot connect '" + from + "' to '" + to + "'");
    }

    void stop_take() {
        int expected = armed;
        if (!state_.compare_exchange_strong(expected, idle)) {
            state_.store(stopping, std::memory_order_release);
            // Wait for the callback to leave the take (one period at most), so the buffers may go.
            const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
            while (state_.load() == stopping && std::chrono::steady_clock::now() < until)
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        state_.store(idle);
    }

    static int process_entry(jack_nframes_t n, void* self) noexcept {
        return static_cast<jack_device*>(self)->process(n);
    }
    static int xrun_entry(void* self) noexcept {
        static_cast<jack_device*>(self)->xruns_.fetch_add(1);
        return 0;
    }
    static void shutdown_entry(void* self) noexcept { static_cast<jack_device*>(self)->shutdown_.store(true); }

    // Real-time thread: no allocation, no lock.
    int process(jack_nframes_t n) noexcept {
        for (std::size_t c = 0; c < outs_.size(); ++c)
            out_buffers_[c] = static_cast<float*>(jack_port_get_buffer(outs_[c], n));
        for (std::size_t c = 0; c < ins_.size(); ++c)
            in_buffers_[c] = static_cast<const float*>(jack_port_get_buffer(ins_[c], n));
        int state = state_.load(std::memory_order_acquire);
        if (state == stopping) {
            state_.store(idle, std::memory_order_release);
            state = idle;
        }
        if (state == armed) {
            state = running;
            state_.store(running, std::memory_order_release);
        }
        if (state != running) {
            for (float* o : out_buffers_) std::fill(o, o + n, 0.0f);
            return 0;
        }
        const jack_nframes_t now = jack_last_frame_time(client_.get());
        if (periods_ > 0 && now != last_frame_time_ + last_frames_) gaps_.fetch_add(1);
        last_frame_time_ = now;
        last_frames_ = n;
        const std::size_t count = std::min<std::size_t>(n, frames_ - position_);
        for (std::size_t c = 0; c < outs_.size(); ++c) {
            float* o = out_buffers_[c];
            const auto& x = play_[c];
            for (std::size_t k = 0; k < n; ++k) {
                const std::size_t at = position_ + k;
                o[k] = k < count && at < x.size() ? x[at] : 0.0f;
            }
        }
        for (std::size_t c = 0; c < ins_.size(); ++c)
            std::copy(in_buffers_[c], in_buffers_[c] + count, record_[c] + position_);
        position_ += count;
        ++periods_;
        if (position_ >= frames_) state_.store(done, std::memory_order_release);
        return 0;
    }

    jack_device_options options_;
    detail::jack_client_ptr client_;
    double rate_hz_ = 0;
    std::size_t period_ = 0, latency_ = 0;
    std::vector<jack_port_t*> outs_, ins_;
    std::vector<float*> out_buffers_;
    std::vector<const float*> in_buffers_;
    // The take, set up by play_and_record() before arming and read by the callback while running.
    std::vector<std::span<const float>> play_;
    std::vector<float*> record_;
    std::size_t frames_ = 0, position_ = 0, periods_ = 0;
    jack_nframes_t last_frame_time_ = 0, last_frames_ = 0;
    std::atomic<int> state_{idle};
    std::atomic<unsigned> xruns_{0}, gaps_{0};
    std::atomic<bool> shutdown_{false};
};

} // namespace iemlab::inline v0::audio

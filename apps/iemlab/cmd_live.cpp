// `iemlab measure --live`: plays the sweep and records through a JACK server (PipeWire through pipewire-jack),
// then analyses and reports exactly as the recordings path does. Parsing and printing only: the device is
// audio/jack_device.hpp, the takes and xrun retries app/device_source.hpp, the procedure
// measure/recording_source.hpp.
#include "live.hpp"

#include <iemlab/core/error.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/measure/recording_source.hpp>

#if defined(IEMLAB_HAVE_JACK) && defined(IEMLAB_HAVE_SNDFILE)
#define IEMLAB_CLI_LIVE 1
#include <iemlab/app/device_source.hpp>
#include <iemlab/audio/jack_device.hpp>
#include <iemlab/io/audio_file.hpp>
#endif

#include <atomic>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace iemlab::cli {

void add_live_options(CLI::App& cmd, live_options& o) {
    cmd.add_flag("--live", o.enabled,
                 "Play the sweep and record through the JACK server (PipeWire: pipewire-jack) "
                 "instead of reading recordings; see `iemlab devices`");
    cmd.add_option("--play", o.play, "--live: port(s) the sweep is played to, client:port[,client:port] (left,right)");
    cmd.add_option("--record", o.record, "--live: microphone port(s), one, or one per --play port");
    cmd.add_option("--reference", o.reference,
                   "--live: loopback reference port (interface output wired to an input): "
                   "its latency is reported");
    cmd.add_option("--server", o.server, "--live: JACK server name (default: $JACK_DEFAULT_SERVER, else 'default')");
    cmd.add_option("--insertions", o.insertions, "--live: insertions per channel (prompted between them on a terminal)")
        ->capture_default_str();
    cmd.add_option("--max-takes", o.max_takes, "--live: takes of one sweep (an xrun discards a take) before giving up")
        ->capture_default_str();
    cmd.add_option("--sweep-level", o.sweep_level, "--live: peak level of the sweep")->capture_default_str();
    cmd.add_option("--sweep-duration", o.sweep_duration, "--live: duration of the synchronized sweep (rounded)")
        ->capture_default_str();
    cmd.add_flag(
        "--save-recordings", o.save_recordings,
        "--live: write the sweep and each raw take as WAV beside the report (the recordings path reproduces the run)");
}

namespace {

std::vector<std::string> split_ports(const std::string& text, const char* option) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t comma = text.find(',', at);
        const std::string p = text.substr(at, comma == text.npos ? text.npos : comma - at);
        if (p.empty())
            throw error(std::string(option) + ": '" + text +
                        "' has an empty port name (expected client:port[,client:port])");
        out.push_back(p);
        if (comma == text.npos) break;
        at = comma + 1;
    }
    return out;
}

std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int) { interrupted.store(true); }

// SIGINT/SIGTERM set the flag for the run's lifetime (no SA_RESTART: a prompt's read returns at once).
struct interrupt_guard {
    struct sigaction old_int {
    }, old_term{};
    interrupt_guard() {
        interrupted.store(false);
        struct sigaction sa {};
        sa.sa_handler = on_interrupt;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
    }
    ~interrupt_guard() {
        sigaction(SIGINT, &old_int, nullptr);
        sigaction(SIGTERM, &old_term, nullptr);
    }
    interrupt_guard(const interrupt_guard&) = delete;
    interrupt_guard& operator=(const interrupt_guard&) = delete;
};

[[noreturn]] void stop_interrupted() { throw error("interrupted: stopped before the end, nothing written"); }

} // namespace

#if defined(IEMLAB_CLI_LIVE)

static void run_live_interruptible(const live_options& o, const global_options& globals, const std::string& name,
                                   const std::string& output, const live_hooks& hooks);

void run_live(const live_options& o, const global_options& globals, const std::string& name, const std::string& output,
              const live_hooks& hooks) {
    try {
        run_live_interruptible(o, globals, name, output, hooks);
    } catch (const audio::device_error&) {
        if (interrupted.load()) stop_interrupted(); // the take stopped because of Ctrl-C: say so, not how
        throw;
    }
}

static void run_live_interruptible(const live_options& o, const global_options& globals, const std::string& name,
                                   const std::string& output, const live_hooks& hooks) {
    if (o.play.empty()) throw error("--play: missing (the port(s) the sweep is played to, see `iemlab devices`)");
    if (o.record.empty()) throw error("--record: missing (the microphone's port, see `iemlab devices`)");
    const auto play = split_ports(o.play, "--play");
    const auto record = split_ports(o.record, "--record");
    if (play.size() > 2)
        throw error("--play: " + std::to_string(play.size()) + " ports (expected 1 or 2: left[,right])");
    if (record.size() != 1 && record.size() != play.size())
        throw error("--record: " + std::to_string(record.size()) + " ports (expected 1, or one per --play port)");
    if (o.insertions < 1 || o.insertions > 100)
        throw error("--insertions: " + std::to_string(o.insertions) + " is out of range (expected 1 … 100)");
    if (o.max_takes < 1 || o.max_takes > 100)
        throw error("--max-takes: " + std::to_string(o.max_takes) + " is out of range (expected 1 … 100)");
    measure::source_session session;
    session.insertions = o.insertions;
    session.sweep.level_dbfs = parse_quantity(o.sweep_level, quantity_kind::level_dbfs, "--sweep-level", "dBFS");
    if (!(session.sweep.level_dbfs <= 0 && session.sweep.level_dbfs >= -60))
        throw error("--sweep-level: " + format_number(session.sweep.level_dbfs) +
                    " dBFS is out of range (expected -60 … 0)");
    session.sweep.duration_s = parse_quantity(o.sweep_duration, quantity_kind::time, "--sweep-duration", "s");
    if (!(session.sweep.duration_s >= 0.5 && session.sweep.duration_s <= 60))
        throw error("--sweep-duration: " + format_number(session.sweep.duration_s) +
                    " s is out of range (expected 0.5 … 60 s)");
    session.channels = play.size() == 2 ? std::vector<std::string>{"left", "right"} : std::vector<std::string>{"left"};
    const auto target = hooks.target();

    interrupt_guard guard;
    audio::jack_device_options jo;
    jo.server_name = o.server;
    jo.play_ports = play;
    jo.record_ports = record;
    if (!o.reference.empty()) jo.record_ports.push_back(o.reference);
    jo.stop = &interrupted;
    audio::jack_device device(jo);
    const double fs = device.rate_hz();
    session.analysis = hooks.analysis_for(fs, session.sweep.level_dbfs);
    session.sweep.f2_hz = std::min(session.sweep.f2_hz, 0.46 * fs);
    dsp::swept_sine sweep = [&] {
        try {
            return session.sweep.make(fs);
        } catch (const error& e) {
            throw error(std::string("--live: the server's rate ") + format_number(fs) +
                        " Hz cannot carry the sweep: " + e.what());
        }
    }();
    const bool progress = show_progress(globals);
    const bool talk = !globals.quiet;

    app::device_source_options so;
    for (std::size_t c = 0; c < play.size(); ++c) {
        so.play_channel.push_back(c);
        so.record_channel.push_back(record.size() == 1 ? 0 : c);
    }
    if (!o.reference.empty()) so.reference_channel = record.size();
    so.max_attempts = o.max_takes;
    so.on_discard = [talk](std::size_t attempt, unsigned xruns) {
        if (talk)
            std::cerr << "\niemlab: warning: " << xruns << " xrun(s) during take (attempt " << attempt
                      << "): take discarded, playing it again\n";
    };
    app::device_source source(device, so);
    // Progress (stderr a terminal): the server and the level check; both also go into the report's set-up table.
    if (progress)
        std::cerr << "jack server '" << device.server_label() << "': " << fs << " Hz, " << device.period_frames()
                  << " frames per period, reported round-trip latency " << device.reported_latency_frames()
                  << " frames\n";
    const auto levels = source.level_check(sweep);
    if (progress)
        for (const auto& l : levels)
            std::cerr << "level check: " << l.port << " peak " << std::round(l.peak_dbfs * 10) / 10 << " dBFS, RMS "
                      << std::round(l.rms_dbfs * 10) / 10 << " dBFS\n";
    if (interrupted.load()) stop_interrupted();

    measure::recording_tap tap(source);
    measure::source_hooks sh;
    if (progress)
        sh.progress = [&name](const std::string& channel, std::size_t i, std::size_t n) {
            std::cerr << "\r" << name << ": " << channel << " insertion " << i << "/" << n << "   " << std::flush;
        };
    const bool prompt = ::isatty(STDIN_FILENO) == 1;
    bool refit_confirmed = false; // the reinsert prompt below already waited for Enter
    sh.before_insertion = [&, first = true](const std::string& channel, std::size_t i, std::size_t n) mutable {
        if (interrupted.load()) stop_interrupted();
        if (first || !prompt || refit_confirmed) {
            first = false;
            refit_confirmed = false;
            return;
        }
        std::cerr << "\nReinsert the IEM (" << channel << ", insertion " << i << "/" << n << ") and press Enter… "
                  << std::flush;
        std::string line;
        if (!std::getline(std::cin, line) || interrupted.load()) stop_interrupted();
    };
    // A flagged insertion while the IEM is at hand: ask to fit it again (Enter) or keep it ('k').
    if (prompt)
        sh.reinsert = [&](const std::string& channel, std::size_t i, const measure::insertion_check& check) {
            if (interrupted.load()) stop_interrupted();
            std::cerr << "\niemlab: warning: " << channel << ", insertion " << i << ": "
                      << (check.fit == measure::insertion_fit::leak
                              ? "suspected leak, " + format_number(std::round(check.bass_deficit_db * 10) / 10) + " dB less bass than the others"
                              : "treble " + format_number(std::round(check.treble_deficit_db * 10) / 10) + " dB below the others")
                      << ".\nFit the eartip again and press Enter to measure this insertion again, or type k and Enter to keep it… "
                      << std::flush;
            std::string line;
            if (!std::getline(std::cin, line) || interrupted.load()) stop_interrupted();
            refit_confirmed = line != "k" && line != "K";
            return refit_confirmed;
        };
    measure::measurement_result m = measure::measure_with_source(name, tap, session, target, sh);
    if (progress) std::cerr << '\n';
    if (interrupted.load()) stop_interrupted();
    hooks.print_warnings(m);

    // Latencies: the measured one from the impulse responses, the reference's from its own deconvolution.
    double latency_min = 1e300, latency_max = 0;
    for (const auto& ch : m.channels)
        for (const auto& a : ch.insertions) {
            latency_min = std::min(latency_min, a.latency_samples);
            latency_max = std::max(latency_max, a.latency_samples);
        }
    std::optional<double> reference_latency;
    if (!source.reference_recordings().empty()) {
        const auto x = measure::played_excitation(sweep);
        const measure::sweep_analyzer ref(sweep, x, source.reference_recordings().front().size(), session.analysis);
        reference_latency = ref.analyze(source.reference_recordings().front()).latency_samples;
    }
    const auto& stats = source.statistics();

    app::report_options ro;
    ro.title = "IEM measurement: " + name;
    const auto& sp = sweep.parameters();
    ro.description = "Live measurement through the JACK server '" + device.server_label() +
                     "': " + std::to_string(session.insertions) + " insertion(s) per channel, synchronized sweep " +
                     format_number(std::round(sp.f1_hz)) + " Hz – " + format_number(std::round(sp.f2_hz) / 1000) +
                     " kHz, " + format_number(std::round(sp.duration_s * 100) / 100) + " s at " +
                     format_number(std::round(amplitude_to_db(sp.amplitude) * 10) / 10) +
                     " dBFS, deconvolved with the synchronized sweep's exact inverse.";
    auto fact = [&ro](std::string key, std::string label, std::string text,
                      std::optional<double> number = std::nullopt) {
        ro.setup.push_back({std::move(key), std::move(label), std::move(text), number});
    };
    auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& p : v) s += (s.empty() ? "" : ", ") + p;
        return s;
    };
    fact("device", "Device", "JACK server '" + device.server_label() + "' (client " + device.client_name() + ")");
    fact("play_ports", "Played to", join(play));
    fact("record_ports", "Recorded from", join(record));
    if (!o.reference.empty()) fact("reference_port", "Loopback reference", o.reference);
    fact("rate_hz", "Sample rate", format_number(fs) + " Hz", fs);
    fact("period_frames", "Period", std::to_string(device.period_frames()) + " frames", double(device.period_frames()));
    fact("reported_latency_frames", "Reported round-trip latency",
         std::to_string(device.reported_latency_frames()) + " frames", double(device.reported_latency_frames()));
    fact("measured_latency_samples", "Measured latency (impulse peak)",
         format_number(latency_min) +
             (latency_max != latency_min ? " … " + format_number(latency_max) : std::string()) + " samples",
         latency_min);
    if (reference_latency)
        fact("reference_latency_samples", "Reference latency (loopback)",
             format_number(*reference_latency) + " samples", *reference_latency);
    for (std::size_t i = 0; i < levels.size(); ++i)
        fact("level_check_peak_dbfs" + (i ? "_" + std::to_string(i + 1) : std::string()),
             "Level check: " + levels[i].port,
             "peak " + format_number(std::round(levels[i].peak_dbfs * 10) / 10) + " dBFS, RMS " +
                 format_number(std::round(levels[i].rms_dbfs * 10) / 10) + " dBFS",
             levels[i].peak_dbfs);
    fact("takes", "Takes kept", std::to_string(stats.takes), double(stats.takes));
    fact("xruns", "Xruns", std::to_string(stats.xruns), double(stats.xruns));
    fact("discarded_takes", "Takes discarded for xruns (repeated)", std::to_string(stats.discarded),
         double(stats.discarded));

    if (o.save_recordings)
        fact("saved_recordings", "Raw takes", "sweep.wav and <channel> <insertion>.wav beside this report");
    hooks.write(m, ro);
    if (o.save_recordings) {
        // Beside the report: the sweep as played (float32, with its metadata) and every take.
        std::filesystem::create_directories(output);
        io::audio_clip<float> clip;
        clip.rate_hz = fs;
        clip.comment = sweep.to_metadata();
        clip.channels.push_back(sweep.samples<float>());
        io::write_audio(std::filesystem::path(output) / "sweep.wav", clip);
        for (const auto& t : tap.takes()) {
            io::audio_clip<float> take;
            take.rate_hz = fs;
            aligned_buffer<float> b(t.samples.size());
            for (std::size_t k = 0; k < t.samples.size(); ++k) b[k] = static_cast<float>(t.samples[k]);
            take.channels.push_back(std::move(b));
            io::write_audio(std::filesystem::path(output) / (session.channels[t.request.channel] + " " +
                                                             std::to_string(t.request.insertion + 1) + ".wav"),
                            take);
        }
    }
}

#else

void run_live(const live_options&, const global_options&, const std::string&, const std::string&, const live_hooks&) {
    throw error("--live: this iemlab was built without libjack (install libjack-jackd2-dev and rebuild)");
}

#endif

} // namespace iemlab::cli

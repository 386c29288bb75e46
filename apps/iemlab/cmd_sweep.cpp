// `iemlab sweep`: write a measurement sweep, with its parameters in the file's comment (docs/cli.md).
#include "command.hpp"

#ifdef IEMLAB_HAVE_SNDFILE
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/dsp/sweep.hpp>
#include <iemlab/io/audio_file.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>

namespace iemlab::cli {
namespace {

void add_sweep(CLI::App& root, const global_options&) {
    struct options {
        std::string out, type = "synchronized", f1 = "5Hz", f2 = "22kHz", duration = "5s", rate = "48000",
                         level = "-6dBFS", fade_in, fade_out, format, lead_in = "0", tail = "0";
        int channels = 1;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand("sweep", "Write a sweep (WAV/FLAC/AIFF) with its parameters in the file comment");
    cmd->add_option("-o,--output", opt->out, "Output audio file (.wav, .flac, .aiff; - writes WAV to stdout)")->required();
    cmd->add_option("--type", opt->type, "synchronized | exponential | linear")
        ->check(CLI::IsMember({"synchronized", "exponential", "linear"}))
        ->capture_default_str();
    cmd->add_option("--f1", opt->f1,
                    "Start frequency (bare number: Hz); the default leaves room for the fade-in below 20 Hz, so that "
                    "measure and deconvolve report from 20 Hz")
        ->capture_default_str();
    cmd->add_option("--f2", opt->f2,
                    "End frequency, below rate/2 (bare number: Hz); the default leaves room for the fade-out above "
                    "20 kHz")
        ->capture_default_str();
    cmd->add_option("--duration", opt->duration,
                    "Duration (bare number: s; at most 600 s, so 2000 meant as ms is refused: write 2000ms); "
                    "synchronized sweeps round it so that f1·L is an integer")
        ->capture_default_str();
    cmd->add_option("--rate", opt->rate, "Sample rate (bare number: Hz; 48k = 48 kHz)")->capture_default_str();
    cmd->add_option("--level", opt->level, "Peak level (bare number: dBFS), at most 0 dBFS")->capture_default_str();
    cmd->add_option("--fade-in", opt->fade_in,
                    "Half-Hann fade-in (bare number: s; default half an octave, linear: min(5 ms, T/10))");
    cmd->add_option("--fade-out", opt->fade_out, "Half-Hann fade-out (bare number: s; default 100 periods of f2)");
    cmd->add_option("--channels", opt->channels, "Number of channels, each carrying the sweep")->capture_default_str();
    cmd->add_option("--format", opt->format, "float32 | pcm24 | pcm16 (default: float32; pcm24 for .flac)")
        ->check(CLI::IsMember({"float32", "pcm24", "pcm16"}));
    cmd->add_option("--lead-in", opt->lead_in,
                    "Silence before the sweep (bare number: s), for playing the file with another program")
        ->capture_default_str();
    cmd->add_option("--tail", opt->tail, "Silence after the sweep (bare number: s), room for the system's decay")
        ->capture_default_str();
    cmd->callback([opt] {
        const auto type = dsp::parse_sweep_type(opt->type, "--type");
        const auto f1 = parse_frequency(opt->f1, "--f1");
        const auto f2 = parse_frequency(opt->f2, "--f2");
        const auto duration = parse_time(opt->duration, "--duration");
        if (duration.value() > 600)
            throw_out_of_range("sweep", "--duration", duration.value(), "s",
                               "<= 600 s (a bare number is seconds; for milliseconds write e.g. 2000ms)");
        const double lead_in = parse_time(opt->lead_in, "--lead-in").value();
        const double tail = parse_time(opt->tail, "--tail").value();
        if (!(lead_in >= 0 && lead_in <= 60)) throw_out_of_range("sweep", "--lead-in", lead_in, "s", "0 to 60 s");
        if (!(tail >= 0 && tail <= 60)) throw_out_of_range("sweep", "--tail", tail, "s", "0 to 60 s");
        const auto rate = parse_frequency(opt->rate, "--rate");
        const double level_dbfs = parse_dbfs(opt->level, "--level");
        if (!(level_dbfs <= 0)) throw_out_of_range("sweep", "--level", level_dbfs, "dBFS", "<= 0 dBFS");
        if (opt->channels < 1 || opt->channels > 64)
            throw_out_of_range("sweep", "--channels", opt->channels, "", "1 to 64");
        if (rate.value() != std::round(rate.value()))
            throw_out_of_range("sweep", "--rate", rate.value(), "Hz", "a whole number of Hz");
        dsp::sweep_shape shape;
        shape.amplitude = std::pow(10.0, level_dbfs / 20);
        if (!opt->fade_in.empty()) shape.fade_in = parse_time(opt->fade_in, "--fade-in");
        if (!opt->fade_out.empty()) shape.fade_out = parse_time(opt->fade_out, "--fade-out");
        dsp::swept_sine sweep = [&]() -> dsp::swept_sine {
            // Library errors name the library's parameter; say which option it came from.
            try {
                return dsp::swept_sine::make(type, f1.value(), f2.value(), duration.value(), rate.value(), shape);
            } catch (const error& e) {
                const std::string m = e.what();
                const auto colon = m.find(": ");
                const std::string_view what = colon == m.npos ? std::string_view{} : std::string_view(m).substr(colon + 2);
                for (auto [param, option] : {std::pair{"f1 =", "--f1"}, {"f2 =", "--f2"}, {"duration =", "--duration"},
                                             {"rate =", "--rate"}, {"fade_in + fade_out", "--fade-in/--fade-out"},
                                             {"fade_in =", "--fade-in"}, {"fade_out =", "--fade-out"}})
                    if (what.starts_with(param)) throw error(std::string(option) + ": " + m);
                throw;
            }
        }();

        io::audio_clip<float> clip;
        clip.rate_hz = rate.value();
        std::string ext = std::filesystem::path(opt->out).extension().string();
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        clip.format = !opt->format.empty() ? io::parse_sample_format(opt->format, "--format")
                      : ext == ".flac"     ? io::sample_format::pcm24 // FLAC stores no float samples
                                           : io::sample_format::float32;
        const auto sweep_samples = sweep.samples<float>();
        const auto pre = static_cast<std::size_t>(std::lround(lead_in * rate.value()));
        // The silence before the sweep goes into the metadata, so measure and deconvolve find the sweep in the file.
        clip.comment = sweep.to_metadata() + (pre > 0 ? " lead_in=" + std::to_string(pre) : std::string());
        const auto post = static_cast<std::size_t>(std::lround(tail * rate.value()));
        aligned_buffer<float> samples(pre + sweep_samples.size() + post); // zeros around the sweep
        std::copy(sweep_samples.begin(), sweep_samples.end(), samples.begin() + static_cast<std::ptrdiff_t>(pre));
        for (int c = 0; c < opt->channels; ++c) clip.channels.push_back(samples);
        io::write_audio(opt->out, clip);
        const auto& p = sweep.parameters();
        std::ostream& say = opt->out == "-" ? std::cerr : std::cout; // -o -: stdout carries the audio
        say << std::setprecision(8) << "wrote " << opt->out << ": " << dsp::to_string(p.type) << " sweep "
                  << p.f1_hz << "–" << p.f2_hz << " Hz, T = " << p.duration_s << " s (" << p.length
                  << " samples at " << p.rate_hz << " Hz)";
        if (p.type != dsp::sweep_type::linear) say << ", L = " << p.rate_constant_s << " s";
        say << '\n';
    });
}

const register_command sweep_command{"sweep", add_sweep};

} // namespace
} // namespace iemlab::cli
#endif

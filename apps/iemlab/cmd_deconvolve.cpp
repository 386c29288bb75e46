// `iemlab deconvolve`: recording ÷ sweep → impulse response, frequency response and harmonic distortion (docs/cli.md).
#include "command.hpp"

#ifdef IEMLAB_HAVE_SNDFILE
#include "sweep_options.hpp"

#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/dsp/sweep.hpp>
#include <iemlab/io/atomic_file.hpp>
#include <iemlab/io/audio_file.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/sweep_analysis.hpp>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace iemlab::cli {
namespace {

struct deconvolve_options {
    std::string sweep, recording, method = "auto", ir_out, fr_out, thd_out, smoothing, smoothing_domain;
    std::string f_min, f_max, window_left, window_right, window_shape = "hann", padding = "linear";
    std::size_t channel = 0;
    unsigned harmonics = 5, highest_order = 0;
    double ppo = 48;
    sweep_file_options sweep_file;
};

// Re-throws a library error with the CLI option (or file) it came from in front.
template <class F>
auto naming(std::string_view option, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const file_error&) {
        throw;
    } catch (const error& e) {
        throw error(std::string(option) + ": " + e.what());
    }
}

void run(const deconvolve_options& o, const global_options& globals) {
    if (o.ir_out.empty() && o.fr_out.empty() && o.thd_out.empty())
        throw error("deconvolve: no output: give --fr-out FR.csv, --thd-out THD.csv and/or --ir-out IR.wav");
    if (!o.fr_out.empty()) (void)io::output_format(o.fr_out, {}, "--fr-out"); // an unknown extension fails first
    const auto sweep_file = io::read_audio<double>(o.sweep);
    const auto recording_file = io::read_audio<double>(o.recording);
    const double fs = recording_file.rate_hz;
    if (sweep_file.rate_hz != fs)
        throw_invalid("deconvolve", "--recording",
                      "sample rate " + format_number(fs) + " Hz differs from the sweep's " +
                          format_number(sweep_file.rate_hz) + " Hz (" + o.sweep + ")");
    if (o.channel >= recording_file.channels.size())
        throw_out_of_range("deconvolve", "--channel", double(o.channel), "",
                           "0 to " + std::to_string(recording_file.channels.size() - 1) + " (" + o.recording + " has " +
                               std::to_string(recording_file.channels.size()) + " channels)");
    if (o.harmonics < 1 || o.harmonics > dsp::max_harmonic_order)
        throw_out_of_range("deconvolve", "--harmonics", o.harmonics, "", "1 to 9");
    if (!o.thd_out.empty() && o.harmonics < 2)
        throw_out_of_range("deconvolve", "--harmonics", o.harmonics, "", "2 to 9 for --thd-out");
    const auto& excitation = sweep_file.channels[std::min(o.channel, sweep_file.channels.size() - 1)];
    const auto& recording = recording_file.channels[o.channel];
    if (recording.size() < excitation.size())
        throw_out_of_range("deconvolve", "--recording", double(recording.size()), "samples",
                           ">= the sweep's " + std::to_string(excitation.size()) +
                               " samples (the recording is shorter than the sweep)");

    // What the sweep file says about itself, or what the options describe.
    const bool metadata = dsp::swept_sine::has_metadata(sweep_file.comment);
    std::optional<dsp::swept_sine> sweep;
    if (metadata) sweep = naming("--sweep", [&] { return dsp::swept_sine::from_metadata(sweep_file.comment); });
    const auto description = o.sweep_file.description(metadata, o.sweep);
    const std::optional<dsp::sweep_type> type =
        sweep ? std::optional(sweep->type()) : description ? std::optional(description->type) : std::nullopt;
    const bool exponential = type && *type != dsp::sweep_type::linear;
    if (!o.thd_out.empty() && !type) throw needs_sweep_description("--thd-out", o.sweep);
    if (!o.thd_out.empty() && !exponential)
        throw error("--thd-out: harmonic distortion needs an exponential or synchronized sweep, " + o.sweep + " is linear");
    if ((o.method == "synchronized" || o.method == "farina") && !sweep)
        throw_invalid("deconvolve", "--method",
                      o.method + " needs sweep parameters in " + o.sweep + "'s comment (write it with iemlab sweep)");
    if (o.method == "synchronized" && sweep->type() != dsp::sweep_type::synchronized)
        throw_invalid("deconvolve", "--method", "synchronized needs a synchronized sweep, " + o.sweep + " holds " +
                                                    std::string(dsp::to_string(sweep->type())));
    if (o.method == "farina" && sweep->type() == dsp::sweep_type::linear)
        throw_invalid("deconvolve", "--method", "farina needs an exponential or synchronized sweep");

    // The analysis: the band is 20 Hz–20 kHz by default, clamped to the sweep's full-energy band (fades excluded).
    measure::analysis_settings a;
    a.f_min_hz = o.f_min.empty() ? 20 : parse_frequency(o.f_min, "--f-min").value();
    a.f_max_hz = o.f_max.empty() ? std::min(20000.0, fs / 2) : parse_frequency(o.f_max, "--f-max").value();
    if (!(a.f_min_hz > 0 && a.f_min_hz < fs / 2)) throw_out_of_range("deconvolve", "--f-min", a.f_min_hz, "Hz", "0 < f < rate/2");
    if (!(a.f_max_hz > a.f_min_hz && a.f_max_hz <= fs / 2))
        throw_out_of_range("deconvolve", "--f-max", a.f_max_hz, "Hz", "f-min < f <= rate/2 = " + format_number(fs / 2) + " Hz");
    if (!(o.ppo >= 1 && o.ppo <= 384)) throw_out_of_range("deconvolve", "--ppo", o.ppo, "", "1 to 384");
    a.points_per_octave = o.ppo;
    a.harmonics = exponential ? o.harmonics : 1;
    a.normalize = measure::normalization::none();
    a.low_level_dbfs = -120; // deconvolve reports what it got; measure judges levels
    if (o.method != "auto")
        a.method = o.method == "synchronized" ? dsp::deconvolution_method::synchronized
                   : o.method == "farina"     ? dsp::deconvolution_method::farina
                                              : dsp::deconvolution_method::kirkeby;
    if (o.padding == "circular") a.padding = dsp::deconvolution_padding::circular;
    if (o.highest_order != 0 && o.highest_order < a.harmonics + 1)
        throw_out_of_range("deconvolve", "--highest-order", o.highest_order, "",
                           "0 (automatic) or > --harmonics (" + std::to_string(a.harmonics) + ")");
    if (exponential && a.padding == dsp::deconvolution_padding::circular && o.highest_order == 0)
        throw_invalid("deconvolve", "--highest-order",
                      "is needed with --padding circular: the orders up to fs/(2·f1) assumed by default do not fit "
                      "a response of the recording's length (e.g. --highest-order 10)");
    a.highest_order_present = exponential ? o.highest_order : 0;
    a.gate_shape = dsp::parse_window_type(o.window_shape, "--window-shape");
    if (!o.window_left.empty() || !o.window_right.empty()) {
        const double left = o.window_left.empty() ? 0.01 : parse_time(o.window_left, "--window-left").value();
        const double right = o.window_right.empty() ? 0.5 : parse_time(o.window_right, "--window-right").value();
        if (!(left >= 0)) throw_out_of_range("deconvolve", "--window-left", left, "s", ">= 0");
        if (!(right > 0)) throw_out_of_range("deconvolve", "--window-right", right, "s", "> 0");
        a.gate_pre_s = left;
        a.gate_post_s = right;
    }
    apply_smoothing(o.smoothing, o.smoothing_domain, a);

    const auto analyzer = naming("--sweep", [&] {
        return measure::make_sweep_analyzer(excitation.span(), fs, sweep_file.comment, description, recording.size(), a);
    });
    if (!analyzer.band_note().empty() && (!o.f_min.empty() || !o.f_max.empty()))
        std::cerr << "iemlab: warning: " << analyzer.band_note() << '\n';
    const std::string method(dsp::to_string(analyzer.method()));
    if (show_progress(globals)) std::cerr << "deconvolving (" << method << ", " << analyzer.fft_size() << " points)\n";
    const auto levels = measure::check_levels(recording.span(), fs);
    if (levels.peak_dbfs <= db_floor) throw error(o.recording + ": is silent (every sample is 0): not a recording of the sweep");
    for (const auto& w : measure::level_warnings(levels, a)) std::cerr << "iemlab: warning: " << o.recording << ": " << w << '\n';
    const auto [ir, analysis] = naming(o.recording, [&] {
        auto h = analyzer.impulse_response(recording.span());
        auto r = analyzer.analyze_response(h.span(), levels);
        return std::pair{std::move(h), std::move(r)};
    });
    const double latency = analysis.latency_samples;
    const auto& fr = analysis.response;
    const auto& thd = analysis.distortion;
    if (!o.thd_out.empty() && thd.frequency_hz.empty())
        throw_invalid("deconvolve", "--thd-out",
                      "no grid frequency f has 2·f below " + format_number(analyzer.band().hi_hz) + " Hz");

    // Everything is computed: now write, each file complete or absent.
    if (!o.ir_out.empty()) {
        // The gated region of the linear response, raw (no window), t = 0 at sample `pre`.
        io::audio_clip<float> clip;
        clip.rate_hz = fs;
        clip.format = io::sample_format::float32;
        const auto h = analyzer.linear_impulse_response(ir.span(), latency);
        clip.channels.emplace_back(h.size());
        for (std::size_t i = 0; i < h.size(); ++i) clip.channels.back()[i] = static_cast<float>(h[i]);
        clip.comment = "iemlab-ir method=" + method + " t0_sample=" + std::to_string(analyzer.linear_gate().pre) +
                       " latency_samples=" + format_number(latency);
        io::write_audio(o.ir_out, clip);
    }
    // --fr-out's format by the one rule (io::output_format): .csv (and -) the table below, else that format.
    if (!o.fr_out.empty() && io::output_format(o.fr_out, {}, "--fr-out") != io::response_format::csv)
        io::write_response(o.fr_out, fr, io::output_format(o.fr_out, {}, "--fr-out"));
    else if (!o.fr_out.empty())
        io::write_file_atomically(o.fr_out, [&](std::ostream& os) {
            os << "frequency,spl_db,phase_deg\n" << std::setprecision(8);
            for (std::size_t i = 0; i < fr.size(); ++i)
                os << fr.frequencies()[i] << ',' << fr.magnitude_db()[i] << ',' << fr.phase_deg()[i] << '\n';
        });
    if (!o.thd_out.empty())
        io::write_file_atomically(o.thd_out, [&](std::ostream& os) {
            // Each order as far as it reaches (n·f below the band's top); cells beyond are empty.
            os << "frequency";
            for (unsigned n = 2; n <= o.harmonics; ++n) os << ",h" << n << "_db";
            os << ",thd_percent\n" << std::setprecision(8);
            for (std::size_t i = 0; i < thd.frequency_hz.size(); ++i) {
                os << thd.frequency_hz[i];
                for (unsigned n = 2; n <= o.harmonics; ++n) {
                    os << ',';
                    if (thd.has(n, i)) os << thd.hd_db[n - 2][i];
                }
                os << ',' << thd.thd_f_percent[i] << '\n';
            }
        });
    // With an output on standard output (-), the summary goes to stderr so that stdout carries only that file.
    const bool stdout_taken = o.ir_out == "-" || o.fr_out == "-" || o.thd_out == "-";
    (stdout_taken ? std::cerr : std::cout) << std::setprecision(6) << "method=" << method << " fft_size=" << analyzer.fft_size()
              << " latency_samples=" << std::setprecision(8) << latency << " latency_ms=" << 1000 * latency / fs << '\n';
}

void add_deconvolve(CLI::App& root, const global_options& globals) {
    auto opt = std::make_shared<deconvolve_options>();
    auto* cmd = root.add_subcommand("deconvolve", "Deconvolve a recording by its sweep: IR, frequency response, THD");
    cmd->add_option("--sweep", opt->sweep, "The excitation as played (WAV/FLAC/AIFF)")->required();
    cmd->add_option("--recording", opt->recording, "The recorded response (same sample rate)")->required();
    cmd->add_option("--method", opt->method,
                    "auto (synchronized when the sweep file carries iemlab sweep metadata, else kirkeby) | "
                    "synchronized | farina | kirkeby")
        ->check(CLI::IsMember({"auto", "synchronized", "farina", "kirkeby"}))
        ->capture_default_str();
    cmd->add_option("--channel", opt->channel, "Recording channel, 0-based")->capture_default_str();
    cmd->add_option("--padding", opt->padding,
                    "FFT zero-padding: linear (recording + sweep length, nothing wraps) | circular (recording "
                    "length only, about half the work; harmonics wrap onto the end: give --highest-order)")
        ->check(CLI::IsMember({"linear", "circular"}))
        ->capture_default_str();
    cmd->add_option("--highest-order", opt->highest_order,
                    "Highest harmonic order assumed to carry energy, bounding the linear response's gate "
                    "(0: every order below Nyquist, fs/(2·f1); e.g. 10 with --padding circular)")
        ->capture_default_str();
    cmd->add_option("--harmonics", opt->harmonics, "Highest harmonic order K (2…9) for THD.csv")->capture_default_str();
    cmd->add_option("--ir-out", opt->ir_out, "Write the linear impulse response (float WAV; t = 0 in its comment)");
    cmd->add_option("--fr-out", opt->fr_out,
                    "Write the response: .csv is frequency,spl_db,phase_deg; .txt REW, '<name> L.txt' squig, .frd "
                    "FRD (the format from the extension, as convert)");
    cmd->add_option("--thd-out", opt->thd_out, "Write THD.csv: frequency,h2_db,…,hK_db,thd_percent; each order as far as it reaches (n·f below the "
                    "band's top), cells beyond empty, thd_percent sums the orders present");
    cmd->add_option("--window-left", opt->window_left,
                    "Gate of the linear response before its peak (bare number: s; default: half-way to harmonic 2)");
    cmd->add_option("--window-right", opt->window_right, "Gate of the linear response after its peak (bare number: s)");
    cmd->add_option("--window-shape", opt->window_shape, "Gate taper: hann | hamming | blackman | blackman-harris | tukey | rectangular")
        ->capture_default_str();
    add_smoothing_options(cmd, opt->smoothing, opt->smoothing_domain);
    opt->sweep_file.add(cmd);
    cmd->add_option("--ppo", opt->ppo, "Points per octave of the output grid")->capture_default_str();
    cmd->add_option("--f-min", opt->f_min, "Lowest output frequency (bare number: Hz; default 20 Hz; clamped, with a warning, to the sweep's "
                    "full-energy band, which starts where the fade-in ends: √2·f1 for iemlab's default fade)");
    cmd->add_option("--f-max", opt->f_max, "Highest output frequency (bare number: Hz; default 20 kHz; clamped to where the sweep's fade-out "
                    "starts and to rate/2)");
    cmd->callback([opt, &globals] { run(*opt, globals); });
}

const register_command deconvolve_command{"deconvolve", add_deconvolve};

} // namespace
} // namespace iemlab::cli
#endif

// `iemlab deconvolve`: recording ÷ sweep → impulse response, frequency response and harmonic distortion (docs/cli.md).
#include "command.hpp"

#ifdef IEMLAB_HAVE_SNDFILE
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/dsp/deconvolve.hpp>
#include <iemlab/dsp/harmonics.hpp>
#include <iemlab/dsp/smoothing.hpp>
#include <iemlab/dsp/sweep.hpp>
#include <iemlab/io/atomic_file.hpp>
#include <iemlab/io/audio_file.hpp>

#include <charconv>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace iemlab::cli {
namespace {

struct deconvolve_options {
    std::string sweep, recording, method = "auto", ir_out, fr_out, thd_out, smoothing;
    std::string f_min, f_max, window_left, window_right, window_shape = "hann", padding = "linear";
    std::size_t channel = 0;
    unsigned harmonics = 5, highest_order = 0;
    double ppo = 48;
};

// "1/3" or "3" → 3.
double parse_fraction(const std::string& text) {
    std::string_view s = text;
    if (s.starts_with("1/")) s.remove_prefix(2);
    double n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || end != s.data() + s.size() || !(n >= 1 && n <= 384))
        throw_invalid("deconvolve", "--smoothing", "'" + text + "' is not 1/N with 1 <= N <= 384");
    return n;
}

// Re-throws a library error with the CLI option it came from in front.
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
    const auto sweep_file = io::read_audio<float>(o.sweep);
    const auto recording_file = io::read_audio<float>(o.recording);
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
    const auto& excitation = sweep_file.channels[std::min(o.channel, sweep_file.channels.size() - 1)];
    const auto& recording = recording_file.channels[o.channel];
    if (recording.size() < excitation.size())
        throw_out_of_range("deconvolve", "--recording", double(recording.size()), "samples",
                           ">= the sweep's " + std::to_string(excitation.size()) +
                               " samples (the recording is shorter than the sweep)");

    std::optional<dsp::swept_sine> sweep;
    if (dsp::swept_sine::has_metadata(sweep_file.comment)) {
        sweep = naming("--sweep", [&] { return dsp::swept_sine::from_metadata(sweep_file.comment); });
        if (sweep->rate_hz() != fs)
            throw_invalid("deconvolve", "--sweep", "its metadata says " + format_number(sweep->rate_hz()) + " Hz, the file " +
                                                       format_number(fs) + " Hz");
        if (sweep->size() != excitation.size())
            throw_invalid("deconvolve", "--sweep", "holds " + std::to_string(excitation.size()) +
                                                       " samples, its metadata " + std::to_string(sweep->size()));
    }
    std::string method = o.method;
    if (method == "auto")
        method = sweep && sweep->type() == dsp::sweep_type::synchronized ? "synchronized" : "kirkeby";
    if ((method == "synchronized" || method == "farina") && !sweep)
        throw_invalid("deconvolve", "--method",
                      method + " needs sweep parameters in " + o.sweep + "'s comment (write it with iemlab sweep)");

    // Analysis band: 20 Hz–20 kHz by default, inside the sweep: from half an octave above f1 (past the default
    // fade-in, Müller & Massarani 2001; Farina 2007; the inverse's band edge at f1 rings, and a gated response is flat
    // to 0.01 dB only from about 1.35·f1 for a 2 s sweep) to f2 and below Nyquist.
    double f_lo = 20, f_hi = std::min(20000.0, fs / 2);
    if (sweep) {
        f_lo = std::max(f_lo, std::sqrt(2.0) * sweep->parameters().f1_hz);
        f_hi = std::min(f_hi, sweep->parameters().f2_hz);
    }
    if (!o.f_min.empty()) f_lo = parse_frequency(o.f_min, "--f-min").value();
    if (!o.f_max.empty()) f_hi = parse_frequency(o.f_max, "--f-max").value();
    if (!(f_lo > 0 && f_lo < fs / 2)) throw_out_of_range("deconvolve", "--f-min", f_lo, "Hz", "0 < f < rate/2");
    if (!(f_hi > f_lo && f_hi <= fs / 2))
        throw_out_of_range("deconvolve", "--f-max", f_hi, "Hz", "f-min < f <= rate/2 = " + format_number(fs / 2) + " Hz");
    const auto grid = naming("--ppo", [&] { return log_grid(f_lo, f_hi, o.ppo); });

    dsp::deconvolution_options options;
    if (o.padding == "circular") options.padding = dsp::deconvolution_padding::circular;
    const auto deconvolver = naming("--method", [&] {
        if (method == "synchronized") {
            if (sweep->type() != dsp::sweep_type::synchronized)
                throw_invalid("deconvolve", "--method", "synchronized needs a synchronized sweep, " + o.sweep + " holds " +
                                                            std::string(dsp::to_string(sweep->type())));
            return dsp::deconvolver<float>::synchronized(*sweep, recording.size(), excitation.span(), options);
        }
        if (method == "farina") {
            if (sweep->type() == dsp::sweep_type::linear)
                throw_invalid("deconvolve", "--method", "farina needs an exponential or synchronized sweep");
            return dsp::deconvolver<float>::farina(*sweep, recording.size(), excitation.span(), options);
        }
        // Exact a third of an octave beyond the analysed band, so the gate's smoothing does not see the edge.
        const double lo = sweep ? sweep->parameters().f1_hz : f_lo / std::cbrt(2.0);
        const double hi = sweep ? sweep->parameters().f2_hz : std::min(fs / 2, f_hi * std::cbrt(2.0));
        return dsp::deconvolver<float>::kirkeby(excitation.span(), fs, recording.size(), lo, hi, options);
    });
    if (show_progress(globals)) std::cerr << "deconvolving (" << method << ", " << deconvolver.fft_size() << " points)\n";
    aligned_buffer<float> ir(deconvolver.fft_size()), scratch(deconvolver.scratch_size());
    deconvolver.execute(recording.span(), ir.span(), scratch.span());

    // Harmonics need an exponential sweep's rate constant; a linear or unknown sweep gives the linear response only.
    const bool exponential = sweep && sweep->type() != dsp::sweep_type::linear;
    if (!o.thd_out.empty() && !exponential)
        throw_invalid("deconvolve", "--thd-out",
                      "harmonic distortion needs an exponential sweep whose parameters are in " + o.sweep + "'s comment");
    dsp::harmonic_options harmonic;
    harmonic.orders = exponential ? o.harmonics : 1;
    harmonic.highest_order_present = exponential ? o.highest_order : 0;
    if (o.highest_order != 0 && o.highest_order < harmonic.orders + 1)
        throw_out_of_range("deconvolve", "--highest-order", o.highest_order, "",
                           "0 (automatic) or > --harmonics (" + std::to_string(harmonic.orders) + ")");
    if (exponential && options.padding == dsp::deconvolution_padding::circular && o.highest_order == 0)
        throw_invalid("deconvolve", "--highest-order",
                      "is needed with --padding circular: the orders up to fs/(2·f1) assumed by default do not fit "
                      "a response of the recording's length (e.g. --highest-order 10)");
    harmonic.taper = naming("--window-shape", [&] { return dsp::parse_window_type(o.window_shape, "--window-shape"); });
    if (!o.window_left.empty() || !o.window_right.empty()) {
        const double left = o.window_left.empty() ? 0.01 : parse_time(o.window_left, "--window-left").value();
        const double right = o.window_right.empty() ? 0.5 : parse_time(o.window_right, "--window-right").value();
        if (!(left >= 0)) throw_out_of_range("deconvolve", "--window-left", left, "s", ">= 0");
        if (!(right > 0)) throw_out_of_range("deconvolve", "--window-right", right, "s", "> 0");
        harmonic.linear_pre = static_cast<std::size_t>(std::llround(left * fs));
        harmonic.linear_post = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(right * fs)));
    }
    const auto analyzer = naming("--window", [&] {
        return dsp::harmonic_analyzer<float>(fs, exponential ? sweep->rate_constant_s() : 0.0,
                                             sweep ? sweep->parameters().f1_hz : f_lo, ir.size(), harmonic);
    });
    // Latency: the largest peak of the linear response, from a little before t = 0 to half the response.
    const double latency = dsp::find_impulse_peak(std::span<const float>(ir.span()),
                                                  -static_cast<std::ptrdiff_t>(analyzer.window(1).pre / 4),
                                                  std::min(analyzer.window(1).post, ir.size() / 2));
    auto spectra = analyzer.make_spectra();
    aligned_buffer<float> analysis_scratch(analyzer.scratch_size());
    analyzer.execute(ir.span(), latency, spectra, analysis_scratch.span());

    auto fr = dsp::linear_response(spectra, grid);
    if (!o.smoothing.empty()) fr = dsp::smooth(fr, dsp::smoothing_width::fraction(parse_fraction(o.smoothing)));
    std::optional<dsp::distortion_curves> thd;
    if (!o.thd_out.empty()) {
        const double f_max = std::min(fs / 2, sweep->parameters().f2_hz);
        if (o.harmonics < 2) throw_out_of_range("deconvolve", "--harmonics", o.harmonics, "", "2 to 9 for --thd-out");
        thd = dsp::harmonic_distortion(spectra, std::span<const double>(grid), f_max);
        if (thd->frequency_hz.empty())
            throw_invalid("deconvolve", "--thd-out",
                          "no grid frequency f has " + std::to_string(o.harmonics) + "·f below " + format_number(f_max) + " Hz");
    }

    // Everything is computed: now write, each file complete or absent.
    if (!o.ir_out.empty()) {
        // The gated region of the linear response, raw (no window), t = 0 at sample `pre`.
        const dsp::gate& g = analyzer.window(1);
        io::audio_clip<float> clip;
        clip.rate_hz = fs;
        clip.format = io::sample_format::float32;
        aligned_buffer<float> h(std::min(g.length(), ir.size()));
        const auto n = static_cast<std::ptrdiff_t>(ir.size());
        const auto start = static_cast<std::ptrdiff_t>(std::floor(latency)) - static_cast<std::ptrdiff_t>(g.pre);
        for (std::size_t i = 0; i < h.size(); ++i) h[i] = ir[static_cast<std::size_t>(((start + std::ptrdiff_t(i)) % n + n) % n)];
        clip.channels.push_back(std::move(h));
        clip.comment = "iemlab-ir method=" + method + " t0_sample=" + std::to_string(g.pre) +
                       " latency_samples=" + format_number(latency);
        io::write_audio(o.ir_out, clip);
    }
    if (!o.fr_out.empty())
        io::write_file_atomically(o.fr_out, [&](std::ostream& os) {
            os << "frequency,spl_db,phase_deg\n" << std::setprecision(8);
            for (std::size_t i = 0; i < fr.size(); ++i)
                os << fr.frequencies()[i] << ',' << fr.magnitude_db()[i] << ',' << fr.phase_deg()[i] << '\n';
        });
    if (thd)
        io::write_file_atomically(o.thd_out, [&](std::ostream& os) {
            os << "frequency";
            for (unsigned n = 2; n <= o.harmonics; ++n) os << ",h" << n << "_db";
            os << ",thd_percent\n" << std::setprecision(8);
            for (std::size_t i = 0; i < thd->frequency_hz.size(); ++i) {
                os << thd->frequency_hz[i];
                for (unsigned n = 2; n <= o.harmonics; ++n) os << ',' << thd->hd_db[n - 2][i];
                os << ',' << thd->thd_f_percent[i] << '\n';
            }
        });
    std::cout << std::setprecision(6) << "method=" << method << " fft_size=" << deconvolver.fft_size()
              << " latency_samples=" << latency << " latency_ms=" << 1000 * latency / fs << '\n';
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
    cmd->add_option("--fr-out", opt->fr_out, "Write FR.csv: frequency,spl_db,phase_deg");
    cmd->add_option("--thd-out", opt->thd_out, "Write THD.csv: frequency,h2_db,…,hK_db,thd_percent");
    cmd->add_option("--window-left", opt->window_left,
                    "Gate of the linear response before its peak (bare number: s; default: half-way to harmonic 2)");
    cmd->add_option("--window-right", opt->window_right, "Gate of the linear response after its peak (bare number: s)");
    cmd->add_option("--window-shape", opt->window_shape, "Gate taper: hann | hamming | blackman | blackman-harris | tukey | rectangular")
        ->capture_default_str();
    cmd->add_option("--smoothing", opt->smoothing, "Fractional-octave smoothing of FR.csv, 1/N (default none)");
    cmd->add_option("--ppo", opt->ppo, "Points per octave of the output grid")->capture_default_str();
    cmd->add_option("--f-min", opt->f_min, "Lowest output frequency (bare number: Hz; default 20 Hz, at least √2·f1 of a sweep with metadata)");
    cmd->add_option("--f-max", opt->f_max, "Highest output frequency (bare number: Hz; default 20 kHz, at most f2)");
    cmd->callback([opt, &globals] { run(*opt, globals); });
}

const register_command deconvolve_command{"deconvolve", add_deconvolve};

} // namespace
} // namespace iemlab::cli
#endif

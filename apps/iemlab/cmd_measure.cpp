// `iemlab measure`: the measure-and-compare pipeline (docs/cli.md) on real recordings or on simulated IEMs from a
// rig configuration. Parsing and printing only; the procedure is measure/session.hpp, the files io/.
#include "command.hpp"
#include "impedance_option.hpp"
#include "live.hpp"

// Needs the libsndfile adapter (recordings) and nlohmann-json (rig configurations).
#if defined(IEMLAB_HAVE_SNDFILE) && __has_include(<nlohmann/json.hpp>)
#include "sweep_options.hpp"
#include "target_option.hpp"

#include <iemlab/app/measurement_report.hpp>
#include <iemlab/app/rig_config.hpp>
#include <iemlab/app/target_source.hpp>
#include <iemlab/core/error.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/io/audio_file.hpp>
#include <iemlab/io/mic_calibration.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/session.hpp>

#include <cmath>
#include <complex>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::cli {
namespace {

struct measure_options {
    std::string config, sweep, output, target, compare, mic_cal, name = "measurement", title;
    std::vector<std::string> left, right;
    unsigned channel = 0;
    std::optional<unsigned> channel_right, reference_channel;
    std::string normalize = "1kHz", level = "85", f_min, f_max, calibration_94db, smoothing, smoothing_domain;
    std::string drive_voltage, dac_voltage, output_impedance, impedance; // the drive, for the sensitivity
    double ppo = 48;
    unsigned harmonics = 5;
    bool exclude_leaky = false;
    bool eq = false; // --eq: an EQ per IEM in the report and the exports (app/measurement_eq.hpp)
    sweep_file_options sweep_file;
    live_options live; // --live: play and record through an audio server (cmd_live.cpp)
};

std::string target_label(const std::optional<frequency_response>& t) { return t ? t->name() : std::string(); }

void print_warnings(const measure::measurement_result& m) {
    for (const auto& w : m.warnings)
        std::cerr << "iemlab: warning: " << m.name << ", " << w.where() << ": " << w.message << '\n';
}

measure::progress_function progress_for(const global_options& globals, const std::string& what) {
    if (!show_progress(globals)) return {};
    return [what](const std::string& channel, std::size_t i, std::size_t n) {
        std::cerr << "\r" << what << ": " << channel << " insertion " << i << "/" << n << "   " << std::flush;
    };
}

std::vector<double> channel_of(const io::audio_clip<double>& clip, unsigned channel, const std::string& file,
                               const std::string& option = "--channel") {
    if (channel >= clip.channels.size())
        throw error(option + ": " + std::to_string(channel) + " is out of range for " + file + " (it has " +
                    std::to_string(clip.channels.size()) + " channel" + (clip.channels.size() == 1 ? "" : "s") + ")");
    return std::vector<double>(clip.channels[channel].begin(), clip.channels[channel].end());
}

// Re-throws a library error with the file it came from in front.
template <class F>
auto naming_file(const std::string& file, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const file_error&) {
        throw;
    } catch (const error& e) {
        throw error(file + ": " + e.what());
    }
}

// The voltage across the IEM's terminals at 1 kHz: measured (--drive-voltage), or from the interface's level
// (--dac-voltage), its output impedance and the IEM's (--impedance). None when neither is given.
std::optional<measure::terminal_drive> drive_for(const measure_options& o, double sweep_dbfs) {
    if (o.drive_voltage.empty() && o.dac_voltage.empty()) {
        for (const auto* opt : {&o.output_impedance, &o.impedance})
            if (!opt->empty())
                throw error(std::string(opt == &o.impedance ? "--impedance" : "--output-impedance") +
                            ": needs --drive-voltage or --dac-voltage (the sensitivity is measured from the drive)");
        return std::nullopt;
    }
    if (o.calibration_94db.empty())
        throw error(std::string(o.drive_voltage.empty() ? "--dac-voltage" : "--drive-voltage") +
                    ": needs --calibration-94db (a sensitivity needs the SPL, i.e. a calibrated microphone)");
    if (!o.drive_voltage.empty() && !o.dac_voltage.empty()) throw error("--drive-voltage: give it or --dac-voltage, not both");
    if (!o.drive_voltage.empty() && !o.output_impedance.empty())
        throw error("--output-impedance: used with --dac-voltage only (--drive-voltage is measured at the terminals)");
    std::optional<std::complex<double>> z;
    if (!o.impedance.empty()) z = read_impedance_argument(o.impedance, "--impedance", false).at_1khz;
    try {
        if (!o.drive_voltage.empty()) return measure::terminal_drive::measured(parse_voltage(o.drive_voltage, "--drive-voltage"), z);
        const double full_scale = parse_voltage(o.dac_voltage, "--dac-voltage");
        const std::complex<double> zs =
            o.output_impedance.empty() ? 0.0 : parse_electric_impedance(o.output_impedance, "--output-impedance").value();
        return measure::terminal_drive::from_interface(full_scale, sweep_dbfs, zs, z);
    } catch (const error& e) {
        // The library judges the values; its message is reported at the option that set the rejected one (a parse
        // or file error already names its option or file).
        const std::string& p = e.parameter();
        const char* option = p == "impedance"            ? "--impedance"
                             : p == "source_impedance"   ? "--output-impedance"
                             : p == "full_scale_voltage" ? "--dac-voltage"
                             : p == "drive_voltage"      ? (o.drive_voltage.empty() ? "--dac-voltage" : "--drive-voltage")
                                                         : nullptr;
        if (option == nullptr) throw;
        throw error(std::string(option) + ": " + e.what());
    }
}

measure::analysis_settings analysis_for(const measure_options& o, double fs, double sweep_dbfs) {
    measure::analysis_settings a;
    a.f_min_hz = parse_frequency(o.f_min.empty() ? "20Hz" : o.f_min, "--f-min").value();
    // Default top: 20 kHz, or half the rate of a slower recording or server.
    a.f_max_hz = o.f_max.empty() ? std::min(20000.0, fs / 2) : parse_frequency(o.f_max, "--f-max").value();
    if (!(a.f_min_hz > 0 && a.f_max_hz > a.f_min_hz && a.f_max_hz <= fs / 2))
        throw error("--f-max: " + format_number(a.f_max_hz) + " Hz is out of range (expected --f-min < f <= rate/2 = " +
                    format_number(fs / 2) + " Hz)");
    if (!(o.ppo >= 1 && o.ppo <= 384)) throw error("--ppo: " + format_number(o.ppo) + " is out of range (expected 1 … 384)");
    a.points_per_octave = o.ppo;
    if (o.harmonics < 1 || o.harmonics > 9) throw error("--harmonics: " + std::to_string(o.harmonics) + " is out of range (expected 1 … 9)");
    a.harmonics = o.harmonics;
    const double level = parse_quantity(o.level, quantity_kind::level_db, "--level", "dB");
    if (o.normalize == "none") a.normalize = measure::normalization::none();
    else a.normalize = measure::normalization::at(parse_frequency(o.normalize, "--normalize").value(), level);
    if (!o.mic_cal.empty()) a.mic_correction = io::read_mic_calibration(o.mic_cal).correction;
    if (!o.calibration_94db.empty()) {
        const double dbfs = parse_dbfs(o.calibration_94db, "--calibration-94db");
        if (!(dbfs < 0 && dbfs > -200)) throw error("--calibration-94db: " + format_number(dbfs) + " dBFS is out of range (expected -200 … 0)");
        a.fs_per_pa = db_to_amplitude(dbfs) / (reference_pressure_pa * db_to_amplitude(94.0));
    }
    apply_smoothing(o.smoothing, o.smoothing_domain, a);
    a.exclude_flagged = o.exclude_leaky;
    a.drive = drive_for(o, sweep_dbfs);
    return a;
}

// Writes the report (with --compare's overlay) and prints its path.
void write_report(const measure_options& o, const std::vector<measure::measurement_result>& results, app::report_options ro) {
    if (o.eq) ro.eq = measure::eq_constraints{};
    if (!o.smoothing.empty() && o.smoothing != "none") ro.smoothing = dsp::parse_smoothing(o.smoothing, "--smoothing").width.describe();
    if (!o.compare.empty()) {
        ro.compare = io::read_response(o.compare);
        ro.compare->set_name(std::filesystem::path(o.compare).stem().string());
    }
    std::cout << app::write_measurement_report(o.output, results, ro).string() << '\n';
}

void run_recordings(const measure_options& o, const global_options& globals) {
    if (o.sweep.empty()) throw error("--sweep: missing (needed with --recordings)");
    if (o.left.empty()) throw error("--recordings: missing (one file per insertion)");
    const auto sweep_clip = io::read_audio<double>(o.sweep);
    const double fs = sweep_clip.rate_hz;
    const std::vector<double> excitation = channel_of(sweep_clip, 0, o.sweep);
    // One list of (file, channel) per side: the right side from its own files, or from --channel-right of the same.
    struct source {
        std::string name;
        const std::vector<std::string>* files;
        unsigned channel;
        std::string option;
    };
    std::vector<source> sides{{"left", &o.left, o.channel, "--channel"}};
    if (!o.right.empty()) sides.push_back({"right", &o.right, o.channel_right.value_or(o.channel), o.channel_right ? "--channel-right" : "--channel"});
    else if (o.channel_right) sides.push_back({"right", &o.left, *o.channel_right, "--channel-right"});
    std::vector<std::vector<std::vector<double>>> recordings, references;
    std::vector<std::vector<std::string>> files;
    std::vector<std::string> names;
    std::size_t length = excitation.size();
    for (const auto& side : sides) {
        names.push_back(side.name);
        std::vector<std::vector<double>> channel, reference;
        for (const auto& f : *side.files) {
            const auto clip = io::read_audio<double>(f);
            if (clip.rate_hz != fs)
                throw error(f + ": sample rate " + format_number(clip.rate_hz) + " Hz does not match the sweep's " +
                            format_number(fs) + " Hz (" + o.sweep + ")");
            auto x = channel_of(clip, side.channel, f, side.option);
            if (x.size() < excitation.size())
                throw error(f + ": " + std::to_string(x.size()) + " samples is shorter than the sweep (" +
                            std::to_string(excitation.size()) + " samples): record the whole sweep and the decay after it");
            if (o.reference_channel) {
                if (*o.reference_channel == side.channel)
                    throw error("--reference-channel: " + std::to_string(*o.reference_channel) + " is the microphone's channel (" +
                                side.option + ")");
                reference.push_back(channel_of(clip, *o.reference_channel, f, "--reference-channel"));
            }
            length = std::max(length, x.size());
            channel.push_back(std::move(x));
        }
        recordings.push_back(std::move(channel));
        references.push_back(std::move(reference));
        files.push_back(*side.files);
    }
    for (auto* set : {&recordings, &references})
        for (auto& ch : *set)
            for (auto& x : ch) x.resize(length, 0.0);

    const bool metadata = dsp::swept_sine::has_metadata(sweep_clip.comment);
    double amplitude = 0;
    for (double v : excitation) amplitude = std::max(amplitude, std::fabs(v));
    if (metadata) amplitude = dsp::swept_sine::from_metadata(sweep_clip.comment).parameters().amplitude;
    const measure::analysis_settings a = analysis_for(o, fs, amplitude_to_db(amplitude));

    const auto description = o.sweep_file.description(metadata, o.sweep);
    if (!metadata && !description && a.harmonics > 1)
        std::cerr << "iemlab: warning: no THD: " << o.sweep << " has no iemlab sweep metadata (give --sweep-type, --f1 "
                  << "and --f2 to describe it)\n";
    const auto analyzer = naming_file(o.sweep, [&] {
        return measure::make_sweep_analyzer(excitation, fs, sweep_clip.comment, description, length, a);
    });
    if (!analyzer.band_note().empty() && (!o.f_min.empty() || !o.f_max.empty()))
        std::cerr << "iemlab: warning: " << analyzer.band_note() << '\n';
    const auto progress = progress_for(globals, o.name);
    std::vector<std::vector<measure::recording_analysis>> analyses(recordings.size());
    for (std::size_t c = 0; c < recordings.size(); ++c)
        for (std::size_t i = 0; i < recordings[c].size(); ++i) {
            if (progress) progress(names[c], i + 1, recordings[c].size());
            analyses[c].push_back(naming_file(files[c][i], [&] {
                return measure::analyze_insertion(analyzer, recordings[c][i],
                                                  references[c].empty() ? std::span<const double>() : references[c][i]);
            }));
        }
    const auto target = load_target(o.target);
    auto m = measure::combine_measurement(o.name, names, std::move(analyses), amplitude, a, target);
    if (show_progress(globals)) std::cerr << '\n';
    print_warnings(m);
    const bool synchronized = analyzer.method() == dsp::deconvolution_method::synchronized;
    app::report_options ro;
    ro.title = o.title.empty() ? "IEM measurement: " + o.name : o.title;
    ro.description = "Recordings of " + std::to_string(recordings.front().size()) + " insertion(s) per channel, sweep " +
                     o.sweep + (amplitude > 0 ? " (peak " + format_number(std::round(amplitude_to_db(amplitude) * 10) / 10) + " dBFS)" : "") +
                     ", deconvolved " + (synchronized ? "with the synchronized sweep's exact inverse" : "by regularised inversion") +
                     (o.reference_channel ? ", referred to the loopback on channel " + std::to_string(*o.reference_channel) : "") +
                     ", analysed " + format_number(std::round(analyzer.band().lo_hz * 10) / 10) + " Hz – " +
                     format_number(std::round(analyzer.band().hi_hz)) + " Hz.";
    ro.target_name = target_label(target);
    write_report(o, {m}, ro);
}

void run_config(const measure_options& o, const global_options& globals) {
    const std::pair<const std::string*, const char*> rig_set[] = {{&o.sweep, "--sweep"},
                                                                  {&o.mic_cal, "--mic-cal"},
                                                                  {&o.calibration_94db, "--calibration-94db"},
                                                                  {&o.drive_voltage, "--drive-voltage"},
                                                                  {&o.dac_voltage, "--dac-voltage"},
                                                                  {&o.output_impedance, "--output-impedance"},
                                                                  {&o.impedance, "--impedance"}};
    for (const auto& [value, option] : rig_set)
        if (!value->empty()) throw error(std::string(option) + ": not used with --config (the rig file sets it)");
    if (!o.left.empty() || !o.right.empty()) throw error("--recordings: not used with --config (the rig is simulated)");
    app::rig_config c = app::read_rig_config(o.config);
    for (const auto& note : c.deprecations) std::cerr << "iemlab: warning: " << note << '\n';
    std::optional<frequency_response> target = c.target;
    std::string target_name = c.target_name;
    if (!o.target.empty()) {
        target = load_target(o.target);
        target_name = target_label(target);
    }
    if (o.eq && !target) throw error("--eq: needs --target or a \"target\" in " + o.config + " (the EQ aims at it)");
    std::vector<measure::measurement_result> results;
    for (const auto& iem : c.iems) {
        measure::rig_settings rig = c.rig;
        rig.dac.output_impedance = iem.source;
        measure::session_settings s = c.session;
        s.channels = iem.channels;
        s.analysis.exclude_flagged = o.exclude_leaky;
        apply_smoothing(o.smoothing, o.smoothing_domain, s.analysis);
        s.nonlinearity = iem.nonlinearity;
        results.push_back(measure::measure_simulated(rig, iem.iem, s, target, progress_for(globals, iem.iem.name())));
        if (show_progress(globals)) std::cerr << '\n';
        print_warnings(results.back());
    }
    app::report_options ro;
    ro.title = o.title.empty() ? c.title : o.title;
    const auto& r = c.rig.insertions;
    ro.description = std::string("Simulated rig: ") +
                     (c.rig.load == measure::rig_load_type::coupler ? "IEC 60318-4 (711) coupler" : "ear canal") + ", " +
                     std::to_string(c.session.insertions) + " insertions per channel at depths " +
                     format_number(r.depth_min_m * 1e3) + "–" + format_number(r.depth_max_m * 1e3) + " mm, leak gap " +
                     format_number(r.leak_gap_min_m * 1e3) + "–" + format_number(r.leak_gap_max_m * 1e3) +
                     " mm; synchronized sweep " + format_number(c.session.sweep.f1_hz) + " Hz – " +
                     format_number(c.session.sweep.f2_hz / 1000) + " kHz at " + format_number(c.session.sweep.level_dbfs) +
                     " dBFS, " + format_number(c.rig.rate_hz) + " Hz; seed " + std::to_string(c.rig.seed) + ".";
    ro.target_name = target_name;
    ro.load = c.rig.load;
    write_report(o, results, ro);
}

void add_measure(CLI::App& root, const global_options& globals) {
    auto o = std::make_shared<measure_options>();
    auto* cmd = root.add_subcommand("measure", "Measure IEMs (real recordings or a simulated rig): average insertions, "
                                               "normalise, compare with a target, write a report");
    cmd->add_option("--config", o->config, "Rig configuration (JSON, docs/rig-config.md): simulated IEMs");
    cmd->add_option("--sweep", o->sweep, "The sweep that was played (WAV/FLAC; iemlab sweep metadata → synchronized)");
    cmd->add_option("--recordings", o->left, "Recordings of the left (or only) channel, one file per insertion");
    cmd->add_option("--recordings-right", o->right, "Recordings of the right channel, one file per insertion");
    cmd->add_option("--channel", o->channel, "Audio channel to read from the recordings (0-based)")->capture_default_str();
    cmd->add_option("--channel-right", o->channel_right,
                    "Channel of the right side (0-based): with --recordings only, L and R come from the two channels "
                    "of one stereo recording per insertion; with --recordings-right, the channel read from those");
    cmd->add_option("--reference-channel", o->reference_channel,
                    "Loopback channel recorded beside the microphone (0-based): each response is divided by it, "
                    "removing the interface's own response and drift, and latency is measured from it");
    cmd->add_option("-o,--output", o->output, "Output directory (report.html, CSV, REW, squig, AutoEq, summary.json)")->required();
    cmd->add_option("--target", o->target, "Target response file, or a built-in target (iemlab targets lists them: harman-ie-2019v2, diffuse-field, flat, …)");
    cmd->add_option("--compare", o->compare, "Another response to overlay (any supported format)");
    cmd->add_option("--mic-cal", o->mic_cal, "Microphone calibration file (subtracted, as REW does)");
    cmd->add_option("--name", o->name, "Name of the IEM (recordings)")->capture_default_str();
    cmd->add_option("--title", o->title, "Report title");
    cmd->add_option("--normalize", o->normalize, "Reference frequency set to --level (1kHz, 500Hz, …) or none")->capture_default_str();
    cmd->add_option("--level", o->level, "Level at the reference frequency (bare number or 85dB)")->capture_default_str();
    cmd->add_option("--calibration-94db", o->calibration_94db,
                    "RMS level a 94 dB SPL calibrator reads on this rig (bare number or -20dBFS): levels in dB SPL "
                    "instead of dB re FS");
    cmd->add_option("--drive-voltage", o->drive_voltage,
                    "RMS voltage across the IEM's terminals of a sine at the sweep's level (100mV): with "
                    "--calibration-94db, the sensitivity at 1 kHz in dB SPL/V (and dB SPL/mW with --impedance)");
    cmd->add_option("--dac-voltage", o->dac_voltage,
                    "Instead of --drive-voltage: the interface's open-circuit RMS voltage for a 0 dBFS sine (1.2V); "
                    "the drive follows from the sweep's level, --output-impedance and --impedance");
    cmd->add_option("--output-impedance", o->output_impedance, "The interface's output impedance (with --dac-voltage; 0ohm)");
    cmd->add_option("--impedance", o->impedance,
                    "The IEM's impedance for dB SPL/mW: a number (16ohm), an impedance file (ZMA/REW) or a driver spec");
    cmd->add_option("--harmonics", o->harmonics, "Harmonic orders for THD (1: none, up to 9)")->capture_default_str();
    cmd->add_option("--ppo", o->ppo, "Points per octave of the analysis grid")->capture_default_str();
    cmd->add_option("--f-min", o->f_min,
                    "Lowest analysed frequency (default 20Hz; clamped, with a warning, to the sweep's full-energy "
                    "band, which starts where its fade-in ends)");
    cmd->add_option("--f-max", o->f_max,
                    "Highest analysed frequency (default 20kHz; clamped to where the sweep's fade-out starts)");
    cmd->add_flag("--eq", o->eq,
                  "Add a parametric, fixed-band and graphic EQ to the target (AutoEq's limits; needs --target or the "
                  "rig's target), optimised over all insertions, to the report and the files");
    add_smoothing_options(cmd, o->smoothing, o->smoothing_domain);
    cmd->add_flag("--exclude-leaky", o->exclude_leaky,
                  "Leave insertions the seal check flags (a bass deficit over 3 dB against the best-sealed insertion: a "
                  "leak; a treble deficit over 6 dB against the others) out of the channel's average");
    o->sweep_file.add(cmd);
    add_live_options(*cmd, o->live);
    cmd->callback([o, &globals] {
        if (o->eq && o->target.empty() && o->config.empty()) throw error("--eq: needs --target (the EQ aims at it)");
        if (o->live.enabled) {
            if (!o->config.empty() || !o->sweep.empty() || !o->left.empty() || !o->right.empty())
                throw error("--live: not used with --config, --sweep or --recordings (the sweep is played live)");
            // Options of recorded files only: refused rather than ignored (the live loopback is --reference).
            if (o->channel_right || o->reference_channel || o->channel != 0 || o->sweep_file.given())
                throw error("--live: not used with --channel, --channel-right, --reference-channel, --sweep-type, "
                            "--f1, --f2, --fade-in or --fade-out (they describe recorded files; live ports are "
                            "--play/--record/--reference)");
            live_hooks hooks;
            hooks.analysis_for = [o](double fs, double sweep_dbfs) { return analysis_for(*o, fs, sweep_dbfs); };
            hooks.target = [o] { return load_target(o->target); };
            hooks.write = [o](const measure::measurement_result& m, app::report_options ro) { write_report(*o, {m}, std::move(ro)); };
            hooks.print_warnings = print_warnings;
            run_live(o->live, globals, o->name, o->output, hooks);
        } else if (!o->config.empty()) {
            if (!std::filesystem::is_regular_file(o->config)) throw error("--config: file '" + o->config + "' does not exist");
            run_config(*o, globals);
        } else if (!o->sweep.empty() || !o->left.empty()) {
            run_recordings(*o, globals);
        } else {
            throw error("measure: give --config RIG.json (simulated) or --sweep S.wav --recordings R1.wav … (real)");
        }
    });
}

const register_command measure_command{"measure", add_measure};

} // namespace
} // namespace iemlab::cli
#endif

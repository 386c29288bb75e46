// `iemlab impedance` (a driver's impedance from a sweep recorded across a sense resistor, as REW measures it) and
// `iemlab fit-ba` (the BA impedance model fitted to a curve, printed as the ba: spec `simulate driver` takes).
// Parsing and printing only: electroacoustics/impedance_measurement.hpp and impedance_fit.hpp do the work.
#include "command.hpp"

#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/electroacoustics/impedance_fit.hpp>
#include <iemlab/electroacoustics/impedance_measurement.hpp>
#include <iemlab/io/impedance.hpp>
#include <iemlab/io/response_formats.hpp>

#ifdef IEMLAB_HAVE_SNDFILE
#include <iemlab/io/audio_file.hpp>
#endif

#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

namespace iemlab::cli {
namespace {

namespace ea = iemlab::electroacoustics;

#ifdef IEMLAB_HAVE_SNDFILE
void add_impedance(CLI::App& root, const global_options&) {
    struct options {
        std::string sweep, recording, out, sense = "10ohm", wiring = "driver-and-resistor", f_min = "20Hz",
                                           f_max = "20kHz";
        unsigned channel_a = 0, channel_b = 1;
        double ppo = 48;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand(
        "impedance",
        "Measure an impedance from a sweep recorded across a sense resistor (as REW does). Wiring: source → R → "
        "driver → ground; record channel A across the driver and channel B across R (driver-and-resistor) or across "
        "R + driver, the source output (total-and-driver); Z = R·V_A/V_B or R·V_A/(V_B − V_A)");
    cmd->add_option("--sweep", opt->sweep, "The sweep file that was played (iemlab sweep, or any sweep WAV)")
        ->required();
    cmd->add_option("--recording", opt->recording, "The two-channel recording (A and B, see --wiring)")->required();
    cmd->add_option("--sense-resistor", opt->sense, "Sense resistance R (bare number: ohm), e.g. 10ohm")
        ->capture_default_str();
    cmd->add_option("--wiring", opt->wiring, "driver-and-resistor | total-and-driver (what channel B records)")
        ->check(CLI::IsMember({"driver-and-resistor", "total-and-driver"}))
        ->capture_default_str();
    cmd->add_option("--channel-a", opt->channel_a, "Recording channel across the driver (0-based)")
        ->capture_default_str();
    cmd->add_option("--channel-b", opt->channel_b, "Recording channel B (0-based)")->capture_default_str();
    cmd->add_option("--f-min", opt->f_min, "Lowest output frequency (bare number: Hz)")->capture_default_str();
    cmd->add_option("--f-max", opt->f_max, "Highest output frequency (bare number: Hz)")->capture_default_str();
    cmd->add_option("--ppo", opt->ppo, "Output points per octave")->capture_default_str();
    cmd->add_option("-o,--output", opt->out, "Output impedance file (.zma; - for stdout)")->required();
    cmd->callback([opt] {
        if (opt->out != "-" && io::output_format(opt->out, {}, "-o") != io::response_format::zma)
            throw error("-o: '" + opt->out + "' must end in .zma (an impedance file)");
        const double r = parse_electric_impedance(opt->sense, "--sense-resistor").value();
        if (!(r > 0)) throw_out_of_range("impedance", "--sense-resistor", r, "ohm", "> 0");
        if (!(opt->ppo > 0 && opt->ppo <= 1000))
            throw_out_of_range("impedance", "--ppo", opt->ppo, "", "0 < ppo <= 1000");
        const auto sweep = io::read_audio<double>(opt->sweep);
        const auto rec = io::read_audio<double>(opt->recording);
        if (rec.rate_hz != sweep.rate_hz)
            throw error("--recording: " + opt->recording + " is at " + format_number(rec.rate_hz) +
                        " Hz, the sweep at " + format_number(sweep.rate_hz) + " Hz");
        for (const auto& [channel, name] :
             {std::pair{opt->channel_a, "--channel-a"}, std::pair{opt->channel_b, "--channel-b"}})
            if (channel >= rec.channels.size())
                throw error(std::string(name) + ": channel " + std::to_string(channel) + " does not exist (" +
                            opt->recording + " has " + std::to_string(rec.channels.size()) + ")");
        if (opt->channel_a == opt->channel_b)
            throw error("--channel-b: must differ from --channel-a (both " + std::to_string(opt->channel_a) +
                        "): one channel across the driver, the other across the resistor or the output");
        const auto grid = log_grid(parse_frequency(opt->f_min, "--f-min").value(),
                                   parse_frequency(opt->f_max, "--f-max").value(), opt->ppo);
        const auto z = ea::measure_impedance_from_sweep(
            sweep.channels.front().span(), sweep.rate_hz, sweep.comment, rec.channels[opt->channel_a].span(),
            rec.channels[opt->channel_b].span(), r, ea::parse_sense_wiring(opt->wiring, "--wiring"), grid,
            std::filesystem::path(opt->recording).stem().string());
        io::impedance_curve curve;
        curve.name = z.name();
        curve.frequency_hz = z.frequencies();
        for (const auto& v : z.values()) {
            curve.magnitude_ohm.push_back(std::abs(v));
            curve.phase_deg.push_back(std::arg(v) * 180 / std::numbers::pi);
        }
        io::write_impedance(opt->out, curve);
    });
}
#endif

void add_fit_ba(CLI::App& root, const global_options& globals) {
    struct options {
        std::string in, f_min = "20Hz", f_max = "20kHz";
        int branches = -1;
        bool magnitude_only = false;
    };
    auto opt = std::make_shared<options>();
    auto* cmd =
        root.add_subcommand("fit-ba", "Fit the BA impedance model Z = Re + K·s^n + Σ R∥L∥C to an impedance curve and "
                                      "print its ba: spec (for simulate driver --driver)");
    cmd->add_option("ZMA", opt->in, "Impedance file (ZMA, REW impedance export, or a CSV with impedance_ohm)")
        ->required();
    cmd->add_option("--branches", opt->branches, "R∥L∥C branches: 0, 1 or 2 (default: automatic)");
    cmd->add_option("--f-min", opt->f_min, "Lowest frequency fitted (bare number: Hz)")->capture_default_str();
    cmd->add_option("--f-max", opt->f_max, "Highest frequency fitted (bare number: Hz)")->capture_default_str();
    cmd->add_flag("--magnitude-only", opt->magnitude_only, "Fit |Z| only, ignoring the file's phase");
    cmd->callback([opt, &globals] {
        if (opt->branches < -1 || opt->branches > 2)
            throw_out_of_range("fit-ba", "--branches", opt->branches, "", "0, 1 or 2");
        const auto z = io::read_impedance(opt->in);
        ea::impedance_fit_options o;
        o.branches = opt->branches;
        o.f_min_hz = parse_frequency(opt->f_min, "--f-min").value();
        o.f_max_hz = parse_frequency(opt->f_max, "--f-max").value();
        o.use_phase = !opt->magnitude_only;
        const auto fit = ea::fit_ba_impedance(z.frequency_hz, z.magnitude_ohm, z.phase_deg, o);
        std::cout << ea::to_ba_spec(fit.model) << '\n';
        if (!globals.quiet) {
            char line[160];
            std::snprintf(line, sizeof line, "fit-ba: RMS error %.3f dB, largest %.3f dB over %zu points\n",
                          fit.rms_error_db, fit.max_error_db, fit.points);
            std::cerr << line;
        }
    });
}

#ifdef IEMLAB_HAVE_SNDFILE
const register_command impedance_command{"impedance", add_impedance};
#endif
const register_command fit_ba_command{"fit-ba", add_fit_ba};

} // namespace
} // namespace iemlab::cli

// `iemlab simulate driver` and `iemlab simulate iem`: a driver (ba:/ts:/zma:/knowles: spec) or a multi-driver
// IEM (IEM.json) on a source of complex output impedance, unloaded or driving the 711 coupler or an ear canal.
// Columns (docs/cli.md): frequency,impedance_ohm,impedance_phase_deg,tilt_db[,spl_db]; a sweep over insertion
// depth or source resistance repeats each as name@depth=…@source=….
#include "simulate.hpp"

#include "ear_options.hpp"

#include <iemlab/app/source_network.hpp>
#include <iemlab/app/target_source.hpp>
#include <iemlab/app/iem_config.hpp>
#include <iemlab/core/decibel.hpp>
#include <iemlab/core/error.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/electroacoustics/crossover.hpp>
#include <iemlab/electroacoustics/loads.hpp>
#include <iemlab/electroacoustics/source.hpp>
#include <iemlab/io/atomic_file.hpp>
#include <iemlab/measure/target.hpp>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <cmath>
#include <complex>
#include <memory>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

namespace iemlab::cli {
namespace {

namespace ea = iemlab::electroacoustics;
namespace ac = iemlab::acoustics;

// A value of a swept parameter: its column label ("depth=4mm"; empty when the parameter is not swept) and its
// number in the score table's unit (mm, ohm).
struct sweep_point {
    std::string label;
    double value = 0;
};

// Options shared by `driver` and `iem`: the source network, the drive level, the load (coupler, p57 or canal, with
// its leak and tip bore) and the optional preference score against a target.
struct electro_options {
    std::string source_impedance; // empty: 0 Ω (driver) or the config's value (iem); a list sweeps it; or a FILE
    std::string source_inductance, series_capacitance, parallel_resistance, parallel_capacitance;
    std::string load;             // empty: none (driver) or the config's value (iem)
    std::string drive = "1V";
    std::string target, score_output;
    canal_shape_options shape;
    seal_options seal;

    void add(CLI::App& sub, const char* source_default, const char* load_default) {
        sub.add_option("--source-impedance", source_impedance,
                       std::string("Source output resistance (bare number: ohm; default ") + source_default +
                           "); a list (0,75ohm) or range (0:100ohm:25ohm) gives one column per value; or an impedance "
                           "FILE (ZMA, REW text) of the source");
        sub.add_option("--source-inductance", source_inductance,
                       "Source/cable series inductance (bare number: H; default 0, or the config's), e.g. 100uH");
        sub.add_option("--source-series-capacitance", series_capacitance,
                       "A series (output-coupling) capacitor in the source, e.g. 220uF");
        sub.add_option("--source-parallel-resistance", parallel_resistance,
                       "R of a series R ∥ C section (an adapter such as 100ohm ∥ 220nF)");
        sub.add_option("--source-parallel-capacitance", parallel_capacitance,
                       "C of that R ∥ C section (needs --source-parallel-resistance)");
        sub.add_option("--load", load, std::string("Acoustic load: none | coupler | canal | p57 (default ") + load_default + ")")
            ->check(CLI::IsMember({"none", "coupler", "canal", "p57"}));
        sub.add_option("--drive", drive,
                       "Source EMF for spl_db, V rms (bare number: V; e.g. 0.1V, 100mV)")
            ->capture_default_str();
        shape.add(sub, " (--load canal)");
        seal.add_depth(sub, true, " (--load canal)");
        seal.add_leak(sub, " (at the seal, or at the coupler's reference plane)");
        seal.add_tip_bore(sub);
        sub.add_option("--target", target,
                       "Score each response against this target (file or built-in, iemlab targets): the Harman in-ear "
                       "preference score per swept value, as `iemlab score` computes it (needs a load)");
        sub.add_option("--score-output", score_output,
                       "With --target: write the scores as CSV here (default: a table on standard output, which then "
                       "needs -o for the responses)");
    }

    // The swept source networks, each labelled by its resistance ("75ohm"; empty when not swept).
    std::vector<std::pair<sweep_point, ea::output_impedance>> sources(const std::optional<app::source_network>& config) const {
        // The config's network (iem), replaced part by part by the options given.
        app::source_network n = config.value_or(app::source_network{});
        if (!source_inductance.empty())
            n.inductance_h = parse_inductance(source_inductance, "--source-inductance");
        if (!series_capacitance.empty())
            n.series_capacitance_f = parse_capacitance(series_capacitance, "--source-series-capacitance");
        if (!parallel_resistance.empty())
            n.parallel_resistance_ohm = parse_electric_impedance(parallel_resistance, "--source-parallel-resistance").value();
        if (!parallel_capacitance.empty())
            n.parallel_capacitance_f = parse_capacitance(parallel_capacitance, "--source-parallel-capacitance");
        std::vector<listed_value> resistances{{n.resistance_ohm, ""}};
        if (!source_impedance.empty()) {
            std::error_code ec;
            if (std::filesystem::is_regular_file(source_impedance, ec) && source_impedance.find_first_of(",:") == std::string::npos) {
                n.file = source_impedance;
                n.resistance_ohm = 0;
                resistances = {{0.0, ""}};
            } else {
                n.file.clear(); // the option replaces the config's resistance and measured curve alike
                try {
                    resistances = parse_value_list(source_impedance, "--source-impedance", [](std::string_view t) {
                        return parse_electric_impedance(t, "--source-impedance").value();
                    });
                } catch (const error&) {
                    if (source_impedance.find_first_of(",:") != std::string::npos) throw;
                    throw error("--source-impedance: '" + source_impedance +
                                    "' is neither a resistance (e.g. 75ohm, a list 0,75ohm or a range 0:100ohm:25ohm) nor "
                                    "an existing impedance file",
                                "--source-impedance");
                }
            }
        }
        std::vector<std::pair<sweep_point, ea::output_impedance>> out;
        for (const auto& r : resistances) {
            n.resistance_ohm = r.value;
            ea::output_impedance z;
            try {
                with_options({{"parallel_capacitance", "--source-parallel-capacitance"},
                              {"parallel_resistance", "--source-parallel-resistance"},
                              {"series_capacitance", "--source-series-capacitance"},
                              {"inductance", "--source-inductance"}},
                             "--source-impedance", [&] { z = n.build(); });
            } catch (const file_error& e) {
                if (source_impedance.empty()) throw; // the config's file: the message names it
                throw error("--source-impedance: " + std::string(e.what()), "--source-impedance");
            }
            out.emplace_back(sweep_point{resistances.size() > 1 ? "source=" + r.text : "", r.value}, z);
        }
        return out;
    }

    double drive_volts() const {
        const double v = parse_voltage(drive, "--drive");
        with_option("--drive", [&] { require_in_range("simulate", "drive", v, 1e-9, 1e3, "V"); });
        return v;
    }

    app::load_kind load_kind(std::optional<app::load_kind> config_load) const {
        if (!load.empty()) return app::parse_load_kind(load, "--load");
        return config_load.value_or(app::load_kind::none);
    }

    // The acoustic loads on g, one per swept insertion depth (labelled "depth=4mm"; one unlabelled load when the
    // depth is not swept or the load is not the canal). An unloaded port for none.
    std::vector<std::pair<sweep_point, ea::acoustic_load>> acoustic(const network::grid& g, app::load_kind kind,
                                                                    const simulate_options& common) const {
        if (kind != app::load_kind::canal && seal.depth_is_list())
            throw error("--insertion-depth: a list of depths needs --load canal", "--insertion-depth");
        if (kind == app::load_kind::none) {
            if (seal.leak != "none") throw error("--leak: needs a load (--load coupler, canal or p57)", "--leak");
            if (seal.bore_length_m() != 0)
                throw error("--tip-bore-length: needs a load (--load coupler, canal or p57)", "--tip-bore-length");
            return {{sweep_point{}, {}}};
        }
        const auto air = common.air_or(kind == app::load_kind::canal ? 37.0 : 23.0);
        const auto leak = seal.tip_leak(air);
        if (kind == app::load_kind::coupler)
            return {{sweep_point{}, seal.behind_bore(g, air, ea::with_leak(g, ea::coupler_load(g, air), leak))}};
        if (kind == app::load_kind::p57)
            return {{sweep_point{}, seal.behind_bore(g, air, ea::with_leak(g, ea::p57_load(g, air), leak))}};
        const ac::ear_canal c = shape.canal(air);
        const auto depths = seal.depths(c);
        std::vector<std::pair<sweep_point, ea::acoustic_load>> out;
        for (const auto& d : depths)
            out.emplace_back(sweep_point{depths.size() > 1 ? "depth=" + d.text : "", d.value * 1e3},
                             seal.behind_bore(g, air, ea::canal_load(g, c, d.value, leak)));
        return out;
    }
};

// Joins sweep labels: "depth=4mm" and "source=75ohm" → "depth=4mm@source=75ohm".
std::string join_labels(const std::string& a, const std::string& b) {
    return a.empty() ? b : b.empty() ? a : a + "@" + b;
}

// One evaluated case of a sweep: its label and the terminal impedance and pressure per volt it gave.
struct evaluated_case {
    std::string label;
    sweep_point depth, resistance;
    const ea::output_impedance* source;
    std::vector<std::complex<double>> impedance, pressure_per_volt;
};

// Writes the docs/cli.md columns, grouped by quantity (every case's impedance_ohm, then every case's phase, …),
// and the preference scores when a target is set.
void write_cases(const simulate_options& common, const electro_options& opt, const network::grid& g,
                 const std::vector<evaluated_case>& cases, double drive) {
    const std::size_t n = g.size();
    const bool loaded = !cases.front().pressure_per_volt.empty();
    std::vector<std::vector<double>> magnitude, phase, tilt, spl;
    for (const auto& c : cases) {
        std::vector<double> m(n), p(n), t(n), s(loaded ? n : 0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto zs = c.source->at(g.frequency(i));
            m[i] = std::abs(c.impedance[i]);
            p[i] = std::arg(c.impedance[i]) * 180 / std::numbers::pi;
            t[i] = ea::tilt_db(c.impedance[i], zs);
            if (loaded)
                s[i] = pressure_to_spl_db(std::abs(c.pressure_per_volt[i] * ea::voltage_divider(c.impedance[i], zs)) * drive);
        }
        magnitude.push_back(std::move(m)), phase.push_back(std::move(p)), tilt.push_back(std::move(t));
        if (loaded) spl.push_back(std::move(s));
    }
    std::string header = "frequency";
    std::vector<std::vector<double>> columns;
    const auto group = [&](const char* name, std::vector<std::vector<double>>& values) {
        for (std::size_t k = 0; k < values.size(); ++k) {
            header += "," + swept_column(name, cases[k].label);
            columns.push_back(std::move(values[k]));
        }
    };
    group("impedance_ohm", magnitude);
    group("impedance_phase_deg", phase);
    group("tilt_db", tilt);
    group("spl_db", spl);
    if (opt.target.empty()) {
        write_simulation_csv(common.output, header, g.frequencies(), columns);
        return;
    }
    const frequency_response target = app::load_target(opt.target, "--target");
    const std::vector<double> f(g.frequencies().begin(), g.frequencies().end());
    // One row per case in sweep order (a table to plot against depth or resistance), the swept parameters first.
    const bool by_depth = !cases.front().depth.label.empty(), by_source = !cases.front().resistance.label.empty();
    std::string csv = std::string(by_depth ? "insertion_depth_mm," : "") + (by_source ? "source_impedance_ohm," : "") +
                      "score,std_db,slope,mean_db\n";
    std::string markdown = std::string("|") + (by_depth ? " insertion depth (mm) |" : "") +
                           (by_source ? " source impedance (ohm) |" : "") + " score | STD (dB) | slope | mean (dB) |\n|" +
                           (by_depth ? "---:|" : "") + (by_source ? "---:|" : "") + "---:|---:|---:|---:|\n";
    for (std::size_t k = 0; k < cases.size(); ++k) {
        measure::preference_score s;
        with_option("--target", [&] {
            s = measure::harman_inear_preference_score(frequency_response(f, columns[columns.size() - cases.size() + k]),
                                                       target);
        });
        std::string params, cells;
        if (by_depth) params += format_number(cases[k].depth.value) + ",", cells += " " + format_number(cases[k].depth.value) + " |";
        if (by_source) params += format_number(cases[k].resistance.value) + ",", cells += " " + format_number(cases[k].resistance.value) + " |";
        char parts[160];
        std::snprintf(parts, sizeof parts, "%.2f,%.2f,%.2f,%.2f\n", s.score, s.std_db, s.slope, s.mean_db);
        csv += params + parts;
        std::snprintf(parts, sizeof parts, " %.2f | %.2f | %.2f | %.2f |\n", s.score, s.std_db, s.slope, s.mean_db);
        markdown += "|" + cells + parts;
    }
    if (opt.score_output.empty()) {
        write_simulation_csv(common.output, header, g.frequencies(), columns);
        std::cout << markdown;
        return;
    }
    // The scores first: if the responses cannot be written, no score file of this run is left behind.
    io::write_file_atomically(opt.score_output, [&](std::ostream& os) { os << csv; });
    try {
        write_simulation_csv(common.output, header, g.frequencies(), columns);
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove(opt.score_output, ec);
        throw;
    }
}

// Evaluates every swept load × source: `respond(load)` gives terminal impedance and pressure per volt.
template <class Respond>
std::vector<evaluated_case> evaluate_cases(const std::vector<std::pair<sweep_point, ea::acoustic_load>>& loads,
                                           const std::vector<std::pair<sweep_point, ea::output_impedance>>& sources,
                                           Respond respond) {
    std::vector<evaluated_case> cases;
    for (const auto& [depth, load] : loads) {
        auto [z, p] = respond(load);
        for (const auto& [source_point, source] : sources)
            cases.push_back({join_labels(depth.label, source_point.label), depth, source_point, &source, z, p});
    }
    return cases;
}

// Checks the options that only make sense together before anything is computed.
void check_score_options(const simulate_options& common, const electro_options& opt, app::load_kind kind) {
    if (opt.target.empty()) {
        if (!opt.score_output.empty()) throw error("--score-output: needs --target", "--score-output");
        return;
    }
    if (kind == app::load_kind::none) throw error("--target: needs a load (--load coupler, canal or p57) to score its SPL", "--target");
    // The score reads 20 Hz … 10 kHz; a grid that stops short would be scored on extrapolated data.
    const auto g = common.grid();
    if (!(g.frequencies().front() <= measure::score_target_max_start_hz))
        throw error("--f-min: " + format_number(g.frequencies().front()) + " Hz; a score (--target) needs --f-min <= " +
                        format_number(measure::score_target_max_start_hz) + " Hz", "--f-min");
    if (!(g.frequencies().back() >= measure::score_target_min_end_hz))
        throw error("--f-max: " + format_number(g.frequencies().back()) + " Hz; a score (--target) needs --f-max >= " +
                        format_number(measure::score_target_min_end_hz) + " Hz", "--f-max");
    if (!opt.score_output.empty() && opt.score_output == common.output)
        throw error("--score-output: '" + opt.score_output + "' is also -o; give the scores their own file", "--score-output");
    if (opt.score_output.empty() && common.output.empty())
        throw error("--target: the scores go to standard output; give -o FILE for the responses, or --score-output FILE",
                    "--target");
}

void add_driver(CLI::App& sub, std::shared_ptr<simulate_options> common) {
    auto spec = std::make_shared<std::string>();
    auto opt = std::make_shared<electro_options>();
    sub.add_option("--driver", *spec,
                   "Driver SPEC: ba:re=…,k=…,n=…[,r1=…,l1=…,c1=…,…] (Z = Re + K·s^n + Σ R∥L∥C, SI units), "
                   "ts:re=…,le=…,bl=…,mms=…,cms=…,rms=…,sd=…, zma:FILE, or knowles:NAME (fitted preset)")
        ->required();
    opt->add(sub, "0ohm", "none");
    sub.callback([common, spec, opt] {
        const auto g = common->grid();
        std::optional<ea::driver_model> d;
        with_option("--driver", [&] { d.emplace(app::parse_driver(*spec)); });
        const app::load_kind kind = opt->load_kind(std::nullopt);
        check_score_options(*common, *opt, kind);
        const auto sources = opt->sources(std::nullopt);
        const double drive = opt->drive_volts();
        const auto loads = opt->acoustic(g, kind, *common);
        const auto cases = evaluate_cases(loads, sources, [&](const ea::acoustic_load& load) {
            std::pair<std::vector<std::complex<double>>, std::vector<std::complex<double>>> zp;
            if (kind == app::load_kind::none) {
                with_option("--driver", [&] { zp.first = d->impedance(g).values(); });
                return zp;
            }
            network::two_port t{0};
            with_option("--driver", [&] { t = d->electro_acoustic(g); });
            auto r = ea::respond(g, t, load);
            zp.first = std::move(r.impedance), zp.second = std::move(r.pressure);
            return zp;
        });
        write_cases(*common, *opt, g, cases, drive);
    });
}

void add_iem(CLI::App& sub, std::shared_ptr<simulate_options> common) {
    auto config = std::make_shared<std::string>();
    auto opt = std::make_shared<electro_options>();
    sub.add_option("--config", *config, "IEM.json: drivers, networks, acoustic paths (docs/iem-config.md)")->required();
    opt->add(sub, "the config's source_impedance, else 0ohm", "the config's load, else none");
    sub.callback([common, config, opt] {
        const auto g = common->grid();
        const app::iem_config c = app::read_iem_config(*config);
        for (const auto& note : c.deprecations) std::cerr << "iemlab: warning: " << note << '\n';
        const app::load_kind kind = opt->load_kind(c.load);
        check_score_options(*common, *opt, kind);
        const auto sources = opt->sources(c.source);
        const double drive = opt->drive_volts();
        const auto loads = opt->acoustic(g, kind, *common);
        const auto air = common->air_or(kind == app::load_kind::canal ? 37.0 : 23.0);
        const auto cases = evaluate_cases(loads, sources, [&](const ea::acoustic_load& load) {
            ea::iem_response r;
            with_option(*config, [&] { r = c.iem.respond(g, load, air); });
            return std::pair{std::move(r.impedance), std::move(r.pressure)};
        });
        write_cases(*common, *opt, g, cases, drive);
    });
}

const register_simulate_model driver_model_registration{
    "driver", "A driver's impedance and source-impedance tilt (+ SPL on a load)", add_driver};
const register_simulate_model iem_model_registration{
    "iem", "A multi-driver IEM (IEM.json): total impedance, tilt (+ SPL on a load)", add_iem};

} // namespace
} // namespace iemlab::cli

// `iemlab eq`: a parametric, a fixed-band and a graphic EQ that bring a measured response to a target
// (docs/equalisation.md). Parsing and printing only; the optimiser is measure/parametric_eq.hpp, the files io/.
#include "command.hpp"
#include "target_option.hpp"

#include <iemlab/core/error.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/io/equalizer_apo.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/parametric_eq.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::cli {
namespace {

struct eq_options {
    std::string in, target, output, name, max_boost = "6dB", q_range = "0.18:6", fc_range = "20Hz:20kHz",
                fs = "48000", objective = "preference";
    unsigned filters = 10;
};

// "a:b" → (a, b), each parsed by `parse`.
template <class Parse>
std::pair<double, double> parse_range(const std::string& text, const std::string& option, Parse parse) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos)
        throw error(option + ": '" + text + "' is not a range 'low:high'");
    const double lo = parse(text.substr(0, colon)), hi = parse(text.substr(colon + 1));
    if (!(lo < hi)) throw error(option + ": '" + text + "' is empty (expected low < high)");
    return {lo, hi};
}

double parse_plain(const std::string& text, const std::string& option) {
    return parse_quantity(text, quantity_kind::dimensionless, option);
}

measure::eq_constraints constraints_of(const eq_options& o) {
    measure::eq_constraints c;
    if (o.filters < 1 || o.filters > 32) throw error("--filters: " + std::to_string(o.filters) + " is out of range (expected 1 … 32)");
    c.filters = o.filters;
    c.max_boost_db = parse_quantity(o.max_boost, quantity_kind::level_db, "--max-boost", "dB");
    if (!(c.max_boost_db >= 0 && c.max_boost_db <= 40))
        throw error("--max-boost: " + format_number(c.max_boost_db) + " dB is out of range (expected 0 … 40 dB)");
    std::tie(c.q_min, c.q_max) = parse_range(o.q_range, "--q-range", [](const std::string& t) { return parse_plain(t, "--q-range"); });
    if (!(c.q_min >= 0.01 && c.q_max <= 100))
        throw error("--q-range: '" + o.q_range + "' is out of range (expected 0.01 <= low < high <= 100)");
    std::tie(c.fc_min_hz, c.fc_max_hz) =
        parse_range(o.fc_range, "--fc-range", [](const std::string& t) { return parse_frequency(t, "--fc-range").value(); });
    c.fs_hz = parse_frequency(o.fs, "--fs").value();
    if (!(c.fs_hz >= 8000 && c.fs_hz <= 768000))
        throw error("--fs: " + format_number(c.fs_hz) + " Hz is out of range (expected 8 kHz … 768 kHz)");
    if (!(c.fc_max_hz < c.fs_hz / 2))
        throw error("--fc-range: the top " + format_number(c.fc_max_hz) + " Hz is out of range (expected below fs/2 = " +
                    format_number(c.fs_hz / 2) + " Hz; lower it or raise --fs)");
    c.objective = measure::parse_eq_objective(o.objective, "--objective");
    return c;
}

std::string json_filters(const measure::eq_result& r, const std::string& kind) {
    std::string s = "{\n  \"kind\": \"" + kind + "\",\n  \"fs_hz\": " + format_number(r.eq.fs_hz) +
                    ",\n  \"preamp_db\": " + format_number(r.eq.preamp_db) + ",\n  \"score_before\": " +
                    format_number(std::round(r.score_before * 100) / 100) + ",\n  \"score_after\": " +
                    format_number(std::round(r.score_after * 100) / 100) + ",\n  \"filters\": [";
    for (std::size_t i = 0; i < r.eq.filters.size(); ++i) {
        const auto& f = r.eq.filters[i];
        s += std::string(i ? "," : "") + "\n    {\"type\": \"" + std::string(dsp::biquad_type_code(f.type)) +
             "\", \"fc_hz\": " + format_number(f.fc_hz) + ", \"gain_db\": " + format_number(f.gain_db) +
             ", \"q\": " + format_number(f.q) + "}";
    }
    return s + "\n  ]\n}\n";
}

std::string fixed2(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}

void run_eq(const eq_options& o) {
    const auto c = constraints_of(o);
    const auto target = load_target(o.target);
    if (!target) throw error("--target: is required");
    frequency_response m = io::read_response(o.in);
    const std::string name = o.name.empty() ? std::filesystem::path(o.in).stem().string() : o.name;
    const std::span<const frequency_response> ms(&m, 1);
    const auto peq = measure::optimize_parametric_eq(ms, *target, c);
    const auto fixed = measure::optimize_fixed_band_eq(ms, *target, c);
    const auto graphic = measure::graphic_eq_curve(ms, *target, c);

    // The equalised response on the measurement's grid, AutoEq's results columns where they apply.
    const auto error = measure::error_curve(m, *target);
    const auto g_peq = measure::eq_curve_db(peq.eq, m.frequencies());
    const auto g_fixed = measure::eq_curve_db(fixed.eq, m.frequencies());
    std::string csv = "frequency,raw,target,error,parametric_eq,fixed_band_eq,equalized_raw\n";
    for (std::size_t i = 0; i < m.size(); ++i) {
        const double raw = m.magnitude_db()[i], err = error.magnitude_db()[i];
        csv += fixed2(m.frequencies()[i]) + "," + fixed2(raw) + "," + fixed2(raw - err) + "," + fixed2(err) + "," +
               fixed2(g_peq[i]) + "," + fixed2(g_fixed[i]) + "," + fixed2(raw + g_peq[i]) + "\n";
    }

    const std::filesystem::path dir(o.output);
    std::filesystem::create_directories(dir);
    const auto path = [&](const std::string& suffix) { return dir / (name + suffix); };
    io::write_text_file(path(" ParametricEQ.txt"), io::format_parametric_eq({peq.eq.preamp_db, peq.eq.filters}));
    io::write_text_file(path(" FixedBandEQ.txt"), io::format_parametric_eq({fixed.eq.preamp_db, fixed.eq.filters}));
    io::write_text_file(path(" GraphicEQ.txt"), io::format_graphic_eq(graphic));
    io::write_text_file(path(" ParametricEQ.json"), json_filters(peq, "parametric"));
    io::write_text_file(path(".csv"), csv);

    std::cout << "preference score (" << target->name() << "): " << fixed2(peq.score_before) << " without EQ, "
              << fixed2(peq.score_after) << " with the parametric EQ (" << peq.eq.filters.size() << " filters, preamp "
              << fixed2(peq.eq.preamp_db) << " dB), " << fixed2(fixed.score_after) << " with the fixed-band EQ\n";
    for (const char* s : {" ParametricEQ.txt", " FixedBandEQ.txt", " GraphicEQ.txt", " ParametricEQ.json", ".csv"})
        std::cout << path(s).string() << '\n';
}

void add_eq(CLI::App& root, const global_options&) {
    auto o = std::make_shared<eq_options>();
    auto* cmd = root.add_subcommand("eq", "Equalise a measured response to a target: parametric (Equalizer APO), fixed-band and "
                                          "GraphicEQ files, and the predicted preference score before and after");
    cmd->add_option("input", o->in, "Measured response (any format iemlab reads)")->required();
    cmd->add_option("--target", o->target, "Target response file, or built-in harman-ie-2019v2")->required();
    cmd->add_option("-o,--output", o->output, "Output directory")->required();
    cmd->add_option("--name", o->name, "Name in the output files (default: the input's file name)");
    cmd->add_option("--filters", o->filters, "Number of parametric filters (1 … 32)")->capture_default_str();
    cmd->add_option("--max-boost", o->max_boost, "Highest level of the EQ curve, i.e. the preamp (bare number: dB)")->capture_default_str();
    cmd->add_option("--q-range", o->q_range, "Allowed Q, low:high")->capture_default_str();
    cmd->add_option("--fc-range", o->fc_range, "Allowed filter frequencies, low:high (bare numbers: Hz)")->capture_default_str();
    cmd->add_option("--fs", o->fs, "Sample rate the EQ runs at (bare number: Hz)")->capture_default_str();
    cmd->add_option("--objective", o->objective, "preference (Harman in-ear predicted score) | error (smoothed target error)")
        ->capture_default_str();
    cmd->callback([o] { run_eq(*o); });
}

const register_command eq_command{"eq", add_eq};

} // namespace
} // namespace iemlab::cli

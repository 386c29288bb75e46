// `iemlab smooth`, `iemlab average` and `iemlab score`: response analysis (docs/cli.md). Parsing and printing only.
#include "command.hpp"

#include <iemlab/app/score_ranking.hpp>
#include <iemlab/app/target_source.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/dsp/smoothing.hpp>
#include <iemlab/io/atomic_file.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/average.hpp>
#include <iemlab/measure/normalize.hpp>
#include <iemlab/measure/target.hpp>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace iemlab::cli {
namespace {

// Grid options shared by the commands that can resample (docs/cli.md: --ppo, --f-min, --f-max).
struct grid_options {
    double ppo = 0; // 0: keep the input's grid
    std::string f_min = "20Hz", f_max = "20kHz";

    void add(CLI::App* cmd) {
        cmd->add_option("--ppo", ppo, "Output on a log grid with this many points per octave (default: the input's grid)");
        cmd->add_option("--f-min", f_min, "Lowest frequency of the --ppo grid (bare number: Hz)")->capture_default_str();
        cmd->add_option("--f-max", f_max, "Highest frequency of the --ppo grid (bare number: Hz)")->capture_default_str();
    }
    std::optional<std::vector<double>> grid() const {
        if (ppo == 0) return std::nullopt;
        if (!(ppo > 0) || ppo > 10000) throw error("--ppo: " + format_number(ppo) + " is out of range (expected 0 < N <= 10000)");
        return log_grid(parse_frequency(f_min, "--f-min").value(), parse_frequency(f_max, "--f-max").value(), ppo);
    }
};

// --fraction: "1/N", "N" or a decimal fraction of an octave (0.1667 = 1/6), by the rule of --smoothing
// (dsp::parse_smoothing); the named rules are --method's.
dsp::smoothing_width parse_fraction(const std::string& text) {
    if (text == "variable" || text == "psychoacoustic" || text == "erb")
        throw error("--fraction: '" + text + "' is a --method, not a fraction of an octave (e.g. 1/3 or 1/48)");
    return dsp::parse_smoothing(text, "--fraction").width;
}

std::optional<io::response_format> format_option(const std::string& name, const char* option) {
    if (name.empty()) return std::nullopt;
    return io::parse_format_name(name, option);
}

void add_smooth(CLI::App& root, const global_options&) {
    struct options {
        std::vector<std::string> in;
        std::string out, fraction, method = "octave", domain, weighting = "log", edges = "shrink", to, from, column;
        unsigned passes = 1;
        grid_options grid;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand("smooth", "Smooth a frequency response (fractional octave, ERB, psychoacoustic, variable)");
    cmd->add_option("IN", opt->in,
                    "Input responses (any supported format, detected from content); several are written into the "
                    "directory -o as <stem> plus the --to format's ending")
        ->required();
    cmd->add_option("-o,--output", opt->out,
                    "Output response (format from the extension unless --to; - for stdout), or a directory for several "
                    "inputs")
        ->required();
    cmd->add_option("--fraction", opt->fraction, "Band width 1/N octave for --method octave, e.g. 1/3, 1/48");
    cmd->add_option("--method", opt->method,
                    "octave (fixed 1/N), erb, psychoacoustic (REW: 1/3 below 100 Hz → 1/6 above 1 kHz, cubic mean) or "
                    "variable (REW: 1/48 below 100 Hz → 1/6 at 1 kHz → 1/3 above 10 kHz)")
        ->check(CLI::IsMember({"octave", "erb", "psychoacoustic", "variable"}))
        ->capture_default_str();
    cmd->add_option("--domain", opt->domain,
                    "Averaged quantity: power (|H|², default), magnitude, db, cubic (default for psychoacoustic) or complex")
        ->check(CLI::IsMember({"power", "magnitude", "db", "cubic", "complex"}));
    cmd->add_option("--weighting", opt->weighting, "Band mean over log (ln f) or linear (f, per FFT bin) frequency")
        ->check(CLI::IsMember({"log", "linear"}))
        ->capture_default_str();
    cmd->add_option("--edges", opt->edges, "Bands at the data's ends: shrink (symmetric) or truncate")
        ->check(CLI::IsMember({"shrink", "truncate"}))
        ->capture_default_str();
    cmd->add_option("--passes", opt->passes, "Rectangles in a row (1 = one rectangle; 4 ≈ Gaussian, same σ)")
        ->capture_default_str();
    cmd->add_option("--to", opt->to, "Output format: rew, squig, autoeq, frd, zma or csv");
    cmd->add_option("--from", opt->from, "Input format (default: detected from content)");
    cmd->add_option("--column", opt->column,
                    "Level column of a table holding several (measure's left_db, right_db, combined_db; default: the "
                    "level column, or combined_db)");
    opt->grid.add(cmd);
    cmd->callback([opt] {
        const bool batch = opt->in.size() > 1 || std::filesystem::is_directory(opt->out);
        if (batch && opt->to.empty()) throw error("--to: needed to smooth into the directory " + opt->out);
        const auto out_format = io::output_format(batch ? std::filesystem::path("-") : std::filesystem::path(opt->out),
                                                  opt->to, "--to");
        std::vector<frequency_response> inputs;
        for (const auto& path : opt->in)
            inputs.push_back(io::read_response(path, format_option(opt->from, "--from"), opt->column));
        std::optional<dsp::smoothing_width> width;
        if (opt->method == "octave") {
            if (opt->fraction.empty()) throw error("--fraction: missing (required with --method octave, e.g. --fraction 1/3)");
            width = parse_fraction(opt->fraction);
        } else if (opt->method == "erb") width = dsp::smoothing_width::erb();
        else if (opt->method == "psychoacoustic") width = dsp::smoothing_width::psychoacoustic();
        else width = dsp::smoothing_width::variable();
        dsp::smoothing_options o;
        const std::string domain = !opt->domain.empty() ? opt->domain : opt->method == "psychoacoustic" ? "cubic" : "power";
        o.domain = domain == "power"       ? dsp::smoothing_domain::power
                   : domain == "magnitude" ? dsp::smoothing_domain::magnitude
                   : domain == "db"        ? dsp::smoothing_domain::db
                   : domain == "cubic"     ? dsp::smoothing_domain::cubic
                                           : dsp::smoothing_domain::complex;
        o.weighting = opt->weighting == "linear" ? dsp::smoothing_weighting::linear_frequency
                                                 : dsp::smoothing_weighting::log_frequency;
        o.edges = opt->edges == "truncate" ? dsp::edge_rule::truncate : dsp::edge_rule::shrink;
        if (opt->passes < 1 || opt->passes > 16)
            throw error("--passes: " + std::to_string(opt->passes) + " is out of range (expected 1 … 16)");
        o.passes = opt->passes;
        const auto grid = opt->grid.grid();
        std::vector<frequency_response> smoothed;
        for (const auto& in : inputs) {
            const dsp::fractional_octave_smoother plan(in.frequencies(), grid ? *grid : in.frequencies(), *width, o);
            smoothed.push_back(plan(in));
        }
        // Everything is smoothed before anything is written; REW's header names the smoothing.
        if (!batch) {
            io::write_response(opt->out, smoothed.front(), out_format, width->describe());
            return;
        }
        const auto outputs = io::batch_outputs(opt->in, opt->out, out_format);
        std::filesystem::create_directories(opt->out);
        for (std::size_t i = 0; i < outputs.size(); ++i)
            io::write_response(outputs[i], smoothed[i], out_format, width->describe());
    });
}

void add_average(CLI::App& root, const global_options&) {
    struct options {
        std::vector<std::string> in;
        std::string out, mode = "power", normalize = "1kHz", level = "0", column, to;
        grid_options grid;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand("average", "Average responses (dB, power, pressure or vector) with min, max and spread");
    cmd->add_option("IN", opt->in, "Input responses (any supported format)")->required();
    cmd->add_option("-o,--output", opt->out,
                    "Output: .csv is frequency,spl_db,min_db,max_db,std_db[,phase_deg]; another extension (or --to) "
                    "writes the mean in that format")
        ->required();
    cmd->add_option("--to", opt->to, "Output format: rew, squig, autoeq, frd or csv (default: from the extension)");
    cmd->add_option("--mode", opt->mode,
                    "db (mean of dB), power (RMS), pressure (mean magnitude) or vector (complex mean; needs phase)")
        ->check(CLI::IsMember({"db", "power", "pressure", "vector"}))
        ->capture_default_str();
    cmd->add_option("--normalize", opt->normalize,
                    "Shift every input before averaging so that its level at this frequency (1kHz, 200Hz, …) or its "
                    "mean over a band (mean:<f1>-<f2>, e.g. mean:300Hz-3kHz) equals --level; none keeps absolute levels")
        ->capture_default_str();
    cmd->add_option("--level", opt->level, "Level the --normalize reference is set to, dB (e.g. 85 for 85 dB SPL at 1 kHz)")
        ->capture_default_str();
    cmd->add_option("--column", opt->column,
                    "Level column of a table holding several (measure's left_db, right_db, combined_db; default: the "
                    "level column, or combined_db)");
    opt->grid.add(cmd);
    cmd->callback([opt] {
        const double level = parse_quantity(opt->level, quantity_kind::level_db, "--level", "dB");
        const auto rule = measure::parse_normalization(opt->normalize, level, "--normalize");
        std::vector<frequency_response> inputs;
        for (const auto& path : opt->in) {
            auto r = io::read_response(path, std::nullopt, opt->column);
            try {
                r = rule.apply(r);
            } catch (const error& e) {
                throw error(path + ": " + e.what());
            }
            inputs.push_back(std::move(r));
        }
        const auto mode = opt->mode == "db"         ? measure::average_mode::db
                          : opt->mode == "pressure" ? measure::average_mode::pressure
                          : opt->mode == "vector"   ? measure::average_mode::vector
                                                    : measure::average_mode::power;
        const auto grid = opt->grid.grid();
        const auto avg = grid ? measure::average_responses(inputs, mode, *grid) : measure::average_responses(inputs, mode);
        // The output's format by the one rule (io::output_format); CSV keeps the spread columns.
        if (const auto format = io::output_format(opt->out, opt->to, "--to"); format != io::response_format::csv) {
            io::write_response(opt->out, avg.mean, format);
            return;
        }
        io::write_file_atomically(opt->out, [&](std::ostream& os) {
            os << "frequency,spl_db,min_db,max_db,std_db" << (avg.mean.has_phase() ? ",phase_deg" : "") << '\n';
            char line[256];
            for (std::size_t k = 0; k < avg.mean.size(); ++k) {
                int n = std::snprintf(line, sizeof line, "%.10g,%.4f,%.4f,%.4f,%.4f", avg.mean.frequencies()[k],
                                      avg.mean.magnitude_db()[k], avg.min_db[k], avg.max_db[k], avg.std_db[k]);
                os.write(line, n);
                if (avg.mean.has_phase()) {
                    n = std::snprintf(line, sizeof line, ",%.4f", avg.mean.phase_deg()[k]);
                    os.write(line, n);
                }
                os << '\n';
            }
        });
    });
}

void add_score(CLI::App& root, const global_options&) {
    struct options {
        std::vector<std::string> meas;
        std::string target, column, format = "markdown";
        bool json = false;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand(
        "score", "Harman in-ear predicted preference score, exactly as AutoEq computes it (no smoothing, no bass boost)");
    cmd->add_option("MEAS", opt->meas,
                    "Measured responses (711-type coupler data for a meaningful score); several print a ranking, "
                    "best first")
        ->required();
    cmd->add_option("--target", opt->target,
                    "Target response file or built-in target (iemlab targets), e.g. harman-ie-2019v2; it must cover "
                    "20 Hz … 10 kHz")
        ->required();
    cmd->add_option("--column", opt->column,
                    "Level column of a table holding several (measure's left_db, right_db, combined_db; default: the "
                    "level column, or combined_db)");
    cmd->add_flag("--json", opt->json, R"(Print {"score":S,"std":SD,"slope":SL,"mean":AE} (several inputs: an array with "name"))");
    cmd->add_option("--format", opt->format, "Ranking table of several inputs: markdown (AutoEq's RANKING.md) or csv")
        ->check(CLI::IsMember({"markdown", "csv"}))
        ->capture_default_str();
    cmd->callback([opt] {
        const auto target = app::load_target(opt->target, "--target");
        std::vector<app::ranked_score> scores;
        for (const auto& path : opt->meas) {
            const auto m = io::read_response(path, std::nullopt, opt->column);
            try {
                scores.push_back({std::filesystem::path(path).stem().string(),
                                  measure::harman_inear_preference_score(m, target)});
            } catch (const error& e) {
                throw error("--target: " + std::string(e.what()));
            }
        }
        if (scores.size() == 1) {
            const auto& s = scores.front().score;
            if (opt->json) {
                std::cout << "{\"score\":" << format_number(s.score) << ",\"std\":" << format_number(s.std_db)
                          << ",\"slope\":" << format_number(s.slope) << ",\"mean\":" << format_number(s.mean_db)
                          << "}\n";
                return;
            }
            // Two decimals, as AutoEq's ranking prints STD, Slope and Average.
            char line[160];
            std::snprintf(line, sizeof line, "score=%.2f std=%.2f slope=%.2f mean=%.2f\n", s.score, s.std_db, s.slope,
                          s.mean_db);
            std::cout << line;
            return;
        }
        app::rank_scores(scores);
        std::cout << app::ranking_text(scores, opt->json                ? app::ranking_style::json
                                               : opt->format == "csv" ? app::ranking_style::csv
                                                                      : app::ranking_style::markdown);
    });
}

const register_command smooth_command{"smooth", add_smooth};
const register_command average_command{"average", add_average};
const register_command score_command{"score", add_score};

} // namespace
} // namespace iemlab::cli

// `iemlab convert`: a response file from one format to another (docs/cli.md), optionally onto a new frequency grid.
#include "command.hpp"

#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/dsp/interpolate.hpp>
#include <iemlab/io/response_formats.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace iemlab::cli {
namespace {

void add_convert(CLI::App& root, const global_options&) {
    struct options {
        std::vector<std::string> in;
        std::string out, to, from, grid, column;
        std::string f_min = "20Hz", f_max = "20kHz";
        double ppo = 0;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand("convert", "Convert a response file between REW, squig, AutoEq, FRD, ZMA and CSV");
    cmd->add_option("input", opt->in,
                    "Input response files (format detected from content); several are written into the directory -o "
                    "as <stem> plus the --to format's ending")
        ->required();
    cmd->add_option("-o,--output", opt->out, "Output file (- for stdout), or a directory for several inputs")->required();
    cmd->add_option("--to", opt->to, "rew | squig | autoeq | frd | zma | csv (default: from the output's extension)");
    cmd->add_option("--from", opt->from, "Input format, overriding detection: rew | squig | autoeq | frd | zma | csv");
    cmd->add_option("--column", opt->column,
                    "Level column of a table holding several (measure's left_db, right_db, combined_db; default: the "
                    "level column, or combined_db)");
    cmd->add_option("--grid", opt->grid, "Resample onto a fixed grid: autoeq (20·1.01^n) | r40 | squig")
        ->check(CLI::IsMember({"autoeq", "r40", "squig"}));
    cmd->add_option("--ppo", opt->ppo, "Resample onto a log grid with this many points per octave");
    cmd->add_option("--f-min", opt->f_min, "Lowest frequency of the --ppo grid (bare number: Hz)")->capture_default_str();
    cmd->add_option("--f-max", opt->f_max, "Highest frequency of the --ppo grid (bare number: Hz)")->capture_default_str();
    cmd->callback([opt, cmd] {
        using io::response_format;
        const bool batch = opt->in.size() > 1 || std::filesystem::is_directory(opt->out);
        if (batch && opt->to.empty()) throw error("--to: needed to convert into the directory " + opt->out);
        const response_format to = io::output_format(batch ? std::filesystem::path("-") : std::filesystem::path(opt->out),
                                                      opt->to, "--to");
        std::optional<response_format> from;
        if (!opt->from.empty()) from = io::parse_format_name(opt->from, "--from");

        const bool ppo_given = cmd->count("--ppo") > 0;
        const bool range_given = cmd->count("--f-min") > 0 || cmd->count("--f-max") > 0;
        if (!opt->grid.empty() && (ppo_given || range_given))
            throw error("--grid: cannot be combined with --ppo, --f-min or --f-max");
        if (range_given && !ppo_given) throw error("--f-min/--f-max: need --ppo (points per octave)");
        // squig and autoeq files always use their own grids (docs/cli.md): refuse any other grid request.
        if (to == response_format::squig && (ppo_given || (!opt->grid.empty() && opt->grid != "squig")))
            throw error("--to squig: always writes 480 points at 1/48 octave; drop --grid/--ppo");
        if (to == response_format::autoeq && (ppo_given || (!opt->grid.empty() && opt->grid != "autoeq")))
            throw error("--to autoeq: always writes AutoEq's 695-point grid; drop --grid/--ppo");

        std::vector<double> grid;
        if (opt->grid == "r40") grid = iso_r40_grid();
        else if (opt->grid == "squig") grid = squig_grid();
        else if (ppo_given) {
            if (!(opt->ppo > 0) || opt->ppo > 1000)
                throw_out_of_range("convert", "--ppo", opt->ppo, "", "0 < ppo <= 1000");
            grid = log_grid(parse_frequency(opt->f_min, "--f-min").value(), parse_frequency(opt->f_max, "--f-max").value(),
                            opt->ppo);
        }
        // Every input is read and converted before anything is written (a bad third file writes nothing).
        std::vector<frequency_response> converted;
        for (const auto& in : opt->in) {
            io::check_conversion(from ? *from : io::detect_file_format(in), to, !opt->to.empty());
            frequency_response r = io::read_response(in, from, opt->column);
            if (to == response_format::autoeq || opt->grid == "autoeq") r = io::to_autoeq_grid(r);
            else if (!grid.empty()) r = dsp::resample(r, grid); // dB linear in ln f, ends held
            converted.push_back(std::move(r));
        }
        if (!batch) {
            io::write_response(opt->out, converted.front(), to);
            return;
        }
        const auto outputs = io::batch_outputs(opt->in, opt->out, to);
        std::filesystem::create_directories(opt->out);
        for (std::size_t i = 0; i < outputs.size(); ++i) io::write_response(outputs[i], converted[i], to);
    });
}

const register_command convert_command{"convert", add_convert};

} // namespace
} // namespace iemlab::cli

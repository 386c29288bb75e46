// `iemlab plot`: responses (or impedance curves) as an SVG plot, or as an HTML page holding the plot (docs/cli.md).
#include "command.hpp"

#include <iemlab/app/target_source.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/io/html_report.hpp>
#include <iemlab/io/impedance.hpp>
#include <iemlab/io/numeric_table.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/io/svg_plot.hpp>
#include <iemlab/measure/normalize.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace iemlab::cli {
namespace {

std::string lower_extension(const std::string& path) {
    std::string ext;
    for (char c : std::filesystem::path(path).extension().string())
        ext += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    return ext;
}

void add_plot(CLI::App& root, const global_options&) {
    struct options {
        std::vector<std::string> inputs;
        std::string out, target, title, from, kind = "response", column, normalize = "none", level = "0",
                    target_align = "300Hz-3kHz";
        std::string f_min = "20Hz", f_max = "20kHz", y_min, y_max;
        bool spread = false, linear_y = false;
        int width = 960, height = 540;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand("plot", "Plot responses (log frequency, dB) as SVG, or as an HTML page (.html)");
    cmd->add_option("inputs", opt->inputs, "Response files (any supported format), one curve each")->required();
    cmd->add_option("-o,--output", opt->out, "Output .svg (or .html: a page holding the plot; - for SVG on stdout)")->required();
    cmd->add_option("--target", opt->target, "Target response file or built-in target (iemlab targets), drawn dashed");
    cmd->add_option("--title", opt->title, "Plot title (default: the input's name, or 'Frequency response')");
    cmd->add_flag("--spread", opt->spread, "Shade the min…max spread of the inputs (needs at least 2)");
    cmd->add_option("--from", opt->from, "Input format, overriding detection: rew | squig | autoeq | frd | zma | csv");
    cmd->add_option("--kind", opt->kind,
                    "response (dB) | impedance (ZMA/REW impedance files, ohm) | thd (THD CSV: thd_percent column)")
        ->check(CLI::IsMember({"response", "impedance", "thd"}))
        ->capture_default_str();
    cmd->add_option("--column", opt->column,
                    "The column to plot of a table holding several (measure's left_db, combined_db, "
                    "left_thd_percent…; default: every level column, one curve each)");
    cmd->add_option("--normalize", opt->normalize,
                    "Shift each response so that its level at a frequency (1kHz, 500Hz) or its mean over a band "
                    "(mean:300Hz-3kHz) equals --level, as squig.link does; none draws the levels as they are")
        ->capture_default_str();
    cmd->add_option("--level", opt->level, "Level the --normalize reference is set to, dB")->capture_default_str();
    cmd->add_option("--target-align", opt->target_align,
                    "Align the target with the responses by least squares over this band (<f1>-<f2>, as squig.link "
                    "compares; the band mean of mean-response − target), or none to draw it as it is")
        ->capture_default_str();
    cmd->add_flag("--linear-y", opt->linear_y, "Linear y axis for --kind impedance or thd (default logarithmic)");
    cmd->add_option("--f-min", opt->f_min, "Left end of the frequency axis (bare number: Hz)")->capture_default_str();
    cmd->add_option("--f-max", opt->f_max, "Right end of the frequency axis (bare number: Hz)")->capture_default_str();
    cmd->add_option("--y-min", opt->y_min, "Bottom of the y axis (dB, or ohm for impedance; default: from the data)");
    cmd->add_option("--y-max", opt->y_max, "Top of the y axis (default: from the data)");
    cmd->add_option("--width", opt->width, "Width in px")->capture_default_str();
    cmd->add_option("--height", opt->height, "Height in px")->capture_default_str();
    cmd->callback([opt] {
        const std::string ext = opt->out == "-" ? std::string(".svg") : lower_extension(opt->out); // -: SVG on stdout
        if (ext != ".svg" && ext != ".html" && ext != ".htm")
            throw error("-o: '" + opt->out + "' must end in .svg or .html (or be - for SVG on stdout)");
        std::optional<io::response_format> from;
        if (!opt->from.empty()) from = io::parse_format_name(opt->from, "--from");
        if (opt->spread && opt->inputs.size() < 2) throw error("--spread: needs at least 2 inputs");
        const bool impedance = opt->kind == "impedance", thd = opt->kind == "thd";
        if ((impedance || thd) && (opt->spread || !opt->target.empty()))
            throw error("--kind " + opt->kind + ": --spread and --target apply to responses only");

        const auto y_scale = opt->linear_y ? io::axis_scale::linear : io::axis_scale::logarithmic;
        io::plot_options o = impedance ? io::impedance_plot_options({}, y_scale)
                             : thd     ? io::distortion_plot_options({}, y_scale)
                                       : io::frequency_response_plot_options();
        o.width = opt->width;
        o.height = opt->height;
        o.x.min = parse_frequency(opt->f_min, "--f-min").value();
        o.x.max = parse_frequency(opt->f_max, "--f-max").value();
        const auto y_value = [&](const std::string& text, const char* name) {
            return impedance ? parse_electric_impedance(text, name).value()
                   : thd     ? parse_quantity(text, quantity_kind::dimensionless, name)
                             : parse_quantity(text, quantity_kind::level_db, name, "dB");
        };
        if (!opt->y_min.empty()) o.y.min = y_value(opt->y_min, "--y-min");
        if (!opt->y_max.empty()) o.y.max = y_value(opt->y_max, "--y-max");

        std::vector<std::vector<std::string>> rows; // for the HTML page
        std::vector<frequency_response> responses;
        std::vector<io::impedance_curve> curves; // impedance, or THD in % in magnitude_ohm
        for (const auto& in : opt->inputs) {
            if (thd) {
                const auto table = io::read_table(in);
                std::vector<std::size_t> picked;
                for (std::size_t c = 0; c < table.names.size(); ++c)
                    if (opt->column.empty() ? table.names[c].ends_with("thd_percent") : table.names[c] == opt->column)
                        picked.push_back(c);
                // One curve per harmonic too: deconvolve's h<n>_db columns (dB re the fundamental) as %.
                std::vector<std::size_t> orders;
                if (opt->column.empty())
                    for (std::size_t c = 0; c < table.names.size(); ++c)
                        if (table.names[c].size() > 4 && table.names[c][0] == 'h' && table.names[c].ends_with("_db"))
                            orders.push_back(c);
                if (picked.empty() && !opt->column.empty()) {
                    std::string all;
                    for (const auto& n : table.names) all += (all.empty() ? "" : ", ") + n;
                    throw file_error(in, 0, "has no column '" + opt->column + "' (--column; the columns are " + all + ")");
                }
                if (picked.empty())
                    throw file_error(in, 0,
                                     "has no 'thd_percent' column (expected the THD CSV of deconvolve --thd-out or "
                                     "measure's '<name> thd.csv')");
                const std::size_t fcol = table.find("frequency").value_or(0);
                const std::string stem = std::filesystem::path(in).stem().string();
                for (std::size_t c : picked) {
                    curves.push_back({table.columns[fcol], table.columns[c], {},
                                      picked.size() == 1 && table.names[c] == "thd_percent" ? stem
                                                                                            : stem + " " + table.names[c]});
                    const auto& z = curves.back();
                    rows.push_back({z.name, in, std::to_string(z.size()), format_number(z.frequency_hz.front()),
                                    format_number(z.frequency_hz.back())});
                }
                for (std::size_t c : orders) {
                    // Cells beyond an order's reach are empty in the file and read as NaN: not drawn.
                    std::vector<double> percent(table.columns[c].size());
                    for (std::size_t i = 0; i < percent.size(); ++i) percent[i] = 100 * db_to_amplitude(table.columns[c][i]);
                    const std::string order = table.names[c].substr(0, table.names[c].size() - 3); // "h2"
                    curves.push_back({table.columns[fcol], std::move(percent), {}, stem + " " + order + " (%)"});
                }
            } else if (impedance) {
                curves.push_back(io::read_impedance(in));
                const auto& z = curves.back();
                rows.push_back({z.name, in, std::to_string(z.size()), format_number(z.frequency_hz.front()),
                                format_number(z.frequency_hz.back())});
            } else {
                auto read = opt->column.empty() ? io::read_response_columns(in, from)
                                                : std::vector{io::read_response(in, from, opt->column)};
                for (auto& r : read) {
                    rows.push_back({r.name(), in, std::to_string(r.size()), format_number(r.frequencies().front()),
                                    format_number(r.frequencies().back())});
                    responses.push_back(std::move(r));
                }
            }
        }
        if (!responses.empty()) {
            const auto rule = measure::parse_normalization(
                opt->normalize, parse_quantity(opt->level, quantity_kind::level_db, "--level", "dB"), "--normalize");
            for (auto& r : responses) {
                try {
                    r = rule.apply(r);
                } catch (const error& e) {
                    throw error("--normalize: " + r.name() + ": " + e.what());
                }
            }
        } else if (opt->normalize != "none") {
            throw error("--normalize: applies to responses only (not --kind " + opt->kind + ")");
        }
        const std::size_t count = responses.empty() ? curves.size() : responses.size();
        o.title = !opt->title.empty() ? opt->title
                  : count == 1        ? (responses.empty() ? curves.front().name : responses.front().name())
                  : impedance         ? "Impedance"
                  : thd               ? "Total harmonic distortion"
                                      : "Frequency response";

        io::svg_plot plot(o);
        if (opt->spread) plot.add_band("Spread (min … max)", io::spread_band(responses));
        if (!opt->target.empty()) {
            auto target = app::load_target(opt->target, "--target");
            if (opt->target_align != "none" && !responses.empty()) {
                // squig.link-style comparison: the target shifted by the least-squares offset to the responses'
                // mean over the band (each response's offset, averaged: the offset to their mean curve).
                const auto [lo, hi] = measure::parse_band(opt->target_align, "--target-align");
                double offset = 0;
                try {
                    for (const auto& r : responses) offset += measure::least_squares_offset(target, r, lo, hi);
                } catch (const error& e) {
                    throw error("--target-align: " + std::string(e.what()));
                }
                target = target.with_gain(offset / double(responses.size()));
            }
            plot.add_target(target, target.name());
        }
        for (const auto& r : responses) plot.add_curve(r);
        for (const auto& z : curves) plot.add_curve(z.name, z.frequency_hz, z.magnitude_ohm);

        if (ext == ".svg") {
            plot.write(opt->out);
            return;
        }
        io::html_report page(o.title);
        page.svg(plot.render());
        page.table({"name", "file", "points", "from (Hz)", "to (Hz)"}, rows, "Inputs");
        if (!opt->target.empty()) page.key_value_table({{"target", opt->target}});
        page.write(opt->out);
    });
}

const register_command plot_command{"plot", add_plot};

} // namespace
} // namespace iemlab::cli

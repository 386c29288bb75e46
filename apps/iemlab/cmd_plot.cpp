// `iemlab plot`: responses (or impedance curves) as an SVG plot, or as an HTML page holding the plot (docs/cli.md).
#include "command.hpp"

#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/io/html_report.hpp>
#include <iemlab/io/impedance.hpp>
#include <iemlab/io/numeric_table.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/io/svg_plot.hpp>

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
        std::string out, target, title, from, kind = "response";
        std::string f_min = "20Hz", f_max = "20kHz", y_min, y_max;
        bool spread = false, linear_y = false;
        int width = 960, height = 540;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand("plot", "Plot responses (log frequency, dB) as SVG, or as an HTML page (.html)");
    cmd->add_option("inputs", opt->inputs, "Response files (any supported format), one curve each")->required();
    cmd->add_option("-o,--output", opt->out, "Output .svg (or .html: a page holding the plot)")->required();
    cmd->add_option("--target", opt->target, "Target response file, drawn dashed");
    cmd->add_option("--title", opt->title, "Plot title (default: the input's name, or 'Frequency response')");
    cmd->add_flag("--spread", opt->spread, "Shade the min…max spread of the inputs (needs at least 2)");
    cmd->add_option("--from", opt->from, "Input format, overriding detection: rew | squig | autoeq | frd | zma | csv");
    cmd->add_option("--kind", opt->kind,
                    "response (dB) | impedance (ZMA/REW impedance files, ohm) | thd (THD CSV: thd_percent column)")
        ->check(CLI::IsMember({"response", "impedance", "thd"}))
        ->capture_default_str();
    cmd->add_flag("--linear-y", opt->linear_y, "Linear y axis for --kind impedance or thd (default logarithmic)");
    cmd->add_option("--f-min", opt->f_min, "Left end of the frequency axis (bare number: Hz)")->capture_default_str();
    cmd->add_option("--f-max", opt->f_max, "Right end of the frequency axis (bare number: Hz)")->capture_default_str();
    cmd->add_option("--y-min", opt->y_min, "Bottom of the y axis (dB, or ohm for impedance; default: from the data)");
    cmd->add_option("--y-max", opt->y_max, "Top of the y axis (default: from the data)");
    cmd->add_option("--width", opt->width, "Width in px")->capture_default_str();
    cmd->add_option("--height", opt->height, "Height in px")->capture_default_str();
    cmd->callback([opt] {
        const std::string ext = lower_extension(opt->out);
        if (ext != ".svg" && ext != ".html" && ext != ".htm")
            throw error("-o: '" + opt->out + "' must end in .svg or .html");
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
                const auto column = table.find("thd_percent");
                if (!column)
                    throw file_error(in, 0, "has no 'thd_percent' column (expected the THD CSV of deconvolve --thd-out)");
                const std::size_t fcol = table.find("frequency").value_or(0);
                curves.push_back({table.columns[fcol], table.columns[*column], {},
                                  std::filesystem::path(in).stem().string()});
                const auto& c = curves.back();
                rows.push_back({c.name, in, std::to_string(c.size()), format_number(c.frequency_hz.front()),
                                format_number(c.frequency_hz.back())});
            } else if (impedance) {
                curves.push_back(io::read_impedance(in));
                const auto& z = curves.back();
                rows.push_back({z.name, in, std::to_string(z.size()), format_number(z.frequency_hz.front()),
                                format_number(z.frequency_hz.back())});
            } else {
                responses.push_back(io::read_response(in, from));
                const auto& r = responses.back();
                rows.push_back({r.name(), in, std::to_string(r.size()), format_number(r.frequencies().front()),
                                format_number(r.frequencies().back())});
            }
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
            const auto target = io::read_response(opt->target);
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

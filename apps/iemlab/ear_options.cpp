// The shared ear-canal, seal, leak and tip-bore options (ear_options.hpp).
#include "ear_options.hpp"

#include <iemlab/app/area_function_source.hpp>
#include <iemlab/app/eardrum_source.hpp>
#include <iemlab/core/error.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/electroacoustics/loads.hpp>

namespace iemlab::cli {

namespace ac = iemlab::acoustics;

void canal_shape_options::add(CLI::App& sub, const std::string& context, bool shapes) {
    length_option = sub.add_option("--canal-length", length, "Canal length, entrance to eardrum (bare number: m)" + context)
                        ->capture_default_str();
    diameter_option =
        sub.add_option("--canal-diameter", diameter, "Canal diameter (at the entrance when --drum-diameter is given; bare "
                                                     "number: m)" + context)
            ->capture_default_str();
    if (shapes) {
        sub.add_option("--drum-diameter", drum_diameter,
                       "Diameter at the eardrum: a conical canal from --canal-diameter to this (default: a cylinder)" + context);
        sub.add_option("--area-function", area_function,
                       "Canal shape from a file: header position_mm (or drum_distance_mm), then area_mm2, diameter_mm or "
                       "radius_mm; replaces --canal-length/--canal-diameter" + context);
    }
    sub.add_option("--eardrum", eardrum,
                   "Eardrum model: shaw-stinson | hudde | rigid | FILE (FILE: columns frequency, Re Z, Im Z in Pa*s/m^3; "
                   "docs/validation.md compares the models)" + context)
        ->capture_default_str();
}

ac::ear_canal canal_shape_options::canal(const air_properties& air) const {
    ac::ear_canal c;
    c.air = air;
    if (!area_function.empty()) {
        for (const auto* o : {length_option, diameter_option})
            if (o != nullptr && o->count() > 0)
                throw error("--area-function: " + o->get_name() + " cannot be given with it (the file sets the shape)");
        if (!drum_diameter.empty()) throw error("--area-function: --drum-diameter cannot be given with it (the file sets the shape)");
        with_option("--area-function", [&] { c.geometry = app::read_area_function_file(area_function); });
    } else {
        double l = 0, d = 0;
        with_option("--canal-length", [&] { l = parse_length(length, "--canal-length").value(); });
        with_option("--canal-diameter", [&] { d = parse_length(diameter, "--canal-diameter").value(); });
        with_option("--canal-length", [&] { require_in_range("canal", "length", l, 1e-3, 0.06, "m"); });
        with_option("--canal-diameter", [&] { require_in_range("canal", "diameter", d, 1e-3, 0.02, "m"); });
        if (drum_diameter.empty()) {
            c.geometry = ac::canal_geometry::cylinder(l, d);
        } else {
            double dd = 0;
            with_option("--drum-diameter", [&] { dd = parse_length(drum_diameter, "--drum-diameter").value(); });
            with_option("--drum-diameter", [&] { c.geometry = ac::canal_geometry::conical(l, d, dd); });
        }
    }
    app::set_eardrum(c, eardrum, "--eardrum");
    return c;
}

void seal_options::add_depth(CLI::App& sub, bool sweep, const std::string& context) {
    sub.add_option("--insertion-depth", depth,
                   std::string("Depth of the eartip's seal from the canal entrance (bare number: m)") +
                       (sweep ? "; a list (4mm,8mm) or range (4mm:20mm:2mm) gives one column per depth" : "") + context)
        ->capture_default_str();
}

void seal_options::add_leak(CLI::App& sub, const std::string& context) {
    sub.add_option("--leak", leak,
                   "Leak at the seal: none | tube (vent: --leak-length, --leak-diameter) | slit (--leak-width, "
                   "--leak-gap, --leak-length)" + context)
        ->check(CLI::IsMember({"none", "tube", "slit"}))
        ->capture_default_str();
    sub.add_option("--leak-length", leak_length, "Length of the leak path along the flow")->capture_default_str();
    sub.add_option("--leak-diameter", leak_diameter, "Diameter of a tube leak (vent)")->capture_default_str();
    sub.add_option("--leak-width", leak_width, "Width of a slit leak")->capture_default_str();
    sub.add_option("--leak-gap", leak_gap, "Gap (height) of a slit leak")->capture_default_str();
}

void seal_options::add_tip_bore(CLI::App& sub) {
    sub.add_option("--tip-bore-length", bore_length,
                   "Eartip bore between the earphone's nozzle and the seal (the load's input plane), 0 … 30 mm (0: none)")
        ->capture_default_str();
    sub.add_option("--tip-bore-diameter", bore_diameter, "Diameter of the eartip bore, 0.5 … 10 mm")->capture_default_str();
}

bool seal_options::depth_is_list() const {
    return depth.find_first_of(",:") != std::string::npos;
}

std::vector<listed_value> seal_options::depths(const ac::ear_canal& canal) const {
    const auto values = parse_value_list(depth, "--insertion-depth", [](std::string_view t) {
        return parse_length(t, "--insertion-depth").value();
    });
    const double l = canal.geometry.length();
    for (const auto& v : values)
        if (!(v.value >= 0 && v.value < l))
            throw_out_of_range("simulate", "--insertion-depth", v.value * 1e3, "mm",
                               "0 <= depth < the canal length = " + format_number(l * 1e3) + " mm");
    return values;
}

double seal_options::depth_m(const ac::ear_canal& canal) const {
    const auto values = depths(canal);
    if (values.size() != 1)
        throw error("--insertion-depth: '" + depth + "' is a list; this model takes one depth", "--insertion-depth");
    return values.front().value;
}

ac::leak seal_options::tip_leak(const air_properties& air) const {
    ac::leak result;
    if (leak == "none") return result;
    const double len = parse_length(leak_length, "--leak-length").value();
    if (leak == "tube") {
        const double dia = parse_length(leak_diameter, "--leak-diameter").value();
        with_options({{"length", "--leak-length"}, {"diameter", "--leak-diameter"}}, "--leak",
                     [&] { result = ac::leak::tube(air, len, dia); });
    } else {
        const double w = parse_length(leak_width, "--leak-width").value();
        const double h = parse_length(leak_gap, "--leak-gap").value();
        with_options({{"length", "--leak-length"}, {"width", "--leak-width"}, {"gap", "--leak-gap"}}, "--leak",
                     [&] { result = ac::leak::slit(air, w, h, len); });
    }
    return result;
}

double seal_options::bore_length_m() const {
    return parse_length(bore_length, "--tip-bore-length").value();
}

electroacoustics::acoustic_load seal_options::behind_bore(const network::grid& g, const air_properties& air,
                                                          const electroacoustics::acoustic_load& load) const {
    const double len = bore_length_m();
    const double dia = parse_length(bore_diameter, "--tip-bore-diameter").value();
    electroacoustics::acoustic_load out;
    with_options({{"length", "--tip-bore-length"}, {"diameter", "--tip-bore-diameter"}}, "--tip-bore-length",
                 [&] { out = electroacoustics::behind_tip_bore(g, air, load, len, dia); });
    return out;
}

} // namespace iemlab::cli

// `iemlab simulate <model>`: the command, its shared options, and the acoustic models coupler, canal, open-ear
// and occlusion. Other models register themselves from their own files (see simulate.hpp).
#include "simulate.hpp"

#include "ear_options.hpp"

#include <iemlab/acoustics.hpp>
#include <iemlab/core/error.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/electroacoustics/loads.hpp>
#include <iemlab/io/atomic_file.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>

namespace iemlab::cli {

network::grid simulate_options::grid() const {
    const double lo = parse_frequency(f_min, "--f-min").value();
    const double hi = parse_frequency(f_max, "--f-max").value();
    require_positive("simulate", "--f-min", lo, "Hz");
    if (!(hi >= lo)) throw_out_of_range("simulate", "--f-max", hi, "Hz", "--f-max >= --f-min = " + format_number(lo) + " Hz");
    require_in_range("simulate", "--ppo", ppo, 1, 1000, "");
    return network::grid(log_grid(lo, hi, ppo));
}

air_properties simulate_options::air_or(double default_celsius) const {
    if (temperature.empty()) return air_properties::at_celsius(default_celsius);
    const double k = parse_temperature(temperature, "--temperature").value();
    require_in_range("simulate", "--temperature", k - units::celsius_zero_k, -50, 100, "C");
    return air_properties::at_kelvin(k);
}

void with_option(const std::string& option, const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        throw error(option + ": " + e.what());
    }
}

std::string swept_column(const std::string& name, const std::string& label) {
    return label.empty() ? name : name + "@" + label;
}

void write_simulation_csv(const std::string& path, const std::string& header, std::span<const double> frequency,
                          const std::vector<std::vector<double>>& columns) {
    for (const auto& c : columns)
        for (double v : c)
            if (!std::isfinite(v)) throw std::runtime_error("simulate: internal error: a non-finite value was computed");
    auto write = [&](std::ostream& os) {
        os << header << '\n';
        for (std::size_t i = 0; i < frequency.size(); ++i) {
            os << std::setprecision(10) << frequency[i];
            for (const auto& c : columns) os << ',' << std::setprecision(8) << c[i];
            os << '\n';
        }
    };
    if (path.empty()) write(std::cout);
    else io::write_file_atomically(path, write);
}

namespace {

namespace ac = iemlab::acoustics;

void add_coupler(CLI::App& sub, std::shared_ptr<simulate_options> common) {
    auto model = std::make_shared<std::string>("iec60318-4");
    auto extension = std::make_shared<std::string>("0mm");
    sub.add_option("--model", *model, "Coupler model")->check(CLI::IsMember({"iec60318-4"}))->capture_default_str();
    sub.add_option("--extension", *extension,
                   "Ø 7.5 mm air line ahead of the reference plane (nozzle recess, tip bore), 0 … 30 mm")
        ->capture_default_str();
    sub.callback([common, extension] {
        const auto g = common->grid();
        const auto air = common->air_or(23.0);
        const double ext = parse_length(*extension, "--extension").value();
        with_option("--extension", [&] { require_in_range("coupler", "extension", ext, 0.0, 0.03, "m"); });
        const ac::iec60318_4_coupler coupler{g, air, {}, ext};
        std::vector<double> z(g.size());
        for (std::size_t i = 0; i < g.size(); ++i) z[i] = coupler.transfer_impedance().abs(i);
        write_simulation_csv(common->output, "frequency,z_transfer,level_re_500hz_db", g.frequencies(),
                             {z, coupler.level_re_500hz_db()});
    });
}

void add_canal(CLI::App& sub, std::shared_ptr<simulate_options> common) {
    auto shape = std::make_shared<canal_shape_options>();
    auto seal = std::make_shared<seal_options>();
    shape->add(sub);
    seal->add_depth(sub, true);
    seal->add_leak(sub);
    seal->add_tip_bore(sub);
    sub.callback([common, shape, seal] {
        const auto g = common->grid();
        const auto air = common->air_or(37.0);
        const auto canal = shape->canal(air);
        const auto depths = seal->depths(canal);
        const auto leak = seal->tip_leak(air);
        std::vector<std::vector<double>> columns;
        std::string header = "frequency";
        for (const auto& depth : depths) {
            const auto load = seal->behind_bore(g, air, electroacoustics::canal_load(g, canal, depth.value, leak));
            std::vector<double> spl(g.size());
            for (std::size_t i = 0; i < g.size(); ++i) spl[i] = ac::drum_spl_db_per_mm3_s(load.transfer_impedance()[i]);
            columns.push_back(std::move(spl));
            header += "," + swept_column("eardrum_spl_db", depths.size() > 1 ? "depth=" + depth.text : "");
        }
        write_simulation_csv(common->output, header, g.frequencies(), columns);
    });
}

void add_open_ear(CLI::App& sub, std::shared_ptr<simulate_options> common) {
    auto shape = std::make_shared<canal_shape_options>();
    shape->add(sub);
    sub.callback([common, shape] {
        const auto g = common->grid();
        const auto canal = shape->canal(common->air_or(37.0));
        const auto gain = ac::open_ear_gain(g, canal);
        std::vector<double> db(g.size());
        for (std::size_t i = 0; i < g.size(); ++i) db[i] = 20 * std::log10(gain.abs(i));
        write_simulation_csv(common->output, "frequency,gain_db", g.frequencies(), {db});
    });
}

// The eartip and a vent of `simulate occlusion` (acoustics::eartip, occlusion_parameters::leaks).
struct occlusion_tip_options {
    double shear_modulus = 0, coupling = 0;
    std::string length = "8mm", vent_diameter = "none", vent_length = "10mm";

    void add(CLI::App& sub) {
        sub.add_option("--tip-shear-modulus", shear_modulus,
                       "Shear modulus of a solid eartip bonded to the wall, Pa (0: rigid; silicone Shore 40A ≈ 0.56e6)")
            ->capture_default_str();
        sub.add_option("--tip-length", length, "Length of that eartip along the canal")->capture_default_str();
        sub.add_option("--tip-coupling", coupling,
                       "Share of the wall motion under the eartip that the tip displaces (0 … 1: 1 silicone, 0 foam)")
            ->capture_default_str();
        sub.add_option("--vent-diameter", vent_diameter, "A vent through the eartip, in parallel with --leak: none | diameter")
            ->capture_default_str();
        sub.add_option("--vent-length", vent_length, "Length of that vent")->capture_default_str();
    }

    void apply(ac::occlusion_parameters& p, const air_properties& air, double canal_radius) const {
        with_option("--tip-coupling", [&] { require_in_range("occlusion", "tip coupling", coupling, 0, 1, ""); });
        if (shear_modulus != 0) {
            const double len = parse_length(length, "--tip-length").value();
            with_option("--tip-length", [&] { require_in_range("eartip", "length", len, 1e-4, 0.05, "m"); });
            with_option("--tip-shear-modulus",
                        [&] { p.tip = ac::eartip::solid_plug(shear_modulus, 1100, len, canal_radius, coupling); });
        }
        p.tip.wall_coupling = coupling;
        if (vent_diameter != "none") {
            const double dia = parse_length(vent_diameter, "--vent-diameter").value();
            const double len = parse_length(vent_length, "--vent-length").value();
            with_option("--vent-length", [&] { require_in_range("vent", "length", len, 0.0, 0.1, "m"); });
            with_option("--vent-diameter", [&] { p.leaks.push_back(ac::leak::tube(air, len, dia)); });
        }
    }
};

void add_occlusion(CLI::App& sub, std::shared_ptr<simulate_options> common) {
    auto shape = std::make_shared<canal_shape_options>();
    auto seal = std::make_shared<seal_options>();
    auto params = std::make_shared<ac::occlusion_parameters>();
    shape->add(sub);
    seal->add_depth(sub, true);
    seal->add_leak(sub);
    sub.add_option("--cartilage-fraction", params->cartilage_fraction,
                   "Outer fraction of the canal that is cartilaginous (0 … 1)")
        ->capture_default_str();
    sub.add_option("--bony-weight", params->bony_weight,
                   "Wall source strength in the bony part relative to the cartilaginous part (0 … 10)")
        ->capture_default_str();
    auto tip = std::make_shared<occlusion_tip_options>();
    tip->add(sub);
    sub.callback([common, shape, seal, params, tip] {
        const auto g = common->grid();
        const auto air = common->air_or(37.0);
        const auto canal = shape->canal(air);
        const auto depths = seal->depths(canal);
        ac::occlusion_parameters p = *params;
        p.plug_leak = seal->tip_leak(air);
        with_option("--cartilage-fraction", [&] { require_in_range("occlusion", "fraction", p.cartilage_fraction, 0, 1, ""); });
        with_option("--bony-weight", [&] { require_in_range("occlusion", "weight", p.bony_weight, 0, 10, ""); });
        std::vector<std::vector<double>> columns;
        std::string header = "frequency";
        for (const auto& depth : depths) {
            ac::occlusion_parameters at_depth = p; // a solid tip fills the canal where it seals (a cone narrows)
            tip->apply(at_depth, air, canal.geometry.radius_at(depth.value));
            const ac::occlusion_model model{g, canal, at_depth};
            columns.push_back(model.occlusion_effect_db(depth.value));
            header += "," + swept_column("occlusion_db", depths.size() > 1 ? "depth=" + depth.text : "");
        }
        write_simulation_csv(common->output, header, g.frequencies(), columns);
    });
}

const register_simulate_model coupler_model{"coupler", "IEC 60318-4 ear simulator: transfer impedance, level re 500 Hz",
                                            add_coupler};
const register_simulate_model canal_model{"canal", "Eardrum SPL of an earphone sealed in an ear canal (1 mm^3/s)",
                                          add_canal};
const register_simulate_model open_ear_model{"open-ear", "Open canal gain from the entrance to the eardrum",
                                             add_open_ear};
const register_simulate_model occlusion_model_registration{
    "occlusion", "Occlusion effect of a seal at an insertion depth (bone-conducted excitation)", add_occlusion};

void add_simulate(CLI::App& root, const global_options&) {
    auto* cmd = root.add_subcommand("simulate", "Simulate an acoustic or electroacoustic model on a frequency grid");
    cmd->require_subcommand(1);
    auto& models = simulate_registry();
    std::sort(models.begin(), models.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& m : models) {
        auto common = std::make_shared<simulate_options>();
        auto* sub = cmd->add_subcommand(m.name, m.description);
        sub->add_option("--f-min", common->f_min, "Lowest frequency (bare number: Hz)")->capture_default_str();
        sub->add_option("--f-max", common->f_max, "Highest frequency (bare number: Hz)")->capture_default_str();
        sub->add_option("--ppo", common->ppo, "Points per octave of the log grid")->capture_default_str();
        sub->add_option("--temperature", common->temperature,
                        "Air temperature (bare number: °C; default 37C for ear models, 23C for the coupler)");
        sub->add_option("-o,--output", common->output, "Output CSV (default: stdout)");
        m.add(*sub, common);
    }
}

const register_command simulate_command{"simulate", add_simulate};

} // namespace
} // namespace iemlab::cli

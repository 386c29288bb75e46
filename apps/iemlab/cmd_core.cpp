// `iemlab air` and `iemlab grid`: the core layer's air properties and frequency grids.
#include "command.hpp"

#include <iemlab/core/air.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/io/atomic_file.hpp>

#include <iomanip>
#include <iostream>
#include <memory>

namespace iemlab::cli {
namespace {

void add_air(CLI::App& root, const global_options&) {
    struct options {
        std::string temperature = "23C";
        std::string model = "sutherland";
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand("air", "Print the properties of dry air at a temperature");
    cmd->add_option("--temperature", opt->temperature, "Temperature (bare number: °C; e.g. 37C, 310.15K)")
        ->capture_default_str();
    cmd->add_option("--model", opt->model, "sutherland (ideal gas + Sutherland) or keefe (Keefe 1984)")
        ->check(CLI::IsMember({"sutherland", "keefe"}))
        ->capture_default_str();
    cmd->callback([opt] {
        const auto t = parse_temperature(opt->temperature, "--temperature");
        const auto model = opt->model == "keefe" ? air_model::keefe : air_model::sutherland;
        const auto a = air_properties::at(t, model);
        std::cout << std::setprecision(6) << "temperature_c=" << units::to_celsius(t) << '\n'
                  << "density_kg_m3=" << a.density << '\n'
                  << "speed_of_sound_m_s=" << a.speed_of_sound << '\n'
                  << "viscosity_pa_s=" << a.viscosity << '\n'
                  << "thermal_conductivity_w_mk=" << a.thermal_conductivity << '\n'
                  << "gamma=" << a.ratio_of_specific_heats << '\n'
                  << "prandtl=" << a.prandtl << '\n'
                  << "characteristic_impedance_pa_s_m=" << a.characteristic_impedance() << '\n';
    });
}

void add_grid(CLI::App& root, const global_options&) {
    struct options {
        std::string type = "log";
        std::string f_min = "20Hz", f_max = "20kHz", rate = "48000";
        double ppo = 48;
        std::size_t fft_size = 1024;
        std::string out;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand("grid", "Write a frequency grid as CSV (column: frequency)");
    cmd->add_option("--type", opt->type, "log | autoeq (20·1.01^n) | r40 (121 ISO R40 points) | squig | fft")
        ->check(CLI::IsMember({"log", "autoeq", "r40", "squig", "fft"}))
        ->capture_default_str();
    cmd->add_option("--f-min", opt->f_min, "Lowest frequency of a log grid (bare number: Hz)")->capture_default_str();
    cmd->add_option("--f-max", opt->f_max, "Highest frequency of a log grid (bare number: Hz)")->capture_default_str();
    cmd->add_option("--ppo", opt->ppo, "Points per octave of a log grid")->capture_default_str();
    cmd->add_option("--fft-size", opt->fft_size, "FFT length for --type fft")->capture_default_str();
    cmd->add_option("--rate", opt->rate, "Sample rate for --type fft (bare number: Hz)")->capture_default_str();
    cmd->add_option("-o,--output", opt->out, "Output CSV (default: stdout)");
    cmd->callback([opt] {
        std::vector<double> f;
        if (opt->type == "log")
            f = log_grid(parse_frequency(opt->f_min, "--f-min").value(), parse_frequency(opt->f_max, "--f-max").value(),
                         opt->ppo);
        else if (opt->type == "autoeq") f = autoeq_grid();
        else if (opt->type == "r40") f = iso_r40_grid();
        else if (opt->type == "squig") f = squig_grid();
        else f = fft_bin_grid(opt->fft_size, parse_frequency(opt->rate, "--rate").value());
        auto write = [&](std::ostream& os) {
            os << "frequency\n" << std::setprecision(10);
            for (double x : f) os << x << '\n';
        };
        if (opt->out.empty()) write(std::cout);
        else io::write_file_atomically(opt->out, write);
    });
}

const register_command air_command{"air", add_air};
const register_command grid_command{"grid", add_grid};

} // namespace
} // namespace iemlab::cli

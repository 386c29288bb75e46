#pragma once
// The `iemlab simulate <model>` registry: each model lives in its own file and registers itself, so new models
// (e.g. `driver`, `iem`) are added without touching cmd_simulate.cpp.
//
// To add a model, create apps/iemlab/cmd_simulate_<name>.cpp:
//
//   #include "simulate.hpp"
//   namespace iemlab::cli {
//   namespace {
//   void add_driver(CLI::App& sub, std::shared_ptr<simulate_options> common) {
//       auto spec = std::make_shared<std::string>();
//       sub.add_option("--driver", *spec, "Driver SPEC (ba:…, ts:…, zma:FILE)")->required();
//       sub.callback([common, spec] {
//           const auto g = common->grid();                      // --f-min/--f-max/--ppo, validated
//           const auto t = common->temperature_or(37.0);        // --temperature, default for this model
//           … library calls …
//           write_simulation_csv(common->output, "frequency,impedance_ohm,…", g.frequencies(), {col1, col2});
//       });
//   }
//   const register_simulate_model driver_model{"driver", "BA or dynamic driver impedance and tilt", add_driver};
//   } // namespace
//   } // namespace iemlab::cli
//
// The common options (--f-min, --f-max, --ppo, --temperature, -o/--output) are added to every model by
// cmd_simulate.cpp; a model adds only its own.

#include "command.hpp"

#include <iemlab/core/air.hpp>
#include <iemlab/network/spectrum.hpp>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::cli {

/// Options every simulate model shares (docs/cli.md: grid options, --temperature, -o).
struct simulate_options {
    std::string f_min = "20Hz";  ///< --f-min
    std::string f_max = "20kHz"; ///< --f-max
    double ppo = 48;             ///< --ppo
    std::string temperature;     ///< --temperature (empty: the model's default)
    std::string output;          ///< -o/--output (empty: stdout)

    /// The log grid from --f-min, --f-max, --ppo (errors name the option).
    network::grid grid() const;
    /// --temperature as air properties, or `default_celsius` when not given (errors name --temperature).
    air_properties air_or(double default_celsius) const;
};

/// Adds a model's own options and callback to its subcommand.
using simulate_model_adder = std::function<void(CLI::App& sub, std::shared_ptr<simulate_options> common)>;

/// One registered simulate model.
struct simulate_model {
    std::string name;          ///< subcommand name, e.g. "coupler"
    std::string description;   ///< one-line help
    simulate_model_adder add;  ///< adds options and callback
};

/// All models linked into the executable.
inline std::vector<simulate_model>& simulate_registry() {
    static std::vector<simulate_model> registry;
    return registry;
}

/// Registers a simulate model at static-initialisation time.
struct register_simulate_model {
    register_simulate_model(std::string name, std::string description, simulate_model_adder add) {
        simulate_registry().push_back({std::move(name), std::move(description), std::move(add)});
    }
};

/// Runs `f`; an iemlab::error it throws is rethrown with "option: " in front, so the message names the option.
void with_option(const std::string& option, const std::function<void()>& f);

/// A column's name in a parameter sweep: `name` alone, or `name@label` (label e.g. "depth=4mm@source=75ohm").
std::string swept_column(const std::string& name, const std::string& label);

/// Writes `header` and one row per frequency (columns beside it) to `path` atomically, or to stdout when empty.
void write_simulation_csv(const std::string& path, const std::string& header, std::span<const double> frequency,
                          const std::vector<std::vector<double>>& columns);

} // namespace iemlab::cli

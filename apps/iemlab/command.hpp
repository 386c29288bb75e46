#pragma once
// The CLI's command registry and the helpers every command shares (docs/cli.md conventions).

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace iemlab::cli {

/// Options every command sees.
struct global_options {
    bool quiet = false; ///< --quiet: no progress on stderr
};

/// Adds one subcommand (options + callback) to the root app.
using command_adder = std::function<void(CLI::App& root, const global_options& globals)>;

/// All commands linked into the executable, in registration order.
inline std::vector<std::pair<std::string, command_adder>>& command_registry() {
    static std::vector<std::pair<std::string, command_adder>> registry;
    return registry;
}

/// Registers a command at static-initialisation time: `static const register_command r{"sweep", add_sweep};`
struct register_command {
    register_command(std::string name, command_adder add) {
        command_registry().emplace_back(std::move(name), std::move(add));
    }
};

/// True when progress should be printed: stderr is a terminal and --quiet was not given.
bool show_progress(const global_options& globals);

} // namespace iemlab::cli

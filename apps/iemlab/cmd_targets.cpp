// `iemlab targets`: the built-in targets (measure/builtin_targets.hpp) with their sources; optionally one of them
// written as a response file.
#include "command.hpp"

#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/builtin_targets.hpp>

#include <iostream>
#include <memory>
#include <string>

namespace iemlab::cli {
namespace {

void add_targets(CLI::App& root, const global_options&) {
    struct options {
        std::string name, out, to;
    };
    auto opt = std::make_shared<options>();
    auto* cmd = root.add_subcommand("targets", "List the built-in targets (usable by name wherever --target is "
                                               "accepted) with their sources, or write one as a file");
    cmd->add_option("NAME", opt->name, "A built-in target to write with -o (default: list them all)");
    cmd->add_option("-o,--output", opt->out, "Write NAME as a response file (format from the extension unless --to)");
    cmd->add_option("--to", opt->to, "Output format: rew, squig, autoeq, frd or csv");
    cmd->callback([opt] {
        if (opt->name.empty()) {
            if (!opt->out.empty() || !opt->to.empty())
                throw error("-o: needs a target NAME (iemlab targets NAME -o FILE)");
            for (const auto& t : measure::builtin_targets)
                std::cout << t.name << '\t' << t.title << '\t' << t.source << '\n';
            return;
        }
        const auto target = measure::builtin_target(opt->name);
        if (opt->out.empty()) throw error("-o: missing (iemlab targets " + opt->name + " -o FILE writes the target)");
        const auto format =
            opt->to.empty() ? io::format_from_extension(opt->out) : io::parse_format_name(opt->to, "--to");
        io::write_response(opt->out, target, format);
    });
}

const register_command targets_command{"targets", add_targets};

} // namespace
} // namespace iemlab::cli

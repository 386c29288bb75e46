// iemlab: the library's features, scriptable. Parsing and printing only; every computation is a library call.
#include "command.hpp"

#include <iemlab/core/enum_name.hpp>
#include <iemlab/core/error.hpp>
#include <iemlab/version.hpp>

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>
#include <unistd.h>

namespace iemlab::cli {
bool show_progress(const global_options& globals) { return !globals.quiet && ::isatty(STDERR_FILENO) == 1; }
} // namespace iemlab::cli

namespace {

// CLI11 messages can span lines; the contract is one line.
std::string one_line(std::string message) {
    std::replace(message.begin(), message.end(), '\n', ' ');
    while (!message.empty() && message.back() == ' ') message.pop_back();
    return message;
}

int fail(int code, const std::string& message) {
    std::cerr << "iemlab: error: " << one_line(message) << '\n';
    return code;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"iemlab " + std::string(iemlab::version_string) +
                 " — measure and model in-ear monitors (sweeps, deconvolution, responses, ear and driver models)"};
    app.set_version_flag("--version", std::string("iemlab ") + iemlab::version_string);
    app.require_subcommand(1);
    iemlab::cli::global_options globals;
    app.add_flag("-q,--quiet", globals.quiet, "Print no progress on stderr");
    // Global options work before or after the subcommand: subcommands (created below) inherit fallthrough, so
    // an option they do not know (--quiet) is matched by the root.
    app.fallthrough();

    auto& registry = iemlab::cli::command_registry();
    std::sort(registry.begin(), registry.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [name, add] : registry) add(app, globals);

    // --- A misspelt command: name the nearest one (iemlab smoth → did you mean smooth?) instead of CLI11's
    // "A subcommand is required". The command is the first argument that is not an option (global options are
    // flags only).
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (word.starts_with("-")) continue;
        std::vector<std::string> names;
        for (const auto& [name, add] : registry) names.push_back(name);
        if (std::find(names.begin(), names.end(), word) != names.end()) break;
        const std::string near = iemlab::nearest_name(word, names);
        return fail(2, "'" + word + "' is not an iemlab command" +
                           (near.empty() ? std::string() : "; did you mean " + near + "?") + " (iemlab --help lists them)");
    }
    // --- end of the misspelt-command check

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return fail(2, e.what());
    } catch (const iemlab::error& e) {
        return fail(2, e.what());
    } catch (const std::bad_alloc&) {
        return fail(1, "out of memory");
    } catch (const std::exception& e) {
        return fail(1, e.what());
    }
    return 0;
}

#pragma once
/// @file
/// @brief The one rule for what `--target` names: a built-in target (measure/builtin_targets.hpp) or a response
/// file of any supported format. Every command that takes a target resolves it here.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/io/response_formats.hpp"
#include "iemlab/measure/builtin_targets.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace iemlab::inline v0::app {

/// The target `text` names: a built-in target (named by its title, e.g. "Harman in-ear 2019v2") when `text` is
/// one of measure::builtin_target_names, else the response file `text` (named by its stem). A built-in name wins
/// over a file of the same name in the working directory. @throws iemlab::error naming `parameter`, the text
/// and the built-in names when it is neither; iemlab::file_error when the file cannot be read.
inline frequency_response load_target(std::string_view text, std::string_view parameter = "--target") {
    if (measure::is_builtin_target(text)) return measure::builtin_target(text);
    const std::filesystem::path path{std::string(text)};
    std::error_code ec;
    if (text.empty() || !std::filesystem::exists(path, ec))
        throw error(std::string(parameter) + ": '" + std::string(text) +
                    "' is neither a file nor a built-in target (built in: " + measure::builtin_target_list() +
                    "; iemlab targets lists them)");
    auto t = io::read_response(path);
    t.set_name(path.stem().string());
    return t;
}

} // namespace iemlab::inline v0::app

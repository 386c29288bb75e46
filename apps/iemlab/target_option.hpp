#pragma once
// `--target T`: a response file in any format iemlab reads, or a built-in target by name (measure, eq).

#include <iemlab/core/error.hpp>
#include <iemlab/core/frequency_response.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/builtin_targets.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace iemlab::cli {

/// The target named by `text` (a built-in name or a file), or nothing when `text` is empty.
inline std::optional<frequency_response> load_target(const std::string& text) {
    if (text.empty()) return std::nullopt;
    if (measure::is_builtin_target(text)) return measure::builtin_target(text);
    if (!std::filesystem::exists(text))
        throw error("--target: '" + text + "' is neither a file nor a built-in target (harman-ie-2019v2 is built in)");
    auto t = io::read_response(text);
    t.set_name(std::filesystem::path(text).stem().string());
    return t;
}

} // namespace iemlab::cli

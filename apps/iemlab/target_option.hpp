#pragma once
// `--target T`: a response file in any format iemlab reads, or a built-in target by name (measure, eq).

#include <iemlab/app/target_source.hpp>
#include <iemlab/core/frequency_response.hpp>

#include <optional>
#include <string>

namespace iemlab::cli {

/// The target named by `text` (a built-in name or a file), or nothing when `text` is empty.
/// One resolver for every command: app::load_target.
inline std::optional<frequency_response> load_target(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return app::load_target(text, "--target");
}

} // namespace iemlab::cli

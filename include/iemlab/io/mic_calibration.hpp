#pragma once
/// @file
/// @brief Microphone calibration files (miniDSP/UMIK "Sens Factor" form, Dayton "*1000Hz" form, plain
/// `freq dB [deg]`) and applying them to a measurement the way REW does (REW calibration files).

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/dsp/phase.hpp"
#include "iemlab/io/detail/columns.hpp"
#include "iemlab/io/detail/text_table.hpp"

#include <charconv>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0::io {

/// A microphone's calibration: its deviation from flat (which REW subtracts) and, when the file states it, the
/// sensitivity line's values.
struct mic_calibration {
    frequency_response correction;                  ///< dB (and optional phase) the microphone adds
    std::optional<double> sensitivity_db;           ///< miniDSP "Sens Factor" (dB) or Dayton's level (dB)
    std::optional<double> sensitivity_frequency_hz; ///< Dayton form: the frequency the sensitivity refers to
    std::optional<double> gain_db;                  ///< miniDSP "AGain" (dB)
    std::string serial_number;                      ///< miniDSP "SERNO" (empty when absent)
    std::string sensitivity_line;                   ///< the sensitivity line as found (bytes unchanged)
};

namespace detail {

/// The number right after `key` (case-insensitive) in `line`, skipping spaces, '=', ':'; nullopt if none.
inline std::optional<double> number_after(std::string_view line, std::string_view key) {
    std::size_t at = std::string_view::npos;
    for (std::size_t i = 0; i + key.size() <= line.size(); ++i)
        if (starts_with_ci(line.substr(i), key)) {
            at = i + key.size();
            break;
        }
    if (at == std::string_view::npos) return std::nullopt;
    while (at < line.size() && (is_space(line[at]) || line[at] == '=' || line[at] == ':')) ++at;
    if (at < line.size() && line[at] == '+') ++at;
    double v = 0;
    const auto [end, ec] = std::from_chars(line.data() + at, line.data() + line.size(), v);
    if (ec != std::errc{} || !std::isfinite(v) || end == line.data() + at) return std::nullopt;
    return v;
}

} // namespace detail

/// Parses a microphone calibration file: `freq dB [deg]` rows (comments `*`, `;`, `"`), with an optional
/// sensitivity line in the miniDSP form `"Sens Factor =-1.378dB, AGain =18dB, SERNO: 7012345"` or the Dayton
/// form `*1000Hz -36.0` (REW calibration files).
/// @throws iemlab::file_error naming the file and line for a damaged table or an unreadable sensitivity line.
inline mic_calibration parse_mic_calibration(std::string_view text, std::string_view source_name) {
    const detail::scanned_table table = detail::scan_table(text, source_name);
    const detail::column_map map = detail::map_columns(table, source_name);
    detail::columns c = detail::extract_columns(table, map, source_name, detail::magnitude_unit::decibel);
    mic_calibration cal{frequency_response(std::move(c.frequency_hz), std::move(c.magnitude), std::move(c.phase_deg),
                                           detail::stem_of(source_name)),
                        {}, {}, {}, {}, table.sensitivity_line};
    const std::string_view line = table.sensitivity_line;
    if (line.empty()) return cal;
    if (detail::contains_ascii_ci(line, "sens factor")) {
        cal.sensitivity_db = detail::number_after(line, "sens factor");
        cal.gain_db = detail::number_after(line, "again");
        for (std::size_t i = 0; i + 5 <= line.size(); ++i)
            if (detail::starts_with_ci(line.substr(i), "serno")) {
                std::size_t a = i + 5;
                while (a < line.size() && (detail::is_space(line[a]) || line[a] == ':' || line[a] == '=')) ++a;
                std::size_t b = a;
                while (b < line.size() && !detail::is_space(line[b]) && line[b] != ',' && line[b] != '"') ++b;
                cal.serial_number = std::string(line.substr(a, b - a));
                break;
            }
    } else if (line.front() == '*') { // Dayton: "*1000Hz -36.0"
        double f = 0;
        std::string_view rest = detail::trim(line.substr(1));
        const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), f);
        if (ec == std::errc{} && std::isfinite(f) && f > 0) {
            cal.sensitivity_frequency_hz = f;
            cal.sensitivity_db = detail::number_after(rest, "hz");
        }
    } else {
        cal.sensitivity_db = detail::number_after(line, "sensitivity");
    }
    if (!cal.sensitivity_db)
        throw file_error(source_name, table.sensitivity_line_number,
                         "sensitivity line " + detail::excerpt(line, 48) +
                             " has no readable level (expected \"Sens Factor =-1.378dB…\" or \"*1000Hz -36.0\")");
    if (std::fabs(*cal.sensitivity_db) > detail::max_abs_level_db)
        throw file_error(source_name, table.sensitivity_line_number,
                         "sensitivity " + format_number(*cal.sensitivity_db) + " dB is outside ±1000 dB");
    return cal;
}

/// Reads a microphone calibration file (see parse_mic_calibration()).
inline mic_calibration read_mic_calibration(const std::filesystem::path& path) {
    return parse_mic_calibration(detail::read_text_file(path), path.string());
}

/// `measured` corrected by a calibration curve, as REW applies it: the calibration's dB are **subtracted** (a
/// −x dB entry raises the result by x dB), interpolated linearly in log-frequency onto the measurement's
/// frequencies; beyond the calibration's range its end values are held (our choice; REW's own rule is not
/// published). When both carry a phase the calibration phase is subtracted too (unwrapped interpolation; the
/// result is not re-wrapped); a calibration phase is ignored for a magnitude-only measurement.
/// @throws iemlab::error when either response is empty.
inline frequency_response apply_mic_calibration(const frequency_response& measured, const frequency_response& correction) {
    if (measured.empty()) throw_invalid("apply_mic_calibration", "measured", "is empty");
    if (correction.empty()) throw_invalid("apply_mic_calibration", "calibration", "is empty");
    const auto& f = measured.frequencies();
    const auto cal_db = dsp::interpolate_log(correction.frequencies(), correction.magnitude_db(), f);
    std::vector<double> db(measured.magnitude_db());
    for (std::size_t i = 0; i < db.size(); ++i) db[i] -= cal_db[i];
    std::vector<double> phase(measured.phase_deg());
    if (measured.has_phase() && correction.has_phase()) {
        const auto cal_phase =
            dsp::interpolate_log(correction.frequencies(), dsp::unwrap_phase_deg(correction.phase_deg()), f);
        for (std::size_t i = 0; i < phase.size(); ++i) phase[i] -= cal_phase[i];
    }
    return frequency_response(f, std::move(db), std::move(phase), measured.name());
}

/// apply_mic_calibration() with the correction curve of a calibration file.
inline frequency_response apply_mic_calibration(const frequency_response& measured, const mic_calibration& calibration) {
    return apply_mic_calibration(measured, calibration.correction);
}

} // namespace iemlab::inline v0::io

#pragma once
// From a scanned text table to frequency / magnitude / phase columns: which column is which (header names or
// position), and the value checks every format shares (increasing frequencies, plausible levels), each failure
// naming the file and the line.

#include "iemlab/core/error.hpp"
#include "iemlab/io/detail/text_table.hpp"

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace iemlab::inline v0::io::detail {

/// Which table column holds what.
struct column_map {
    std::size_t frequency = 0;
    std::size_t magnitude = 1;
    std::optional<std::size_t> phase;
};

inline bool names_frequency(std::string_view h) noexcept {
    return starts_with_ci(h, "freq") || h == "f" || h == "hz" || starts_with_ci(h, "f(") || starts_with_ci(h, "f[");
}
inline bool names_magnitude(std::string_view h) noexcept {
    for (std::string_view p : {"spl", "raw", "gain", "ampl", "db", "mag", "level", "impedance", "ohm", "|z|",
                               "response", "value", "sensitivity", "resistance"})
        if (starts_with_ci(h, p)) return true;
    return h == "z" || starts_with_ci(h, "z(") || starts_with_ci(h, "z[");
}
inline bool names_phase(std::string_view h) noexcept {
    return starts_with_ci(h, "phase") || h == "deg" || h == "degrees" || starts_with_ci(h, "deg(") ||
           starts_with_ci(h, "arg");
}

/// Columns by header names when the last text line before the data names as many columns as the rows have and
/// one of them is a frequency ("Freq(Hz)", "frequency"); otherwise frequency, value, and phase by position.
/// AutoEq picks its value column by the same prefixes (AutoEq CSV: `^freq`, `^(spl|gain|ampl|raw)`).
inline column_map map_columns(const scanned_table& t, std::string_view source) {
    column_map m;
    if (t.column_count >= 3) m.phase = 2;
    const auto& h = t.header;
    if (h.size() != t.column_count) return m;
    std::optional<std::size_t> f, mag, ph;
    for (std::size_t i = 0; i < h.size(); ++i)
        if (!f && names_frequency(h[i])) f = i;
    if (!f) return m;
    for (std::size_t i = 0; i < h.size(); ++i) {
        if (i == *f) continue;
        if (!mag && names_magnitude(h[i])) mag = i;
        else if (!ph && names_phase(h[i])) ph = i;
    }
    if (!mag) {
        if (t.column_count != 2)
            throw file_error(source, t.header_line,
                             "the header names no level column (expected one starting with spl, raw, gain, ampl, db, "
                             "mag, level or impedance)");
        mag = *f == 0 ? 1 : 0;
    }
    m.frequency = *f;
    m.magnitude = *mag;
    m.phase = ph;
    return m;
}

/// What the value column measures; decides the accepted range.
enum class magnitude_unit { decibel, ohm };

/// Largest |level| accepted, dB: far beyond any acoustic or electric quantity, far inside double range, so
/// every later dB→linear conversion stays finite.
inline constexpr double max_abs_level_db = 1000.0;
/// Largest |phase| accepted, degrees (an unwrapped phase of a long delay can be large, but not this large).
inline constexpr double max_abs_phase_deg = 1e9;
/// Largest impedance accepted, Ω.
inline constexpr double max_impedance_ohm = 1e15;

/// Columns taken out of a table.
struct columns {
    std::vector<double> frequency_hz;
    std::vector<double> magnitude;
    std::vector<double> phase_deg;
};

/// Extracts and checks the mapped columns; `keep_zero_phase` false drops a phase column that is all zeros (REW
/// writes zeros when it has no phase).
inline columns extract_columns(const scanned_table& t, const column_map& m, std::string_view source,
                               magnitude_unit unit, bool keep_zero_phase = false) {
    const std::size_t n = t.row_count();
    columns c{std::vector<double>(n), std::vector<double>(n), std::vector<double>(m.phase ? n : 0)};
    bool all_zero_phase = true;
    for (std::size_t r = 0; r < n; ++r) {
        const std::size_t line = t.line_numbers[r];
        const double f = t.at(r, m.frequency);
        const double v = t.at(r, m.magnitude);
        if (f < 0) throw file_error(source, line, "frequency " + format_number(f) + " Hz is negative");
        if (r > 0 && !(f > c.frequency_hz[r - 1]))
            throw file_error(source, line,
                             "frequency " + format_number(f) + " Hz does not increase (line " +
                                 std::to_string(t.line_numbers[r - 1]) + " has " + format_number(c.frequency_hz[r - 1]) +
                                 " Hz; frequencies must be strictly increasing)");
        if (unit == magnitude_unit::decibel && std::fabs(v) > max_abs_level_db)
            throw file_error(source, line, "level " + format_number(v) + " dB is outside ±1000 dB");
        if (unit == magnitude_unit::ohm && (v < 0 || v > max_impedance_ohm))
            throw file_error(source, line, "impedance " + format_number(v) + " ohm is outside 0 … 1e15 ohm");
        c.frequency_hz[r] = f;
        c.magnitude[r] = v;
        if (m.phase) {
            const double p = t.at(r, *m.phase);
            if (std::fabs(p) > max_abs_phase_deg)
                throw file_error(source, line, "phase " + format_number(p) + " degrees is outside ±1e9 degrees");
            c.phase_deg[r] = p;
            all_zero_phase = all_zero_phase && p == 0;
        }
    }
    if (m.phase && all_zero_phase && !keep_zero_phase) c.phase_deg.clear();
    return c;
}

/// Largest file the readers load, bytes: a 2^20-point response with phase is about 40 MB of text, and the
/// parsed table of the worst case (short numbers) takes 4 bytes of memory per byte of input.
inline constexpr std::uintmax_t max_text_file_bytes = 64u << 20;

/// The whole file as bytes; iemlab::file_error when it is missing, a directory, unreadable or too large.
inline std::string read_text_file(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    const std::string name = path.string();
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw file_error(name, 0, "does not exist");
    if (fs::is_directory(status)) throw file_error(name, 0, "is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(name, 0, "cannot be opened for reading");
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_text_file_bytes) throw file_error(name, 0, "is larger than 64 MiB");
    }
    if (in.bad()) throw file_error(name, 0, "read failed");
    return text;
}

/// File name without directory and extension ("Etymotic ER4SR" for ".../Etymotic ER4SR.csv").
inline std::string stem_of(std::string_view source) {
    return std::filesystem::path(std::string(source)).stem().string();
}

} // namespace iemlab::inline v0::io::detail

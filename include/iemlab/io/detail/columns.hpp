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
    const bool phase_deg_suffix = h.size() > 9 && starts_with_ci(h.substr(h.size() - 9), "phase_deg"); // impedance_phase_deg
    return starts_with_ci(h, "phase") || h == "deg" || h == "degrees" || starts_with_ci(h, "deg(") ||
           starts_with_ci(h, "arg") || phase_deg_suffix;
}

inline bool ends_with_ci(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && starts_with_ci(s.substr(s.size() - suffix.size()), suffix);
}
inline bool equals_ci(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && starts_with_ci(a, b);
}
/// A statistic of levels, not a level: `min_db`, `left_max_db`, `std_db`… (average and measure CSVs).
inline bool names_level_statistic(std::string_view h) noexcept {
    for (std::string_view p : {"min_db", "max_db", "std_db"})
        if (equals_ci(h, p) || (ends_with_ci(h, p) && h.size() > p.size() && h[h.size() - p.size() - 1] == '_'))
            return true;
    return false;
}
/// A level named by its unit: `left_db`, `combined_db`, `left_3_db` (the columns iemlab's own tables write).
inline bool names_level_by_unit(std::string_view h) noexcept {
    return ends_with_ci(h, "_db") && !names_level_statistic(h);
}
/// A THD column (`thd_percent`, `left_thd_percent`).
inline bool names_thd(std::string_view h) noexcept { return ends_with_ci(h, "thd_percent"); }

/// The table's level columns: those whose name starts with a level word (spl, raw, gain…) or, when none does,
/// those named by the unit `_db` (iemlab's `left_db,right_db,combined_db`; not `min_db`, `left_std_db`…).
/// Empty when the table has no header naming its columns.
inline std::vector<std::size_t> level_columns(const scanned_table& t) {
    std::vector<std::size_t> out;
    const auto& h = t.header;
    if (h.size() != t.column_count) return out;
    for (std::size_t i = 0; i < h.size(); ++i)
        if (!names_frequency(h[i]) && !names_phase(h[i]) && names_magnitude(h[i])) out.push_back(i);
    if (!out.empty()) return out;
    for (std::size_t i = 0; i < h.size(); ++i)
        if (!names_frequency(h[i]) && !names_phase(h[i]) && names_level_by_unit(h[i])) out.push_back(i);
    return out;
}

/// "left_db, right_db, combined_db": the names of `columns`.
inline std::string list_names(const scanned_table& t, const std::vector<std::size_t>& columns) {
    std::string s;
    for (std::size_t i : columns) s += (s.empty() ? "" : ", ") + t.header[i];
    return s;
}

/// Columns by header names when the last text line before the data names as many columns as the rows have and
/// one of them is a frequency ("Freq(Hz)", "frequency"); otherwise frequency, value, and phase by position.
/// AutoEq picks its value column by the same prefixes (AutoEq CSV: `^freq`, `^(spl|gain|ampl|raw)`). The level
/// is `wanted` when given (iemlab::file_error listing the columns when there is none of that name); else the
/// first column named by a level word (spl, raw, gain, ampl, db, mag, level, impedance…); else the one column
/// named `<something>_db`, or `combined_db` among several (measure's table); else an error listing the choices.
inline column_map map_columns(const scanned_table& t, std::string_view source, std::string_view wanted = {}) {
    column_map m;
    if (t.column_count >= 3) m.phase = 2;
    const auto& h = t.header;
    const bool named = h.size() == t.column_count;
    std::optional<std::size_t> f, mag, ph;
    if (named)
        for (std::size_t i = 0; i < h.size(); ++i)
            if (!f && names_frequency(h[i])) f = i;
    if (!wanted.empty() && !f)
        throw file_error(source, 0,
                         "has no header naming its columns, so --column " + std::string(wanted) + " names nothing");
    if (!f) return m;
    for (std::size_t i = 0; i < h.size(); ++i)
        if (i != *f && !ph && names_phase(h[i])) ph = i;
    if (!wanted.empty()) {
        for (std::size_t i = 0; i < h.size(); ++i)
            if (i != *f && equals_ci(h[i], wanted)) mag = i;
        if (!mag) {
            std::string all;
            for (std::size_t i = 0; i < h.size(); ++i)
                if (i != *f) all += (all.empty() ? "" : ", ") + h[i];
            throw file_error(source, t.header_line,
                             "has no column '" + std::string(wanted) + "' (--column; the columns are " + all + ")");
        }
    } else {
        const auto levels = level_columns(t);
        bool by_word = false, thd = false;
        for (std::size_t i : levels) by_word = by_word || names_magnitude(h[i]);
        for (const auto& name : h) thd = thd || names_thd(name);
        if (thd && !by_word)
            throw file_error(source, t.header_line,
                             "is a THD table (a *thd_percent column), not a response; plot it with --kind thd");
        if (levels.size() == 1 || (by_word && !levels.empty())) mag = levels.front();
        else if (levels.size() > 1) {
            for (std::size_t i : levels)
                if (equals_ci(h[i], "combined_db")) mag = i;
            if (!mag)
                throw file_error(source, t.header_line,
                                 "holds several levels (" + list_names(t, levels) + "); pick one with --column NAME");
        }
    }
    if (!mag) {
        if (t.column_count != 2)
            throw file_error(source, t.header_line,
                             "the header names no level column (expected one starting with spl, raw, gain, ampl, db, "
                             "mag, level or impedance, or ending in _db; or pick one with --column NAME)");
        mag = *f == 0 ? 1 : 0;
    }
    if (ph && *ph == *mag) ph.reset();
    m.frequency = *f;
    m.magnitude = *mag;
    m.phase = ph;
    return m;
}

/// Hz per unit of the frequency column: 1000 for a header naming kHz (`freq_khz`, `Frequency (kHz)`), else 1.
inline double frequency_scale(const scanned_table& t, const column_map& m) {
    if (t.header.size() != t.column_count || m.frequency >= t.header.size()) return 1;
    return contains_ascii_ci(t.header[m.frequency], "khz") ? 1000.0 : 1.0;
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
    const double scale = frequency_scale(t, m);
    // A table in descending frequency (some exports list 20 kHz first) is read bottom-up: strictly decreasing
    // throughout, it is the same response; anything else must increase and is checked row by row below.
    bool descending = n >= 2;
    for (std::size_t r = 1; r < n && descending; ++r) descending = t.at(r, m.frequency) < t.at(r - 1, m.frequency);
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t r = descending ? n - 1 - k : k;
        const std::size_t line = t.line_numbers[r];
        const double f = t.at(r, m.frequency) * scale;
        const double v = t.at(r, m.magnitude);
        if (std::isnan(f) || std::isnan(v) || (m.phase && std::isnan(t.at(r, *m.phase))))
            throw file_error(source, line, "has an empty cell (a response needs a value in every row)");
        if (f < 0) throw file_error(source, line, "frequency " + format_number(f) + " Hz is negative");
        if (k > 0 && !(f > c.frequency_hz[k - 1]))
            throw file_error(source, line,
                             "frequency " + format_number(f) + " Hz does not increase (line " +
                                 std::to_string(t.line_numbers[descending ? r + 1 : r - 1]) + " has " + format_number(c.frequency_hz[k - 1]) +
                                 " Hz; frequencies must be strictly increasing)");
        if (unit == magnitude_unit::decibel && std::fabs(v) > max_abs_level_db)
            throw file_error(source, line, "level " + format_number(v) + " dB is outside ±1000 dB");
        if (unit == magnitude_unit::ohm && (v < 0 || v > max_impedance_ohm))
            throw file_error(source, line, "impedance " + format_number(v) + " ohm is outside 0 … 1e15 ohm");
        c.frequency_hz[k] = f;
        c.magnitude[k] = v;
        if (m.phase) {
            const double p = t.at(r, *m.phase);
            if (std::fabs(p) > max_abs_phase_deg)
                throw file_error(source, line, "phase " + format_number(p) + " degrees is outside ±1e9 degrees");
            c.phase_deg[k] = p;
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

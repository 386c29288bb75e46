#pragma once
// Tolerant reading of the numeric text tables every response format is made of (REW text export, squig,
// AutoEq CSV, FRD, ZMA, mic calibration): lines, comments, one header, numeric rows, an optional footer.
//
// The rules follow the formats' own programs: skip blank lines and lines starting with `*`, `;`, `#`
// or `"`; split on runs of space, TAB, comma, semicolon or `|`; require the same column count on every row. What
// the reference lets a reader drop silently (an unparsable row) is an error here instead, so a damaged file
// never becomes a silently wrong curve: the only non-numeric lines accepted are those before the first data row
// (headers) and after the last one (footers such as AudioTools' `saved`/`peak` lines). The scanner is linear in
// the input size, never recurses and never allocates per character, so arbitrary input cannot make it hang.

#include "iemlab/core/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace iemlab::inline v0::io::detail {

/// Most columns a data row may have (AutoEq results have 11).
inline constexpr std::size_t max_table_columns = 64;

/// How numbers are separated; decided once per file from the first data row.
enum class delimiter_mode {
    general,              ///< runs of space, TAB, comma, semicolon, '|'; '.' is the decimal point
    decimal_comma_fields, ///< fields split by ';' or TAB (and spaces); ',' is the decimal point
};

/// A table as found in the text.
struct scanned_table {
    std::vector<double> values;              ///< numeric rows, row-major, column_count values each
    std::vector<std::size_t> line_numbers;   ///< 1-based line of each row
    std::size_t column_count = 0;            ///< columns of every row
    std::vector<std::string> header;         ///< lower-cased tokens of the last text line before the data
    std::size_t header_line = 0;             ///< its line number (0: none)
    bool header_is_comment = false;          ///< the header line started with a comment marker
    bool comment_lines = false;              ///< some line before the data was a `*` comment
    bool rew_marker = false;                 ///< "* Measurement data measured by REW" or "* Freq(Hz)" seen
    std::string sensitivity_line;            ///< a mic-cal sensitivity line (bytes as in the file), if any
    std::size_t sensitivity_line_number = 0; ///< its line number (0: none)
    char first_delimiter = ' ';              ///< ',', '\t', ';', '|' or ' ': what separated the first data row
    delimiter_mode mode = delimiter_mode::general; ///< number syntax of the data rows

    std::size_t row_count() const noexcept { return line_numbers.size(); }
    double at(std::size_t row, std::size_t column) const noexcept { return values[row * column_count + column]; }
};

inline bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

inline char to_lower_ascii(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

/// Case-insensitive ASCII search.
inline bool contains_ascii_ci(std::string_view haystack, std::string_view needle) noexcept {
    if (needle.empty()) return true;
    if (haystack.size() < needle.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        std::size_t k = 0;
        while (k < needle.size() && to_lower_ascii(haystack[i + k]) == to_lower_ascii(needle[k])) ++k;
        if (k == needle.size()) return true;
    }
    return false;
}

inline bool starts_with_ci(std::string_view s, std::string_view prefix) noexcept {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (to_lower_ascii(s[i]) != to_lower_ascii(prefix[i])) return false;
    return true;
}

using iemlab::v0::detail::excerpt; // shared with every other message that quotes input

/// Splits `text` into lines at "\n", "\r\n" or a lone "\r"; calls `f(line, line_number)` for each.
template <class F>
void for_each_line(std::string_view text, F&& f) {
    std::size_t line_number = 0;
    std::size_t start = 0;
    const std::size_t n = text.size();
    while (start < n) {
        std::size_t end = start;
        while (end < n && text[end] != '\n' && text[end] != '\r') ++end;
        ++line_number;
        if (!f(text.substr(start, end - start), line_number)) return;
        if (end < n && text[end] == '\r' && end + 1 < n && text[end + 1] == '\n') ++end;
        start = end + 1;
    }
}

/// True for a delimiter byte in `mode`.
inline bool is_delimiter(char c, delimiter_mode mode) noexcept {
    if (is_space(c) || c == ';' || c == '|') return true;
    return mode == delimiter_mode::general && c == ',';
}

/// Splits a line into at most `limit` + 1 tokens (the extra one tells the caller there were too many).
inline void split_tokens(std::string_view line, delimiter_mode mode, std::vector<std::string_view>& tokens,
                         std::size_t limit = max_table_columns) {
    tokens.clear();
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_delimiter(line[i], mode)) ++i;
        if (i >= line.size()) break;
        std::size_t j = i;
        while (j < line.size() && !is_delimiter(line[j], mode)) ++j;
        tokens.push_back(line.substr(i, j - i));
        if (tokens.size() > limit) return;
        i = j;
    }
}

/// Why a token is not a number.
enum class number_status { ok, not_a_number, not_finite };

/// Longest numeric token read, characters: any finite double printed in fixed notation with 12 decimals (what
/// the writers produce, up to 1.8e308) fits, so every written file reads back (found by fuzzing: 64 did not).
inline constexpr std::size_t max_number_chars = 400;

/// Parses a whole token as a finite decimal number ('+' allowed; ',' as decimal point in decimal-comma mode).
inline number_status parse_number(std::string_view token, delimiter_mode mode, double& value) noexcept {
    if (token.empty() || token.size() > max_number_chars) return number_status::not_a_number;
    std::array<char, max_number_chars> buffer{};
    std::size_t n = 0;
    for (char c : token) buffer[n++] = (mode == delimiter_mode::decimal_comma_fields && c == ',') ? '.' : c;
    const char* first = buffer.data();
    const char* last = buffer.data() + n;
    if (*first == '+') ++first;
    if (first == last) return number_status::not_a_number;
    // from_chars accepts "inf", "nan" and "infinity": none of them is a measured value.
    const char lead = to_lower_ascii(*(first[0] == '-' && first + 1 < last ? first + 1 : first));
    if (lead == 'i' || lead == 'n') return number_status::not_finite;
    double v = 0;
    const auto [end, ec] = std::from_chars(first, last, v, std::chars_format::general);
    if (ec == std::errc::result_out_of_range) return number_status::not_finite;
    if (ec != std::errc{} || end != last) return number_status::not_a_number;
    if (!std::isfinite(v)) return number_status::not_finite;
    value = v;
    return number_status::ok;
}

inline bool is_number(std::string_view token, delimiter_mode mode) noexcept {
    double ignored = 0;
    return parse_number(token, mode, ignored) == number_status::ok;
}

/// A number, or something spelled as one that is not finite ("inf", "nan", "1e999").
inline bool is_number_like(std::string_view token, delimiter_mode mode) noexcept {
    double ignored = 0;
    return parse_number(token, mode, ignored) != number_status::not_a_number;
}

/// Mode for a file whose first data row is `line`: decimal commas only when the fields are clearly split by
/// ';' or TAB and no '.' appears (so "20,5;3,2" and "20,5\t3,2" are two numbers, "20.0, 3.5" two as well).
inline delimiter_mode choose_mode(std::string_view line) noexcept {
    const bool has_comma = line.find(',') != std::string_view::npos;
    if (!has_comma) return delimiter_mode::general;
    const bool has_semicolon = line.find(';') != std::string_view::npos;
    const bool has_tab = line.find('\t') != std::string_view::npos;
    const bool has_dot = line.find('.') != std::string_view::npos;
    if (has_semicolon && !has_dot) return delimiter_mode::decimal_comma_fields;
    if (has_tab && !has_dot && line.find(", ") == std::string_view::npos) return delimiter_mode::decimal_comma_fields;
    return delimiter_mode::general;
}

inline char first_delimiter_of(std::string_view line, delimiter_mode mode) noexcept {
    std::size_t i = 0;
    while (i < line.size() && !is_delimiter(line[i], mode)) ++i;
    for (; i < line.size() && is_delimiter(line[i], mode); ++i) {
        const char c = line[i];
        if (c == ',' || c == ';' || c == '|' || c == '\t') return c;
    }
    return ' ';
}

/// Lower-cased header tokens with comment markers and quotes stripped.
inline std::vector<std::string> header_tokens(std::string_view line) {
    while (!line.empty() && (line.front() == '*' || line.front() == '#' || line.front() == ';' ||
                             line.front() == '"' || line.front() == '\'' || is_space(line.front())))
        line.remove_prefix(1);
    std::vector<std::string_view> parts;
    split_tokens(line, delimiter_mode::general, parts);
    std::vector<std::string> out;
    for (std::string_view p : parts) {
        while (!p.empty() && (p.front() == '"' || p.front() == '\'')) p.remove_prefix(1);
        while (!p.empty() && (p.back() == '"' || p.back() == '\'')) p.remove_suffix(1);
        if (p.empty()) continue;
        std::string t;
        for (char c : p) t += to_lower_ascii(c);
        out.push_back(std::move(t));
    }
    return out;
}

/// A miniDSP-style `"Sens Factor =-1.378dB, SERNO: …"` line or a Dayton-style `*1000Hz -36.0` line.
inline bool is_sensitivity_line(std::string_view line) noexcept {
    if (contains_ascii_ci(line, "sens factor") || contains_ascii_ci(line, "sensitivity")) return true;
    if (line.empty() || line.front() != '*') return false;
    std::string_view rest = trim(line.substr(1));
    std::size_t i = 0;
    while (i < rest.size() && ((rest[i] >= '0' && rest[i] <= '9') || rest[i] == '.')) ++i;
    if (i == 0) return false;
    return starts_with_ci(rest.substr(i), "hz") || starts_with_ci(trim(rest.substr(i)), "hz");
}

inline bool is_comment_marker(char c) noexcept { return c == '*' || c == ';' || c == '#' || c == '"'; }

/// Scans `text` into a table; throws iemlab::file_error naming `source` and the line on any damage.
inline scanned_table scan_table(std::string_view text, std::string_view source) {
    scanned_table table;
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
        static_cast<unsigned char>(text[2]) == 0xBF)
        text.remove_prefix(3); // UTF-8 byte-order mark
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        std::size_t line = 1;
        for (std::size_t i = 0; i < nul; ++i)
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line;
        throw file_error(source, line, "contains a NUL byte: binary data or UTF-16 text, not a text table "
                                       "(save it as ASCII or UTF-8)");
    }

    std::vector<std::string_view> tokens;
    std::string_view last_text_line; // the header candidate
    std::size_t last_text_line_number = 0;
    bool last_text_is_comment = false;
    std::size_t footer_line = 0; // first non-numeric line after the data started
    std::string_view footer_text;

    for_each_line(text, [&](std::string_view raw, std::size_t line_number) {
        const std::string_view line = trim(raw);
        if (line.empty()) return true;
        const bool data_started = !table.line_numbers.empty();
        if (is_comment_marker(line.front())) {
            if (!data_started) {
                table.comment_lines = table.comment_lines || line.front() == '*';
                if (starts_with_ci(line, "* Measurement data measured by REW") ||
                    starts_with_ci(trim(line.substr(1)), "Freq(Hz)"))
                    table.rew_marker = true;
                if (table.sensitivity_line_number == 0 && is_sensitivity_line(line)) {
                    table.sensitivity_line = std::string(line);
                    table.sensitivity_line_number = line_number;
                }
                last_text_line = line;
                last_text_line_number = line_number;
                last_text_is_comment = true;
            }
            return true; // comments inside or after the data are ignored, as REW does
        }
        const delimiter_mode mode = data_started ? table.mode : choose_mode(line);
        split_tokens(line, mode, tokens);
        // Before the data a line is a header unless it starts with two numbers ("20 Hz to 20 kHz" is text);
        // once the data has started, any line starting with a number is a row and must parse.
        const bool first_numeric = !tokens.empty() && is_number_like(tokens[0], mode);
        const bool looks_like_data =
            first_numeric && (data_started || tokens.size() == 1 || is_number_like(tokens[1], mode));
        if (!looks_like_data) {
            if (!data_started) {
                if (table.sensitivity_line_number == 0 && is_sensitivity_line(line)) {
                    table.sensitivity_line = std::string(line);
                    table.sensitivity_line_number = line_number;
                }
                last_text_line = line;
                last_text_line_number = line_number;
                last_text_is_comment = false;
            } else if (footer_line == 0) {
                footer_line = line_number;
                footer_text = line;
            }
            return true;
        }
        if (footer_line != 0)
            throw file_error(source, footer_line,
                             "non-numeric line " + excerpt(footer_text) + " between data rows (data continues on line " +
                                 std::to_string(line_number) + ")");
        if (tokens.size() > max_table_columns)
            throw file_error(source, line_number,
                             "more than " + std::to_string(max_table_columns) + " columns in a data row");
        if (!data_started) {
            table.mode = mode;
            table.column_count = tokens.size();
            table.first_delimiter = first_delimiter_of(line, mode);
            if (tokens.size() < 2)
                throw file_error(source, line_number,
                                 "data row " + excerpt(line) + " has 1 column (expected frequency and value)");
        } else if (tokens.size() != table.column_count && table.first_delimiter == ',' &&
                   line.find_first_of(" \t;|") == std::string_view::npos) {
            // A CSV row with empty cells ("2000,-60,,0.1": an order beyond its reach in iemlab's THD tables):
            // split strictly at the commas; an empty cell reads as NaN (no value), which the response readers
            // refuse and the plots leave out.
            tokens.clear();
            std::size_t from = 0;
            for (std::size_t comma; (comma = line.find(',', from)) != std::string_view::npos; from = comma + 1)
                tokens.push_back(line.substr(from, comma - from));
            tokens.push_back(line.substr(from));
        }
        if (data_started && tokens.size() != table.column_count) {
            throw file_error(source, line_number,
                             "data row has " + std::to_string(tokens.size()) + " column" +
                                 (tokens.size() == 1 ? "" : "s") + ", the first data row (line " +
                                 std::to_string(table.line_numbers.front()) + ") has " +
                                 std::to_string(table.column_count) + " (truncated or damaged row?)");
        }
        for (std::size_t c = 0; c < tokens.size(); ++c) {
            double value = 0;
            if (tokens[c].empty() && c > 0) { // an empty CSV cell (see above); never the first column
                table.values.push_back(std::numeric_limits<double>::quiet_NaN());
                continue;
            }
            const auto status = parse_number(tokens[c], mode, value);
            if (status == number_status::not_finite)
                throw file_error(source, line_number,
                                 "column " + std::to_string(c + 1) + " " + excerpt(tokens[c]) + " is not a finite number");
            if (status != number_status::ok)
                throw file_error(source, line_number,
                                 "column " + std::to_string(c + 1) + " " + excerpt(tokens[c]) + " is not a number");
            table.values.push_back(value);
        }
        table.line_numbers.push_back(line_number);
        return true;
    });

    if (table.line_numbers.empty()) {
        if (text.empty()) throw file_error(source, 0, "is empty");
        throw file_error(source, 0, "has no numeric data rows (expected lines of 'frequency value …')");
    }
    if (last_text_line_number != 0) {
        table.header = header_tokens(last_text_line);
        table.header_line = last_text_line_number;
        table.header_is_comment = last_text_is_comment;
    }
    return table;
}

} // namespace iemlab::inline v0::io::detail

#pragma once
/// @file
/// @brief Any numeric text table with named columns (THD CSV, averages with min/max/std, AutoEq results), read
/// with the same tolerant rules and file:line errors as the response formats.

#include "iemlab/core/error.hpp"
#include "iemlab/io/detail/columns.hpp"
#include "iemlab/io/detail/text_table.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0::io {

/// Columns of numbers, named by the table's header line when it has one.
struct numeric_table {
    std::vector<std::string> names;           ///< lower-cased header names ("frequency", "thd_percent"), or empty
    std::vector<std::vector<double>> columns; ///< columns[c][row]
    std::vector<std::size_t> line_numbers;    ///< 1-based line of each row in the file

    /// Number of rows.
    std::size_t rows() const noexcept { return line_numbers.size(); }
    /// Index of the column called `name` (case-insensitive), if any.
    std::optional<std::size_t> find(std::string_view name) const {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i].size() == name.size() && detail::starts_with_ci(names[i], name)) return i;
        return std::nullopt;
    }
};

/// Parses a numeric table: blank and comment lines skipped, header before and footer after the data allowed,
/// every data row with the same number of finite numbers (an empty cell of a comma-separated row, as iemlab's
/// THD tables write beyond an order's reach, is NaN). Names come from the last text line before the data
/// when it has one name per column. @throws iemlab::file_error naming `source_name` and the line.
inline numeric_table parse_table(std::string_view text, std::string_view source_name) {
    const detail::scanned_table t = detail::scan_table(text, source_name);
    numeric_table out;
    if (t.header.size() == t.column_count) out.names = t.header;
    out.columns.assign(t.column_count, std::vector<double>(t.row_count()));
    for (std::size_t r = 0; r < t.row_count(); ++r)
        for (std::size_t c = 0; c < t.column_count; ++c) out.columns[c][r] = t.at(r, c);
    out.line_numbers = t.line_numbers;
    return out;
}

/// Reads a numeric table file (see parse_table()).
inline numeric_table read_table(const std::filesystem::path& path) {
    return parse_table(detail::read_text_file(path), path.string());
}

} // namespace iemlab::inline v0::io

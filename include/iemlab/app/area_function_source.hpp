#pragma once
/// @file
/// @brief The one rule for reading an ear canal's shape from a file (`--area-function FILE`): positions along
/// the canal with the cross-sectional area, diameter or radius there, named by the file's header line.
///
/// Accepted headers (case-insensitive; comma, space or tab separated, # comments):
/// - first column `position_mm` (from the canal entrance, first row 0) or `drum_distance_mm` (from the eardrum,
///   as many published area functions are given; the rows are turned around, the largest distance becomes the
///   entrance);
/// - second column `area_mm2`, `diameter_mm` or `radius_mm`.
/// Consecutive points are joined by conical segments (linear in radius).

#include "iemlab/acoustics/ear_canal.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/io/numeric_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

namespace iemlab::inline v0::app {

/// Reads an area-function file (see the file's description) into a canal geometry.
/// @throws iemlab::file_error naming the file and, where one row is at fault, its line: a missing or unknown
/// header, not two columns, positions not strictly increasing or not starting at 0, an area out of 0.8 … 300 mm²,
/// a length out of 1 … 60 mm.
inline acoustics::canal_geometry read_area_function_file(const std::filesystem::path& path) {
    const io::numeric_table t = io::read_table(path);
    const std::string name = path.string();
    constexpr const char* expected =
        "an area function has 2 named columns: position_mm or drum_distance_mm, then area_mm2, diameter_mm or radius_mm";
    if (t.columns.size() != 2)
        throw file_error(name, 0, std::to_string(t.columns.size()) + " columns; " + expected);
    if (t.names.empty()) throw file_error(name, 0, std::string("no header line; ") + expected);
    const bool from_drum = t.names[0] == "drum_distance_mm";
    if (!from_drum && t.names[0] != "position_mm")
        throw file_error(name, 0, "first column '" + t.names[0] + "'; " + expected);
    const std::string& size_name = t.names[1];
    if (size_name != "area_mm2" && size_name != "diameter_mm" && size_name != "radius_mm")
        throw file_error(name, 0, "second column '" + size_name + "'; " + expected);

    const std::size_t n = t.rows();
    std::vector<double> x(n), area(n);
    std::vector<std::size_t> line(n);
    for (std::size_t r = 0; r < n; ++r) {
        const std::size_t k = from_drum ? n - 1 - r : r; // entrance first
        const double s = t.columns[1][k] * 1e-3;          // mm → m (area: mm² → m² below)
        x[r] = t.columns[0][k] * 1e-3;
        area[r] = size_name == "area_mm2"      ? t.columns[1][k] * 1e-6
                  : size_name == "diameter_mm" ? std::numbers::pi * s * s / 4
                                               : std::numbers::pi * s * s;
        line[r] = t.line_numbers[k];
    }
    if (from_drum) { // distances from the drum → positions from the entrance
        const double length = x.front();
        for (double& v : x) v = length - v;
    }
    for (std::size_t r = 0; r < n; ++r) {
        if (r == 0 && x[r] != 0)
            throw file_error(name, line[r], "the first position is " + format_number(x[r] * 1e3) +
                                                " mm; positions start at 0 mm (the entrance)");
        if (r > 0 && !(x[r] > x[r - 1]))
            throw file_error(name, line[r], from_drum ? "distances from the drum must increase strictly, row by row"
                                                      : "positions must increase strictly, row by row");
        if (!(area[r] >= 0.8e-6 && area[r] <= 300e-6)) {
            char mm2[32]; // 6 digits: the m² → mm² round trip must not print 399.99999999999994
            std::snprintf(mm2, sizeof mm2, "%.6g", area[r] * 1e6);
            throw file_error(name, line[r], std::string("area ") + mm2 + " mm^2 (allowed 0.8 … 300 mm^2)");
        }
    }
    try {
        return acoustics::canal_geometry::area_function(x, area);
    } catch (const error& e) { // the length rule: no single row is at fault
        throw file_error(name, 0, e.what());
    }
}

} // namespace iemlab::inline v0::app

#pragma once
/// @file
/// @brief Drivers known only by a measured impedance file: `zma:FILE` driver specs. Digitised curves and many
/// `.zma` files carry no phase; the phase is then rebuilt from a BA model fitted to |Z|.
///
/// Needs Eigen 3 (target iemlab::eigen) for that fit. Without this header, parse_driver_spec() takes a callable
/// for `zma:` (driver_model.hpp), so the rest of electroacoustics/ needs no file format and no Eigen.

#include "iemlab/core/error.hpp"
#include "iemlab/electroacoustics/driver_model.hpp"
#include "iemlab/electroacoustics/impedance_fit.hpp"
#include "iemlab/io/impedance.hpp"

#include <algorithm>
#include <complex>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::electroacoustics {

/// A measured impedance file (ZMA / REW export) as a driver. Digitised curves and many `.zma` files carry no
/// phase or a column of zeros; that is never read as a resistance (reference/electroacoustics.md §4.5): the
/// BA model is fitted to |Z| and its (positive-real, minimum-phase) phase is combined with the measured
/// magnitude. Zero-magnitude points are rejected.
/// @throws iemlab::file_error naming the file for unreadable, empty or invalid data.
inline driver_model read_impedance_driver(const std::filesystem::path& path) {
    const io::impedance_curve curve = io::read_impedance(path);
    const std::string file = path.string();
    if (curve.size() == 0) throw file_error(file, 0, "has no impedance points");
    for (std::size_t i = 0; i < curve.size(); ++i)
        if (!(curve.frequency_hz[i] > 0) || !(curve.magnitude_ohm[i] > 0))
            throw file_error(file, 0, "point " + std::to_string(i + 1) + ": frequency and |Z| must be > 0 (got " +
                                          format_number(curve.frequency_hz[i]) + " Hz, " +
                                          format_number(curve.magnitude_ohm[i]) + " ohm)");
    const bool has_phase = std::any_of(curve.phase_deg.begin(), curve.phase_deg.end(), [](double p) { return p != 0; });
    std::vector<std::complex<double>> z(curve.size());
    if (has_phase) {
        for (std::size_t i = 0; i < z.size(); ++i) z[i] = curve.value(i);
    } else {
        impedance_fit_options options;
        options.f_min_hz = curve.frequency_hz.front();
        options.f_max_hz = curve.frequency_hz.back();
        impedance_fit_result fit;
        try {
            fit = fit_ba_impedance(curve.frequency_hz, curve.magnitude_ohm, {}, options);
        } catch (const error& e) {
            throw file_error(file, 0, std::string("has no phase and the BA fit that would supply it failed: ") + e.what());
        }
        for (std::size_t i = 0; i < z.size(); ++i)
            z[i] = std::polar(curve.magnitude_ohm[i], std::arg(fit.model.at(curve.frequency_hz[i])));
    }
    try {
        return {measured_impedance(curve.frequency_hz, std::move(z), file), "zma:" + file};
    } catch (const error& e) {
        throw file_error(file, 0, e.what());
    }
}

/// Parses a driver spec (`ba:…`, `ts:…`, `knowles:NAME`), reading `zma:FILE` with read_impedance_driver().
inline driver_model parse_driver_spec(std::string_view spec) {
    return parse_driver_spec(spec, [](const std::string& file) { return read_impedance_driver(file); });
}

} // namespace iemlab::inline v0::electroacoustics

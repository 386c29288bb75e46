#pragma once
/// @file
/// @brief The one rule for a source's output network as the CLI and the configuration files name it: a series
/// resistance and inductance, a series capacitor, a parallel R ∥ C section, and/or a measured impedance file.

#include "iemlab/core/error.hpp"
#include "iemlab/electroacoustics/source.hpp"
#include "iemlab/io/impedance.hpp"

#include <complex>
#include <filesystem>
#include <string>
#include <vector>

namespace iemlab::inline v0::app {

/// The parts of a source's output impedance, in SI units; zero means the part is absent.
struct source_network {
    double resistance_ohm = 0;          ///< series R (amplifier + cable), Ω
    double inductance_h = 0;            ///< series L, H
    double series_capacitance_f = 0;    ///< series (coupling) capacitor, F (0: none)
    double parallel_resistance_ohm = 0; ///< R_p of a series R_p ∥ C_p section, Ω (0: none)
    double parallel_capacitance_f = 0;  ///< C_p of that section, F (needs R_p)
    std::string file;                   ///< a measured output impedance (ZMA or REW text), added in series

    /// The output impedance these parts make (electroacoustics::output_impedance).
    /// @throws iemlab::error naming the part ("resistance", "parallel_capacitance", …) for a value out of range or
    /// a C_p without R_p; iemlab::file_error for a bad impedance file.
    electroacoustics::output_impedance build() const {
        constexpr const char* where = "source";
        electroacoustics::output_impedance z;
        if (!file.empty()) {
            const io::impedance_curve curve = io::read_impedance(file);
            std::vector<std::complex<double>> values(curve.size());
            for (std::size_t i = 0; i < curve.size(); ++i) values[i] = curve.value(i);
            std::vector<double> f = curve.frequency_hz;
            if (!f.empty() && f.front() == 0) { // a 0 Hz row carries no information the next point does not
                f.erase(f.begin());
                values.erase(values.begin());
            }
            try {
                z = electroacoustics::output_impedance::measured(std::move(f), std::move(values),
                                                                 std::filesystem::path(file).filename().string());
            } catch (const error& e) {
                throw file_error(file, 0, e.what());
            }
        }
        require_in_range(where, "resistance", resistance_ohm, 0.0, 1e9, "ohm");
        require_in_range(where, "inductance", inductance_h, 0.0, 1e3, "H");
        z = z.with_cable(resistance_ohm, inductance_h);
        if (series_capacitance_f != 0) {
            require_in_range(where, "series_capacitance", series_capacitance_f, 1e-15, 1.0, "F");
            z = z.with_series_capacitance(series_capacitance_f);
        }
        if (parallel_capacitance_f != 0 && parallel_resistance_ohm == 0)
            throw_invalid(where, "parallel_capacitance", "needs a parallel_resistance (the R of the R ∥ C section)");
        if (parallel_resistance_ohm != 0) {
            require_in_range(where, "parallel_resistance", parallel_resistance_ohm, 1e-9, 1e9, "ohm");
            require_in_range(where, "parallel_capacitance", parallel_capacitance_f, 0.0, 1.0, "F");
            z = z.with_series_parallel_rc(parallel_resistance_ohm, parallel_capacitance_f);
        }
        return z;
    }
};

} // namespace iemlab::inline v0::app

#pragma once
// `--impedance Z`: an IEM's impedance as a number (16ohm), an impedance file (ZMA, REW text) or a driver spec
// (ba:…, ts:…) — drive and measure read it alike.

#include "simulate.hpp"

#include <iemlab/core/error.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/electroacoustics/measured_driver.hpp>

#include <complex>
#include <filesystem>
#include <string>
#include <vector>

namespace iemlab::cli {

/// An IEM's impedance at 1 kHz and, from a file or a spec, its curve over 20 Hz … 20 kHz (48 points per octave).
struct iem_impedance {
    std::complex<double> at_1khz;                 ///< Z(1 kHz), Ω
    std::vector<double> frequency_hz;             ///< the curve's grid; empty for a plain number
    std::vector<std::complex<double>> curve;      ///< Z on that grid
};

/// Reads `text` as `option` gives it: a number is a resistance; anything with a ':' is a driver spec; an existing
/// file is an impedance file. With `curve` false only Z(1 kHz) is evaluated (a file need not span 20 Hz … 20 kHz).
/// Errors name `option`.
inline iem_impedance read_impedance_argument(const std::string& text, const std::string& option = "--impedance",
                                             bool curve = true) {
    iem_impedance z;
    try {
        z.at_1khz = parse_electric_impedance(text, option).value();
        return z;
    } catch (const error&) {
        if (text.find(':') == std::string::npos && !std::filesystem::exists(text)) throw;
    }
    std::string spec = text;
    if (text.find(':') == std::string::npos) spec = "zma:" + text; // an impedance file (ZMA, REW text)
    with_option(option, [&] {
        const electroacoustics::driver_model d = electroacoustics::parse_driver_spec(spec);
        const network::grid one{std::vector<double>{1000.0}};
        const std::vector<std::complex<double>> at_one = d.impedance(one).values();
        if (at_one.size() != 1) throw error("impedance: no value at 1 kHz");
        z.at_1khz = at_one[0];
        if (!curve) return;
        z.frequency_hz = log_grid(20, 20000, 48);
        z.curve = d.impedance(network::grid{z.frequency_hz}).values();
    });
    return z;
}

} // namespace iemlab::cli

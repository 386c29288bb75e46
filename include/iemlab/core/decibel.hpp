#pragma once
/// @file
/// @brief Decibel conversions with a finite floor, so silence gives a very low level instead of -inf.

#include <cmath>

namespace iemlab::inline v0 {

/// Lowest level the library reports, dB: what an amplitude of 1e-20 (or exactly zero) maps to.
inline constexpr double db_floor = -400.0;

/// 20·log10|amplitude|, floored at db_floor.
inline double amplitude_to_db(double amplitude) noexcept {
    const double a = std::fabs(amplitude);
    return a > 1e-20 ? 20.0 * std::log10(a) : db_floor;
}
/// 10·log10(power), floored at db_floor.
inline double power_to_db(double power) noexcept {
    return power > 1e-40 ? 10.0 * std::log10(power) : db_floor;
}
/// 10^(db/20).
inline double db_to_amplitude(double db) noexcept { return std::pow(10.0, db / 20.0); }
/// 10^(db/10).
inline double db_to_power(double db) noexcept { return std::pow(10.0, db / 10.0); }

/// Reference sound pressure for dB SPL, Pa.
inline constexpr double reference_pressure_pa = 20e-6;

/// Sound pressure level in dB re 20 µPa of an RMS (or complex amplitude magnitude) pressure in Pa.
inline double pressure_to_spl_db(double pressure_pa) noexcept {
    return amplitude_to_db(pressure_pa / reference_pressure_pa);
}

} // namespace iemlab::inline v0

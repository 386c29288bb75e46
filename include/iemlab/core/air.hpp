#pragma once
/// @file
/// @brief Properties of dry air as a function of temperature: density, speed of sound, viscosity, heat
/// conduction. Formulas and check values: Keefe 1984; Benade 1968.

#include "iemlab/core/error.hpp"
#include "iemlab/core/units.hpp"

#include <cmath>

namespace iemlab::inline v0 {

/// γ·P0 at standard pressure, Pa (1.4 × 101 325): the bulk modulus standards and published lumped models use to
/// state a compliance as an air volume, C = V/(γ·P0), independent of temperature.
inline constexpr double standard_bulk_modulus = 1.4 * 101325.0;

/// Which formula set computes the air properties.
enum class air_model {
    sutherland, ///< ideal gas (P0 = 101 325 Pa, R = 287.058 J/(kg·K)) + Sutherland's law for μ and κ
    keefe       ///< Keefe (1984) / Benade linearisation about 26.85 °C, valid to about ±10 K
};

/// Thermodynamic and transport properties of air at one temperature, all in SI units.
struct air_properties {
    double temperature_k;          ///< absolute temperature, K
    double density;                ///< ρ, kg/m³
    double speed_of_sound;         ///< c, m/s
    double viscosity;              ///< dynamic viscosity μ, Pa·s
    double thermal_conductivity;   ///< κ, W/(m·K)
    double ratio_of_specific_heats;///< γ
    double specific_heat_cp;       ///< c_p, J/(kg·K)
    double prandtl;                ///< Pr = μ·c_p/κ
    double static_pressure;        ///< P0, Pa

    /// Characteristic impedance ρc, Pa·s/m.
    double characteristic_impedance() const noexcept { return density * speed_of_sound; }
    /// Adiabatic bulk modulus ρc², Pa (γ·P0 for an ideal gas): compliance of a volume V is V/(ρc²).
    double bulk_modulus() const noexcept { return density * speed_of_sound * speed_of_sound; }

    /// Dry air at temperature `t` (between -50 °C and 100 °C) by the chosen model.
    static air_properties at(units::temperature t, air_model model = air_model::sutherland) {
        return at_kelvin(t.value(), model);
    }
    /// Dry air at `temperature_c` degrees Celsius.
    static air_properties at_celsius(double temperature_c, air_model model = air_model::sutherland) {
        return at_kelvin(temperature_c + units::celsius_zero_k, model);
    }
    /// Dry air at `temperature_k` kelvin.
    static air_properties at_kelvin(double temperature_k, air_model model = air_model::sutherland) {
        require_in_range("air_properties", "temperature", temperature_k, 223.15, 373.15, "K");
        constexpr double p0 = 101325.0, r_air = 287.058, cp = 1005.0;
        air_properties a{};
        a.temperature_k = temperature_k;
        a.static_pressure = p0;
        a.specific_heat_cp = cp;
        const double t = temperature_k;
        a.thermal_conductivity = 0.02414 * std::pow(t / 273.15, 1.5) * (273.15 + 194.0) / (t + 194.0);
        if (model == air_model::sutherland) {
            a.density = p0 / (r_air * t);
            a.ratio_of_specific_heats = 1.4;
            a.speed_of_sound = std::sqrt(a.ratio_of_specific_heats * p0 / a.density);
            a.viscosity = 1.716e-5 * std::pow(t / 273.15, 1.5) * (273.15 + 110.4) / (t + 110.4);
            a.prandtl = a.viscosity * cp / a.thermal_conductivity;
        } else {
            const double dt = t - (273.15 + 26.85);
            a.speed_of_sound = 347.23 * (1 + 0.00166 * dt);
            a.density = 1.1769 * (1 - 0.00335 * dt);
            a.viscosity = 1.846e-5 * (1 + 0.0025 * dt);
            a.ratio_of_specific_heats = 1.4017 * (1 - 0.00002 * dt);
            const double sqrt_pr = 0.8410 * (1 - 0.00002 * dt);
            a.prandtl = sqrt_pr * sqrt_pr;
        }
        return a;
    }
};

} // namespace iemlab::inline v0

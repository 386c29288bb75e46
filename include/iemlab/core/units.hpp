#pragma once
/// @file
/// @brief Boost.Units quantities used at the API edge, and the literals that make them read like the domain.
///
/// `using namespace iemlab::literals;` then `20.0_Hz`, `2.5_kHz`, `500_ms`, `10_mm`, `75_ohm`, `37_degC`.
/// Every quantity stores its value in SI units; `.value()` is Hz, s, m, m², m³, Pa, Pa·s/m³, Ω or K.

#include <boost/units/quantity.hpp>
#include <boost/units/systems/si/area.hpp>
#include <boost/units/systems/si/frequency.hpp>
#include <boost/units/systems/si/length.hpp>
#include <boost/units/systems/si/pressure.hpp>
#include <boost/units/systems/si/resistance.hpp>
#include <boost/units/systems/si/temperature.hpp>
#include <boost/units/systems/si/time.hpp>
#include <boost/units/systems/si/volume.hpp>

namespace iemlab::inline v0::units {

namespace si = boost::units::si;

/// Unit of acoustic impedance, Pa·s/m³ (acoustic ohm, SI).
using acoustic_impedance_unit = decltype(si::pascals * si::seconds / si::cubic_meters);
/// Unit of volume velocity, m³/s.
using volume_velocity_unit = decltype(si::cubic_meters / si::seconds);

/// Frequency in Hz.
using frequency = boost::units::quantity<si::frequency, double>;
/// Time in s.
using time = boost::units::quantity<si::time, double>;
/// Length in m.
using length = boost::units::quantity<si::length, double>;
/// Area in m².
using area = boost::units::quantity<si::area, double>;
/// Volume in m³.
using volume = boost::units::quantity<si::volume, double>;
/// Sound pressure in Pa.
using pressure = boost::units::quantity<si::pressure, double>;
/// Acoustic impedance in Pa·s/m³.
using acoustic_impedance = boost::units::quantity<acoustic_impedance_unit, double>;
/// Volume velocity in m³/s.
using volume_velocity = boost::units::quantity<volume_velocity_unit, double>;
/// Electric impedance magnitude (resistance) in Ω.
using electric_impedance = boost::units::quantity<si::resistance, double>;
/// Absolute (thermodynamic) temperature in K.
using temperature = boost::units::quantity<si::temperature, double>;

/// Offset between the Celsius and Kelvin scales.
inline constexpr double celsius_zero_k = 273.15;

/// A quantity from a plain SI number, e.g. `si_value<frequency>(48000.0)`.
template <class Quantity>
Quantity from_si(double value) {
    return Quantity::from_value(value);
}
/// Temperature from degrees Celsius.
inline temperature celsius(double degrees) { return temperature::from_value(degrees + celsius_zero_k); }
/// Degrees Celsius of a temperature.
inline double to_celsius(temperature t) { return t.value() - celsius_zero_k; }

} // namespace iemlab::inline v0::units

namespace iemlab::inline v0::literals {

/// Defines the floating and the integer form of one literal, so `20_Hz` works as well as `20.0_Hz`.
#define IEMLAB_DEFINE_LITERAL(suffix, quantity_type, scale)                                                     \
    /** Literal for quantity_type, scaled to SI by scale. */                                                     \
    inline units::quantity_type operator""_##suffix(long double v) {                                            \
        return units::quantity_type::from_value(static_cast<double>(v) * (scale));                              \
    }                                                                                                            \
    /** Literal for quantity_type, scaled to SI by scale. */                                                     \
    inline units::quantity_type operator""_##suffix(unsigned long long v) {                                     \
        return units::quantity_type::from_value(static_cast<double>(v) * (scale));                              \
    }

IEMLAB_DEFINE_LITERAL(Hz, frequency, 1.0)
IEMLAB_DEFINE_LITERAL(kHz, frequency, 1e3)
IEMLAB_DEFINE_LITERAL(s, time, 1.0)
IEMLAB_DEFINE_LITERAL(ms, time, 1e-3)
IEMLAB_DEFINE_LITERAL(mm, length, 1e-3)
IEMLAB_DEFINE_LITERAL(cm, length, 1e-2)
IEMLAB_DEFINE_LITERAL(m, length, 1.0)
IEMLAB_DEFINE_LITERAL(mm2, area, 1e-6)
IEMLAB_DEFINE_LITERAL(mm3, volume, 1e-9)
IEMLAB_DEFINE_LITERAL(cm3, volume, 1e-6)
IEMLAB_DEFINE_LITERAL(Pa, pressure, 1.0)
IEMLAB_DEFINE_LITERAL(ohm, electric_impedance, 1.0)
IEMLAB_DEFINE_LITERAL(kohm, electric_impedance, 1e3)
IEMLAB_DEFINE_LITERAL(K, temperature, 1.0)

#undef IEMLAB_DEFINE_LITERAL

/// Celsius temperature literal: `37_degC` is 310.15 K.
inline units::temperature operator""_degC(long double v) { return units::celsius(static_cast<double>(v)); }
/// Celsius temperature literal: `37_degC` is 310.15 K.
inline units::temperature operator""_degC(unsigned long long v) { return units::celsius(static_cast<double>(v)); }

} // namespace iemlab::inline v0::literals

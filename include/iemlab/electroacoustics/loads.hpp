#pragma once
/// @file
/// @brief The acoustic models a driver can drive, as acoustic_load: the IEC 60318-4 (711) coupler, an ITU-T P.57
/// Type 4.3 ear simulator and the ear canal sealed at an insertion depth (all from the acoustics layer), evaluated on
/// the driver's grid.

#include "iemlab/acoustics/coupler.hpp"
#include "iemlab/acoustics/ear_canal.hpp"
#include "iemlab/acoustics/leak.hpp"
#include "iemlab/acoustics/p57_type43.hpp"
#include "iemlab/acoustics/tube.hpp"
#include "iemlab/electroacoustics/acoustic_load.hpp"
#include "iemlab/network/spectrum.hpp"

#include <string>

namespace iemlab::inline v0::electroacoustics {

/// The 711 coupler as seen from its reference plane: Z_in and Z_T = p_mic/U_ref (acoustics::iec60318_4_coupler).
/// `extension_length_m` adds a Ø 7.5 mm line ahead of the reference plane (nozzle recess, 0 … 30 mm).
inline acoustic_load coupler_load(const network::grid& g, const air_properties& air = air_properties::at_celsius(23.0),
                                  double extension_length_m = 0.0) {
    const acoustics::iec60318_4_coupler coupler{g, air, {}, extension_length_m};
    network::port_response port{coupler.input_impedance(), coupler.transfer_impedance(), {}};
    return acoustic_load::from_port(g, port, "iec60318-4");
}

/// An ear simulator close to ITU-T P.57 Type 4.3 as seen from its reference plane: Z_in and Z_T = p_drum/U_ref of
/// the standard's canal ending in the Type 4.3 drum (acoustics::p57_type43_ear), in `air`.
inline acoustic_load p57_load(const network::grid& g, const air_properties& air = air_properties::at_celsius(23.0)) {
    const acoustics::ear_canal_model model{g, acoustics::p57_type43_ear(air)};
    return acoustic_load::from_port(g, model.respond(0.0), "itu-t-p57-type-4.3");
}

/// An ear canal sealed at `insertion_depth_m`, as seen from the eartip: Z_in (leak included) and
/// Z_T = p_drum/U_tip (acoustics::ear_canal_model).
inline acoustic_load canal_load(const network::grid& g, const acoustics::ear_canal& canal, double insertion_depth_m,
                                const acoustics::leak& tip_leak = {}) {
    const acoustics::ear_canal_model model{g, canal, tip_leak};
    return acoustic_load::from_port(g, model.respond(insertion_depth_m),
                                    "canal, sealed at " + format_number(insertion_depth_m * 1e3) + " mm");
}

/// `load` with `leak` in parallel at its input plane (the eartip's seal, the coupler's reference plane): part of the
/// volume velocity escapes, Z_in' = Z_in ∥ Z_leak and Z_T' = Z_T·Z_leak/(Z_in + Z_leak). No leak: `load` unchanged.
inline acoustic_load with_leak(const network::grid& g, const acoustic_load& load, const acoustics::leak& leak) {
    if (!leak.present()) return load;
    network::complex_spectrum y(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) y.set(i, leak.admittance(2 * std::numbers::pi * g.frequency(i)));
    return load.through(network::two_port::shunt(y), load.name() + ", leak");
}

/// `load` behind an eartip bore: a cylindrical tube of `length_m` (0 … 30 mm; 0: `load` unchanged) and
/// `diameter_m` (0.5 … 10 mm) from the earphone's nozzle to the load's input plane, with visco-thermal losses.
inline acoustic_load behind_tip_bore(const network::grid& g, const air_properties& air, const acoustic_load& load,
                                     double length_m, double diameter_m) {
    constexpr const char* where = "tip bore";
    require_in_range(where, "length", length_m, 0.0, 0.03, "m");
    require_in_range(where, "diameter", diameter_m, 5e-4, 0.01, "m");
    if (length_m == 0) return load;
    return load.through(acoustics::cylindrical_tube(g, air, diameter_m / 2, length_m),
                        load.name() + ", tip bore " + format_number(length_m * 1e3) + " mm");
}

} // namespace iemlab::inline v0::electroacoustics

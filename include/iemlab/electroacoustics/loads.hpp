#pragma once
/// @file
/// @brief The acoustic models a driver can drive, as acoustic_load: the IEC 60318-4 (711) coupler and the ear
/// canal sealed at an insertion depth (both from the acoustics layer), evaluated on the driver's grid.

#include "iemlab/acoustics/coupler.hpp"
#include "iemlab/acoustics/ear_canal.hpp"
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

/// An ear canal sealed at `insertion_depth_m`, as seen from the eartip: Z_in (leak included) and
/// Z_T = p_drum/U_tip (acoustics::ear_canal_model).
inline acoustic_load canal_load(const network::grid& g, const acoustics::ear_canal& canal, double insertion_depth_m,
                                const acoustics::leak& tip_leak = {}) {
    const acoustics::ear_canal_model model{g, canal, tip_leak};
    return acoustic_load::from_port(g, model.respond(insertion_depth_m),
                                    "canal, sealed at " + format_number(insertion_depth_m * 1e3) + " mm");
}

} // namespace iemlab::inline v0::electroacoustics

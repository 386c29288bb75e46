#pragma once
/// @file
/// @brief An ear simulator close to ITU-T P.57 (06/2021) Type 4.3 (B&K 4620, the canal of the 5128 head) as a canal
/// load: the standard's area function from its reference plane to the tip of the canal, ending in the Type 4.3
/// drum (eardrum_model::p57_type43, a network fitted to P.57's Table 5-c). P.57 defines the transfer impedance
/// from that reference plane to the drum reference point; |Z_T(500 Hz)| = 27.7 MPa·s/m³ ± 5 % (1.63 cm³).
///
/// @code
/// const iemlab::network::grid g{iemlab::log_grid(20, 20000, 48)};
/// const iemlab::acoustics::ear_canal_model simulator{g, iemlab::acoustics::p57_type43_ear()};
/// const auto zt = simulator.respond(0.0).transfer_impedance; // p_drum/U_ref, Pa·s/m³
/// @endcode

#include "iemlab/acoustics/ear_canal.hpp"
#include "iemlab/acoustics/eardrum.hpp"
#include "iemlab/core/air.hpp"

#include <array>
#include <cstddef>

namespace iemlab::inline v0::acoustics {

/// Distance of the Type 4.3 reference plane from the tip of its canal, m (ITU-T P.57: 17.33 mm).
inline constexpr double p57_reference_plane_from_tip_m = 17.33e-3;
/// Distance of the Type 4.3 drum reference point (its microphone) from the tip of its canal, m (P.57: 4.02 mm).
inline constexpr double p57_drum_reference_point_from_tip_m = 4.02e-3;

/// The Type 4.3 canal between its reference plane (x = 0) and the tip of the canal (x = 16.83 mm): ITU-T P.57's
/// area-function knots from 0.5 to 17.33 mm from the tip (radius linear between knots). Its volumes are P.57's
/// to 0.1 mm³: 451.3 mm³ from the reference plane to the drum reference point, 44.4 mm³ beyond it.
inline canal_geometry p57_type43_canal() {
    // Knots measured from the tip of the canal (mm) and the areas there (mm²), ITU-T P.57 (06/2021).
    constexpr std::array<double, 10> from_tip{0.5, 2, 4, 6, 8, 10, 12, 14, 16, 17.33};
    constexpr std::array<double, 10> area{4.5, 11.8, 20.8, 24.2, 29.4, 33.7, 38.2, 40.9, 42.5, 41.6};
    std::array<double, 10> x{}, s{};
    for (std::size_t i = 0; i < x.size(); ++i) { // reversed: the reference plane is the entrance
        const std::size_t k = x.size() - 1 - i;
        x[i] = (from_tip.back() - from_tip[k]) * 1e-3;
        s[i] = area[k] * 1e-6;
    }
    return canal_geometry::area_function(x, s);
}

/// The Type 4.3 simulator as an ear_canal: p57_type43_canal() ending in the Type 4.3 drum, in `air` (23 °C, the
/// standard's reference condition, by default). Seal it at depth 0 (the reference plane) to load an earphone.
inline ear_canal p57_type43_ear(const air_properties& air = air_properties::at_celsius(23.0)) {
    ear_canal canal;
    canal.geometry = p57_type43_canal();
    canal.air = air;
    canal.eardrum = eardrum_model::p57_type43;
    return canal;
}

} // namespace iemlab::inline v0::acoustics

#pragma once
/// @file
/// @brief The open ear canal's gain from the entrance to the eardrum: the quarter-wave resonance
/// (quarter-wave resonance; Levine & Schwinger 1948).
///
/// Two references for the gain: the pressure at the entrance plane itself, p_D/p_EEP = 1/(A + B·Y_D) (what
/// `iemlab simulate open-ear` prints), and the blocked entrance pressure of a sound field that drives the canal
/// through the radiation impedance of its opening, p_D/p_blocked = Z_T/(Z_rad + Z_in), whose peak sits near
/// c/(4·(L + end correction)). Neither includes the concha and pinna, which add about half of the ≈ 20 dB
/// real-ear gain.

#include "iemlab/acoustics/ear_canal.hpp"
#include "iemlab/acoustics/tube.hpp"

namespace iemlab::inline v0::acoustics {

/// p_drum/p_entrance of the open canal `canal` on grid `g`.
inline network::complex_spectrum open_ear_gain(const network::grid& g, const ear_canal& canal) {
    const ear_canal_model model{g, canal};
    return model.respond(0.0).across_ratio;
}

/// p_drum/p_blocked: the canal driven at its entrance by a Thévenin pressure p_blocked behind the radiation
/// impedance `entrance` of the opening (radius of the canal at x = 0).
inline network::complex_spectrum open_ear_gain_re_blocked(const network::grid& g, const ear_canal& canal,
                                                          radiation_end entrance = radiation_end::unflanged) {
    const ear_canal_model model{g, canal};
    const auto r = model.respond(0.0);
    const auto z_rad = radiation_impedance(g, canal.air, canal.geometry.radii().front(), entrance);
    return r.transfer_impedance / (z_rad + r.input_impedance);
}

} // namespace iemlab::inline v0::acoustics

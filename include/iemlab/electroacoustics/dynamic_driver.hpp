#pragma once
/// @file
/// @brief Dynamic (moving-coil) drivers from Thiele–Small parameters, coupled to the same acoustic loads as the
/// balanced-armature model.
///
/// Z = Re + s·Le + Bl²/(R_ms + s·M_ms + 1/(s·C_ms) + S_d²·(Z_front + Z_rear)), u = Bl·I/Z_m,total, U = S_d·u
/// (Thiele 1961/71, Small 1972). Convention e^{+jωt}, SI units.

#include "iemlab/core/error.hpp"
#include "iemlab/electroacoustics/acoustic_load.hpp"
#include "iemlab/network/elements.hpp"
#include "iemlab/network/two_port.hpp"

#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <numbers>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::electroacoustics {

/// Thiele–Small parameters of a moving-coil driver (SI).
struct thiele_small {
    double re_ohm = 0;           ///< voice-coil DC resistance Re, Ω (> 0)
    double le_h = 0;             ///< voice-coil inductance Le, H (>= 0)
    double bl_tm = 0;            ///< force factor Bl, T·m (> 0)
    double mms_kg = 0;           ///< moving mass M_ms, kg (> 0)
    double cms_m_per_n = 0;      ///< suspension compliance C_ms, m/N (> 0)
    double rms_kg_per_s = 0;     ///< mechanical resistance R_ms, kg/s (> 0)
    double sd_m2 = 0;            ///< effective diaphragm area S_d, m² (> 0)

    /// Checks every parameter; the message names the offending one ("mms", "cms", …).
    void validate(std::string_view where) const {
        require_positive(where, "re", re_ohm, "ohm");
        require_in_range(where, "le", le_h, 0.0, 1.0, "H");
        require_positive(where, "bl", bl_tm, "T*m");
        require_positive(where, "mms", mms_kg, "kg");
        require_positive(where, "cms", cms_m_per_n, "m/N");
        require_positive(where, "rms", rms_kg_per_s, "kg/s");
        require_positive(where, "sd", sd_m2, "m2");
    }
    /// Free-air resonance f_s = 1/(2π√(M_ms·C_ms)), Hz.
    double resonance_hz() const noexcept { return 1.0 / (2 * std::numbers::pi * std::sqrt(mms_kg * cms_m_per_n)); }
    /// Mechanical Q, Q_ms = ω_s·M_ms/R_ms.
    double qms() const noexcept { return 2 * std::numbers::pi * resonance_hz() * mms_kg / rms_kg_per_s; }
    /// Electrical Q, Q_es = ω_s·M_ms·Re/Bl².
    double qes() const noexcept { return 2 * std::numbers::pi * resonance_hz() * mms_kg * re_ohm / (bl_tm * bl_tm); }
    /// Total Q, Q_ts = Q_ms·Q_es/(Q_ms + Q_es).
    double qts() const noexcept { return qms() * qes() / (qms() + qes()); }
    /// Electrical Q with a resistive source R_s in series: Q_es' = Q_es·(Re + R_s)/Re.
    double qes_with_source(double source_resistance_ohm) const {
        require_in_range("thiele_small::qes_with_source", "source_resistance", source_resistance_ohm, 0.0, 1e9, "ohm");
        return qes() * (re_ohm + source_resistance_ohm) / re_ohm;
    }
    /// Free-air impedance maximum at f_s, Re + Bl²/R_ms (Le excluded), Ω.
    double impedance_peak_ohm() const noexcept { return re_ohm + bl_tm * bl_tm / rms_kg_per_s; }
};

/// The MathWorks Simscape Acoustic Library microspeaker example: Re 31.14 Ω, Le 0.14 mH,
/// Bl 0.719 N/A, M 23 mg, C 25.12 mm/N, R 3e-3 kg/s, S_d 1.271 cm² (f_s ≈ 209 Hz, Q_ms ≈ 10, Q_es ≈ 1.8).
inline thiele_small simscape_microspeaker() {
    return {31.14, 0.14e-3, 0.719, 23e-6, 25.12e-3, 3e-3, 1.271e-4};
}

/// A moving-coil driver driving an acoustic load in front (and optionally one behind: a rear cavity or vent).
class dynamic_driver {
public:
    /// Validates the parameters (each named in the message when invalid).
    explicit dynamic_driver(const thiele_small& parameters, std::string name = {})
        : p_(parameters), name_(std::move(name)) {
        p_.validate("dynamic_driver");
    }

    /// The Thiele–Small parameters.
    const thiele_small& parameters() const noexcept { return p_; }
    /// Label.
    const std::string& name() const noexcept { return name_; }

    /// Electrical input impedance at `f_hz` (> 0) with acoustic impedances in front and behind the diaphragm.
    std::complex<double> impedance(double f_hz, std::complex<double> z_front = {},
                                   std::complex<double> z_rear = {}) const noexcept {
        const double w = 2 * std::numbers::pi * f_hz;
        return electrical(w) + p_.bl_tm * p_.bl_tm / mechanical(w, z_front + z_rear);
    }

    /// The driver as a two-port of the network solver from its terminals (port 1: V, I) to the front of the
    /// diaphragm (port 2: p, U): series Re + sLe → gyrator Bl → series R_ms + sM_ms + 1/(sC_ms) (+ S_d²·Z_rear,
    /// the rear load seen by the diaphragm) → transformer S_d.
    network::two_port electro_acoustic(const network::grid& g, const acoustic_load& rear = {}) const {
        rear.require_grid(g.frequencies(), "dynamic_driver::electro_acoustic");
        network::two_port t = network::two_port::series(network::series_rlc(g, p_.re_ohm, p_.le_h,
                                                                             std::numeric_limits<double>::infinity()));
        t.append(network::two_port::gyrator(g, p_.bl_tm));
        network::complex_spectrum zm = network::series_rlc(g, p_.rms_kg_per_s, p_.mms_kg, p_.cms_m_per_n);
        if (!rear.is_unloaded())
            for (std::size_t i = 0; i < g.size(); ++i) zm.set(i, zm[i] + p_.sd_m2 * p_.sd_m2 * rear.input_at(i));
        t.append_series(zm);
        t.append(network::two_port::transformer(g, p_.sd_m2));
        return t;
    }

    /// Impedance, volume velocity into the front load per volt and pressure per volt at its observation point
    /// (when it has one), with an optional acoustic `path` (tube, damper, vent network) between the diaphragm
    /// and `front`, and an optional `rear` load (rear cavity, vents).
    driver_response respond(const network::grid& g, const acoustic_load& front, const acoustic_load& rear = {},
                            const network::two_port* path = nullptr) const {
        network::two_port t = electro_acoustic(g, rear);
        if (path != nullptr) t.append(*path);
        return electroacoustics::respond(g, t, front);
    }

    /// respond() on a plain frequency list (finite, > 0, strictly increasing).
    driver_response respond(std::span<const double> frequency_hz, const acoustic_load& front,
                            const acoustic_load& rear = {}) const {
        return respond(network::grid(frequency_hz), front, rear);
    }

private:
    std::complex<double> electrical(double w) const noexcept { return {p_.re_ohm, w * p_.le_h}; }
    std::complex<double> mechanical(double w, std::complex<double> z_acoustic) const noexcept {
        return std::complex<double>{p_.rms_kg_per_s, w * p_.mms_kg - 1.0 / (w * p_.cms_m_per_n)} +
               p_.sd_m2 * p_.sd_m2 * z_acoustic;
    }

    thiele_small p_;
    std::string name_;
};

} // namespace iemlab::inline v0::electroacoustics

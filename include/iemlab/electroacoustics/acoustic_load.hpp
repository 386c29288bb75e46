#pragma once
/// @file
/// @brief What a driver sees at its acoustic output, per frequency: the load's input impedance and its transfer
/// impedance to the point where pressure is observed (coupler microphone, eardrum).
///
/// Any acoustic network (the 711 coupler, a canal with insertion depth, a tube and damper in front of either)
/// reduces to these two complex functions at the driver's output port (Thévenin/Norton source coupling):
/// U_in = volume velocity into the load, p_obs = Z_T·U_in.

#include "iemlab/core/air.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/network/two_port.hpp"

#include <complex>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::electroacoustics {

/// An acoustic load on a frequency grid: Z_in(f) = p_in/U_in and Z_T(f) = p_obs/U_in, both in Pa·s/m³.
///
/// An empty transfer impedance means "no observation point" (a free or blocked port): drivers then report
/// impedance and volume velocity only. Z_in = 0 everywhere is an unloaded (open) port.
class acoustic_load {
public:
    /// An unloaded port on no grid (use with any grid: Z_in = 0, no observation point).
    acoustic_load() = default;

    /// A load from its input and transfer impedances (Pa·s/m³) on `frequency_hz` (strictly increasing, >= 0).
    /// `transfer_impedance` may be empty.
    acoustic_load(std::vector<double> frequency_hz, std::vector<std::complex<double>> input_impedance,
                  std::vector<std::complex<double>> transfer_impedance = {}, std::string name = {})
        : frequency_hz_(std::move(frequency_hz)), input_(std::move(input_impedance)),
          transfer_(std::move(transfer_impedance)), name_(std::move(name)) {
        constexpr const char* where = "acoustic_load";
        if (input_.size() != frequency_hz_.size())
            throw_out_of_range(where, "input_impedance.size()", double(input_.size()), "",
                               "as many values as frequencies (" + std::to_string(frequency_hz_.size()) + ")");
        if (!transfer_.empty() && transfer_.size() != frequency_hz_.size())
            throw_out_of_range(where, "transfer_impedance.size()", double(transfer_.size()), "",
                               "0 or as many values as frequencies (" + std::to_string(frequency_hz_.size()) + ")");
        require_valid_grid(where, "frequency", frequency_hz_, {.empty_allowed = true});
        for (std::size_t i = 0; i < frequency_hz_.size(); ++i) {
            if (!finite(input_[i]))
                throw_invalid(where, "input_impedance[" + std::to_string(i) + "]", "is not finite");
            if (!transfer_.empty() && !finite(transfer_[i]))
                throw_invalid(where, "transfer_impedance[" + std::to_string(i) + "]", "is not finite");
        }
    }

    /// A load from a terminated acoustic network (e.g. acoustics::iec60318_4_coupler's or
    /// acoustics::ear_canal_model's port_response): its input and transfer impedances on grid `g`.
    static acoustic_load from_port(const network::grid& g, const network::port_response& port, std::string name = {}) {
        return {std::vector<double>(g.frequencies().begin(), g.frequencies().end()), port.input_impedance.values(),
                port.transfer_impedance.values(), std::move(name)};
    }

    /// A closed rigid-walled volume `volume_m3` small against the wavelength: Z_in = Z_T = ρc²/(s·V), the
    /// pressure observed anywhere inside. This is the low-frequency limit of the 711 coupler
    /// (1.26 cm³ equivalent volume at 500 Hz, IEC 60318-4).
    static acoustic_load closed_volume(std::span<const double> frequency_hz, double volume_m3,
                                       const air_properties& air = air_properties::at_celsius(23.0)) {
        require_positive("acoustic_load::closed_volume", "volume", volume_m3, "m3");
        std::vector<std::complex<double>> z(frequency_hz.size());
        for (std::size_t i = 0; i < z.size(); ++i) {
            const double w = 2 * std::numbers::pi * frequency_hz[i];
            if (!(w > 0))
                throw_out_of_range("acoustic_load::closed_volume", "frequency[" + std::to_string(i) + "]",
                                   frequency_hz[i], "Hz", "> 0 (a closed volume is a short to DC volume velocity)");
            z[i] = {0.0, -air.bulk_modulus() / (w * volume_m3)};
        }
        return {std::vector<double>(frequency_hz.begin(), frequency_hz.end()), z, z,
                "closed volume " + format_number(volume_m3 * 1e6) + " cm3"};
    }

    /// True when the load carries no grid (an unloaded port usable on any grid).
    bool is_unloaded() const noexcept { return frequency_hz_.empty(); }
    /// True when a transfer impedance (an observation point) is present.
    bool has_observation() const noexcept { return !transfer_.empty(); }
    /// The grid, Hz (empty for an unloaded port).
    const std::vector<double>& frequencies() const noexcept { return frequency_hz_; }
    /// Z_in(f), Pa·s/m³.
    const std::vector<std::complex<double>>& input_impedance() const noexcept { return input_; }
    /// Z_T(f) = p_obs/U_in, Pa·s/m³ (empty without an observation point).
    const std::vector<std::complex<double>>& transfer_impedance() const noexcept { return transfer_; }
    /// Label for reports ("iec60318-4", "canal 25 mm", …).
    const std::string& name() const noexcept { return name_; }

    /// Checks that the load can be used on `frequency_hz` (same grid, or unloaded); `where` names the caller.
    void require_grid(std::span<const double> frequency_hz, const char* where) const {
        if (is_unloaded()) return;
        if (frequency_hz.size() != frequency_hz_.size())
            throw_out_of_range(where, "load grid size", double(frequency_hz_.size()), "",
                               "the evaluation grid's size (" + std::to_string(frequency_hz.size()) + ")");
        for (std::size_t i = 0; i < frequency_hz.size(); ++i)
            if (frequency_hz[i] != frequency_hz_[i])
                throw_out_of_range(where, "load frequency[" + std::to_string(i) + "]", frequency_hz_[i], "Hz",
                                   "the evaluation grid's " + format_number(frequency_hz[i]) + " Hz");
    }

    /// Z_in at grid index i (0 for an unloaded port).
    std::complex<double> input_at(std::size_t i) const noexcept {
        return is_unloaded() ? std::complex<double>{} : input_[i];
    }

    /// This load seen through the acoustic two-port `path` (port 2 on this load; a tip bore, a nozzle, or a leak
    /// as two_port::shunt(Y_leak)): Z_in' = (A·Z_in + B)/(C·Z_in + D) and Z_T' = Z_T/(C·Z_in + D), since the
    /// volume velocity reaching this load is U_in'/(C·Z_in + D). `path` must be on this load's grid.
    /// @throws iemlab::error for an unloaded port, a size mismatch or a singular C·Z_in + D.
    acoustic_load through(const network::two_port& path, std::string name) const {
        constexpr const char* where = "acoustic_load::through";
        if (is_unloaded()) throw_invalid(where, "load", "is an unloaded port (nothing to see through a path)");
        if (path.size() != frequency_hz_.size())
            throw_out_of_range(where, "path size", double(path.size()), "",
                               "the load's grid size (" + std::to_string(frequency_hz_.size()) + ")");
        std::vector<std::complex<double>> zin(input_.size()), zt(transfer_.size());
        for (std::size_t i = 0; i < input_.size(); ++i) {
            const std::complex<double> den = path.c()[i] * input_[i] + path.d()[i];
            if (!(std::abs(den) > 0))
                throw_invalid(where, "C*Z_in + D at " + format_number(frequency_hz_[i]) + " Hz", "is 0");
            zin[i] = (path.a()[i] * input_[i] + path.b()[i]) / den;
            if (!transfer_.empty()) zt[i] = transfer_[i] / den;
        }
        return {frequency_hz_, std::move(zin), std::move(zt), std::move(name)};
    }

private:
    static bool finite(std::complex<double> z) noexcept { return std::isfinite(z.real()) && std::isfinite(z.imag()); }

    std::vector<double> frequency_hz_;
    std::vector<std::complex<double>> input_;
    std::vector<std::complex<double>> transfer_;
    std::string name_;
};

/// The electrical and acoustic result of driving a transducer on one grid.
struct driver_response {
    std::vector<double> frequency_hz;                     ///< grid, Hz
    std::vector<std::complex<double>> impedance;          ///< electrical input impedance, Ω
    std::vector<std::complex<double>> volume_velocity;    ///< U into the load per volt at the terminals, m³/(s·V)
    std::vector<std::complex<double>> pressure;           ///< p at the observation point per volt, Pa/V (or empty)
};

/// Drives the electro-acoustic two-port `transducer` (port 1: electrical terminals, V and I; port 2: acoustic
/// output, p and U; any acoustic path such as a spout, tube or damper already appended) into `load`, with the
/// network solver: Z_in = (A·Z_L + B)/(C·Z_L + D) and U/V = 1/(A·Z_L + B) (ABCD relations, port 2 loaded by
/// Z_L), p_obs = U·Z_T.
inline driver_response respond(const network::grid& g, const network::two_port& transducer, const acoustic_load& load) {
    constexpr const char* where = "electroacoustics::respond";
    load.require_grid(g.frequencies(), where);
    if (transducer.size() != g.size())
        throw_out_of_range(where, "transducer size", double(transducer.size()), "",
                           "the grid size (" + std::to_string(g.size()) + ")");
    network::complex_spectrum z_load(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) z_load.set(i, load.input_at(i));
    const network::port_response port = network::terminate(transducer, network::termination::impedance(z_load));
    driver_response r;
    r.frequency_hz.assign(g.frequencies().begin(), g.frequencies().end());
    r.impedance = port.input_impedance.values();
    r.volume_velocity.resize(g.size());
    if (load.has_observation()) r.pressure.resize(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
        const std::complex<double> across = transducer.a()[i] * z_load[i] + transducer.b()[i];
        if (across == std::complex<double>{})
            throw_invalid(where, "transducer", "delivers no finite volume velocity at " + format_number(g.frequency(i)) + " Hz");
        r.volume_velocity[i] = 1.0 / across;
        if (load.has_observation()) r.pressure[i] = r.volume_velocity[i] * load.transfer_impedance()[i];
    }
    return r;
}

/// An acoustic damper of `resistance_cgs` CGS acoustic ohms (dyn·s/cm⁵ = 1e5 Pa·s/m³; IEM dampers are 680–4700)
/// as a series two-port, a pure resistance (its small mass is neglected).
inline network::two_port acoustic_damper(const network::grid& g, double resistance_cgs) {
    require_in_range("acoustic_damper", "resistance", resistance_cgs, 0.0, 1e6, "CGS acoustic ohm");
    return network::two_port::series(network::resistor(g, resistance_cgs * 1e5));
}

} // namespace iemlab::inline v0::electroacoustics

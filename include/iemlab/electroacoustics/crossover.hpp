#pragma once
/// @file
/// @brief Multi-driver IEMs: per-driver passive networks (series/shunt R, L, C and their combinations), per-driver
/// acoustic paths (tubes, dampers) summed at a common bore, an optional nozzle, and the load — solved as one
/// electro-acoustic network with the nodal solver, so the drivers load each other acoustically as they do in a
/// shell. Topologies: those of published multi-BA designs (docs/references.md).

#include "iemlab/acoustics/tube.hpp"
#include "iemlab/core/air.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/electroacoustics/acoustic_load.hpp"
#include "iemlab/electroacoustics/driver_model.hpp"
#include "iemlab/electroacoustics/source.hpp"
#include "iemlab/network/nodal.hpp"
#include "iemlab/network/spectrum.hpp"
#include "iemlab/network/two_port.hpp"

#include <cmath>
#include <complex>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::electroacoustics {

/// A two-terminal lumped element made of up to one R, one L and one C (0 = absent), connected in series
/// (Z = R + sL + 1/(sC)) or in parallel (Y = 1/R + 1/(sL) + sC): a resistor, capacitor, an R ∥ C treble
/// shelf (100 Ω ∥ 220 nF), an L–C trap…
struct lumped_element {
    double resistance_ohm = 0;  ///< R, Ω (0: none)
    double inductance_h = 0;    ///< L, H (0: none)
    double capacitance_f = 0;   ///< C, F (0: none)
    bool parallel = false;      ///< false: R, L, C in series; true: in parallel

    /// Checks values >= 0, finite, at least one present; `where` names the element in messages.
    void validate(const std::string& where) const {
        require_in_range(where, "r", resistance_ohm, 0.0, 1e12, "ohm");
        require_in_range(where, "l", inductance_h, 0.0, 1e3, "H");
        require_in_range(where, "c", capacitance_f, 0.0, 1.0, "F");
        if (resistance_ohm == 0 && inductance_h == 0 && capacitance_f == 0)
            throw_invalid(where, "element", "has none of r, l, c (give at least one > 0)");
    }
    /// Impedance at angular frequency ω > 0.
    std::complex<double> impedance(double w) const noexcept {
        const std::complex<double> s{0.0, w};
        if (!parallel) {
            std::complex<double> z = resistance_ohm + s * inductance_h;
            if (capacitance_f > 0) z += 1.0 / (s * capacitance_f);
            return z;
        }
        std::complex<double> y = s * capacitance_f;
        if (resistance_ohm > 0) y += 1.0 / resistance_ohm;
        if (inductance_h > 0) y += 1.0 / (s * inductance_h);
        return 1.0 / y;
    }
    /// Impedance on a grid.
    network::complex_spectrum impedance(const network::grid& g) const {
        network::complex_spectrum z(g.size());
        for (std::size_t i = 0; i < g.size(); ++i) z.set(i, impedance(g.omega()[i]));
        return z;
    }
};

/// One stage of a driver's network, from the IEM's input towards the driver: an element in series with the
/// line, or an element shunting it (across the driver side).
struct network_stage {
    /// How the element is connected.
    enum class connection {
        series, ///< in series with the line (e.g. 22 Ω pad, 2.2 µF tweeter high-pass, 100 Ω ∥ 220 nF)
        shunt   ///< from the line to the return (e.g. 4.7 µF across a woofer, 6.8 Ω L-pad)
    };
    connection how = connection::series; ///< series or shunt
    lumped_element element;             ///< the element
};

/// One segment of an acoustic path: a cylindrical tube (visco-thermal losses, acoustics::cylindrical_tube) or
/// a damper (series acoustic resistance, CGS acoustic ohms).
struct acoustic_segment {
    /// Kind of segment.
    enum class type {
        tube,  ///< length_m × diameter_m tube
        damper ///< resistance_cgs
    };
    type kind = type::tube;     ///< tube or damper
    double length_m = 0;        ///< tube length, m (> 0)
    double diameter_m = 0;      ///< tube inner diameter, m (> 0)
    double resistance_cgs = 0;  ///< damper resistance, CGS acoustic Ω (1 = 1e5 Pa·s/m³)

    /// A tube of `length_m` and `diameter_m`.
    static acoustic_segment tube(double length_m, double diameter_m) { return {type::tube, length_m, diameter_m, 0}; }
    /// A damper of `resistance_cgs` CGS acoustic ohms.
    static acoustic_segment damper(double resistance_cgs) { return {type::damper, 0, 0, resistance_cgs}; }

    /// The segment's two-port on `g` in `air`; `where` names it in messages.
    network::two_port two_port(const network::grid& g, const air_properties& air, const std::string& where) const {
        validate(where);
        if (kind == type::damper) return acoustic_damper(g, resistance_cgs);
        return acoustics::cylindrical_tube(g, air, diameter_m / 2, length_m);
    }
    /// Checks the damper (0 … 1e6 CGS acoustic ohms) or the tube (length 10 µm … 0.2 m, diameter 10 µm … 20 mm);
    /// `where` names the segment in messages.
    void validate(const std::string& where) const {
        if (kind == type::damper) {
            require_in_range(where, "damper", resistance_cgs, 0.0, 1e6, "CGS acoustic ohm");
            return;
        }
        require_in_range(where, "length", length_m, 1e-5, 0.2, "m");
        require_in_range(where, "diameter", diameter_m, 1e-5, 0.02, "m");
    }
};

/// One driver of a multi-driver IEM with its electrical network and acoustic path.
struct iem_driver {
    std::string name;                  ///< label ("woofer", "tweeter 1")
    driver_model driver;               ///< the driver
    std::vector<network_stage> network;///< stages from the IEM input towards the driver
    std::vector<acoustic_segment> path;///< tubes and dampers from the driver's port to the common bore
};

/// What a multi-driver IEM does on a grid, per volt across its input terminals.
struct iem_response {
    std::vector<double> frequency_hz;                             ///< grid, Hz
    std::vector<std::complex<double>> impedance;                  ///< total impedance seen by the source, Ω
    std::vector<std::complex<double>> pressure;                   ///< p at the load's observation point per volt (or empty)
    std::vector<std::vector<std::complex<double>>> driver_voltage;///< each driver's terminal voltage per input volt
};

/// A multi-driver IEM: drivers, each behind its network and acoustic path, joined at a common bore, then an
/// optional nozzle, then the load. Immutable; respond() builds and solves the nodal network for a grid.
class multi_driver_iem {
public:
    /// Validates every element (messages name the driver and stage); at least one driver.
    multi_driver_iem(std::vector<iem_driver> drivers, std::vector<acoustic_segment> nozzle = {}, std::string name = {})
        : drivers_(std::move(drivers)), nozzle_(std::move(nozzle)), name_(std::move(name)) {
        if (drivers_.empty()) throw_invalid("multi_driver_iem", "drivers", "is empty (need at least one driver)");
        for (std::size_t d = 0; d < drivers_.size(); ++d)
            for (std::size_t k = 0; k < drivers_[d].network.size(); ++k)
                drivers_[d].network[k].element.validate(label(d) + " network stage " + std::to_string(k + 1));
    }

    /// The drivers.
    const std::vector<iem_driver>& drivers() const noexcept { return drivers_; }
    /// The nozzle segments after the common bore.
    const std::vector<acoustic_segment>& nozzle() const noexcept { return nozzle_; }
    /// Label.
    const std::string& name() const noexcept { return name_; }
    /// True when every driver has an acoustic model (then an acoustic load and SPL are possible).
    bool has_acoustic_model() const noexcept {
        for (const auto& d : drivers_)
            if (!d.driver.has_acoustic_model()) return false;
        return true;
    }

    /// Total impedance, pressure per volt at `load`'s observation point, and each driver's voltage, on grid `g`.
    ///
    /// Unit current into the input gives Z_tot = V_in; every response is divided by V_in. Without an acoustic
    /// model (or with an unloaded `load` and no observation) only the electrical side is built: drivers are
    /// their unloaded impedances. Otherwise each driver is its electro-acoustic two-port from its electrical
    /// node to its acoustic node, its path two-ports lead to the common bore, the nozzle to the load node, and
    /// the load's input impedance closes it; p_obs = U_load·Z_T.
    iem_response respond(const network::grid& g, const acoustic_load& load = {},
                         const air_properties& air = air_properties::at_celsius(23.0)) const {
        constexpr const char* where = "multi_driver_iem::respond";
        load.require_grid(g.frequencies(), where);
        const bool acoustic = !load.is_unloaded();
        if (acoustic && !has_acoustic_model())
            for (std::size_t d = 0; d < drivers_.size(); ++d)
                if (!drivers_[d].driver.has_acoustic_model())
                    throw_invalid(where, label(d),
                                  "has no acoustic model (a measured impedance, or a ba: spec without a branch), so "
                                  "the IEM cannot drive an acoustic load; use a ba: spec with r1/l1/c1, ts: or knowles:");
        using nn = network::nodal_network;
        nn net{g};
        const nn::node input = net.add_node();
        net.add_flow_source(nn::ground, input, network::complex_spectrum(g.size(), 1.0));
        std::vector<nn::node> driver_node(drivers_.size());
        nn::node bore = nn::ground;
        if (acoustic) bore = net.add_node();
        for (std::size_t d = 0; d < drivers_.size(); ++d) {
            const iem_driver& drv = drivers_[d];
            nn::node at = input;
            for (const network_stage& stage : drv.network) {
                const network::complex_spectrum z = stage.element.impedance(g);
                if (stage.how == network_stage::connection::series) {
                    const nn::node next = net.add_node();
                    net.add_impedance(at, next, z);
                    at = next;
                } else {
                    net.add_impedance(at, nn::ground, z);
                }
            }
            driver_node[d] = at;
            if (!acoustic) {
                net.add_impedance(at, nn::ground, drv.driver.impedance(g));
                continue;
            }
            network::two_port t = drv.driver.electro_acoustic(g);
            for (std::size_t k = 0; k < drv.path.size(); ++k)
                t.append(drv.path[k].two_port(g, air, label(d) + " path segment " + std::to_string(k + 1)));
            net.add_two_port(at, bore, std::move(t));
        }
        nn::branch load_branch = 0;
        if (acoustic) {
            nn::node out = bore;
            if (!nozzle_.empty()) {
                network::two_port t = network::two_port::identity(g);
                for (std::size_t k = 0; k < nozzle_.size(); ++k)
                    t.append(nozzle_[k].two_port(g, air, "nozzle segment " + std::to_string(k + 1)));
                out = net.add_node();
                net.add_two_port(bore, out, std::move(t));
            }
            network::complex_spectrum zl(g.size());
            for (std::size_t i = 0; i < g.size(); ++i) zl.set(i, load.input_at(i));
            load_branch = net.add_impedance(out, nn::ground, std::move(zl));
        }
        const network::nodal_solution s = net.solve();
        iem_response r;
        r.frequency_hz.assign(g.frequencies().begin(), g.frequencies().end());
        const network::complex_spectrum& v_in = s.across(input);
        r.impedance = v_in.values();
        for (std::size_t i = 0; i < g.size(); ++i)
            if (!(std::abs(r.impedance[i]) > 0))
                throw_invalid(where, "network", "shorts the input at " + format_number(g.frequency(i)) + " Hz");
        if (acoustic && load.has_observation()) {
            const network::complex_spectrum& u = s.flow(load_branch);
            r.pressure.resize(g.size());
            for (std::size_t i = 0; i < g.size(); ++i) r.pressure[i] = u[i] * load.transfer_impedance()[i] / v_in[i];
        }
        for (std::size_t d = 0; d < drivers_.size(); ++d) {
            std::vector<std::complex<double>> v(g.size());
            for (std::size_t i = 0; i < g.size(); ++i) v[i] = s.across(driver_node[d])[i] / v_in[i];
            r.driver_voltage.push_back(std::move(v));
        }
        return r;
    }

private:
    std::string label(std::size_t d) const {
        return "driver " + std::to_string(d + 1) + (drivers_[d].name.empty() ? "" : " (" + drivers_[d].name + ")");
    }

    std::vector<iem_driver> drivers_;
    std::vector<acoustic_segment> nozzle_;
    std::string name_;
};

} // namespace iemlab::inline v0::electroacoustics

// `iemlab simulate driver` and `iemlab simulate iem`: a driver (ba:/ts:/zma:/knowles: spec) or a multi-driver
// IEM (IEM.json) on a source of complex output impedance, unloaded or driving the 711 coupler or an ear canal.
// Columns (docs/cli.md): frequency,impedance_ohm,impedance_phase_deg,tilt_db[,spl_db].
#include "simulate.hpp"

#include <iemlab/app/eardrum_source.hpp>
#include <iemlab/app/iem_config.hpp>
#include <iemlab/core/decibel.hpp>
#include <iemlab/core/error.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/electroacoustics/crossover.hpp>
#include <iemlab/electroacoustics/loads.hpp>
#include <iemlab/electroacoustics/source.hpp>

#include <charconv>
#include <cmath>
#include <complex>
#include <memory>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

namespace iemlab::cli {
namespace {

namespace ea = iemlab::electroacoustics;
namespace ac = iemlab::acoustics;

// Options shared by `driver` and `iem`.
struct electro_options {
    std::string source_impedance; // empty: 0 Ω (driver) or the config's value (iem)
    std::string source_inductance = "0";
    std::string load;             // empty: none (driver) or the config's value (iem)
    std::string drive = "1V";
    std::string canal_length = "25mm", canal_diameter = "7.5mm", eardrum = "shaw-stinson", depth = "5mm";

    void add(CLI::App& sub, const char* source_default, const char* load_default) {
        sub.add_option("--source-impedance", source_impedance,
                       std::string("Source output resistance (bare number: ohm; default ") + source_default + ")");
        sub.add_option("--source-inductance", source_inductance,
                       "Source/cable series inductance in H (bare number), e.g. 100e-6")
            ->capture_default_str();
        sub.add_option("--load", load, std::string("Acoustic load: none | coupler | canal (default ") + load_default + ")")
            ->check(CLI::IsMember({"none", "coupler", "canal"}));
        sub.add_option("--drive", drive,
                       "Source EMF for spl_db, V rms (bare number: V; e.g. 0.1V, 100mV)")
            ->capture_default_str();
        sub.add_option("--canal-length", canal_length, "Canal length for --load canal (bare number: m)")->capture_default_str();
        sub.add_option("--canal-diameter", canal_diameter, "Canal diameter for --load canal (bare number: m)")
            ->capture_default_str();
        sub.add_option("--eardrum", eardrum, "Eardrum for --load canal: shaw-stinson | hudde | rigid | FILE (FILE: columns frequency, Re Z, "
                       "Im Z in Pa*s/m^3; docs/validation.md compares the models)")
            ->capture_default_str();
        sub.add_option("--insertion-depth", depth, "Seal depth from the canal entrance for --load canal (bare number: m)")
            ->capture_default_str();
    }

    ea::output_impedance source(std::optional<double> config_ohm) const {
        double r = config_ohm.value_or(0.0);
        if (!source_impedance.empty()) r = parse_electric_impedance(source_impedance, "--source-impedance").value();
        double l = 0;
        with_option("--source-inductance", [&] { l = parse_quantity(source_inductance, quantity_kind::dimensionless, "--source-inductance"); });
        ea::output_impedance z;
        with_option("--source-impedance", [&] { z = ea::output_impedance::from_si(r); });
        with_option("--source-inductance", [&] { z = ea::output_impedance::from_si(r, l); });
        return z;
    }

    double drive_volts() const {
        const double v = parse_voltage(drive, "--drive");
        with_option("--drive", [&] { require_in_range("simulate", "drive", v, 1e-9, 1e3, "V"); });
        return v;
    }

    app::load_kind load_kind(std::optional<app::load_kind> config_load) const {
        if (!load.empty()) return app::parse_load_kind(load, "--load");
        return config_load.value_or(app::load_kind::none);
    }

    // The acoustic load on g (unloaded for none) and the air it uses.
    ea::acoustic_load acoustic(const network::grid& g, app::load_kind kind, const simulate_options& common) const {
        if (kind == app::load_kind::none) return {};
        if (kind == app::load_kind::coupler) return ea::coupler_load(g, common.air_or(23.0));
        ac::ear_canal c;
        c.air = common.air_or(37.0);
        double l = 0, d = 0, depth_m = 0;
        l = parse_length(canal_length, "--canal-length").value();
        d = parse_length(canal_diameter, "--canal-diameter").value();
        with_option("--canal-length", [&] { require_in_range("canal", "length", l, 1e-3, 0.06, "m"); });
        with_option("--canal-diameter", [&] { require_in_range("canal", "diameter", d, 1e-3, 0.02, "m"); });
        c.geometry = ac::canal_geometry::cylinder(l, d);
        app::set_eardrum(c, eardrum, "--eardrum");
        depth_m = parse_length(depth, "--insertion-depth").value();
        if (!(depth_m >= 0 && depth_m < l))
            throw_out_of_range("simulate", "--insertion-depth", depth_m * 1e3, "mm",
                               "0 <= depth < --canal-length = " + format_number(l * 1e3) + " mm");
        return ea::canal_load(g, c, depth_m);
    }
};

// Writes the docs/cli.md columns from the terminal impedance, the pressure per terminal volt (empty: no load) and the
// source.
void write_driver_csv(const simulate_options& common, const network::grid& g, const std::vector<std::complex<double>>& z,
                      const std::vector<std::complex<double>>& pressure_per_volt, const ea::output_impedance& source,
                      double drive) {
    const std::size_t n = g.size();
    std::vector<double> magnitude(n), phase(n), tilt(n), spl;
    for (std::size_t i = 0; i < n; ++i) {
        magnitude[i] = std::abs(z[i]);
        phase[i] = std::arg(z[i]) * 180 / std::numbers::pi;
        tilt[i] = ea::tilt_db(z[i], source.at(g.frequency(i)));
    }
    std::string header = "frequency,impedance_ohm,impedance_phase_deg,tilt_db";
    if (!pressure_per_volt.empty()) {
        header += ",spl_db";
        spl.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            spl[i] = pressure_to_spl_db(std::abs(pressure_per_volt[i] * ea::voltage_divider(z[i], source.at(g.frequency(i)))) * drive);
    }
    std::vector<std::vector<double>> columns{magnitude, phase, tilt};
    if (!spl.empty()) columns.push_back(spl);
    write_simulation_csv(common.output, header, g.frequencies(), columns);
}

void add_driver(CLI::App& sub, std::shared_ptr<simulate_options> common) {
    auto spec = std::make_shared<std::string>();
    auto opt = std::make_shared<electro_options>();
    sub.add_option("--driver", *spec,
                   "Driver SPEC: ba:re=…,k=…,n=…[,r1=…,l1=…,c1=…,…] (Z = Re + K·s^n + Σ R∥L∥C, SI units), "
                   "ts:re=…,le=…,bl=…,mms=…,cms=…,rms=…,sd=…, zma:FILE, or knowles:NAME (fitted preset)")
        ->required();
    opt->add(sub, "0ohm", "none");
    sub.callback([common, spec, opt] {
        const auto g = common->grid();
        std::optional<ea::driver_model> d;
        with_option("--driver", [&] { d.emplace(app::parse_driver(*spec)); });
        const auto source = opt->source(std::nullopt);
        const double drive = opt->drive_volts();
        const app::load_kind kind = opt->load_kind(std::nullopt);
        std::vector<std::complex<double>> z, p;
        if (kind == app::load_kind::none) {
            with_option("--driver", [&] { z = d->impedance(g).values(); });
        } else {
            const ea::acoustic_load load = opt->acoustic(g, kind, *common);
            network::two_port t{0};
            with_option("--driver", [&] { t = d->electro_acoustic(g); });
            const auto r = ea::respond(g, t, load);
            z = r.impedance;
            p = r.pressure;
        }
        write_driver_csv(*common, g, z, p, source, drive);
    });
}

void add_iem(CLI::App& sub, std::shared_ptr<simulate_options> common) {
    auto config = std::make_shared<std::string>();
    auto opt = std::make_shared<electro_options>();
    sub.add_option("--config", *config, "IEM.json: drivers, networks, acoustic paths (docs/iem-config.md)")->required();
    opt->add(sub, "the config's source_impedance, else 0ohm", "the config's load, else none");
    sub.callback([common, config, opt] {
        const auto g = common->grid();
        const app::iem_config c = app::read_iem_config(*config);
        for (const auto& note : c.deprecations) std::cerr << "iemlab: warning: " << note << '\n';
        const auto source = opt->source(c.source_impedance_ohm);
        const double drive = opt->drive_volts();
        const app::load_kind kind = opt->load_kind(c.load);
        const ea::acoustic_load load = opt->acoustic(g, kind, *common);
        ea::iem_response r;
        with_option(*config, [&] { r = c.iem.respond(g, load, common->air_or(kind == app::load_kind::canal ? 37.0 : 23.0)); });
        write_driver_csv(*common, g, r.impedance, r.pressure, source, drive);
    });
}

const register_simulate_model driver_model_registration{
    "driver", "A driver's impedance and source-impedance tilt (+ SPL on a load)", add_driver};
const register_simulate_model iem_model_registration{
    "iem", "A multi-driver IEM (IEM.json): total impedance, tilt (+ SPL on a load)", add_iem};

} // namespace
} // namespace iemlab::cli

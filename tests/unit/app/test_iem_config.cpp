#include <iemlab/app/iem_config.hpp>
#include <iemlab/core/frequency_grid.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>

using namespace iemlab;
using Catch::Matchers::Contains;

TEST_CASE("zma driver without phase gets the fitted model's phase", "[electroacoustics][iem_config]") {
    // A magnitude-only ZMA of the CI-22955 fit on 1/24 octave: the phase comes from a BA fit of
    // |Z| and must match the model's true (minimum-phase) phase.
    const auto truth = electroacoustics::find_knowles_receiver("CI-22955").model();
    const auto path = std::filesystem::temp_directory_path() / "iemlab_test_magnitude_only.zma";
    {
        std::ofstream out(path);
        out << "* Freq(Hz) Impedance(Ohm)\n";
        for (const double f : log_grid(20, 20000, 24)) out << f << ' ' << std::abs(truth.at(f)) << '\n';
    }
    const auto d = app::parse_driver("zma:" + path.string());
    CHECK_FALSE(d.has_acoustic_model());
    const network::grid g{log_grid(20, 20000, 6)};
    const auto z = d.impedance(g);
    double worst = 0;
    for (std::size_t i = 0; i < g.size(); ++i)
        worst = std::max(worst, std::abs(std::arg(z[i] / truth.at(g.frequency(i)))) * 180 / std::numbers::pi);
    INFO("worst phase error " << worst << " deg");
    CHECK(worst < 1.0);
    std::filesystem::remove(path);
}

TEST_CASE("IEM.json parses and names bad values", "[electroacoustics][iem_config]") {
    const std::string good = R"({"name": "x", "source_impedance": "2ohm", "load": "coupler",
        "drivers": [{"name": "w", "driver": "knowles:ED-30262",
                     "network": [{"series": {"r": 22}}, {"shunt": {"c": 4.7e-6}}],
                     "path": [{"tube": {"length": "8mm", "diameter": 0.001}}, {"damper": 1500}]}],
        "nozzle": [{"tube": {"length": 0.006, "diameter": "2mm"}}]})";
    const app::iem_config c = app::parse_iem_config(good, "good.json");
    CHECK(c.source_impedance_ohm.value() == 2.0);
    CHECK(c.load.value() == app::load_kind::coupler);
    REQUIRE(c.iem.drivers().size() == 1);
    CHECK(c.iem.drivers()[0].network.size() == 2);
    CHECK(c.iem.drivers()[0].path[0].length_m == Approx(0.008));
    CHECK(c.iem.nozzle()[0].diameter_m == Approx(0.002));
    CHECK_THROWS_WITH(app::parse_iem_config("{", "a.json"), Contains("a.json") && Contains("not valid JSON"));
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"drivers": []})", "b.json"), Contains("drivers"));
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"drivers": [{"driver": "ba:re=10,k=1e-3,n=2"}]})", "c.json"),
                      Contains("c.json") && Contains("n = 2"));
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"drivers": [{"driver": "ba:re=10,k=1e-3,n=0.9", "path": [{"tube": {"length": 0.01}}]}]})", "d.json"),
                      Contains("drivers[0].path[0].tube"));
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"drivers": [{"driver": "ba:re=10,k=1e-3,n=0.9"}], "load": "moon"})", "e.json"),
                      Contains("moon"));
}

TEST_CASE("IEM.json source_impedance as a network of parts", "[electroacoustics][iem_config]") {
    const std::string drivers = R"("drivers": [{"driver": "knowles:ED-30262"}])";
    const app::iem_config c = app::parse_iem_config(
        R"({"source_impedance": {"resistance": "10ohm", "inductance": "5uH", "series_capacitance": "220uF",
            "parallel_resistance": 100, "parallel_capacitance": "220nF"}, )" + drivers + "}",
        "net.json");
    REQUIRE(c.source.has_value());
    CHECK(c.source_impedance_ohm.value() == 10.0);
    const auto z = c.source->build();
    // Closed form at 1 kHz: R + jωL + 1/(jωC_s) + R_p/(1 + jωR_pC_p).
    const double w = 2 * std::numbers::pi * 1000;
    const std::complex<double> expected = std::complex<double>(10, w * 5e-6) + 1.0 / std::complex<double>(0, w * 220e-6) +
                                          100.0 / std::complex<double>(1, w * 100 * 220e-9);
    CHECK(z.at(1000).real() == Approx(expected.real()));
    CHECK(z.at(1000).imag() == Approx(expected.imag()));
    // A plain value keeps working and fills both fields.
    const auto plain = app::parse_iem_config(R"({"source_impedance": "2.2ohm", )" + drivers + "}", "p.json");
    CHECK(plain.source->resistance_ohm == 2.2);
    CHECK(plain.source_impedance_ohm.value() == 2.2);
    // Errors name the key path.
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"source_impedance": {"parallel_capacitance": "1uF"}, )" + drivers + "}", "a.json"),
                      Contains("a.json") && Contains("source_impedance") && Contains("parallel_resistance"));
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"source_impedance": {"resistance": "-1ohm"}, )" + drivers + "}", "b.json"),
                      Contains("source_impedance.resistance"));
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"source_impedance": {"capacitor": "1uF"}, )" + drivers + "}", "c.json"),
                      Contains("capacitor"));
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"source_impedance": {"file": "missing.zma"}, )" + drivers + "}", "d.json"),
                      Contains("source_impedance.file") && Contains("does not exist"));
}

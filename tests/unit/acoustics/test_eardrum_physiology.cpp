// Eardrum models against published physiology (energy reflectance, Lawton & Stinson 1986), and the tabulated
// eardrum (a measured impedance) against the models it was sampled from.
#include <iemlab/acoustics/ear_canal.hpp>
#include <iemlab/acoustics/eardrum.hpp>
#include <iemlab/acoustics/open_ear.hpp>
#include <iemlab/acoustics/p57_type43.hpp>
#include <iemlab/app/eardrum_source.hpp>
#include <iemlab/app/rig_config.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numbers>
#include <vector>

using namespace iemlab;
namespace ac = iemlab::acoustics;
namespace nw = iemlab::network;

namespace {

// ρc/S of a Ø 7.5 mm canal at 37 °C (the characteristic impedance the drum terminates).
double canal_z0() {
    const auto air = air_properties::at_celsius(37);
    return air.density * air.speed_of_sound / (std::numbers::pi * 3.75e-3 * 3.75e-3);
}

double reflectance(ac::eardrum_model m, double f) {
    const double w = 2 * std::numbers::pi * f;
    const auto z = m == ac::eardrum_model::shaw_stinson ? ac::shaw_stinson_impedance(w) : ac::hudde_engel_impedance(w);
    return ac::energy_reflectance(z, canal_z0());
}

} // namespace

TEST_CASE("energy reflectance at the drum: Lawton & Stinson (1986)", "[acoustics][eardrum]") {
    // Lawton & Stinson, JASA 79(4) 1003-1009 (1986), 13 adult ears, standing-wave method: the energy reflectance
    // rises from about 0.3 at 4 kHz to about 0.8 at 8 kHz (large spread between subjects above 7 kHz). Accept ±0.15.
    // Closed form first: a drum matched to the canal reflects nothing, a rigid one everything.
    CHECK(ac::energy_reflectance({canal_z0(), 0}, canal_z0()) == Approx(0).margin(1e-15));
    CHECK(ac::energy_reflectance({1e18, 0}, canal_z0()) == Approx(1).epsilon(1e-9));
    CHECK(ac::energy_reflectance({0, canal_z0()}, canal_z0()) == Approx(1).epsilon(1e-12)); // lossless mass
    const double ss4 = reflectance(ac::eardrum_model::shaw_stinson, 4000);
    const double ss8 = reflectance(ac::eardrum_model::shaw_stinson, 8000);
    CAPTURE(ss4, ss8);
    CHECK(std::abs(ss4 - 0.3) <= 0.15);
    CHECK(std::abs(ss8 - 0.8) <= 0.15);
    // The Hudde & Engel outline (COMSOL) reflects 0.81 at 4 kHz: its drum is ~16 ρc/S there (the drum-shunt mass
    // 2400 kg/m⁴·(1 + √(f/1.9 kHz))). Documented as outside the published range (docs/validation.md); this bound
    // fails when a fix brings it inside, so the documentation gets updated with it.
    const double he4 = reflectance(ac::eardrum_model::hudde_engel, 4000);
    CAPTURE(he4);
    CHECK(std::abs(he4 - 0.3) > 0.15);
}

TEST_CASE("the default eardrum: adult tympanometry at 226 Hz and the ERP-to-DRP gain at 3.15 kHz",
          "[acoustics][eardrum]") {
    // Margolis & Heller (1987), adults: peak compensated static admittance at 226 Hz, 90 % range 0.37-1.66 mmho,
    // i.e. an equivalent air volume of 0.37-1.66 cm³ (1 mmho at 226 Hz is 1 cm³). The volume a drum acts like is
    // γP0/(ω·|Z_D|). Held here as well as in docs/validation.md, so a regression fails a test, not only the table.
    const auto air = air_properties::at_celsius(37);
    const double w226 = 2 * std::numbers::pi * 226;
    const auto z226 = ac::eardrum_impedance(nw::grid{std::vector<double>{226}}, ac::eardrum_model::shaw_stinson)[0];
    const double volume_cm3 = air.bulk_modulus() / (w226 * std::abs(z226)) * 1e6;
    CAPTURE(volume_cm3);
    CHECK(volume_cm3 >= 0.37);
    CHECK(volume_cm3 <= 1.66);
    // ITU-T P.58's ERP-to-DRP transfer, about 10 dB at 3.15 kHz (the figure quoted in issue 18), ±3 dB: the drum
    // pressure over the entrance pressure of an open 25 mm × Ø 7.5 mm canal.
    ac::ear_canal canal;
    canal.eardrum = ac::eardrum_model::shaw_stinson;
    const double gain_db = 20 * std::log10(ac::open_ear_gain(nw::grid{std::vector<double>{3150}}, canal).abs(0));
    CAPTURE(gain_db);
    CHECK(std::abs(gain_db - 10) <= 3);
}

TEST_CASE("P.57 Type 4.3 simulator: the standard's volumes, its 500 Hz impedance, the lumped closed form",
          "[acoustics][eardrum][p57]") {
    // ITU-T P.57 (06/2021) Type 4.3: 451.3 mm³ from the reference plane to the drum reference point (13.31 mm),
    // 44.4 mm³ beyond it to the tip of the canal.
    const auto canal = ac::p57_type43_canal();
    const double drp = ac::p57_reference_plane_from_tip_m - ac::p57_drum_reference_point_from_tip_m;
    CHECK(canal.length() == Approx(16.83e-3));
    CHECK(canal.volume(0, drp) * 1e9 == Approx(451.3).margin(0.2));
    CHECK(canal.volume(drp, canal.length()) * 1e9 == Approx(44.4).margin(0.1));

    // Low frequency: the drum's compliances act as air volumes. At 0.05 Hz the cavity is C_t + C_a (1.429 + 30.6
    // cm³; its 732 MPa·s/m³ resistance is 1/20 of the 30.6 cm³ branch's reactance there) in series with R_o.
    const double w = 2 * std::numbers::pi * 0.05, gp0 = 1.4 * 101325.0;
    const auto zd = ac::p57_type43_impedance(w);
    CHECK(-zd.imag() == Approx(gp0 / (w * (1.429 + 30.6) * 1e-6)).epsilon(0.01));

    // 500 Hz: P.57's 27.7 MPa·s/m³ ± 5 % at the reference plane, and the lumped closed form
    // Z_T = 1/(jω·V/(γP0) + 1/Z_D) with V the canal's 495.7 mm³ (the line differs by about (kL)²/3 ≈ 0.8 %).
    const nw::grid g{std::vector<double>{500}};
    const ac::ear_canal_model model{g, ac::p57_type43_ear()};
    const auto zt = model.respond(0.0).transfer_impedance[0];
    CHECK(std::abs(std::abs(zt) / 27.7e6 - 1) < 0.05);
    const double w500 = 2 * std::numbers::pi * 500;
    const auto lumped = 1.0 / (std::complex<double>(0, w500 * canal.volume(0, canal.length()) / gp0) +
                               1.0 / ac::p57_type43_impedance(w500));
    CHECK(std::abs(zt / lumped - 1.0) < 0.02);
    // A passive drum: Re Z_D > 0 from 20 Hz to 20 kHz.
    for (double f = 20; f <= 20000; f *= 1.25) CHECK(ac::p57_type43_impedance(2 * std::numbers::pi * f).real() > 0);
    CHECK(ac::parse_eardrum_model("p57") == ac::eardrum_model::p57_type43);
}

TEST_CASE("tabulated eardrum: log-frequency interpolation, a canal ending in it, bad tables", "[acoustics][eardrum]") {
    using Catch::Matchers::Contains;
    // Sampled from Shaw & Stinson on a grid, the table returns the samples exactly at its points and its canal is the
    // model's canal there.
    const nw::grid pts{log_grid(20, 20000, 24)};
    const auto zs = ac::eardrum_impedance(pts, ac::eardrum_model::shaw_stinson);
    std::vector<std::complex<double>> z(pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i) z[i] = zs[i];
    const auto table = std::make_shared<const ac::eardrum_table>(
        std::vector<double>(pts.frequencies().begin(), pts.frequencies().end()), z, "ss.csv");
    for (std::size_t i = 0; i < pts.size(); ++i) CHECK(table->impedance_at(pts.frequency(i)) == zs[i]);
    ac::ear_canal model_canal, table_canal;
    table_canal.eardrum_file = table;
    CHECK(table_canal.eardrum_name() == "ss.csv");
    CHECK(model_canal.eardrum_name() == "shaw-stinson");
    const ac::ear_canal_model a{pts, model_canal}, b{pts, table_canal};
    const auto ra = a.respond(0.008), rb = b.respond(0.008);
    for (std::size_t i = 0; i < pts.size(); ++i)
        CHECK(std::abs(rb.transfer_impedance[i] / ra.transfer_impedance[i] - 1.0) < 1e-12);
    // Between points: linear in log f, e.g. halfway (geometric mean) gives the mean of the two values.
    const ac::eardrum_table two{{100, 400}, {{1e7, -2e7}, {3e7, 0}}, "two"};
    CHECK(std::abs(two.impedance_at(200) - std::complex<double>(2e7, -1e7)) < 1e-3);
    REQUIRE_THROWS_WITH(two.impedance_at(50), Contains("frequency = 50") && Contains("100 … 400 Hz"));
    REQUIRE_THROWS_WITH(ac::eardrum_table({100, 100}, {{1, 0}, {1, 0}}, "t"), Contains("frequency[1] = 100"));
    REQUIRE_THROWS_WITH(ac::eardrum_table({100, 200}, {{1, 0}, {-1, 0}}, "t"), Contains("Re impedance[1] = -1"));
    REQUIRE_THROWS_WITH(ac::eardrum_table({100, 200}, {{0, 0}, {1, 0}}, "t"), Contains("|impedance|[0] = 0"));
    REQUIRE_THROWS_WITH(ac::eardrum_table({100}, {{1, 0}}, "t"), Contains("points = 1"));
}

TEST_CASE("eardrum option: a model name or an impedance file, bad files named with their line", "[app][eardrum]") {
    using Catch::Matchers::Contains;
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "iemlab_test_eardrum";
    fs::create_directories(dir);
    const fs::path good = dir / "drum.csv", bad = dir / "bad.csv", wide = dir / "wide.csv";
    std::ofstream(good) << "# measured drum\nfrequency,re,im\n100,2e7,-1.6e8\n1000,1.5e7,-2e7\n10000,3e7,4e7\n";
    std::ofstream(bad) << "f re im\n100 2e7 -1e8\n1000 -5 0\n";
    std::ofstream(wide) << "100 1 2 3\n200 1 2 3\n";
    ac::ear_canal c;
    app::set_eardrum(c, good.string());
    REQUIRE(c.eardrum_file);
    CHECK(c.eardrum_file->frequencies() == std::vector<double>{100, 1000, 10000});
    CHECK(c.eardrum_file->impedances()[2] == std::complex<double>(3e7, 4e7));
    app::set_eardrum(c, "rigid");
    CHECK(!c.eardrum_file);
    CHECK(c.eardrum == ac::eardrum_model::rigid);
    REQUIRE_THROWS_WITH(app::set_eardrum(c, bad.string()), Contains("bad.csv:3") && Contains("Re impedance"));
    REQUIRE_THROWS_WITH(app::set_eardrum(c, wide.string()), Contains("4 columns"));
    REQUIRE_THROWS_WITH(app::set_eardrum(c, (dir / "none.csv").string()),
                        Contains("--eardrum") && Contains("neither an eardrum model"));
    fs::remove_all(dir);
}

TEST_CASE("rig.json load.eardrum: a model name or a file relative to the configuration", "[app][eardrum]") {
    using Catch::Matchers::Contains;
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "iemlab_test_rig_eardrum";
    fs::create_directories(dir);
    std::ofstream(dir / "drum.txt") << "1 1e7 -1e9\n30000 1e7 1e8\n"; // the rig needs rate/FIR size … rate/2
    std::ofstream(dir / "short.txt") << "20 1e7 -1e9\n30000 1e7 1e8\n";
    const std::string iem = R"("iems": [{"name": "x", "drivers": [{"driver": "knowles:ED-30262"}]}])";
    auto rig_json = [&](const std::string& eardrum) {
        return app::parse_rig_config(R"({"load": {"type": "canal", "eardrum": ")" + eardrum + "\"}, " + iem + "}",
                                     "rig.json", dir);
    };
    const auto rig = rig_json("drum.txt").rig;
    REQUIRE(rig.canal.eardrum_file);
    CHECK(rig.canal.eardrum_file->impedance_at(1) == std::complex<double>(1e7, -1e9));
    REQUIRE_THROWS_WITH(rig_json("short.txt"), Contains("load.eardrum") && Contains("from 2 Hz (rate/FIR size) to 24000 Hz"));
    const auto named = rig_json("hudde").rig;
    CHECK(!named.canal.eardrum_file);
    CHECK(named.canal.eardrum == ac::eardrum_model::hudde_engel);
    REQUIRE_THROWS_WITH(rig_json("nope.csv"), Contains("load.eardrum") && Contains("does not exist"));
    fs::remove_all(dir);
}

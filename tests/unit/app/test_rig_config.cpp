// rig.json and IEM.json: the readers map keys to the domain's fields and let the domain's validate() judge the
// values (the message names the key the user wrote); drivers and IEMs have one schema in both files, and the
// first rig.json schema (units in key names) is read as deprecated aliases.
#include <iemlab/app/iem_config.hpp>
#include <iemlab/app/rig_config.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>

using namespace iemlab;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {
const std::string one_iem = R"("iems": [{"name": "x", "drivers": [{"driver": "knowles:ED-30262"}]}])";

app::rig_config rig_json(const std::string& body) {
    return app::parse_rig_config("{" + body + (body.empty() ? "" : ", ") + one_iem + "}", "rig.json", ".");
}
} // namespace

TEST_CASE("rig.json: defaults are the documented ones, taken from the domain", "[app][rig_config]") {
    const auto c = rig_json("");
    // docs/rig-config.md: 48 kHz, 0.1 V, 0.5 Ω, 12.5 mV/Pa, 20 dB gain, insertion depth 1 … 5 mm on a coupler.
    CHECK(c.rig.rate_hz == 48000);
    CHECK(c.rig.dac.full_scale_v == 0.1);
    CHECK(c.rig.dac.output_impedance.resistance_ohm() == 0.5);
    CHECK(c.rig.microphone.sensitivity_v_per_pa == 12.5e-3);
    CHECK(c.rig.adc.gain_db == 20);
    CHECK(c.rig.insertions.depth_min_m == 0.001);
    CHECK(c.rig.insertions.depth_max_m == 0.005);
    CHECK(c.session.insertions == 3);
    CHECK(c.session.sweep.f2_hz == Approx(22000)); // below 0.46 · 48 kHz
    CHECK(c.deprecations.empty());

    // Placements one by one (docs/rig-config.md): a missing depth is the middle of the depth range.
    const auto placed = rig_json(R"("insertion": {"placements": [{"depth_mm": 2}, {"leak_gap_mm": 0.2}]})");
    REQUIRE(placed.rig.insertions.placements.size() == 2);
    CHECK(placed.rig.insertions.placements[0].depth_m == Approx(0.002));
    CHECK(placed.rig.insertions.placements[0].leak_gap_m == 0);
    CHECK(placed.rig.insertions.placements[1].depth_m == Approx(0.003));
    CHECK(placed.rig.insertions.placements[1].leak_gap_m == Approx(0.0002));

    // A canal: 25 mm × Ø 7.5 mm, seal 8 … 12 mm deep (docs/rig-config.md).
    const auto canal = rig_json(R"("load": {"type": "canal"})");
    CHECK(canal.rig.load == measure::rig_load_type::canal);
    CHECK(canal.rig.canal.geometry.length() == Approx(0.025));
    CHECK(canal.rig.canal.geometry.radius_at(0) == Approx(0.00375));
    CHECK(canal.rig.insertions.depth_min_m == 0.008);
    CHECK(canal.rig.insertions.depth_max_m == 0.012);
    // At 32 kHz the sweep's default end is 0.46 · rate.
    CHECK(rig_json(R"("rate_hz": 32000)").session.sweep.f2_hz == Approx(14720));
}

TEST_CASE("rig.json: the canal load takes a cone or an area-function file", "[app][rig_config]") {
    // A cone: Ø 8 mm at the entrance narrowing to Ø 6 mm at the drum over 24 mm.
    const auto cone =
        rig_json(R"("load": {"type": "canal", "canal_length_mm": 24, "canal_diameter_mm": 8, "drum_diameter_mm": 6})");
    CHECK(cone.rig.canal.geometry.length() == Approx(0.024));
    CHECK(cone.rig.canal.geometry.radius_at(0) == Approx(0.004));
    CHECK(cone.rig.canal.geometry.radius_at(0.012) == Approx(0.0035)); // linear in radius
    CHECK(cone.rig.canal.geometry.radius_at(0.024) == Approx(0.003));

    // A file, relative to the rig.json's folder, written from the drum: 20 mm², 40 mm², 30 mm² at 0, 10, 22 mm.
    const auto folder = std::filesystem::temp_directory_path();
    const auto file = folder / "iemlab_test_rig_area.csv";
    std::ofstream(file) << "drum_distance_mm,area_mm2\n0,30\n12,40\n22,20\n";
    const std::string load = R"("load": {"type": "canal", "area_function": "iemlab_test_rig_area.csv"})";
    const auto shaped = app::parse_rig_config("{" + load + ", " + one_iem + "}", "rig.json", folder);
    CHECK(shaped.rig.canal.geometry.length() == Approx(0.022));
    CHECK(std::numbers::pi * std::pow(shaped.rig.canal.geometry.radius_at(0), 2) == Approx(20e-6));
    CHECK(std::numbers::pi * std::pow(shaped.rig.canal.geometry.radius_at(0.010), 2) == Approx(40e-6));
    CHECK(std::numbers::pi * std::pow(shaped.rig.canal.geometry.radius_at(0.022), 2) == Approx(30e-6));
    std::filesystem::remove(file);

    CHECK_THROWS_WITH(rig_json(R"("load": {"type": "canal", "area_function": "a.csv", "canal_length_mm": 20})"),
                      StartsWith("rig.json: load.canal_length_mm: ") && Contains("load.area_function"));
    CHECK_THROWS_WITH(rig_json(R"("load": {"type": "canal", "area_function": "iemlab-no-such-file.csv"})"),
                      Contains("iemlab-no-such-file.csv"));
    CHECK_THROWS_WITH(rig_json(R"("load": {"type": "canal", "drum_diameter_mm": 30})"),
                      StartsWith("rig.json: load.drum_diameter_mm: ") && Contains("drum diameter"));
    CHECK_THROWS_WITH(rig_json(R"("load": {"drum_diameter_mm": 6})"),
                      StartsWith("rig.json: load.drum_diameter_mm: ") && Contains("applies to type \"canal\" only"));
}

TEST_CASE("rig.json: load type p57 is the ITU-T P.57 Type 4.3 simulator", "[app][rig_config]") {
    // ITU-T P.57 (06/2021) Type 4.3: 41.6 mm² at the reference plane (17.33 mm from the tip of the canal), 20.8 mm²
    // at 4 mm from the tip, the last knot 0.5 mm from the tip; its drum; 23 °C. Eartip 2 … 6 mm past the plane.
    const auto c = rig_json(R"("load": {"type": "p57"})");
    CHECK(c.rig.load == measure::rig_load_type::canal);
    CHECK(c.rig.canal.eardrum == acoustics::eardrum_model::p57_type43);
    CHECK(c.rig.canal.geometry.length() == Approx(0.01683));
    CHECK(std::numbers::pi * std::pow(c.rig.canal.geometry.radius_at(0), 2) == Approx(41.6e-6));
    CHECK(std::numbers::pi * std::pow(c.rig.canal.geometry.radius_at(0.01333), 2) == Approx(20.8e-6));
    CHECK(c.rig.canal.air.temperature_k == Approx(296.15));
    CHECK(c.rig.insertions.depth_min_m == 0.002);
    CHECK(c.rig.insertions.depth_max_m == 0.006);
    CHECK(rig_json(R"("load": {"type": "p57", "temperature_c": 30})").rig.canal.air.temperature_k == Approx(303.15));

    CHECK_THROWS_WITH(rig_json(R"("load": {"type": "p57", "canal_length_mm": 20})"),
                      StartsWith("rig.json: load.canal_length_mm: ") && Contains("p57 has its own shape"));
    CHECK_THROWS_WITH(rig_json(R"("load": {"type": "p57", "eardrum": "hudde"})"),
                      StartsWith("rig.json: load.eardrum: "));
    CHECK_THROWS_WITH(rig_json(R"("load": {"type": "p57"}, "insertion": {"depth_mm": 17})"),
                      StartsWith("rig.json: insertion.depth_mm: "));
    CHECK_THROWS_WITH(rig_json(R"("load": {"type": "ear"})"),
                      StartsWith("rig.json: load.type: ") && Contains("iec60318-4, canal or p57"));
}

TEST_CASE("rig.json: a value the domain rejects is reported at the key that set it", "[app][rig_config]") {
    struct row {
        const char* body;
        const char* key;   // the JSON key path in the message
        const char* rule;  // the domain's own message
    };
    const row rows[] = {
        {R"("rate_hz": 10)", "rig.json: rate_hz: ", "rig_settings: rate = 10 Hz is out of range"},
        {R"("adc": {"gain_db": 200})", "rig.json: adc.gain_db: ", "rig_settings: adc.gain = 200 dB"},
        {R"("insertion": {"depth_mm": [4, 2]})", "rig.json: insertion.depth_mm: ", "insertion depth_max = 0.002 m"},
        {R"("insertion": {"depth_mm": 40})", "rig.json: insertion.depth_mm: ", "<= 0.03 m"},
        {R"("load": {"type": "canal", "canal_length_mm": 80})", "rig.json: load.canal_length_mm: ", "canal_geometry: length"},
        {R"("load": {"type": "canal", "temperature_c": 200})", "rig.json: load.temperature_c: ", "air_properties: temperature"},
        {R"("sweep": {"duration_s": -1})", "rig.json: sweep.duration_s: ", "duration = -1 s"},
        {R"("sweep": {"level_dbfs": 3})", "rig.json: sweep.level_dbfs: ", "sweep_settings: level = 3 dBFS"},
        {R"("insertions": 0)", "rig.json: insertions: ", "session_settings: insertions = 0"},
        {R"("analysis": {"harmonics": 12})", "rig.json: analysis.harmonics: ", "analysis_settings: harmonics = 12"},
        {R"("analysis": {"normalize_hz": 50000})", "rig.json: analysis.normalize_hz: ", "analysis band 20 … 20000 Hz"},
        {R"("seed": -1)", "rig.json: seed: ", "not a whole number"},
        {R"("adc": {"latency_samples": 1.5})", "rig.json: adc.latency_samples: ", "not a whole number"},
        {R"("insertion": {"placements": [{"leak_gap_mm": 9}]})", "rig.json: insertion.placements: ", "placement leak_gap = 0.009 m"},
        {R"("insertion": {"placements": []})", "rig.json: insertion.placements: ", "non-empty list"},
        {R"("insertion": {"placements": [{"gap_mm": 0.1}]})", "rig.json: insertion.placements[0]: ", "unknown key"},
    };
    for (const auto& r : rows) {
        INFO(r.body);
        CHECK_THROWS_WITH(rig_json(r.body), StartsWith(r.key) && Contains(r.rule));
    }
    // Per-IEM values: the IEM's keys.
    const auto iem_error = [](const std::string& extra) {
        return app::parse_rig_config(R"({"iems": [{"name": "x", )" + extra + R"(, "drivers": [{"driver": "knowles:ED-30262"}]}]})",
                                     "rig.json", ".");
    };
    CHECK_THROWS_WITH(iem_error(R"("right_gain_db": 50)"), StartsWith("rig.json: iems[0].right_gain_db: ") && Contains("channel gain = 50 dB"));
    CHECK_THROWS_WITH(iem_error(R"("nonlinearity": {"a2": 2})"), StartsWith("rig.json: iems[0].nonlinearity.a2: "));
    CHECK_THROWS_WITH(iem_error(R"("source_impedance": "-3ohm")"), StartsWith("rig.json: iems[0].source_impedance: "));
    CHECK_THROWS_WITH(iem_error(R"("source_impedance": 1, "source_impedance_ohm": 1)"), Contains("not both"));
}

TEST_CASE("IEM.json and rig.json describe drivers with one schema; the old rig.json keys are deprecated aliases",
          "[app][rig_config][iem_config]") {
    const std::string drivers_now = R"("drivers": [{"name": "BA", "driver": "knowles:ED-30262",
        "network": [{"series": {"r": "10ohm", "c": 4.7e-6, "parallel": true}}, {"shunt": {"l": 1e-3}}],
        "path": [{"tube": {"length": "4mm", "diameter": 0.001}}, {"damper": 680}]}],
        "nozzle": [{"tube": {"length": "14mm", "diameter": "1.4mm"}}])";
    const std::string drivers_old = R"("drivers": [{"name": "BA", "spec": "knowles:ED-30262",
        "network": [{"series": {"r_ohm": 10, "c_uf": 4.7, "parallel": true}}, {"shunt": {"l_mh": 1}}],
        "path": [{"tube": {"length_mm": 4, "diameter_mm": 1}}, {"damper_cgs": 680}]}],
        "nozzle": [{"tube": {"length_mm": 14, "diameter_mm": 1.4}}])";
    const auto check_model = [](const electroacoustics::multi_driver_iem& iem) {
        REQUIRE(iem.drivers().size() == 1);
        const auto& d = iem.drivers()[0];
        REQUIRE(d.network.size() == 2);
        CHECK(d.network[0].element.resistance_ohm == 10);
        CHECK(d.network[0].element.capacitance_f == Approx(4.7e-6));
        CHECK(d.network[0].element.parallel);
        CHECK(d.network[1].element.inductance_h == Approx(1e-3));
        REQUIRE(d.path.size() == 2);
        CHECK(d.path[0].length_m == Approx(0.004));
        CHECK(d.path[0].diameter_m == Approx(0.001));
        CHECK(d.path[1].resistance_cgs == 680);
        REQUIRE(iem.nozzle().size() == 1);
        CHECK(iem.nozzle()[0].diameter_m == Approx(0.0014));
    };
    // The same text under both files' schemas.
    for (const auto* drivers : {&drivers_now, &drivers_old}) {
        const bool old = drivers == &drivers_old;
        INFO((old ? "old keys" : "current keys"));
        const auto ic = app::parse_iem_config("{" + *drivers + "}", "iem.json");
        check_model(ic.iem);
        CHECK(ic.deprecations.size() == (old ? 7u : 0u)); // spec, r_ohm, c_uf, l_mh, length_mm, diameter_mm, damper_cgs
        const auto rc = app::parse_rig_config(R"({"iems": [{"name": "x", )" + *drivers + "}]}", "rig.json", ".");
        CHECK(rc.deprecations.size() == ic.deprecations.size());
        if (old) {
            CHECK_THROWS_WITH(app::parse_iem_config(R"({"drivers": [{"driver": "knowles:ED-30262", "spec": "knowles:ED-30262"}]})", "a.json"),
                              Contains("drivers[0]: give driver or spec, not both"));
            CHECK_THAT(ic.deprecations.front(), StartsWith("iem.json: 'spec' is deprecated and will be removed in 0.2: write 'driver'"));
        }
    }
    // Messages name the file and the key path, and the domain's rule.
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"drivers": [{"driver": "knowles:ED-30262", "network": [{"shunt": {"c": -1e-6}}]}]})", "b.json"),
                      StartsWith("b.json: drivers[0].network[0].shunt: ") && Contains("c = -1e-06 F is out of range"));
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"drivers": [{"driver": "knowles:ED-30262", "path": [{"tube": {"length": "1m", "diameter": "1mm"}}]}]})", "c.json"),
                      StartsWith("c.json: drivers[0].path[0]: ") && Contains("length = 1 m"));
    CHECK_THROWS_WITH(app::parse_iem_config(R"({"drivers": [{"drivre": "knowles:ED-30262"}]})", "d.json"),
                      Contains("d.json: drivers[0]: unknown key 'drivre'"));
    // The simulated rig needs an acoustic model.
    CHECK_THROWS_WITH(app::parse_rig_config(R"({"iems": [{"name": "x", "drivers": [{"driver": "ba:re=10,k=1e-3,n=0.9"}]}]})", "rig.json", "."),
                      Contains("rig.json: iems[0].drivers: has a driver without an acoustic model"));
}

// Sensitivity conversions and drive against the closed forms P = V²/|Z|, SPL = S_V + 20·log10 V (see the header).
#include <iemlab/electroacoustics/sensitivity.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace iemlab;
using namespace iemlab::electroacoustics;
using Catch::Matchers::Contains;

TEST_CASE("sensitivity: dB/mW, dB/V and dB at a voltage or power convert by P = V^2/|Z|", "[electroacoustics][sensitivity]") {
    // "96 dB SPL at 0.1 V into 15 ohm" is 116 dB/V and 116 - 10 log10(1000/15) = 97.76 dB/mW.
    const auto a = sensitivity::at_voltage(96, 0.1, 15);
    CHECK(a.db_per_volt() == Approx(116).margin(1e-12));
    CHECK(a.db_per_milliwatt() == Approx(116 - 10 * std::log10(1000.0 / 15)).margin(1e-12));
    CHECK(a.db_per_milliwatt() == Approx(97.8).margin(0.05));
    // "100 dB/mW at 18 ohm" is 117.4 dB/V.
    const auto b = sensitivity::per_milliwatt(100, 18);
    CHECK(b.db_per_volt() == Approx(100 + 10 * std::log10(1000.0 / 18)).margin(1e-12));
    CHECK(b.db_per_volt() == Approx(117.4).margin(0.05));
    // 120 dB/mW with 100 mW available: 120 + 10 log10(100) = 140 dB SPL.
    CHECK(sensitivity::per_milliwatt(120, 32).spl_at_power(0.1) == Approx(140).margin(1e-12));
    // For a target level: 110 dB SPL from 100 dB/mW at 16 ohm needs 10 mW, sqrt(0.01·16) = 0.4 V, 25 mA.
    const auto c = sensitivity::per_milliwatt(100, 16);
    CHECK(c.power_for(110) == Approx(0.010).epsilon(1e-12));
    CHECK(c.voltage_for(110) == Approx(0.4).epsilon(1e-12));
    CHECK(c.current_for(110) == Approx(0.025).epsilon(1e-12));
    CHECK(sensitivity::at_power(110, 1e-3, 16).db_per_milliwatt() == Approx(110).margin(1e-12));
}

TEST_CASE("sensitivity: spec-sheet spellings parse; others are refused by name", "[electroacoustics][sensitivity]") {
    CHECK(parse_sensitivity("100dB/mW", 18).db_per_volt() == Approx(100 + 10 * std::log10(1000.0 / 18)));
    CHECK(parse_sensitivity("116 dB/V", 15).db_per_volt() == Approx(116));
    CHECK(parse_sensitivity("96dB@0.1V", 15).db_per_volt() == Approx(116));
    CHECK(parse_sensitivity("96 dB SPL @ 100mV", 15).db_per_volt() == Approx(116));
    CHECK(parse_sensitivity("110dB@1mW", 16).db_per_milliwatt() == Approx(110));
    for (const char* bad : {"", "100", "dB/mW", "100dB", "100dB/kg", "100dB@", "100dB@1kg", "xdB/V"}) {
        INFO(bad);
        CHECK_THROWS_WITH(parse_sensitivity(bad, 16, "--sensitivity"), Contains("--sensitivity") && Contains("100dB/mW"));
    }
    CHECK_THROWS_WITH(parse_sensitivity("100dB/mW", 0), Contains("impedance"));
}

TEST_CASE("drive: a source's largest level, what limits it, and the level lost in its output impedance",
          "[electroacoustics][sensitivity]") {
    const auto s = sensitivity::per_milliwatt(100, 16);
    // 1 V from 0 ohm into 16 ohm: 62.5 mW, 100 + 10 log10(62.5) dB SPL, no loss.
    auto r = source_drive(s, {"ideal", 1.0, 0.0, std::nullopt}, 16.0);
    CHECK(r.power_w == Approx(0.0625));
    CHECK(r.max_spl_db == Approx(100 + 10 * std::log10(62.5)));
    CHECK(r.limited_by == drive_limit::voltage);
    CHECK(r.impedance_loss_db == Approx(0).margin(1e-12));
    // A 16 ohm output halves the voltage: -6.02 dB.
    r = source_drive(s, {"16 ohm", 1.0, 16.0, std::nullopt}, 16.0);
    CHECK(r.voltage_v == Approx(0.5));
    CHECK(r.impedance_loss_db == Approx(20 * std::log10(0.5)));
    // The ER4P/ER4S case: +75 ohm in front of 27 ohm costs 20 log10(27/102) = -11.5 dB at 1 kHz.
    CHECK(source_drive(s, {"75", 1.0, 75.0, std::nullopt}, 27.0).impedance_loss_db == Approx(20 * std::log10(27.0 / 102)));
    // 2 V could drive 125 mA into 16 ohm; a 50 mA limit caps the voltage at 0.8 V.
    r = source_drive(s, {"limited", 2.0, 0.0, 0.05}, 16.0);
    CHECK(r.limited_by == drive_limit::current);
    CHECK(r.voltage_v == Approx(0.8));
    CHECK(r.current_a == Approx(0.05));
    // A 50 mW rating into 16 ohm caps it at sqrt(0.8) V.
    r = source_drive(s, {"big amp", 10.0, 0.0, std::nullopt}, 16.0, 0.05);
    CHECK(r.limited_by == drive_limit::rating);
    CHECK(r.voltage_v == Approx(std::sqrt(0.8)));
    CHECK(r.max_spl_db == Approx(100 + 10 * std::log10(50.0)));
    CHECK_THROWS_WITH(source_drive(s, {"bad", -1.0, 0.0, std::nullopt}, 16.0), Contains("voltage"));
    CHECK_THROWS_WITH(source_drive(s, {"bad", 1.0, 0.0, std::nullopt}, 0.0), Contains("impedance"));
}

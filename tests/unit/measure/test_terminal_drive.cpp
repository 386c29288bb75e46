// The drive across an IEM's terminals and the sensitivity it gives (measure/terminal_drive.hpp), against closed
// forms and the spec-sheet example of issue 23: 96 dB SPL at 0.1 V into 15 Ω is 116 dB/V and 97.8 dB/mW.
#include <iemlab/measure/terminal_drive.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace iemlab;
using Catch::Matchers::Contains;

TEST_CASE("terminal drive: the interface's divider, and the sensitivity a measured SPL means", "[measure][sensitivity]") {
    // 1 V RMS at 0 dBFS, a sweep at −6 dBFS, 10 Ω out into a resistive 32 Ω: 10^(−6/20)·32/42 V.
    const auto d = measure::terminal_drive::from_interface(1.0, -6.0, 10.0, 32.0);
    CHECK(d.v_rms == Approx(std::pow(10.0, -6.0 / 20) * 32.0 / 42.0).epsilon(1e-12));
    CHECK(*d.impedance_ohm == Approx(32.0).epsilon(1e-15));
    // A reactive divider uses complex impedances: |Z/(Z + Zs)| with Z = 16 + 16j Ω, Zs = 16 Ω.
    const std::complex<double> z(16, 16);
    const auto dc = measure::terminal_drive::from_interface(2.0, 0.0, 16.0, z);
    CHECK(dc.v_rms == Approx(2.0 * std::abs(z) / std::abs(z + 16.0)).epsilon(1e-12));

    measure::terminal_drive spec;
    spec.v_rms = 0.1;
    spec.impedance_ohm = 15;
    const auto s = measure::sensitivity_from(96.0, spec);
    CHECK(s.db_spl_per_v == Approx(116.0).margin(1e-12));
    CHECK(*s.db_spl_per_mw == Approx(96.0 + 10 * std::log10(1e-3 * 15 / 0.01)).margin(1e-12)); // 97.76 dB/mW
    CHECK(s.spl_at_voltage(0.1) == Approx(96.0).margin(1e-12));
    // Without the impedance only dB/V is known.
    spec.impedance_ohm.reset();
    CHECK(!measure::sensitivity_from(96.0, spec).db_spl_per_mw);

    spec.v_rms = 0;
    CHECK_THROWS_WITH(measure::sensitivity_from(96.0, spec), Contains("drive_voltage"));
    CHECK_THROWS_WITH(measure::terminal_drive::from_interface(1.0, -6.0, 10.0, 0.0), Contains("impedance"));
    CHECK_THROWS_WITH(measure::terminal_drive::from_interface(0.0, -6.0, 10.0, 32.0), Contains("full_scale_voltage"));
    // Passive parts only: a negative resistance would lift the terminals above the open-circuit voltage.
    CHECK_THROWS_WITH(measure::terminal_drive::from_interface(1.0, -6.0, -5.0, 32.0), Contains("source_impedance"));
    CHECK_THROWS_WITH(measure::terminal_drive::from_interface(1.0, -6.0, 16.0, -16.0), Contains("impedance"));
    CHECK_THROWS_WITH(measure::terminal_drive::measured(0.1, std::complex<double>(-16, 0)), Contains("Re Z >= 0"));
    CHECK_THROWS_WITH(measure::terminal_drive::measured(0.1, 2e6), Contains("impedance = 2e+06 ohm"));
    // Without the IEM's impedance only an ideal source gives a voltage: the open-circuit one.
    CHECK(measure::terminal_drive::from_interface(1.0, -6.0, 0.0, std::nullopt).v_rms == Approx(std::pow(10.0, -0.3)).epsilon(1e-12));
    CHECK_THROWS_WITH(measure::terminal_drive::from_interface(1.0, -6.0, 2.0, std::nullopt), Contains("divider"));
    CHECK(measure::terminal_drive::measured(0.1).v_rms == 0.1);
}

#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/electroacoustics/crossover.hpp>
#include <iemlab/electroacoustics/loads.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

using namespace iemlab;
using namespace iemlab::electroacoustics;
using Catch::Matchers::Contains;

namespace {

using cplx = std::complex<double>;

driver_model electrical_only(const char* preset) {
    return {find_knowles_receiver(preset).model(), std::nullopt, preset};
}
network_stage series(double r, double l, double c, bool parallel = false) {
    return {network_stage::connection::series, {r, l, c, parallel}};
}
network_stage shunt(double r, double l, double c) { return {network_stage::connection::shunt, {r, l, c, false}}; }
cplx par(cplx a, cplx b) { return a * b / (a + b); }

} // namespace

TEST_CASE("crossover networks match the divider formulas", "[electroacoustics][crossover]") {
    const std::vector<double> f{50, 500, 1000, 2000, 5000, 10000, 20000};
    const network::grid g{f};
    const ba_impedance_model woofer = find_knowles_receiver("CI-22955").model();
    const ba_impedance_model tweeter = find_knowles_receiver("RAU-34832").model();
    // Reference §3.2: series R + shunt C on the woofer, series C + shunt Rp on the tweeter, in parallel.
    const multi_driver_iem iem({{"woofer", electrical_only("CI-22955"), {series(22, 0, 0), shunt(0, 0, 4.7e-6)}, {}},
                                {"tweeter", electrical_only("RAU-34832"), {series(0, 0, 2.2e-6), shunt(6.8, 0, 0)}, {}}});
    const auto r = iem.respond(g);
    for (std::size_t i = 0; i < f.size(); ++i) {
        const cplx s{0, 2 * std::numbers::pi * f[i]};
        const cplx zw = woofer.at(f[i]), zt = tweeter.at(f[i]);
        const cplx zp_w = par(zw, 1.0 / (s * 4.7e-6)), zbr_w = 22.0 + zp_w;   // Z_p = Z_d ∥ 1/(sC), Z_br = R + Z_p
        const cplx zp_t = par(zt, 6.8), zbr_t = 1.0 / (s * 2.2e-6) + zp_t;    // Z_p = Z_d ∥ Rp, Z_br = 1/(sC) + Z_p
        const cplx ztot = 1.0 / (1.0 / zbr_w + 1.0 / zbr_t);
        CHECK(std::abs(r.impedance[i] - ztot) < 1e-9 * std::abs(ztot));
        CHECK(std::abs(r.driver_voltage[0][i] - zp_w / zbr_w) < 1e-9);    // T = Z_p/Z_br
        CHECK(std::abs(r.driver_voltage[1][i] - zp_t / zbr_t) < 1e-9);
    }
    // A series R ∥ C (ER-4B adapter) in front of one driver: Z = R/(1 + sRC) + Z_d.
    const multi_driver_iem b({{"", electrical_only("ED-30262"), {series(100, 0, 220e-9, true)}, {}}});
    const auto rb = b.respond(g);
    for (std::size_t i = 0; i < f.size(); ++i) {
        const cplx s{0, 2 * std::numbers::pi * f[i]};
        const cplx expected = 100.0 / (1.0 + s * 100.0 * 220e-9) + find_knowles_receiver("ED-30262").model().at(f[i]);
        CHECK(std::abs(rb.impedance[i] - expected) < 1e-9 * std::abs(expected));
    }
    // The multi-BA |Z| collapses in the treble (capacitor-fed tweeter), so a source impedance cuts treble
    // relative to 1 kHz, the opposite sign of a single BA.
    const auto tilt = source_impedance_tilt(f, r.impedance, output_impedance::from_si(10));
    CHECK(tilt[5] - tilt[2] < -0.5);
    const auto single = source_impedance_tilt(f, woofer.evaluate(f), output_impedance::from_si(10));
    CHECK(single[5] - single[2] > 0.3); // +0.44 dB: |Z| 77 Ω at 1 kHz, 201 Ω at 10 kHz
}

TEST_CASE("multi-driver IEM: acoustic sum on the nodal solver", "[electroacoustics][crossover]") {
    const std::vector<double> f = log_grid(50, 16000, 6);
    const network::grid g{f};
    const acoustic_load coupler = coupler_load(g);
    const auto& preset = find_knowles_receiver("ED-30262");
    const ba_receiver rx = preset.receiver();
    const driver_model d{preset.model(), rx, "ED-30262"};
    // One driver, no network, no path: the nodal solution equals the ABCD cascade.
    const auto one = multi_driver_iem({{"", d, {}, {}}}).respond(g, coupler);
    const auto direct = rx.respond(g, coupler);
    for (std::size_t i = 0; i < f.size(); ++i) {
        CHECK(std::abs(one.impedance[i] - direct.impedance[i]) < 1e-9 * std::abs(direct.impedance[i]));
        CHECK(std::abs(one.pressure[i] - direct.pressure[i]) < 1e-9 * std::abs(direct.pressure[i]));
    }
    // Two identical drivers in parallel into one load: each sees the load at twice its impedance (twice the
    // volume velocity through it), so Z_tot = Z_in(2·Z_L)/2 and p = 2·U(2·Z_L)·Z_T.
    const auto two = multi_driver_iem({{"a", d, {}, {}}, {"b", d, {}, {}}}).respond(g, coupler);
    std::vector<cplx> doubled(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) doubled[i] = 2.0 * coupler.input_impedance()[i];
    const auto half = rx.respond(g, acoustic_load(f, doubled, coupler.transfer_impedance()));
    for (std::size_t i = 0; i < f.size(); ++i) {
        CHECK(std::abs(two.impedance[i] - half.impedance[i] / 2.0) < 1e-9 * std::abs(half.impedance[i]));
        CHECK(std::abs(two.pressure[i] - 2.0 * half.pressure[i]) < 1e-9 * std::abs(half.pressure[i]));
    }
    // A path (tube + damper) on the driver equals the same two-ports appended to the ABCD cascade.
    const std::vector<acoustic_segment> path{acoustic_segment::tube(8e-3, 1.0e-3), acoustic_segment::damper(1500)};
    const auto damped = multi_driver_iem({{"", d, {}, path}}).respond(g, coupler);
    network::two_port p = network::two_port::identity(g);
    for (const auto& seg : path) p.append(seg.two_port(g, air_properties::at_celsius(23.0), "segment"));
    const auto direct_damped = rx.respond(g, coupler, &p);
    for (std::size_t i = 0; i < f.size(); ++i)
        CHECK(std::abs(damped.pressure[i] - direct_damped.pressure[i]) < 1e-9 * std::abs(direct_damped.pressure[i]));
    // The 1500 CGS damper lowers the SPL peak (dampers tame the BA resonance).
    double peak_plain = 0, peak_damped = 0;
    for (std::size_t i = 0; i < f.size(); ++i)
        if (f[i] > 1000 && f[i] < 5000) {
            peak_plain = std::max(peak_plain, std::abs(one.pressure[i]) / std::abs(one.pressure[0]));
            peak_damped = std::max(peak_damped, std::abs(damped.pressure[i]) / std::abs(damped.pressure[0]));
        }
    CHECK(peak_damped < peak_plain);

    // Errors name the driver and stage.
    CHECK_THROWS_WITH(multi_driver_iem({{"w", d, {series(-1, 0, 0)}, {}}}), Contains("driver 1 (w) network stage 1") && Contains("r"));
    CHECK_THROWS_WITH(multi_driver_iem({{"w", d, {series(0, 0, 0)}, {}}}), Contains("none of r, l, c"));
    CHECK_THROWS_WITH(multi_driver_iem({}), Contains("drivers"));
    CHECK_THROWS_WITH(multi_driver_iem({{"t", electrical_only("RAU-34832"), {}, {}}}).respond(g, coupler),
                      Contains("driver 1 (t)") && Contains("no acoustic model"));
}

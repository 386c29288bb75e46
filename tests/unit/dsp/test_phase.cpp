// Phase unwrapping and group delay against analytic phases.
#include <iemlab/dsp/phase.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

using namespace iemlab;
using namespace iemlab::dsp;
using Catch::Matchers::Contains;

TEST_CASE("unwrap restores a steep linear phase, wrap maps into -pi < x <= pi", "[dsp][phase]") {
    const double pi = std::numbers::pi;
    std::vector<double> wrapped, truth;
    for (int i = 0; i < 1000; ++i) {
        const double phi = 0.3 - 2.9 * i; // steps of −2.9 rad: |step| < π after reduction
        truth.push_back(phi);
        wrapped.push_back(wrap_phase(phi));
    }
    for (double w : wrapped) {
        CHECK(w > -pi);
        CHECK(w <= pi);
    }
    const auto u = unwrap_phase(wrapped);
    for (std::size_t i = 0; i < u.size(); ++i) CHECK(u[i] == Approx(truth[i]).margin(1e-9));
    CHECK(wrap_phase(-pi) == Approx(pi));
    CHECK(wrap_phase_deg(-180) == 180);
    CHECK(wrap_phase_deg(540) == 180);
    const std::vector<double> deg = {170, -170, -150, 179, -179};
    const auto ud = unwrap_phase_deg(deg);
    CHECK(ud[1] == Approx(190));
    CHECK(ud[4] == Approx(181 + 360 - 360 + 0)); // 179 → -179 is +2°: 181
}

TEST_CASE("group delay of a delay and of a first-order allpass", "[dsp][phase]") {
    // Pure delay τ: φ = −2π f τ on a non-uniform grid → τ everywhere.
    std::vector<double> f, phi;
    double fi = 20;
    for (int i = 0; fi < 20000; ++i, fi += 20.0 + 45.0 * (i % 3)) { // steps ≤ 110 Hz: phase steps < π
        f.push_back(fi);
        phi.push_back(wrap_phase(-2 * std::numbers::pi * fi * 2.5e-3));
    }
    for (double t : group_delay(f, phi)) CHECK(t == Approx(2.5e-3).epsilon(1e-9));
    // Analog first-order allpass (1 − s/ω0)/(1 + s/ω0): φ = −2·atan(ω/ω0), τ = (2/ω0)/(1 + (ω/ω0)²).
    const double w0 = 2 * std::numbers::pi * 1000;
    std::vector<double> g, p;
    for (double x = 10; x < 100000; x *= 1.01) {
        g.push_back(x);
        p.push_back(-2 * std::atan(2 * std::numbers::pi * x / w0));
    }
    const auto tau = group_delay(g, p);
    for (std::size_t i = 1; i + 1 < g.size(); ++i) {
        const double r = 2 * std::numbers::pi * g[i] / w0;
        CHECK(tau[i] == Approx((2 / w0) / (1 + r * r)).epsilon(1e-4)); // second-order differences, 1 % steps
    }
    CHECK_THROWS_WITH(group_delay(std::vector<double>{1, 2}, std::vector<double>{0}), Contains("phase.size()"));
    CHECK_THROWS_WITH(group_delay(std::vector<double>{2, 1}, std::vector<double>{0, 0}), Contains("frequency[1]"));
}

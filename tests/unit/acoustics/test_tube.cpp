// Lossy tubes, cones and radiation against closed forms from outside the code: Bessel integral representations,
// Boost.Math for real arguments, Keefe's expansions, the wide-tube attenuation formula, analytic lossless lines
// and cones, lumped limits (Chaigne & Kergomard 2016).
#include <iemlab/acoustics/tube.hpp>

#include <boost/math/special_functions/bessel.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

using namespace iemlab;
namespace ac = iemlab::acoustics;
namespace nw = iemlab::network;
using cd = std::complex<double>;
using cl = std::complex<long double>;

namespace {

// I_n(z) = (1/π)∫_0^π e^{z·cos θ}·cos(nθ) dθ (Abramowitz & Stegun 9.6.19); the trapezoid rule is spectrally
// accurate for this periodic integrand.
cl bessel_i_integral(int n, cd z) {
    const int steps = 2000;
    const long double pi = std::numbers::pi_v<long double>, h = pi / steps;
    cl sum = 0;
    for (int k = 0; k <= steps; ++k) {
        const long double theta = k * h, w = (k == 0 || k == steps) ? 0.5L : 1.0L;
        sum += w * std::exp(cl(z) * std::cos(theta)) * std::cos(n * theta);
    }
    return sum * h / pi;
}

bool close(cd got, cd want, double rel) { return std::abs(got - want) <= rel * std::abs(want); }

} // namespace

TEST_CASE("complex Bessel ratios agree with the integral representation and with Boost", "[acoustics][tube]") {
    const cd j45 = std::polar(1.0, std::numbers::pi / 4);
    for (double r : {0.05, 0.7, 3.0, 11.0, 24.9, 25.1, 40.0, 80.0}) {
        CAPTURE(r);
        const cd z = r * j45;
        const cl i0 = bessel_i_integral(0, z), i1 = bessel_i_integral(1, z), i2 = bessel_i_integral(2, z);
        const auto b = ac::detail::modified_bessel_ratios(z);
        CHECK(close(b.i1_over_i0, cd(i1 / i0), 1e-12));
        CHECK(close(b.i2_over_i0, cd(i2 / i0), 1e-12));
    }
    // Real arguments on both sides of the series/asymptotic switch, against Boost.Math.
    for (double x : {0.3, 7.0, 24.0, 26.0, 60.0}) {
        CAPTURE(x);
        const auto b = ac::detail::modified_bessel_ratios(x);
        const double i0 = boost::math::cyl_bessel_i(0, x), i1 = boost::math::cyl_bessel_i(1, x),
                     i2 = boost::math::cyl_bessel_i(2, x);
        CHECK(std::abs(b.i1_over_i0 - i1 / i0) <= 1e-13 * (i1 / i0));
        CHECK(std::abs(b.i2_over_i0 - i2 / i0) <= 1e-13 * (i2 / i0));
    }
}

TEST_CASE("Zwikker-Kosten and Keefe agree; attenuation matches the wide-tube closed form", "[acoustics][tube]") {
    const auto air = air_properties::at_celsius(37);
    const nw::grid g{log_grid(20, 20000, 12)};
    // Wide: the ear canal (r_v from ≈ 10 at 20 Hz to ≈ 330 at 20 kHz).
    const double a = 3.75e-3;
    const auto zk = ac::circular_duct_medium(g, air, a, ac::loss_model::zwikker_kosten);
    const auto kf = ac::circular_duct_medium(g, air, a, ac::loss_model::keefe);
    for (std::size_t i = 0; i < g.size(); ++i) {
        CAPTURE(g.frequency(i));
        const double w = g.omega()[i], rv = a * std::sqrt(w * air.density / air.viscosity);
        // Keefe's wide forms are the 1/z, 1/z² terms of the Bessel ratios: the next term is O(1/r_v³).
        CHECK(close(zk.gamma[i], kf.gamma[i], 2 / (rv * rv * rv)));
        CHECK(close(zk.wave_impedance[i], kf.wave_impedance[i], 2 / (rv * rv * rv)));
        // α = (1/(a·c))·sqrt(ωμ/(2ρ))·(1 + (γ−1)/sqrt(Pr)) Np/m (Keefe 1984, simplest wide form), first
        // order in 1/r_v.
        const double alpha = 1 / (a * air.speed_of_sound) * std::sqrt(w * air.viscosity / (2 * air.density)) *
                             (1 + (air.ratio_of_specific_heats - 1) / std::sqrt(air.prandtl));
        CHECK(std::abs(zk.gamma[i].real() / alpha - 1) <= 1.2 / rv);
        // Zc·S → ρc as the boundary layers thin, with a deviation of order 1/r_v.
        CHECK(std::abs(std::abs(zk.wave_impedance[i]) / air.characteristic_impedance() - 1.0) < 0.5 / rv);
    }
    // Narrow: a 20 µm capillary (r_v < 0.9 below 5.2 kHz), Keefe's two-term series.
    const double narrow = 20e-6;
    const auto zn = ac::circular_duct_medium(g, air, narrow, ac::loss_model::zwikker_kosten);
    const auto kn = ac::circular_duct_medium(g, air, narrow, ac::loss_model::keefe);
    for (std::size_t i = 0; i < g.size() && g.frequency(i) < 5200; ++i) {
        CAPTURE(g.frequency(i));
        CHECK(close(zn.gamma[i], kn.gamma[i], 2e-3));
        CHECK(close(zn.wave_impedance[i], kn.wave_impedance[i], 2e-3));
        // Poiseuille: the series resistance per length Re Z'·S = Re(jω·ρ_eff) → 8μ/a² (ρ_eff = Γ·Z0/(jω)).
        const double w = g.omega()[i], rv = narrow * std::sqrt(w * air.density / air.viscosity);
        const cd rho_eff = zn.gamma[i] * zn.wave_impedance[i] / cd(0, w);
        if (rv < 0.3) CHECK((cd(0, w) * rho_eff).real() == Approx(8 * air.viscosity / (narrow * narrow)).epsilon(0.01));
    }
}

TEST_CASE("a short closed tube is a compliance V/(ρc²)", "[acoustics][tube]") {
    const auto air = air_properties::at_celsius(23);
    const double a = 3.75e-3, length = 0.01, area = std::numbers::pi * a * a;
    const double compliance = area * length / air.bulk_modulus();
    const nw::grid g{std::vector<double>{20, 100, 500, 1000}};
    const auto lossless = nw::terminate(ac::cylindrical_tube(g, air, a, length, ac::loss_model::lossless),
                                        nw::termination::rigid_wall(g.size()));
    const auto lossy = nw::terminate(ac::cylindrical_tube(g, air, a, length), nw::termination::rigid_wall(g.size()));
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double w = g.omega()[i], kl = w / air.speed_of_sound * length;
        const cd z_c = 1.0 / cd(0, w * compliance);
        // Exact lossless: Z_in = −j·(ρc/S)·cot(kL) = Z_C·kL·cot(kL); relative error 1 − kL·cot(kL) (Chaigne & Kergomard
        // 2016).
        CHECK(close(lossless.input_impedance[i], z_c * (kl / std::tan(kl)), 1e-12));
        CHECK(std::abs(lossless.input_impedance[i] / z_c - 1.0) <= 1 - kl / std::tan(kl) + 1e-12);
        // With visco-thermal losses the compliance grows by the thermal boundary layer (≈ (γ−1)·δ_t·2/a).
        const double delta_t = std::sqrt(2 * air.viscosity / (air.density * w)) / std::sqrt(air.prandtl);
        CHECK(std::abs(std::abs(lossy.input_impedance[i] / z_c) - 1.0) <= 1.5 * 0.4 * 2 * delta_t / a + 0.01);
    }
}

TEST_CASE("conical segments: exact lossless cone, det = 1, cylinder limit, frustum compliance", "[acoustics][tube]") {
    const auto air = air_properties::at_celsius(23);
    const nw::grid g{std::vector<double>{50, 700, 3000, 9000, 17000}};
    const double r1 = 2e-3, r2 = 4e-3, length = 0.02, c = air.speed_of_sound, rho = air.density;
    const auto cone = ac::conical_tube(g, air, r1, r2, length, ac::loss_model::lossless);
    // Spherical-wave two-port with apex distances x1 = r1·L/(r2 − r1), x2 = x1 + L (e.g. Chaigne & Kergomard):
    // A = (x2/x1)·cos kL − sin kL/(k·x1), B = jρc·sin kL/(π·r1·r2).
    const double x1 = r1 * length / (r2 - r1), x2 = x1 + length;
    const auto det = cone.determinant();
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double k = g.omega()[i] / c, kl = k * length;
        CHECK(close(cone.a()[i], (x2 / x1) * std::cos(kl) - std::sin(kl) / (k * x1), 1e-12));
        CHECK(close(cone.b()[i], cd(0, rho * c * std::sin(kl) / (std::numbers::pi * r1 * r2)), 1e-12));
        CHECK(close(cone.d()[i], (x1 / x2) * std::cos(kl) + std::sin(kl) / (k * x2), 1e-12));
        CHECK(close(det[i], 1.0, 1e-12));
    }
    // r1 = r2 is the cylinder.
    const auto cyl_as_cone = ac::conical_tube(g, air, 3e-3, 3e-3, length);
    const auto cyl = ac::cylindrical_tube(g, air, 3e-3, length);
    for (std::size_t i = 0; i < g.size(); ++i) {
        CHECK(close(cyl_as_cone.a()[i], cyl.a()[i], 1e-12));
        CHECK(close(cyl_as_cone.b()[i], cyl.b()[i], 1e-12));
        CHECK(close(cyl_as_cone.c()[i], cyl.c()[i], 1e-12));
    }
    // Closed at the wide end, low frequency: compliance of the frustum volume πL(r1² + r1r2 + r2²)/3.
    const nw::grid lf{std::vector<double>{20}};
    const auto closed = nw::terminate(ac::conical_tube(lf, air, r1, r2, length, ac::loss_model::lossless),
                                      nw::termination::rigid_wall(1));
    const double volume = std::numbers::pi * length * (r1 * r1 + r1 * r2 + r2 * r2) / 3;
    CHECK(close(closed.input_impedance[0], 1.0 / cd(0, lf.omega()[0] * volume / air.bulk_modulus()), 1e-4));
}

TEST_CASE("radiation impedance: low-ka end corrections and the broadband piston limits", "[acoustics][tube]") {
    const auto air = air_properties::at_celsius(23);
    const double a = 3.75e-3, z0 = air.characteristic_impedance() / (std::numbers::pi * a * a);
    const double c = air.speed_of_sound;
    const double f_low = 0.01 * c / (2 * std::numbers::pi * a), f_high = 20 * c / (2 * std::numbers::pi * a);
    const nw::grid g{std::vector<double>{f_low, f_high}};
    const auto un = ac::radiation_impedance(g, air, a, ac::radiation_end::unflanged);
    const auto fl = ac::radiation_impedance(g, air, a, ac::radiation_end::flanged);
    const auto pi = ac::radiation_impedance(g, air, a, ac::radiation_end::baffled_piston);
    CHECK(un[0].imag() / (z0 * 0.01) == Approx(0.6133).epsilon(1e-12));
    CHECK(fl[0].imag() / (z0 * 0.01) == Approx(0.8216).epsilon(1e-12));
    CHECK(pi[0].imag() / (z0 * 0.01) == Approx(8 / (3 * std::numbers::pi)).epsilon(0.01)); // flanged piston mass
    CHECK(std::abs(pi[1] / z0 - 1.0) < 0.1);                                               // → ρc/S
    for (std::size_t i = 0; i < 2; ++i) CHECK(pi[i].real() >= 0);
}

TEST_CASE("tube models reject bad dimensions", "[acoustics][tube][errors]") {
    using Catch::Matchers::Contains;
    const auto air = air_properties::at_celsius(23);
    const nw::grid g{std::vector<double>{100}};
    REQUIRE_THROWS_WITH(ac::cylindrical_tube(g, air, 0.0, 0.01), Contains("radius = 0"));
    REQUIRE_THROWS_WITH(ac::cylindrical_tube(g, air, 1e-3, -0.01), Contains("length = -0.01"));
    REQUIRE_THROWS_WITH(ac::conical_tube(g, air, 1e-3, -1e-3, 0.01), Contains("r2"));
    REQUIRE_THROWS_WITH(ac::radiation_impedance(g, air, -1, ac::radiation_end::flanged), Contains("radius"));
}

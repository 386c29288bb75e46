// Resampling linear in log frequency: exact on lines in ln f, stated extrapolation rules, complex modes.
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/dsp/interpolate.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

using namespace iemlab;
using namespace iemlab::dsp;
using Catch::Matchers::Contains;

TEST_CASE("log interpolation reproduces straight lines in ln f and the stated extrapolation", "[dsp][interpolate]") {
    const std::vector<double> f = log_grid(50, 6400, 3); // 50 Hz … 6.4 kHz, third-octave points
    std::vector<double> v(f.size());
    auto line = [](double x) { return 2.0 - 6.0 * std::log2(x / 1000); };
    for (std::size_t i = 0; i < f.size(); ++i) v[i] = line(f[i]);
    const std::vector<double> to = {20, 50, 77.7, 1000, 3333, 5000, 12000};
    const auto held = interpolate_log(f, v, to); // default: hold
    const auto extended = interpolate_log(f, v, to, extrapolation::linear);
    CHECK(held[0] == Approx(line(50)));   // held below
    CHECK(held[6] == Approx(line(f.back()))); // held above
    for (std::size_t k = 1; k < 6; ++k) CHECK(held[k] == Approx(line(to[k])).margin(1e-12));
    for (std::size_t k = 0; k < to.size(); ++k) CHECK(extended[k] == Approx(line(to[k])).margin(1e-12));
    // Midpoint in ln f of two points is the mean of their values.
    const std::vector<double> two_f = {100, 400}, two_v = {1, 3}, mid = {200};
    CHECK(interpolate_log(two_f, two_v, mid)[0] == Approx(2.0));
}

TEST_CASE("0 Hz points: the DC bin is used only at 0 Hz", "[dsp][interpolate]") {
    const std::vector<double> f = {0, 10, 20, 40}, v = {-50, 1, 2, 3};
    const std::vector<double> to = {0, 5, 10, 30};
    const auto out = interpolate_log(f, v, to, extrapolation::linear);
    CHECK(out[0] == -50);                        // DC to DC
    CHECK(out[1] == Approx(0.0).margin(1e-12));  // below 10 Hz: the 10–20 Hz line continued, not the DC value
    CHECK(out[2] == Approx(1.0));
    CHECK(out[3] == Approx(2.0 + std::log2(1.5))); // 30 Hz on the 20–40 Hz segment
    const std::vector<double> no_dc = {10, 20}, nv = {1, 2}, dc_out = {0};
    CHECK(interpolate_log(no_dc, nv, dc_out)[0] == 1); // no DC input: the first value
}

TEST_CASE("complex resampling: polar keeps delays and levels, cartesian interpolates parts", "[dsp][interpolate]") {
    // A pure 1 ms delay at 0 dB sampled every 2 Hz: polar resampling (unwrapped phase, linear in ln f) is exact
    // to the curvature of a line in f read as a line in ln f.
    std::vector<double> f;
    std::vector<std::complex<double>> h;
    for (double x = 100; x <= 2000; x += 2) {
        f.push_back(x);
        h.push_back(std::polar(1.0, -2 * std::numbers::pi * x * 1e-3));
    }
    const std::vector<double> to = {101, 555.5, 1999};
    const auto polar = interpolate_complex(f, h, to);
    for (std::size_t k = 0; k < to.size(); ++k) {
        CHECK(std::abs(polar[k]) == Approx(1.0).margin(1e-12));
        const double expected = -2 * std::numbers::pi * to[k] * 1e-3;
        // Between points 2 Hz apart the ln-f line deviates from the f line by < (Δf)²·φ'/(8 f) ≈ 1e-5 rad.
        CHECK(std::abs(std::remainder(std::arg(polar[k]) - expected, 2 * std::numbers::pi)) < 1e-4);
    }
    const std::vector<double> cf = {100, 400};
    const std::vector<std::complex<double>> cv = {{1, 0}, {0, 1}};
    const std::vector<double> mid = {200};
    const auto cart = interpolate_complex(cf, cv, mid, extrapolation::hold, complex_interpolation::cartesian);
    CHECK(cart[0].real() == Approx(0.5));
    CHECK(cart[0].imag() == Approx(0.5));
    const auto pol = interpolate_complex(cf, cv, mid);
    CHECK(std::abs(pol[0]) == Approx(1.0));
    CHECK(std::arg(pol[0]) == Approx(std::numbers::pi / 4));
}

TEST_CASE("resample keeps name and phase, and a plan serves many curves", "[dsp][interpolate]") {
    const frequency_response r({100, 200, 400}, {0, 6, 12}, {170, -170, -150}, "x");
    const std::vector<double> to = {141.4213562373095, 300};
    const auto s = resample(r, to);
    CHECK(s.name() == "x");
    CHECK(s.magnitude_db()[0] == Approx(3.0));
    CHECK(s.phase_deg()[0] == Approx(180.0).margin(1e-9)); // 170 → 190 unwrapped: midpoint 180
    const log_interpolation_plan plan(r.frequencies(), to);
    CHECK(plan.input_size() == 3);
    CHECK(plan.output_size() == 2);
    std::vector<double> out(2);
    plan.execute(r.magnitude_db(), out);
    CHECK(out[1] == Approx(6 + 6 * std::log2(1.5)));

    CHECK_THROWS_WITH(interpolate_log(std::vector<double>{1, 1}, std::vector<double>{0, 0}, to), Contains("from[1]"));
    CHECK_THROWS_WITH(interpolate_log(std::vector<double>{0}, std::vector<double>{0}, to), Contains("above 0 Hz"));
    CHECK_THROWS_WITH(interpolate_log(std::vector<double>{1, 2}, std::vector<double>{0}, to), Contains("values.size()"));
    std::vector<double> wrong(5);
    CHECK_THROWS_WITH(plan.execute(wrong, out), Contains("in.size()"));
}

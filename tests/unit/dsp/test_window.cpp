// Windows against their published definitions (Harris 1978) and closed-form sums.
#include <iemlab/dsp/window.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace iemlab;

TEST_CASE("windows match their definitions", "[dsp][window]") {
    const auto hann = dsp::make_window(dsp::window_type::hann, 5);
    const double expected[] = {0, 0.5, 1, 0.5, 0};
    for (int i = 0; i < 5; ++i) CHECK(hann[i] == Approx(expected[i]).margin(1e-15));
    const auto hamming = dsp::make_window(dsp::window_type::hamming, 9);
    CHECK(hamming[0] == Approx(0.08));
    CHECK(hamming[4] == Approx(1.0));
    const auto blackman = dsp::make_window(dsp::window_type::blackman, 9);
    CHECK(blackman[0] == Approx(0).margin(1e-15)); // 0.42 − 0.5 + 0.08
    CHECK(blackman[4] == Approx(1.0));
    const auto bh = dsp::make_window(dsp::window_type::blackman_harris, 9);
    CHECK(bh[0] == Approx(6e-5).margin(1e-12)); // 0.35875 − 0.48829 + 0.14128 − 0.01168
    CHECK(bh[4] == Approx(1.0));
    // Periodic (DFT-even) Hann: coherent gain exactly 1/2, power sum 3/8 per point.
    std::vector<double> p(64);
    dsp::fill_window(dsp::window_type::hann, std::span<double>(p), 0.5, true);
    double sum = 0, sum2 = 0;
    for (double v : p) sum += v, sum2 += v * v;
    CHECK(sum / 64 == Approx(0.5).epsilon(1e-14));
    CHECK(sum2 / 64 == Approx(0.375).epsilon(1e-14));
    // Tukey: α = 1 is Hann, α = 0 is rectangular, α = 0.5 is flat over the middle half.
    const auto t1 = dsp::make_window(dsp::window_type::tukey, 33, 1.0), h = dsp::make_window(dsp::window_type::hann, 33);
    for (int i = 0; i < 33; ++i) CHECK(t1[i] == Approx(h[i]).margin(1e-15));
    const auto t0 = dsp::make_window(dsp::window_type::tukey, 33, 0.0);
    for (int i = 0; i < 33; ++i) CHECK(t0[i] == 1.0);
    const auto th = dsp::make_window(dsp::window_type::tukey, 33, 0.5);
    CHECK(th[8] == Approx(1.0));
    CHECK(th[24] == Approx(1.0));
    CHECK(th[4] == Approx(0.5));
    CHECK_THROWS_AS(dsp::make_window(dsp::window_type::tukey, 8, 1.5), iemlab::error);
    CHECK(dsp::parse_window_type("blackman-harris") == dsp::window_type::blackman_harris);
    CHECK_THROWS_AS(dsp::parse_window_type("kaiser", "--window"), iemlab::error);
}

TEST_CASE("a gate rises and falls with half windows and is flat between", "[dsp][window]") {
    dsp::gate g;
    g.pre = 4;
    g.post = 12;
    g.taper_in = 4;
    g.taper_out = 6;
    g.validate("test");
    const double pi = std::acos(-1.0);
    for (std::size_t i = 0; i < 4; ++i) CHECK(g.weight(i) == Approx(0.5 - 0.5 * std::cos(pi * (i + 0.5) / 4)));
    for (std::size_t i = 4; i < 10; ++i) CHECK(g.weight(i) == 1.0);
    for (std::size_t i = 0; i < 6; ++i) CHECK(g.weight(15 - i) == Approx(0.5 - 0.5 * std::cos(pi * (i + 0.5) / 6)));
    g.taper_out = 13;
    CHECK_THROWS_AS(g.validate("test"), iemlab::error);
}

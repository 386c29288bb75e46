// Sweeps against their analytic phase (Farina 2000; Novak et al. 2010, 2015) evaluated independently in long
// double, at every SIMD level, including a 30 s sweep at 192 kHz where a float phase would have lost it.
#include <iemlab/dsp/sweep.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace iemlab;
using Catch::Matchers::Contains;

namespace {

constexpr long double two_pi_l = 6.283185307179586476925286766559005768L;

// Analytic phase in cycles, long double, straight from the reference formulas.
long double cycles_sync(long double f1, long double L, long double t) { return f1 * L * std::exp(t / L); }
long double cycles_farina(long double f1, long double L, long double t) { return f1 * L * std::expm1(t / L); }
long double cycles_linear(long double f1, long double f2, long double T, long double t) {
    return f1 * t + (f2 - f1) * t * t / (2 * T);
}

dsp::sweep_shape no_fades() {
    dsp::sweep_shape s;
    s.fade_in = units::from_si<units::time>(0);
    s.fade_out = units::from_si<units::time>(0);
    return s;
}

template <class T, class Phase>
double max_error(const std::vector<T>& x, std::size_t stride, Phase phase, double fs) {
    double worst = 0;
    auto check = [&](std::size_t n) {
        const long double c = phase(static_cast<long double>(n) / fs);
        const long double ref = std::sin(two_pi_l * (c - std::floor(c)));
        worst = std::max(worst, static_cast<double>(std::fabs(static_cast<long double>(x[n]) - ref)));
    };
    for (std::size_t n = 0; n < x.size(); n += stride) check(n);
    for (std::size_t n = x.size() > 5000 ? x.size() - 5000 : 0; n < x.size(); ++n) check(n); // the far end
    return worst;
}

} // namespace

TEST_CASE("synchronized sweep parameters follow Novak's rounding", "[dsp][sweep]") {
    using namespace iemlab::literals;
    const dsp::synchronized_sweep s{20_Hz, 20_kHz, 2_s, 48_kHz};
    const auto& p = s.parameters();
    const double kappa = std::round(20.0 * 2.0 / std::log(1000.0)); // κ = round(f1·T̂/ln(f2/f1)) = 6
    CHECK(kappa == 6);
    CHECK(p.rate_constant_s == Approx(kappa / 20.0).epsilon(1e-15));
    CHECK(p.duration_s == Approx(kappa / 20.0 * std::log(1000.0)).epsilon(1e-15));
    CHECK(s.size() == static_cast<std::size_t>(std::ceil(p.duration_s * 48000)));
    // Farina 2000 example: 20 Hz–20 kHz, T = 10 s gives L = 1.4476 s for the unrounded sweep.
    const auto e = dsp::exponential_sweep::from_si(20, 20000, 10, 48000);
    CHECK(e.rate_constant_s() == Approx(1.4476).margin(5e-5));
    CHECK(e.size() == 480000);
    CHECK(e.harmonic_delay_s(2) == Approx(1.003).margin(5e-4)); // L ln2
    CHECK(e.harmonic_delay_s(3) == Approx(1.590).margin(5e-4)); // L ln3
    // Instantaneous frequency: f1·e^{t/L}, reached at t_f = L·ln(f/f1).
    CHECK(s.instantaneous_frequency(0) == Approx(20));
    CHECK(s.instantaneous_frequency(p.duration_s) == Approx(20000));
    CHECK(s.instantaneous_frequency(s.time_at_frequency(1000)) == Approx(1000));
    const auto lin = dsp::linear_sweep::from_si(100, 10100, 1, 48000);
    CHECK(lin.instantaneous_frequency(0.5) == Approx(5100));
}

TEMPLATE_TEST_CASE("sweep samples match the analytic phase at every SIMD level", "[dsp][sweep]", float, double) {
    const double fs = 48000;
    // double: the phase itself is rounded to double, relative error ~10ε of the largest cycle count c_max (the
    // exponent n/(L·fs) carries ε·ln(f2/f1)), so 2π·64ε·c_max bounds the error; float: a few ulps of sin.
    auto tol = [](double c_max) {
        return std::is_same_v<TestType, float> ? 1.5e-6 : 2 * 3.14159 * 64 * 2.2e-16 * c_max;
    };
    Catch::StringMaker<double>::precision = 3;
    for (const simd_level level : supported_simd_levels()) {
        CAPTURE(to_string(level));
        {
            const auto s = dsp::synchronized_sweep::from_si(20, 20000, 2, fs, no_fades());
            std::vector<TestType> x(s.size());
            s.generate(std::span<TestType>(x), level);
            const long double L = s.rate_constant_s();
            CHECK(max_error(x, 1, [&](long double t) { return cycles_sync(20, L, t); }, fs) < tol(20000 * L));
            CHECK(std::abs(double(x[0])) < 1e-6); // integer f1·L: x(0) = sin(2πκ) = 0
        }
        {
            const auto s = dsp::exponential_sweep::from_si(31.5, 16000, 1.3, fs, no_fades());
            std::vector<TestType> x(s.size());
            s.generate(std::span<TestType>(x), level);
            const long double L = 1.3L / std::log(16000.0L / 31.5L);
            CHECK(max_error(x, 1, [&](long double t) { return cycles_farina(31.5L, L, t); }, fs) < tol(16000 * L));
        }
        {
            const auto s = dsp::linear_sweep::from_si(10, 23000, 0.7, fs, no_fades());
            std::vector<TestType> x(s.size());
            s.generate(std::span<TestType>(x), level);
            CHECK(max_error(x, 1, [&](long double t) { return cycles_linear(10, 23000, 0.7L, t); }, fs) < tol(0.7 * 23000 / 2));
        }
    }
}

TEMPLATE_TEST_CASE("a 30 s sweep at 192 kHz keeps full accuracy to its end", "[dsp][sweep]", float, double) {
    // The phase reaches f2·L ≈ 3.2e5 cycles; a float phase would be off by up to ±0.01 cycles there, and even
    // a double one is limited to ~10ε·c_max ≈ 4e-10 rad.
    const double fs = 192000;
    const auto s = dsp::synchronized_sweep::from_si(20, 90000, 30, fs, no_fades());
    std::vector<TestType> x(s.size());
    const long double L = s.rate_constant_s();
    CHECK(L * 90000 > 1e5);
    const double c_max = static_cast<double>(L) * 90000;
    const double tol = std::is_same_v<TestType, float> ? 1.5e-6 : 2 * 3.14159 * 64 * 2.2e-16 * c_max;
    for (const simd_level level : supported_simd_levels()) {
        CAPTURE(to_string(level));
        s.generate(std::span<TestType>(x), level);
        CHECK(max_error(x, 101, [&](long double t) { return cycles_sync(20, L, t); }, fs) < tol);
    }
}

TEST_CASE("zero crossings follow the analytic instantaneous frequency", "[dsp][sweep]") {
    const double fs = 96000;
    const auto s = dsp::synchronized_sweep::from_si(50, 20000, 3, fs);
    const auto x = s.samples<double>();
    for (const double t : {0.5, 1.0, 1.5, 2.0, 2.5}) {
        // Count sign changes over ±10 ms: 2 per period.
        const auto a = static_cast<std::size_t>((t - 0.01) * fs), b = static_cast<std::size_t>((t + 0.01) * fs);
        std::size_t crossings = 0;
        for (std::size_t n = a; n < b; ++n) crossings += (x[n] < 0) != (x[n + 1] < 0);
        const double measured = crossings / (2 * 0.02);
        // Mean of f1·e^{t/L} over the window, exact.
        const double L = s.rate_constant_s();
        const double mean_f = 50 * L * (std::exp((t + 0.01) / L) - std::exp((t - 0.01) / L)) / 0.02;
        CHECK(measured == Approx(mean_f).epsilon(0.01).margin(60));
    }
}

TEST_CASE("sweep fades are half-Hann and the amplitude is the peak", "[dsp][sweep]") {
    dsp::sweep_shape shape;
    shape.amplitude = 0.5;
    shape.fade_in = units::from_si<units::time>(0.01);
    shape.fade_out = units::from_si<units::time>(0.002);
    const auto s = dsp::exponential_sweep::from_si(20, 20000, 1, 48000, shape);
    auto flat = shape;
    flat.fade_in = flat.fade_out = units::from_si<units::time>(0);
    const auto plain = dsp::exponential_sweep::from_si(20, 20000, 1, 48000, flat);
    const auto x = s.samples<double>(), y = plain.samples<double>();
    REQUIRE(s.fade_in_samples() == 480);
    REQUIRE(s.fade_out_samples() == 96);
    const double pi = std::acos(-1.0);
    for (std::size_t i = 0; i < 480; i += 7)
        CHECK(x[i] == Approx(y[i] * 0.5 * (1 - std::cos(pi * (i + 0.5) / 480))).margin(1e-15));
    for (std::size_t i = 0; i < 96; ++i) {
        const std::size_t n = x.size() - 1 - i;
        CHECK(x[n] == Approx(y[n] * 0.5 * (1 - std::cos(pi * (i + 0.5) / 96))).margin(1e-15));
    }
    CHECK(x[x.size() / 2] == y[x.size() / 2]);
    double peak = 0;
    for (double v : y) peak = std::max(peak, std::abs(v));
    CHECK(peak == Approx(0.5).epsilon(1e-6));
}

TEST_CASE("sweep metadata round-trips the exact samples", "[dsp][sweep]") {
    dsp::sweep_shape shape;
    shape.amplitude = 0.501187;
    const auto s = dsp::synchronized_sweep::from_si(20, 20000, 2, 44100, shape);
    const std::string text = "made by a test; " + s.to_metadata();
    REQUIRE(dsp::swept_sine::has_metadata(text));
    const auto r = dsp::swept_sine::from_metadata(text);
    CHECK(r.type() == dsp::sweep_type::synchronized);
    CHECK(r.size() == s.size());
    const auto a = s.samples<float>(), b = r.samples<float>();
    for (std::size_t i = 0; i < a.size(); ++i) REQUIRE(a[i] == b[i]);
    CHECK_THROWS_WITH(dsp::swept_sine::from_metadata("no sweep here"), Contains("iemlab-sweep"));
    CHECK_THROWS_WITH(dsp::swept_sine::from_metadata("iemlab-sweep type=synchronized f1=20"), Contains("f2"));
    CHECK_THROWS_WITH(dsp::swept_sine::from_metadata("iemlab-sweep type=wobble f1=20"), Contains("wobble"));
}

TEST_CASE("bad sweep parameters name what is wrong", "[dsp][sweep]") {
    using dsp::synchronized_sweep;
    CHECK_THROWS_WITH(synchronized_sweep::from_si(20, 24000, 2, 48000), Contains("f2 = 24000 Hz") && Contains("rate/2"));
    CHECK_THROWS_WITH(synchronized_sweep::from_si(0, 20000, 2, 48000), Contains("f1 = 0 Hz"));
    CHECK_THROWS_WITH(synchronized_sweep::from_si(-5, 20000, 2, 48000), Contains("f1 = -5 Hz"));
    CHECK_THROWS_WITH(synchronized_sweep::from_si(2000, 1000, 2, 48000), Contains("f2 = 1000 Hz"));
    CHECK_THROWS_WITH(synchronized_sweep::from_si(20, 20000, 0.1, 48000),
                      Contains("duration = 0.1 s") && Contains("ln(f2/f1)/f1"));
    CHECK_THROWS_WITH(synchronized_sweep::from_si(20, 20000, std::nan(""), 48000), Contains("duration"));
    CHECK_THROWS_WITH(dsp::linear_sweep::from_si(20, 20000, 0.01, 48000), Contains("duration"));
    dsp::sweep_shape loud;
    loud.amplitude = 2;
    CHECK_THROWS_WITH(synchronized_sweep::from_si(20, 20000, 2, 48000, loud), Contains("amplitude = 2"));
    dsp::sweep_shape long_fades;
    long_fades.fade_in = units::from_si<units::time>(1.5);
    long_fades.fade_out = units::from_si<units::time>(1.5);
    CHECK_THROWS_WITH(synchronized_sweep::from_si(20, 20000, 2, 48000, long_fades), Contains("fade_in + fade_out"));
    const auto s = synchronized_sweep::from_si(20, 20000, 2, 48000);
    std::vector<float> wrong(10);
    CHECK_THROWS_WITH(s.generate(std::span<float>(wrong)), Contains("out.size()"));
}

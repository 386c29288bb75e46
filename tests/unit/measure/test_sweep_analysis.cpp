// The one analysis chain (measure/sweep_analysis.hpp) against truth made outside it: pure fractional delays of
// the sweep's analytic formula, an impulse response with a reflection and the band power of its own spectrum
// (integrated here), a textbook (Farina) sweep through a polynomial with closed-form harmonics, and a right
// channel at 0.9 of the left.
#include <iemlab/core/decibel.hpp>
#include <iemlab/measure/session.hpp>
#include <iemlab/measure/sweep_analysis.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

using namespace iemlab;
using Catch::Matchers::Contains;

namespace {

constexpr double fs = 48000;
constexpr double pi = std::numbers::pi;

// The synchronized sweep x(t) = A·sin(2π·f1·L·e^{t/L}) (Novak 2015) with half-Hann fades of n_in and n_out samples,
// evaluated at sample time u (samples from the sweep's start, any real u): the sweep delayed by a fraction.
double sweep_at(double u, double f1, double L, double A, double n_in, double n_out, double N) {
    if (u < -0.5 || u > N - 0.5) return 0;
    double w = 1;
    if (u < n_in - 0.5) w = 0.5 * (1 - std::cos(pi * (u + 0.5) / n_in));
    const double v = N - 1 - u;
    if (v < n_out - 0.5) w *= 0.5 * (1 - std::cos(pi * (v + 0.5) / n_out));
    return A * w * std::sin(2 * pi * f1 * L * std::exp(u / fs / L));
}

} // namespace

TEST_CASE("latency of fractional delays to 0.01 sample, phase flat to 1.5 degrees", "[measure][analysis]") {
    const auto s = dsp::synchronized_sweep::from_si(10, 22000, 2, fs, {0.5});
    const auto x = s.samples<double>();
    const std::size_t length = s.size() + 4800;
    const measure::sweep_analyzer analyzer(s, x.span(), length, {});
    for (const double delay : {10.4, 123.4}) {
        CAPTURE(delay);
        std::vector<double> y(length);
        for (std::size_t n = 0; n < length; ++n)
            y[n] = sweep_at(double(n) - delay, 10, s.rate_constant_s(), 0.5, double(s.fade_in_samples()),
                            double(s.fade_out_samples()), double(s.size()));
        const auto a = analyzer.analyze(y);
        CHECK(a.latency_samples == Approx(delay).margin(0.01));
        double worst = 0;
        for (const double p : a.response.phase_deg()) worst = std::max(worst, std::abs(p));
        CHECK(worst < 1.5); // the bulk delay removed with the measured latency: no residual slope up to 20 kHz
        WARN("delay " << delay << ": latency error " << a.latency_samples - delay << " samples, largest phase " << worst
                      << " degrees");
    }
}

TEST_CASE("smoothing of a measured response equals the band power of its own spectrum", "[measure][analysis]") {
    // h = δ(t − 100) + 0.5·δ(t − 100 − 40 ms): |H(f)|² = 1.25 + cos(2π·f·τ), a comb 25 Hz apart.
    const auto s = dsp::synchronized_sweep::from_si(10, 22000, 2, fs);
    const auto x = s.samples<double>();
    const std::size_t d0 = 100, reflection = 1920, length = s.size() + 12000;
    std::vector<double> y(length, 0.0);
    for (std::size_t n = 0; n < s.size(); ++n) {
        y[n + d0] += x[n];
        y[n + d0 + reflection] += 0.5 * x[n];
    }
    const double tau = double(reflection) / fs;
    // Band power over ln f, as fractional-octave smoothing defines it, by Simpson's rule on the closed form.
    auto band_power_db = [&](double f, double octaves) {
        const double a = std::log(f) - octaves / 2 * std::log(2.0), b = std::log(f) + octaves / 2 * std::log(2.0);
        const int m = 4000;
        double sum = 0;
        for (int i = 0; i <= m; ++i) {
            const double u = a + (b - a) * i / m, g = 1.25 + std::cos(2 * pi * std::exp(u) * tau);
            sum += (i == 0 || i == m ? 1 : i % 2 ? 4 : 2) * g;
        }
        return 10 * std::log10(sum / (3.0 * m));
    };
    for (const double n : {6.0, 3.0}) {
        CAPTURE(n);
        measure::analysis_settings settings;
        settings.smoothing = dsp::smoothing_width::fraction(n);
        const measure::sweep_analyzer analyzer(s, x.span(), length, settings);
        const auto a = analyzer.analyze(y);
        double worst = 0, at = 0;
        for (std::size_t i = 0; i < a.response.size(); ++i) {
            const double f = a.response.frequencies()[i];
            const double e = std::abs(a.response.magnitude_db()[i] - band_power_db(f, 1 / n));
            if (e > worst) worst = e, at = f;
        }
        CHECK(worst < 0.1);
        // The grid first, smoothing after (the old order): the comb aliases on the 1/48-octave grid.
        measure::analysis_settings raw;
        const auto sampled = measure::sweep_analyzer(s, x.span(), length, raw).analyze(y).response;
        const auto late = dsp::smooth(sampled, dsp::smoothing_width::fraction(n));
        double late_worst = 0;
        for (std::size_t i = 0; i < late.size(); ++i)
            late_worst =
                std::max(late_worst, std::abs(late.magnitude_db()[i] - band_power_db(late.frequencies()[i], 1 / n)));
        CHECK(late_worst > 5 * worst);
        WARN("1/" << n << " octave: largest error " << worst << " dB at " << at << " Hz (grid first: " << late_worst
                  << " dB)");
    }
}

TEST_CASE("a textbook exponential sweep without metadata gives HD2 and HD3 of a polynomial", "[measure][analysis]") {
    // Farina 2000: x(t) = A·sin(2π·f1·L·(e^{t/L} − 1)), L = T/ln(f2/f1); linear fades (not iemlab's); no metadata.
    const double f1 = 10, f2 = 7000, T = 2, A = 0.5, L = T / std::log(f2 / f1);
    const auto N = static_cast<std::size_t>(T * fs);
    std::vector<double> x(N);
    for (std::size_t n = 0; n < N; ++n) {
        const double t = double(n) / fs;
        const double w = std::min({1.0, t / 0.05, (T - t) / 0.01});
        x[n] = A * w * std::sin(2 * pi * f1 * L * (std::exp(t / L) - 1));
    }
    // y = x + a2·x² + a3·x³: for x = A·cos θ, H1 = A + ¾·a3·A³, H2 = ½·a2·A², H3 = ¼·a3·A³.
    const double a2 = 0.1, a3 = 0.05;
    std::vector<double> y(N + 24000, 0.0);
    for (std::size_t n = 0; n < N; ++n) y[n] = x[n] + a2 * x[n] * x[n] + a3 * x[n] * x[n] * x[n];
    const double h1 = A + 0.75 * a3 * A * A * A, hd2 = 20 * std::log10(0.5 * a2 * A * A / h1),
                 hd3 = 20 * std::log10(0.25 * a3 * A * A * A / h1);

    measure::sweep_description d;
    d.type = dsp::sweep_type::exponential;
    d.f1_hz = f1;
    d.f2_hz = f2;
    const auto p = measure::describe_sweep(x, fs, d);
    CHECK(p.rate_constant_s == Approx(L).epsilon(0.01));
    measure::analysis_settings settings;
    settings.harmonics = 3;
    settings.f_max_hz = 7000;
    const measure::sweep_analyzer analyzer(p, x, y.size(), settings);
    const auto a = analyzer.analyze(y);
    REQUIRE(!a.distortion.frequency_hz.empty());
    double worst2 = 0, worst3 = 0;
    std::size_t rows3 = 0;
    for (std::size_t i = 0; i < a.distortion.frequency_hz.size(); ++i) {
        const double f = a.distortion.frequency_hz[i];
        if (f < 50) continue; // the fade-in's edge: the band starts where the sweep has full energy
        worst2 = std::max(worst2, std::abs(a.distortion.hd_db[0][i] - hd2));
        if (a.distortion.has(3, i)) {
            worst3 = std::max(worst3, std::abs(a.distortion.hd_db[1][i] - hd3));
            ++rows3;
        }
    }
    CHECK(worst2 < 0.2);
    CHECK(worst3 < 0.2);
    CHECK(rows3 > 100);
    WARN("foreign sweep: HD2 " << hd2 << " dB within " << worst2 << " dB, HD3 " << hd3 << " dB within " << worst3
                               << " dB");
}

TEST_CASE("the band never includes the sweep's fades", "[measure][analysis]") {
    const auto s = dsp::synchronized_sweep::from_si(20, 20000, 2, fs);
    const auto band = measure::full_energy_band(s.parameters());
    CHECK(band.lo_hz == Approx(20 * std::exp(s.parameters().fade_in_s / s.rate_constant_s())));
    CHECK(band.lo_hz == Approx(20 * std::sqrt(2.0)).epsilon(0.01)); // the default fade-in: half an octave
    CHECK(band.hi_hz == Approx(20000 * std::exp(-s.parameters().fade_out_s / s.rate_constant_s())));
    const auto x = s.samples<double>();
    measure::analysis_settings settings; // asks for 20 Hz … 20 kHz
    const measure::sweep_analyzer analyzer(s, x.span(), s.size() + 4800, settings);
    CHECK(analyzer.band().lo_hz == Approx(band.lo_hz));
    CHECK(analyzer.band().hi_hz == Approx(band.hi_hz));
    CHECK(analyzer.grid().front() >= band.lo_hz);
    CHECK(analyzer.grid().back() <= band.hi_hz);
    CHECK_THAT(analyzer.band_note(), Contains("fades excluded"));
    // A linear sweep: f1 + (f2 − f1)·t_in/T.
    const auto lin = dsp::linear_sweep::from_si(100, 20000, 1, fs);
    CHECK(measure::full_energy_band(lin.parameters()).lo_hz ==
          Approx(100 + 19900 * lin.parameters().fade_in_s / lin.parameters().duration_s));
}

TEST_CASE("recordings without the sweep are errors", "[measure][analysis]") {
    const auto s = dsp::synchronized_sweep::from_si(10, 22000, 2, fs);
    const auto x = s.samples<double>();
    const std::size_t length = s.size() + 4800;
    const measure::sweep_analyzer analyzer(s, x.span(), length, {});
    CHECK_THROWS_WITH(analyzer.analyze(std::vector<double>(length, 0.0)), Contains("silent"));
    // White noise (a fixed LCG) instead of the sweep: a flat, noise-like impulse response.
    std::vector<double> noise(length);
    std::uint64_t state = 12345;
    for (double& v : noise) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        v = 0.1 * (double(state >> 11) / 9007199254740992.0 - 0.5);
    }
    CHECK_THROWS_WITH(analyzer.analyze(noise), Contains("does not contain the sweep"));
}

TEST_CASE("a right channel at 0.9 of the left reads 0.92 dB of imbalance", "[measure][analysis]") {
    const auto s = dsp::synchronized_sweep::from_si(10, 22000, 2, fs);
    const auto x = s.samples<double>();
    const std::size_t length = s.size() + 4800;
    std::vector<double> left(length, 0.0), right(length, 0.0);
    const auto sweep = x.span(); // through the span: g++ 12 warns (-Wstringop-overflow) on the indexed copy
    std::copy(sweep.begin(), sweep.end(), left.begin() + 20);
    std::transform(sweep.begin(), sweep.end(), right.begin() + 20, [](double v) { return 0.9 * v; });
    measure::analysis_settings settings;
    const measure::sweep_analyzer analyzer(s, x.span(), length, settings);
    const auto m = measure::combine_measurement("stereo", {"left", "right"},
                                                {{analyzer.analyze(left)}, {analyzer.analyze(right)}}, 0.5, settings);
    REQUIRE(m.imbalance);
    CHECK(m.imbalance->mean_db == Approx(-20 * std::log10(0.9)).margin(0.02));
    CHECK(m.imbalance->max_abs_db == Approx(-20 * std::log10(0.9)).margin(0.02));
    // Referred to a loopback channel that carries the same gain: the interface's response cancels.
    const auto referred = measure::analyze_insertion(analyzer, right, right);
    for (const double db : referred.response.magnitude_db()) CHECK(std::abs(db) < 1e-6);
    CHECK(std::abs(referred.latency_samples) < 1e-6);
    // A loopback 8 samples earlier and at 0.9 of the microphone's gain: the referred response is the ratio,
    // 20·log10(1/0.9) = +0.915 dB, and the latency the difference, 8 samples (mic − reference, not the reverse).
    std::vector<double> loopback(length, 0.0);
    for (std::size_t n = 0; n < s.size(); ++n) loopback[n + 12] = 0.9 * x[n];
    const auto relative = measure::analyze_insertion(analyzer, left, loopback);
    for (const double db : relative.response.magnitude_db()) CHECK(db == Approx(-20 * std::log10(0.9)).margin(0.01));
    CHECK(relative.latency_samples == Approx(8).margin(0.01));
}

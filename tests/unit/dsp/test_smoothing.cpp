// Fractional-octave smoothing against analytic band means and an O(N²) long-double reference written here.
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/dsp/smoothing.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

using namespace iemlab;
using namespace iemlab::dsp;
using Catch::Matchers::Contains;

namespace {

constexpr long double ln2 = 0.693147180559945309417232121458176568L;

// Exact integral mean of the piecewise-linear curve (x, g) over [lo, hi], by visiting every segment: O(N) per band,
// O(N²) for a whole curve — the independent reference for the sliding-window implementation.
long double reference_band_mean(const std::vector<long double>& x, const std::vector<long double>& g, long double lo,
                                long double hi) {
    auto at = [&](long double u) {
        for (std::size_t j = 0; j + 1 < x.size(); ++j)
            if (u <= x[j + 1]) return g[j] + (u - x[j]) / (x[j + 1] - x[j]) * (g[j + 1] - g[j]);
        return g.back();
    };
    if (!(hi > lo)) return at(lo);
    long double sum = 0;
    for (std::size_t j = 0; j + 1 < x.size(); ++j) {
        const long double a = x[j], b = x[j + 1];
        const long double l = std::max(a, lo), h = std::min(b, hi);
        if (!(h > l)) continue;
        const long double gl = g[j] + (l - a) / (b - a) * (g[j + 1] - g[j]);
        const long double gh = g[j] + (h - a) / (b - a) * (g[j + 1] - g[j]);
        sum += (h - l) * (gl + gh) / 2;
    }
    return sum / (hi - lo);
}

// Reference smoothing of levels in dB: band edges from the definition (shrink rule), mean in domain `exponent`
// (0 = dB), log or linear weighting. Inputs must not contain 0 Hz for log weighting.
std::vector<double> reference_smooth(const std::vector<double>& f_in, const std::vector<double>& db,
                                     const std::vector<double>& f_out, const smoothing_width& width, int exponent,
                                     bool log_axis) {
    std::vector<long double> x(f_in.size()), g(f_in.size());
    for (std::size_t i = 0; i < f_in.size(); ++i) {
        x[i] = log_axis ? std::log(static_cast<long double>(f_in[i])) : f_in[i];
        g[i] = exponent == 0 ? static_cast<long double>(db[i]) : std::pow(10.0L, exponent * static_cast<long double>(db[i]) / 20);
    }
    std::vector<double> out(f_out.size());
    for (std::size_t k = 0; k < f_out.size(); ++k) {
        const long double f = f_out[k];
        const long double c = log_axis ? std::log(f) : f;
        long double lo, hi;
        if (c < x.front() || c > x.back()) {
            lo = hi = c < x.front() ? x.front() : x.back();
        } else {
            const long double b = width.octaves_at(f_out[k]);
            if (log_axis) {
                const long double half = std::min({b / 2 * ln2, c - x.front(), x.back() - c});
                lo = c - half;
                hi = c + half;
            } else {
                const long double ratio = std::min({std::pow(2.0L, b / 2), f / x.front(), x.back() / f});
                lo = f / ratio;
                hi = f * ratio;
            }
        }
        const long double mean = reference_band_mean(x, g, lo, hi);
        out[k] = static_cast<double>(exponent == 0 ? mean : 20 * std::log10(mean) / exponent);
    }
    return out;
}

std::vector<double> smooth_db(const std::vector<double>& f, const std::vector<double>& db, smoothing_width width,
                              smoothing_options options = {}, std::vector<double> f_out = {}) {
    if (f_out.empty()) f_out = f;
    const fractional_octave_smoother plan(f, f_out, width, options);
    std::vector<double> out(f_out.size()), scratch(plan.scratch_size());
    plan.execute_db(db, out, scratch);
    return out;
}

// A bumpy test curve with resonances and a notch, in dB.
double bumpy(double f) {
    const double u = std::log2(f / 20.0);
    return 6 * std::sin(3.1 * u) + 2 * std::cos(17.0 * u) - 25 * std::exp(-std::pow((u - 6.4) / 0.05, 2)) +
           0.5 * std::sin(200 * u);
}

} // namespace

TEST_CASE("smoothing a constant returns the constant on any grid, width, domain and pass count",
          "[dsp][smoothing]") {
    const std::vector<double> log_f = log_grid(20, 20000, 48);
    const std::vector<double> fft_f = fft_bin_grid(4096, 48000); // includes the DC bin
    const smoothing_width widths[] = {smoothing_width::fraction(1), smoothing_width::fraction(3),
                                      smoothing_width::fraction(96), smoothing_width::variable(),
                                      smoothing_width::psychoacoustic(), smoothing_width::erb()};
    const smoothing_domain domains[] = {smoothing_domain::power, smoothing_domain::magnitude, smoothing_domain::db,
                                        smoothing_domain::cubic};
    for (const std::vector<double>* grid : {&log_f, &fft_f})
        for (const auto& w : widths)
            for (auto d : domains)
                for (auto weighting : {smoothing_weighting::log_frequency, smoothing_weighting::linear_frequency})
                    for (unsigned passes : {1u, 4u}) {
                        smoothing_options o;
                        o.domain = d;
                        o.weighting = weighting;
                        o.passes = passes;
                        const std::vector<double> in(grid->size(), 73.25);
                        const auto out = smooth_db(*grid, in, w, o);
                        double worst = 0;
                        for (double v : out) worst = std::max(worst, std::fabs(v - 73.25));
                        INFO(w.describe() << " domain " << int(d) << " passes " << passes << " points " << grid->size());
                        CHECK(worst < 1e-9);
                    }
    // Complex constant (a fixed complex gain) stays that gain.
    const fractional_octave_smoother plan(log_f, smoothing_width::fraction(6));
    std::vector<double> re(log_f.size(), 0.3), im(log_f.size(), -0.4), ore(log_f.size()), oim(log_f.size()),
        scratch(plan.scratch_size());
    plan.execute_complex(re, im, ore, oim, scratch);
    for (std::size_t i = 0; i < log_f.size(); ++i) {
        CHECK(ore[i] == Approx(0.3).margin(1e-12));
        CHECK(oim[i] == Approx(-0.4).margin(1e-12));
    }
}

TEST_CASE("a straight line in log frequency stays that line in the dB domain, up to the ends", "[dsp][smoothing]") {
    const std::vector<double> f = log_grid(20, 20000, 24);
    std::vector<double> db(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) db[i] = 4.5 - 3.0 * std::log2(f[i] / 1000); // −3 dB/oct
    smoothing_options o;
    o.domain = smoothing_domain::db;
    for (const auto& w : {smoothing_width::fraction(1), smoothing_width::fraction(12), smoothing_width::erb()}) {
        const auto out = smooth_db(f, db, w, o);
        for (std::size_t i = 0; i < f.size(); ++i) CHECK(out[i] == Approx(db[i]).margin(1e-9));
    }
    // Evaluated between the input points (a coarser, offset output grid), the line is still the line.
    const std::vector<double> out_f = log_grid(21, 19000, 5);
    const auto out = smooth_db(f, db, smoothing_width::fraction(3), o, out_f);
    for (std::size_t k = 0; k < out_f.size(); ++k)
        CHECK(out[k] == Approx(4.5 - 3.0 * std::log2(out_f[k] / 1000)).margin(1e-9));
}

TEST_CASE("power-domain smoothing of a dB slope matches the analytic mean of an exponential", "[dsp][smoothing]") {
    // L = s·log2 f ⇒ |H|² = e^{k·ln f}, k = s·ln10/(10·ln2). The mean of e^{k u} over u_c ± h is
    // e^{k u_c}·sinh(k h)/(k h), so the smoothed level is L_c + 10·log10(sinh(kh)/(kh)), h = B·ln2/2.
    const double s = 12.0, b = 1.0 / 3;
    const std::vector<double> f = log_grid(20, 20000, 384);
    std::vector<double> db(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) db[i] = s * std::log2(f[i]);
    const auto out = smooth_db(f, db, smoothing_width::fraction(3));
    const double k = s * std::log(10.0) / (10 * std::numbers::ln2), h = b * std::numbers::ln2 / 2;
    const double lift = 10 * std::log10(std::sinh(k * h) / (k * h)); // 0.198 dB
    REQUIRE(lift > 0.1);
    double worst = 0;
    for (std::size_t i = 0; i < f.size(); ++i)
        if (f[i] > 20 * std::exp2(b / 2) && f[i] < 20000 * std::exp2(-b / 2))
            worst = std::max(worst, std::fabs(out[i] - (db[i] + lift)));
    // Reading |H|² as piecewise linear between points 1/384 octave apart errs by ≈ (kΔu)²/8 ≈ 7e-6 relative.
    CHECK(worst < 1e-4);
}

TEST_CASE("a single narrow peak smoothed by a rectangle gives the analytic triangle areas", "[dsp][smoothing]") {
    // 96 points per octave; 1/12-octave band = 8 grid steps. A 1 dB spike at one point is a triangle of base
    // two steps and area one step, so a band holding all of it averages to 1/8 dB.
    const std::vector<double> f = log_grid(100, 10000, 96);
    const std::size_t k0 = 300;
    std::vector<double> db(f.size(), 0.0);
    db[k0] = 1.0;
    smoothing_options o;
    o.domain = smoothing_domain::db;
    const auto out = smooth_db(f, db, smoothing_width::fraction(12), o);
    for (int d = -3; d <= 3; ++d) CHECK(out[k0 + d] == Approx(1.0 / 8).margin(1e-9)); // whole triangle inside
    CHECK(out[k0 + 4] == Approx(1.0 / 16).margin(1e-9));                              // band edge on the peak
    CHECK(out[k0 - 4] == Approx(1.0 / 16).margin(1e-9));
    CHECK(out[k0 + 5] == Approx(0.0).margin(1e-9)); // band edge one step away: no overlap
    CHECK(out[k0 - 6] == Approx(0.0).margin(1e-9));
    // Centre half a step further out: the band covers the triangle's last half step, area 1/8 step → 1/64 dB.
    const double half_step_out[] = {f[k0] * std::exp2(4.5 / 96)};
    const auto partial = smooth_db(f, db, smoothing_width::fraction(12), o,
                                   std::vector<double>(half_step_out, half_step_out + 1));
    CHECK(partial[0] == Approx(1.0 / 64).margin(1e-9));
    double area = 0; // the smoothed curve keeps the spike's area (interior, uniform grid): Σ out = 1 step·1 dB / 1 step
    for (double v : out) area += v;
    CHECK(area == Approx(1.0).margin(1e-9));
}

TEST_CASE("smoothing agrees with an O(N²) long-double reference on irregular grids", "[dsp][smoothing]") {
    // Irregular input grid: FFT bins above 0 Hz with every third bin dropped.
    std::vector<double> f;
    for (std::size_t i = 1; i <= 1500; ++i)
        if (i % 3 != 0) f.push_back(double(i) * 48000.0 / 4096.0);
    std::vector<double> db(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) db[i] = bumpy(f[i]);
    const std::vector<double> out_f = log_grid(5, 20000, 24); // starts below and ends above the data
    struct config {
        smoothing_width width;
        smoothing_domain domain;
        int exponent;
        bool log_axis;
    };
    const config configs[] = {
        {smoothing_width::fraction(3), smoothing_domain::power, 2, true},
        {smoothing_width::fraction(48), smoothing_domain::db, 0, true},
        {smoothing_width::variable(), smoothing_domain::magnitude, 1, true},
        {smoothing_width::erb(), smoothing_domain::cubic, 3, true},
        {smoothing_width::psychoacoustic(), smoothing_domain::power, 2, false},
        {smoothing_width::fraction(6), smoothing_domain::db, 0, false},
    };
    for (const auto& c : configs) {
        smoothing_options o;
        o.domain = c.domain;
        o.weighting = c.log_axis ? smoothing_weighting::log_frequency : smoothing_weighting::linear_frequency;
        for (const std::vector<double>* grid : std::initializer_list<const std::vector<double>*>{&f, &out_f}) {
            const auto fast = smooth_db(f, db, c.width, o, *grid);
            const auto slow = reference_smooth(f, db, *grid, c.width, c.exponent, c.log_axis);
            double worst = 0;
            for (std::size_t k = 0; k < fast.size(); ++k) worst = std::max(worst, std::fabs(fast[k] - slow[k]));
            INFO(c.width.describe() << " exponent " << c.exponent << (c.log_axis ? " log" : " linear"));
            CHECK(worst < 1e-9);
        }
    }
}

TEST_CASE("the sliding band sum keeps its precision across a 300 dB drop", "[dsp][smoothing]") {
    // Loud below 1 kHz, 300 dB down above: a running sum without refresh would leave only rounding noise of the
    // loud part in the quiet bands (power ratio 1e30).
    const std::vector<double> f = log_grid(20, 20000, 96);
    std::vector<double> db(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) db[i] = (f[i] < 1000 ? 100.0 : -200.0) + bumpy(f[i]);
    const auto fast = smooth_db(f, db, smoothing_width::fraction(6));
    const auto slow = reference_smooth(f, db, f, smoothing_width::fraction(6), 2, true);
    double worst = 0;
    for (std::size_t k = 0; k < f.size(); ++k) worst = std::max(worst, std::fabs(fast[k] - slow[k]));
    CHECK(worst < 1e-6);
}

TEST_CASE("several passes form a kernel with the intended variance", "[dsp][smoothing]") {
    // k boxes of width w: variance k·w²/12 (octaves²). equal_variance: w = B/√k ⇒ B²/12; full: w = B ⇒ k·B²/12.
    // Each linear re-reading between passes adds a grid triangle (Δ²/6), negligible at 768 points per octave.
    const double p = 768, b = 1.0 / 3;
    const std::vector<double> f = log_grid(100, 10000, p);
    const std::size_t k0 = f.size() / 2;
    std::vector<double> db(f.size(), 0.0);
    db[k0] = 1.0;
    for (auto widths : {pass_width::equal_variance, pass_width::full}) {
        smoothing_options o;
        o.domain = smoothing_domain::db;
        o.passes = 4;
        o.widths = widths;
        const auto out = smooth_db(f, db, smoothing_width::fraction(3), o);
        double m0 = 0, m1 = 0, m2 = 0;
        for (std::size_t i = 0; i < f.size(); ++i) {
            const double u = (double(i) - double(k0)) / p; // octaves from the spike
            m0 += out[i];
            m1 += out[i] * u;
            m2 += out[i] * u * u;
        }
        const double variance = m2 / m0 - (m1 / m0) * (m1 / m0);
        const double expected = (widths == pass_width::full ? 4.0 : 1.0) * b * b / 12;
        CHECK(m0 == Approx(1.0).epsilon(1e-9)); // area kept
        CHECK(variance == Approx(expected).epsilon(2e-3));
    }
}

TEST_CASE("width rules match REW's published description", "[dsp][smoothing]") {
    // REW help: Variable = 1/48 oct below 100 Hz, 1/6 at 1 kHz, 1/3 above 10 kHz; Psychoacoustic = 1/3 below
    // 100 Hz, 1/6 above 1 kHz; ERB = 107.77·f_kHz + 24.673 Hz, "about 1 octave at 50 Hz, 1/2 at 100 Hz, 1/3 at
    // 200 Hz, about 1/6 above 1 kHz" (rounded values of REW's variable smoothing).
    const auto v = smoothing_width::variable();
    CHECK(v.octaves_at(50) == Approx(1.0 / 48));
    CHECK(v.octaves_at(100) == Approx(1.0 / 48));
    CHECK(v.octaves_at(1000) == Approx(1.0 / 6));
    CHECK(v.octaves_at(10000) == Approx(1.0 / 3));
    CHECK(v.octaves_at(20000) == Approx(1.0 / 3));
    CHECK(v.octaves_at(300) > 1.0 / 48);
    CHECK(v.octaves_at(300) < 1.0 / 6);
    const auto p = smoothing_width::psychoacoustic();
    CHECK(p.octaves_at(40) == Approx(1.0 / 3));
    CHECK(p.octaves_at(5000) == Approx(1.0 / 6));
    const auto e = smoothing_width::erb();
    CHECK(e.octaves_at(50) == Approx(0.85).margin(0.005));
    CHECK(e.octaves_at(100) == Approx(0.51).margin(0.005));
    CHECK(e.octaves_at(200) == Approx(0.33).margin(0.005));
    CHECK(e.octaves_at(1000) == Approx(0.19).margin(0.005));
    CHECK(e.octaves_at(5000) == Approx(0.16).margin(0.005));
}

TEST_CASE("averaging domains order as the power-mean inequality says", "[dsp][smoothing]") {
    const std::vector<double> f = log_grid(20, 20000, 48);
    std::vector<double> db(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) db[i] = bumpy(f[i]);
    auto with = [&](smoothing_domain d) {
        smoothing_options o;
        o.domain = d;
        return smooth_db(f, db, smoothing_width::fraction(3), o);
    };
    const auto cubic = with(smoothing_domain::cubic), power = with(smoothing_domain::power),
               magnitude = with(smoothing_domain::magnitude), geometric = with(smoothing_domain::db);
    for (std::size_t i = 0; i < f.size(); ++i) {
        CHECK(cubic[i] >= power[i] - 1e-12);
        CHECK(power[i] >= magnitude[i] - 1e-12);
        CHECK(magnitude[i] >= geometric[i] - 1e-12);
    }
}

TEST_CASE("smoothing responses: DC bin, phase, truncate edges and errors", "[dsp][smoothing]") {
    const std::vector<double> f = fft_bin_grid(1024, 48000);
    std::vector<double> db(f.size()), phase(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
        db[i] = i == 0 ? -7.0 : bumpy(f[i]);
        phase[i] = -360.0 * f[i] * 1e-4; // 0.1 ms delay: a line in f, wrapped
        phase[i] = std::remainder(phase[i], 360.0);
    }
    const frequency_response r(f, db, phase, "dut");
    const auto s = smooth(r, smoothing_width::fraction(3));
    REQUIRE(s.size() == r.size());
    CHECK(s.magnitude_db()[0] == -7.0); // the DC point passes through unchanged
    CHECK(s.name() == "dut");
    REQUIRE(s.has_phase());
    // The phase is smoothed as an unwrapped phase: a line in f averaged over a log-symmetric 1/3-octave band
    // exceeds its centre value by 0.23 % (at most 2° here), so the wrapped result stays near the input.
    for (std::size_t i = 10; i + 10 < f.size(); ++i) CHECK(std::fabs(std::remainder(s.phase_deg()[i] - phase[i], 360.0)) < 5.0);

    smoothing_options t;
    t.edges = edge_rule::truncate;
    t.domain = smoothing_domain::db;
    const std::vector<double> lf = log_grid(20, 20000, 24);
    std::vector<double> line(lf.size());
    for (std::size_t i = 0; i < lf.size(); ++i) line[i] = std::log2(lf[i] / 20); // 0 at the first point
    const auto tr = smooth_db(lf, line, smoothing_width::fraction(1), t);
    CHECK(tr[0] == Approx(0.25).margin(1e-9)); // band [20, 28.3 Hz] truncated to its upper half: mean 1/4 octave
    CHECK(tr[lf.size() / 2] == Approx(line[lf.size() / 2]).margin(1e-9));

    CHECK_THROWS_WITH(smoothing_width::fraction(0.5), Contains("denominator"));
    CHECK_THROWS_WITH(smoothing_width::fraction(1000), Contains("denominator"));
    const std::vector<double> bad{100, 50};
    CHECK_THROWS_WITH(fractional_octave_smoother(bad, smoothing_width::fraction(3)), Contains("input_hz[1]"));
    smoothing_options many;
    many.passes = 40;
    CHECK_THROWS_WITH(fractional_octave_smoother(lf, smoothing_width::fraction(3), many), Contains("passes"));
    const fractional_octave_smoother plan(lf, smoothing_width::fraction(3));
    std::vector<double> small(3), out(lf.size()), scratch(plan.scratch_size());
    CHECK_THROWS_WITH(plan.execute_db(small, out, scratch), Contains("in.size()"));
    std::vector<double> short_scratch(2);
    CHECK_THROWS_WITH(plan.execute_db(line, out, short_scratch), Contains("scratch"));
    smoothing_options cx;
    cx.domain = smoothing_domain::complex;
    const fractional_octave_smoother complex_plan(lf, smoothing_width::fraction(3), cx);
    CHECK_THROWS_WITH(complex_plan.execute_db(line, out, scratch), Contains("complex"));
    // Huge levels do not overflow (levels are taken relative to the loudest point).
    std::vector<double> loud(lf.size(), 5000.0);
    const auto lo = smooth_db(lf, loud, smoothing_width::fraction(3));
    for (double v : lo) CHECK(v == Approx(5000.0));
}

TEST_CASE("smoothing names: decimal octave fractions and their description", "[dsp][smoothing]") {
    CHECK(parse_smoothing("0.1667").width.describe() == "1/6 octave"); // within 1 % of 1/6
    CHECK(parse_smoothing("1/3").width.describe() == "1/3 octave");
    CHECK(parse_smoothing("0.5").width.describe() == "1/2 octave");
    CHECK(parse_smoothing("48").width.describe() == "1/48 octave");
    CHECK_THROWS_WITH(parse_smoothing("0", "--fraction"), Contains("--fraction"));
    CHECK_THROWS_WITH(parse_smoothing("1/0.1667", "--fraction"), Contains("1/N"));
}

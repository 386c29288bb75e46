// Harmonic separation against closed-form harmonics of a memoryless polynomial (Novak et al. 2015; Farina 2000):
// for x = A·sin φ, x² = A²(1 − cos 2φ)/2, x³ = A³(3 sin φ − sin 3φ)/4, x⁴ = A⁴(3 − 4 cos 2φ + cos 4φ)/8,
// x⁵ = A⁵(10 sin φ − 5 sin 3φ + sin 5φ)/16 (power-reduction identities).
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/dsp/deconvolve.hpp>
#include <iemlab/dsp/harmonics.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <vector>

using namespace iemlab;
using Catch::Matchers::Contains;

namespace {

struct polynomial_case {
    double A, a2, a3, a4, a5;
    // Harmonic n of y = Σ a_k x^k as a complex gain relative to the excitation amplitude A (sin reference).
    std::complex<double> harmonic(unsigned n) const {
        const double A2 = A * A, A3 = A2 * A, A4 = A3 * A, A5 = A4 * A;
        switch (n) {
        case 1: return {(A + 3 * a3 * A3 / 4 + 10 * a5 * A5 / 16) / A, 0};
        case 2: return std::complex<double>(0, -1) * ((a2 * A2 / 2 + a4 * A4 / 2) / A); // −cos 2φ = sin(2φ − π/2)
        case 3: return std::complex<double>(-1, 0) * ((a3 * A3 / 4 + 5 * a5 * A5 / 16) / A); // −sin 3φ
        case 4: return std::complex<double>(0, 1) * (a4 * A4 / 8 / A);                        // +cos 4φ
        case 5: return {a5 * A5 / 16 / A, 0};                                                 // +sin 5φ
        }
        return {0, 0};
    }
    double operator()(double x) const {
        return x + a2 * x * x + a3 * x * x * x + a4 * x * x * x * x + a5 * x * x * x * x * x;
    }
};

} // namespace

TEMPLATE_TEST_CASE("a polynomial's harmonics come back at their closed-form levels and phases", "[dsp][harmonics]",
                   float, double) {
    const double fs = 48000;
    const polynomial_case poly{0.5, 0.2, 0.1, 0.05, 0.04};
    dsp::sweep_shape shape;
    shape.amplitude = poly.A;
    // f2 = 4.5 kHz keeps 5·f2 below Nyquist: a polynomial applied to samples aliases harmonics above fs/2 back
    // into the band (off the synchronized positions), which the closed form does not model.
    const double f2 = 4500;
    const auto s = dsp::synchronized_sweep::from_si(10, f2, 4, fs, shape);
    const auto x = s.template samples<TestType>();
    std::vector<TestType> y(s.size() + std::size_t(0.2 * fs), TestType(0));
    for (std::size_t i = 0; i < s.size(); ++i) y[i] = TestType(poly(double(x[i])));
    // Circular padding (half the FFT length) is exact here: a fifth-order polynomial has nothing above order 5.
    const bool circular = GENERATE(false, true);
    CAPTURE(circular);
    dsp::deconvolution_options deconvolution;
    if (circular) deconvolution.padding = dsp::deconvolution_padding::circular;
    const auto d = dsp::deconvolver<TestType>::synchronized(s, y.size(), x.span(), deconvolution);
    CHECK(d.fft_size() == dsp::next_fast_real_size(circular ? y.size() : y.size() + s.size()));
    const auto h = d(std::span<const TestType>(y));
    dsp::harmonic_options options;
    options.orders = 5;
    if (circular) options.highest_order_present = 6;
    const dsp::harmonic_analyzer<TestType> analyzer(fs, s.rate_constant_s(), 10, h.size(), options);
    auto spectra = analyzer.make_spectra();
    aligned_buffer<TestType> scratch(analyzer.scratch_size());
    analyzer.execute(h.span(), 0.0, spectra, scratch.span());

    // Circular padding cuts the start of each harmonic's time-advanced sweep (it wraps onto the silent end):
    // measured −0.14 dB for H5 at 2.5·f1, within 0.1 dB from 3·f1 on.
    const auto level_margin = [&](double f) { return circular && f < 30 ? 0.2 : 0.1; };
    // Valid band: from 2.5·f1 (past the half-octave fade-in, and the band edge n·f1 of each harmonic response
    // by more than its gate's resolution) to n·f < f2/1.1 (before the fade-out).
    const auto grid = log_grid(25, 4500, 24);
    std::size_t checked = 0;
    for (const double f : grid) {
        for (unsigned n = 1; n <= 5; ++n) {
            if (n * f >= f2 / 1.1) continue;
            CAPTURE(f, n);
            const auto got = spectra.at(n, n * f), want = poly.harmonic(n);
            CHECK(20 * std::log10(std::abs(got) / std::abs(want)) == Approx(0).margin(level_margin(f)));
            CHECK(std::abs(std::remainder(std::arg(got / want) * 180 / 3.14159265358979, 360.0)) < 2.0);
            ++checked;
        }
    }
    CHECK(checked > 300);

    // HD_n and THD at the excitation frequency, against the closed form; each order counts as far as it reaches.
    const auto curves = dsp::harmonic_distortion(spectra, std::span<const double>(grid), f2 / 1.1);
    REQUIRE(!curves.frequency_hz.empty());
    std::size_t partial = 0;
    for (std::size_t i = 0; i < curves.frequency_hz.size(); ++i) {
        const double f = curves.frequency_hz[i];
        CAPTURE(f);
        double sum = 0;
        unsigned reach = 1;
        for (unsigned n = 2; n <= 5; ++n)
            if (n * f < f2 / 1.1) {
                sum += std::norm(poly.harmonic(n));
                reach = n;
            }
        CHECK(curves.highest_order[i] == reach);
        if (reach < 5) ++partial;
        const double thd_f = std::sqrt(sum) / std::abs(poly.harmonic(1));
        for (unsigned n = 2; n <= 5; ++n) {
            CHECK(curves.has(n, i) == (n <= reach));
            if (curves.has(n, i))
                CHECK(curves.hd_db[n - 2][i] ==
                      Approx(20 * std::log10(std::abs(poly.harmonic(n)) / std::abs(poly.harmonic(1))))
                          .margin(level_margin(f)));
        }
        CHECK(curves.thd_f_percent[i] == Approx(100 * thd_f).epsilon(0.012));
        CHECK(curves.thd_r_percent[i] == Approx(100 * thd_f / std::sqrt(1 + thd_f * thd_f)).epsilon(0.012));
    }
    CHECK(partial > 10); // rows where only some orders reach are kept
    // Rows where order 2 is inside the sweep: 2·f < f_max; with all_orders only where 5·f < f_max.
    CHECK(curves.frequency_hz.back() * 2 < f2 / 1.1);
    const auto all = dsp::harmonic_distortion(spectra, std::span<const double>(grid), f2 / 1.1, dsp::distortion_reach::all_orders);
    REQUIRE(!all.frequency_hz.empty());
    CHECK(all.frequency_hz.back() * 5 < f2 / 1.1);
}

TEST_CASE("a linear system shows no harmonics", "[dsp][harmonics]") {
    const double fs = 48000;
    // Sweep half an octave wider than the analysed band at the bottom: the inverse's band edge at f1 rings, and
    // that ringing would leak into the short harmonic gates.
    const auto s = dsp::synchronized_sweep::from_si(10, 20000, 2, fs);
    const auto x = s.samples<double>();
    std::vector<double> y(s.size() + 4800, 0.0);
    // y = 0.7·x delayed by 3 samples: a pure gain and delay.
    for (std::size_t i = 0; i < s.size(); ++i) y[i + 3] = 0.7 * x[i];
    const auto d = dsp::deconvolver<double>::synchronized(s, y.size(), x.span());
    const auto h = d(std::span<const double>(y));
    const double latency = dsp::find_impulse_peak(std::span<const double>(h.span()));
    CHECK(latency == Approx(3).margin(1e-3));
    const dsp::harmonic_analyzer<double> analyzer(fs, s.rate_constant_s(), 10, h.size());
    auto spectra = analyzer.make_spectra();
    aligned_buffer<double> scratch(analyzer.scratch_size());
    analyzer.execute(h.span(), latency, spectra, scratch.span());
    const auto grid = log_grid(30, 3000, 6);
    const auto curves = dsp::harmonic_distortion(spectra, std::span<const double>(grid), 20000);
    for (std::size_t i = 0; i < curves.frequency_hz.size(); ++i) {
        // The separation floor: the inverse's band edge at f1 rings over ~1/f1, reaching the harmonic gates only
        // ~κ·ln2 periods of f1 away (κ = f1·L = 3 here), and the short gates spread that LF ringing upwards.
        // Measured for this 2 s sweep: −55 dB at 3·f1, below −100 dB from 20·f1.
        const double f = curves.frequency_hz[i];
        CAPTURE(f);
        if (f >= 3 * 10) CHECK(curves.thd_f_percent[i] < 0.2);
        if (f >= 20 * 10) CHECK(curves.thd_f_percent[i] < 1e-3);
    }
    const auto fr = dsp::linear_response(spectra, grid);
    for (std::size_t i = 0; i < grid.size(); ++i) {
        CHECK(fr.magnitude_db()[i] == Approx(20 * std::log10(0.7)).margin(0.01));
        CHECK(fr.phase_deg()[i] == Approx(0).margin(0.05)); // bulk delay of 3 samples removed
    }
}

TEST_CASE("the impulse peak is found to a fraction of a sample", "[dsp][harmonics]") {
    // A band-limited impulse (Hann-windowed sinc) centred at 100.3 samples.
    std::vector<double> h(512);
    const double pi = 3.14159265358979323846;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const double t = double(i) - 100.3;
        const double sinc = t == 0 ? 1 : std::sin(pi * 0.5 * t) / (pi * 0.5 * t);
        const double w = std::abs(t) < 40 ? 0.5 + 0.5 * std::cos(pi * t / 40) : 0;
        h[i] = -0.8 * sinc * w; // negative polarity: |h| is what counts
    }
    CHECK(dsp::find_impulse_peak(std::span<const double>(h)) == Approx(100.3).margin(0.01));
}

TEST_CASE("harmonic analysis rejects impossible layouts", "[dsp][harmonics]") {
    dsp::harmonic_options o;
    o.orders = 10;
    CHECK_THROWS_WITH(dsp::harmonic_analyzer<float>(48000, 0.3, 20, 400000, o), Contains("orders = 10"));
    o.orders = 3;
    CHECK_THROWS_WITH(dsp::harmonic_analyzer<float>(48000, 0.0, 20, 400000, o), Contains("rate constant"));
    CHECK_THROWS_WITH(dsp::harmonic_analyzer<float>(48000, 0.3, 20, 1000, o), Contains("response_size"));
    o.highest_order_present = 3; // must exceed the analysed orders
    CHECK_THROWS_WITH(dsp::harmonic_analyzer<float>(48000, 0.3, 20, 400000, o),
                      Contains("highest_order_present") && Contains("orders + 1 = 4"));
}

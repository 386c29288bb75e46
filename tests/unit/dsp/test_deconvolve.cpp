// Deconvolution against truths from outside the code: a loopback must come back as unity, and a known LTI system
// (RBJ peaking biquads, filtered in long double) must come back as its analytic H(e^{jω}).
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

// RBJ Audio-EQ-Cookbook peaking EQ (R. Bristow-Johnson), normalised by a0.
struct biquad {
    long double b0, b1, b2, a1, a2;
};
biquad peaking(double f0, double gain_db, double q, double fs) {
    const long double pi = 3.141592653589793238462643383279502884L;
    const long double A = std::pow(10.0L, gain_db / 40.0L), w0 = 2 * pi * f0 / fs, alpha = std::sin(w0) / (2 * q);
    const long double a0 = 1 + alpha / A;
    return {(1 + alpha * A) / a0, -2 * std::cos(w0) / a0, (1 - alpha * A) / a0, -2 * std::cos(w0) / a0,
            (1 - alpha / A) / a0};
}
std::complex<long double> response(const biquad& b, double f, double fs) {
    const long double pi = 3.141592653589793238462643383279502884L;
    const std::complex<long double> z1 = std::polar(1.0L, -2 * pi * f / fs), z2 = z1 * z1;
    return (b.b0 + b.b1 * z1 + b.b2 * z2) / (1.0L + b.a1 * z1 + b.a2 * z2);
}
void filter(const biquad& b, std::vector<long double>& x) {
    long double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (auto& v : x) {
        const long double y = b.b0 * v + b.b1 * x1 + b.b2 * x2 - b.a1 * y1 - b.a2 * y2;
        x2 = x1, x1 = v, y2 = y1, y1 = y, v = y;
    }
}

// Max |20·log10|H_k|| over the FFT bins of the whole response inside [fa, fb].
template <class T>
double max_deviation_db(const aligned_buffer<T>& h, double fs, double fa, double fb) {
    const dsp::real_fft_plan<double> plan(h.size());
    aligned_buffer<double> x(h.size()), re(plan.bins()), im(plan.bins()), scratch(plan.scratch_size());
    for (std::size_t i = 0; i < h.size(); ++i) x[i] = h[i];
    plan.forward(x.span(), re.span(), im.span(), scratch.span());
    double worst = 0;
    for (std::size_t k = 1; k < plan.bins(); ++k) {
        const double f = double(k) * fs / double(h.size());
        if (f < fa || f > fb) continue;
        worst = std::max(worst, std::abs(10 * std::log10(re[k] * re[k] + im[k] * im[k])));
    }
    return worst;
}

enum class inverse_kind { sync_exact, sync_closed_form, farina, kirkeby };

template <class T>
dsp::deconvolver<T> make(inverse_kind kind, const dsp::swept_sine& s, std::size_t length, std::span<const T> x,
                         dsp::deconvolution_options o = {}) {
    switch (kind) {
    case inverse_kind::sync_exact: return dsp::deconvolver<T>::synchronized(s, length, x, o);
    case inverse_kind::sync_closed_form:
        o.inverse = dsp::synchronized_inverse::closed_form;
        return dsp::deconvolver<T>::synchronized(s, length, x, o);
    case inverse_kind::farina: return dsp::deconvolver<T>::farina(s, length, x, o);
    case inverse_kind::kirkeby: break;
    }
    return dsp::deconvolver<T>::kirkeby(x, s.rate_hz(), length, s.parameters().f1_hz, s.parameters().f2_hz, o);
}

} // namespace

TEST_CASE("every method returns a loopback flat to 0.01 dB in band", "[dsp][deconvolve]") {
    dsp::sweep_shape shape;
    shape.amplitude = 0.5;
    const auto s = dsp::synchronized_sweep::from_si(20, 20000, 2, 48000, shape);
    const auto x = s.samples<float>();
    std::vector<float> y(s.size() + 4800, 0.0f);
    std::copy(x.begin(), x.end(), y.begin());
    for (const auto kind :
         {inverse_kind::sync_exact, inverse_kind::sync_closed_form, inverse_kind::farina, inverse_kind::kirkeby}) {
        CAPTURE(int(kind));
        const auto d = make<float>(kind, s, y.size(), x.span());
        const auto h = d(std::span<const float>(y));
        CHECK(max_deviation_db(h, 48000, 20, 20000) < 0.01);
        CHECK(std::abs(dsp::find_impulse_peak(std::span<const float>(h.span()))) < 0.05); // at t = 0
    }
}

TEST_CASE("the textbook inverses carry the finite sweep's ripple, within the published bounds", "[dsp][deconvolve]") {
    // Novak et al. 2015: the closed form is the stationary-phase inverse of an infinite sweep, so a real
    // 2 s sweep comes back with about ±0.3 dB of Fresnel ripple mid-band; Farina's filter likewise. This checks the
    // formulas (phase convention, scale 2·√(f/L)/fs, C) against that bound, away from the fades.
    const auto s = dsp::synchronized_sweep::from_si(20, 20000, 2, 48000);
    const auto x = s.samples<double>();
    std::vector<double> y(s.size() + 4800, 0.0);
    std::copy(x.begin(), x.end(), y.begin());
    dsp::deconvolution_options raw;
    raw.exact_in_band = false;
    for (const auto kind : {inverse_kind::sync_closed_form, inverse_kind::farina}) {
        CAPTURE(int(kind));
        const auto h = make<double>(kind, s, y.size(), x.span(), raw)(std::span<const double>(y));
        const double mid = max_deviation_db(h, 48000, 40, 20000 / 1.5);
        CHECK(mid < 0.3);
        CHECK(mid > 0.01); // the ripple is real: the exact-in-band option is not a no-op
    }
}

TEST_CASE("a known LTI system is recovered within 0.05 dB from 20 Hz to 20 kHz (f32 pipeline)", "[dsp][deconvolve]") {
    // Sweeps wider than the analysed band (Müller & Massarani 2001; Farina 2007): 10 Hz – 22 kHz at 48 kHz, analysed 20
    // Hz – 20 kHz.
    const double fs = 48000;
    const biquad eq1 = peaking(1000, 6, 1.4, fs), eq2 = peaking(60, -5, 0.7, fs), eq3 = peaking(9000, 3, 3, fs);
    const auto grid = log_grid(20, 20000, 48);
    struct case_ {
        dsp::sweep_type type;
        inverse_kind inverse;
    };
    for (const auto& [type, inverse] : {case_{dsp::sweep_type::synchronized, inverse_kind::sync_exact},
                                        case_{dsp::sweep_type::exponential, inverse_kind::farina},
                                        case_{dsp::sweep_type::linear, inverse_kind::kirkeby}}) {
        CAPTURE(to_string(type));
        const auto s = dsp::swept_sine::make(type, 10, 22000, 2, fs);
        const auto xs = s.samples<float>();
        std::vector<long double> y(s.size() + std::size_t(0.5 * fs), 0.0L);
        for (std::size_t i = 0; i < s.size(); ++i) y[i] = xs[i];
        filter(eq1, y), filter(eq2, y), filter(eq3, y);
        const std::vector<float> recording(y.begin(), y.end());
        const auto d = make<float>(inverse, s, recording.size(), xs.span());
        const auto h = d(std::span<const float>(recording));
        dsp::harmonic_options options;
        options.orders = type == dsp::sweep_type::linear ? 1 : 5;
        const dsp::harmonic_analyzer<float> analyzer(fs, s.rate_constant_s(), 10, h.size(), options);
        auto spectra = analyzer.make_spectra();
        aligned_buffer<float> scratch(analyzer.scratch_size());
        // The filters have no bulk delay: their response peaks within a sample of t = 0; referring the spectra
        // to t = 0 makes the phase comparable with the analytic one.
        CHECK(std::abs(dsp::find_impulse_peak(std::span<const float>(h.span()))) < 0.5);
        analyzer.execute(h.span(), 0.0, spectra, scratch.span());
        const auto fr = dsp::linear_response(spectra, grid);
        double worst_db = 0, worst_deg = 0;
        for (std::size_t i = 0; i < grid.size(); ++i) {
            const auto truth = response(eq1, grid[i], fs) * response(eq2, grid[i], fs) * response(eq3, grid[i], fs);
            worst_db = std::max(worst_db, std::abs(fr.magnitude_db()[i] - 20 * std::log10(double(std::abs(truth)))));
            worst_deg = std::max(worst_deg,
                                 std::abs(std::remainder(fr.phase_deg()[i] - double(std::arg(truth)) * 180 / 3.14159265358979, 360.0)));
        }
        CHECK(worst_db < 0.05);
        CHECK(worst_deg < 1.0);
    }
}

TEST_CASE("bad deconvolution input names what is wrong", "[dsp][deconvolve]") {
    const auto s = dsp::synchronized_sweep::from_si(20, 20000, 1, 48000);
    CHECK_THROWS_WITH(dsp::deconvolver<float>::synchronized(s, s.size() - 1),
                      Contains("recording length") && Contains("shorter than the sweep"));
    const auto e = dsp::exponential_sweep::from_si(20, 20000, 1, 48000);
    CHECK_THROWS_WITH(dsp::deconvolver<float>::synchronized(e, e.size()), Contains("not synchronized"));
    const auto lin = dsp::linear_sweep::from_si(20, 20000, 1, 48000);
    CHECK_THROWS_WITH(dsp::deconvolver<float>::farina(lin, lin.size()), Contains("linear"));
    const std::vector<float> short_x(100, 0.1f);
    CHECK_THROWS_WITH(dsp::deconvolver<float>::synchronized(s, s.size(), std::span<const float>(short_x)),
                      Contains("excitation.size()"));
    const std::vector<float> empty;
    CHECK_THROWS_WITH(dsp::deconvolver<float>::kirkeby(std::span<const float>(empty), 48000, 100, 20, 20000),
                      Contains("empty"));
    std::vector<float> x(1000, 0.1f);
    CHECK_THROWS_WITH(dsp::deconvolver<float>::kirkeby(std::span<const float>(x), 48000, 1000, 20, 30000),
                      Contains("f_hi = 30000 Hz"));
    CHECK_THROWS_WITH(dsp::deconvolver<float>::kirkeby(std::span<const float>(x), 48000, 1000, 0, 20000),
                      Contains("f_lo = 0 Hz"));
    x[5] = std::nanf("");
    CHECK_THROWS_WITH(dsp::deconvolver<float>::kirkeby(std::span<const float>(x), 48000, 1000, 20, 20000),
                      Contains("sample 5"));
    const auto d = dsp::deconvolver<float>::synchronized(s, s.size() + 10);
    std::vector<float> y(s.size() + 10, 0.0f);
    aligned_buffer<float> ir(d.fft_size()), scratch(d.scratch_size());
    y[7] = std::numeric_limits<float>::infinity();
    CHECK_THROWS_WITH(d.execute(std::span<const float>(y), ir.span(), scratch.span()), Contains("sample 7"));
    y.pop_back();
    CHECK_THROWS_WITH(d.execute(std::span<const float>(y), ir.span(), scratch.span()), Contains("recording.size()"));
}

// Cepstral minimum phase against RBJ biquads and first-order sections whose phase is known in closed form.
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/dsp/analysis.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

using namespace iemlab;
using namespace iemlab::dsp;
using Catch::Matchers::Contains;

namespace {

using cld = std::complex<long double>;

// A second-order section b(z)/a(z), evaluated in long double at z = e^{jω}.
struct biquad {
    long double b0, b1, b2, a0, a1, a2;
    cld at(long double w) const {
        const cld z1 = std::polar(1.0L, -w), z2 = z1 * z1;
        return (b0 + b1 * z1 + b2 * z2) / (a0 + a1 * z1 + a2 * z2);
    }
    // Largest root radius of b (zeros) and a (poles): both < 1 means stable and minimum phase.
    static long double max_root(long double c0, long double c1, long double c2) {
        if (c2 == 0) return std::fabs(c1 / c0);
        const cld d = std::sqrt(cld(c1 * c1 - 4 * c0 * c2));
        return std::max(std::abs((-c1 + d) / (2 * c0)), std::abs((-c1 - d) / (2 * c0))); // roots of c0 z² + c1 z + c2
    }
    long double max_zero() const { return max_root(b0, b1, b2); }
    long double max_pole() const { return max_root(a0, a1, a2); }
};

// Robert Bristow-Johnson, "Audio EQ Cookbook": peaking EQ and low shelf.
biquad rbj_peaking(long double f0, long double q, long double gain_db, long double fs) {
    const long double a = std::pow(10.0L, gain_db / 40), w0 = 2 * std::numbers::pi_v<long double> * f0 / fs;
    const long double alpha = std::sin(w0) / (2 * q);
    return {1 + alpha * a, -2 * std::cos(w0), 1 - alpha * a, 1 + alpha / a, -2 * std::cos(w0), 1 - alpha / a};
}
biquad rbj_low_shelf(long double f0, long double q, long double gain_db, long double fs) {
    const long double a = std::pow(10.0L, gain_db / 40), w0 = 2 * std::numbers::pi_v<long double> * f0 / fs;
    const long double alpha = std::sin(w0) / (2 * q), c = std::cos(w0), s = 2 * std::sqrt(a) * alpha;
    return {a * ((a + 1) - (a - 1) * c + s), 2 * a * ((a - 1) - (a + 1) * c), a * ((a + 1) - (a - 1) * c - s),
            (a + 1) + (a - 1) * c + s,       -2 * ((a - 1) + (a + 1) * c),   (a + 1) + (a - 1) * c - s};
}

constexpr long double fs = 48000;
const biquad peak = rbj_peaking(1000, 2, 9, fs);
const biquad shelf = rbj_low_shelf(105, 0.7, 6, fs);
const biquad first_order{1, -0.5L, 0, 1, -0.9L, 0}; // (1 − 0.5 z⁻¹)/(1 − 0.9 z⁻¹)

cld cascade(long double w) { return peak.at(w) * shelf.at(w) * first_order.at(w); }

} // namespace

TEST_CASE("the cepstral minimum phase equals the phase of minimum-phase biquads", "[dsp][minimum_phase]") {
    for (const biquad* b : {&peak, &shelf, &first_order}) {
        REQUIRE(b->max_zero() < 1); // the premise: zeros inside the unit circle …
        REQUIRE(b->max_pole() < 1); // … and a stable system
    }
    const minimum_phase_plan plan(8192);
    REQUIRE(plan.bins() == 4097);
    std::vector<double> db(plan.bins()), phase(plan.bins()), scratch(plan.scratch_size());
    for (int which = 0; which < 4; ++which) {
        auto h = [&](long double w) {
            switch (which) {
            case 0: return peak.at(w);
            case 1: return shelf.at(w);
            case 2: return first_order.at(w);
            default: return cascade(w);
            }
        };
        for (std::size_t k = 0; k < plan.bins(); ++k)
            db[k] = static_cast<double>(20 * std::log10(std::abs(h(std::numbers::pi_v<long double> * k / 4096))));
        plan.execute(db, phase, scratch);
        double worst = 0;
        for (std::size_t k = 0; k < plan.bins(); ++k) {
            const double truth = static_cast<double>(std::arg(h(std::numbers::pi_v<long double> * k / 4096)));
            worst = std::max(worst, std::fabs(wrap_phase(phase[k] - truth)));
        }
        INFO("section " << which);
        CHECK(worst < 1e-9);
        CHECK(phase[0] == Approx(0.0).margin(1e-12)); // real positive gain at DC
    }
}

TEST_CASE("excess phase and excess group delay of a delayed and an allpass-filtered system", "[dsp][minimum_phase]") {
    // Response on a log grid, 96 points per octave from 2 Hz to 23.9 kHz; the minimum phase is recomputed on a
    // 65536-point FFT grid from the resampled level, so agreement is limited by that resampling.
    const std::vector<double> f = log_grid(2, 23900, 96);
    const long double delay_samples = 37;
    const long double a = 0.6L; // first-order allpass (−a + z⁻¹)/(1 − a z⁻¹): |A| = 1, A(1) = 1
    std::vector<double> db(f.size()), delayed(f.size()), allpassed(f.size()), truth_allpass(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
        const long double w = 2 * std::numbers::pi_v<long double> * f[i] / fs;
        const cld h = cascade(w);
        const cld z1 = std::polar(1.0L, -w);
        const cld allpass = (-a + z1) / (1.0L - a * z1);
        db[i] = static_cast<double>(20 * std::log10(std::abs(h)));
        delayed[i] = static_cast<double>(std::arg(h * std::polar(1.0L, -w * delay_samples)) * 180 / std::numbers::pi_v<long double>);
        allpassed[i] = static_cast<double>(std::arg(h * allpass) * 180 / std::numbers::pi_v<long double>);
        truth_allpass[i] = static_cast<double>(std::arg(allpass));
    }
    const frequency_response min = minimum_phase(frequency_response(f, db), 48000, 65536);
    double worst_min = 0;
    for (std::size_t i = 0; i < f.size(); ++i) {
        const long double w = 2 * std::numbers::pi_v<long double> * f[i] / fs;
        worst_min = std::max(worst_min, std::fabs(wrap_phase(min.phase_deg()[i] * std::numbers::pi / 180 -
                                                             static_cast<double>(std::arg(cascade(w))))));
    }
    CHECK(worst_min < 1e-3); // rad

    const frequency_response with_delay(f, db, delayed);
    const auto excess = excess_phase(with_delay, 48000, 65536);
    const auto tau = excess_group_delay(with_delay, 48000, 65536);
    double worst_phase = 0, worst_tau = 0;
    for (std::size_t i = 0; i < f.size(); ++i) {
        const double truth = -2 * std::numbers::pi * f[i] * double(delay_samples) / 48000;
        worst_phase = std::max(worst_phase, std::fabs(excess[i] - truth));
        worst_tau = std::max(worst_tau, std::fabs(tau[i] - double(delay_samples) / 48000));
    }
    CHECK(worst_phase < 2e-3); // rad
    // Within 2 µs (0.1 sample) of 771 µs: the level is read linearly in ln f between points 1/96 octave apart
    // before the minimum phase is taken (≈0.9 µs near the 105 Hz shelf; halves at 192 points per octave).
    CHECK(worst_tau < 2e-6);
    const auto excess_ap = excess_phase(frequency_response(f, db, allpassed), 48000, 65536);
    for (std::size_t i = 0; i < f.size(); ++i) CHECK(wrap_phase(excess_ap[i] - truth_allpass[i]) == Approx(0.0).margin(2e-3));

    CHECK_THROWS_WITH(minimum_phase_plan(7), Contains("fft_size"));
    CHECK_THROWS_WITH(minimum_phase(frequency_response(f, db), 40000), Contains("sample_rate"));
    CHECK_THROWS_WITH(excess_phase(frequency_response(f, db)), Contains("has no phase"));
}

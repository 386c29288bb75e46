#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/electroacoustics/driver_model.hpp>
#include <iemlab/electroacoustics/impedance_fit.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <string>
#include <random>
#include <vector>

using namespace iemlab;
using namespace iemlab::electroacoustics;
using Catch::Matchers::Contains;

namespace {

struct curve {
    std::vector<double> f, magnitude, phase;
};

// |Z| (and phase) of a known model on a 1/48-octave grid, with Gaussian noise of `noise_db` dB on the magnitude
// and `noise_deg` on the phase (fixed seed).
curve synthetic(const ba_impedance_model& truth, double noise_db, double noise_deg, unsigned seed) {
    curve c;
    c.f = log_grid(10, 24000, 48);
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (const double f : c.f) {
        const auto z = truth.at(f);
        c.magnitude.push_back(std::abs(z) * std::pow(10.0, noise_db * normal(rng) / 20));
        c.phase.push_back(std::arg(z) * 180 / std::numbers::pi + noise_deg * normal(rng));
    }
    return c;
}

void check_recovered(const ba_impedance_model& fit, const ba_impedance_model& truth, double scale) {
    CHECK(fit.re_ohm() == Approx(truth.re_ohm()).epsilon(0.01 * scale));
    // K and n trade off against each other; the curve pins down the blocked coil's |K·ω^n| in the treble (to 5 %:
    // for the nearly resistive RAU tweeter that term is only 1.3 dB of |Z(10 kHz)| against 0.1 dB noise).
    CHECK(fit.n() == Approx(truth.n()).margin(0.02 * scale));
    const double w = 2 * std::numbers::pi * 1e4;
    CHECK(fit.k() * std::pow(w, fit.n()) == Approx(truth.k() * std::pow(w, truth.n())).epsilon(0.05 * scale));
    REQUIRE(fit.branches().size() == truth.branches().size());
    for (std::size_t b = 0; b < truth.branches().size(); ++b) {
        const auto& x = fit.branches()[b];
        const auto& t = truth.branches()[b];
        INFO("branch " << b + 1);
        CHECK(x.resonance_hz() == Approx(t.resonance_hz()).epsilon((b == 0 ? 0.01 : 0.02) * scale));
        CHECK(x.quality_factor() == Approx(t.quality_factor()).epsilon((b == 0 ? 0.05 : 0.15) * scale));
        CHECK(x.resistance_ohm == Approx(t.resistance_ohm).epsilon((b == 0 ? 0.03 : 0.15) * scale));
    }
}

} // namespace

TEST_CASE("impedance fit recovers known parameters from a noisy curve", "[electroacoustics][impedance_fit]") {
    // Truth: the reference's fitted Knowles sets (§1.5), 0, 1 and 2 branches; noise 0.1 dB RMS (magnitude only,
    // like a digitised curve) and 0.1 dB + 0.5° (with phase, like a measurement).
    for (const char* name : {"CI-22955", "HODVTEC-31618", "ED-30262", "TWFK-30017", "RAU-34832"}) {
        const ba_impedance_model truth = find_knowles_receiver(name).model();
        INFO(name);
        const curve c = synthetic(truth, 0.1, 0.5, 7);
        const auto magnitude_only = fit_ba_impedance(c.f, c.magnitude);
        check_recovered(magnitude_only.model, truth, 1.0);
        // The residual is the noise: 0.1 dB RMS (resampling to 140 points averages a little).
        CHECK(magnitude_only.rms_error_db > 0.04);
        CHECK(magnitude_only.rms_error_db < 0.15);
        CHECK(magnitude_only.points == 140);
        const auto with_phase = fit_ba_impedance(c.f, c.magnitude, c.phase);
        check_recovered(with_phase.model, truth, 1.0);
    }
    // Without noise the fit is exact to solver tolerance.
    const ba_impedance_model truth = find_knowles_receiver("TEC-30033").model();
    const curve clean = synthetic(truth, 0.0, 0.0, 1);
    impedance_fit_options raw;
    raw.points = 0; // the data points themselves, no resampling error
    const auto exact = fit_ba_impedance(clean.f, clean.magnitude, {}, raw);
    CHECK(exact.rms_error_db < 1e-6);
    check_recovered(exact.model, truth, 0.001);
}

TEST_CASE("impedance fit options and bad input", "[electroacoustics][impedance_fit]") {
    const ba_impedance_model truth = find_knowles_receiver("BK-26824").model();
    const curve c = synthetic(truth, 0.0, 0.0, 1);
    impedance_fit_options two;
    two.branches = 2;
    CHECK(fit_ba_impedance(c.f, c.magnitude, {}, two).model.branches().size() == 2);
    impedance_fit_options raw;
    raw.points = 0;
    raw.f_min_hz = 100;
    raw.f_max_hz = 10000;
    const auto r = fit_ba_impedance(c.f, c.magnitude, {}, raw);
    CHECK(r.points == static_cast<std::size_t>(std::count_if(c.f.begin(), c.f.end(), [](double f) { return f >= 100 && f <= 10000; })));
    CHECK(r.rms_error_db < 1e-3);

    const std::vector<double> empty;
    CHECK_THROWS_WITH(fit_ba_impedance(empty, empty), Contains("frequency: is empty"));
    std::vector<double> f{100, 200, 200, 400}, m{10, 11, 12, 13};
    CHECK_THROWS_WITH(fit_ba_impedance(f, m), Contains("frequency[2] = 200 Hz") && Contains("strictly increasing"));
    f = {100, 200, 300, 400};
    m = {10, 0, 12, 13};
    CHECK_THROWS_WITH(fit_ba_impedance(f, m), Contains("magnitude[1]"));
    m = {10, 11, 12, 13};
    CHECK_THROWS_WITH(fit_ba_impedance(f, m), Contains("at least 12 points"));
    impedance_fit_options bad;
    bad.branches = 3;
    CHECK_THROWS_WITH(fit_ba_impedance(c.f, c.magnitude, {}, bad), Contains("branches"));
}

TEST_CASE("to_ba_spec writes a spec that parses back to the same model", "[electroacoustics][impedance_fit]") {
    const ba_impedance_model m(20.4, 7.13e-3, 0.931, {{171.1, 4.56e-3, 2.12e-6}, {33.3, 1.1e-4, 5.5e-7}});
    const std::string spec = to_ba_spec(m);
    CHECK(spec == "ba:re=20.4,k=0.00713,n=0.931,r1=171.1,l1=0.00456,c1=2.12e-06,r2=33.3,l2=0.00011,c2=5.5e-07");
    const auto back = parse_ba_spec(spec.substr(3), spec);
    const std::vector<double> f{20, 200, 2000, 20000};
    const network::grid g(f);
    const auto z = back.impedance(g);
    for (std::size_t i = 0; i < g.size(); ++i) CHECK(std::abs(z[i] - m.at(g.frequency(i))) < 1e-9 * std::abs(m.at(g.frequency(i))));
}

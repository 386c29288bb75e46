// Numerical robustness: finite input never gives NaN or Inf. Signals at the edges of what a recording can be —
// digital silence, DC, a full-scale square wave, levels near the float denormal range and far above full scale
// — go through deconvolution, harmonic separation and distortion read-out; responses at the ±1000 dB the file
// readers accept go through smoothing (every domain), minimum phase and target comparison; models are asked for
// extreme grids. Only finiteness (and a few bounds that hold by definition, e.g. THD_R <= 100 %) is asserted.
#include <iemlab/acoustics.hpp>
#include <iemlab/core.hpp>
#include <iemlab/dsp/analysis.hpp>
#include <iemlab/dsp/deconvolve.hpp>
#include <iemlab/dsp/harmonics.hpp>
#include <iemlab/dsp/smoothing.hpp>
#include <iemlab/dsp/sweep.hpp>
#include <iemlab/electroacoustics/ba_receiver.hpp>
#include <iemlab/electroacoustics/loads.hpp>
#include <iemlab/measure/average.hpp>
#include <iemlab/measure/target.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <limits>
#include <string>
#include <vector>

using namespace iemlab;

namespace {

template <class Range>
bool all_finite(const Range& values) {
    for (const auto& v : values)
        if (!std::isfinite(static_cast<double>(v))) return false;
    return true;
}
bool all_finite_complex(const std::vector<std::complex<double>>& values) {
    for (const auto& v : values)
        if (!std::isfinite(v.real()) || !std::isfinite(v.imag())) return false;
    return true;
}

// One recording per edge case: the sweep (or something else) placed 100 samples in, then silence.
template <class T>
std::vector<std::pair<std::string, std::vector<T>>> edge_recordings(const dsp::swept_sine& sweep, std::size_t length) {
    const auto x = sweep.samples<T>();
    std::vector<std::pair<std::string, std::vector<T>>> out;
    auto add = [&](std::string name, auto sample) {
        std::vector<T> r(length, T(0));
        for (std::size_t i = 0; i < x.size(); ++i) r[i + 100] = static_cast<T>(sample(i));
        out.emplace_back(std::move(name), std::move(r));
    };
    add("silence", [](std::size_t) { return 0.0; });
    add("DC", [](std::size_t) { return 1.0; });
    add("full-scale square wave", [](std::size_t i) { return (i / 24) % 2 == 0 ? 1.0 : -1.0; });
    add("clipped sweep", [&](std::size_t i) { return std::clamp(4.0 * double(x[i]), -1.0, 1.0); });
    add("sweep at 1e-42 (float denormals)", [&](std::size_t i) { return 1e-42 * double(x[i]); });
    add("sweep at 1e-300", [&](std::size_t i) { return 1e-300 * double(x[i]); });
    add("sweep at 1e6", [&](std::size_t i) { return 1e6 * double(x[i]); });
    add("single impulse", [](std::size_t i) { return i == 0 ? 1.0 : 0.0; });
    return out;
}

template <class T>
void deconvolve_edge_cases() {
    const auto sweep = dsp::synchronized_sweep::from_si(40, 6000, 0.2, 16000);
    const std::size_t length = sweep.size() + 3000;
    for (const bool farina : {false, true}) {
        const auto dec = farina ? dsp::deconvolver<T>::farina(sweep, length) : dsp::deconvolver<T>::synchronized(sweep, length);
        const dsp::harmonic_analyzer<T> analyzer(16000, sweep.rate_constant_s(), 40, dec.fft_size());
        const std::vector<double> grid = log_grid(40, 6000, 12);
        for (const auto& [name, rec] : edge_recordings<T>(sweep, length)) {
            CAPTURE(name, farina);
            std::vector<T> ir(dec.fft_size()), s(dec.scratch_size());
            dec.execute(rec, ir, s);
            CHECK(all_finite(ir));
            const double latency = dsp::find_impulse_peak<T>(ir);
            CHECK(std::isfinite(latency));
            auto spectra = analyzer.make_spectra();
            std::vector<T> hs(analyzer.scratch_size());
            analyzer.execute(ir, latency, spectra, hs);
            CHECK(all_finite(spectra.re.span()));
            CHECK(all_finite(spectra.im.span()));
            const auto d = dsp::harmonic_distortion(spectra, grid, 6000);
            CHECK(all_finite(d.thd_f_percent));
            CHECK(all_finite(d.thd_r_percent));
            for (double v : d.thd_r_percent) CHECK(v <= 100.0);
            for (const auto& hd : d.hd_db) CHECK(all_finite(hd));
            const auto h1 = dsp::linear_response(spectra, grid);
            CHECK(all_finite(h1.magnitude_db()));
        }
    }
}

} // namespace

TEST_CASE("numerical: deconvolution and distortion of silence, DC, square waves, tiny and huge levels",
          "[robustness][numerical]") {
    deconvolve_edge_cases<float>();
    deconvolve_edge_cases<double>();
}

TEST_CASE("numerical: distortion read-out when the fundamental is (nearly) zero", "[robustness][numerical]") {
    // A notch in H_1 (a denormal or zero fundamental) with non-zero harmonics: HD and THD must stay finite and
    // THD_R (re total power) within [0, 100] %.
    const dsp::harmonic_analyzer<double> analyzer(16000, 0.05, 40, 1 << 14);
    for (const double h1 : {0.0, 1e-310, 1e-200, 1e-30, 1.0}) {
        for (const double hn : {0.0, 1e-300, 1.0, 1e200}) {
            CAPTURE(h1, hn);
            auto spectra = analyzer.make_spectra();
            for (std::size_t k = 0; k < spectra.bins(1); ++k) spectra.re[k] = h1;
            for (unsigned n = 2; n <= spectra.orders; ++n)
                for (std::size_t k = 0; k < spectra.bins(n); ++k) spectra.re[spectra.offset(n) + k] = hn;
            const std::vector<double> grid{100, 200, 400};
            const auto d = dsp::harmonic_distortion(spectra, grid, 8000);
            REQUIRE(d.frequency_hz.size() == 3);
            CHECK(all_finite(d.thd_f_percent));
            CHECK(all_finite(d.thd_r_percent));
            for (double v : d.thd_r_percent) CHECK((v >= 0 && v <= 100.0));
            for (const auto& hd : d.hd_db) CHECK(all_finite(hd));
        }
    }
}

TEST_CASE("numerical: smoothing, minimum phase and scores at the levels the readers accept", "[robustness][numerical]") {
    const std::vector<double> f = log_grid(20, 20000, 24);
    std::vector<std::pair<std::string, std::vector<double>>> cases;
    cases.emplace_back("digital silence (db_floor)", std::vector<double>(f.size(), db_floor));
    cases.emplace_back("+1000 dB", std::vector<double>(f.size(), 1000.0));
    cases.emplace_back("-1000 dB", std::vector<double>(f.size(), -1000.0));
    std::vector<double> alternating(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) alternating[i] = i % 2 ? 1000.0 : -1000.0;
    cases.emplace_back("alternating ±1000 dB", alternating);
    for (const auto& [name, db] : cases) {
        CAPTURE(name);
        std::vector<double> phase(f.size());
        for (std::size_t i = 0; i < f.size(); ++i) phase[i] = std::remainder(-37.0 * double(i), 360.0);
        const frequency_response r(f, db, phase, name);
        for (const auto domain : {dsp::smoothing_domain::power, dsp::smoothing_domain::magnitude, dsp::smoothing_domain::db,
                                  dsp::smoothing_domain::cubic, dsp::smoothing_domain::complex}) {
            CAPTURE(static_cast<int>(domain));
            dsp::smoothing_options o;
            o.domain = domain;
            for (const auto width : {dsp::smoothing_width::fraction(3), dsp::smoothing_width::erb(),
                                     dsp::smoothing_width::psychoacoustic()}) {
                const auto s = dsp::smooth(r, width, o);
                CHECK(all_finite(s.magnitude_db()));
                CHECK(all_finite(s.phase_deg()));
            }
        }
        const auto mp = dsp::minimum_phase(frequency_response(f, db), 48000.0, 8192);
        CHECK(all_finite(mp.phase_deg()));
        const auto gd = dsp::excess_group_delay(r, 48000.0, 8192);
        CHECK(all_finite(gd));
        const auto target = frequency_response(f, std::vector<double>(f.size(), 0.0));
        const auto score = measure::harman_inear_preference_score(r, target);
        CHECK(std::isfinite(score.score));
        const std::vector<frequency_response> rs{r, r.with_gain(-3)};
        for (const auto mode : {measure::average_mode::power, measure::average_mode::db, measure::average_mode::pressure,
                                measure::average_mode::vector}) {
            const auto avg = measure::average_responses(rs, mode);
            CHECK(all_finite(avg.mean.magnitude_db()));
        }
    }
}

TEST_CASE("numerical: log grids over the whole double range", "[robustness][numerical]") {
    // 1e-300 … 1e300 Hz is 1993.2 octaves (log2(1e600)): at 0.01 points per octave, 20 points, the last at
    // 1e-300·2^1900 ≈ 8.5e271 — finite, though 2^1900 alone is not (it once came back as inf).
    const auto f = log_grid(1e-300, 1e300, 0.01);
    REQUIRE(f.size() == 20);
    CHECK(all_finite(f));
    CHECK(f.front() == 1e-300);
    CHECK(f.back() <= 1e300);
    CHECK(f.back() == Approx(std::ldexp(1e-300, 1900)).epsilon(1e-12));
}

TEST_CASE("numerical: models on extreme grids stay finite", "[robustness][numerical]") {
    // From 1e-3 Hz (far below any resonance: compliances dominate) to 1 MHz (far above: masses, losses and
    // wavelengths much shorter than the canal).
    const network::grid g(log_grid(1e-3, 1e6, 2));
    const acoustics::iec60318_4_coupler coupler(g);
    CHECK(all_finite(coupler.input_impedance().re()));
    CHECK(all_finite(coupler.transfer_impedance().im()));
    CHECK(all_finite(coupler.level_re_500hz_db()));
    for (const double depth : {0.0, 0.012, 0.0249}) {
        CAPTURE(depth);
        acoustics::ear_canal canal;
        const acoustics::ear_canal_model model(g, canal, acoustics::leak::tube(canal.air, 0.01, 0.0005));
        const auto p = model.respond(depth);
        CHECK(all_finite(p.input_impedance.re()));
        CHECK(all_finite(p.transfer_impedance.re()));
        CHECK(all_finite(p.transfer_impedance.im()));
    }
    const auto load = electroacoustics::coupler_load(g);
    const auto ba = electroacoustics::knowles_receivers().front().receiver();
    const auto r = ba.respond(g, load);
    CHECK(all_finite_complex(r.impedance));
    CHECK(all_finite_complex(r.pressure));
}

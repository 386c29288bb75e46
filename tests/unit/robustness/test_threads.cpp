// Thread safety of the shared plans and models (docs/architecture.md, "Plans": immutable plans, one plan may serve
// many threads): 8 threads use ONE plan or model at the same time, each with its own scratch and output, and
// must reproduce the single-threaded result bit for bit. Tagged [threads]: the tsan CI phase runs exactly
// these under ThreadSanitizer, which also reports any data race the equality check would miss.
#include <iemlab/acoustics.hpp>
#include <iemlab/core.hpp>
#include <iemlab/dsp/analysis.hpp>
#include <iemlab/dsp/convolution.hpp>
#include <iemlab/dsp/deconvolve.hpp>
#include <iemlab/dsp/fft.hpp>
#include <iemlab/dsp/harmonics.hpp>
#include <iemlab/dsp/smoothing.hpp>
#include <iemlab/dsp/sweep.hpp>
#include <iemlab/electroacoustics/ba_receiver.hpp>
#include <iemlab/electroacoustics/dynamic_driver.hpp>
#include <iemlab/electroacoustics/loads.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <functional>
#include <random>
#include <thread>
#include <vector>

using namespace iemlab;

namespace {

constexpr int thread_count = 8;

// Runs `work(thread_index)` on 8 threads released together; `work` returns true when its results equal the
// single-threaded reference. Every thread must succeed.
void on_8_threads(const std::function<bool(int)>& work, int repetitions = 3) {
    std::atomic<int> ready{0};
    std::vector<char> ok(thread_count, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t)
        threads.emplace_back([&, t] {
            ready.fetch_add(1);
            while (ready.load() < thread_count) std::this_thread::yield(); // start together: maximal overlap
            bool all = true;
            for (int r = 0; r < repetitions; ++r) all = work(t) && all;
            ok[static_cast<std::size_t>(t)] = all ? 1 : 0;
        });
    for (auto& th : threads) th.join();
    for (int t = 0; t < thread_count; ++t) {
        INFO("thread " << t);
        CHECK(ok[static_cast<std::size_t>(t)] == 1);
    }
}

template <class T>
std::vector<T> noise(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<T> x(n);
    for (auto& v : x) v = static_cast<T>(u(rng));
    return x;
}

bool same(std::span<const double> a, std::span<const double> b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}
bool same(const std::vector<std::complex<double>>& a, const std::vector<std::complex<double>>& b) { return a == b; }
bool same(const network::complex_spectrum& a, const network::complex_spectrum& b) {
    return same(a.re(), b.re()) && same(a.im(), b.im());
}

} // namespace

TEST_CASE("threads: one FFT plan, 8 threads (fast and Bluestein sizes, float and double)", "[robustness][threads]") {
    for (const std::size_t n : {std::size_t{4096}, std::size_t{1009}, std::size_t{960}}) {
        CAPTURE(n);
        const dsp::real_fft_plan<double> real(n);
        const dsp::complex_fft_plan<float> cplx(n);
        const auto x = noise<double>(n, 1);
        const auto xr = noise<float>(n, 2), xi = noise<float>(n, 3);
        std::vector<double> re(real.bins()), im(real.bins()), back(n), s(real.scratch_size());
        real.forward(x, re, im, s);
        real.inverse(re, im, back, s);
        std::vector<float> yr(n), yi(n), cs(cplx.scratch_size());
        cplx.forward(xr, xi, yr, yi, cs);
        on_8_threads([&](int) {
            std::vector<double> r(real.bins()), i(real.bins()), b(n), sc(real.scratch_size());
            real.forward(x, r, i, sc);
            real.inverse(r, i, b, sc);
            std::vector<float> zr(n), zi(n), sc2(cplx.scratch_size());
            cplx.forward(xr, xi, zr, zi, sc2);
            return r == re && i == im && b == back && zr == yr && zi == yi;
        });
    }
}

TEST_CASE("threads: one deconvolver, harmonic analyzer, convolver and smoother, 8 threads", "[robustness][threads]") {
    const auto sweep = dsp::synchronized_sweep::from_si(50, 4000, 0.25, 16000);
    const auto x = sweep.samples<double>();
    // A weakly nonlinear "device" (x + 0.1·x² + 0.05·x³) recorded with 200 samples of latency.
    std::vector<double> rec(sweep.size() + 2000, 0.0);
    for (std::size_t i = 0; i < sweep.size(); ++i) rec[i + 200] = x[i] + 0.1 * x[i] * x[i] + 0.05 * x[i] * x[i] * x[i];
    const auto dec = dsp::deconvolver<double>::synchronized(sweep, rec.size());
    std::vector<double> ir(dec.fft_size()), s(dec.scratch_size());
    dec.execute(rec, ir, s);
    const double latency = dsp::find_impulse_peak<double>(ir);
    const dsp::harmonic_analyzer<double> analyzer(16000, sweep.rate_constant_s(), 50, ir.size());
    auto spectra = analyzer.make_spectra();
    std::vector<double> hs(analyzer.scratch_size());
    analyzer.execute(ir, latency, spectra, hs);
    const std::vector<double> taps = noise<double>(300, 4);
    const dsp::overlap_save_convolver<double> conv(taps);
    std::vector<double> y(conv.output_size(rec.size())), cs(conv.scratch_size());
    conv.execute(rec, y, cs);
    const std::vector<double> grid = log_grid(20, 8000, 48);
    const dsp::fractional_octave_smoother smoother(grid, dsp::smoothing_width::fraction(6));
    std::vector<double> db(grid.size());
    for (std::size_t i = 0; i < db.size(); ++i) db[i] = 80 + 10 * std::sin(0.3 * double(i));
    std::vector<double> smoothed(grid.size()), ss(smoother.scratch_size());
    smoother.execute_db(db, smoothed, ss);
    const dsp::minimum_phase_plan mp(4096);
    std::vector<double> mdb(mp.bins()), phase(mp.bins()), ms(mp.scratch_size());
    for (std::size_t i = 0; i < mdb.size(); ++i) mdb[i] = -6 * std::log2(1 + double(i) / 100);
    mp.execute(mdb, phase, ms);

    on_8_threads([&](int) {
        std::vector<double> ir2(dec.fft_size()), s2(dec.scratch_size());
        dec.execute(rec, ir2, s2);
        auto sp2 = analyzer.make_spectra();
        std::vector<double> hs2(analyzer.scratch_size());
        analyzer.execute(ir2, latency, sp2, hs2);
        std::vector<double> y2(y.size()), cs2(conv.scratch_size());
        conv.execute(rec, y2, cs2);
        std::vector<double> sm2(grid.size()), ss2(smoother.scratch_size());
        smoother.execute_db(db, sm2, ss2);
        std::vector<double> ph2(mp.bins()), ms2(mp.scratch_size());
        mp.execute(mdb, ph2, ms2);
        return ir2 == ir && same(sp2.re.span(), spectra.re.span()) && same(sp2.im.span(), spectra.im.span()) &&
               y2 == y && sm2 == smoothed && ph2 == phase;
    });
}

TEST_CASE("threads: one coupler, canal, occlusion and driver model, 8 threads", "[robustness][threads]") {
    const network::grid g(log_grid(20, 20000, 12));
    const acoustics::iec60318_4_coupler coupler(g);
    const acoustics::ear_canal_model canal(g, acoustics::ear_canal{});
    acoustics::ear_canal cone;
    cone.geometry = acoustics::canal_geometry::area_function(std::vector<double>{0, 0.01, 0.025},
                                                             std::vector<double>{5e-5, 4e-5, 3.5e-5});
    const acoustics::ear_canal_model cone_canal(g, cone);
    const acoustics::occlusion_model occlusion(g, acoustics::ear_canal{});
    const auto load = electroacoustics::coupler_load(g);
    const auto ba = electroacoustics::knowles_receivers().front().receiver();
    const electroacoustics::dynamic_driver dd(electroacoustics::simscape_microspeaker());
    const double depths[4] = {0.0, 0.005, 0.01, 0.02};

    const auto ev = coupler.effective_volume();
    std::vector<network::port_response> canal_ref, cone_ref;
    for (double d : depths) canal_ref.push_back(canal.respond(d)), cone_ref.push_back(cone_canal.respond(d));
    const auto occ_ref = occlusion.occlusion_effect_db(0.01);
    const auto ba_ref = ba.respond(g, load);
    const auto dd_ref = dd.respond(g, load);

    on_8_threads([&](int t) {
        const std::size_t k = static_cast<std::size_t>(t) % 4; // threads ask for different depths at once
        const auto c = canal.respond(depths[k]);
        const auto cc = cone_canal.respond(depths[k]);
        const auto b = ba.respond(g, load);
        const auto d = dd.respond(g, load);
        return coupler.effective_volume() == ev && same(c.input_impedance, canal_ref[k].input_impedance) &&
               same(c.transfer_impedance, canal_ref[k].transfer_impedance) &&
               same(cc.transfer_impedance, cone_ref[k].transfer_impedance) && occlusion.occlusion_effect_db(0.01) == occ_ref &&
               same(b.impedance, ba_ref.impedance) && same(b.pressure, ba_ref.pressure) &&
               same(d.impedance, dd_ref.impedance) && same(d.volume_velocity, dd_ref.volume_velocity);
    }, 2);
}

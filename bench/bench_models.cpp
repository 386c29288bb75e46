// model/… benchmarks: acoustic models on frequency grids (the network solver's SIMD kernels at work).
//
// model/canal_depth_sweep/1000/10000: a 25 mm canal + Shaw–Stinson drum + ideal volume-velocity source on 1000
//   log-spaced frequencies, evaluated for 10 000 insertion depths (the goal: < 100 ms on one core). The
//   plan is built outside the timed loop; each depth is one allocation-free evaluate() into caller buffers.
// model/canal_depth/1000/1: one depth of the same (per-evaluation cost).
// model/iec60318_4_coupler/1_48oct: building the 711 ladder and its responses on a 1/48-octave 20 Hz–20 kHz grid.
// model/coupler_plus_canal/1_48oct: the 711 coupler and the ear canal at one depth on the same grid (what a
//   coupler-to-ear correction needs).
#include <iemlab/acoustics/coupler.hpp>
#include <iemlab/acoustics/ear_canal.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/simd.hpp>

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

namespace ac = iemlab::acoustics;
namespace nw = iemlab::network;

void model_canal_depth_sweep(benchmark::State& state) {
    const auto depths = static_cast<std::size_t>(state.range(1));
    const nw::grid g{iemlab::log_grid_points(20, 20000, static_cast<std::size_t>(state.range(0)))};
    const ac::ear_canal_model model{g, ac::ear_canal{}};
    std::vector<double> zin_re(g.size()), zin_im(g.size()), zt_re(g.size()), zt_im(g.size());
    for (auto _ : state) {
        for (std::size_t k = 0; k < depths; ++k) {
            model.evaluate(0.02 * double(k) / double(depths), zin_re, zin_im, zt_re, zt_im);
            benchmark::DoNotOptimize(zt_re.data());
            benchmark::ClobberMemory();
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * depths * g.size()));
    state.SetLabel(std::string("simd=") + std::string(iemlab::to_string(iemlab::default_simd_level())));
}
BENCHMARK(model_canal_depth_sweep)->Name("model/canal_depth_sweep")->Args({1000, 10000})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(model_canal_depth_sweep)->Name("model/canal_depth")->Args({1000, 1})->Unit(benchmark::kMicrosecond);

void model_coupler(benchmark::State& state) {
    const auto f = iemlab::log_grid(20, 20000, 48);
    for (auto _ : state) {
        const nw::grid g{f};
        const ac::iec60318_4_coupler coupler{g};
        benchmark::DoNotOptimize(coupler.transfer_impedance().re().data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * f.size()));
}
BENCHMARK(model_coupler)->Name("model/iec60318_4_coupler/1_48oct")->Unit(benchmark::kMicrosecond);

void model_coupler_plus_canal(benchmark::State& state) {
    const auto f = iemlab::log_grid(20, 20000, 48);
    for (auto _ : state) {
        const nw::grid g{f};
        const ac::iec60318_4_coupler coupler{g};
        const ac::ear_canal_model canal{g, ac::ear_canal{}};
        const auto r = canal.respond(0.01);
        benchmark::DoNotOptimize(r.transfer_impedance.re().data());
        benchmark::DoNotOptimize(coupler.transfer_impedance().re().data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * f.size()));
}
BENCHMARK(model_coupler_plus_canal)->Name("model/coupler_plus_canal/1_48oct")->Unit(benchmark::kMicrosecond);

} // namespace

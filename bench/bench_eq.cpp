// eq/optimise/<objective>: one 10-filter parametric-EQ optimisation with AutoEq's defaults (+6 dB, Q 0.18–6,
// 20 Hz–20 kHz, 48 kHz) on AutoEq's 695-point grid, against the built-in Harman in-ear 2019v2 target. The
// measurement is the target with a bass shelf, three peaks and dips and a treble roll-off added (synthetic, so
// the benchmark needs no third-party data). eq/cascade: the level of 10 biquads on the same grid (the kernel).
#include "bench.hpp"

#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/dsp/biquad.hpp>
#include <iemlab/measure/builtin_targets.hpp>
#include <iemlab/measure/parametric_eq.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

namespace {

using namespace iemlab;
using dsp::biquad_type;

const std::vector<dsp::biquad_filter> disturbance{
    {biquad_type::low_shelf, 120, -5, 0.7},  {biquad_type::peaking, 900, 3, 1.2}, {biquad_type::peaking, 3000, -6, 2},
    {biquad_type::peaking, 6500, 7, 4},      {biquad_type::high_shelf, 9000, -8, 0.7}};

frequency_response measurement() {
    const auto target = measure::builtin_target("harman-ie-2019v2");
    const auto g = dsp::cascade_magnitude_db(disturbance, target.frequencies(), 48000);
    std::vector<double> db = target.magnitude_db();
    for (std::size_t i = 0; i < db.size(); ++i) db[i] += g[i] + 0.7 * std::sin(0.9 * double(i)); // fine ripple
    return {target.frequencies(), std::move(db)};
}

void bench_eq_optimise(benchmark::State& state, measure::eq_objective objective) {
    const auto target = measure::builtin_target("harman-ie-2019v2");
    const auto m = measurement();
    measure::eq_constraints c;
    c.objective = objective;
    c.level = iemlab_bench::level();
    double score = 0;
    for (auto _ : state) {
        const auto r = measure::optimize_parametric_eq(m, target, c);
        score = r.score_after;
        benchmark::DoNotOptimize(r.eq.filters.data());
    }
    state.counters["score_after"] = score;
}
BENCHMARK_CAPTURE(bench_eq_optimise, preference, measure::eq_objective::preference)
    ->Name("eq/optimise/preference")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bench_eq_optimise, error, measure::eq_objective::error)->Name("eq/optimise/error")->Unit(benchmark::kMillisecond);

void bench_eq_cascade(benchmark::State& state) {
    const dsp::biquad_grid grid(autoeq_grid(), 48000);
    std::vector<dsp::biquad_coefficients> c;
    for (int k = 0; k < 2; ++k)
        for (const auto& f : disturbance) c.push_back(dsp::cookbook_coefficients(f, 48000));
    std::vector<double> out(grid.size());
    for (auto _ : state) {
        std::fill(out.begin(), out.end(), 0.0);
        for (const auto& x : c) grid.add_db(x, out, iemlab_bench::level());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * std::int64_t(c.size() * grid.size()));
}
BENCHMARK(bench_eq_cascade)->Name("eq/cascade/10x695")->Unit(benchmark::kMicrosecond);

} // namespace

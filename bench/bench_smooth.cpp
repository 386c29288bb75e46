// smooth/<width>/<grid>/<points>: fractional-octave smoothing of one response, plan built outside the timing.
// Time per point should stay flat from 2^16 to 2^20 points (O(N) for any width): compare the ns/point counters.
// smooth/<width>/<grid>/N smooths N points onto the same N points; .../fft_bins_to_display onto 480 points.
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/dsp/smoothing.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

using namespace iemlab;

// A bumpy level so that the power-domain transform does real work.
std::vector<double> test_levels(const std::vector<double>& f) {
    std::vector<double> db(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) db[i] = 70 + 6 * std::sin(0.37 * double(i)) + 3 * std::cos(std::log(f[i] + 1));
    return db;
}

// Times plan.execute_db on `db` (the plan's input); counters per input point.
void time_smoothing(benchmark::State& state, const dsp::fractional_octave_smoother& plan, const std::vector<double>& db) {
    std::vector<double> out(plan.output_size()), scratch(plan.scratch_size());
    for (auto _ : state) {
        plan.execute_db(db, out, scratch);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    const auto n = static_cast<std::int64_t>(db.size());
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * n);
    state.counters["ns_per_point"] = benchmark::Counter(
        static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void bench_smooth(benchmark::State& state, dsp::smoothing_width width, bool fft_grid) {
    const auto n = static_cast<std::size_t>(state.range(0));
    // FFT bins of a 2(n−1)-point transform at 48 kHz, or n log-spaced points from 1 Hz to 24 kHz.
    const std::vector<double> f = fft_grid ? fft_bin_grid(2 * (n - 1), 48000) : log_grid_points(1, 24000, n);
    time_smoothing(state, dsp::fractional_octave_smoother(f, width), test_levels(f));
}

// 2^n FFT bins smoothed onto the 1/48-octave display grid 20 Hz–20 kHz (480 points, squig's and REW's): what
// a measurement does with a long FFT. The cost is the O(N) pass over the bins (levels to power, segment sums).
void bench_smooth_to_display(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const std::vector<double> f = fft_bin_grid(2 * (n - 1), 48000);
    time_smoothing(state, dsp::fractional_octave_smoother(f, log_grid(20, 20000, 48), dsp::smoothing_width::fraction(48)),
                   test_levels(f));
}

void register_all() {
    benchmark::RegisterBenchmark("smooth/octave48/fft_bins_to_display", bench_smooth_to_display)
        ->Arg(1 << 16)->Arg(1 << 18)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
    struct variant {
        const char* name;
        dsp::smoothing_width width;
    };
    const variant widths[] = {{"octave48", dsp::smoothing_width::fraction(48)},
                              {"octave3", dsp::smoothing_width::fraction(3)},
                              {"variable", dsp::smoothing_width::variable()},
                              {"erb", dsp::smoothing_width::erb()}};
    for (const auto& w : widths)
        for (bool fft_grid : {true, false}) {
            const std::string name = std::string("smooth/") + w.name + (fft_grid ? "/fft_bins" : "/log");
            auto* b = benchmark::RegisterBenchmark(name.c_str(), [w, fft_grid](benchmark::State& s) { bench_smooth(s, w.width, fft_grid); });
            b->Arg(1 << 16)->Arg(1 << 18)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
        }
}

const int registered = (register_all(), 0);

} // namespace

// FFT speed: fft/iemlab/<real|complex>/<f32|f64>/N and, when FFTW was found, fft/fftw/... (FFTW_MEASURE plans,
// made outside the timed loop; out-of-place; FFTW's own interleaved complex layout). N = 2^6 … 2^22 and the
// 5-smooth sizes of smooth_sizes (what deconvolution pads to), forward transforms. GFLOPS = 2.5·N·log2 N / t for
// complex, half of that for real (the convention of fftw.org/speed).
#include "bench.hpp"

#include <iemlab/core/aligned_buffer.hpp>
#include <iemlab/dsp/fft.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <random>
#include <string>

#if defined(IEMLAB_HAVE_FFTW)
#include <fftw3.h>
#endif

namespace {

using iemlab::aligned_buffer;

template <class T>
void fill_random(aligned_buffer<T>& v) {
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    for (auto& x : v) x = static_cast<T>(u(rng));
}

double flops(std::size_t n, bool real) {
    const double f = 2.5 * static_cast<double>(n) * std::log2(static_cast<double>(n));
    return real ? f / 2 : f;
}

void set_counters(benchmark::State& state, std::size_t n, bool real) {
    state.counters["GFLOPS"] = benchmark::Counter(flops(n, real) * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["N"] = static_cast<double>(n);
}

template <class T>
void iemlab_complex(benchmark::State& state, std::size_t n) {
    const iemlab::dsp::complex_fft_plan<T> plan(n, iemlab_bench::level());
    aligned_buffer<T> xr(n), xi(n), yr(n), yi(n), scratch(plan.scratch_size());
    fill_random(xr);
    fill_random(xi);
    for (auto _ : state) {
        plan.forward(xr, xi, yr, yi, scratch);
        benchmark::DoNotOptimize(yr.data());
        benchmark::ClobberMemory();
    }
    set_counters(state, n, false);
    state.counters["plan_bytes"] = static_cast<double>(plan.memory_bytes());
    state.SetLabel(std::string(iemlab::to_string(plan.level())));
}

template <class T>
void iemlab_real(benchmark::State& state, std::size_t n) {
    const iemlab::dsp::real_fft_plan<T> plan(n, iemlab_bench::level());
    aligned_buffer<T> x(n), re(plan.bins()), im(plan.bins()), scratch(plan.scratch_size());
    fill_random(x);
    for (auto _ : state) {
        plan.forward(x, re, im, scratch);
        benchmark::DoNotOptimize(re.data());
        benchmark::ClobberMemory();
    }
    set_counters(state, n, true);
    state.counters["plan_bytes"] = static_cast<double>(plan.memory_bytes());
    state.SetLabel(std::string(iemlab::to_string(plan.level())));
}

#if defined(IEMLAB_HAVE_FFTW)
// One set of functions per precision, selected by overloading on the element type.
struct fftw_f32 {
    using plan_t = fftwf_plan;
    static void* alloc(std::size_t bytes) { return fftwf_malloc(bytes); }
    static void release(void* p) { fftwf_free(p); }
    static plan_t complex_plan(std::size_t n, void* in, void* out) {
        return fftwf_plan_dft_1d(static_cast<int>(n), static_cast<fftwf_complex*>(in),
                                 static_cast<fftwf_complex*>(out), FFTW_FORWARD, FFTW_MEASURE);
    }
    static plan_t real_plan(std::size_t n, void* in, void* out) {
        return fftwf_plan_dft_r2c_1d(static_cast<int>(n), static_cast<float*>(in), static_cast<fftwf_complex*>(out),
                                     FFTW_MEASURE);
    }
    static void execute(plan_t p) { fftwf_execute(p); }
    static void destroy(plan_t p) { fftwf_destroy_plan(p); }
};
struct fftw_f64 {
    using plan_t = fftw_plan;
    static void* alloc(std::size_t bytes) { return fftw_malloc(bytes); }
    static void release(void* p) { fftw_free(p); }
    static plan_t complex_plan(std::size_t n, void* in, void* out) {
        return fftw_plan_dft_1d(static_cast<int>(n), static_cast<fftw_complex*>(in), static_cast<fftw_complex*>(out),
                                FFTW_FORWARD, FFTW_MEASURE);
    }
    static plan_t real_plan(std::size_t n, void* in, void* out) {
        return fftw_plan_dft_r2c_1d(static_cast<int>(n), static_cast<double*>(in), static_cast<fftw_complex*>(out),
                                    FFTW_MEASURE);
    }
    static void execute(plan_t p) { fftw_execute(p); }
    static void destroy(plan_t p) { fftw_destroy_plan(p); }
};

template <class T, class F>
void fftw_bench(benchmark::State& state, std::size_t n, bool real) {
    const std::size_t in_count = real ? n : 2 * n, out_count = real ? 2 * (n / 2 + 1) : 2 * n;
    auto* in = static_cast<T*>(F::alloc(sizeof(T) * in_count));
    auto* out = static_cast<T*>(F::alloc(sizeof(T) * out_count));
    // Planning (MEASURE overwrites the arrays) before the input is filled; in-process wisdom makes repeated
    // planning of the same size cheap when the benchmark library calls this function again.
    const auto plan = real ? F::real_plan(n, in, out) : F::complex_plan(n, in, out);
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    for (std::size_t i = 0; i < in_count; ++i) in[i] = static_cast<T>(u(rng));
    for (auto _ : state) {
        F::execute(plan);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    set_counters(state, n, real);
    F::destroy(plan);
    F::release(in);
    F::release(out);
}
#endif

// 5-smooth sizes 2^a·3^b·5^c that deconvolution picks (dsp::next_fast_real_size): 921 600 = 2^12·3^2·5^2 for the
// 10 s stereo recording of bench_deconvolve (linear padding), 480 000 = 2^8·3·5^4 (its circular variant),
// 144 000 and 72 000 for 1.5 s and 3 s at 48 kHz, and a few small ones.
constexpr std::size_t smooth_sizes[] = {1536, 3840, 12288, 20480, 72000, 144000, 480000, 921600};

void register_size(std::size_t n) {
    std::string tail = "/"; // appended, not "/" + …: g++ 12 warns falsely (-Wrestrict) on the operator+ form
    tail += std::to_string(n);
    benchmark::RegisterBenchmark(("fft/iemlab/real/f32" + tail).c_str(), iemlab_real<float>, n);
    benchmark::RegisterBenchmark(("fft/iemlab/real/f64" + tail).c_str(), iemlab_real<double>, n);
    benchmark::RegisterBenchmark(("fft/iemlab/complex/f32" + tail).c_str(), iemlab_complex<float>, n);
    benchmark::RegisterBenchmark(("fft/iemlab/complex/f64" + tail).c_str(), iemlab_complex<double>, n);
#if defined(IEMLAB_HAVE_FFTW)
    benchmark::RegisterBenchmark(("fft/fftw/real/f32" + tail).c_str(), fftw_bench<float, fftw_f32>, n, true);
    benchmark::RegisterBenchmark(("fft/fftw/real/f64" + tail).c_str(), fftw_bench<double, fftw_f64>, n, true);
    benchmark::RegisterBenchmark(("fft/fftw/complex/f32" + tail).c_str(), fftw_bench<float, fftw_f32>, n, false);
    benchmark::RegisterBenchmark(("fft/fftw/complex/f64" + tail).c_str(), fftw_bench<double, fftw_f64>, n, false);
#endif
}

const bool registered = [] {
    // 2^6…2^22: the scaling check (time / (N log2 N) within 2× over the range) needs both ends.
    for (std::size_t log2n = 6; log2n <= 22; ++log2n) register_size(std::size_t{1} << log2n);
    for (const std::size_t n : smooth_sizes) register_size(n);
#if defined(IEMLAB_HAVE_FFTW)
    // Which FFTW: its version string lists the SIMD codelets compiled in (e.g. fftw-3.3.10-sse2-avx-avx2-avx2_128-
    // avx512), fftw_cc the compiler and flags, fftw_prefix where it came from (bench/CMakeLists.txt).
    benchmark::AddCustomContext("fftw_version", fftw_version);
    benchmark::AddCustomContext("fftw_cc", fftw_cc);
#if defined(IEMLAB_FFTW_PREFIX)
    benchmark::AddCustomContext("fftw_prefix", IEMLAB_FFTW_PREFIX);
#endif
    benchmark::AddCustomContext("fftw_planner", "FFTW_MEASURE");
#endif
    return true;
}();

} // namespace

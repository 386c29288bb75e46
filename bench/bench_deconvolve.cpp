// Deconvolution speed: deconvolve/<method>/f32/stereo_10s_48k — one call = both channels of a 10 s stereo
// recording at 48 kHz (a 9 s synchronized sweep plus 1 s of tail) deconvolved with a plan built outside the
// timed loop (execute only: forward FFT, spectrum multiply, inverse FFT over next_fast_real_size(len(y) + len(x))).
// deconvolve/harmonics/f32/stereo_10s_48k adds the separation of orders 1…5 of both channels.
// The .../circular variants pad to len(y) only (deconvolution_padding::circular) and assume no energy above
// order 10 (harmonic_options::highest_order_present), as Novak's own code does: about half the work.
#include "bench.hpp"

#include <iemlab/core/aligned_buffer.hpp>
#include <iemlab/dsp/deconvolve.hpp>
#include <iemlab/dsp/harmonics.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <string>

namespace {

using iemlab::aligned_buffer;
namespace dsp = iemlab::dsp;

constexpr double rate = 48000;
constexpr std::size_t recording_length = 480000; // 10 s

struct stereo_recording {
    dsp::swept_sine sweep = dsp::synchronized_sweep::from_si(20, 20000, 9, rate);
    aligned_buffer<float> excitation = sweep.samples<float>();
    std::array<aligned_buffer<float>, 2> channels;

    stereo_recording() {
        std::mt19937 rng(3);
        std::normal_distribution<float> noise(0.0f, 1e-4f);
        for (std::size_t c = 0; c < 2; ++c) {
            channels[c] = aligned_buffer<float>(recording_length);
            // A mildly nonlinear channel with a 100-sample latency and a little noise.
            for (std::size_t n = 0; n < excitation.size(); ++n) {
                const float x = excitation[n];
                channels[c][n + 100] = 0.8f * x + 0.01f * float(c + 1) * x * x;
            }
            for (auto& v : channels[c]) v += noise(rng);
        }
    }
};

const stereo_recording& data() {
    static const stereo_recording r;
    return r;
}

dsp::deconvolver<float> make(const std::string& method, bool circular = false) {
    const auto& r = data();
    dsp::deconvolution_options o;
    o.level = iemlab_bench::level();
    if (circular) o.padding = dsp::deconvolution_padding::circular;
    if (method == "synchronized") return dsp::deconvolver<float>::synchronized(r.sweep, recording_length, r.excitation.span(), o);
    if (method == "farina") return dsp::deconvolver<float>::farina(r.sweep, recording_length, r.excitation.span(), o);
    return dsp::deconvolver<float>::kirkeby(r.excitation.span(), rate, recording_length, 20, 20000, o);
}

void deconvolve(benchmark::State& state, std::string method, bool circular) {
    const auto& r = data();
    const auto plan = make(method, circular);
    aligned_buffer<float> ir(plan.fft_size()), scratch(plan.scratch_size());
    for (auto _ : state) {
        for (const auto& ch : r.channels) {
            plan.execute(ch.span(), ir.span(), scratch.span());
            benchmark::DoNotOptimize(ir.data());
        }
        benchmark::ClobberMemory();
    }
    state.SetLabel(std::string(iemlab::to_string(iemlab_bench::level())) + ", fft " + std::to_string(plan.fft_size()));
    state.counters["fft_size"] = static_cast<double>(plan.fft_size());
}

void deconvolve_harmonics(benchmark::State& state, bool circular) {
    const auto& r = data();
    const auto plan = make("synchronized", circular);
    dsp::harmonic_options options;
    if (circular) options.highest_order_present = 10;
    const dsp::harmonic_analyzer<float> analyzer(rate, r.sweep.rate_constant_s(), 20, plan.fft_size(), options,
                                                 iemlab_bench::level());
    aligned_buffer<float> ir(plan.fft_size()), scratch(std::max(plan.scratch_size(), analyzer.scratch_size()));
    auto spectra = analyzer.make_spectra();
    for (auto _ : state) {
        for (const auto& ch : r.channels) {
            plan.execute(ch.span(), ir.span(), scratch.span());
            const double latency = dsp::find_impulse_peak(std::span<const float>(ir.span()), -1000, 3000);
            analyzer.execute(ir.span(), latency, spectra, scratch.span());
            benchmark::DoNotOptimize(spectra.re.data());
        }
        benchmark::ClobberMemory();
    }
    state.SetLabel(std::string(iemlab::to_string(iemlab_bench::level())) + ", fft " + std::to_string(plan.fft_size()) +
                   ", segments " + std::to_string(analyzer.linear_segment_size()) + "/" +
                   std::to_string(analyzer.harmonic_segment_size()));
}

const bool registered = [] {
    for (const bool circular : {false, true}) {
        const std::string tail = circular ? "/f32/stereo_10s_48k/circular" : "/f32/stereo_10s_48k";
        for (const char* method : {"synchronized", "farina", "kirkeby"})
            benchmark::RegisterBenchmark((std::string("deconvolve/") + method + tail).c_str(), deconvolve,
                                         std::string(method), circular)
                ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("deconvolve/harmonics" + tail).c_str(), deconvolve_harmonics, circular)
            ->Unit(benchmark::kMillisecond);
    }
    return true;
}();

} // namespace

// Overlap-save convolution against a direct long-double convolution.
#include <iemlab/dsp/convolution.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace iemlab;

TEMPLATE_TEST_CASE("overlap-save equals direct convolution", "[dsp][convolution]", float, double) {
    std::mt19937 rng(7);
    std::normal_distribution<double> g;
    for (const auto& [nx, nh, fft] : {std::tuple{10000, 300, 0}, std::tuple{777, 1, 0}, std::tuple{50, 200, 0},
                                      std::tuple{5000, 1000, 1500}}) {
        CAPTURE(nx, nh, fft);
        std::vector<TestType> x(nx), h(nh);
        for (auto& v : x) v = TestType(g(rng));
        for (auto& v : h) v = TestType(g(rng));
        const dsp::overlap_save_convolver<TestType> conv{std::span<const TestType>(h), std::size_t(fft)};
        std::vector<TestType> y(conv.output_size(x.size()));
        aligned_buffer<TestType> scratch(conv.scratch_size());
        conv.execute(std::span<const TestType>(x), std::span<TestType>(y), scratch.span());
        double err2 = 0, ref2 = 0;
        for (std::size_t n = 0; n < y.size(); ++n) {
            long double r = 0;
            for (std::size_t k = 0; k < h.size(); ++k)
                if (n >= k && n - k < x.size()) r += static_cast<long double>(h[k]) * x[n - k];
            err2 += double((y[n] - r) * (y[n] - r));
            ref2 += double(r * r);
        }
        // Relative RMS error of an FFT convolution ~ c·ε·log2 N with c of a few (FFT forward + inverse).
        const double bound = 10 * std::numeric_limits<TestType>::epsilon() * std::log2(double(conv.fft_size()));
        CHECK(std::sqrt(err2 / ref2) < bound);
    }
    const std::vector<TestType> empty;
    CHECK_THROWS_AS(dsp::overlap_save_convolver<TestType>(std::span<const TestType>(empty)), iemlab::error);
}

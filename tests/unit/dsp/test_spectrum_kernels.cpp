// Every SIMD level the CPU supports must agree with the scalar reference (cross-arch tolerance: FMA vs
// separate multiply-add differ in the last bits, reference/cpp-simd.md §1.4).
#include <iemlab/dsp/detail/spectrum_kernels.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <vector>

using namespace iemlab;

TEMPLATE_TEST_CASE("multiply_spectra agrees with the scalar path at every SIMD level", "[dsp][simd]", float,
                   double) {
    const std::size_t n = 1037; // not a multiple of any vector width: exercises the tails
    std::mt19937 rng(42);
    std::normal_distribution<double> g;
    std::vector<TestType> ar(n), ai(n), br(n), bi(n), yr(n), yi(n), rr(n), ri(n);
    for (std::size_t i = 0; i < n; ++i) {
        ar[i] = TestType(g(rng)), ai[i] = TestType(g(rng)), br[i] = TestType(g(rng)), bi[i] = TestType(g(rng));
    }
    // Reference in long double, independent of the kernel.
    for (std::size_t i = 0; i < n; ++i) {
        const long double re = static_cast<long double>(ar[i]) * br[i] - static_cast<long double>(ai[i]) * bi[i];
        const long double im = static_cast<long double>(ar[i]) * bi[i] + static_cast<long double>(ai[i]) * br[i];
        rr[i] = TestType(re), ri[i] = TestType(im);
    }
    const dsp::detail::multiply_spectra<TestType> kernel;
    const double tolerance = 2048 * std::numeric_limits<TestType>::epsilon();
    for (const simd_level level : supported_simd_levels()) {
        CAPTURE(to_string(level));
        simd_dispatch(level, kernel, ar.data(), ai.data(), br.data(), bi.data(), yr.data(), yi.data(), n);
        for (std::size_t i = 0; i < n; ++i) {
            const double scale = std::abs(double(ar[i]) * br[i]) + std::abs(double(ai[i]) * bi[i]) + 1e-30;
            REQUIRE(std::abs(double(yr[i]) - double(rr[i])) <= tolerance * scale);
            REQUIRE(std::abs(double(yi[i]) - double(ri[i])) <= tolerance * scale);
        }
    }
}

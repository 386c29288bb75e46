// Every SIMD level the CPU supports must agree with the scalar reference (cross-arch tolerance: FMA vs
// separate multiply-add differ in the last bits, FMA rounding).
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

TEMPLATE_TEST_CASE("rotate_linear_phase matches exp(j·theta·b) from long double at every SIMD level",
                   "[dsp][simd]", float, double) {
    // Lengths below one block, at a block edge and ragged over several blocks; angles up to pi per bin (a half-
    // sample shift across the band) and a tiny one.
    for (const std::size_t n : {std::size_t{7}, std::size_t{256}, std::size_t{1037}, std::size_t{5000}}) {
        for (const double theta : {1e-7, 0.0123, 3.14159 / static_cast<double>(n)}) {
            std::mt19937 rng(7);
            std::normal_distribution<double> g;
            std::vector<TestType> re0(n), im0(n), re(n), im(n);
            for (std::size_t i = 0; i < n; ++i) re0[i] = TestType(g(rng)), im0[i] = TestType(g(rng));
            const dsp::detail::rotate_linear_phase<TestType> kernel;
            for (const simd_level level : supported_simd_levels()) {
                CAPTURE(n, theta, to_string(level));
                re = re0, im = im0;
                simd_dispatch(level, kernel, re.data(), im.data(), n, theta);
                for (std::size_t b = 0; b < n; ++b) {
                    const long double a = static_cast<long double>(theta) * static_cast<long double>(b);
                    const long double c = std::cos(a), s = std::sin(a);
                    const long double x = re0[b], y = im0[b];
                    const double magnitude = std::hypot(double(x), double(y)) + 1e-30;
                    // A few roundings of T (table and seed, their product, the rotation) plus the double-precision
                    // rounding of the angles θ·B·q and θ·r, which grows with the angle.
                    const double tolerance = (8 * std::numeric_limits<TestType>::epsilon() +
                                              4 * double(a) * std::numeric_limits<double>::epsilon()) *
                                             magnitude;
                    REQUIRE(std::abs(double(re[b]) - double(x * c - y * s)) <= tolerance);
                    REQUIRE(std::abs(double(im[b]) - double(x * s + y * c)) <= tolerance);
                }
            }
        }
    }
}

namespace {
// Reports the vector width (bytes) of the architecture simd_dispatch chose; uses no wide instruction itself.
struct width_probe {
    template <class Arch>
    std::size_t operator()(Arch) const noexcept { return Arch::alignment(); }
    std::size_t operator()(scalar_arch) const noexcept { return 0; }
};
constexpr std::size_t width_of(simd_level level) {
    switch (level) {
    case simd_level::sse2: return 16;
    case simd_level::avx2: return 32;
    case simd_level::avx512: return 64;
    case simd_level::scalar: break;
    }
    return 0;
}
} // namespace

TEST_CASE("simd_dispatch never runs a level above the CPU's, whatever the caller asks", "[dsp][simd]") {
    const simd_level cpu = detect_simd_level();
    for (const simd_level asked : {simd_level::scalar, simd_level::sse2, simd_level::avx2, simd_level::avx512}) {
        CAPTURE(to_string(asked), to_string(cpu));
        simd_level expected = asked < cpu ? asked : cpu;
#if defined(IEMLAB_SIMD_DISPATCH_LEVELS)
        // A build with fewer kernel objects (IEMLAB_SIMD_LEVELS, e.g. the sanitizer presets) runs the next lower
        // level it has: bit 0 sse2, bit 1 avx2, bit 2 avx512.
        while (expected != simd_level::scalar && ((IEMLAB_SIMD_DISPATCH_LEVELS >> (int(expected) - 1)) & 1) == 0)
            expected = simd_level(int(expected) - 1);
#endif
        CHECK(simd_dispatch(asked, width_probe{}) == width_of(expected));
    }
}

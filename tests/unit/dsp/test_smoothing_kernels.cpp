// The smoothing kernels (exp into the averaging domain, segment integrals, log back to dB) at every SIMD level
// the CPU supports, against long-double evaluations of the same formulas (cross-arch tolerance, xsimd math accuracy:
// xsimd's exp and log are within a few ulp).
#include <iemlab/core/simd.hpp>
#include <iemlab/dsp/detail/smoothing_kernels.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace iemlab;

TEST_CASE("smoothing kernels agree with long double at every SIMD level", "[dsp][simd][smoothing]") {
    const std::size_t n = 1037; // not a multiple of any vector width: exercises the tails
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> level_db(-400.0, 0.0), positive(1e-300, 1e3), width(1e-9, 1e-2);
    std::vector<double> db(n), v(n), half_dx(n), g(n + 1), out(n + 1);
    for (std::size_t i = 0; i < n; ++i) {
        db[i] = level_db(rng);
        v[i] = positive(rng);
        half_dx[i] = width(rng);
    }
    for (auto& x : g) x = positive(rng);
    v[3] = 0.0;                                       // below the floor's domain: floor
    v[5] = -1.0;                                      // negative mean (dB-domain data): floor, never NaN
    v[7] = std::numeric_limits<double>::denorm_min(); // smallest positive: a finite level (or the floor)
    const double to_g = 2 * std::log(10.0) / 20, reference = 3.5, floor = -1000.0;
    const double eps = std::numeric_limits<double>::epsilon();
    for (const simd_level level : supported_simd_levels()) {
        CAPTURE(to_string(level));
        simd_dispatch(level, dsp::detail::exp_of_scaled{}, db.data(), out.data(), n, to_g, reference);
        for (std::size_t i = 0; i < n; ++i) {
            // The argument in double, as the kernel forms it: exp's condition number |arg| (up to ~90) would
            // otherwise dominate the comparison.
            const double arg = to_g * (db[i] - reference);
            const long double expected = std::exp(static_cast<long double>(arg));
            REQUIRE(std::abs(out[i] - static_cast<double>(expected)) <= 8 * eps * static_cast<double>(expected));
        }
        simd_dispatch(level, dsp::detail::db_of_mean{}, v.data(), out.data(), n, 1 / to_g, reference, floor);
        for (std::size_t i = 0; i < n; ++i) {
            REQUIRE(std::isfinite(out[i]));
            if (!(v[i] > 0)) {
                REQUIRE(out[i] == floor);
                continue;
            }
            const long double expected =
                std::max(static_cast<long double>(floor), reference + std::log(static_cast<long double>(v[i])) / to_g);
            REQUIRE(std::abs(out[i] - static_cast<double>(expected)) <= 1e-12 * (1 + std::abs(static_cast<double>(expected))));
        }
        simd_dispatch(level, dsp::detail::segment_integrals{}, half_dx.data(), g.data(), out.data(), n);
        for (std::size_t j = 0; j < n; ++j) {
            const long double expected = static_cast<long double>(half_dx[j]) * (static_cast<long double>(g[j]) + g[j + 1]);
            REQUIRE(std::abs(out[j] - static_cast<double>(expected)) <= 4 * eps * static_cast<double>(expected));
        }
    }
}

TEST_CASE("largest_value finds the maximum at every SIMD level, skipping a NaN as std::max does",
          "[dsp][simd][smoothing]") {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> level_db(-200.0, 150.0);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const std::size_t n : {std::size_t{1}, std::size_t{3}, std::size_t{31}, std::size_t{32}, std::size_t{1037}}) {
        std::vector<double> v(n);
        for (auto& x : v) x = level_db(rng);
        for (const std::size_t peak : {std::size_t{0}, n / 2, n - 1}) { // the maximum at the start, middle, end
            std::vector<double> w = v;
            w[peak] = 151.0;
            if (n > 2) w[peak == 1 ? 2 : 1] = nan; // a NaN after the first value is skipped
            for (const simd_level level : supported_simd_levels()) {
                CAPTURE(n, peak, to_string(level));
                double largest = 0;
                simd_dispatch(level, dsp::detail::largest_value{}, w.data(), n, &largest);
                REQUIRE(largest == 151.0);
            }
        }
    }
}

#include <iemlab/core/aligned_buffer.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/frequency_response.hpp>
#include <iemlab/core/simd.hpp>

#include <catch2/catch.hpp>

#include <cstdint>

using namespace iemlab;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

TEST_CASE("log grid", "[core][grid]") {
    const auto f = log_grid(20, 20000, 48);
    // log2(1000) = 9.9658 octaves → floor(478.36) + 1 points.
    REQUIRE(f.size() == 479);
    CHECK(f.front() == 20);
    CHECK(f[48] == Approx(40).epsilon(1e-12));
    CHECK(f.back() <= 20000);
    const auto g = log_grid(1000, 8000, 3); // f_max exactly on the grid is included
    REQUIRE(g.size() == 10);
    CHECK(g.back() == Approx(8000).epsilon(1e-12));
    const auto p = log_grid_points(20, 20000, 5);
    CHECK(p[2] == Approx(std::sqrt(20.0 * 20000.0)));
    CHECK(p.back() == 20000);
    CHECK_THROWS_WITH(log_grid(0, 100), Contains("f_min"));
    CHECK_THROWS_WITH(log_grid(100, 10), Contains("f_max"));
    CHECK_THROWS_WITH(log_grid(10, 100, 0), Contains("points_per_octave"));
}

TEST_CASE("fixed grids match their published definitions", "[core][grid]") {
    const auto autoeq = autoeq_grid();
    REQUIRE(autoeq.size() == 695); // AutoEq CSV: 20·1.01^n, n = 0…694
    CHECK(autoeq.back() == Approx(19955.54).margin(0.005));
    // 998.46 and 1008.44 bracket 1 kHz.
    const auto above = std::upper_bound(autoeq.begin(), autoeq.end(), 1000.0);
    CHECK(*above == Approx(1008.44).margin(0.005));
    CHECK(*(above - 1) == Approx(998.46).margin(0.005));

    const auto r40 = iso_r40_grid();
    REQUIRE(r40.size() == 121);
    CHECK(is_valid_grid(r40));
    CHECK(std::count_if(r40.begin(), r40.end(), [](double x) { return x <= 10000; }) == 109);
    CHECK(std::count_if(r40.begin(), r40.end(), [](double x) { return x >= 40 && x <= 10000; }) == 97);

    const auto squig = squig_grid();
    REQUIRE(squig.size() == 480);
    CHECK(squig.back() == Approx(20190).margin(10)); // "≈ 20.19 kHz"

    const auto bins = fft_bin_grid(8, 48000);
    REQUIRE(bins.size() == 5);
    CHECK(bins[4] == 24000);
}

TEST_CASE("frequency response stores dB and phase and validates", "[core][response]") {
    const std::vector<double> f{100, 1000, 10000};
    const std::vector<std::complex<double>> h{{1, 0}, {0, 2}, {-0.5, 0}};
    const auto r = frequency_response::from_complex(f, h, "test");
    CHECK(r.has_phase());
    CHECK(r.magnitude_db()[1] == Approx(20 * std::log10(2.0)));
    CHECK(r.phase_deg()[1] == Approx(90));
    CHECK(std::abs(r.complex_value(2) - std::complex<double>(-0.5, 0)) < 1e-12);
    // Interpolation is linear in log f: halfway between 100 and 1000 Hz in log is 316.2 Hz.
    CHECK(r.db_at(std::sqrt(1e5)) == Approx(0.5 * 20 * std::log10(2.0)));
    CHECK(r.db_at(1) == r.magnitude_db().front());
    CHECK(r.with_gain(3).magnitude_db()[0] == Approx(3));

    const auto silent = frequency_response::from_complex(f, std::vector<std::complex<double>>(3));
    CHECK(silent.magnitude_db()[0] == db_floor); // silence is a floor, not -inf

    CHECK_THROWS_WITH(frequency_response({100, 50}, {0, 0}), Contains("frequency[1]") && Contains("increasing"));
    CHECK_THROWS_WITH(frequency_response({100}, {0, 0}), Contains("magnitude_db.size()"));
    CHECK_THROWS_WITH(frequency_response({100}, {std::nan("")}), Contains("magnitude_db[0]"));
}

TEST_CASE("require_valid_grid: one rule and one message for every frequency grid", "[core][grid]") {
    const std::vector<double> good{0, 10, 20};
    CHECK_NOTHROW(require_valid_grid("f", "grid", good));
    CHECK(is_valid_grid(good));
    CHECK(first_invalid_grid_point(good) == good.size());
    // 0 Hz: allowed by default, refused where the rule says so.
    CHECK(first_invalid_grid_point(good, {.zero_allowed = false}) == 0);
    CHECK_THROWS_WITH(require_valid_grid("f", "grid", good, {.zero_allowed = false}),
                      Equals("f: grid[0] = 0 Hz is out of range (expected finite frequencies > 0 Hz, strictly increasing)"));
    // A repeated point names its predecessor.
    CHECK_THROWS_WITH(require_valid_grid("f", "grid", std::vector<double>{100, 200, 200}),
                      Equals("f: grid[2] = 200 Hz is out of range (expected finite frequencies >= 0 Hz, strictly "
                             "increasing; previous point 200 Hz)"));
    CHECK_THROWS_WITH(require_valid_grid("f", "grid", std::vector<double>{100, std::nan("")}), StartsWith("f: grid[1] = nan Hz"));
    CHECK_THROWS_WITH(require_valid_grid("f", "grid", std::vector<double>{-1}), StartsWith("f: grid[0] = -1 Hz"));
    CHECK_THROWS_WITH(require_valid_grid("f", "grid", std::vector<double>{}), Equals("f: grid: is empty (need at least one frequency)"));
    CHECK_NOTHROW(require_valid_grid("f", "grid", std::vector<double>{}, {.empty_allowed = true}));
    CHECK_FALSE(is_valid_grid(std::vector<double>{}));
}

TEST_CASE("aligned buffer", "[core][buffer]") {
    aligned_buffer<float> b(37);
    REQUIRE(b.size() == 37);
    CHECK(reinterpret_cast<std::uintptr_t>(b.data()) % simd_alignment == 0);
    CHECK(std::all_of(b.begin(), b.end(), [](float x) { return x == 0; }));
    b[3] = 1.5f;
    aligned_buffer<float> c = b;
    CHECK(c[3] == 1.5f);
    aligned_buffer<float> d = std::move(c);
    CHECK(d.size() == 37);
    CHECK(c.empty());
}

TEST_CASE("Names of enumerations parse with one message listing the choices", "[core]") {
    CHECK(parse_enum_name("f", "--arch", "sse2", {simd_level::scalar, simd_level::sse2}) == simd_level::sse2);
    // Exact match only, and the allowed names in the order given.
    CHECK_THROWS_WITH(parse_enum_name("f", "--arch", "SSE2", {simd_level::scalar, simd_level::sse2}),
                      Equals("f: --arch: 'SSE2' is not one of scalar, sse2"));
    // Untrusted text is quoted short and printable: the message stays one line.
    CHECK_THROWS_WITH(parse_simd_level(std::string("a\nb") + std::string(100, 'x')),
                      StartsWith("parse_simd_level: arch: 'a?bxxx") && Contains("...' is not one of scalar, sse2, avx2, avx512"));
}

TEST_CASE("SIMD level selection", "[core][simd]") {
    const auto best = detect_simd_level();
    const auto levels = supported_simd_levels();
    CHECK(levels.front() == simd_level::scalar);
    CHECK(levels.back() == best);
    CHECK(default_simd_level() <= best);
    CHECK(parse_simd_level("avx2") == simd_level::avx2);
    CHECK_THROWS_WITH(parse_simd_level("neon"), Contains("arch"));
    // x86-64 always has SSE2.
#if defined(__x86_64__)
    CHECK(best >= simd_level::sse2);
#endif
}

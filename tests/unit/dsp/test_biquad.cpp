// Biquads against the RBJ Audio EQ Cookbook written out again here in long double (an independent evaluation of
// H(e^{jω}) = B(e^{jω})/A(e^{jω}) from the cookbook's coefficient formulas), and against values the cookbook's
// design guarantees exactly: a peaking filter has gain G at fc, a shelf G at one end, 0 dB at the other and G/2
// at fc, a Q = 1/√2 pass filter −3.0103 dB at fc.
#include <iemlab/core/simd.hpp>
#include <iemlab/dsp/biquad.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

using namespace iemlab;
using dsp::biquad_filter;
using dsp::biquad_type;
using Catch::Matchers::Contains;

namespace {

using ld = long double;

// The cookbook, from the text: A = 10^(G/40), w0 = 2π f0/Fs, alpha = sin(w0)/(2Q); returns H(e^{jω}) at f.
std::complex<ld> cookbook_h(const biquad_filter& f, ld fs, ld at_hz) {
    const ld pi = std::numbers::pi_v<ld>;
    const ld A = std::pow(10.0L, ld(f.gain_db) / 40), w0 = 2 * pi * ld(f.fc_hz) / fs, c = std::cos(w0);
    const ld alpha = std::sin(w0) / (2 * ld(f.q)), s = 2 * std::sqrt(A) * alpha;
    ld b[3]{}, a[3]{};
    switch (f.type) {
    case biquad_type::peaking:
        b[0] = 1 + alpha * A, b[1] = -2 * c, b[2] = 1 - alpha * A, a[0] = 1 + alpha / A, a[1] = -2 * c, a[2] = 1 - alpha / A;
        break;
    case biquad_type::low_shelf:
        b[0] = A * ((A + 1) - (A - 1) * c + s), b[1] = 2 * A * ((A - 1) - (A + 1) * c), b[2] = A * ((A + 1) - (A - 1) * c - s);
        a[0] = (A + 1) + (A - 1) * c + s, a[1] = -2 * ((A - 1) + (A + 1) * c), a[2] = (A + 1) + (A - 1) * c - s;
        break;
    case biquad_type::high_shelf:
        b[0] = A * ((A + 1) + (A - 1) * c + s), b[1] = -2 * A * ((A - 1) + (A + 1) * c), b[2] = A * ((A + 1) + (A - 1) * c - s);
        a[0] = (A + 1) - (A - 1) * c + s, a[1] = 2 * ((A - 1) - (A + 1) * c), a[2] = (A + 1) - (A - 1) * c - s;
        break;
    case biquad_type::low_pass:
        b[0] = (1 - c) / 2, b[1] = 1 - c, b[2] = (1 - c) / 2, a[0] = 1 + alpha, a[1] = -2 * c, a[2] = 1 - alpha;
        break;
    case biquad_type::high_pass:
        b[0] = (1 + c) / 2, b[1] = -(1 + c), b[2] = (1 + c) / 2, a[0] = 1 + alpha, a[1] = -2 * c, a[2] = 1 - alpha;
        break;
    }
    const std::complex<ld> z1 = std::polar(1.0L, -2 * pi * at_hz / fs), z2 = z1 * z1;
    return (b[0] + b[1] * z1 + b[2] * z2) / (a[0] + a[1] * z1 + a[2] * z2);
}

ld db_of(std::complex<ld> h) { return 20 * std::log10(std::abs(h)); }

const std::vector<biquad_filter> filters{
    {biquad_type::peaking, 1000, 6, 1.41},    {biquad_type::peaking, 57, -11, 0.29}, {biquad_type::peaking, 15000, 4, 6},
    {biquad_type::low_shelf, 105, 6.4, 0.7},  {biquad_type::low_shelf, 2000, -9, 2}, {biquad_type::high_shelf, 10000, -6, 0.7},
    {biquad_type::high_shelf, 300, 12, 0.18}, {biquad_type::low_pass, 5000, 0, 0.7071067811865476},
    {biquad_type::high_pass, 80, 0, 3},
};

} // namespace

TEST_CASE("biquad magnitude and phase match the cookbook evaluated in long double", "[dsp][biquad]") {
    const double fs = 48000;
    std::vector<double> f;
    for (double x = 5; x < fs / 2; x *= 1.013) f.push_back(x);
    f.push_back(fs / 2);
    for (const auto& filter : filters) {
        CAPTURE(dsp::biquad_type_code(filter.type), filter.fc_hz, filter.gain_db, filter.q);
        const std::vector<biquad_filter> one{filter};
        const auto h = dsp::cascade_response(one, f, fs);
        for (const simd_level level : supported_simd_levels()) {
            CAPTURE(to_string(level));
            const auto db = dsp::cascade_magnitude_db(one, f, fs, level);
            for (std::size_t i = 0; i < f.size(); ++i) {
                const auto ref = cookbook_h(filter, fs, f[i]);
                // Deep in a pass filter's stop band the coefficients' own rounding dominates: a looser bound
                // below −60 dB; the zero at DC or Nyquist is floored (checked below).
                const double ref_db = double(db_of(ref));
                if (ref_db < -200) continue;
                CAPTURE(f[i], ref_db);
                REQUIRE(std::abs(db[i] - ref_db) < (ref_db > -60 ? 1e-8 : 1e-4));
            }
        }
        for (std::size_t i = 0; i < f.size(); ++i) {
            const auto ref = cookbook_h(filter, fs, f[i]);
            REQUIRE(std::abs(h[i] - std::complex<double>(ref)) < 1e-10 * (1 + double(std::abs(ref))));
        }
    }
}

TEST_CASE("biquad levels the cookbook design fixes exactly", "[dsp][biquad]") {
    const double fs = 48000;
    auto level_at = [&](const biquad_filter& f, double hz) {
        const std::vector<biquad_filter> one{f};
        const std::vector<double> at{hz};
        return dsp::cascade_magnitude_db(one, at, fs)[0];
    };
    SECTION("peaking: G at fc") {
        for (const double g : {-12.0, -3.2, 0.5, 6.0})
            for (const double q : {0.18, 1.41, 6.0}) CHECK(level_at({biquad_type::peaking, 3100, g, q}, 3100) == Approx(g).margin(1e-9));
    }
    SECTION("shelves: G at one end, 0 dB at the other, G/2 at fc") {
        const biquad_filter low{biquad_type::low_shelf, 105, 6.4, 0.7}, high{biquad_type::high_shelf, 10000, -4.5, 0.7};
        CHECK(level_at(low, 0) == Approx(6.4).margin(1e-9));
        CHECK(level_at(low, fs / 2) == Approx(0).margin(1e-9));
        CHECK(level_at(low, 105) == Approx(3.2).margin(1e-9));
        CHECK(level_at(high, 0) == Approx(0).margin(1e-9));
        CHECK(level_at(high, fs / 2) == Approx(-4.5).margin(1e-9));
        CHECK(level_at(high, 10000) == Approx(-2.25).margin(1e-9));
    }
    SECTION("low and high pass at Q = 1/sqrt 2: -3.0103 dB at fc, 0 dB in the pass band, zero in the stop end") {
        const double q = std::numbers::sqrt2 / 2, minus3 = 20 * std::log10(std::numbers::sqrt2 / 2);
        CHECK(level_at({biquad_type::low_pass, 2000, 0, q}, 2000) == Approx(minus3).margin(1e-9));
        CHECK(level_at({biquad_type::high_pass, 2000, 0, q}, 2000) == Approx(minus3).margin(1e-9));
        CHECK(level_at({biquad_type::low_pass, 2000, 0, q}, 0) == Approx(0).margin(1e-9));
        CHECK(level_at({biquad_type::high_pass, 2000, 0, q}, fs / 2) == Approx(0).margin(1e-9));
        const double zero = level_at({biquad_type::low_pass, 2000, 0, q}, fs / 2); // |B|² floored: finite
        CHECK(std::isfinite(zero));
        CHECK(zero < -290);
    }
}

TEST_CASE("biquad parameters out of range are errors naming them", "[dsp][biquad]") {
    CHECK_THROWS_WITH(dsp::cookbook_coefficients({biquad_type::peaking, 24000, 3, 1}, 48000), Contains("fc") && Contains("24000"));
    CHECK_THROWS_WITH(dsp::cookbook_coefficients({biquad_type::peaking, 1000, 3, 0}, 48000), Contains("q"));
    CHECK_THROWS_WITH(dsp::cookbook_coefficients({biquad_type::peaking, 1000, 3, 1}, 0), Contains("fs"));
    const std::vector<double> above{30000};
    CHECK_THROWS_WITH(dsp::biquad_grid(above, 48000), Contains("frequency") && Contains("30000"));
    CHECK(dsp::biquad_type_from_code("LSC") == biquad_type::low_shelf);
    CHECK(!dsp::biquad_type_from_code("BP"));
}

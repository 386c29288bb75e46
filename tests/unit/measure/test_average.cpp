// Averages, spread, channel imbalance and normalisation against closed-form values.
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/measure/average.hpp>
#include <iemlab/measure/normalize.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

using namespace iemlab;
using namespace iemlab::measure;
using Catch::Matchers::Contains;

TEST_CASE("dB, power, pressure and vector averages of two levels 6 dB apart", "[measure][average]") {
    const std::vector<double> f = log_grid(20, 20000, 6);
    const frequency_response a(f, std::vector<double>(f.size(), 0.0), std::vector<double>(f.size(), 60.0), "a");
    const frequency_response b(f, std::vector<double>(f.size(), 6.0), std::vector<double>(f.size(), -60.0), "b");
    const frequency_response pair[] = {a, b};
    const double six = 6.0;
    const auto db = average_responses(pair, average_mode::db);
    const auto power = average_responses(pair, average_mode::power);
    const auto pressure = average_responses(pair, average_mode::pressure);
    const auto vector = average_responses(pair, average_mode::vector);
    for (std::size_t k = 0; k < f.size(); ++k) {
        CHECK(db.mean.magnitude_db()[k] == Approx(3.0));
        CHECK(power.mean.magnitude_db()[k] == Approx(10 * std::log10((1 + std::pow(10.0, six / 10)) / 2)));
        CHECK(pressure.mean.magnitude_db()[k] == Approx(20 * std::log10((1 + std::pow(10.0, six / 20)) / 2)));
        // ±60°: (1·e^{jπ/3} + 2·e^{−jπ/3})/2 with |2| = 10^(6/20).
        const std::complex<double> h =
            (std::polar(1.0, std::numbers::pi / 3) + std::polar(std::pow(10.0, six / 20), -std::numbers::pi / 3)) / 2.0;
        CHECK(vector.mean.magnitude_db()[k] == Approx(20 * std::log10(std::abs(h))));
        CHECK(vector.mean.phase_deg()[k] == Approx(std::arg(h) * 180 / std::numbers::pi));
        CHECK(db.min_db[k] == 0.0);
        CHECK(db.max_db[k] == 6.0);
        CHECK(db.std_db[k] == Approx(std::sqrt(18.0))); // ((0−3)² + (6−3)²)/(2−1)
    }
    CHECK(db.count == 2);
    // Opposite phases cancel to the floor, never to NaN.
    const frequency_response c(f, std::vector<double>(f.size(), 0.0), std::vector<double>(f.size(), 90.0));
    const frequency_response d(f, std::vector<double>(f.size(), 0.0), std::vector<double>(f.size(), -90.0));
    const frequency_response opposite[] = {c, d};
    const auto cancelled = average_responses(opposite, average_mode::vector);
    for (double v : cancelled.mean.magnitude_db()) CHECK(v < -250);
    // One input: the input itself, spread 0.
    const frequency_response one[] = {b};
    const auto single = average_responses(one, average_mode::power);
    CHECK(single.mean.magnitude_db()[3] == Approx(6.0));
    CHECK(single.std_db[3] == 0.0);
}

TEST_CASE("averaging grids, and errors", "[measure][average]") {
    const frequency_response wide({10, 100, 1000, 10000}, {1, 1, 1, 1});
    const frequency_response narrow({50, 500, 5000}, {3, 3, 3});
    const frequency_response both[] = {wide, narrow};
    const auto avg = average_responses(both, average_mode::db);
    REQUIRE(avg.mean.frequencies() == std::vector<double>({100, 1000})); // the first grid, where both have data
    CHECK(avg.mean.magnitude_db()[0] == Approx(2.0));
    const std::vector<double> grid = {60, 70};
    CHECK(average_responses(both, average_mode::db, grid).mean.size() == 2);
    const frequency_response disjoint({20000, 30000}, {0, 0});
    const frequency_response apart[] = {narrow, disjoint};
    CHECK_THROWS_WITH(average_responses(apart), Contains("share no frequency range"));
    CHECK_THROWS_WITH(average_responses(both, average_mode::vector), Contains("has no phase"));
    CHECK_THROWS_WITH(average_responses(std::span<const frequency_response>{}), Contains("nothing to average"));
}

TEST_CASE("channel imbalance of a 1 dB offset plus a narrow difference", "[measure][average]") {
    const std::vector<double> f = log_grid(20, 20000, 48);
    std::vector<double> l(f.size()), r(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
        r[i] = std::sin(std::log(f[i]));
        l[i] = r[i] + 1.0 + (i == 300 ? 2.0 : 0.0); // 300: 20·2^(300/48) ≈ 1522 Hz
    }
    const auto imb = compute_channel_imbalance(frequency_response(f, l), frequency_response(f, r));
    CHECK(imb.max_abs_db == Approx(3.0));
    CHECK(imb.max_abs_frequency_hz == Approx(f[300]));
    // The 2 dB spike is a triangle of area 2·(ln2/48) over ln(10000/20): mean 1 + that area / width.
    CHECK(imb.mean_db == Approx(1.0 + 2.0 * (std::numbers::ln2 / 48) / std::log(500.0)).epsilon(1e-12));
    CHECK(imb.band_lo_hz == 20);
    CHECK(imb.band_hi_hz == 10000);
    CHECK(imb.rms_db > imb.mean_db);
}

TEST_CASE("normalisation at a frequency, to an absolute level and by a band mean", "[measure][normalize]") {
    const std::vector<double> f = log_grid(20, 20000, 24);
    std::vector<double> db(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) db[i] = 70.0 + 3.0 * std::log2(f[i] / 1000); // +3 dB/oct
    const frequency_response r(f, db);
    CHECK(normalize(r, normalization::at(1000)).db_at(1000) == Approx(0.0).margin(1e-9));
    CHECK(normalize(r, normalization::at(200)).db_at(200) == Approx(0.0).margin(1e-9));
    CHECK(normalize(r, normalization::at(1000, 85)).db_at(1000) == Approx(85.0).margin(1e-9)); // rig practice
    CHECK(normalize(r, normalization::none()).db_at(1000) == Approx(70.0).margin(1e-9));
    // Mean of a line in log f over [200, 5000] is its value at the geometric centre √(200·5000) = 1 kHz.
    CHECK(band_mean_level(r, 200, 5000) == Approx(70.0).margin(1e-9));
    CHECK(normalize(r, normalization::band_mean(200, 5000, 10)).db_at(1000) == Approx(10.0).margin(1e-9));
    CHECK_THROWS_WITH(normalize(r, normalization::at(50000)), Contains("frequency"));
    CHECK_THROWS_WITH(normalization::band_mean(500, 100), Contains("f_hi"));
    CHECK_THROWS_WITH(band_mean_level(r, 10, 100), Contains("f_lo"));
}

TEST_CASE("normalisation names and squig-style least-squares target alignment", "[measure][normalize]") {
    // A line in ln f: L(f) = 80 + 3·ln(f / 1 kHz). Its mean over [a, b] in ln f is the value at the geometric
    // centre sqrt(a·b) (closed form of the integral mean of a linear function).
    const std::vector<double> f{20, 100, 300, 1000, 3000, 10000, 20000};
    std::vector<double> db;
    for (double x : f) db.push_back(80 + 3 * std::log(x / 1000));
    const frequency_response r(f, db);
    const auto at500 = parse_normalization("500Hz", 60);
    CHECK(at500.apply(r).db_at(500) == Approx(60).margin(1e-9));
    const auto band = parse_normalization("mean:300Hz-3kHz", 0);
    CHECK(band.offset_for(r) == Approx(-(80 + 3 * std::log(std::sqrt(300.0 * 3000.0) / 1000))).margin(1e-9));
    CHECK(parse_normalization("mean:300:3000", 0).f_hi() == 3000); // the older colon form still parses
    CHECK(parse_normalization("none", 85).offset_for(r) == 0);
    CHECK_THROWS_WITH(parse_normalization("mean:3kHz-300Hz", 0), Contains("--normalize") && Contains("f1 < f2"));
    CHECK_THROWS_WITH(parse_normalization("loud", 0), Contains("--normalize"));
    // A flat target at 0 dB against the line: the least-squares offset over a band is the line's band mean,
    // and the residual of the aligned target has zero mean over the band.
    const frequency_response flat(f, std::vector<double>(f.size(), 0.0));
    const double offset = least_squares_offset(flat, r, 300, 3000);
    CHECK(offset == Approx(80 + 3 * std::log(std::sqrt(300.0 * 3000.0) / 1000)).margin(1e-9));
    CHECK(band_mean_level(r, 300, 3000) - band_mean_level(flat.with_gain(offset), 300, 3000) == Approx(0).margin(1e-9));
}

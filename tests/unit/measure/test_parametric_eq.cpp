// The parametric-EQ optimiser: it recovers known filters, keeps its constraints, is deterministic, refuses
// impossible constraints, and (third-party data) beats AutoEq's published EQs on the predicted preference score.
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/builtin_targets.hpp>
#include <iemlab/measure/parametric_eq.hpp>

#include <catch2/catch.hpp>

#include "../third_party_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace iemlab;
using namespace iemlab::measure;
using dsp::biquad_filter;
using dsp::biquad_type;
using Catch::Matchers::Contains;

namespace {

// target + the given filters' levels, on AutoEq's grid.
frequency_response target_plus(const frequency_response& target, const std::vector<biquad_filter>& filters) {
    parametric_eq eq{filters, 48000, 0};
    return apply_eq(target, eq);
}

} // namespace

TEST_CASE("an EQ of a target plus known peaks and shelves recovers them", "[measure][eq]") {
    const auto target = builtin_target("harman-ie-2019v2");
    const std::vector<biquad_filter> known{{biquad_type::low_shelf, 105, 4, 0.7},
                                           {biquad_type::peaking, 300, -4, 1.0},
                                           {biquad_type::peaking, 2500, 5, 2.0},
                                           {biquad_type::peaking, 5000, -3, 4.0}};
    const auto m = target_plus(target, known);
    eq_constraints c; // as many filters as were put in, of their types
    c.filters = known.size();
    c.types = {biquad_type::peaking, biquad_type::low_shelf};
    c.objective = eq_objective::error;
    const auto r = optimize_parametric_eq(m, target, c);
    for (const auto& x : r.eq.filters) UNSCOPED_INFO(dsp::biquad_type_code(x.type) << ' ' << x.fc_hz << ' ' << x.gain_db << ' ' << x.q);
    // The EQ curve is the known filters' inverse (up to the free level), 20 Hz … 6 kHz, within 0.25 dB.
    std::vector<double> f;
    for (const double x : r.frequency_hz)
        if (x <= 6000) f.push_back(x);
    const auto known_db = dsp::cascade_magnitude_db(known, f, 48000);
    const auto eq_db = eq_curve_db(r.eq, f);
    double mean = 0;
    for (std::size_t i = 0; i < f.size(); ++i) mean += (eq_db[i] + known_db[i]) / double(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
        CAPTURE(f[i]);
        REQUIRE(std::abs(eq_db[i] + known_db[i] - mean) < 0.25);
    }
    // Each known filter has a found one of its type with the opposite gain, near its frequency and Q.
    for (const auto& k : known) {
        CAPTURE(k.fc_hz);
        const bool found = std::any_of(r.eq.filters.begin(), r.eq.filters.end(), [&](const biquad_filter& x) {
            return x.type == k.type && std::abs(std::log2(x.fc_hz / k.fc_hz)) < 0.1 && std::abs(x.gain_db + k.gain_db) < 0.3 &&
                   std::abs(std::log2(x.q / k.q)) < 0.2;
        });
        CHECK(found);
    }
    CHECK(r.score_after > 99);
}

TEST_CASE("the EQ keeps its constraints and is deterministic", "[measure][eq]") {
    const auto target = builtin_target("harman-ie-2019v2");
    // A response needing far more than the allowed boost: a 15 dB treble roll-off and a 10 dB bass dip.
    const auto m = target_plus(target, {{biquad_type::high_shelf, 3000, -15, 0.7}, {biquad_type::peaking, 80, -10, 1}});
    eq_constraints c;
    c.filters = 6;
    c.max_boost_db = 4;
    c.q_min = 0.5, c.q_max = 3;
    c.fc_min_hz = 30, c.fc_max_hz = 15000;
    const auto r = optimize_parametric_eq(m, target, c);
    REQUIRE(r.eq.filters.size() == 6);
    for (const auto& f : r.eq.filters) {
        CHECK(f.fc_hz >= 30);
        CHECK(f.fc_hz <= 15000);
        CHECK(f.q >= 0.5);
        CHECK(f.q <= 3);
    }
    const double peak = *std::max_element(r.eq_db.begin(), r.eq_db.end());
    CHECK(peak <= 4.0);
    CHECK(r.eq.preamp_db == Approx(-std::ceil(peak * 10 - 1e-9) / 10));
    CHECK(r.score_after > r.score_before);
    const auto again = optimize_parametric_eq(m, target, c);
    CHECK(again.eq.filters == r.eq.filters);
}

TEST_CASE("fixed-band EQ and GraphicEQ curve", "[measure][eq]") {
    const auto target = builtin_target("harman-ie-2019v2");
    const auto m = target_plus(target, {{biquad_type::peaking, 1000, -4, 1.41}, {biquad_type::peaking, 4000, 3, 1.41}});
    const std::vector<frequency_response> ms{m};
    const auto fixed = optimize_fixed_band_eq(ms, target);
    REQUIRE(fixed.eq.filters.size() == 10);
    for (std::size_t k = 0; k < 10; ++k) {
        CHECK(fixed.eq.filters[k].fc_hz == fixed_band_frequencies_hz[k]);
        CHECK(fixed.eq.filters[k].q == 1.41);
    }
    // Bands on the disturbances take their inverse (the neighbours overlap a little at Q 1.41).
    CHECK(fixed.eq.filters[5].gain_db == Approx(4).margin(0.8));
    CHECK(fixed.eq.filters[7].gain_db == Approx(-3).margin(0.8));
    const auto g = graphic_eq_curve(ms, target);
    CHECK(g.frequencies().front() == 20);
    CHECK(*std::max_element(g.magnitude_db().begin(), g.magnitude_db().end()) == 0.0);
    // The measurement's absolute level (dB SPL from a rig) does not matter: the same curve at +95 dB.
    const std::vector<frequency_response> loud{m.with_gain(95)};
    const auto g95 = graphic_eq_curve(loud, target);
    REQUIRE(g95.size() == g.size());
    for (std::size_t i = 0; i < g.size(); ++i) CHECK(g95.magnitude_db()[i] == Approx(g.magnitude_db()[i]).margin(0.051));
    // and it is the inverse of the disturbances: the 4 kHz peak (+3 dB) lies 3 + 4 dB below the 1 kHz dip (−4 dB).
    CHECK(g.db_at(1000) - g.db_at(4000) == Approx(7).margin(1));
}

TEST_CASE("impossible EQ constraints are errors naming them", "[measure][eq]") {
    const auto target = builtin_target("harman-ie-2019v2");
    auto with = [](auto change) {
        eq_constraints c;
        change(c);
        return c;
    };
    CHECK_THROWS_WITH(optimize_parametric_eq(target, target, with([](auto& c) { c.filters = 0; })), Contains("filters"));
    CHECK_THROWS_WITH(optimize_parametric_eq(target, target, with([](auto& c) { c.q_max = 0.1; })), Contains("q_max"));
    CHECK_THROWS_WITH(optimize_parametric_eq(target, target, with([](auto& c) { c.fs_hz = 32000; })),
                      Contains("fc_max") && Contains("16000"));
    CHECK_THROWS_WITH(optimize_parametric_eq(target, target, with([](auto& c) { c.max_boost_db = -1; })), Contains("max_boost"));
    CHECK_THROWS_WITH(optimize_parametric_eq(target, target, with([](auto& c) { c.fs_hz = 0; })), Contains("fs"));
    CHECK_THROWS_WITH(optimize_parametric_eq(target, target, with([](auto& c) { c.fs_hz = std::nan(""); })), Contains("fs"));
    CHECK_THROWS_WITH(optimize_parametric_eq(target, target, with([](auto& c) { c.types = {biquad_type::low_shelf}; })),
                      Contains("PK"));
    CHECK_THROWS_WITH(parse_eq_objective("loudness", "--objective"), Contains("--objective") && Contains("loudness"));
}

TEST_CASE("iemlab's EQ scores higher than AutoEq's published EQ on oratory1990's in-ears", "[measure][eq][data]") {
    IEMLAB_REQUIRE_DATA();
    // AutoEq's published 10-filter parametric EQs (filter values only; preamps are not needed: the score ignores
    // the level): jaakkopasanen/AutoEq results/oratory1990/in-ear/NAME/NAME ParametricEQ.txt
    // @ 71532835d28ccafd1875828fe560534a87695e2c. Type, Fc Hz, Gain dB, Q.
    struct published {
        const char* name;
        std::vector<biquad_filter> filters;
    };
    using t = biquad_type;
    const t L = t::low_shelf, H = t::high_shelf, P = t::peaking;
    const std::vector<published> autoeq{
        {"Campfire Audio Andromeda", {{L, 105, 6.4, 0.70}, {P, 165, -4.6, 0.23}, {P, 3098, 6.4, 1.41}, {P, 8684, 3.3, 2.21}, {P, 768, 1.9, 1.59},
                                      {H, 10000, 1.4, 0.70}, {P, 6104, -2.3, 6.00}, {P, 5386, 1.7, 6.00}, {P, 1722, -0.7, 3.56}, {P, 2348, 0.7, 4.72}}},
        {"Etymotic ER2SR", {{L, 105, 6.0, 0.70}, {P, 1576, -6.4, 0.63}, {P, 6992, 4.0, 1.23}, {P, 917, 5.0, 1.20}, {P, 93, 2.0, 1.60},
                            {H, 10000, -6.0, 0.70}, {P, 4066, 0.8, 3.23}, {P, 2704, -0.8, 3.64}, {P, 1903, 0.7, 4.40}, {P, 1436, -0.4, 3.97}}},
        {"Etymotic ER2XR", {{L, 105, 2.5, 0.70}, {P, 8481, 6.0, 1.00}, {P, 2064, -4.0, 1.17}, {P, 202, -1.7, 1.27}, {P, 4428, 1.7, 1.49},
                            {H, 10000, -1.9, 0.70}, {P, 927, 1.4, 1.25}, {P, 1323, -1.9, 3.29}, {P, 66, 0.7, 2.48}, {P, 354, -0.4, 1.98}}},
        {"Etymotic ER4SR", {{L, 105, 6.0, 0.70}, {P, 2465, -3.7, 0.88}, {P, 7374, 6.4, 1.15}, {P, 87, 1.8, 2.07}, {P, 1443, -1.7, 2.12},
                            {H, 10000, 2.2, 0.70}, {P, 277, -0.6, 1.25}, {P, 766, 0.6, 2.15}, {P, 4628, -0.6, 4.32}, {P, 7560, -1.0, 6.00}}},
        {"Etymotic ER4XR", {{L, 105, 6.2, 0.70}, {P, 6957, 6.3, 1.06}, {P, 1639, -3.6, 0.49}, {P, 187, -1.4, 0.89}, {P, 812, 2.6, 1.28},
                            {H, 10000, 1.2, 0.70}, {P, 7331, -1.3, 6.00}, {P, 6218, 1.1, 5.99}, {P, 4916, -0.6, 4.34}, {P, 55, 0.2, 2.49}}},
        {"Final Audio E3000", {{L, 105, 13.2, 0.70}, {P, 57, -11.0, 0.29}, {P, 4270, 3.4, 0.32}, {P, 7808, -3.1, 1.76}, {P, 691, 1.6, 1.29},
                               {H, 10000, -0.4, 0.70}, {P, 2901, -1.1, 3.74}, {P, 2205, 0.5, 1.55}, {P, 4670, 1.0, 3.28}, {P, 3258, -0.5, 2.73}}},
        {"Final Audio E4000", {{L, 105, 14.3, 0.70}, {P, 50, -13.3, 0.26}, {P, 9288, 4.8, 1.19}, {P, 843, 2.4, 1.10}, {P, 4780, 3.9, 1.32},
                               {H, 10000, 0.8, 0.70}, {P, 1317, -0.4, 4.06}, {P, 2004, 0.4, 3.56}, {P, 1089, 0.6, 6.00}, {P, 1519, -0.2, 2.91}}},
        {"Shure SE535", {{L, 105, 6.1, 0.70}, {P, 282, -3.1, 0.18}, {P, 5389, 6.6, 0.84}, {P, 52, 1.1, 0.74}, {P, 9623, 0.5, 5.73},
                         {H, 10000, 6.2, 0.70}, {P, 9893, -2.6, 1.56}, {P, 747, 0.7, 1.19}, {P, 1219, -0.8, 2.48}, {P, 234, -0.4, 1.64}}},
        {"Shure SE846", {{L, 105, 2.2, 0.70}, {P, 173, -1.9, 0.70}, {P, 6062, 3.8, 1.72}, {P, 2999, 3.2, 3.20}, {P, 1589, -1.3, 1.14},
                         {H, 10000, 6.2, 0.70}, {P, 7159, -2.5, 5.89}, {P, 9093, -1.0, 5.90}, {P, 1226, -0.3, 4.57}, {P, 896, 0.4, 3.35}}},
    };
    const auto dir = test::data_dir() / "autoeq";
    const auto target = io::read_response(dir / "harman_in-ear_2019v2.csv");
    const eq_constraints defaults; // 10 filters, +6 dB, Q 0.18–6, 20 Hz–20 kHz, 48 kHz
    double sum_autoeq = 0, sum_ours = 0;
    for (const auto& p : autoeq) {
        const auto m = io::read_response(dir / (std::string(p.name) + ".csv"));
        // Same biquad evaluation (RBJ at 48 kHz) and the same score for both; the score ignores the level, so
        // the preamp (AutoEq's or ours) does not enter it.
        const double none = harman_inear_preference_score(m, target).score;
        const double theirs = harman_inear_preference_score(apply_eq(m, {p.filters, 48000, 0}), target).score;
        const auto r = optimize_parametric_eq(m, target, defaults);
        const double ours = harman_inear_preference_score(apply_eq(m, r.eq), target).score;
        std::printf("%-26s no EQ %6.2f  AutoEq %6.2f  iemlab %6.2f\n", p.name, none, theirs, ours);
        CAPTURE(p.name, none, theirs, ours);
        CHECK(r.eq.filters.size() <= 10);
        CHECK(*std::max_element(r.eq_db.begin(), r.eq_db.end()) <= 6.0);
        for (const auto& f : r.eq.filters) CHECK((f.q >= 0.18 && f.q <= 6));
        CHECK(ours > theirs);
        sum_autoeq += theirs, sum_ours += ours;
    }
    const double n = double(autoeq.size());
    std::printf("mean: AutoEq %.2f, iemlab %.2f\n", sum_autoeq / n, sum_ours / n);
    CHECK(sum_ours / n >= sum_autoeq / n + 5);
}

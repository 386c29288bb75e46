// The seal check on the simulated rig's own transfer functions: three sealed insertions at different depths and
// one with a slit leak past the eartip (measure/rig.hpp) — exactly the leaky one is flagged, and leaving it out
// restores the sealed average below 100 Hz.
#include <iemlab/core/decibel.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/electroacoustics/ba_receiver.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/average.hpp>
#include <iemlab/measure/rig.hpp>
#include <iemlab/measure/seal_check.hpp>

#include <catch2/catch.hpp>

#include "../third_party_data.hpp"

#include <string>
#include <vector>

using namespace iemlab;
using Catch::Matchers::Contains;

namespace {
frequency_response insertion_response(const measure::rig_chain& chain, const std::vector<double>& f) {
    return frequency_response::from_complex(f, chain.transfer(f));
}
} // namespace

TEST_CASE("seal check: the one leaky reinsertion is flagged, and leaving it out restores the average",
          "[measure][seal]") {
    const auto iem = measure::simulated_iem::from_receiver("ED-30262", electroacoustics::find_knowles_receiver("ED-30262").receiver());
    const measure::rig_settings rig; // 711 coupler
    const std::vector<double> f = log_grid(20, 20000, 12);
    std::vector<frequency_response> sealed, all;
    for (const double depth : {0.001, 0.003, 0.005}) {
        sealed.push_back(insertion_response(measure::rig_chain(rig, iem, {depth, 0.0}), f));
        all.push_back(sealed.back());
    }
    // A 0.2 mm slit, 2 mm wide and 3 mm long (the rig's default slit shape), at a sealed insertion's depth.
    all.insert(all.begin() + 1, insertion_response(measure::rig_chain(rig, iem, {0.003, 200e-6}), f));

    const auto checks = measure::check_insertions(all);
    REQUIRE(checks.size() == 4);
    for (std::size_t i = 0; i < checks.size(); ++i) {
        INFO("insertion " << i + 1 << ": bass " << checks[i].bass_db << " dB, deficit " << checks[i].bass_deficit_db << " dB");
        CHECK(checks[i].fit == (i == 1 ? measure::insertion_fit::leak : measure::insertion_fit::ok));
    }
    CHECK(checks[1].bass_deficit_db > 3);

    // Below 100 Hz the average with the leaky insertion is off; without it, it is the sealed average.
    const auto with_leak = measure::average_responses(all);
    std::vector<frequency_response> kept;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (checks[i].fit == measure::insertion_fit::ok) kept.push_back(all[i]);
    const auto without = measure::average_responses(kept);
    const auto truth = measure::average_responses(sealed);
    double off_with = 0, off_without = 0;
    for (std::size_t i = 0; i < f.size() && f[i] <= 100; ++i) {
        off_with = std::max(off_with, std::abs(with_leak.mean.magnitude_db()[i] - truth.mean.magnitude_db()[i]));
        off_without = std::max(off_without, std::abs(without.mean.magnitude_db()[i] - truth.mean.magnitude_db()[i]));
    }
    INFO("below 100 Hz: with the leak " << off_with << " dB off, without " << off_without << " dB");
    CHECK(off_with > 0.5);
    CHECK(off_without < 0.5);
}

TEST_CASE("seal check: a treble deficit is named, one insertion is ok, bad settings are refused", "[measure][seal]") {
    // Flat responses (0 dB) and one with −10 dB from 4 kHz up: its 5–10 kHz mean is 10 dB below the median.
    const std::vector<double> f = log_grid(20, 20000, 24);
    std::vector<double> flat(f.size(), 0.0), dull(f.size(), 0.0);
    for (std::size_t i = 0; i < f.size(); ++i) dull[i] = f[i] >= 4000 ? -10 : 0;
    const std::vector<frequency_response> r{{f, flat}, {f, dull}, {f, flat}};
    const auto checks = measure::check_insertions(r);
    CHECK(checks[0].fit == measure::insertion_fit::ok);
    CHECK(checks[1].fit == measure::insertion_fit::treble);
    CHECK(checks[1].treble_deficit_db == Approx(10).margin(1e-9));
    CHECK(measure::to_string(checks[1].fit) == "treble");
    CHECK(measure::check_insertions(std::vector<frequency_response>{{f, dull}})[0].fit == measure::insertion_fit::ok);

    // One take with a +5 dB bass bump (rumble) does not make the two clean ones look leaky; with two takes 10 dB
    // apart in the bass, the weaker is the leak.
    std::vector<double> bump(f.size(), 0.0), weak(f.size(), 0.0);
    for (std::size_t i = 0; i < f.size(); ++i) {
        bump[i] = f[i] <= 100 ? 5 : 0;
        weak[i] = f[i] <= 100 ? -10 : 0;
    }
    for (const auto& c : measure::check_insertions(std::vector<frequency_response>{{f, flat}, {f, bump}, {f, flat}}))
        CHECK(c.fit == measure::insertion_fit::ok);
    const auto pair = measure::check_insertions(std::vector<frequency_response>{{f, flat}, {f, weak}});
    CHECK(pair[0].fit == measure::insertion_fit::ok);
    CHECK(pair[1].fit == measure::insertion_fit::leak);

    measure::seal_check_settings bad;
    bad.leak_threshold_db = 0;
    CHECK_THROWS_WITH(measure::check_insertions(r, bad), Contains("leak_threshold"));
    const std::vector<frequency_response> high{{log_grid(200, 20000, 6), std::vector<double>(log_grid(200, 20000, 6).size(), 0.0)}};
    CHECK_THROWS_WITH(measure::check_insertions(high), Contains("bass band"));
}

TEST_CASE("roll-off check: a leak in every insertion is named, sealed IEMs on real couplers are not", "[measure][seal]") {
    const auto iem = measure::simulated_iem::from_receiver("ED-30262", electroacoustics::find_knowles_receiver("ED-30262").receiver());
    const measure::rig_settings rig; // 711 coupler
    const std::vector<double> f = log_grid(20, 20000, 12);
    // Sealed: a pressure chamber, flat to 20 Hz. Every insertion through the same 0.2 mm slit: the seal check finds
    // them alike, but the average falls off below the slit's corner.
    const auto sealed = measure::check_rolloff(insertion_response(measure::rig_chain(rig, iem, {0.003, 0.0}), f));
    const auto leaky = measure::check_rolloff(insertion_response(measure::rig_chain(rig, iem, {0.003, 200e-6}), f));
    REQUIRE(sealed);
    REQUIRE(leaky);
    INFO("roll-off sealed " << sealed->rolloff_db << " dB, leaky " << leaky->rolloff_db << " dB");
    CHECK(!sealed->flagged);
    CHECK(std::abs(sealed->rolloff_db) < 1);
    CHECK(leaky->flagged);
    // A response that starts above the low band gives no verdict.
    const std::vector<double> high = log_grid(50, 20000, 6);
    CHECK(!measure::check_rolloff(frequency_response(high, std::vector<double>(high.size(), 0.0))));
    measure::seal_check_settings bad;
    bad.rolloff_ref_lo_hz = 25;
    CHECK_THROWS_WITH(measure::check_rolloff(insertion_response(measure::rig_chain(rig, iem, {0.003, 0.0}), f), bad),
                      Contains("rolloff_ref_lo"));
}

TEST_CASE("roll-off check: none of nine real 711 measurements (oratory1990, via AutoEq) is flagged",
          "[measure][seal][data]") {
    IEMLAB_REQUIRE_DATA();
    // IEMLAB_DATA/autoeq (SOURCES.md): IEMs measured sealed on a 711 coupler. Their 100–200 Hz level lies between
    // 3.8 dB below (SE846, a bass boost) and 2.5 dB above (E3000) their 20–30 Hz level — well inside the 6 dB limit.
    for (const char* name : {"Campfire Audio Andromeda.csv", "Etymotic ER2SR.csv", "Etymotic ER2XR.csv", "Etymotic ER4SR.csv",
                             "Etymotic ER4XR.csv", "Final Audio E3000.csv", "Final Audio E4000.csv", "Shure SE535.csv",
                             "Shure SE846.csv"}) {
        const auto r = io::read_response((test::data_dir() / "autoeq" / name).string());
        const auto c = measure::check_rolloff(r);
        REQUIRE(c);
        INFO(name << ": roll-off " << c->rolloff_db << " dB");
        CHECK(!c->flagged);
        CHECK(c->rolloff_db < 3);
        CHECK(c->rolloff_db > -4.5);
    }
}

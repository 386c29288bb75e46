// Recording sources (measure/recording_source.hpp): an embedding program's own I/O (a delay and a gain, whose
// response is known exactly) measured through measure_with_source(); the simulated rig as a source gives what
// measure_simulated() gives; recorded takes are passed through and kept by a tap.
#include <iemlab/electroacoustics/ba_receiver.hpp>
#include <iemlab/measure/recording_source.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <span>
#include <string>
#include <vector>

using namespace iemlab;
using Catch::Matchers::Contains;

namespace {

// What an embedding program would write: its "device" delays by 37 samples and attenuates by 6 dB.
class delay_gain_source final : public measure::recording_source {
public:
    double rate_hz() const override { return 48000; }
    std::size_t tail_samples() const override { return 4800; }
    std::vector<double> record(const measure::take_request& r, std::span<const double> x, std::size_t length) override {
        requests.push_back(r);
        std::vector<double> y(length, 0.0);
        for (std::size_t k = 0; k < x.size() && k + delay < length; ++k) y[k + delay] = gain * x[k];
        return y;
    }
    static constexpr std::size_t delay = 37;
    static constexpr double gain = 0.5;
    std::vector<measure::take_request> requests;
};

} // namespace

TEST_CASE("an embedding program's own audio I/O measured through measure_with_source", "[measure][source]") {
    delay_gain_source device;
    measure::recording_tap tap(device);
    measure::source_session s;
    s.channels = {"left", "right"};
    s.insertions = 2;
    s.sweep.duration_s = 1;
    s.sweep.repetitions = 2;
    s.analysis.normalize = measure::normalization::none();
    s.analysis.remove_dc = false; // the delayed sweep's mean is signal
    // This test is about the source's plumbing: no low roll-off at the 10 Hz start of the short sweep (with the
    // analysis chain's default half-octave roll-off the response is 0.026 dB low at 30 Hz).
    s.analysis.low_rolloff_octaves = 0.0;
    std::vector<std::string> pauses;
    measure::source_hooks hooks;
    hooks.before_insertion = [&](const std::string& ch, std::size_t i, std::size_t n) {
        pauses.push_back(ch + " " + std::to_string(i) + "/" + std::to_string(n));
    };
    const auto m = measure::measure_with_source("delay-gain", tap, s, std::nullopt, hooks);
    // 2 channels × 2 insertions × 2 repetitions, in order; one pause per insertion.
    REQUIRE(device.requests.size() == 8);
    CHECK(device.requests[5].channel == 1);
    CHECK(device.requests[5].insertion == 0);
    CHECK(device.requests[5].repetition == 1);
    CHECK(pauses == std::vector<std::string>{"left 1/2", "left 2/2", "right 1/2", "right 2/2"});
    CHECK(tap.takes().size() == 8);
    REQUIRE(m.channels.size() == 2);
    const double expected_db = 20 * std::log10(delay_gain_source::gain);
    for (const auto& ch : m.channels)
        for (const auto& a : ch.insertions) {
            CHECK(a.latency_samples == Approx(delay_gain_source::delay).margin(1e-9));
            // From 30 Hz (the live tests' band): nearer the 10 Hz start of a 1 s sweep its fade-in shows.
            double worst = 0;
            for (std::size_t k = 0; k < a.response.size(); ++k)
                if (a.response.frequencies()[k] >= 30)
                    worst = std::max(worst, std::fabs(a.response.magnitude_db()[k] - expected_db));
            CHECK(worst < 0.01);
        }
}

TEST_CASE("the simulated rig as a source measures what measure_simulated measures", "[measure][source]") {
    const auto rx = electroacoustics::find_knowles_receiver("ED-30262").receiver();
    const auto iem = measure::simulated_iem::from_receiver("ED-30262", rx);
    measure::rig_settings rig;
    rig.adc.latency_samples = 50;
    measure::session_settings session;
    session.insertions = 2;
    session.channels = {{"left", 0.0}};
    session.sweep.duration_s = 1;
    const auto reference = measure::measure_simulated(rig, iem, session);

    measure::simulated_source source(rig, iem, session.channels);
    measure::source_session s;
    s.insertions = 2;
    s.sweep = session.sweep;
    s.analysis = session.analysis;
    s.analysis.fs_per_pa = rig.fs_per_pa();
    s.analysis.remove_dc = false;
    const auto m = measure::measure_with_source("ED-30262", source, s);
    // Same draws, same noise; only the excitation differs (rounded to float as a device plays it).
    REQUIRE(m.channels.size() == 1);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto& a = m.channels[0].insertions[i].response.magnitude_db();
        const auto& b = reference.channels[0].insertions[i].response.magnitude_db();
        REQUIRE(a.size() == b.size());
        double worst = 0;
        for (std::size_t k = 0; k < a.size(); ++k) worst = std::max(worst, std::fabs(a[k] - b[k]));
        CAPTURE(i);
        CHECK(worst < 0.001);
    }
    // Insertions differ (the draws do): the source did not return one insertion twice.
    CHECK(m.channels[0].insertions[0].response.db_at(8000.0) != m.channels[0].insertions[1].response.db_at(8000.0));
}

TEST_CASE("a flagged insertion is fitted again while the IEM is at hand", "[measure][source][seal]") {
    // Placements in order: sealed, leaky (0.2 mm slit), sealed, then the reinsertion gets the fourth: sealed.
    const auto iem = measure::simulated_iem::from_receiver("ED-30262", electroacoustics::find_knowles_receiver("ED-30262").receiver());
    measure::rig_settings rig;
    rig.insertions.placements = {{0.002, 0.0}, {0.003, 200e-6}, {0.004, 0.0}, {0.003, 0.0}};
    measure::source_session s;
    s.insertions = 3;
    s.sweep.duration_s = 1;
    s.analysis.fs_per_pa = rig.fs_per_pa();
    s.analysis.remove_dc = false;
    const std::vector<measure::channel_spec> left{{"left", 0.0}};

    // Kept: the leak is named and stays in the average.
    measure::simulated_source kept_source(rig, iem, left);
    const auto kept = measure::measure_with_source("BA", kept_source, s);
    REQUIRE(kept.channels[0].fits.size() == 3);
    CHECK(kept.channels[0].fits[1].fit == measure::insertion_fit::leak);

    // Fitted again on request: only insertion 2 is asked about, it is measured once more (attempt 1), and every
    // insertion of the result is sealed.
    measure::simulated_source source(rig, iem, left);
    measure::recording_tap tap(source);
    measure::source_hooks hooks;
    std::vector<std::size_t> asked;
    hooks.reinsert = [&](const std::string& channel, std::size_t i, const measure::insertion_check& c) {
        CHECK(channel == "left");
        CHECK(c.fit == measure::insertion_fit::leak);
        asked.push_back(i);
        return true;
    };
    const auto m = measure::measure_with_source("BA", tap, s, std::nullopt, hooks);
    CHECK(asked == std::vector<std::size_t>{2});
    REQUIRE(tap.takes().size() == 4);
    CHECK(tap.takes().back().request.insertion == 1);
    CHECK(tap.takes().back().request.attempt == 1);
    for (const auto& f : m.channels[0].fits) CHECK(f.fit == measure::insertion_fit::ok);
    CHECK(m.warnings.empty());
}

TEST_CASE("recorded takes come back padded, and a missing one is an error", "[measure][source]") {
    measure::recorded_source files(48000, {{{1.0, 2.0}}});
    CHECK(files.record({0, 0, 0}, {}, 4) == std::vector<double>{1.0, 2.0, 0.0, 0.0});
    CHECK_THROWS_WITH(files.record({0, 1, 0}, {}, 4), Contains("no recording for channel 0, insertion 2"));
    CHECK_THROWS_WITH(measure::recorded_source(0, {}), Contains("rate"));
}

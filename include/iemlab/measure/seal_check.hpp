#pragma once
/// @file
/// @brief The seal check of reinsertions: each insertion of a channel is compared with the others, so that a
/// leaky fit (a bass deficit) or a blocked nozzle (a treble deficit) is named instead of dragging the average down.
///
/// A leak past the eartip only ever removes bass: the acoustic mass of the slit shunts the sealed volume below a
/// corner of tens to hundreds of hertz, while the level around 1 kHz is unchanged. So each insertion's bass level
/// (the ln-f-weighted mean over 20–100 Hz, relative to its own level at 1 kHz — independent of how loud the take
/// was) is compared with the best-sealed insertion of the channel that another insertion confirms (within the
/// threshold; without such a pair, the median) — so one take with rumble does not make the others look leaky; a
/// deficit beyond the threshold (3 dB by
/// default: reinsertions of a sealed IEM on a coupler differ by well under 1 dB there) is a suspected leak. A
/// treble deficit (5–10 kHz relative to 1 kHz) beyond 6 dB below the channel's median flags an insertion whose
/// nozzle was blocked or sat against the canal wall; treble varies with insertion depth in both directions, so
/// the median rather than the best is the reference there.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/measure/normalize.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::measure {

/// Bands and thresholds of the seal check.
struct seal_check_settings {
    double bass_lo_hz = 20;            ///< bass band, lower edge (clamped to the responses' grid)
    double bass_hi_hz = 100;           ///< bass band, upper edge
    double reference_hz = 1000;        ///< each insertion's bass and treble are read relative to its level here
    double leak_threshold_db = 3;      ///< bass deficit below the best-sealed insertion that flags a leak
    double treble_lo_hz = 5000;        ///< treble band, lower edge (clamped to the grid)
    double treble_hi_hz = 10000;       ///< treble band, upper edge
    double treble_threshold_db = 6;    ///< treble deficit below the channel's median that flags an outlier
    double rolloff_lo_hz = 20;         ///< the shared roll-off check's low band, lower edge (clamped to the grid)
    double rolloff_hi_hz = 30;         ///< … upper edge
    double rolloff_ref_lo_hz = 100;    ///< its reference band, lower edge
    double rolloff_ref_hi_hz = 200;    ///< … upper edge
    double rolloff_threshold_db = 6;   ///< the low band this far below the reference band flags a rig leak

    /// Throws iemlab::error naming the first setting out of range.
    void validate() const {
        constexpr const char* where = "seal_check_settings";
        require_positive(where, "bass_lo", bass_lo_hz, "Hz");
        if (!(bass_hi_hz > bass_lo_hz) || !std::isfinite(bass_hi_hz))
            throw_out_of_range(where, "bass_hi", bass_hi_hz, "Hz", "bass_hi > bass_lo = " + format_number(bass_lo_hz) + " Hz");
        require_positive(where, "reference", reference_hz, "Hz");
        require_in_range(where, "leak_threshold", leak_threshold_db, 0.1, 40, "dB");
        require_positive(where, "treble_lo", treble_lo_hz, "Hz");
        if (!(treble_hi_hz > treble_lo_hz) || !std::isfinite(treble_hi_hz))
            throw_out_of_range(where, "treble_hi", treble_hi_hz, "Hz",
                               "treble_hi > treble_lo = " + format_number(treble_lo_hz) + " Hz");
        require_in_range(where, "treble_threshold", treble_threshold_db, 0.1, 40, "dB");
        require_positive(where, "rolloff_lo", rolloff_lo_hz, "Hz");
        if (!(rolloff_hi_hz > rolloff_lo_hz) || !std::isfinite(rolloff_hi_hz))
            throw_out_of_range(where, "rolloff_hi", rolloff_hi_hz, "Hz", "rolloff_hi > rolloff_lo = " + format_number(rolloff_lo_hz) + " Hz");
        if (!(rolloff_ref_lo_hz >= rolloff_hi_hz) || !std::isfinite(rolloff_ref_lo_hz))
            throw_out_of_range(where, "rolloff_ref_lo", rolloff_ref_lo_hz, "Hz", "rolloff_ref_lo >= rolloff_hi = " + format_number(rolloff_hi_hz) + " Hz");
        if (!(rolloff_ref_hi_hz > rolloff_ref_lo_hz) || !std::isfinite(rolloff_ref_hi_hz))
            throw_out_of_range(where, "rolloff_ref_hi", rolloff_ref_hi_hz, "Hz",
                               "rolloff_ref_hi > rolloff_ref_lo = " + format_number(rolloff_ref_lo_hz) + " Hz");
        require_in_range(where, "rolloff_threshold", rolloff_threshold_db, 0.1, 40, "dB");
    }
};

/// The verdict on one insertion.
enum class insertion_fit {
    ok,    ///< consistent with the others
    leak,  ///< bass deficit: a leaky seal
    treble ///< treble deficit: a blocked or misdirected nozzle
};

/// Name of a verdict as summary.json writes it ("ok", "leak", "treble").
constexpr std::string_view to_string(insertion_fit f) noexcept {
    return f == insertion_fit::ok ? "ok" : f == insertion_fit::leak ? "leak" : "treble";
}

/// One insertion's figures and verdict.
struct insertion_check {
    double bass_db = 0;           ///< mean level over the bass band relative to the level at the reference, dB
    double treble_db = 0;         ///< the same over the treble band
    double bass_deficit_db = 0;   ///< the reference bass_db (best confirmed seal) minus this one's (>= 0)
    double treble_deficit_db = 0; ///< the channel's median treble_db minus this one's (may be < 0)
    insertion_fit fit = insertion_fit::ok; ///< leak takes precedence over treble
};

namespace detail {
// A band clamped to the response's grid; empty (lo >= hi) when they do not overlap.
inline std::pair<double, double> clamp_band(const frequency_response& r, double lo, double hi) {
    const auto& f = r.frequencies();
    double first = f.front();
    if (first == 0 && f.size() > 1) first = f[1];
    return {std::max(lo, first), std::min(hi, f.back())};
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}
} // namespace detail

/// Checks each of one channel's `insertions` against the others (see the file documentation). With a single
/// insertion there is nothing to compare: it is reported ok.
/// @throws iemlab::error for invalid settings, or when the responses do not reach the bands or the reference.
inline std::vector<insertion_check> check_insertions(std::span<const frequency_response> insertions,
                                                     const seal_check_settings& settings = {}) {
    constexpr const char* where = "check_insertions";
    settings.validate();
    std::vector<insertion_check> out(insertions.size());
    for (std::size_t i = 0; i < insertions.size(); ++i) {
        const frequency_response& r = insertions[i];
        if (r.empty()) throw_invalid(where, "insertion " + std::to_string(i + 1), "is empty");
        const auto bass = detail::clamp_band(r, settings.bass_lo_hz, settings.bass_hi_hz);
        const auto treble = detail::clamp_band(r, settings.treble_lo_hz, settings.treble_hi_hz);
        if (!(bass.second > bass.first))
            throw_out_of_range(where, "bass band", settings.bass_lo_hz, "Hz",
                               "overlapping the response's grid " + format_number(r.frequencies().front()) + " … " +
                                   format_number(r.frequencies().back()) + " Hz");
        if (!(treble.second > treble.first))
            throw_out_of_range(where, "treble band", settings.treble_lo_hz, "Hz",
                               "overlapping the response's grid " + format_number(r.frequencies().front()) + " … " +
                                   format_number(r.frequencies().back()) + " Hz");
        const double reference = level_at(r, settings.reference_hz);
        out[i].bass_db = band_mean_level(r, bass.first, bass.second) - reference;
        out[i].treble_db = band_mean_level(r, treble.first, treble.second) - reference;
    }
    if (out.size() < 2) return out;
    // The bass reference: the best insertion that another one confirms (within the threshold), so one take with
    // rumble or a bass bump does not make the good ones look leaky; with no confirmed pair, the median.
    std::vector<double> basses, trebles;
    for (const auto& c : out) {
        basses.push_back(c.bass_db);
        trebles.push_back(c.treble_db);
    }
    double best_bass = detail::median(basses);
    for (std::size_t i = 0; i < out.size(); ++i)
        for (std::size_t j = 0; j < out.size(); ++j)
            if (i != j && std::fabs(out[i].bass_db - out[j].bass_db) <= settings.leak_threshold_db)
                best_bass = std::max(best_bass, std::min(out[i].bass_db, out[j].bass_db));
    const double median_treble = detail::median(trebles);
    for (auto& c : out) {
        c.bass_deficit_db = std::max(0.0, best_bass - c.bass_db);
        c.treble_deficit_db = median_treble - c.treble_db;
        if (c.bass_deficit_db > settings.leak_threshold_db) c.fit = insertion_fit::leak;
        else if (c.treble_deficit_db > settings.treble_threshold_db) c.fit = insertion_fit::treble;
    }
    return out;
}

/// A low-frequency roll-off that every insertion shares — the sign of a leak in the rig itself (the coupler's
/// seal, an adapter, a cracked tube), which the comparison of insertions cannot see.
struct rolloff_check {
    double rolloff_db = 0; ///< mean level over the reference band minus that over the low band (see seal_check_settings)
    bool flagged = false;  ///< rolloff_db beyond the threshold
};

/// The roll-off of `average` (a channel's average over its insertions) between the settings' reference band
/// (100–200 Hz) and low band (20–30 Hz). A sealed IEM into a coupler or an occluded ear is pressure-driven and flat
/// or rising down there: the 711 measurements of nine IEMs in ../shared/data (AutoEq; Etymotic, Shure, Final,
/// Campfire) lie between a 3.8 dB rise and a 2.5 dB fall, so a fall beyond 6 dB means a leak, or an IEM vented on
/// purpose — the warning says both.
/// @return none when the response does not reach the low band (e.g. an analysis band from 50 Hz).
/// @throws iemlab::error for invalid settings or an empty response.
inline std::optional<rolloff_check> check_rolloff(const frequency_response& average, const seal_check_settings& settings = {}) {
    settings.validate();
    if (average.empty()) throw_invalid("check_rolloff", "average", "is empty");
    const auto low = detail::clamp_band(average, settings.rolloff_lo_hz, settings.rolloff_hi_hz);
    const auto ref = detail::clamp_band(average, settings.rolloff_ref_lo_hz, settings.rolloff_ref_hi_hz);
    // The low band must be covered from its lower edge (a band starting at 28 Hz is not "20–30 Hz").
    if (!(low.second > low.first) || low.first > settings.rolloff_lo_hz * 1.05 || !(ref.second > ref.first)) return std::nullopt;
    rolloff_check c;
    c.rolloff_db = band_mean_level(average, ref.first, ref.second) - band_mean_level(average, low.first, low.second);
    c.flagged = c.rolloff_db > settings.rolloff_threshold_db;
    return c;
}

} // namespace iemlab::inline v0::measure

#pragma once
/// @file
/// @brief Averaging N responses (dB, power/RMS, pressure or vector) with per-frequency spread, and the level
/// imbalance between a left and a right channel (REW and AutoEq practice).

#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/measure/normalize.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::measure {

/// How levels are combined.
enum class average_mode {
    db,       ///< (1/M)·Σ L_i: mean of dB levels (AutoEq, REW "dB average")
    power,    ///< 10·log10((1/M)·Σ 10^(L_i/10)): RMS pressure (REW "RMS average"; reinsertion averages)
    pressure, ///< 20·log10((1/M)·Σ 10^(L_i/20)): mean magnitude (CrinGraph/squig)
    vector,   ///< (1/M)·Σ H_i: complex mean (REW vector average; needs phase and a common timing)
};

/// The average of several responses and their spread, per frequency of the common grid.
struct response_average {
    frequency_response mean;     ///< the average (with a phase for average_mode::vector)
    std::vector<double> min_db;  ///< lowest input level
    std::vector<double> max_db;  ///< highest input level
    std::vector<double> std_db;  ///< sample standard deviation (M − 1 in the denominator) of the input levels in dB; 0 for one input
    std::size_t count = 0;       ///< number of responses averaged
};

/// The grid averaging uses when none is given: the first response's frequencies that every response covers.
inline std::vector<double> common_grid(std::span<const frequency_response> responses) {
    constexpr const char* where = "common_grid";
    if (responses.empty()) throw_invalid(where, "responses", "is empty");
    double lo = 0, hi = std::numeric_limits<double>::infinity();
    for (const auto& r : responses) {
        if (r.empty()) throw_invalid(where, "response '" + r.name() + "'", "is empty");
        lo = std::max(lo, r.frequencies().front());
        hi = std::min(hi, r.frequencies().back());
    }
    std::vector<double> grid;
    for (double f : responses.front().frequencies())
        if (f >= lo && f <= hi) grid.push_back(f);
    if (grid.empty())
        throw_invalid(where, "responses", "share no frequency range (common range " + format_number(lo) + " … " +
                                               format_number(hi) + " Hz is empty)");
    return grid;
}

/// Averages `responses` on `grid` (default common_grid()), after resampling each one linearly in ln f.
/// average_mode::vector needs a phase in every response (resampled as unwrapped phase).
inline response_average average_responses(std::span<const frequency_response> responses,
                                          average_mode mode = average_mode::power,
                                          std::span<const double> grid = {}) {
    constexpr const char* where = "average_responses";
    if (responses.empty()) throw_invalid(where, "responses", "is empty: nothing to average");
    std::vector<double> f = grid.empty() ? common_grid(responses) : std::vector<double>(grid.begin(), grid.end());
    const std::size_t m = f.size(), count = responses.size();
    if (mode == average_mode::vector)
        for (const auto& r : responses)
            if (!r.has_phase())
                throw_invalid(where, "response '" + r.name() + "'", "has no phase: a vector average needs phase");

    std::vector<std::vector<double>> levels(count);
    std::vector<std::complex<double>> vector_sum(mode == average_mode::vector ? m : 0);
    for (std::size_t i = 0; i < count; ++i) {
        const frequency_response r = dsp::resample(responses[i], f);
        levels[i] = r.magnitude_db();
        if (mode == average_mode::vector)
            for (std::size_t k = 0; k < m; ++k) vector_sum[k] += r.complex_value(k);
    }

    response_average out;
    out.count = count;
    out.min_db.assign(m, 0);
    out.max_db.assign(m, 0);
    out.std_db.assign(m, 0);
    std::vector<double> db(m), phase;
    for (std::size_t k = 0; k < m; ++k) {
        double lo = levels[0][k], hi = levels[0][k], mean_db = 0;
        for (std::size_t i = 0; i < count; ++i) {
            lo = std::min(lo, levels[i][k]);
            hi = std::max(hi, levels[i][k]);
            mean_db += levels[i][k];
        }
        mean_db /= double(count);
        double ss = 0; // two-pass sum of squares: no cancellation
        for (std::size_t i = 0; i < count; ++i) ss += (levels[i][k] - mean_db) * (levels[i][k] - mean_db);
        out.min_db[k] = lo;
        out.max_db[k] = hi;
        out.std_db[k] = count > 1 ? std::sqrt(ss / double(count - 1)) : 0.0;
        switch (mode) {
        case average_mode::db: db[k] = mean_db; break;
        case average_mode::power:
        case average_mode::pressure: {
            // Relative to the loudest input so that no level overflows.
            const double per = mode == average_mode::power ? 10.0 : 20.0;
            double sum = 0;
            for (std::size_t i = 0; i < count; ++i) sum += std::pow(10.0, (levels[i][k] - hi) / per);
            db[k] = std::max(db_floor, hi + per * std::log10(sum / double(count)));
            break;
        }
        case average_mode::vector: {
            const std::complex<double> h = vector_sum[k] / double(count);
            db[k] = amplitude_to_db(std::abs(h));
            phase.push_back(std::arg(h) * 180.0 / std::numbers::pi);
            break;
        }
        }
    }
    out.mean = frequency_response(std::move(f), std::move(db), std::move(phase), "average");
    return out;
}

/// Left/right level imbalance on a common grid.
struct channel_imbalance {
    std::vector<double> frequency_hz;  ///< common grid (the left channel's points both channels cover)
    std::vector<double> difference_db; ///< L − R per frequency
    double mean_db = 0;                ///< ln-f-weighted mean of L − R over the band (the broadband offset)
    double max_abs_db = 0;             ///< largest |L − R| at a grid point inside the band
    double max_abs_frequency_hz = 0;   ///< where max_abs_db occurs
    double rms_db = 0;                 ///< ln-f-weighted RMS of L − R over the band
    double band_lo_hz = 0;             ///< band the statistics cover, lower edge
    double band_hi_hz = 0;             ///< band the statistics cover, upper edge
};

/// L − R on the left channel's grid (restricted to what both cover) and its statistics over
/// [f_lo, f_hi] (default 20 Hz … 10 kHz, clipped to the common range).
inline channel_imbalance compute_channel_imbalance(const frequency_response& left, const frequency_response& right,
                                                   double f_lo_hz = 20.0, double f_hi_hz = 10000.0) {
    constexpr const char* where = "channel_imbalance";
    require_positive(where, "f_lo", f_lo_hz, "Hz");
    if (!(f_hi_hz > f_lo_hz) || !std::isfinite(f_hi_hz))
        throw_out_of_range(where, "f_hi", f_hi_hz, "Hz", "f_hi > f_lo = " + format_number(f_lo_hz) + " Hz");
    const frequency_response pair[] = {left, right};
    const std::vector<double> f = common_grid(pair);
    const std::vector<double> l = dsp::resample(left, f).magnitude_db();
    const std::vector<double> r = dsp::resample(right, f).magnitude_db();
    channel_imbalance out;
    out.frequency_hz = f;
    out.difference_db.resize(f.size());
    for (std::size_t k = 0; k < f.size(); ++k) out.difference_db[k] = l[k] - r[k];
    out.band_lo_hz = std::max(f_lo_hz, f.front() > 0 ? f.front() : (f.size() > 1 ? f[1] : f_lo_hz));
    out.band_hi_hz = std::min(f_hi_hz, f.back());
    if (!(out.band_hi_hz > out.band_lo_hz))
        throw_invalid(where, "band", "[" + format_number(f_lo_hz) + ", " + format_number(f_hi_hz) +
                                          "] Hz does not overlap the channels' common range");
    const frequency_response d(f, out.difference_db);
    out.mean_db = band_mean_level(d, out.band_lo_hz, out.band_hi_hz);
    std::vector<double> squared(f.size());
    for (std::size_t k = 0; k < f.size(); ++k) {
        squared[k] = out.difference_db[k] * out.difference_db[k];
        if (f[k] >= out.band_lo_hz && f[k] <= out.band_hi_hz && std::fabs(out.difference_db[k]) > out.max_abs_db) {
            out.max_abs_db = std::fabs(out.difference_db[k]);
            out.max_abs_frequency_hz = f[k];
        }
    }
    out.rms_db = std::sqrt(std::max(0.0, band_mean_level(frequency_response(f, squared), out.band_lo_hz, out.band_hi_hz)));
    return out;
}

} // namespace iemlab::inline v0::measure

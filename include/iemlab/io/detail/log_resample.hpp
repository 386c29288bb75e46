#pragma once
// Resampling a response onto another grid for the fixed-grid writers (squig 1/48 octave, AutoEq 20·1.01^n):
// dB and unwrapped phase linear in log-frequency, end values held outside the measured range (what squig.link
// does when it draws, measurement.md §5.3). The analysis layer's dsp/interpolate is the general tool; this is
// the small piece the writers need, kept here so io does not depend on dsp.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"

#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::io::detail {

/// d wrapped into (-180, 180].
inline double wrap_degrees(double d) noexcept {
    double w = std::remainder(d, 360.0); // [-180, 180]
    if (w <= -180.0) w += 360.0;
    return w;
}

/// Phase with 360° jumps between neighbours removed (the smallest step is taken between each pair).
inline std::vector<double> unwrap_degrees(const std::vector<double>& p) {
    std::vector<double> u(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) u[i] = i == 0 ? p[0] : u[i - 1] + wrap_degrees(p[i] - p[i - 1]);
    return u;
}

/// Values `v` given at increasing frequencies `f`, evaluated at increasing `q`: linear in ln f, held beyond the
/// ends. A 0 Hz point is placed 50 nepers below its neighbour (as frequency_response::db_at does).
inline std::vector<double> interpolate_log_frequency(const std::vector<double>& f, const std::vector<double>& v,
                                                     const std::vector<double>& q) {
    std::vector<double> out(q.size());
    std::size_t lo = 0;
    for (std::size_t k = 0; k < q.size(); ++k) {
        const double x = q[k];
        if (x <= f.front()) { out[k] = v.front(); continue; }
        if (x >= f.back()) { out[k] = v.back(); continue; }
        if (lo > 0 && f[lo] > x) lo = 0; // q not increasing: restart (still correct, only slower)
        while (f[lo + 1] <= x) ++lo;
        const double x1 = std::log(f[lo + 1]);
        const double x0 = f[lo] > 0 ? std::log(f[lo]) : x1 - 50.0;
        const double t = (std::log(x) - x0) / (x1 - x0);
        out[k] = v[lo] + t * (v[lo + 1] - v[lo]);
    }
    return out;
}

/// `r` on the grid `f` (strictly increasing, > 0): dB and phase linear in log-frequency, ends held. A phase that
/// was wrapped to ±180° in `r` is wrapped again after interpolating the unwrapped phase.
inline frequency_response resample_log_linear(const frequency_response& r, std::vector<double> f) {
    if (r.empty()) throw_invalid("resample_log_linear", "response", "is empty");
    std::vector<double> db = interpolate_log_frequency(r.frequencies(), r.magnitude_db(), f);
    std::vector<double> phase;
    if (r.has_phase()) {
        const auto& p = r.phase_deg();
        bool wrapped = true;
        for (double x : p) wrapped = wrapped && x >= -180.0 && x <= 180.0;
        phase = interpolate_log_frequency(r.frequencies(), unwrap_degrees(p), f);
        if (wrapped)
            for (double& x : phase) x = wrap_degrees(x);
    }
    return frequency_response(std::move(f), std::move(db), std::move(phase), r.name());
}

} // namespace iemlab::inline v0::io::detail

#pragma once
/// @file
/// @brief Fitting the BA impedance model Z(s) = Re + K·s^n + Σ R_k ∥ L_k ∥ C_k to a measured impedance curve
/// (magnitude, with or without phase) by Levenberg–Marquardt (Eigen's MINPACK port), reporting the residual in dB.
///
/// Needs Eigen 3 (target iemlab::eigen; Debian libeigen3-dev). The procedure follows the reference's fits
/// (as iemlab fitted the Knowles presets): log-spaced points, the error measured in dB of |Z|, n bounded to
/// [0.3, 1], a second branch kept only where it earns its place.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/electroacoustics/ba_receiver.hpp"

#include <unsupported/Eigen/NonLinearOptimization>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::electroacoustics {

/// Settings of fit_ba_impedance().
struct impedance_fit_options {
    int branches = -1;          ///< R ∥ L ∥ C branches: 0, 1 or 2; −1 = automatic (1, plus a 2nd if it earns it)
    double f_min_hz = 20;       ///< lowest frequency used
    double f_max_hz = 20000;    ///< highest frequency used
    std::size_t points = 140;   ///< log-spaced points the curve is resampled to (0: use the file's points as they are)
    double n_min = 0.3;         ///< lower bound of the exponent n
    double n_max = 1.0;         ///< upper bound of the exponent n (1: ideal inductance)
    bool use_phase = true;      ///< fit the phase too when the data has one (residual in dB-equivalent: 1 rad ≙ 8.69 dB)
    int max_evaluations = 1500; ///< LM function-evaluation budget per start
};

/// What fit_ba_impedance() found.
struct impedance_fit_result {
    ba_impedance_model model;  ///< the fitted model
    double rms_error_db = 0;   ///< RMS of 20·log10(|Z_model|/|Z_data|) over the fit points, dB
    double max_error_db = 0;   ///< largest |20·log10(|Z_model|/|Z_data|)| over the fit points, dB
    std::size_t points = 0;    ///< number of fit points
};

namespace detail {

// Parameters (all unconstrained for LM): ln Re, ln K, logit of n in [n_min, n_max], then per branch
// ln R, ω0 and Q with L = R/(ω0·Q), C = Q/(ω0·R), i.e. Z_b = R/(1 + Q·(s/ω0 + ω0/s)). ω0 and Q are bounded
// (logistic in log scale: ω0 within the fit band ±1 octave, 0.2 <= Q <= 100) so LM cannot wander off to Q → ∞.
struct ba_fit_problem {
    using Scalar = double;
    using InputType = Eigen::VectorXd;
    using ValueType = Eigen::VectorXd;
    using JacobianType = Eigen::MatrixXd;
    enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };

    std::vector<double> omega;
    std::vector<std::complex<double>> log_z;  // ln Z_data (imaginary part used only with phase)
    bool with_phase = false;
    int branches = 0;
    double n_min = 0.3, n_max = 1.0;
    double ln_w_lo = 0, ln_w_hi = 1;                      // bounds of ln ω0
    static constexpr double ln_q_lo = -1.6094379124341003; // ln 0.2
    static constexpr double ln_q_hi = 4.605170185988092;   // ln 100

    static constexpr double db_per_neper = 20.0 / std::numbers::ln10;

    int inputs() const { return 3 + 3 * branches; }
    int values() const { return static_cast<int>(omega.size()) * (with_phase ? 2 : 1); }

    static double logistic(double x) noexcept { return 1.0 / (1.0 + std::exp(-x)); }
    double n_of(double p) const noexcept { return n_min + (n_max - n_min) * logistic(p); }
    static double logit(double t) noexcept {
        t = std::clamp(t, 1e-6, 1 - 1e-6);
        return std::log(t / (1 - t));
    }
    double p_of(double n) const noexcept { return logit((n - n_min) / (n_max - n_min)); }
    // ln of a bounded value and d(ln value)/dp.
    static double bounded(double p, double lo, double hi) noexcept { return lo + (hi - lo) * logistic(p); }
    static double bounded_slope(double p, double lo, double hi) noexcept {
        const double s = logistic(p);
        return (hi - lo) * s * (1 - s);
    }
    double p_of_w0(double w0) const noexcept { return logit((std::log(w0) - ln_w_lo) / (ln_w_hi - ln_w_lo)); }
    static double p_of_q(double q) noexcept { return logit((std::log(q) - ln_q_lo) / (ln_q_hi - ln_q_lo)); }
    double w0_of(double p) const noexcept { return std::exp(bounded(p, ln_w_lo, ln_w_hi)); }
    static double q_of(double p) noexcept { return std::exp(bounded(p, ln_q_lo, ln_q_hi)); }

    // Z and its derivatives with respect to every parameter at ω.
    std::complex<double> model(const Eigen::VectorXd& x, double w, std::complex<double>* dz) const {
        const std::complex<double> s{0.0, w};
        const double re = std::exp(x[0]), k = std::exp(x[1]), n = n_of(x[2]);
        const std::complex<double> ks = std::polar(k * std::pow(w, n), n * std::numbers::pi / 2);
        std::complex<double> z = re + ks;
        if (dz != nullptr) {
            dz[0] = re;
            dz[1] = ks;
            const double sig = logistic(x[2]);
            dz[2] = ks * std::complex<double>(std::log(w), std::numbers::pi / 2) * ((n_max - n_min) * sig * (1 - sig));
        }
        for (int b = 0; b < branches; ++b) {
            const double r = std::exp(x[3 + 3 * b]), w0 = w0_of(x[4 + 3 * b]), q = q_of(x[5 + 3 * b]);
            const std::complex<double> xi = s / w0 + w0 / s;
            const std::complex<double> d = 1.0 + q * xi;
            const std::complex<double> zb = r / d;
            z += zb;
            if (dz != nullptr) {
                const std::complex<double> d2 = d * d;
                dz[3 + 3 * b] = zb;
                dz[4 + 3 * b] = -r * q * (w0 / s - s / w0) / d2 * bounded_slope(x[4 + 3 * b], ln_w_lo, ln_w_hi);
                dz[5 + 3 * b] = -r * q * xi / d2 * bounded_slope(x[5 + 3 * b], ln_q_lo, ln_q_hi);
            }
        }
        return z;
    }

    int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& f) const {
        const std::size_t m = omega.size();
        for (std::size_t i = 0; i < m; ++i) {
            const std::complex<double> e = std::log(model(x, omega[i], nullptr)) - log_z[i];
            f[static_cast<Eigen::Index>(i)] = db_per_neper * e.real();
            if (with_phase) f[static_cast<Eigen::Index>(m + i)] = db_per_neper * std::remainder(e.imag(), 2 * std::numbers::pi);
        }
        return 0;
    }

    int df(const Eigen::VectorXd& x, Eigen::MatrixXd& jac) const {
        const std::size_t m = omega.size();
        std::array<std::complex<double>, 9> dz{};
        for (std::size_t i = 0; i < m; ++i) {
            const std::complex<double> z = model(x, omega[i], dz.data());
            for (int j = 0; j < inputs(); ++j) {
                const std::complex<double> g = dz[static_cast<std::size_t>(j)] / z; // d ln Z / dp
                jac(static_cast<Eigen::Index>(i), j) = db_per_neper * g.real();
                if (with_phase) jac(static_cast<Eigen::Index>(m + i), j) = db_per_neper * g.imag();
            }
        }
        return 0;
    }

    ba_impedance_model to_model(const Eigen::VectorXd& x) const {
        std::vector<parallel_rlc> b;
        for (int k = 0; k < branches; ++k) {
            const double r = std::exp(x[3 + 3 * k]), w0 = w0_of(x[4 + 3 * k]), q = q_of(x[5 + 3 * k]);
            b.push_back({r, r / (w0 * q), q / (w0 * r)});
        }
        return {std::exp(x[0]), std::exp(x[1]), n_of(x[2]), std::move(b)};
    }

    double rms_db(const Eigen::VectorXd& x, double* max_db) const {
        double sum = 0, worst = 0;
        for (std::size_t i = 0; i < omega.size(); ++i) {
            const double e = db_per_neper * (std::log(std::abs(model(x, omega[i], nullptr))) - log_z[i].real());
            sum += e * e;
            worst = std::max(worst, std::abs(e));
        }
        if (max_db != nullptr) *max_db = worst;
        return std::sqrt(sum / double(omega.size()));
    }
};

// True when x maps to a valid model with every value well inside double range (LM may wander off to Q → ∞).
inline bool plausible(const ba_fit_problem& p, const Eigen::VectorXd& x) {
    if (!(std::abs(x[0]) < 20 && std::abs(x[1]) < 40 && std::abs(x[2]) < 40)) return false;
    for (int b = 0; b < p.branches; ++b) {
        if (!(std::abs(x[3 + 3 * b]) < 25 && std::isfinite(x[4 + 3 * b]) && std::isfinite(x[5 + 3 * b]))) return false;
    }
    return true;
}

// Runs LM from x; returns the final point and status.
inline int run_lm(const ba_fit_problem& problem, Eigen::VectorXd& x, int max_evaluations) {
    ba_fit_problem functor = problem;
    Eigen::LevenbergMarquardt<ba_fit_problem> lm(functor);
    lm.parameters.maxfev = max_evaluations;
    lm.parameters.xtol = 1e-12;
    lm.parameters.ftol = 1e-12;
    const auto status = lm.minimize(x);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i])) return -1;
    return static_cast<int>(status);
}

} // namespace detail

/// Fits Re, K, n and up to two R ∥ L ∥ C branches to a measured impedance curve.
///
/// `magnitude_ohm` (> 0) and, optionally, `phase_deg` (empty: magnitude only, as in digitised curves and many
/// `.zma` files) on strictly increasing `frequency_hz` (> 0). The curve is resampled to `points` log-spaced
/// points in [f_min, f_max] (linear interpolation of ln|Z| and phase against ln f), then fitted by
/// Levenberg–Marquardt on log-parameters from several starts derived from the curve's landmarks (Re from the
/// low end, the peak of |Z| over the blocked-coil trend). With `branches` = −1 a second branch is kept only if
/// it cuts the RMS error by more than 0.05 dB with 1 < f_2 < 15 kHz and 0.5 < Q_2 < 30 (the rule used for the presets).
/// @throws iemlab::error naming the offending point for empty, non-increasing or non-positive data.
inline impedance_fit_result fit_ba_impedance(std::span<const double> frequency_hz, std::span<const double> magnitude_ohm,
                                             std::span<const double> phase_deg = {},
                                             const impedance_fit_options& options = {}) {
    constexpr const char* where = "fit_ba_impedance";
    const std::size_t count = frequency_hz.size();
    require_valid_grid(where, "frequency", frequency_hz, {.zero_allowed = false});
    if (magnitude_ohm.size() != count)
        throw_out_of_range(where, "magnitude.size()", double(magnitude_ohm.size()), "",
                           "as many magnitudes as frequencies (" + std::to_string(count) + ")");
    if (!phase_deg.empty() && phase_deg.size() != count)
        throw_out_of_range(where, "phase.size()", double(phase_deg.size()), "",
                           "0 or as many phases as frequencies (" + std::to_string(count) + ")");
    for (std::size_t i = 0; i < count; ++i) {
        if (!(magnitude_ohm[i] > 0) || !std::isfinite(magnitude_ohm[i]))
            throw_out_of_range(where, "magnitude[" + std::to_string(i) + "]", magnitude_ohm[i], "ohm",
                               "finite and > 0");
        if (!phase_deg.empty() && !(std::abs(phase_deg[i]) <= 180.0))
            throw_out_of_range(where, "phase[" + std::to_string(i) + "]", phase_deg[i], "deg",
                               "-180 <= phase <= 180");
    }
    if (!(options.f_min_hz > 0) || !(options.f_max_hz > options.f_min_hz))
        throw_out_of_range(where, "f_max", options.f_max_hz, "Hz", "f_max > f_min > 0");
    if (options.branches < -1 || options.branches > 2)
        throw_out_of_range(where, "branches", options.branches, "", "-1 (automatic), 0, 1 or 2");
    if (!(options.n_min > 0 && options.n_min < options.n_max && options.n_max <= 1))
        throw_out_of_range(where, "n_min", options.n_min, "", "0 < n_min < n_max <= 1");

    // The fit points.
    detail::ba_fit_problem problem;
    problem.n_min = options.n_min;
    problem.n_max = options.n_max;
    // A phase column of zeros is "no phase" (digitised curves, many .zma files), never a resistance (§4.5).
    const bool phase_present = std::any_of(phase_deg.begin(), phase_deg.end(), [](double p) { return p != 0.0; });
    problem.with_phase = options.use_phase && phase_present;
    const double lo = std::max(options.f_min_hz, frequency_hz.front());
    const double hi = std::min(options.f_max_hz, frequency_hz.back());
    auto add = [&](double f, double mag, double ph_deg) {
        problem.omega.push_back(2 * std::numbers::pi * f);
        problem.log_z.emplace_back(std::log(mag), ph_deg * std::numbers::pi / 180);
    };
    if (options.points > 0 && hi > lo) {
        std::size_t j = 0;
        for (std::size_t i = 0; i < options.points; ++i) {
            const double f = options.points == 1 ? lo : lo * std::pow(hi / lo, double(i) / double(options.points - 1));
            while (j + 1 < count && frequency_hz[j + 1] < f) ++j;
            const std::size_t k = std::min(j + 1, count - 1);
            double t = 0;
            if (k != j) t = std::clamp(std::log(f / frequency_hz[j]) / std::log(frequency_hz[k] / frequency_hz[j]), 0.0, 1.0);
            const double lm = (1 - t) * std::log(magnitude_ohm[j]) + t * std::log(magnitude_ohm[k]);
            const double ph = phase_deg.empty() ? 0.0 : (1 - t) * phase_deg[j] + t * phase_deg[k];
            add(f, std::exp(lm), ph);
        }
    } else {
        for (std::size_t i = 0; i < count; ++i)
            if (frequency_hz[i] >= lo && frequency_hz[i] <= hi)
                add(frequency_hz[i], magnitude_ohm[i], phase_deg.empty() ? 0.0 : phase_deg[i]);
    }
    const std::size_t m = problem.omega.size();
    const auto in_range = static_cast<std::size_t>(std::count_if(frequency_hz.begin(), frequency_hz.end(),
                                                                 [&](double f) { return f >= lo && f <= hi; }));
    if (in_range < 12)
        throw_out_of_range(where, "points in range", double(in_range), "",
                           "at least 12 points between f_min and f_max (" + format_number(lo) + " to " +
                               format_number(hi) + " Hz)");
    auto mag = [&](std::size_t i) { return std::exp(problem.log_z[i].real()); };

    // Starting point from landmarks: Re from the low end, K·s^n through the top point, peak over the blocked trend.
    problem.ln_w_lo = std::log(problem.omega.front() / 2);
    problem.ln_w_hi = std::log(problem.omega.back() * 2);
    const double re0 = mag(0);
    const double n0 = std::clamp(0.9, options.n_min + 0.01, options.n_max - 0.01);
    const double k0 = std::max(mag(m - 1) - re0, 0.02 * re0) / std::pow(problem.omega.back(), n0);
    // Index of the largest ratio |Z_data|/|trend| at ω >= w_from.
    auto peak_over = [&](const std::vector<std::complex<double>>& trend, double w_from) {
        std::size_t best = 0;
        double ratio = 0;
        for (std::size_t i = 0; i < m; ++i) {
            const double r = mag(i) / std::abs(trend[i]);
            if (problem.omega[i] >= w_from && r > ratio) ratio = r, best = i;
        }
        return best;
    };
    struct candidate {
        Eigen::VectorXd x;
        double rms = std::numeric_limits<double>::infinity();
    };
    // LM from each start; keeps the best plausible end point.
    auto best_of = [&](int branches, const std::vector<Eigen::VectorXd>& starts) {
        detail::ba_fit_problem p = problem;
        p.branches = branches;
        candidate best;
        for (Eigen::VectorXd x : starts) {
            if (detail::run_lm(p, x, options.max_evaluations) < 0 || !detail::plausible(p, x)) continue;
            const double rms = p.rms_db(x, nullptr);
            if (rms < best.rms) best = {x, rms};
        }
        return best;
    };

    Eigen::VectorXd x0(3);
    x0 << std::log(re0), std::log(k0), problem.p_of(n0);
    const candidate fit0 = best_of(0, {x0});

    candidate fit1;
    if (options.branches != 0) {
        std::vector<std::complex<double>> trend(m);
        for (std::size_t i = 0; i < m; ++i)
            trend[i] = re0 + std::polar(k0 * std::pow(problem.omega[i], n0), n0 * std::numbers::pi / 2);
        const std::size_t ip = peak_over(trend, 0);
        const std::complex<double> zb = trend[ip];
        // At the parallel resonance the branch is R1, in series with the blocked coil.
        const double r1 =
            std::max(std::sqrt(std::max(mag(ip) * mag(ip) - zb.imag() * zb.imag(), 0.0)) - zb.real(), 0.1 * re0);
        std::vector<Eigen::VectorXd> starts;
        for (const double q : {1.5, 3.0, 6.0}) {
            Eigen::VectorXd x(6);
            x << x0, std::log(r1), problem.p_of_w0(problem.omega[ip]), detail::ba_fit_problem::p_of_q(q);
            starts.push_back(x);
        }
        fit1 = best_of(1, starts);
    }

    candidate fit2;
    if ((options.branches == -1 || options.branches == 2) && fit1.x.size() == 6) {
        // A second branch where the data exceeds the one-branch fit most, above the first resonance.
        detail::ba_fit_problem p1 = problem;
        p1.branches = 1;
        std::vector<std::complex<double>> trend(m);
        for (std::size_t i = 0; i < m; ++i) trend[i] = p1.model(fit1.x, problem.omega[i], nullptr);
        const std::size_t ip = peak_over(trend, 1.3 * p1.w0_of(fit1.x[4]));
        std::vector<Eigen::VectorXd> starts;
        for (const double q : {3.0, 6.0, 12.0})
            for (const double rf : {0.5, 2.0}) {
                Eigen::VectorXd x(9);
                x << fit1.x, std::log(rf * re0), problem.p_of_w0(problem.omega[ip]), detail::ba_fit_problem::p_of_q(q);
                starts.push_back(x);
            }
        fit2 = best_of(2, starts);
    }

    // Choose: a fixed count, or (automatic) each branch only when it cuts the RMS error by > 0.05 dB, the second
    // also only with 1 < f_2 < 15 kHz and 0.5 < Q_2 < 30 (the rule used for the presets).
    int branches = options.branches;
    if (branches == -1) {
        branches = fit1.rms < fit0.rms - 0.05 ? 1 : 0;
        if (branches == 1 && fit2.x.size() == 9) {
            const double f2 = problem.w0_of(fit2.x[7]) / (2 * std::numbers::pi);
            const double q2 = detail::ba_fit_problem::q_of(fit2.x[8]);
            if (fit2.rms < fit1.rms - 0.05 && f2 > 1000 && f2 < 15000 && q2 > 0.5 && q2 < 30) branches = 2;
        }
    }
    const candidate& chosen = branches == 0 ? fit0 : branches == 1 ? fit1 : fit2;
    if (!std::isfinite(chosen.rms))
        throw_invalid(where, "impedance curve",
                      "the fit with " + std::to_string(branches) + " branch(es) did not converge to a plausible model");

    detail::ba_fit_problem final_problem = problem;
    final_problem.branches = branches;
    impedance_fit_result result;
    result.model = final_problem.to_model(chosen.x);
    result.rms_error_db = final_problem.rms_db(chosen.x, &result.max_error_db);
    result.points = m;
    return result;
}

/// fit_ba_impedance() on complex values Z(f) (magnitude and phase both used).
inline impedance_fit_result fit_ba_impedance(std::span<const double> frequency_hz,
                                             std::span<const std::complex<double>> z,
                                             const impedance_fit_options& options = {}) {
    std::vector<double> mag(z.size()), ph(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        mag[i] = std::abs(z[i]);
        ph[i] = std::arg(z[i]) * 180 / std::numbers::pi;
    }
    return fit_ba_impedance(frequency_hz, mag, ph, options);
}

} // namespace iemlab::inline v0::electroacoustics

#pragma once
/// @file
/// @brief Harmonic impulse responses from a synchronized sweep's deconvolved response: separation of orders
/// 1…9 at their delays L·ln(n), gating, their spectra, HD_n(f), THD_F and THD_R at the excitation frequency,
/// and the linear frequency response with its bulk delay removed.
///
/// Formulas: Farina 2000; Novak et al. 2015; parabolic peak interpolation. Layout of the input response: that of
/// deconvolver::execute() (circular; linear response at index 0, harmonic n at size − L·ln(n)·fs).

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/core/simd_dispatch.hpp"
#include "iemlab/dsp/fft_size.hpp"
#include "iemlab/dsp/detail/spectrum_kernels.hpp"
#include "iemlab/dsp/real_fft.hpp"
#include "iemlab/dsp/window.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <numbers>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace iemlab::inline v0::dsp {

/// Highest harmonic order the separation supports.
inline constexpr unsigned max_harmonic_order = 9;

/// How the orders are cut out of the response.
struct harmonic_options {
    /// Orders 1…K to separate (1 = the linear response only), K <= max_harmonic_order.
    unsigned orders = 5;
    /// Share of the gap between orders n+1 and n that goes to order n's pre-roll (n >= 2); the rest is order
    /// n+1's tail. Harmonic responses start abruptly, so a short pre-roll suffices.
    double pre_share = 0.2;
    /// Share of the gap between order 2 and the linear response given to the linear response's pre-roll, which
    /// holds the band-limiting pre-ringing of the zero-phase inverse.
    double linear_pre_share = 0.8;
    /// Fraction of each window's tail that is tapered (ITA: flat to 70 %, then tapered).
    double taper_share = 0.3;
    /// Shape of the tapers.
    window_type taper = window_type::hann;
    /// Highest order assumed to carry energy, which bounds the linear response's gate (its tail must end before
    /// that order's response, which precedes it circularly). 0 (default): every order below Nyquist, fs/(2·f1) —
    /// the safe bound, which needs a response about twice the sweep's length (deconvolution_padding::linear).
    /// A small value (e.g. 10) suits deconvolution_padding::circular for a device with a quiet high-order
    /// distortion; >= orders + 1 when set.
    unsigned highest_order_present = 0;
    /// Linear response gate override in samples (both 0: automatic). Without a sweep (rate constant 0) these
    /// must be given, or default to a quarter and a half of the response length.
    std::size_t linear_pre = 0;
    /// See linear_pre.
    std::size_t linear_post = 0;
};

/// Spectra H_1…H_K of the separated orders, order n on bins k·rate/segment_size(n) (k = 0…segment_size(n)/2),
/// each referred to its own time origin (latency and L·ln(n) removed, fractional parts included), so phases carry
/// no bulk delay. The linear response has its own, usually much longer FFT than the harmonics share.
template <class T>
struct harmonic_spectra {
    double rate_hz = 0;                   ///< sample rate, Hz
    unsigned orders = 0;                  ///< K
    std::size_t linear_segment_size = 0;  ///< FFT length of order 1
    std::size_t harmonic_segment_size = 0;///< FFT length of orders 2…K (0 when K = 1)
    aligned_buffer<T> re;                 ///< order 1's bins, then those of orders 2…K: order n from offset(n)
    aligned_buffer<T> im;                 ///< same layout as re

    /// FFT length of order n.
    std::size_t segment_size(unsigned order) const noexcept {
        return order <= 1 ? linear_segment_size : harmonic_segment_size;
    }
    /// Bins of order n.
    std::size_t bins(unsigned order) const noexcept { return segment_size(order) / 2 + 1; }
    /// Index of order n's first bin in re and im.
    std::size_t offset(unsigned order) const noexcept { return order <= 1 ? 0 : bins(1) + (order - 2) * bins(2); }
    /// Values in re (and im): all orders' bins.
    std::size_t total_bins() const noexcept { return orders == 0 ? 0 : bins(1) + (orders - 1) * bins(2); }
    /// H_n at frequency f (Hz), interpolated linearly between bins; 0 beyond Nyquist.
    std::complex<double> at(unsigned order, double f_hz) const noexcept {
        const std::size_t nb = bins(order);
        const double x = f_hz * static_cast<double>(segment_size(order)) / rate_hz;
        if (!(x >= 0) || x > static_cast<double>(nb - 1)) return {0, 0};
        const auto k = std::min(static_cast<std::size_t>(x), nb - 2);
        const double a = x - static_cast<double>(k);
        const std::size_t base = offset(order);
        return {(1 - a) * re[base + k] + a * re[base + k + 1], (1 - a) * im[base + k] + a * im[base + k + 1]};
    }
};

/// Plan for separating harmonic responses from a deconvolved response of one length: gates, segment FFT and
/// delay corrections built once. Immutable; execute() allocates nothing.
template <class T>
class harmonic_analyzer {
public:
    /// For a response of `response_size` samples at `rate_hz` from a sweep with rate constant L (`rate_constant_s`,
    /// 0 when there is no exponential sweep: then only order 1 is allowed) and start frequency `f1_hz` (bounds the
    /// highest order that can exist, fs/(2·f1), whose position limits the linear response's tail).
    /// @throws iemlab::error when the orders do not fit or the options are out of range.
    harmonic_analyzer(double rate_hz, double rate_constant_s, double f1_hz, std::size_t response_size,
                      const harmonic_options& options = {}, simd_level level = default_simd_level())
        : rate_hz_(rate_hz), L_(rate_constant_s), size_(response_size), orders_(options.orders),
          level_(dispatchable_simd_level(std::min(level, cpu_simd_level()))) { // the level that runs
        constexpr std::string_view where = "harmonic_analyzer";
        require_in_range(where, "rate", rate_hz, 1.0, 1e7, "Hz");
        require_in_range(where, "orders", options.orders, 1, max_harmonic_order, "");
        require_in_range(where, "pre_share", options.pre_share, 0.0, 0.9, "");
        require_in_range(where, "linear_pre_share", options.linear_pre_share, 0.0, 0.9, "");
        require_in_range(where, "taper_share", options.taper_share, 0.0, 1.0, "");
        if (response_size < 16) throw_out_of_range(where, "response_size", double(response_size), "samples", ">= 16");
        if (!(rate_constant_s >= 0) || !std::isfinite(rate_constant_s))
            throw_out_of_range(where, "rate_constant", rate_constant_s, "s", "a finite value >= 0");
        if (rate_constant_s == 0 && options.orders > 1)
            throw_invalid(where, "orders", "harmonics need an exponential sweep's rate constant L");
        const double n = static_cast<double>(response_size);
        auto delay = [&](double order) { return L_ * std::log(order) * rate_hz_; };

        gates_.resize(orders_);
        if (L_ > 0) {
            require_positive(where, "f1", f1_hz, "Hz");
            // The highest order with anything below Nyquist sits furthest from 0 going backwards; the linear
            // response's tail must end before it (and before the analysed orders).
            if (options.highest_order_present != 0 && options.highest_order_present < orders_ + 1)
                throw_out_of_range(where, "highest_order_present", options.highest_order_present, "",
                                   "0 (automatic) or >= orders + 1 = " + std::to_string(orders_ + 1));
            const double n_max = options.highest_order_present != 0
                                     ? static_cast<double>(options.highest_order_present)
                                     : std::max(static_cast<double>(orders_ + 1), std::floor(rate_hz / (2 * f1_hz)));
            const double forward_room = n - delay(n_max);
            if (!(forward_room > delay(2)))
                throw_out_of_range(where, "response_size", n, "samples",
                                   "room for the harmonic responses: >= " + format_number(delay(2) + delay(n_max)));
            for (unsigned k = 1; k <= orders_; ++k) {
                const double gap_after = k == 1 ? forward_room - delay(2) * options.linear_pre_share
                                                : delay(k) - delay(k - 1); // towards order k − 1
                const double gap_before = delay(k + 1) - delay(k);         // towards order k + 1
                const double pre_share = k == 1 ? options.linear_pre_share : options.pre_share;
                gate g;
                g.pre = static_cast<std::size_t>(std::floor(gap_before * pre_share));
                const double post =
                    k == 1 ? std::min(gap_after, n / 2) : gap_after * (1 - (k == 2 ? options.linear_pre_share : options.pre_share));
                g.post = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(post)));
                g.taper_in = g.pre;
                g.taper_out = static_cast<std::size_t>(std::floor(static_cast<double>(g.post) * options.taper_share));
                g.shape = options.taper;
                gates_[k - 1] = g;
            }
        } else {
            gate g;
            g.pre = static_cast<std::size_t>(response_size / 4);
            g.post = static_cast<std::size_t>(response_size / 2);
            g.taper_in = g.pre;
            g.taper_out = static_cast<std::size_t>(std::floor(static_cast<double>(g.post) * options.taper_share));
            g.shape = options.taper;
            gates_[0] = g;
        }
        if (options.linear_pre != 0 || options.linear_post != 0) {
            gate& g = gates_[0];
            g.pre = options.linear_pre;
            g.post = std::max<std::size_t>(1, options.linear_post);
            g.taper_in = g.pre;
            g.taper_out = static_cast<std::size_t>(std::floor(static_cast<double>(g.post) * options.taper_share));
            if (g.pre + g.post > response_size)
                throw_out_of_range(where, "linear gate", double(g.pre + g.post), "samples",
                                   "at most the response length " + std::to_string(response_size));
        }
        std::size_t longest_harmonic = 0;
        for (std::size_t k = 0; k < gates_.size(); ++k) {
            gates_[k].validate(where);
            // Zero-pad the short harmonic segments at least 2×, so linear interpolation between bins stays
            // accurate; the linear response's long gate already resolves far finer than any output grid.
            if (k > 0) longest_harmonic = std::max(longest_harmonic, 2 * gates_[k].length());
        }
        // Two FFT lengths: the harmonics' gates are a fraction of the linear one's (L·ln 2·fs against up to half
        // the response), so sharing the linear length would cost most of the analysis.
        linear_fft_ = std::make_shared<const real_fft_plan<T>>(next_fast_real_size(gates_[0].length()), level);
        if (longest_harmonic > 0)
            harmonic_fft_ = std::make_shared<const real_fft_plan<T>>(next_fast_real_size(longest_harmonic), level);
        for (unsigned k = 1; k <= orders_; ++k) delays_.push_back(k == 1 ? 0.0 : delay(k));
        weights_.resize(orders_);
        for (unsigned k = 0; k < orders_; ++k) {
            weights_[k] = aligned_buffer<T>(gates_[k].length());
            for (std::size_t i = 0; i < gates_[k].length(); ++i) weights_[k][i] = static_cast<T>(gates_[k].weight(i));
        }
    }

    /// Number of orders K.
    unsigned orders() const noexcept { return orders_; }
    /// Gate of order n (1-based) in samples relative to that order's time origin.
    const gate& window(unsigned order) const { return gates_.at(order - 1); }
    /// Delay L·ln(n)·fs in samples by which order n precedes the linear response.
    double delay_samples(unsigned order) const { return delays_.at(order - 1); }
    /// FFT length of the linear response's segment.
    std::size_t linear_segment_size() const noexcept { return linear_fft_->size(); }
    /// FFT length of each harmonic's segment (0 when only order 1 is analysed).
    std::size_t harmonic_segment_size() const noexcept { return harmonic_fft_ ? harmonic_fft_->size() : 0; }
    /// Length of the response execute() takes.
    std::size_t response_size() const noexcept { return size_; }
    /// Elements of T the scratch span must hold (at least).
    std::size_t scratch_size() const noexcept {
        std::size_t n = linear_fft_->size() + linear_fft_->scratch_size();
        if (harmonic_fft_) n = std::max(n, harmonic_fft_->size() + harmonic_fft_->scratch_size());
        return n;
    }

    /// Spectra buffers of the right size for execute().
    harmonic_spectra<T> make_spectra() const {
        harmonic_spectra<T> s;
        s.rate_hz = rate_hz_;
        s.orders = orders_;
        s.linear_segment_size = linear_segment_size();
        s.harmonic_segment_size = harmonic_segment_size();
        s.re = aligned_buffer<T>(s.total_bins());
        s.im = aligned_buffer<T>(s.total_bins());
        return s;
    }

    /// Cuts order n around response index (latency − L·ln(n)·fs) mod size, gates it, transforms it and removes
    /// the fractional remainder of that position (multiplying by e^{+jω·frac}, ω = 2πk/segment_size), so each
    /// H_n is referred to its own origin. `latency_samples` is the linear response's delay (see
    /// find_impulse_peak()). Allocates nothing.
    /// @throws iemlab::error on wrong sizes or a non-finite latency.
    void execute(std::span<const T> response, double latency_samples, harmonic_spectra<T>& out,
                 std::span<T> scratch) const {
        constexpr std::string_view where = "harmonic_analyzer::execute";
        detail::check_span_size(where, "response", response.size(), size_);
        detail::check_span_size(where, "scratch", scratch.size(), scratch_size(), true);
        if (out.orders != orders_ || out.linear_segment_size != linear_segment_size() ||
            out.harmonic_segment_size != harmonic_segment_size() || out.re.size() != out.total_bins() ||
            out.im.size() != out.total_bins())
            throw_invalid(where, "out", "was not made by this analyzer's make_spectra()");
        if (!std::isfinite(latency_samples) || std::abs(latency_samples) > static_cast<double>(size_))
            throw_out_of_range(where, "latency", latency_samples, "samples", "a finite value within the response");
        const auto n = static_cast<std::ptrdiff_t>(size_);
        for (unsigned k = 0; k < orders_; ++k) {
            const real_fft_plan<T>& fft = k == 0 ? *linear_fft_ : *harmonic_fft_;
            const std::size_t m = fft.size(), bins = out.bins(k + 1);
            const std::span<T> segment = scratch.subspan(0, m), rest = scratch.subspan(m);
            const double position = latency_samples - delays_[k];
            const double whole = std::floor(position);
            const double frac = position - whole; // the true origin lies frac samples after index `whole`
            const gate& g = gates_[k];
            std::fill(segment.begin() + static_cast<std::ptrdiff_t>(g.post), // what the gate does not write
                      segment.end() - static_cast<std::ptrdiff_t>(g.pre), T(0));
            // Segment sample 0 = response[whole]; pre-roll wrapped to the segment's end. The response index walks
            // forward from (whole − pre) mod size, wrapping once at most (the gate is no longer than the response),
            // so the gate splits into at most three contiguous runs: cut at the pre-roll's end and at the wrap.
            auto start = (static_cast<std::ptrdiff_t>(whole) - static_cast<std::ptrdiff_t>(g.pre)) % n;
            if (start < 0) start += n;
            const auto first = static_cast<std::size_t>(start);
            const T* weight = weights_[k].data();
            const std::size_t length = g.length(), wrap = size_ - first;
            for (std::size_t i = 0; i < length;) {
                const std::size_t end = std::min({length, i < g.pre ? g.pre : length, i < wrap ? wrap : length});
                const T* src = response.data() + (i < wrap ? first + i : i - wrap);
                T* dst = segment.data() + (i >= g.pre ? i - g.pre : m - (g.pre - i));
                for (std::size_t j = 0; j < end - i; ++j) dst[j] = src[j] * weight[i + j];
                i = end;
            }
            const std::span<T> re(out.re.data() + out.offset(k + 1), bins), im(out.im.data() + out.offset(k + 1), bins);
            fft.forward(segment, re, im, rest);
            // The origin is at segment time +frac: advance by frac, H = S·e^{+jω·frac}, ω = 2πb/m.
            if (frac != 0)
                simd_dispatch(level_, detail::rotate_linear_phase<T>{}, re.data(), im.data(), bins,
                              2 * std::numbers::pi * frac / static_cast<double>(m));
        }
    }

private:
    double rate_hz_, L_;
    std::size_t size_;
    unsigned orders_;
    simd_level level_;
    std::vector<gate> gates_;
    std::vector<double> delays_;
    std::vector<aligned_buffer<T>> weights_;
    std::shared_ptr<const real_fft_plan<T>> linear_fft_, harmonic_fft_; // harmonic_fft_ null when K = 1
};

namespace detail {

// Band-limited value of h (circular) at fractional index t: h[k] weighted by a Kaiser-windowed sinc (β = 12, 64
// taps each side). Reconstructs a response band-limited below ~0.47·rate to about 1e-5 of its peak, so the peak
// position it yields is unbiased to < 0.001 sample (a parabola through three samples is biased by up to ±0.12).
template <class T>
double band_limited_value(std::span<const T> h, double t) noexcept {
    constexpr int half = 64;
    constexpr double beta = 12;
    static const double i0_beta = std::cyl_bessel_i(0.0, beta);
    const auto n = static_cast<std::ptrdiff_t>(h.size());
    const double base = std::floor(t);
    const auto k0 = static_cast<std::ptrdiff_t>(base);
    double sum = 0;
    for (int j = -half + 1; j <= half; ++j) {
        const double x = t - (base + j); // distance from tap k0 + j
        const double r = x / half;
        if (std::abs(r) >= 1) continue;
        const double window = std::cyl_bessel_i(0.0, beta * std::sqrt(1 - r * r)) / i0_beta;
        const double sinc = x == 0 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
        std::ptrdiff_t k = (k0 + j) % n;
        if (k < 0) k += n;
        sum += static_cast<double>(h[static_cast<std::size_t>(k)]) * sinc * window;
    }
    return sum;
}

} // namespace detail

/// Position of the largest |h| over the circular range [begin, begin + count) (indices mod size), refined to a
/// fraction of a sample by maximising the band-limited (windowed-sinc) reconstruction of h within one sample of
/// the largest sample (a 3-point parabola is biased by up to ±0.12 sample for fractional
/// delays, about 9° at 10 kHz; the reconstruction is accurate to < 0.01 sample for responses band-limited below
/// ~0.47·rate). Returned in (−size/2, size/2].
template <class T>
double find_impulse_peak(std::span<const T> h, std::ptrdiff_t begin = 0, std::size_t count = 0) {
    if (h.size() < 3) throw_out_of_range("find_impulse_peak", "h.size()", double(h.size()), "", ">= 3");
    const auto n = static_cast<std::ptrdiff_t>(h.size());
    if (count == 0 || count > h.size()) count = h.size();
    auto wrap = [&](std::ptrdiff_t i) {
        i %= n;
        return i < 0 ? i + n : i;
    };
    auto at = [&](std::ptrdiff_t i) { return std::abs(static_cast<double>(h[static_cast<std::size_t>(wrap(i))])); };
    std::ptrdiff_t best = begin;
    for (std::size_t j = 0; j < count; ++j)
        if (at(begin + static_cast<std::ptrdiff_t>(j)) > at(best)) best = begin + static_cast<std::ptrdiff_t>(j);
    best = wrap(best);
    double shift = 0;
    const double peak = static_cast<double>(h[static_cast<std::size_t>(best)]);
    if (peak != 0 && std::isfinite(peak) && h.size() >= 16) {
        // Golden-section search for the maximum of sign·h(t) on [best − 1, best + 1].
        const double sign = peak > 0 ? 1.0 : -1.0;
        auto value = [&](double x) { return sign * detail::band_limited_value(h, static_cast<double>(best) + x); };
        const double g = (std::sqrt(5.0) - 1) / 2;
        double a = -1, b = 1, c = b - g * (b - a), d = a + g * (b - a);
        double fc = value(c), fd = value(d);
        for (int i = 0; i < 48 && b - a > 1e-7; ++i) {
            if (fc >= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = value(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = value(d);
            }
        }
        shift = 0.5 * (a + b);
        if (!std::isfinite(shift)) shift = 0;
    }
    double position = static_cast<double>(best) + shift;
    if (position > static_cast<double>(n) / 2) position -= static_cast<double>(n);
    return position;
}

/// Distortion read out at the excitation frequency on a grid (Farina 2000; Novak et al. 2015). Each order n counts as far
/// as it reaches: at an excitation frequency f only the orders with n·f below the band's top (highest_order[i])
/// exist; THD sums those.
struct distortion_curves {
    std::vector<double> frequency_hz;         ///< excitation frequencies (where at least order 2 reaches)
    /// hd_db[n − 2][i] = 20·log10(|H_n(nf)|/|H_1(f)|), n = 2…K; db_floor where n > highest_order[i] (the order
    /// lies beyond the band there and has no value: writers leave it empty, see highest_order).
    std::vector<std::vector<double>> hd_db;
    std::vector<unsigned> highest_order;      ///< highest order n with n·f below the band's top, 2…K
    std::vector<double> thd_f_percent;        ///< 100·sqrt(Σ_{2<=n<=highest}|H_n(nf)|²)/|H_1(f)| (THD_F, re fundamental)
    std::vector<double> thd_r_percent;        ///< 100·THD_F/sqrt(1 + THD_F²) (THD_R, re total)

    /// True when HD of `order` (2…K) has a value at row i.
    bool has(unsigned order, std::size_t i) const noexcept { return order >= 2 && order <= highest_order.at(i); }
};

/// Which grid points harmonic_distortion() keeps.
enum class distortion_reach {
    per_order,  ///< every f where order 2 reaches (2·f < f_max); higher orders only as far as each reaches
    all_orders, ///< only the f where every order reaches (K·f < f_max)
};

/// HD_n, THD_F and THD_R at each frequency of `grid_hz` where the orders reach below `f_max_hz` (pass the top of
/// the sweep's full-energy band, at most min(rate/2, f2)); other grid points are dropped. With
/// distortion_reach::per_order (default) an order n counts at f when n·f < f_max_hz.
template <class T>
distortion_curves harmonic_distortion(const harmonic_spectra<T>& h, std::span<const double> grid_hz, double f_max_hz,
                                      distortion_reach reach = distortion_reach::per_order) {
    if (h.orders < 2) throw_invalid("harmonic_distortion", "orders", "needs at least order 2");
    distortion_curves d;
    d.hd_db.resize(h.orders - 1);
    const unsigned needed = reach == distortion_reach::all_orders ? h.orders : 2;
    std::vector<double> hn(h.orders + 1);
    for (const double f : grid_hz) {
        if (!(f > 0) || static_cast<double>(needed) * f >= f_max_hz) continue;
        unsigned top = h.orders;
        while (top > 2 && static_cast<double>(top) * f >= f_max_hz) --top;
        const double h1 = std::abs(h.at(1, f));
        double harmonics = 0; // sqrt(Σ|H_n|²), accumulated with hypot so that it cannot overflow
        for (unsigned n = 2; n <= top; ++n) {
            hn[n] = std::abs(h.at(n, n * f));
            harmonics = std::hypot(harmonics, hn[n]);
        }
        // A fundamental in a notch (|H_1| tiny, even denormal) must not turn the ratios into Inf or NaN: ratios
        // are capped at the largest double and THD_R is formed as |H_harm|/hypot(|H_1|, |H_harm|), which equals
        // THD_F/sqrt(1 + THD_F²) and stays within [0, 1] (issue 9, numerical robustness).
        constexpr double largest = std::numeric_limits<double>::max();
        d.frequency_hz.push_back(f);
        d.highest_order.push_back(top);
        for (unsigned n = 2; n <= h.orders; ++n)
            d.hd_db[n - 2].push_back(n <= top && h1 > 0 ? amplitude_to_db(std::min(hn[n] / h1, largest)) : db_floor);
        const double thd_f = h1 > 0 ? std::min(harmonics / h1, largest / 100) : 0.0;
        d.thd_f_percent.push_back(100 * thd_f);
        d.thd_r_percent.push_back(h1 > 0 && harmonics > 0 ? 100 * (harmonics / std::hypot(h1, harmonics)) : 0.0);
    }
    return d;
}

/// The linear response H_1 on `grid_hz` as a frequency_response: 20·log10|H_1| dB (0 dB = unity gain) and its
/// phase in degrees with the bulk delay removed (the spectra are referred to the measured latency).
template <class T>
frequency_response linear_response(const harmonic_spectra<T>& h, std::span<const double> grid_hz) {
    std::vector<std::complex<double>> values;
    values.reserve(grid_hz.size());
    for (const double f : grid_hz) values.push_back(h.at(1, f));
    return frequency_response::from_complex(grid_hz, values);
}

} // namespace iemlab::inline v0::dsp

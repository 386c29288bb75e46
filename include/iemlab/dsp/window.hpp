#pragma once
/// @file
/// @brief Window functions (rectangular, Hann, Hamming, Blackman, Blackman–Harris, Tukey) and the asymmetric
/// gate used to cut one impulse response out of a longer one.
///
/// Definitions: F. J. Harris, "On the use of windows for harmonic analysis with the discrete Fourier
/// transform", Proc. IEEE 66(1), 1978 (cosine-sum coefficients); Tukey as in Harris §IV (cosine-tapered).

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/enum_name.hpp"
#include "iemlab/core/error.hpp"

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace iemlab::inline v0::dsp {

/// Window shapes.
enum class window_type {
    rectangular,     ///< w = 1
    hann,            ///< 0.5 − 0.5·cos
    hamming,         ///< 0.54 − 0.46·cos
    blackman,        ///< 0.42 − 0.5·cos + 0.08·cos 2x
    blackman_harris, ///< 4-term, −92 dB side lobes (Harris 1978)
    tukey            ///< flat top with cosine tapers over a fraction α of the length (α = 1: Hann)
};

/// Name as used on the command line ("rectangular", "hann", "hamming", "blackman", "blackman-harris", "tukey").
constexpr std::string_view to_string(window_type w) noexcept {
    switch (w) {
    case window_type::rectangular: return "rectangular";
    case window_type::hann: return "hann";
    case window_type::hamming: return "hamming";
    case window_type::blackman: return "blackman";
    case window_type::blackman_harris: return "blackman-harris";
    case window_type::tukey: return "tukey";
    }
    return "hann";
}

/// Parses a window name; throws iemlab::error naming `parameter` otherwise.
inline window_type parse_window_type(std::string_view name, std::string_view parameter = "window") {
    return parse_enum_name("parse_window_type", parameter, name,
                           {window_type::rectangular, window_type::hann, window_type::hamming, window_type::blackman,
                            window_type::blackman_harris, window_type::tukey});
}

namespace detail {
inline constexpr double window_pi = 3.14159265358979323846264338327950288;

// Value of a symmetric window at x ∈ [0, 1] (x = n/(N−1)).
inline double window_value(window_type type, double x, double tukey_alpha) noexcept {
    const double c1 = std::cos(2 * window_pi * x);
    switch (type) {
    case window_type::rectangular: return 1.0;
    case window_type::hann: return 0.5 - 0.5 * c1;
    case window_type::hamming: return 0.54 - 0.46 * c1;
    case window_type::blackman: return 0.42 - 0.5 * c1 + 0.08 * std::cos(4 * window_pi * x);
    case window_type::blackman_harris:
        return 0.35875 - 0.48829 * c1 + 0.14128 * std::cos(4 * window_pi * x) - 0.01168 * std::cos(6 * window_pi * x);
    case window_type::tukey: {
        if (tukey_alpha <= 0) return 1.0;
        const double half = tukey_alpha / 2;
        if (x < half) return 0.5 - 0.5 * std::cos(window_pi * x / half);
        if (x > 1 - half) return 0.5 - 0.5 * std::cos(window_pi * (1 - x) / half);
        return 1.0;
    }
    }
    return 1.0;
}
} // namespace detail

/// Fills `out` with the symmetric window (w[0] = w[N−1]; the DFT-even "periodic" form is `periodic = true`,
/// the first N points of an N+1 symmetric window). `tukey_alpha` ∈ [0, 1] is used by window_type::tukey.
template <class T>
void fill_window(window_type type, std::span<T> out, double tukey_alpha = 0.5, bool periodic = false) {
    require_in_range("fill_window", "tukey_alpha", tukey_alpha, 0.0, 1.0, "");
    const std::size_t n = out.size();
    if (n == 0) return;
    if (n == 1) {
        out[0] = T(1);
        return;
    }
    const double denominator = static_cast<double>(periodic ? n : n - 1);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<T>(detail::window_value(type, static_cast<double>(i) / denominator, tukey_alpha));
}

/// A new buffer holding the symmetric window of `size` points (see fill_window()).
template <class T = double>
aligned_buffer<T> make_window(window_type type, std::size_t size, double tukey_alpha = 0.5) {
    aligned_buffer<T> w(size);
    fill_window(type, w.span(), tukey_alpha);
    return w;
}

/// Rising half of a window over n points: 0 → 1 (exclusive of the 0 and 1 ends), for fades and gate edges.
inline double half_window_rise(window_type type, std::size_t i, std::size_t n) noexcept {
    if (type == window_type::rectangular || n == 0) return 1.0;
    // Sample centres at (i + ½)/n of the first half of a symmetric window, which is symmetric about its middle.
    const double x = 0.5 * (static_cast<double>(i) + 0.5) / static_cast<double>(n);
    return detail::window_value(type == window_type::tukey ? window_type::hann : type, x, 1.0);
}

/// An asymmetric gate around a reference sample (the IR's t = 0): `pre` samples before it, `post` samples from
/// it on (the reference included); a half-window rises over the first `taper_in` samples and falls over the
/// last `taper_out` samples. Flat in between.
struct gate {
    std::size_t pre = 0;        ///< samples before the reference
    std::size_t post = 0;       ///< samples from the reference on (>= 1)
    std::size_t taper_in = 0;   ///< rising taper length, <= pre + post
    std::size_t taper_out = 0;  ///< falling taper length, <= pre + post − taper_in
    window_type shape = window_type::hann; ///< shape of the tapers

    /// Total length pre + post.
    std::size_t length() const noexcept { return pre + post; }
    /// Throws iemlab::error naming `where` when the tapers do not fit or the gate is empty.
    void validate(std::string_view where) const {
        if (post == 0) throw_out_of_range(where, "gate.post", 0, "samples", ">= 1");
        if (taper_in + taper_out > length())
            throw_out_of_range(where, "gate tapers", static_cast<double>(taper_in + taper_out), "samples",
                               "at most the gate length " + std::to_string(length()));
    }
    /// Weight of gate sample i (0 ≤ i < length(); i = pre is the reference).
    double weight(std::size_t i) const noexcept {
        if (i < taper_in) return half_window_rise(shape, i, taper_in);
        const std::size_t from_end = length() - 1 - i;
        if (from_end < taper_out) return half_window_rise(shape, from_end, taper_out);
        return 1.0;
    }
};

} // namespace iemlab::inline v0::dsp

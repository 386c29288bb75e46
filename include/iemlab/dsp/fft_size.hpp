#pragma once
/// @file
/// @brief FFT sizes: which lengths the FFT plans transform natively, and the next such length.

#include "iemlab/core/error.hpp"

#include <cstddef>
#include <limits>

namespace iemlab::inline v0::dsp {

/// True when n = 2^a·3^b·5^c (n >= 1): the lengths complex_fft_plan transforms directly, without Bluestein.
constexpr bool is_fast_size(std::size_t n) noexcept {
    if (n == 0) return false;
    for (const std::size_t p : {std::size_t{2}, std::size_t{3}, std::size_t{5}})
        while (n % p == 0) n /= p;
    return n == 1;
}

/// Smallest 2^a·3^b·5^c >= n (1 for n <= 1): pad to this length for the fastest transform.
/// @throws iemlab::error when no such length fits in std::size_t.
inline std::size_t next_fast_size(std::size_t n) {
    if (n <= 1) return 1;
    constexpr std::size_t max = std::numeric_limits<std::size_t>::max();
    std::size_t best = max;
    bool found = false;
    // Enumerate 5^c·3^b <= best and complete each with the smallest power of two reaching n.
    for (std::size_t f5 = 1;; f5 *= 5) {
        for (std::size_t f35 = f5;; f35 *= 3) {
            std::size_t candidate = f35;
            bool fits = true;
            while (candidate < n) {
                if (candidate > max / 2) {
                    fits = false;
                    break;
                }
                candidate *= 2;
            }
            if (fits && (!found || candidate < best)) best = candidate, found = true;
            if (f35 >= n || f35 > max / 3) break;
        }
        if (f5 >= n || f5 > max / 5) break;
    }
    if (!found)
        throw_out_of_range("next_fast_size", "n", static_cast<double>(n), "",
                           "a length whose next 2^a·3^b·5^c fits in std::size_t");
    return best;
}

/// Smallest 2^a·3^b·5^c >= n that a real_fft_plan transforms fast: from 4096 points on a multiple of 64, so the
/// half-length complex transform has radix-2 passes and whole SIMD vectors. Plain next_fast_size() can return
/// sizes like 911 250 = 2·3^6·5^4, whose odd half length runs radix-3/5 passes only: 4× slower than 921 600.
/// @throws iemlab::error when no such length fits in std::size_t.
inline std::size_t next_fast_real_size(std::size_t n) {
    const std::size_t unit = n >= 4096 ? 64 : 2;
    if (n > std::numeric_limits<std::size_t>::max() - unit)
        throw_out_of_range("next_fast_real_size", "n", static_cast<double>(n), "", "a length whose padded size fits in std::size_t");
    const std::size_t units = next_fast_size((n + unit - 1) / unit);
    if (units > std::numeric_limits<std::size_t>::max() / unit)
        throw_out_of_range("next_fast_real_size", "n", static_cast<double>(n), "", "a length whose padded size fits in std::size_t");
    return unit * units;
}

} // namespace iemlab::inline v0::dsp

#pragma once
/// @file
/// @brief Complex FFT plans of any length on split-complex data (separate real and imaginary arrays).

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/core/simd_dispatch.hpp"
#include "iemlab/dsp/detail/fft_engine.hpp"
#include "iemlab/dsp/detail/spectrum_kernels.hpp"
#include "iemlab/dsp/fft_size.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace iemlab::inline v0::dsp {

namespace detail {

/// The error of check_span_size, out of line: kept off the path of every transform call (small FFTs take tens of
/// nanoseconds, so building the message inline cost them measurably).
[[noreturn]] [[gnu::cold]] [[gnu::noinline]] inline void span_size_error(std::string_view where,
                                                                         std::string_view parameter,
                                                                         std::size_t actual, std::size_t expected,
                                                                         bool at_least) {
    std::string name{parameter};
    name += ".size()";
    const std::string wanted = (at_least ? std::string(">= ") : std::string()) + std::to_string(expected);
    throw_out_of_range(where, name, static_cast<double>(actual), "", wanted);
}

/// Throws iemlab::error unless `actual` == `expected` (or >= `expected` when `at_least`).
inline void check_span_size(std::string_view where, std::string_view parameter, std::size_t actual,
                            std::size_t expected, bool at_least = false) {
    if (at_least ? actual >= expected : actual == expected) [[likely]]
        return;
    span_size_error(where, parameter, actual, expected, at_least);
}

} // namespace detail

template <class T>
class real_fft_plan;

/// A complex DFT of one fixed length: immutable after construction, so one plan may serve many threads.
///
/// Lengths 2^a·3^b·5^c (see next_fast_size()) run a mixed-radix Stockham FFT on SIMD vectors; any other length
/// uses Bluestein's chirp-z algorithm over a fast length >= 2N−1, about 3–6× slower. Twiddles are computed in long
/// double and rounded once. forward() and inverse() check their spans, allocate nothing, take no lock and use
/// only the caller's scratch.
template <class T>
class complex_fft_plan {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "complex_fft_plan<float or double>");

public:
    /// Plans `size` points, running SIMD kernels at most at `level` (capped to the CPU).
    /// @throws iemlab::error if size is 0.
    explicit complex_fft_plan(std::size_t size, simd_level level = default_simd_level())
        : size_(checked(size)), engine_(is_fast_size(size) ? size : next_fast_size(2 * size - 1), level) {
        if (!is_fast_size(size)) build_bluestein();
    }

    /// Points per transform.
    std::size_t size() const noexcept { return size_; }
    /// Elements of T the scratch span must hold (at least).
    std::size_t scratch_size() const noexcept {
        return bluestein() ? 4 * detail::padded(engine_.size()) + engine_.work_size() : engine_.work_size();
    }
    /// The SIMD level the kernels run at: the requested level, capped to the CPU and to lengths N = W·M (W the
    /// level's lanes) with M a multiple of W or at least 2W; otherwise the next narrower level that fits.
    simd_level level() const noexcept { return engine_.level(); }

    /// out = DFT(in): X[k] = Σ_n x[n]·e^{−j2πkn/N}, unnormalised. All spans hold size() values except scratch
    /// (scratch_size() or more). `in` and `out` may be the same arrays.
    /// @throws iemlab::error naming the first span of the wrong size.
    void forward(std::span<const T> in_re, std::span<const T> in_im, std::span<T> out_re, std::span<T> out_im,
                 std::span<T> scratch) const {
        check("complex_fft_plan::forward", in_re, in_im, out_re, out_im, scratch);
        run(in_re.data(), in_im.data(), out_re.data(), out_im.data(), scratch.data(), T(1));
    }

    /// out = IDFT(in): x[n] = (1/N)·Σ_k X[k]·e^{+j2πkn/N}, so inverse(forward(x)) == x. Spans as for forward().
    /// @throws iemlab::error naming the first span of the wrong size.
    void inverse(std::span<const T> in_re, std::span<const T> in_im, std::span<T> out_re, std::span<T> out_im,
                 std::span<T> scratch) const {
        check("complex_fft_plan::inverse", in_re, in_im, out_re, out_im, scratch);
        // Swapping the real and imaginary parts on both sides turns the forward DFT into the unnormalised
        // inverse: swap(z) = j·conj(z), and DFT(j·conj(x)) = j·conj(IDFT_unnormalised(x)).
        run(in_im.data(), in_re.data(), out_im.data(), out_re.data(), scratch.data(), T(1) / static_cast<T>(size_));
    }

    /// Bytes the plan holds (twiddles, schedule, Bluestein chirp and filter), not counting caller scratch
    /// (scratch_size() elements of T): about 2·N·sizeof(T) for fast sizes.
    std::size_t memory_bytes() const noexcept {
        return sizeof(*this) - sizeof(engine_) + engine_.memory_bytes() +
               (chirp_re_.size() + chirp_im_.size() + filter_re_.size() + filter_im_.size()) * sizeof(T);
    }

private:
    friend class real_fft_plan<T>;

    /// The engine when the size is transformed directly (no Bluestein), for plans built on this one.
    const detail::fft_engine<T>* direct_engine() const noexcept { return bluestein() ? nullptr : &engine_; }

    static std::size_t checked(std::size_t size) {
        if (size == 0) throw_out_of_range("complex_fft_plan", "size", 0.0, "", "size >= 1");
        return size;
    }

    bool bluestein() const noexcept { return !chirp_re_.empty(); }

    void check(std::string_view where, std::span<const T> in_re, std::span<const T> in_im, std::span<T> out_re,
               std::span<T> out_im, std::span<T> scratch) const {
        detail::check_span_size(where, "in_re", in_re.size(), size_);
        detail::check_span_size(where, "in_im", in_im.size(), size_);
        detail::check_span_size(where, "out_re", out_re.size(), size_);
        detail::check_span_size(where, "out_im", out_im.size(), size_);
        detail::check_span_size(where, "scratch", scratch.size(), scratch_size(), true);
    }

    void run(const T* in_re, const T* in_im, T* out_re, T* out_im, T* scratch, T scale) const noexcept {
        if (!bluestein()) {
            engine_.forward(in_re, in_im, out_re, out_im, scratch, scale);
            return;
        }
        // Bluestein (1970): kn = (k² + n² − (k−n)²)/2, so with w[n] = e^{−jπn²/N},
        // X[k] = w[k]·Σ_n (x[n]·w[n])·conj(w[k−n]): a convolution, done by FFTs of the fast length L >= 2N−1.
        const std::size_t n = size_, l = engine_.size(), pl = detail::padded(l);
        const simd_level level = engine_.level();
        T* ar = scratch;
        T* ai = scratch + pl;
        T* br = scratch + 2 * pl;
        T* bi = scratch + 3 * pl;
        T* work = scratch + 4 * pl;
        const detail::multiply_spectra<T> multiply;
        simd_dispatch(level, multiply, in_re, in_im, chirp_re_.data(), chirp_im_.data(), ar, ai, n);
        std::fill(ar + n, ar + l, T(0));
        std::fill(ai + n, ai + l, T(0));
        engine_.forward(ar, ai, br, bi, work, T(1));
        simd_dispatch(level, multiply, br, bi, filter_re_.data(), filter_im_.data(), br, bi, l);
        engine_.forward(bi, br, ai, ar, work, T(1)); // unnormalised inverse (swap trick); 1/L is in the filter
        simd_dispatch(level, multiply, ar, ai, chirp_re_.data(), chirp_im_.data(), out_re, out_im, n);
        if (scale != T(1))
            for (std::size_t k = 0; k < n; ++k) out_re[k] *= scale, out_im[k] *= scale;
    }

    void build_bluestein() {
        const std::size_t n = size_, l = engine_.size();
        chirp_re_ = aligned_buffer<T>(n);
        chirp_im_ = aligned_buffer<T>(n);
        // The filter is conj(w[m]) at m and at L−m, transformed once in double (scalar) and divided by L.
        aligned_buffer<double> fr(l), fi(l), work(2 * detail::padded(l));
        std::uint64_t n2 = 0; // m² mod 2N, updated exactly: (m+1)² = m² + 2m + 1
        for (std::size_t m = 0; m < n; ++m) {
            long double re, im;
            detail::unit_root(n2, 2 * static_cast<std::uint64_t>(n), re, im); // e^{−jπm²/N}
            chirp_re_[m] = static_cast<T>(re);
            chirp_im_[m] = static_cast<T>(im);
            fr[m] = static_cast<double>(re);
            fi[m] = -static_cast<double>(im);
            if (m != 0) fr[l - m] = fr[m], fi[l - m] = fi[m];
            n2 = (n2 + 2 * m + 1) % (2 * static_cast<std::uint64_t>(n));
        }
        const detail::fft_engine<double> exact(l, simd_level::scalar);
        exact.forward(fr.data(), fi.data(), fr.data(), fi.data(), work.data(), 1.0 / static_cast<double>(l));
        filter_re_ = aligned_buffer<T>(l);
        filter_im_ = aligned_buffer<T>(l);
        for (std::size_t k = 0; k < l; ++k)
            filter_re_[k] = static_cast<T>(fr[k]), filter_im_[k] = static_cast<T>(fi[k]);
    }

    std::size_t size_;
    detail::fft_engine<T> engine_;             // size_ points, or L for Bluestein
    aligned_buffer<T> chirp_re_, chirp_im_;     // Bluestein only: w[n]
    aligned_buffer<T> filter_re_, filter_im_;   // Bluestein only: DFT_L(conj w)/L
};

} // namespace iemlab::inline v0::dsp

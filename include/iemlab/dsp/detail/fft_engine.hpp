#pragma once
/// @file
/// @brief Plan-side machinery of the FFT: accurate twiddles, the radix schedule and the program that the
/// kernels in fft_kernels.hpp execute. Not a kernel header: compiled with the caller's flags.

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/core/simd_dispatch.hpp"
#include "iemlab/dsp/detail/fft_kernels.hpp"
#include "iemlab/dsp/fft_size.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace iemlab::inline v0::dsp::detail {

/// e^{−j2πk/n} in long double, rounded once by the caller. The angle is folded into the first octant with exact
/// integer arithmetic (reflections t → 1−t, ½−t, ¼−t of t = k/n turns), so the table is exactly symmetric and
/// cosl/sinl only see |x| <= π/4, where they are accurate to an ulp of long double (the technique pocketfft uses
/// with double; here the 64-bit mantissa leaves margin for rounding to double).
inline void unit_root(std::uint64_t k, std::uint64_t n, long double& re, long double& im) noexcept {
    constexpr long double two_pi = 6.283185307179586476925286766559005768L;
    k %= n;
    std::uint64_t num = k, den = n;
    bool negate_sin = false, negate_cos = false, swap = false;
    if (2 * num > den) num = den - num, negate_sin = true;                // t ∈ [0, ½]
    if (4 * num > den) num = den - 2 * num, den *= 2, negate_cos = true;  // t ∈ [0, ¼]: cos(π−x) = −cos x
    if (8 * num > den) num = den - 4 * num, den *= 4, swap = true;        // t ∈ [0, ⅛]: cos(π/2−x) = sin x
    const long double x = two_pi * static_cast<long double>(num) / static_cast<long double>(den);
    long double c = std::cos(x), s = std::sin(x);
    if (swap) std::swap(c, s);
    if (negate_cos) c = -c;
    if (negate_sin) s = -s;
    re = c;
    im = -s;
}

/// Lanes of one vector of T at `level` (1 for scalar).
template <class T>
constexpr std::size_t simd_lanes(simd_level level) noexcept {
    switch (level) {
    case simd_level::scalar: return 1;
    case simd_level::sse2: return 16 / sizeof(T);
    case simd_level::avx2: return 32 / sizeof(T);
    case simd_level::avx512: return 64 / sizeof(T);
    }
    return 1;
}

/// Rounds n up to a multiple of 16 elements (64 bytes of float), so the parts of a split buffer stay aligned
/// relative to each other.
constexpr std::size_t padded(std::size_t n) noexcept { return (n + 15) / 16 * 16; }

/// A forward complex FFT of one fast size (2^a·3^b·5^c): twiddles and schedule, immutable after construction.
template <class T>
class fft_engine {
public:
    /// Plans `n` points (is_fast_size(n)) for at most `requested` (capped to the CPU and to what this build can
    /// call); falls back to narrower vectors unless N = W·M for the requested width W with M a multiple of W, or
    /// M >= 2W: the lane pass then pads its last block of W vectors with zeros (wasting at most a third of it).
    /// Before 2026-12 M had to be a multiple of W, and sizes such as 36000 = 16·2250 ran at a quarter of the
    /// AVX-512 width; at M = W + M mod W the padded block measured slower than the next narrower width.
    fft_engine(std::size_t n, simd_level requested) : size_(n) {
        simd_level level = dispatchable_simd_level(std::min(requested, cpu_simd_level()));
        const auto fits = [n](std::size_t w) { return n % w == 0 && (n / w % w == 0 || n / w >= 2 * w); };
        while (level != simd_level::scalar && !fits(simd_lanes<T>(level)))
            level = dispatchable_simd_level(static_cast<simd_level>(static_cast<int>(level) - 1));
        level_ = level;
        lanes_ = simd_lanes<T>(level);
        build();
    }

    /// Points per transform.
    std::size_t size() const noexcept { return size_; }
    /// The level the kernels run at.
    simd_level level() const noexcept { return level_; }
    /// Elements of T needed in `work` (both parts).
    std::size_t work_size() const noexcept { return 2 * padded(size_); }
    /// Bytes the engine holds (twiddles and schedule), not counting caller scratch.
    std::size_t memory_bytes() const noexcept {
        return sizeof(*this) + (twiddle_re_.size() + twiddle_im_.size()) * sizeof(T) +
               passes_.capacity() * sizeof(fft_pass);
    }

    /// out = scale·DFT(in). `work` holds work_size() elements. `in` may overlap `out` (then it is copied first
    /// when the pass count requires). Allocates nothing.
    void forward(const T* in_re, const T* in_im, T* out_re, T* out_im, T* work, T scale) const noexcept {
        execute({in_re, in_im, out_re, out_im, work, work + padded(size_), scale, scale});
    }

    /// The general form (interleaved input or output, separate scales; see fft_io). Split input may overlap
    /// the output; interleaved input must not.
    void execute(fft_io<T> io) const noexcept {
        fft_program<T> prog{size_,        lanes_,          passes_.size(), passes_.data(),
                            twiddle_re_.data(), twiddle_im_.data(), lane_twiddle_offset_};
        prog.fuse_last = lanes_ > 1 && passes_.size() >= 2 && passes_.back().stride % lanes_ == 0;
        // The straight-line kernel exists for the I/O variants the plans use (direct_variant_supported); any
        // other runs the passes, which the plan has too.
        prog.direct = direct_ && direct_variant_supported(direct_variant(io.in_im == nullptr, io.out_im == nullptr,
                                                                         io.scale_re != T(1) || io.scale_im != T(1)));
        if (io.in_im != nullptr && !prog.direct && prog.total_passes() % 2 == 1) {
            const std::size_t n = size_, out_n = io.out_im == nullptr ? 2 * n : n;
            T* out_im = io.out_im == nullptr ? io.out_re : io.out_im;
            using iemlab::detail::overlaps;
            if (overlaps(io.in_re, n, io.out_re, out_n) || overlaps(io.in_re, n, out_im, out_n) ||
                overlaps(io.in_im, n, io.out_re, out_n) || overlaps(io.in_im, n, out_im, out_n)) {
                std::copy(io.in_re, io.in_re + n, io.work_re);
                std::copy(io.in_im, io.in_im + n, io.work_im);
                io.in_re = io.work_re;
                io.in_im = io.work_im;
            }
        }
        // A named kernel: a temporary would bind better to simd_dispatch(kernel, args...) (the default-level
        // overload) than to this one.
        const fft_forward<T> kernel;
        simd_dispatch(level_, kernel, &prog, &io);
    }

private:
    void build() {
        const std::size_t m = size_ / lanes_;
        // Small sizes run as one straight-line kernel (fft_program::direct); it needs the lane twiddles only.
        direct_ = lanes_ > 1 && m >= lanes_ && m <= 16 && (m & (m - 1)) == 0;
        // Radix schedule for M = 2^a·3^b·5^c: as many 8s as possible (fewest passes over memory), then 4/2;
        // the 3s and 5s before or after them (odd_radices_first).
        std::size_t rest = m, twos = 0;
        while (rest % 2 == 0) rest /= 2, ++twos;
        std::vector<std::size_t> radices;
        if (radix16_pays(twos, rest)) {
            radices.assign(twos / 4, 16); // 2^11 = 16·16·8, 2^12 = 16·16·16
            if (twos % 4 == 3) radices.push_back(8);
        } else {
            std::size_t eights = twos / 3;
            if (twos % 3 == 1 && eights > 0) {
                --eights;
                radices.insert(radices.end(), {4, 4});
            } else if (twos % 3 == 1) {
                radices.push_back(2);
            } else if (twos % 3 == 2) {
                radices.push_back(4);
            }
            radices.insert(radices.begin(), eights, 8);
        }
        std::size_t threes = 0, fives = 0;
        while (rest % 3 == 0) rest /= 3, ++threes;
        while (rest % 5 == 0) rest /= 5, ++fives;
        const std::vector<std::size_t> odd = odd_radices(threes, fives);
        const auto at = odd_radices_first(m, radices) ? radices.begin() : radices.end();
        radices.insert(at, odd.begin(), odd.end());

        std::size_t twiddles = 0, span = m;
        for (const std::size_t r : radices) twiddles += (r - 1) * (span / r), span /= r;
        lane_twiddle_offset_ = twiddles;
        if (lanes_ > 1) twiddles += lanes_ * lanes_ + (m + lanes_ - 1) / lanes_ * lanes_; // whole last block
        twiddle_re_ = aligned_buffer<T>(std::max<std::size_t>(twiddles, 1));
        twiddle_im_ = aligned_buffer<T>(std::max<std::size_t>(twiddles, 1));

        std::size_t stride = 1, offset = 0;
        span = m;
        for (const std::size_t r : radices) {
            const std::size_t count = span / r;
            passes_.push_back({r, stride, count, offset});
            for (std::size_t p = 0; p < count; ++p)
                for (std::size_t j = 1; j < r; ++j) set_twiddle(offset + p * (r - 1) + j - 1, j * p, span);
            offset += (r - 1) * count;
            stride *= r;
            span = count;
        }
        if (lanes_ > 1) { // see fft_program::lane_twiddle_offset
            for (std::size_t n2 = 0; n2 < lanes_; ++n2)
                for (std::size_t t = 0; t < lanes_; ++t)
                    set_twiddle(lane_twiddle_offset_ + n2 * lanes_ + t, t * n2, size_);
            for (std::size_t b = 0; b < m; b += lanes_)
                for (std::size_t n2 = 0; n2 < lanes_; ++n2)
                    set_twiddle(lane_twiddle_offset_ + lanes_ * lanes_ + b + n2, b * n2, size_);
        }
    }

    /// Radix-16 passes (one pass fewer) where they measured faster than radix 8 (iemlab-bench, Zen 5, 2026-12):
    /// double precision at 8 lanes (AVX-512) with M = N/8 = 2^11 or 2^12, i.e. N = 2^14 and 2^15 (and the real
    /// transforms of twice that), by about 20 %. At other sizes and for float they were as fast or slower (16
    /// streams per pass conflict in L1 at larger M, the radix-16 fused pass needs a bigger buffer at smaller M).
    bool radix16_pays(std::size_t twos, std::size_t rest) const noexcept {
        return std::is_same_v<T, double> && lanes_ == 8 && rest == 1 && (twos == 11 || twos == 12);
    }

    /// The odd passes for M's factor 3^threes·5^fives. Double precision at 8 lanes (AVX-512, 32 vector
    /// registers) with three or more odd factors merges them into radix 15, 9 and 25 passes (composite_dft): one
    /// pass over memory instead of two each, the leftover single 3 or 5 first. Measured against the separate
    /// passes (iemlab-bench, Zen 5, 2026-12, ratio to FFTW): complex 72000 0.74–0.78 → 0.92–0.96, complex
    /// 144000 0.86–0.90 → 0.98–1.03, real 72000 0.90–0.98 → 1.01–1.16. Not yet measured at the avx2 level
    /// (an earlier "avx2" figure ran at avx512 by mistake); its 16 registers make spills of these butterflies
    /// likely.
    std::vector<std::size_t> odd_radices(std::size_t threes, std::size_t fives) const {
        std::vector<std::size_t> odd;
        if (!composite_radices<T>(lanes_) || threes + fives < 3) {
            odd.assign(threes, 3);
            odd.insert(odd.end(), fives, 5);
            return odd;
        }
        const std::size_t fifteens = std::min(threes, fives);
        threes -= fifteens, fives -= fifteens;
        if (threes % 2 == 1) odd.push_back(3);
        if (fives % 2 == 1) odd.push_back(5);
        odd.insert(odd.end(), threes / 2, 9);
        odd.insert(odd.end(), fifteens, 15);
        odd.insert(odd.end(), fives / 2, 25);
        return odd;
    }

    /// Where the 3s and 5s go. A pass of radix R reads its R inputs M/R vectors apart and writes its R outputs s
    /// vectors apart (s: the product of the earlier radices); at power-of-two distances these streams fall into
    /// the same L1 sets. When M's odd part is 3, 5 or 15, putting the odd passes first leaves a power-of-two
    /// distance only in the first pass: complex f64 20480 went from 0.62 to 1.14 of FFTW's speed, 12288 from
    /// 0.70 to 1.1 (iemlab-bench, Zen 5, avx512 level, 2026-12; avx2 not yet measured). With more odd factors
    /// the distances are rarely powers of two anyway and the 2s-first order measured as fast or faster. The last
    /// pass must stay a power-of-two one whose stride is a multiple of the lanes, so that it still fuses with
    /// the lane pass (fft_program::fuse_last).
    bool odd_radices_first(std::size_t m, const std::vector<std::size_t>& powers_of_two) const noexcept {
        std::size_t odd_part = m;
        while (odd_part % 2 == 0) odd_part /= 2;
        return odd_part > 1 && odd_part <= 15 && !powers_of_two.empty() && (m / powers_of_two.back()) % lanes_ == 0;
    }

    void set_twiddle(std::size_t at, std::size_t k, std::size_t n) noexcept {
        long double re, im;
        unit_root(k, n, re, im);
        twiddle_re_[at] = static_cast<T>(re);
        twiddle_im_[at] = static_cast<T>(im);
    }

    std::size_t size_;
    std::size_t lanes_ = 1;
    simd_level level_ = simd_level::scalar;
    std::vector<fft_pass> passes_;
    aligned_buffer<T> twiddle_re_, twiddle_im_;
    std::size_t lane_twiddle_offset_ = 0;
    bool direct_ = false; // see fft_program::direct
};

} // namespace iemlab::inline v0::dsp::detail

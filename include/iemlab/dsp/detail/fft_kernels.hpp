#pragma once
/// @file
/// @brief Split-complex FFT kernels: a Stockham mixed-radix (2, 3, 4, 5, 8, 16; 9, 15, 25 in double precision at
/// AVX-512) transform whose elements are whole SIMD vectors, closed by one "lane pass" (twiddle, W×W transpose,
/// W-point DFT), as in a four-step FFT.
///
/// Why this shape (vectorised Cooley–Tukey): with W lanes and N = W·M, write n = W·n1 + n2 and
/// k = k1 + M·k2. Then X[k1 + M·k2] = Σ_{n2} ω_W^{n2·k2} · ω_N^{n2·k1} · Y_{n2}[k1], where Y_{n2} is the M-point DFT
/// of x[W·n1 + n2] (Van Loan, "Computational Frameworks for the FFT", 1992, §3.3, the four-step framework).
/// Lane n2 of the vector at index n1 of the natural input is exactly x[W·n1 + n2], so the M-point transforms run
/// as one Stockham FFT over vectors with unit-stride loads and stores and broadcast twiddles in every pass; only
/// the last pass mixes lanes. Stockham passes (Van Loan §1.7) write their output in order, so no bit reversal.
/// The scalar reference is the same code with W = 1 (no lane pass).

#include "iemlab/core/simd_dispatch.hpp"

#include <array>
#include <cstddef>
#include <type_traits>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h> // the lane transposes use shuffles that xsimd 8.1 does not expose across 128-bit lanes
#endif

/// Forces inlining of the butterflies: the per-arch objects build at -O2, where GCC otherwise keeps the larger
/// ones (radix 8, 16) as calls inside the pass loops.
#if defined(__GNUC__) || defined(__clang__)
#define IEMLAB_FFT_INLINE [[gnu::always_inline]] inline
#else
#define IEMLAB_FFT_INLINE inline
#endif

/// Fully unrolls a loop of compile-time trip count (register arrays must not live on the stack); -O2 does not.
#if defined(__GNUC__) && !defined(__clang__)
#define IEMLAB_FFT_UNROLL _Pragma("GCC unroll 16")
#elif defined(__clang__)
#define IEMLAB_FFT_UNROLL _Pragma("unroll")
#else
#define IEMLAB_FFT_UNROLL
#endif

namespace iemlab::inline v0::dsp::detail {

/// One radix-r Stockham pass: for p < count and q < stride, the inputs x[q + s·(p + k·m)] (k < r) give the
/// outputs y[q + s·(r·p + j)] = ω_{r·m}^{j·p} · Σ_k x[...]·ω_r^{j·k} (s = stride, m = count, indices in vectors).
struct fft_pass {
    std::size_t radix;          ///< 2, 3, 4, 5, 8, 9, 15, 16 or 25
    std::size_t stride;         ///< s: vectors in one column of butterflies
    std::size_t count;          ///< m: butterfly columns
    std::size_t twiddle_offset; ///< first of (radix − 1)·count twiddles, laid out [p][j − 1]
};

/// Everything a kernel needs to run one transform: raw pointers and counts only (no ownership).
template <class T>
struct fft_program {
    std::size_t size;                ///< N, complex points
    std::size_t lanes;               ///< W: 1 for the scalar layout, else the vector width of the chosen level
    std::size_t pass_count;          ///< Stockham passes (the lane pass, when lanes > 1, comes after them)
    const fft_pass* passes;          ///< pass_count descriptors
    const T* twiddle_re;             ///< all twiddles, real parts
    const T* twiddle_im;             ///< all twiddles, imaginary parts
    /// Lane-pass twiddles ω_N^{k1·n2} (lanes > 1 only), factored as k1 = b + t (b a multiple of W, t < W):
    /// first W×W values ω_N^{t·n2} laid out [n2][t], then N/W values ω_N^{b·n2} laid out [b/W][n2]. The product
    /// costs a complex multiply per vector, but the table is W times smaller than the [k1][n2] one (which for
    /// N = 2^16 doubles would take as much cache as the data).
    std::size_t lane_twiddle_offset;

    /// The last Stockham pass and the lane pass run as one (see fused_lane_pass): set by the plan when
    /// lanes > 1, pass_count >= 2 and the last pass's stride is a multiple of lanes.
    bool fuse_last = false;

    /// Small sizes (lanes > 1, M = N/W a power of two from W to 16): the whole transform is one straight-line
    /// kernel (direct_small_fft) that reads every input into registers before it writes, instead of the passes.
    bool direct = false;

    /// Passes over memory in total: the buffer the first one writes depends on its parity.
    std::size_t total_passes() const noexcept {
        return direct ? 1 : pass_count + (lanes > 1 && !fuse_last ? 1 : 0);
    }
};

/// Loads, stores and lane shuffles for a vector type V: an xsimd batch, or float/double for the scalar path.
template <class V>
struct lane_ops {
    using value_type = typename V::value_type;   ///< element type
    using arch_type = typename V::arch_type;     ///< xsimd architecture
    static constexpr std::size_t size = V::size; ///< lanes
    /// Unaligned load (as fast as aligned on current cores when the data is aligned).
    IEMLAB_FFT_INLINE static V load(const value_type* p) noexcept { return V::load_unaligned(p); }
    /// Unaligned store.
    IEMLAB_FFT_INLINE static void store(value_type* p, const V& v) noexcept { v.store_unaligned(p); }
    /// Loads 2W interleaved values (re, im, re, im, …) as split parts.
    IEMLAB_FFT_INLINE static void load_interleaved(const value_type* p, V& re, V& im) noexcept;
    /// Stores split parts as 2W interleaved values.
    IEMLAB_FFT_INLINE static void store_interleaved(value_type* p, const V& re, const V& im) noexcept;
    /// Lanes in reverse order.
    IEMLAB_FFT_INLINE static V reverse(const V& v) noexcept;
};

/// Scalar path: one lane, shuffles are trivial.
template <class T>
struct scalar_lane_ops {
    using value_type = T;                  ///< element type
    static constexpr std::size_t size = 1; ///< lanes
    /// Load.
    IEMLAB_FFT_INLINE static T load(const T* p) noexcept { return *p; }
    /// Store.
    IEMLAB_FFT_INLINE static void store(T* p, T v) noexcept { *p = v; }
    /// Loads one interleaved complex value.
    IEMLAB_FFT_INLINE static void load_interleaved(const T* p, T& re, T& im) noexcept { re = p[0], im = p[1]; }
    /// Stores one interleaved complex value.
    IEMLAB_FFT_INLINE static void store_interleaved(T* p, T re, T im) noexcept { p[0] = re, p[1] = im; }
    /// Identity.
    IEMLAB_FFT_INLINE static T reverse(T v) noexcept { return v; }
};
/// Scalar specialisation (float).
template <>
struct lane_ops<float> : scalar_lane_ops<float> {};
/// Scalar specialisation (double).
template <>
struct lane_ops<double> : scalar_lane_ops<double> {};

template <class V>
IEMLAB_FFT_INLINE void lane_ops<V>::load_interleaved(const value_type* p, V& re, V& im) noexcept {
    using T = value_type;
    using A = arch_type;
    const V lo = load(p), hi = load(p + size);
#if defined(__x86_64__) || defined(__i386__)
    if constexpr (std::is_same_v<A, xsimd::avx512bw> && std::is_same_v<T, float>) {
        const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
        const __m512i odd = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1);
        re = _mm512_permutex2var_ps(lo, even, hi);
        im = _mm512_permutex2var_ps(lo, odd, hi);
        return;
    } else if constexpr (std::is_same_v<A, xsimd::avx512bw> && std::is_same_v<T, double>) {
        const __m512i even = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
        const __m512i odd = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
        re = _mm512_permutex2var_pd(lo, even, hi);
        im = _mm512_permutex2var_pd(lo, odd, hi);
        return;
    } else if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>> && std::is_same_v<T, float>) {
        // per 128-bit lane (a0 a1 a4 a5 | a2 a3 a6 a7), then 64-bit chunks reordered 0, 2, 1, 3
        const __m256 r = _mm256_shuffle_ps(lo, hi, 0x88), i = _mm256_shuffle_ps(lo, hi, 0xDD);
        re = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(r), 0xD8));
        im = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(i), 0xD8));
        return;
    } else if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>> && std::is_same_v<T, double>) {
        re = _mm256_permute4x64_pd(_mm256_unpacklo_pd(lo, hi), 0xD8);
        im = _mm256_permute4x64_pd(_mm256_unpackhi_pd(lo, hi), 0xD8);
        return;
    } else if constexpr (std::is_same_v<A, xsimd::sse2> && std::is_same_v<T, float>) {
        re = _mm_shuffle_ps(lo, hi, 0x88);
        im = _mm_shuffle_ps(lo, hi, 0xDD);
        return;
    } else if constexpr (std::is_same_v<A, xsimd::sse2> && std::is_same_v<T, double>) {
        re = _mm_unpacklo_pd(lo, hi);
        im = _mm_unpackhi_pd(lo, hi);
        return;
    }
#endif
    alignas(64) T buffer[2 * size], r[size], i[size];
    lo.store_unaligned(buffer);
    hi.store_unaligned(buffer + size);
    for (std::size_t k = 0; k < size; ++k) r[k] = buffer[2 * k], i[k] = buffer[2 * k + 1];
    re = load(r);
    im = load(i);
}

template <class V>
IEMLAB_FFT_INLINE void lane_ops<V>::store_interleaved(value_type* p, const V& re, const V& im) noexcept {
    using T = value_type;
    using A = arch_type;
#if defined(__x86_64__) || defined(__i386__)
    if constexpr (std::is_same_v<A, xsimd::avx512bw> && std::is_same_v<T, float>) {
        const __m512i first = _mm512_set_epi32(23, 7, 22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
        const __m512i second = _mm512_set_epi32(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8);
        store(p, _mm512_permutex2var_ps(re, first, im));
        store(p + size, _mm512_permutex2var_ps(re, second, im));
        return;
    } else if constexpr (std::is_same_v<A, xsimd::avx512bw> && std::is_same_v<T, double>) {
        const __m512i first = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
        const __m512i second = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
        store(p, _mm512_permutex2var_pd(re, first, im));
        store(p + size, _mm512_permutex2var_pd(re, second, im));
        return;
    } else if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>> && std::is_same_v<T, float>) {
        const __m256 t0 = _mm256_unpacklo_ps(re, im), t1 = _mm256_unpackhi_ps(re, im);
        store(p, _mm256_permute2f128_ps(t0, t1, 0x20));
        store(p + size, _mm256_permute2f128_ps(t0, t1, 0x31));
        return;
    } else if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>> && std::is_same_v<T, double>) {
        const __m256d t0 = _mm256_unpacklo_pd(re, im), t1 = _mm256_unpackhi_pd(re, im);
        store(p, _mm256_permute2f128_pd(t0, t1, 0x20));
        store(p + size, _mm256_permute2f128_pd(t0, t1, 0x31));
        return;
    } else if constexpr (std::is_same_v<A, xsimd::sse2> && std::is_same_v<T, float>) {
        store(p, _mm_unpacklo_ps(re, im));
        store(p + size, _mm_unpackhi_ps(re, im));
        return;
    } else if constexpr (std::is_same_v<A, xsimd::sse2> && std::is_same_v<T, double>) {
        store(p, _mm_unpacklo_pd(re, im));
        store(p + size, _mm_unpackhi_pd(re, im));
        return;
    }
#endif
    alignas(64) T r[size], i[size];
    store(r, re);
    store(i, im);
    for (std::size_t k = 0; k < size; ++k) p[2 * k] = r[k], p[2 * k + 1] = i[k];
}

template <class V>
IEMLAB_FFT_INLINE V lane_ops<V>::reverse(const V& v) noexcept {
    using T = value_type;
    using A = arch_type;
#if defined(__x86_64__) || defined(__i386__)
    if constexpr (std::is_same_v<A, xsimd::avx512bw> && std::is_same_v<T, float>) {
        return _mm512_permutexvar_ps(_mm512_set_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), v);
    } else if constexpr (std::is_same_v<A, xsimd::avx512bw> && std::is_same_v<T, double>) {
        return _mm512_permutexvar_pd(_mm512_set_epi64(0, 1, 2, 3, 4, 5, 6, 7), v);
    } else if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>> && std::is_same_v<T, float>) {
        return _mm256_permutevar8x32_ps(v, _mm256_set_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    } else if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>> && std::is_same_v<T, double>) {
        return _mm256_permute4x64_pd(v, 0x1B);
    } else if constexpr (std::is_same_v<A, xsimd::sse2> && std::is_same_v<T, float>) {
        return _mm_shuffle_ps(v, v, 0x1B);
    } else if constexpr (std::is_same_v<A, xsimd::sse2> && std::is_same_v<T, double>) {
        return _mm_shuffle_pd(v, v, 1);
    }
#endif
    alignas(64) T buffer[size], reversed[size];
    store(buffer, v);
    for (std::size_t k = 0; k < size; ++k) reversed[k] = buffer[size - 1 - k];
    return load(reversed);
}

/// cos(2πk/16) for k = 0…15, to 20 digits (exact values: 1, cos π/8 = √(2+√2)/2, √½, sin π/8 = √(2−√2)/2, 0).
inline constexpr long double cos16[16] = {
    1.0L,  0.92387953251128675613L,  0.70710678118654752440L,  0.38268343236508977173L,
    0.0L,  -0.38268343236508977173L, -0.70710678118654752440L, -0.92387953251128675613L,
    -1.0L, -0.92387953251128675613L, -0.70710678118654752440L, -0.38268343236508977173L,
    0.0L,  0.38268343236508977173L,  0.70710678118654752440L,  0.92387953251128675613L};

/// cos16 rounded to T once, so unrolled code indexes a table of T constants.
template <class T>
inline constexpr T cos16_as[16] = {
    T(cos16[0]),  T(cos16[1]),  T(cos16[2]),  T(cos16[3]),  T(cos16[4]),  T(cos16[5]),  T(cos16[6]),  T(cos16[7]),
    T(cos16[8]),  T(cos16[9]),  T(cos16[10]), T(cos16[11]), T(cos16[12]), T(cos16[13]), T(cos16[14]), T(cos16[15])};

/// In-place forward DFT of N ∈ {1, 2, 4, 8, 16} split-complex values held in registers (radix-2 DIT recursion,
/// fully unrolled by the compiler): re/im[k] ← Σ_n re/im[n]·e^{−j2πnk/N}.
template <std::size_t N, class V>
IEMLAB_FFT_INLINE void small_dft(V* re, V* im) noexcept {
    if constexpr (N == 1) {
        (void)re;
        (void)im;
    } else if constexpr (N == 2) {
        const V r0 = re[0], i0 = im[0];
        re[0] = r0 + re[1], im[0] = i0 + im[1];
        re[1] = r0 - re[1], im[1] = i0 - im[1];
    } else if constexpr (N == 4) {
        const V t0r = re[0] + re[2], t0i = im[0] + im[2];
        const V t1r = re[0] - re[2], t1i = im[0] - im[2];
        const V t2r = re[1] + re[3], t2i = im[1] + im[3];
        // (a1 − a3)·(−j)
        const V t3r = im[1] - im[3], t3i = re[3] - re[1];
        re[0] = t0r + t2r, im[0] = t0i + t2i;
        re[2] = t0r - t2r, im[2] = t0i - t2i;
        re[1] = t1r + t3r, im[1] = t1i + t3i;
        re[3] = t1r - t3r, im[3] = t1i - t3i;
    } else {
        static_assert(N == 8 || N == 16, "small_dft handles 1, 2, 4, 8 and 16 points");
        using T = typename lane_ops<V>::value_type;
        constexpr std::size_t H = N / 2;
        V er[H], ei[H], odr[H], odi[H];
        IEMLAB_FFT_UNROLL
        for (std::size_t n = 0; n < H; ++n) {
            er[n] = re[2 * n], ei[n] = im[2 * n];
            odr[n] = re[2 * n + 1], odi[n] = im[2 * n + 1];
        }
        small_dft<H>(er, ei);
        small_dft<H>(odr, odi);
        IEMLAB_FFT_UNROLL
        for (std::size_t k = 0; k < H; ++k) {
            V tr = odr[k], ti = odi[k];
            if (k != 0 && 4 * k == N) { // ω_N^{N/4} = −j: no multiplies (x·0 does not fold, NaN and −0 aside)
                tr = odi[k];
                ti = -odr[k];
            } else if (k != 0) {
                // ω_N^k = cos(2πk/N) − j·sin(2πk/N); sin(x) = cos(x − π/2).
                const T c = cos16_as<T>[(k * (16 / N)) % 16];
                const T s = cos16_as<T>[(k * (16 / N) + 12) % 16];
                tr = odr[k] * V(c) + odi[k] * V(s);
                ti = odi[k] * V(c) - odr[k] * V(s);
            }
            re[k] = er[k] + tr, im[k] = ei[k] + ti;
            re[k + H] = er[k] - tr, im[k + H] = ei[k] - ti;
        }
    }
}

/// In-place forward 3-point DFT: y1,2 = a0 − (a1 + a2)/2 ∓ j·(√3/2)·(a1 − a2).
template <class V>
IEMLAB_FFT_INLINE void dft3(V* re, V* im) noexcept {
    using T = typename lane_ops<V>::value_type;
    const V half(T(0.5)), s3(static_cast<T>(0.86602540378443864676L)); // sin(2π/3)
    const V sr = re[1] + re[2], si = im[1] + im[2];
    const V dr = re[1] - re[2], di = im[1] - im[2];
    const V tr = re[0] - half * sr, ti = im[0] - half * si;
    const V ur = s3 * di, ui = -(s3 * dr); // −j·s3·d
    re[0] = re[0] + sr, im[0] = im[0] + si;
    re[1] = tr + ur, im[1] = ti + ui;
    re[2] = tr - ur, im[2] = ti - ui;
}

/// In-place forward 5-point DFT (pairs a1±a4, a2±a3; c_k = cos(2πk/5), s_k = sin(2πk/5)).
template <class V>
IEMLAB_FFT_INLINE void dft5(V* re, V* im) noexcept {
    using T = typename lane_ops<V>::value_type;
    const V c1(static_cast<T>(0.30901699437494742410L)), c2(static_cast<T>(-0.80901699437494742410L));
    const V s1(static_cast<T>(0.95105651629515357212L)), s2(static_cast<T>(0.58778525229247312917L));
    const V b1r = re[1] + re[4], b1i = im[1] + im[4], d1r = re[1] - re[4], d1i = im[1] - im[4];
    const V b2r = re[2] + re[3], b2i = im[2] + im[3], d2r = re[2] - re[3], d2i = im[2] - im[3];
    const V t1r = re[0] + c1 * b1r + c2 * b2r, t1i = im[0] + c1 * b1i + c2 * b2i;
    const V t2r = re[0] + c2 * b1r + c1 * b2r, t2i = im[0] + c2 * b1i + c1 * b2i;
    // u1 = −j·(s1·d1 + s2·d2), u2 = −j·(s2·d1 − s1·d2); −j·(x + jy) = y − jx
    const V v1r = s1 * d1r + s2 * d2r, v1i = s1 * d1i + s2 * d2i;
    const V v2r = s2 * d1r - s1 * d2r, v2i = s2 * d1i - s1 * d2i;
    re[0] = re[0] + b1r + b2r, im[0] = im[0] + b1i + b2i;
    re[1] = t1r + v1i, im[1] = t1i - v1r;
    re[4] = t1r - v1i, im[4] = t1i + v1r;
    re[2] = t2r + v2i, im[2] = t2i - v2r;
    re[3] = t2r - v2i, im[3] = t2i + v2r;
}

/// cos(2π·k/n) in long double at compile time: a Taylor series after reducing the angle to [−π, π] (the
/// terms fall below 10⁻²⁰ long before the 30th, so the result is exact to long double's rounding).
constexpr long double cos_turn(std::size_t k, std::size_t n) noexcept {
    constexpr long double pi = 3.14159265358979323846264338327950288L;
    k %= n;
    const long double k_signed =
        2 * k > n ? static_cast<long double>(k) - static_cast<long double>(n) : static_cast<long double>(k);
    const long double x = 2 * pi * k_signed / static_cast<long double>(n);
    long double term = 1, sum = 1;
    for (int i = 1; i < 30; ++i) {
        term *= -x * x / ((2 * i - 1) * (2 * i));
        sum += term;
    }
    return sum;
}

/// cos(2π·i/(4R)) for i < 4R rounded to T once (sines are the same table a quarter turn on), so that unrolled
/// code indexes constants instead of evaluating cos_turn.
template <class T, std::size_t R>
inline constexpr std::array<T, 4 * R> quarter_turn_cos = [] {
    std::array<T, 4 * R> table{};
    for (std::size_t i = 0; i < 4 * R; ++i) table[i] = static_cast<T>(cos_turn(i, 4 * R));
    return table;
}();

template <std::size_t R, class V>
IEMLAB_FFT_INLINE void butterfly(V* re, V* im) noexcept;

/// Forward R-point DFT for R = A·B in registers, one Cooley–Tukey step (Van Loan §2.1): A-point DFTs of
/// x[B·n1 + n2] over n1 for each n2, the constant twiddles ω_R^{n2·k1}, then B-point DFTs over n2 for each k1
/// give X[k1 + A·k2]. Radix 9, 15 and 25 passes do in one sweep over memory what 3·3, 3·5 and 5·5 did in two.
template <std::size_t A, std::size_t B, class V>
IEMLAB_FFT_INLINE void composite_dft(V* re, V* im) noexcept {
    using T = typename lane_ops<V>::value_type;
    constexpr std::size_t R = A * B;
    V yr[B][A], yi[B][A];
    IEMLAB_FFT_UNROLL
    for (std::size_t n2 = 0; n2 < B; ++n2) {
        IEMLAB_FFT_UNROLL
        for (std::size_t n1 = 0; n1 < A; ++n1) yr[n2][n1] = re[B * n1 + n2], yi[n2][n1] = im[B * n1 + n2];
        butterfly<A>(yr[n2], yi[n2]);
    }
    IEMLAB_FFT_UNROLL
    for (std::size_t n2 = 1; n2 < B; ++n2) {
        IEMLAB_FFT_UNROLL
        for (std::size_t k1 = 1; k1 < A; ++k1) {
            // · ω_R^{n2·k1} = c − j·s with c = cos(2π·n2·k1/R), s = sin(…) = cos(2π·n2·k1/R − π/2)
            constexpr const auto& table = quarter_turn_cos<T, R>;
            const V c(table[4 * n2 * k1 % (4 * R)]), s(table[(4 * n2 * k1 + 3 * R) % (4 * R)]);
            const V a = yr[n2][k1], b = yi[n2][k1];
            yr[n2][k1] = a * c + b * s;
            yi[n2][k1] = b * c - a * s;
        }
    }
    IEMLAB_FFT_UNROLL
    for (std::size_t k1 = 0; k1 < A; ++k1) {
        V zr[B], zi[B];
        IEMLAB_FFT_UNROLL
        for (std::size_t n2 = 0; n2 < B; ++n2) zr[n2] = yr[n2][k1], zi[n2] = yi[n2][k1];
        butterfly<B>(zr, zi);
        IEMLAB_FFT_UNROLL
        for (std::size_t k2 = 0; k2 < B; ++k2) re[k1 + A * k2] = zr[k2], im[k1 + A * k2] = zi[k2];
    }
}

/// Whether radix 9, 15 and 25 passes exist for precision T at `lanes` lanes: double precision at 8 lanes
/// (AVX-512) only. The plan schedules them there alone (fft_engine::odd_radices) and the kernels instantiate them
/// there alone; elsewhere they would only add compile time.
template <class T>
constexpr bool composite_radices(std::size_t lanes) noexcept {
    return std::is_same_v<T, double> && lanes == 8;
}

/// Forward R-point DFT in registers.
template <std::size_t R, class V>
IEMLAB_FFT_INLINE void butterfly(V* re, V* im) noexcept {
    if constexpr (R == 3)
        dft3(re, im);
    else if constexpr (R == 5)
        dft5(re, im);
    else if constexpr (R == 9)
        composite_dft<3, 3>(re, im);
    else if constexpr (R == 15)
        composite_dft<3, 5>(re, im);
    else if constexpr (R == 25)
        composite_dft<5, 5>(re, im);
    else
        small_dft<R>(re, im);
}

/// Where a transform reads and writes: split arrays, or (a null imaginary pointer) one array of interleaved
/// (re, im) pairs; the output is multiplied by (scale_re, scale_im) part by part.
template <class T>
struct fft_io {
    const T* in_re;  ///< input real parts, or 2N interleaved values when in_im is null
    const T* in_im;  ///< input imaginary parts, or null
    T* out_re;       ///< output real parts, or 2N interleaved values when out_im is null
    T* out_im;       ///< output imaginary parts, or null
    T* work_re;      ///< N values of work space
    T* work_im;      ///< N values of work space
    T scale_re;      ///< factor on the output's real parts
    T scale_im;      ///< factor on the output's imaginary parts
};

/// Loads vector `at` (a complex index) from split or interleaved storage.
template <bool Interleaved, class V, class T>
IEMLAB_FFT_INLINE void load_complex(const T* re, const T* im, std::size_t at, V& r, V& i) noexcept {
    if constexpr (Interleaved) {
        lane_ops<V>::load_interleaved(re + 2 * at, r, i);
    } else {
        r = lane_ops<V>::load(re + at);
        i = lane_ops<V>::load(im + at);
    }
}

/// Stores vector `at` (a complex index) to split or interleaved storage, scaled when Scaled.
template <bool Interleaved, bool Scaled, class V, class T>
IEMLAB_FFT_INLINE void store_complex(T* re, T* im, std::size_t at, V r, V i, const V& sr, const V& si) noexcept {
    if constexpr (Scaled) {
        r = r * sr;
        i = i * si;
    } else {
        (void)sr;
        (void)si;
    }
    if constexpr (Interleaved) {
        lane_ops<V>::store_interleaved(re + 2 * at, r, i);
    } else {
        lane_ops<V>::store(re + at, r);
        lane_ops<V>::store(im + at, i);
    }
}

/// I/O variant of one pass: interleaved input (first pass), interleaved output, scaled output (last pass).
struct pass_mode {
    bool in_interleaved;  ///< reads (re, im) pairs from one array
    bool out_interleaved; ///< writes (re, im) pairs to one array
    bool scaled;          ///< multiplies its output by the scale factors
};

/// One column of butterflies of a Stockham pass: s vectors q, inputs at x + q + k·in_step, outputs at
/// y + q + j·out_step (complex indices, in units of T for split storage), outputs j >= 1 multiplied by
/// (wr, wi)[j] when Twiddled.
template <std::size_t R, bool Twiddled, bool InI, bool OutI, bool Scaled, class V, class T>
IEMLAB_FFT_INLINE void stockham_column(std::size_t s, std::size_t in_step, std::size_t out_step, const V* wr,
                                       const V* wi, const V& sr, const V& si, const T* xr, const T* xi,
                                       std::size_t x0, T* yr, T* yi, std::size_t y0) noexcept {
    constexpr std::size_t W = lane_ops<V>::size;
    for (std::size_t q = 0; q < s * W; q += W) {
        V ar[R], ai[R];
        IEMLAB_FFT_UNROLL
        for (std::size_t k = 0; k < R; ++k) load_complex<InI>(xr, xi, x0 + q + k * in_step, ar[k], ai[k]);
        butterfly<R>(ar, ai);
        store_complex<OutI, Scaled>(yr, yi, y0 + q, ar[0], ai[0], sr, si);
        IEMLAB_FFT_UNROLL
        for (std::size_t j = 1; j < R; ++j) {
            if constexpr (Twiddled) {
                const V br = ar[j] * wr[j] - ai[j] * wi[j];
                const V bi = ar[j] * wi[j] + ai[j] * wr[j];
                store_complex<OutI, Scaled>(yr, yi, y0 + q + j * out_step, br, bi, sr, si);
            } else {
                store_complex<OutI, Scaled>(yr, yi, y0 + q + j * out_step, ar[j], ai[j], sr, si);
            }
        }
    }
}

/// One Stockham pass of radix R over vectors of type V (see fft_pass); x and y must not overlap.
template <std::size_t R, bool InI, bool OutI, bool Scaled, class V, class T>
inline void stockham_pass(const fft_pass& pass, const T* twr, const T* twi, const V& sr, const V& si, const T* xr,
                          const T* xi, T* yr, T* yi) noexcept {
    constexpr std::size_t W = lane_ops<V>::size;
    const std::size_t s = pass.stride, m = pass.count;
    const std::size_t in_step = s * m * W; // between the R inputs of one butterfly
    const std::size_t out_step = s * W;    // between its R outputs
    V wr[R], wi[R];
    // p = 0: twiddles are 1
    stockham_column<R, false, InI, OutI, Scaled>(s, in_step, out_step, wr, wi, sr, si, xr, xi, 0, yr, yi, 0);
    for (std::size_t p = 1; p < m; ++p) {
        IEMLAB_FFT_UNROLL
        for (std::size_t j = 1; j < R; ++j) {
            wr[j] = V(twr[p * (R - 1) + j - 1]);
            wi[j] = V(twi[p * (R - 1) + j - 1]);
        }
        stockham_column<R, true, InI, OutI, Scaled>(s, in_step, out_step, wr, wi, sr, si, xr, xi, s * p * W, yr, yi,
                                                    s * R * p * W);
    }
}

/// Runs one Stockham pass with its radix and I/O variant chosen at run time.
template <class V, bool InI, bool OutI, bool Scaled, class T>
inline void run_stockham_pass(const fft_pass& pass, const T* twr, const T* twi, const V& sr, const V& si,
                              const T* xr, const T* xi, T* yr, T* yi) noexcept {
    twr += pass.twiddle_offset;
    twi += pass.twiddle_offset;
    switch (pass.radix) {
    case 2: stockham_pass<2, InI, OutI, Scaled>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
    case 3: stockham_pass<3, InI, OutI, Scaled>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
    case 4: stockham_pass<4, InI, OutI, Scaled>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
    case 5: stockham_pass<5, InI, OutI, Scaled>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
    case 8: stockham_pass<8, InI, OutI, Scaled>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
    case 16: stockham_pass<16, InI, OutI, Scaled>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
    case 9:
    case 15:
    case 25: // composite radices: double precision at 8 lanes only (fft_engine::odd_radices)
        if constexpr (composite_radices<T>(lane_ops<V>::size)) {
            if (pass.radix == 9) stockham_pass<9, InI, OutI, Scaled>(pass, twr, twi, sr, si, xr, xi, yr, yi);
            if (pass.radix == 15) stockham_pass<15, InI, OutI, Scaled>(pass, twr, twi, sr, si, xr, xi, yr, yi);
            if (pass.radix == 25) stockham_pass<25, InI, OutI, Scaled>(pass, twr, twi, sr, si, xr, xi, yr, yi);
        }
        break;
    default: break; // the plan only builds the radices above
    }
}

/// Transposes a W×W block held as W vectors (row t = v[t]): register shuffles on x86, through memory elsewhere.
template <class V>
IEMLAB_FFT_INLINE void transpose_block(V* v) noexcept {
    using ops = lane_ops<V>;
    using T = typename ops::value_type;
    constexpr std::size_t W = ops::size;
#if defined(__x86_64__) || defined(__i386__)
    using A = typename V::arch_type;
    if constexpr (std::is_same_v<A, xsimd::avx512bw> && std::is_same_v<T, float>) {
        __m512 t[16], u[16];
        IEMLAB_FFT_UNROLL
        for (int i = 0; i < 8; ++i) { // per 128-bit lane: rows 2i, 2i+1 interleaved
            t[2 * i] = _mm512_unpacklo_ps(v[2 * i], v[2 * i + 1]);
            t[2 * i + 1] = _mm512_unpackhi_ps(v[2 * i], v[2 * i + 1]);
        }
        IEMLAB_FFT_UNROLL
        for (int g = 0; g < 4; ++g) { // u[4g + c], lane L: rows 4g…4g+3 of column 4L + c
            u[4 * g + 0] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], 0x44);
            u[4 * g + 1] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], 0xEE);
            u[4 * g + 2] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0x44);
            u[4 * g + 3] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0xEE);
        }
        IEMLAB_FFT_UNROLL
        for (int c = 0; c < 4; ++c) { // gather lane L of u[c], u[4+c], u[8+c], u[12+c] into column 4L + c
            const __m512 a = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x88), b = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xDD);
            const __m512 e = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x88);
            const __m512 f = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xDD);
            v[c] = _mm512_shuffle_f32x4(a, e, 0x88);
            v[4 + c] = _mm512_shuffle_f32x4(b, f, 0x88);
            v[8 + c] = _mm512_shuffle_f32x4(a, e, 0xDD);
            v[12 + c] = _mm512_shuffle_f32x4(b, f, 0xDD);
        }
        return;
    } else if constexpr (std::is_same_v<A, xsimd::avx512bw> && std::is_same_v<T, double>) {
        __m512d t[8];
        IEMLAB_FFT_UNROLL
        for (int i = 0; i < 4; ++i) { // t[2i + e], lane L: rows 2i, 2i+1 of column 2L + e
            t[2 * i] = _mm512_unpacklo_pd(v[2 * i], v[2 * i + 1]);
            t[2 * i + 1] = _mm512_unpackhi_pd(v[2 * i], v[2 * i + 1]);
        }
        IEMLAB_FFT_UNROLL
        for (int e = 0; e < 2; ++e) {
            const __m512d a = _mm512_shuffle_f64x2(t[e], t[2 + e], 0x88), b = _mm512_shuffle_f64x2(t[e], t[2 + e], 0xDD);
            const __m512d c = _mm512_shuffle_f64x2(t[4 + e], t[6 + e], 0x88);
            const __m512d d = _mm512_shuffle_f64x2(t[4 + e], t[6 + e], 0xDD);
            v[e] = _mm512_shuffle_f64x2(a, c, 0x88);
            v[2 + e] = _mm512_shuffle_f64x2(b, d, 0x88);
            v[4 + e] = _mm512_shuffle_f64x2(a, c, 0xDD);
            v[6 + e] = _mm512_shuffle_f64x2(b, d, 0xDD);
        }
        return;
    } else if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>> && std::is_same_v<T, float>) {
        __m256 t[8], u[8];
        IEMLAB_FFT_UNROLL
        for (int i = 0; i < 4; ++i) {
            t[2 * i] = _mm256_unpacklo_ps(v[2 * i], v[2 * i + 1]);
            t[2 * i + 1] = _mm256_unpackhi_ps(v[2 * i], v[2 * i + 1]);
        }
        IEMLAB_FFT_UNROLL
        for (int g = 0; g < 2; ++g) { // u[4g + c], lane L: rows 4g…4g+3 of column 4L + c
            u[4 * g + 0] = _mm256_shuffle_ps(t[4 * g], t[4 * g + 2], 0x44);
            u[4 * g + 1] = _mm256_shuffle_ps(t[4 * g], t[4 * g + 2], 0xEE);
            u[4 * g + 2] = _mm256_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0x44);
            u[4 * g + 3] = _mm256_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0xEE);
        }
        IEMLAB_FFT_UNROLL
        for (int c = 0; c < 4; ++c) {
            v[c] = _mm256_permute2f128_ps(u[c], u[4 + c], 0x20);
            v[4 + c] = _mm256_permute2f128_ps(u[c], u[4 + c], 0x31);
        }
        return;
    } else if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>> && std::is_same_v<T, double>) {
        const __m256d t0 = _mm256_unpacklo_pd(v[0], v[1]), t1 = _mm256_unpackhi_pd(v[0], v[1]);
        const __m256d t2 = _mm256_unpacklo_pd(v[2], v[3]), t3 = _mm256_unpackhi_pd(v[2], v[3]);
        v[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
        v[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
        v[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
        v[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
        return;
    } else if constexpr (std::is_same_v<A, xsimd::sse2> && std::is_same_v<T, float>) {
        const __m128 t0 = _mm_unpacklo_ps(v[0], v[1]), t1 = _mm_unpackhi_ps(v[0], v[1]);
        const __m128 t2 = _mm_unpacklo_ps(v[2], v[3]), t3 = _mm_unpackhi_ps(v[2], v[3]);
        v[0] = _mm_movelh_ps(t0, t2);
        v[1] = _mm_movehl_ps(t2, t0);
        v[2] = _mm_movelh_ps(t1, t3);
        v[3] = _mm_movehl_ps(t3, t1);
        return;
    } else if constexpr (std::is_same_v<A, xsimd::sse2> && std::is_same_v<T, double>) {
        const __m128d t0 = _mm_unpacklo_pd(v[0], v[1]), t1 = _mm_unpackhi_pd(v[0], v[1]);
        v[0] = t0;
        v[1] = t1;
        return;
    }
#endif
    alignas(64) T buffer[W * W];
    IEMLAB_FFT_UNROLL
    for (std::size_t t = 0; t < W; ++t) ops::store(buffer + t * W, v[t]);
    alignas(64) T column[W];
    IEMLAB_FFT_UNROLL
    for (std::size_t t = 0; t < W; ++t) {
        IEMLAB_FFT_UNROLL
        for (std::size_t u = 0; u < W; ++u) column[u] = buffer[u * W + t];
        v[t] = ops::load(column);
    }
}

/// The twiddles, transpose and W-point DFTs of lane_block, in registers: afterwards r/i[k2] hold
/// X[b + t + M·k2] in lane t.
template <class V, bool Unit, class T>
IEMLAB_FFT_INLINE void lane_block_dft(V* r, V* i, std::size_t b, const T* ltr, const T* lti) noexcept {
    using ops = lane_ops<V>;
    constexpr std::size_t W = ops::size;
    const T* btr = ltr + W * W;
    const T* bti = lti + W * W;
    transpose_block(r);
    transpose_block(i);
    IEMLAB_FFT_UNROLL
    for (std::size_t n2 = 1; n2 < W; ++n2) {
        V wr = ops::load(ltr + n2 * W), wi = ops::load(lti + n2 * W);
        if constexpr (!Unit) {
            const V gr(btr[b + n2]), gi(bti[b + n2]), cr = wr, ci = wi;
            wr = gr * cr - gi * ci;
            wi = gr * ci + gi * cr;
        }
        const V a = r[n2];
        r[n2] = a * wr - i[n2] * wi;
        i[n2] = a * wi + i[n2] * wr;
    }
    small_dft<W>(r, i);
}

/// One block of the lane pass: r/i[t] hold Y[b + t] (lane n2); transposes, applies ω_N^{(b+t)·n2} as
/// ω_N^{b·n2} (broadcast) · ω_N^{t·n2}, takes W-point DFTs across lanes and stores X[b + t + M·k2]. Unit: b is 0,
/// so the broadcast factor is 1 and the complex multiply that applies it is skipped.
template <class V, bool OutI, bool Scaled, bool Unit = false, class T>
IEMLAB_FFT_INLINE void lane_block(V* r, V* i, std::size_t b, std::size_t m, const T* ltr, const T* lti, const V& sr,
                                  const V& si, T* yr, T* yi) noexcept {
    constexpr std::size_t W = lane_ops<V>::size;
    lane_block_dft<V, Unit>(r, i, b, ltr, lti);
    IEMLAB_FFT_UNROLL
    for (std::size_t k2 = 0; k2 < W; ++k2) store_complex<OutI, Scaled>(yr, yi, b + m * k2, r[k2], i[k2], sr, si);
}

/// The last pass of the four-step scheme: Y[k1] (lane n2) · ω_N^{k1·n2}, then W-point DFTs across lanes, output
/// X[k1 + M·k2] in order. Blocks of W vectors are transposed; when M = N/W is not a multiple of W (but at least
/// W) the last block is padded with zero rows and only its M mod W real rows are stored. After the
/// transpose, vector n2 holds k1 = b…b+W−1 in its lanes and gets the twiddle ω_N^{b·n2} (broadcast) · ω_N^{t·n2},
/// which needs a table W times smaller than one entry per (k1, n2).
template <class V, bool OutI, bool Scaled, class T>
inline void lane_pass(std::size_t n, const T* ltr, const T* lti, const V& sr, const V& si, const T* xr, const T* xi,
                      T* yr, T* yi) noexcept {
    using ops = lane_ops<V>;
    constexpr std::size_t W = ops::size;
    const std::size_t m = n / W, full = m / W * W;
    for (std::size_t b = 0; b < full; b += W) {
        V r[W], i[W];
        IEMLAB_FFT_UNROLL
        for (std::size_t t = 0; t < W; ++t) {
            r[t] = ops::load(xr + (b + t) * W);
            i[t] = ops::load(xi + (b + t) * W);
        }
        lane_block<V, OutI, Scaled>(r, i, b, m, ltr, lti, sr, si, yr, yi);
    }
    if (full != m) { // M not a multiple of W: the last block has m − full rows; the others are zero
        const std::size_t rows = m - full;
        V r[W], i[W];
        for (std::size_t t = 0; t < W; ++t) {
            r[t] = t < rows ? ops::load(xr + (full + t) * W) : V(T(0));
            i[t] = t < rows ? ops::load(xi + (full + t) * W) : V(T(0));
        }
        lane_block_dft<V, false>(r, i, full, ltr, lti);
        alignas(64) T out_re[W], out_im[W]; // X[full + t + M·k2] in lane t; lanes t >= rows are not outputs
        for (std::size_t k2 = 0; k2 < W; ++k2) {
            store_complex<false, Scaled>(out_re, out_im, 0, r[k2], i[k2], sr, si);
            for (std::size_t t = 0; t < rows; ++t) {
                const std::size_t k = full + t + m * k2;
                if constexpr (OutI)
                    yr[2 * k] = out_re[t], yr[2 * k + 1] = out_im[t];
                else
                    yr[k] = out_re[t], yi[k] = out_im[t];
            }
        }
    }
}

/// The last Stockham pass (radix R, stride s = M/R, no twiddles) and the lane pass in one sweep over memory:
/// W consecutive butterflies q0…q0+W−1 give, for each output j, the W consecutive vectors Y[q0 + s·j + t] that
/// one lane block needs; they wait in an L1-sized buffer on the stack. Needs s to be a multiple of W.
template <std::size_t R, class V, bool OutI, bool Scaled, class T>
inline void fused_lane_pass(std::size_t n, const T* ltr, const T* lti, const V& sr, const V& si, const T* xr,
                            const T* xi, T* yr, T* yi) noexcept {
    using ops = lane_ops<V>;
    constexpr std::size_t W = ops::size;
    const std::size_t m = n / W, s = m / R;
    alignas(64) T buffer_re[R * W * W], buffer_im[R * W * W]; // [j][t] vectors
    for (std::size_t q0 = 0; q0 < s; q0 += W) {
        for (std::size_t t = 0; t < W; ++t) {
            V ar[R], ai[R];
            IEMLAB_FFT_UNROLL
            for (std::size_t k = 0; k < R; ++k) {
                ar[k] = ops::load(xr + (q0 + t + s * k) * W);
                ai[k] = ops::load(xi + (q0 + t + s * k) * W);
            }
            butterfly<R>(ar, ai);
            IEMLAB_FFT_UNROLL
            for (std::size_t j = 0; j < R; ++j) {
                ops::store(buffer_re + (j * W + t) * W, ar[j]);
                ops::store(buffer_im + (j * W + t) * W, ai[j]);
            }
        }
        for (std::size_t j = 0; j < R; ++j) {
            V r[W], i[W];
            IEMLAB_FFT_UNROLL
            for (std::size_t t = 0; t < W; ++t) {
                r[t] = ops::load(buffer_re + (j * W + t) * W);
                i[t] = ops::load(buffer_im + (j * W + t) * W);
            }
            lane_block<V, OutI, Scaled>(r, i, q0 + s * j, m, ltr, lti, sr, si, yr, yi);
        }
    }
}

/// Runs the fused last pass with its radix and output variant chosen at run time.
template <class V, bool OutI, bool Scaled, class T>
inline void run_fused_lane_pass(std::size_t radix, std::size_t n, const T* ltr, const T* lti, const V& sr,
                                const V& si, const T* xr, const T* xi, T* yr, T* yi) noexcept {
    switch (radix) {
    case 2: fused_lane_pass<2, V, OutI, Scaled>(n, ltr, lti, sr, si, xr, xi, yr, yi); break;
    case 3: fused_lane_pass<3, V, OutI, Scaled>(n, ltr, lti, sr, si, xr, xi, yr, yi); break;
    case 4: fused_lane_pass<4, V, OutI, Scaled>(n, ltr, lti, sr, si, xr, xi, yr, yi); break;
    case 5: fused_lane_pass<5, V, OutI, Scaled>(n, ltr, lti, sr, si, xr, xi, yr, yi); break;
    case 8: fused_lane_pass<8, V, OutI, Scaled>(n, ltr, lti, sr, si, xr, xi, yr, yi); break;
    case 16: fused_lane_pass<16, V, OutI, Scaled>(n, ltr, lti, sr, si, xr, xi, yr, yi); break;
    case 9:
    case 15:
    case 25:
        if constexpr (composite_radices<T>(lane_ops<V>::size)) {
            if (radix == 9) fused_lane_pass<9, V, OutI, Scaled>(n, ltr, lti, sr, si, xr, xi, yr, yi);
            if (radix == 15) fused_lane_pass<15, V, OutI, Scaled>(n, ltr, lti, sr, si, xr, xi, yr, yi);
            if (radix == 25) fused_lane_pass<25, V, OutI, Scaled>(n, ltr, lti, sr, si, xr, xi, yr, yi);
        }
        break;
    default: break;
    }
}

/// The whole transform of N = W·M points (M a power of two, W <= M <= 16) in one sweep: the M vectors (lane n2 of
/// vector n1 is x[W·n1 + n2]) go into registers, one M-point DFT across them gives Y[k1] (lane n2), then the lane
/// blocks of the four-step scheme (lane_block) twiddle, transpose, take the W-point DFTs and store X[k1 + M·k2].
/// No pass loop, no work buffer, no per-pass twiddle loads: for N = W² (256 floats at AVX-512) the data never
/// leaves the registers (apart from the compiler's spills). All loads happen before the first store, so `x` may
/// be `y`.
template <std::size_t M, bool InI, bool OutI, bool Scaled, class V, class T>
inline void direct_small_fft(const T* ltr, const T* lti, const V& sr, const V& si, const T* xr, const T* xi, T* yr,
                             T* yi) noexcept {
    constexpr std::size_t W = lane_ops<V>::size;
    static_assert(M >= W && M % W == 0 && M <= 16, "direct_small_fft: W <= M <= 16, M a multiple of W");
    V r[M], i[M];
    IEMLAB_FFT_UNROLL
    for (std::size_t k = 0; k < M; ++k) load_complex<InI>(xr, xi, k * W, r[k], i[k]);
    small_dft<M>(r, i);
    lane_block<V, OutI, Scaled, true>(r, i, 0, M, ltr, lti, sr, si, yr, yi);
    IEMLAB_FFT_UNROLL
    for (std::size_t b = W; b < M; b += W) lane_block<V, OutI, Scaled>(r + b, i + b, b, M, ltr, lti, sr, si, yr, yi);
}

/// The I/O variants direct_small_fft is instantiated for, as (interleaved in ? 4 : 0) + (interleaved out ? 2 : 0)
/// + (scaled ? 1 : 0), after interleaved output has been made scaled (a factor 1 is exact): 0 split (complex
/// forward), 1 split scaled (complex inverse), 3 split in, interleaved scaled out (real inverse), 4 interleaved in
/// (real forward). The plan runs its Stockham passes for any other variant (nothing in the library asks for one),
/// so the kernel library holds 4 instead of 8 copies of each straight-line kernel.
constexpr int direct_variant(bool in_interleaved, bool out_interleaved, bool scaled) noexcept {
    return (in_interleaved ? 4 : 0) + (out_interleaved ? 3 : (scaled ? 1 : 0));
}

/// Whether direct_small_fft has an instantiation for the variant (see direct_variant).
constexpr bool direct_variant_supported(int variant) noexcept {
    return variant == 0 || variant == 1 || variant == 3 || variant == 4;
}

/// direct_small_fft for one M with the variant chosen at run time (one of direct_variant_supported).
template <std::size_t M, class V, class T>
IEMLAB_FFT_INLINE void run_direct_small_fft_m(int variant, const T* ltr, const T* lti, const V& sr, const V& si,
                                              const T* xr, const T* xi, T* yr, T* yi) noexcept {
    switch (variant) {
    case 0: direct_small_fft<M, false, false, false>(ltr, lti, sr, si, xr, xi, yr, yi); break;
    case 1: direct_small_fft<M, false, false, true>(ltr, lti, sr, si, xr, xi, yr, yi); break;
    case 3: direct_small_fft<M, false, true, true>(ltr, lti, sr, si, xr, xi, yr, yi); break;
    case 4: direct_small_fft<M, true, false, false>(ltr, lti, sr, si, xr, xi, yr, yi); break;
    default: break; // the plan runs the passes for the others
    }
}

/// Runs direct_small_fft with M and the I/O variant chosen at run time.
template <class V, class T>
inline void run_direct_small_fft(const fft_program<T>& prog, int variant, const V& sr, const V& si, const T* xr,
                                 const T* xi, T* yr, T* yi) noexcept {
    constexpr std::size_t W = lane_ops<V>::size;
    if constexpr (W > 1 && W <= 16) {
        const T* ltr = prog.twiddle_re + prog.lane_twiddle_offset;
        const T* lti = prog.twiddle_im + prog.lane_twiddle_offset;
        switch (prog.size / W) {
        case 2:
            if constexpr (W <= 2) run_direct_small_fft_m<2>(variant, ltr, lti, sr, si, xr, xi, yr, yi);
            break;
        case 4:
            if constexpr (W <= 4) run_direct_small_fft_m<4>(variant, ltr, lti, sr, si, xr, xi, yr, yi);
            break;
        case 8:
            if constexpr (W <= 8) run_direct_small_fft_m<8>(variant, ltr, lti, sr, si, xr, xi, yr, yi);
            break;
        case 16: run_direct_small_fft_m<16>(variant, ltr, lti, sr, si, xr, xi, yr, yi); break;
        default: break; // the plan sets `direct` only for these
        }
    } else {
        (void)prog, (void)variant, (void)sr, (void)si, (void)xr, (void)xi, (void)yr, (void)yi;
    }
}

/// Runs pass `i` of `total` with the I/O variant `mode` (template flags chosen here, at run time).
template <class V, class T>
inline void run_pass(const fft_program<T>& prog, std::size_t i, pass_mode mode, const V& sr, const V& si,
                     const T* xr, const T* xi, T* yr, T* yi) noexcept {
    constexpr std::size_t W = lane_ops<V>::size;
    const T* twr = prog.twiddle_re;
    const T* twi = prog.twiddle_im;
    if constexpr (W > 1) {
        if (prog.fuse_last && i + 1 == prog.pass_count) {
            const T* ltr = twr + prog.lane_twiddle_offset;
            const T* lti = twi + prog.lane_twiddle_offset;
            const std::size_t r = prog.passes[i].radix, n = prog.size;
            // Interleaved output is always scaled (by 1 when unscaled: exact), one instantiation fewer.
            if (mode.out_interleaved)
                run_fused_lane_pass<V, true, true>(r, n, ltr, lti, sr, si, xr, xi, yr, yi);
            else if (mode.scaled)
                run_fused_lane_pass<V, false, true>(r, n, ltr, lti, sr, si, xr, xi, yr, yi);
            else
                run_fused_lane_pass<V, false, false>(r, n, ltr, lti, sr, si, xr, xi, yr, yi);
            return;
        }
    }
    if (i < prog.pass_count) {
        const fft_pass& pass = prog.passes[i];
        if constexpr (W == 1) { // the scalar layout has no lane pass: its last Stockham pass may scale/interleave
            switch (direct_variant(mode.in_interleaved, mode.out_interleaved, mode.scaled)) {
            case 0: run_stockham_pass<V, false, false, false>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
            case 1: run_stockham_pass<V, false, false, true>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
            case 3: run_stockham_pass<V, false, true, true>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
            case 4: run_stockham_pass<V, true, false, false>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
            case 5: run_stockham_pass<V, true, false, true>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
            default: run_stockham_pass<V, true, true, true>(pass, twr, twi, sr, si, xr, xi, yr, yi); break;
            }
        } else if (mode.in_interleaved) {
            run_stockham_pass<V, true, false, false>(pass, twr, twi, sr, si, xr, xi, yr, yi);
        } else {
            run_stockham_pass<V, false, false, false>(pass, twr, twi, sr, si, xr, xi, yr, yi);
        }
    } else if constexpr (W > 1) {
        const T* ltr = twr + prog.lane_twiddle_offset;
        const T* lti = twi + prog.lane_twiddle_offset;
        if (mode.out_interleaved) // always scaled, as in the fused pass
            lane_pass<V, true, true>(prog.size, ltr, lti, sr, si, xr, xi, yr, yi);
        else if (mode.scaled)
            lane_pass<V, false, true>(prog.size, ltr, lti, sr, si, xr, xi, yr, yi);
        else
            lane_pass<V, false, false>(prog.size, ltr, lti, sr, si, xr, xi, yr, yi);
    }
}

/// The whole forward transform with vector type V; see fft_forward.
template <class V, class T>
inline void run_fft(const fft_program<T>& prog, const fft_io<T>& io) noexcept {
    const bool in_interleaved = io.in_im == nullptr, out_interleaved = io.out_im == nullptr;
    const bool scaled = io.scale_re != T(1) || io.scale_im != T(1);
    if (prog.direct) { // small sizes: first, with nothing computed that they do not need
        const V sr(io.scale_re), si(io.scale_im);
        run_direct_small_fft<V>(prog, direct_variant(in_interleaved, out_interleaved, scaled), sr, si, io.in_re,
                                io.in_im, io.out_re, out_interleaved ? io.out_re + prog.size : io.out_im);
        return;
    }
    const std::size_t n = prog.size;
    const std::size_t total = prog.total_passes();
    if (total == 0) { // N = 1: X[0] = x[0]
        const T r = io.in_re[0], i = in_interleaved ? io.in_re[1] : io.in_im[0];
        T* out_im = out_interleaved ? io.out_re + 1 : io.out_im;
        io.out_re[0] = r * io.scale_re;
        out_im[0] = i * io.scale_im;
        return;
    }
    // With interleaved output, the passes before the last use the output array as split storage.
    T* out_re = io.out_re;
    T* out_im = out_interleaved ? io.out_re + n : io.out_im;
    const V sr(io.scale_re), si(io.scale_im);
    const T* xr = io.in_re;
    const T* xi = io.in_im;
    for (std::size_t i = 0; i < total; ++i) {
        const bool last = i + 1 == total;
        const bool to_out = (total - 1 - i) % 2 == 0; // the last pass writes `out`
        T* yr = to_out ? out_re : io.work_re;
        T* yi = to_out ? out_im : io.work_im;
        const pass_mode mode{i == 0 && in_interleaved, last && out_interleaved, last && scaled};
        run_pass<V>(prog, i, mode, sr, si, xr, xi, yr, yi);
        xr = yr;
        xi = yi;
    }
}

/// Forward complex DFT of prog.size points, X[k] = Σ x[n]·e^{−j2πkn/N}, scaled part by part (see fft_io).
/// If prog.total_passes() is odd the first pass writes `out`, so `in` must not overlap `out` then (the plan copies
/// such input to `work` first). The plan built `prog` for this architecture's width.
template <class T>
struct fft_forward {
    /// SIMD variant: prog.lanes must equal the batch width of Arch (else nothing is written).
    template <class Arch>
    void operator()(Arch, const fft_program<T>* prog, const fft_io<T>* io) const noexcept;
    /// Scalar reference (prog.lanes must be 1).
    void operator()(scalar_arch, const fft_program<T>* prog, const fft_io<T>* io) const noexcept {
        if (prog->lanes != 1) return;
        run_fft<T>(*prog, *io);
    }
};

template <class T>
template <class Arch>
void fft_forward<T>::operator()(Arch, const fft_program<T>* prog, const fft_io<T>* io) const noexcept {
    using V = xsimd::batch<T, Arch>;
    if (prog->lanes != V::size) return;
    run_fft<V>(*prog, *io);
}

/// Post-pass of the real forward FFT, pairs k and M−k from k = `from` on (scalar, for the tail and reference).
/// Z = DFT_M(x[2n] + j·x[2n+1]) in re/im[0…M) becomes the bins X[0…M] of the real 2M-point DFT, in place:
/// with E = (Z[k] + Z*[M−k])/2, H = (Z[k] − Z*[M−k])/2, D = W^k·H (W = e^{−j2π/2M}), X[k] = E − j·D and
/// X[M−k] = conj(E + j·D) (real FFT through a half-length complex FFT). The template parameter V only keeps each
/// architecture's copy a distinct symbol.
template <class V, class T>
IEMLAB_FFT_INLINE void real_post_tail(T* re, T* im, const T* wr, const T* wi, std::size_t m,
                                      std::size_t from) noexcept {
    for (std::size_t k = from; 2 * k <= m; ++k) {
        const std::size_t kk = m - k;
        const T er = T(0.5) * (re[k] + re[kk]), ei = T(0.5) * (im[k] - im[kk]);
        const T hr = T(0.5) * (re[k] - re[kk]), hi = T(0.5) * (im[k] + im[kk]);
        const T dr = hr * wr[k] - hi * wi[k], di = hr * wi[k] + hi * wr[k];
        re[k] = er + di, im[k] = ei - dr;
        re[kk] = er - di, im[kk] = -(ei + dr);
    }
}

/// Pre-pass of the real inverse FFT, pairs k and M−k from k = `from` on: the bins X[0…M] of a Hermitian 2M-point
/// spectrum become conj(Z) in zr/zi[0…M), where Z[k] = E + j·conj(W^k)·H and Z[M−k] = conj(E − j·conj(W^k)·H)
/// with E = (X[k] + X*[M−k])/2, H = (X[k] − X*[M−k])/2; the forward DFT of conj(Z), conjugated and divided by M,
/// is z[n] = x[2n] + j·x[2n+1].
template <class V, class T>
IEMLAB_FFT_INLINE void real_pre_tail(const T* re, const T* im, T* zr, T* zi, const T* wr, const T* wi, std::size_t m,
                                     std::size_t from) noexcept {
    if (from == 0) {
        zr[0] = T(0.5) * (re[0] + re[m]);
        zi[0] = -T(0.5) * (re[0] - re[m]);
        from = 1;
    }
    for (std::size_t k = from; 2 * k <= m; ++k) {
        const std::size_t kk = m - k;
        const T er = T(0.5) * (re[k] + re[kk]), ei = T(0.5) * (im[k] - im[kk]);
        const T hr = T(0.5) * (re[k] - re[kk]), hi = T(0.5) * (im[k] + im[kk]);
        const T dr = hr * wr[k] + hi * wi[k], di = hi * wr[k] - hr * wi[k]; // conj(W^k)·H
        zr[k] = er - di, zi[k] = -(ei + dr);
        zr[kk] = er + di, zi[kk] = ei - dr;
    }
}

/// The real forward post-pass (see real_post_tail) on m = M complex points; wr/wi hold W^k for k <= M/2.
template <class T>
struct real_fft_post {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, T* re, T* im, const T* wr, const T* wi, std::size_t m) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, T* re, T* im, const T* wr, const T* wi, std::size_t m) const noexcept {
        const T z0r = re[0], z0i = im[0];
        re[0] = z0r + z0i, im[0] = T(0);
        re[m] = z0r - z0i, im[m] = T(0);
        real_post_tail<T>(re, im, wr, wi, m, 1);
    }
};

template <class T>
template <class Arch>
void real_fft_post<T>::operator()(Arch, T* re, T* im, const T* wr, const T* wi, std::size_t m) const noexcept {
    using V = xsimd::batch<T, Arch>;
    using ops = lane_ops<V>;
    constexpr std::size_t W = V::size;
    const T z0r = re[0], z0i = im[0];
    re[0] = z0r + z0i, im[0] = T(0);
    re[m] = z0r - z0i, im[m] = T(0);
    const V half(T(0.5));
    std::size_t k = 1;
    for (; 2 * (k + W) < m + 2; k += W) { // blocks [k, k+W) and their mirrors [M−k−W+1, M−k] are disjoint
        const std::size_t mirror = m - k - W + 1;
        const V ar = ops::load(re + k), ai = ops::load(im + k);
        const V br = ops::reverse(ops::load(re + mirror)), bi = ops::reverse(ops::load(im + mirror));
        const V wkr = ops::load(wr + k), wki = ops::load(wi + k);
        const V er = half * (ar + br), ei = half * (ai - bi);
        const V hr = half * (ar - br), hi = half * (ai + bi);
        const V dr = hr * wkr - hi * wki, di = hr * wki + hi * wkr;
        ops::store(re + k, er + di);
        ops::store(im + k, ei - dr);
        ops::store(re + mirror, ops::reverse(er - di));
        ops::store(im + mirror, ops::reverse(-(ei + dr)));
    }
    real_post_tail<V>(re, im, wr, wi, m, k);
}

/// The real inverse pre-pass (see real_pre_tail) from M+1 bins to M complex points.
template <class T>
struct real_fft_pre {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const T* re, const T* im, T* zr, T* zi, const T* wr, const T* wi,
                    std::size_t m) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const T* re, const T* im, T* zr, T* zi, const T* wr, const T* wi,
                    std::size_t m) const noexcept {
        real_pre_tail<T>(re, im, zr, zi, wr, wi, m, 0);
    }
};

template <class T>
template <class Arch>
void real_fft_pre<T>::operator()(Arch, const T* re, const T* im, T* zr, T* zi, const T* wr, const T* wi,
                                 std::size_t m) const noexcept {
    using V = xsimd::batch<T, Arch>;
    using ops = lane_ops<V>;
    constexpr std::size_t W = V::size;
    zr[0] = T(0.5) * (re[0] + re[m]);
    zi[0] = -T(0.5) * (re[0] - re[m]);
    const V half(T(0.5));
    std::size_t k = 1;
    for (; 2 * (k + W) < m + 2; k += W) {
        const std::size_t mirror = m - k - W + 1;
        const V ar = ops::load(re + k), ai = ops::load(im + k);
        const V br = ops::reverse(ops::load(re + mirror)), bi = ops::reverse(ops::load(im + mirror));
        const V wkr = ops::load(wr + k), wki = ops::load(wi + k);
        const V er = half * (ar + br), ei = half * (ai - bi);
        const V hr = half * (ar - br), hi = half * (ai + bi);
        const V dr = hr * wkr + hi * wki, di = hi * wkr - hr * wki;
        ops::store(zr + k, er - di);
        ops::store(zi + k, -(ei + dr));
        ops::store(zr + mirror, ops::reverse(er + di));
        ops::store(zi + mirror, ops::reverse(ei - dr));
    }
    real_pre_tail<V>(re, im, zr, zi, wr, wi, m, k);
}

} // namespace iemlab::inline v0::dsp::detail

namespace iemlab::inline v0::dsp::detail {
IEMLAB_SIMD_KERNEL(fft_forward<float>, const fft_program<float>*, const fft_io<float>*)
IEMLAB_SIMD_KERNEL(fft_forward<double>, const fft_program<double>*, const fft_io<double>*)
IEMLAB_SIMD_KERNEL(real_fft_post<float>, float*, float*, const float*, const float*, std::size_t)
IEMLAB_SIMD_KERNEL(real_fft_post<double>, double*, double*, const double*, const double*, std::size_t)
IEMLAB_SIMD_KERNEL(real_fft_pre<float>, const float*, const float*, float*, float*, const float*, const float*,
                   std::size_t)
IEMLAB_SIMD_KERNEL(real_fft_pre<double>, const double*, const double*, double*, double*, const double*, const double*,
                   std::size_t)
} // namespace iemlab::inline v0::dsp::detail

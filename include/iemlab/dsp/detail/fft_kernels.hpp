#pragma once
/// @file
/// @brief Split-complex FFT kernels: a Stockham mixed-radix (2, 3, 4, 5, 8) transform whose elements are whole
/// SIMD vectors, closed by one "lane pass" (twiddle, W×W transpose, W-point DFT), as in a four-step FFT.
///
/// Why this shape (reference/cpp-simd.md §2): with W lanes and N = W·M, write n = W·n1 + n2 and
/// k = k1 + M·k2. Then X[k1 + M·k2] = Σ_{n2} ω_W^{n2·k2} · ω_N^{n2·k1} · Y_{n2}[k1], where Y_{n2} is the M-point DFT
/// of x[W·n1 + n2] (Van Loan, "Computational Frameworks for the FFT", 1992, §3.3, the four-step framework).
/// Lane n2 of the vector at index n1 of the natural input is exactly x[W·n1 + n2], so the M-point transforms run
/// as one Stockham FFT over vectors with unit-stride loads and stores and broadcast twiddles in every pass; only
/// the last pass mixes lanes. Stockham passes (Van Loan §1.7) write their output in order, so no bit reversal.
/// The scalar reference is the same code with W = 1 (no lane pass).

#include "iemlab/core/simd_dispatch.hpp"

#include <cstddef>
#include <type_traits>

namespace iemlab::inline v0::dsp::detail {

/// One radix-r Stockham pass: for p < count and q < stride, the inputs x[q + s·(p + k·m)] (k < r) give the
/// outputs y[q + s·(r·p + j)] = ω_{r·m}^{j·p} · Σ_k x[...]·ω_r^{j·k} (s = stride, m = count, indices in vectors).
struct fft_pass {
    std::size_t radix;          ///< 2, 3, 4, 5 or 8
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
    std::size_t lane_twiddle_offset; ///< N twiddles ω_N^{k1·n2}, laid out [k1][n2] (lanes > 1 only)

    /// Passes over memory in total: the buffer the first one writes depends on its parity.
    std::size_t total_passes() const noexcept { return pass_count + (lanes > 1 ? 1 : 0); }
};

/// Loads, stores and broadcasts for a vector type V: an xsimd batch, or float/double for the scalar path.
template <class V>
struct lane_ops {
    using value_type = typename V::value_type;   ///< element type
    static constexpr std::size_t size = V::size; ///< lanes
    /// Unaligned load (as fast as aligned on current cores when the data is aligned).
    static V load(const value_type* p) noexcept { return V::load_unaligned(p); }
    /// Unaligned store.
    static void store(value_type* p, const V& v) noexcept { v.store_unaligned(p); }
};
/// Scalar specialisation: one lane.
template <>
struct lane_ops<float> {
    using value_type = float;            ///< element type
    static constexpr std::size_t size = 1; ///< lanes
    /// Load.
    static float load(const float* p) noexcept { return *p; }
    /// Store.
    static void store(float* p, float v) noexcept { *p = v; }
};
/// Scalar specialisation: one lane.
template <>
struct lane_ops<double> {
    using value_type = double;           ///< element type
    static constexpr std::size_t size = 1; ///< lanes
    /// Load.
    static double load(const double* p) noexcept { return *p; }
    /// Store.
    static void store(double* p, double v) noexcept { *p = v; }
};

/// cos(2πk/16) for k = 0…15, to 20 digits (exact values: 1, cos π/8 = √(2+√2)/2, √½, sin π/8 = √(2−√2)/2, 0).
inline constexpr long double cos16[16] = {
    1.0L,  0.92387953251128675613L,  0.70710678118654752440L,  0.38268343236508977173L,
    0.0L,  -0.38268343236508977173L, -0.70710678118654752440L, -0.92387953251128675613L,
    -1.0L, -0.92387953251128675613L, -0.70710678118654752440L, -0.38268343236508977173L,
    0.0L,  0.38268343236508977173L,  0.70710678118654752440L,  0.92387953251128675613L};

/// In-place forward DFT of N ∈ {1, 2, 4, 8, 16} split-complex values held in registers (radix-2 DIT recursion,
/// fully unrolled by the compiler): re/im[k] ← Σ_n re/im[n]·e^{−j2πnk/N}.
template <std::size_t N, class V>
inline void small_dft(V* re, V* im) noexcept {
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
        for (std::size_t n = 0; n < H; ++n) {
            er[n] = re[2 * n], ei[n] = im[2 * n];
            odr[n] = re[2 * n + 1], odi[n] = im[2 * n + 1];
        }
        small_dft<H>(er, ei);
        small_dft<H>(odr, odi);
        for (std::size_t k = 0; k < H; ++k) {
            V tr = odr[k], ti = odi[k];
            if (k != 0) {
                // ω_N^k = cos(2πk/N) − j·sin(2πk/N); sin(x) = cos(x − π/2).
                const T c = static_cast<T>(cos16[(k * (16 / N)) % 16]);
                const T s = static_cast<T>(cos16[(k * (16 / N) + 12) % 16]);
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
inline void dft3(V* re, V* im) noexcept {
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
inline void dft5(V* re, V* im) noexcept {
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

/// Forward R-point DFT in registers.
template <std::size_t R, class V>
inline void butterfly(V* re, V* im) noexcept {
    if constexpr (R == 3)
        dft3(re, im);
    else if constexpr (R == 5)
        dft5(re, im);
    else
        small_dft<R>(re, im);
}

/// One Stockham pass of radix R over vectors of type V (see fft_pass); x and y must not overlap.
template <std::size_t R, class V, class T>
inline void stockham_pass(const fft_pass& pass, const T* twr, const T* twi, const T* xr, const T* xi, T* yr,
                          T* yi) noexcept {
    using ops = lane_ops<V>;
    constexpr std::size_t W = ops::size;
    const std::size_t s = pass.stride, m = pass.count;
    const std::size_t in_step = s * m * W; // between the R inputs of one butterfly
    const std::size_t out_step = s * W;    // between its R outputs
    for (std::size_t p = 0; p < m; ++p) {
        const T* xrp = xr + s * p * W;
        const T* xip = xi + s * p * W;
        T* yrp = yr + s * R * p * W;
        T* yip = yi + s * R * p * W;
        V wr[R], wi[R];
        for (std::size_t j = 1; j < R; ++j) {
            wr[j] = V(twr[p * (R - 1) + j - 1]);
            wi[j] = V(twi[p * (R - 1) + j - 1]);
        }
        for (std::size_t q = 0; q < s; ++q) {
            V ar[R], ai[R];
            for (std::size_t k = 0; k < R; ++k) {
                ar[k] = ops::load(xrp + q * W + k * in_step);
                ai[k] = ops::load(xip + q * W + k * in_step);
            }
            butterfly<R>(ar, ai);
            ops::store(yrp + q * W, ar[0]);
            ops::store(yip + q * W, ai[0]);
            for (std::size_t j = 1; j < R; ++j) {
                V br = ar[j], bi = ai[j];
                if (p != 0) {
                    br = ar[j] * wr[j] - ai[j] * wi[j];
                    bi = ar[j] * wi[j] + ai[j] * wr[j];
                }
                ops::store(yrp + q * W + j * out_step, br);
                ops::store(yip + q * W + j * out_step, bi);
            }
        }
    }
}

/// Runs pass `pass` with its radix chosen at run time.
template <class V, class T>
inline void run_stockham_pass(const fft_pass& pass, const T* twr, const T* twi, const T* xr, const T* xi, T* yr,
                              T* yi) noexcept {
    twr += pass.twiddle_offset;
    twi += pass.twiddle_offset;
    switch (pass.radix) {
    case 2: stockham_pass<2, V>(pass, twr, twi, xr, xi, yr, yi); break;
    case 3: stockham_pass<3, V>(pass, twr, twi, xr, xi, yr, yi); break;
    case 4: stockham_pass<4, V>(pass, twr, twi, xr, xi, yr, yi); break;
    case 5: stockham_pass<5, V>(pass, twr, twi, xr, xi, yr, yi); break;
    case 8: stockham_pass<8, V>(pass, twr, twi, xr, xi, yr, yi); break;
    default: break; // the plan only builds the radices above
    }
}

/// Transposes a W×W block held as W vectors (row t = v[t]); generic version through memory.
template <class V>
inline void transpose_block(V* v) noexcept {
    using ops = lane_ops<V>;
    using T = typename ops::value_type;
    constexpr std::size_t W = ops::size;
    alignas(64) T buffer[W * W];
    for (std::size_t t = 0; t < W; ++t) ops::store(buffer + t * W, v[t]);
    alignas(64) T column[W];
    for (std::size_t t = 0; t < W; ++t) {
        for (std::size_t u = 0; u < W; ++u) column[u] = buffer[u * W + t];
        v[t] = ops::load(column);
    }
}

/// The last pass of the four-step scheme: Y[k1] (lane n2) · ω_N^{k1·n2}, then W-point DFTs across lanes, output
/// X[k1 + M·k2] in order. Needs M = N/W to be a multiple of W (blocks of W vectors are transposed).
template <class V, class T>
inline void lane_pass(std::size_t n, const T* ltr, const T* lti, const T* xr, const T* xi, T* yr, T* yi) noexcept {
    using ops = lane_ops<V>;
    constexpr std::size_t W = ops::size;
    const std::size_t m = n / W;
    for (std::size_t b = 0; b < m; b += W) {
        V r[W], i[W];
        for (std::size_t t = 0; t < W; ++t) {
            const std::size_t at = (b + t) * W;
            const V a = ops::load(xr + at), c = ops::load(xi + at);
            const V wr = ops::load(ltr + at), wi = ops::load(lti + at);
            r[t] = a * wr - c * wi;
            i[t] = a * wi + c * wr;
        }
        transpose_block(r);
        transpose_block(i);
        small_dft<W>(r, i);
        for (std::size_t k2 = 0; k2 < W; ++k2) {
            ops::store(yr + b + m * k2, r[k2]);
            ops::store(yi + b + m * k2, i[k2]);
        }
    }
}

/// The whole forward transform with vector type V; see fft_forward.
template <class V, class T>
inline void run_fft(const fft_program<T>& prog, const T* in_re, const T* in_im, T* out_re, T* out_im, T* work_re,
                    T* work_im, T scale) noexcept {
    constexpr std::size_t W = lane_ops<V>::size;
    const std::size_t n = prog.size;
    const std::size_t total = prog.total_passes();
    if (total == 0) { // N = 1
        for (std::size_t i = 0; i < n; ++i) out_re[i] = in_re[i] * scale, out_im[i] = in_im[i] * scale;
        return;
    }
    const T* sr = in_re;
    const T* si = in_im;
    for (std::size_t i = 0; i < total; ++i) {
        const bool to_out = (total - 1 - i) % 2 == 0; // the last pass writes `out`
        T* dr = to_out ? out_re : work_re;
        T* di = to_out ? out_im : work_im;
        if (i < prog.pass_count)
            run_stockham_pass<V>(prog.passes[i], prog.twiddle_re, prog.twiddle_im, sr, si, dr, di);
        else if constexpr (W > 1)
            lane_pass<V>(n, prog.twiddle_re + prog.lane_twiddle_offset, prog.twiddle_im + prog.lane_twiddle_offset,
                         sr, si, dr, di);
        sr = dr;
        si = di;
    }
    if (scale != T(1))
        for (std::size_t i = 0; i < n; ++i) out_re[i] *= scale, out_im[i] *= scale;
}

/// Forward complex DFT of prog.size points, X[k] = scale·Σ x[n]·e^{−j2πkn/N}, split complex. `work` holds N
/// values per part. If prog.total_passes() is odd the first pass writes `out`, so `in` must not overlap `out`
/// then (the plan copies such input to `work` first). The plan built `prog` for this architecture's width.
template <class T>
struct fft_forward {
    /// SIMD variant: prog.lanes must equal the batch width of Arch (else nothing is written).
    template <class Arch>
    void operator()(Arch, const fft_program<T>* prog, const T* in_re, const T* in_im, T* out_re, T* out_im,
                    T* work_re, T* work_im, T scale) const noexcept;
    /// Scalar reference (prog.lanes must be 1).
    void operator()(scalar_arch, const fft_program<T>* prog, const T* in_re, const T* in_im, T* out_re, T* out_im,
                    T* work_re, T* work_im, T scale) const noexcept {
        if (prog->lanes != 1) return;
        run_fft<T>(*prog, in_re, in_im, out_re, out_im, work_re, work_im, scale);
    }
};

template <class T>
template <class Arch>
void fft_forward<T>::operator()(Arch, const fft_program<T>* prog, const T* in_re, const T* in_im, T* out_re,
                                T* out_im, T* work_re, T* work_im, T scale) const noexcept {
    using V = xsimd::batch<T, Arch>;
    if (prog->lanes != V::size) return;
    run_fft<V>(*prog, in_re, in_im, out_re, out_im, work_re, work_im, scale);
}

} // namespace iemlab::inline v0::dsp::detail

namespace iemlab::inline v0::dsp::detail {
IEMLAB_SIMD_KERNEL(fft_forward<float>, const fft_program<float>*, const float*, const float*, float*, float*, float*,
                   float*, float)
IEMLAB_SIMD_KERNEL(fft_forward<double>, const fft_program<double>*, const double*, const double*, double*, double*,
                   double*, double*, double)
} // namespace iemlab::inline v0::dsp::detail

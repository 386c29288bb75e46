#pragma once
/// @file
/// @brief SIMD-across-frequency kernels of the network solver: split-complex arithmetic, ABCD cascades,
/// terminations, uniform lines and lumped immittances. Every array holds one value per grid frequency.
///
/// The arithmetic is written once over a "lane" type B, which is `double` on the scalar reference path and
/// `xsimd::batch<double, Arch>` on the SIMD paths. The SIMD paths handle the tail by running one more batch on
/// a padded copy, so they never call the scalar path: nothing compiled with one architecture's flags is shared
/// with another (docs/developing.md, "SIMD kernels"). The helpers are always inlined for the same reason.

#include "iemlab/core/simd_dispatch.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace iemlab::inline v0::network::detail {

/// Split real/imaginary arrays of the four entries A, B, C, D of a two-port over a grid (writable).
struct abcd_arrays {
    double* a_re; ///< Re A
    double* a_im; ///< Im A
    double* b_re; ///< Re B
    double* b_im; ///< Im B
    double* c_re; ///< Re C
    double* c_im; ///< Im C
    double* d_re; ///< Re D
    double* d_im; ///< Im D
};

/// Split real/imaginary arrays of the four entries A, B, C, D of a two-port over a grid (read-only).
struct const_abcd_arrays {
    const double* a_re; ///< Re A
    const double* a_im; ///< Im A
    const double* b_re; ///< Re B
    const double* b_im; ///< Im B
    const double* c_re; ///< Re C
    const double* c_im; ///< Im C
    const double* d_re; ///< Re D
    const double* d_im; ///< Im D
};

/// A complex number as two lanes (double, or an xsimd batch of doubles).
template <class B>
struct cplx {
    B re; ///< real part
    B im; ///< imaginary part
};

/// a + b
template <class B>
[[gnu::always_inline]] inline cplx<B> add(const cplx<B>& a, const cplx<B>& b) noexcept {
    return {a.re + b.re, a.im + b.im};
}
/// a − b
template <class B>
[[gnu::always_inline]] inline cplx<B> sub(const cplx<B>& a, const cplx<B>& b) noexcept {
    return {a.re - b.re, a.im - b.im};
}
/// a·b
template <class B>
[[gnu::always_inline]] inline cplx<B> mul(const cplx<B>& a, const cplx<B>& b) noexcept {
    return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}
/// a/b with Smith's scaling (no overflow of |b|² for the large impedances of stiff acoustic elements).
template <class B>
[[gnu::always_inline]] inline cplx<B> div(const cplx<B>& a, const cplx<B>& b) noexcept {
    // Smith (1962) needs a branch per lane; scaling by the larger component does the same job branch-free.
    using std::abs;
    using std::max;
    using xsimd::abs;
    using xsimd::max;
    const B inv_scale = B(1.0) / max(abs(b.re), abs(b.im));
    const B br = b.re * inv_scale, bi = b.im * inv_scale;
    const B k = inv_scale / (br * br + bi * bi); // 1/|b|² folded with the scaling: two divisions in all
    return {(a.re * br + a.im * bi) * k, (a.im * br - a.re * bi) * k};
}
/// 1/b
template <class B>
[[gnu::always_inline]] inline cplx<B> reciprocal(const cplx<B>& b) noexcept {
    return div(cplx<B>{B(1.0), B(0.0)}, b);
}

/// cosh and sinh of a complex argument x (in that order). One expm1 gives both real parts without the
/// cancellation of (e^r − e^−r)/2 at small r: with m = e^r − 1, sinh r = m(m + 2)/(2(m + 1)),
/// cosh r = 1 + m²/(2(m + 1)).
template <class B>
[[gnu::always_inline]] inline std::pair<cplx<B>, cplx<B>> cosh_sinh(const cplx<B>& x) noexcept {
    B c, s, m;
    if constexpr (std::is_same_v<B, double>) {
        c = std::cos(x.im);
        s = std::sin(x.im);
        m = std::expm1(x.re);
    } else {
        const auto cs = xsimd::sincos(x.im);
        s = cs.first;
        c = cs.second;
        m = xsimd::expm1(x.re);
    }
    const B half_inv = B(0.5) / (m + B(1.0));
    const B sh = m * (m + B(2.0)) * half_inv, ch = B(1.0) + m * m * half_inv;
    return {cplx<B>{ch * c, sh * s}, cplx<B>{sh * c, ch * s}};
}

/// Applies `f` (taking and returning std::array of lanes) to every frequency: full batches, then one padded
/// batch for the tail. Inputs and outputs are split arrays; outputs may alias inputs element-wise.
template <class Arch, std::size_t NIn, std::size_t NOut, class F>
[[gnu::always_inline]] inline void for_each_batch(const std::array<const double*, NIn>& in,
                                                  const std::array<double*, NOut>& out, std::size_t n,
                                                  F&& f) noexcept {
    using vec = xsimd::batch<double, Arch>;
    constexpr std::size_t w = vec::size;
    std::size_t i = 0;
    for (; i + w <= n; i += w) {
        std::array<vec, NIn> x;
        for (std::size_t k = 0; k < NIn; ++k) x[k] = vec::load_unaligned(in[k] + i);
        const std::array<vec, NOut> y = f(x);
        for (std::size_t k = 0; k < NOut; ++k) y[k].store_unaligned(out[k] + i);
    }
    if (i == n) return;
    // Tail: pad with 1.0 so divisions in the unused lanes stay finite.
    alignas(64) double buffer_in[NIn][w];
    alignas(64) double buffer_out[NOut][w];
    const std::size_t rest = n - i;
    for (std::size_t k = 0; k < NIn; ++k)
        for (std::size_t j = 0; j < w; ++j) buffer_in[k][j] = j < rest ? in[k][i + j] : 1.0;
    std::array<vec, NIn> x;
    for (std::size_t k = 0; k < NIn; ++k) x[k] = vec::load_aligned(buffer_in[k]);
    const std::array<vec, NOut> y = f(x);
    for (std::size_t k = 0; k < NOut; ++k) y[k].store_aligned(buffer_out[k]);
    for (std::size_t k = 0; k < NOut; ++k)
        for (std::size_t j = 0; j < rest; ++j) out[k][i + j] = buffer_out[k][j];
}

/// The same loop on the scalar reference path.
template <std::size_t NIn, std::size_t NOut, class F>
inline void for_each_scalar(const std::array<const double*, NIn>& in, const std::array<double*, NOut>& out,
                            std::size_t n, F&& f) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        std::array<double, NIn> x;
        for (std::size_t k = 0; k < NIn; ++k) x[k] = in[k][i];
        const std::array<double, NOut> y = f(x);
        for (std::size_t k = 0; k < NOut; ++k) out[k][i] = y[k];
    }
}

/// Runs `f` over the grid on the scalar path (B = double) or the SIMD path of Arch.
template <class Arch, std::size_t NIn, std::size_t NOut, class F>
[[gnu::always_inline]] inline void run(const std::array<const double*, NIn>& in, const std::array<double*, NOut>& out,
                                       std::size_t n, F&& f) noexcept {
    if constexpr (std::is_same_v<Arch, scalar_arch>) for_each_scalar(in, out, n, f);
    else for_each_batch<Arch>(in, out, n, f);
}

// ---------------------------------------------------------------------------------------------------------
// The kernels. Each has a templated SIMD operator (defined out of class, instantiated per architecture) and a
// scalar_arch operator (the reference) that runs the very same lane code on doubles.

/// out = left · right (2×2 complex matrix product per frequency); out may alias left or right.
struct abcd_multiply {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const_abcd_arrays left, const_abcd_arrays right, abcd_arrays out,
                    std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const_abcd_arrays left, const_abcd_arrays right, abcd_arrays out,
                    std::size_t n) const noexcept {
        body<scalar_arch>(left, right, out, n);
    }
    /// Shared lane code.
    template <class Arch>
    [[gnu::always_inline]] static void body(const_abcd_arrays l, const_abcd_arrays r, abcd_arrays o,
                                            std::size_t n) noexcept {
        run<Arch>(std::array<const double*, 16>{l.a_re, l.a_im, l.b_re, l.b_im, l.c_re, l.c_im, l.d_re, l.d_im,
                                                r.a_re, r.a_im, r.b_re, r.b_im, r.c_re, r.c_im, r.d_re, r.d_im},
                  std::array<double*, 8>{o.a_re, o.a_im, o.b_re, o.b_im, o.c_re, o.c_im, o.d_re, o.d_im}, n,
                  [](const auto& x) {
                      using B = std::decay_t<decltype(x[0])>;
                      const cplx<B> la{x[0], x[1]}, lb{x[2], x[3]}, lc{x[4], x[5]}, ld{x[6], x[7]};
                      const cplx<B> ra{x[8], x[9]}, rb{x[10], x[11]}, rc{x[12], x[13]}, rd{x[14], x[15]};
                      const cplx<B> a = add(mul(la, ra), mul(lb, rc)), b = add(mul(la, rb), mul(lb, rd));
                      const cplx<B> c = add(mul(lc, ra), mul(ld, rc)), d = add(mul(lc, rb), mul(ld, rd));
                      return std::array<B, 8>{a.re, a.im, b.re, b.im, c.re, c.im, d.re, d.im};
                  });
    }
};

/// t ← t · [[1, Z], [0, 1]] (a series impedance appended on the load side), in place.
struct abcd_append_series {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, abcd_arrays t, const double* z_re, const double* z_im, std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, abcd_arrays t, const double* z_re, const double* z_im,
                    std::size_t n) const noexcept {
        body<scalar_arch>(t, z_re, z_im, n);
    }
    /// Shared lane code.
    template <class Arch>
    [[gnu::always_inline]] static void body(abcd_arrays t, const double* z_re, const double* z_im,
                                            std::size_t n) noexcept {
        run<Arch>(std::array<const double*, 10>{t.a_re, t.a_im, t.b_re, t.b_im, t.c_re, t.c_im, t.d_re, t.d_im,
                                                z_re, z_im},
                  std::array<double*, 4>{t.b_re, t.b_im, t.d_re, t.d_im}, n, [](const auto& x) {
                      using B = std::decay_t<decltype(x[0])>;
                      const cplx<B> a{x[0], x[1]}, b{x[2], x[3]}, c{x[4], x[5]}, d{x[6], x[7]}, z{x[8], x[9]};
                      const cplx<B> b2 = add(b, mul(a, z)), d2 = add(d, mul(c, z));
                      return std::array<B, 4>{b2.re, b2.im, d2.re, d2.im};
                  });
    }
};

/// t ← t · [[1, 0], [Y, 1]] (a shunt admittance appended on the load side), in place.
struct abcd_append_shunt {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, abcd_arrays t, const double* y_re, const double* y_im, std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, abcd_arrays t, const double* y_re, const double* y_im,
                    std::size_t n) const noexcept {
        body<scalar_arch>(t, y_re, y_im, n);
    }
    /// Shared lane code.
    template <class Arch>
    [[gnu::always_inline]] static void body(abcd_arrays t, const double* y_re, const double* y_im,
                                            std::size_t n) noexcept {
        run<Arch>(std::array<const double*, 10>{t.a_re, t.a_im, t.b_re, t.b_im, t.c_re, t.c_im, t.d_re, t.d_im,
                                                y_re, y_im},
                  std::array<double*, 4>{t.a_re, t.a_im, t.c_re, t.c_im}, n, [](const auto& x) {
                      using B = std::decay_t<decltype(x[0])>;
                      const cplx<B> a{x[0], x[1]}, b{x[2], x[3]}, c{x[4], x[5]}, d{x[6], x[7]}, y{x[8], x[9]};
                      const cplx<B> a2 = add(a, mul(b, y)), c2 = add(c, mul(d, y));
                      return std::array<B, 4>{a2.re, a2.im, c2.re, c2.im};
                  });
    }
};

/// Terminates a two-port in a load Z_L = num/den (impedance: num = Z, den = 1; admittance: num = 1, den = Y,
/// so a rigid end is den = 0 without infinities): input impedance (A·num + B·den)/(C·num + D·den), transfer
/// impedance p2/U1 = num/(C·num + D·den) and pressure ratio p2/p1 = num/(A·num + B·den).
struct abcd_terminate {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const_abcd_arrays t, const double* num_re, const double* num_im, const double* den_re,
                    const double* den_im, double* zin_re, double* zin_im, double* zt_re, double* zt_im,
                    double* h_re, double* h_im, std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const_abcd_arrays t, const double* num_re, const double* num_im,
                    const double* den_re, const double* den_im, double* zin_re, double* zin_im, double* zt_re,
                    double* zt_im, double* h_re, double* h_im, std::size_t n) const noexcept {
        body<scalar_arch>(t, num_re, num_im, den_re, den_im, zin_re, zin_im, zt_re, zt_im, h_re, h_im, n);
    }
    /// Shared lane code.
    template <class Arch>
    [[gnu::always_inline]] static void body(const_abcd_arrays t, const double* num_re, const double* num_im,
                                            const double* den_re, const double* den_im, double* zin_re,
                                            double* zin_im, double* zt_re, double* zt_im, double* h_re,
                                            double* h_im, std::size_t n) noexcept {
        run<Arch>(std::array<const double*, 12>{t.a_re, t.a_im, t.b_re, t.b_im, t.c_re, t.c_im, t.d_re, t.d_im,
                                                num_re, num_im, den_re, den_im},
                  std::array<double*, 6>{zin_re, zin_im, zt_re, zt_im, h_re, h_im}, n, [](const auto& x) {
                      using B = std::decay_t<decltype(x[0])>;
                      const cplx<B> a{x[0], x[1]}, b{x[2], x[3]}, c{x[4], x[5]}, d{x[6], x[7]};
                      const cplx<B> num{x[8], x[9]}, den{x[10], x[11]};
                      const cplx<B> p1 = add(mul(a, num), mul(b, den)); // p1 per unit "U2 = den, p2 = num"
                      const cplx<B> u1 = add(mul(c, num), mul(d, den));
                      const cplx<B> zin = div(p1, u1), zt = div(num, u1), h = div(num, p1);
                      return std::array<B, 6>{zin.re, zin.im, zt.re, zt.im, h.re, h.im};
                  });
    }
};

/// ABCD of a uniform line of propagation constant Γ, characteristic impedance Zc and length L:
/// A = D = cosh ΓL, B = Zc·sinh ΓL, C = sinh ΓL / Zc (Chaigne & Kergomard 2016).
struct uniform_line_abcd {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const double* gamma_re, const double* gamma_im, const double* zc_re,
                    const double* zc_im, double length, abcd_arrays out, std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const double* gamma_re, const double* gamma_im, const double* zc_re,
                    const double* zc_im, double length, abcd_arrays out, std::size_t n) const noexcept {
        body<scalar_arch>(gamma_re, gamma_im, zc_re, zc_im, length, out, n);
    }
    /// Shared lane code.
    template <class Arch>
    [[gnu::always_inline]] static void body(const double* gamma_re, const double* gamma_im, const double* zc_re,
                                            const double* zc_im, double length, abcd_arrays o,
                                            std::size_t n) noexcept {
        run<Arch>(std::array<const double*, 4>{gamma_re, gamma_im, zc_re, zc_im},
                  std::array<double*, 8>{o.a_re, o.a_im, o.b_re, o.b_im, o.c_re, o.c_im, o.d_re, o.d_im}, n,
                  [length](const auto& x) {
                      using B = std::decay_t<decltype(x[0])>;
                      const B len(length);
                      const cplx<B> zc{x[2], x[3]};
                      const auto [ch, sh] = cosh_sinh(cplx<B>{x[0] * len, x[1] * len});
                      const cplx<B> b = mul(zc, sh), c = div(sh, zc);
                      return std::array<B, 8>{ch.re, ch.im, b.re, b.im, c.re, c.im, ch.re, ch.im};
                  });
    }
};

/// A uniform line of length L closed by a load admittance Y_L (0 = rigid), fused for depth sweeps: input
/// impedance Z_in = (cosh + Zc·sinh·Y_L)/(sinh·Yc + cosh·Y_L) and transfer impedance
/// Z_T = p_load/U_in = 1/(sinh·Yc + cosh·Y_L) (a line of length L into a load Y_L). The caller passes Yc = 1/Zc as
/// well, so one complex division per frequency remains.
struct closed_line_response {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const double* gamma_re, const double* gamma_im, const double* zc_re,
                    const double* zc_im, const double* yc_re, const double* yc_im, const double* yl_re,
                    const double* yl_im, double length, double* zin_re, double* zin_im, double* zt_re,
                    double* zt_im, std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const double* gamma_re, const double* gamma_im, const double* zc_re,
                    const double* zc_im, const double* yc_re, const double* yc_im, const double* yl_re,
                    const double* yl_im, double length, double* zin_re, double* zin_im, double* zt_re,
                    double* zt_im, std::size_t n) const noexcept {
        body<scalar_arch>(gamma_re, gamma_im, zc_re, zc_im, yc_re, yc_im, yl_re, yl_im, length, zin_re, zin_im,
                          zt_re, zt_im, n);
    }
    /// Shared lane code.
    template <class Arch>
    [[gnu::always_inline]] static void body(const double* gamma_re, const double* gamma_im, const double* zc_re,
                                            const double* zc_im, const double* yc_re, const double* yc_im,
                                            const double* yl_re, const double* yl_im, double length,
                                            double* zin_re, double* zin_im, double* zt_re, double* zt_im,
                                            std::size_t n) noexcept {
        run<Arch>(std::array<const double*, 8>{gamma_re, gamma_im, zc_re, zc_im, yc_re, yc_im, yl_re, yl_im},
                  std::array<double*, 4>{zin_re, zin_im, zt_re, zt_im}, n, [length](const auto& x) {
                      using B = std::decay_t<decltype(x[0])>;
                      const B len(length);
                      const cplx<B> zc{x[2], x[3]}, yc{x[4], x[5]}, yl{x[6], x[7]};
                      const auto [ch, sh] = cosh_sinh(cplx<B>{x[0] * len, x[1] * len});
                      const cplx<B> p = add(ch, mul(mul(zc, sh), yl));
                      const cplx<B> zt = reciprocal(add(mul(sh, yc), mul(ch, yl)));
                      const cplx<B> zin = mul(p, zt);
                      return std::array<B, 4>{zin.re, zin.im, zt.re, zt.im};
                  });
    }
};

/// Series R–L–C impedance over angular frequencies ω: Z = R + j(ωL − K/ω), with K = 1/C the elastance
/// (K = 0: no capacitor).
struct series_rlc_impedance {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, const double* omega, double r, double l, double k, double* z_re, double* z_im,
                    std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, const double* omega, double r, double l, double k, double* z_re, double* z_im,
                    std::size_t n) const noexcept {
        body<scalar_arch>(omega, r, l, k, z_re, z_im, n);
    }
    /// Shared lane code.
    template <class Arch>
    [[gnu::always_inline]] static void body(const double* omega, double r, double l, double k, double* z_re,
                                            double* z_im, std::size_t n) noexcept {
        run<Arch>(std::array<const double*, 1>{omega}, std::array<double*, 2>{z_re, z_im}, n,
                  [r, l, k](const auto& x) {
                      using B = std::decay_t<decltype(x[0])>;
                      return std::array<B, 2>{B(r), x[0] * B(l) - B(k) / x[0]};
                  });
    }
};

/// Element-wise complex operation on split arrays: y = op(a, b); y may alias a or b.
enum class binary_op {
    multiply, ///< a·b
    divide,   ///< a/b
    parallel  ///< a·b/(a + b), two impedances in parallel (or two admittances in series)
};

/// y = op(a, b) element-wise (see binary_op).
struct complex_binary {
    /// SIMD variant.
    template <class Arch>
    void operator()(Arch, binary_op op, const double* a_re, const double* a_im, const double* b_re,
                    const double* b_im, double* y_re, double* y_im, std::size_t n) const noexcept;
    /// Scalar reference.
    void operator()(scalar_arch, binary_op op, const double* a_re, const double* a_im, const double* b_re,
                    const double* b_im, double* y_re, double* y_im, std::size_t n) const noexcept {
        body<scalar_arch>(op, a_re, a_im, b_re, b_im, y_re, y_im, n);
    }
    /// Shared lane code.
    template <class Arch>
    [[gnu::always_inline]] static void body(binary_op op, const double* a_re, const double* a_im,
                                            const double* b_re, const double* b_im, double* y_re, double* y_im,
                                            std::size_t n) noexcept {
        const std::array<const double*, 4> in{a_re, a_im, b_re, b_im};
        const std::array<double*, 2> out{y_re, y_im};
        switch (op) {
        case binary_op::multiply:
            run<Arch>(in, out, n, [](const auto& x) {
                using B = std::decay_t<decltype(x[0])>;
                const cplx<B> y = mul(cplx<B>{x[0], x[1]}, cplx<B>{x[2], x[3]});
                return std::array<B, 2>{y.re, y.im};
            });
            break;
        case binary_op::divide:
            run<Arch>(in, out, n, [](const auto& x) {
                using B = std::decay_t<decltype(x[0])>;
                const cplx<B> y = div(cplx<B>{x[0], x[1]}, cplx<B>{x[2], x[3]});
                return std::array<B, 2>{y.re, y.im};
            });
            break;
        case binary_op::parallel:
            run<Arch>(in, out, n, [](const auto& x) {
                using B = std::decay_t<decltype(x[0])>;
                const cplx<B> a{x[0], x[1]}, b{x[2], x[3]};
                // a·b/(a+b) = 1/(1/a + 1/b) keeps a zero branch (short) exact: result 0.
                const cplx<B> y = div(mul(a, b), add(a, b));
                return std::array<B, 2>{y.re, y.im};
            });
            break;
        }
    }
};

template <class Arch>
void abcd_multiply::operator()(Arch, const_abcd_arrays left, const_abcd_arrays right, abcd_arrays out,
                               std::size_t n) const noexcept {
    body<Arch>(left, right, out, n);
}
template <class Arch>
void abcd_append_series::operator()(Arch, abcd_arrays t, const double* z_re, const double* z_im,
                                    std::size_t n) const noexcept {
    body<Arch>(t, z_re, z_im, n);
}
template <class Arch>
void abcd_append_shunt::operator()(Arch, abcd_arrays t, const double* y_re, const double* y_im,
                                   std::size_t n) const noexcept {
    body<Arch>(t, y_re, y_im, n);
}
template <class Arch>
void abcd_terminate::operator()(Arch, const_abcd_arrays t, const double* num_re, const double* num_im,
                                const double* den_re, const double* den_im, double* zin_re, double* zin_im,
                                double* zt_re, double* zt_im, double* h_re, double* h_im,
                                std::size_t n) const noexcept {
    body<Arch>(t, num_re, num_im, den_re, den_im, zin_re, zin_im, zt_re, zt_im, h_re, h_im, n);
}
template <class Arch>
void uniform_line_abcd::operator()(Arch, const double* gamma_re, const double* gamma_im, const double* zc_re,
                                   const double* zc_im, double length, abcd_arrays out,
                                   std::size_t n) const noexcept {
    body<Arch>(gamma_re, gamma_im, zc_re, zc_im, length, out, n);
}
template <class Arch>
void closed_line_response::operator()(Arch, const double* gamma_re, const double* gamma_im, const double* zc_re,
                                      const double* zc_im, const double* yc_re, const double* yc_im,
                                      const double* yl_re, const double* yl_im, double length, double* zin_re,
                                      double* zin_im, double* zt_re, double* zt_im, std::size_t n) const noexcept {
    body<Arch>(gamma_re, gamma_im, zc_re, zc_im, yc_re, yc_im, yl_re, yl_im, length, zin_re, zin_im, zt_re, zt_im,
               n);
}
template <class Arch>
void series_rlc_impedance::operator()(Arch, const double* omega, double r, double l, double k, double* z_re,
                                      double* z_im, std::size_t n) const noexcept {
    body<Arch>(omega, r, l, k, z_re, z_im, n);
}
template <class Arch>
void complex_binary::operator()(Arch, binary_op op, const double* a_re, const double* a_im, const double* b_re,
                                const double* b_im, double* y_re, double* y_im, std::size_t n) const noexcept {
    body<Arch>(op, a_re, a_im, b_re, b_im, y_re, y_im, n);
}

} // namespace iemlab::inline v0::network::detail

namespace iemlab::inline v0::network::detail {
IEMLAB_SIMD_KERNEL(abcd_multiply, const_abcd_arrays, const_abcd_arrays, abcd_arrays, std::size_t)
IEMLAB_SIMD_KERNEL(abcd_append_series, abcd_arrays, const double*, const double*, std::size_t)
IEMLAB_SIMD_KERNEL(abcd_append_shunt, abcd_arrays, const double*, const double*, std::size_t)
IEMLAB_SIMD_KERNEL(abcd_terminate, const_abcd_arrays, const double*, const double*, const double*, const double*,
                   double*, double*, double*, double*, double*, double*, std::size_t)
IEMLAB_SIMD_KERNEL(uniform_line_abcd, const double*, const double*, const double*, const double*, double,
                   abcd_arrays, std::size_t)
IEMLAB_SIMD_KERNEL(closed_line_response, const double*, const double*, const double*, const double*,
                   const double*, const double*, const double*, const double*, double, double*, double*, double*,
                   double*, std::size_t)
IEMLAB_SIMD_KERNEL(series_rlc_impedance, const double*, double, double, double, double*, double*, std::size_t)
IEMLAB_SIMD_KERNEL(complex_binary, binary_op, const double*, const double*, const double*, const double*,
                   double*, double*, std::size_t)
} // namespace iemlab::inline v0::network::detail

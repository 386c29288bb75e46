// Every network kernel at every SIMD level the CPU supports against an independent std::complex<long double>
// reference (the kernels' own scalar path is one of the levels checked). Tolerance 1e-12 relative.
#include <iemlab/network/detail/network_kernels.hpp>

#include <catch2/catch.hpp>

#include <complex>
#include <random>
#include <vector>

using namespace iemlab;
using namespace iemlab::network::detail;
using cld = std::complex<long double>;

namespace {

constexpr std::size_t n = 517; // not a multiple of any vector width: exercises the padded tail
constexpr double tolerance = 1e-12;
// Kernels are passed as const lvalues: simd_dispatch(level, kernel{}, …) would pick the level-less overload.
const abcd_multiply k_abcd_multiply{};
const abcd_append_series k_abcd_append_series{};
const abcd_append_shunt k_abcd_append_shunt{};
const abcd_terminate k_abcd_terminate{};
const uniform_line_abcd k_uniform_line_abcd{};
const closed_line_response k_closed_line_response{};
const series_rlc_impedance k_series_rlc_impedance{};
const complex_binary k_complex_binary{};

struct split {
    std::vector<double> re, im;
    explicit split(std::size_t size = n) : re(size), im(size) {}
    cld operator[](std::size_t i) const { return {re[i], im[i]}; }
};

split random_split(std::mt19937& rng, double lo = -2, double hi = 2) {
    std::uniform_real_distribution<double> u(lo, hi);
    split s;
    for (std::size_t i = 0; i < n; ++i) s.re[i] = u(rng), s.im[i] = u(rng);
    return s;
}

// |got − want| <= tolerance·scale, scale = |want| or the sum of the magnitudes of the terms that were added
// (so a sum that cancels is judged against the size of its terms, as floating point can deliver).
void require_close(const split& got, const std::vector<cld>& want, const std::vector<long double>& scale = {}) {
    for (std::size_t i = 0; i < n; ++i) {
        const long double s = scale.empty() ? std::abs(want[i]) : scale[i];
        const long double err = std::abs(cld(got.re[i], got.im[i]) - want[i]);
        INFO("i = " << i << " got " << got.re[i] << "+" << got.im[i] << "j, want " << double(want[i].real()) << "+"
                    << double(want[i].imag()) << "j");
        REQUIRE(double(err) <= tolerance * double(s + 1e-300));
    }
}

struct abcd_split {
    split a, b, c, d;
    abcd_arrays arrays() {
        return {a.re.data(), a.im.data(), b.re.data(), b.im.data(), c.re.data(), c.im.data(), d.re.data(), d.im.data()};
    }
    const_abcd_arrays const_arrays() const {
        return {a.re.data(), a.im.data(), b.re.data(), b.im.data(), c.re.data(), c.im.data(), d.re.data(), d.im.data()};
    }
};

abcd_split random_abcd(std::mt19937& rng) {
    return {random_split(rng), random_split(rng), random_split(rng), random_split(rng)};
}

} // namespace

TEST_CASE("network kernels: ABCD product, series and shunt appends", "[network][simd]") {
    std::mt19937 rng(7);
    const abcd_split l = random_abcd(rng), r = random_abcd(rng);
    const split z = random_split(rng);
    std::vector<cld> wa(n), wb(n), wc(n), wd(n);
    std::vector<long double> sa(n), sb_(n), sc(n), sd_(n), s_ser_b(n), s_ser_d(n), s_sh_a(n), s_sh_c(n);
    for (std::size_t i = 0; i < n; ++i) {
        using std::abs;
        sa[i] = abs(l.a[i]) * abs(r.a[i]) + abs(l.b[i]) * abs(r.c[i]);
        sb_[i] = abs(l.a[i]) * abs(r.b[i]) + abs(l.b[i]) * abs(r.d[i]);
        sc[i] = abs(l.c[i]) * abs(r.a[i]) + abs(l.d[i]) * abs(r.c[i]);
        sd_[i] = abs(l.c[i]) * abs(r.b[i]) + abs(l.d[i]) * abs(r.d[i]);
        s_ser_b[i] = abs(l.a[i]) * abs(z[i]) + abs(l.b[i]);
        s_ser_d[i] = abs(l.c[i]) * abs(z[i]) + abs(l.d[i]);
        s_sh_a[i] = abs(l.a[i]) + abs(l.b[i]) * abs(z[i]);
        s_sh_c[i] = abs(l.c[i]) + abs(l.d[i]) * abs(z[i]);
        wa[i] = l.a[i] * r.a[i] + l.b[i] * r.c[i];
        wb[i] = l.a[i] * r.b[i] + l.b[i] * r.d[i];
        wc[i] = l.c[i] * r.a[i] + l.d[i] * r.c[i];
        wd[i] = l.c[i] * r.b[i] + l.d[i] * r.d[i];
    }
    for (const simd_level level : supported_simd_levels()) {
        CAPTURE(to_string(level));
        abcd_split out = l; // aliasing the left operand is allowed
        simd_dispatch(level, k_abcd_multiply, out.const_arrays(), r.const_arrays(), out.arrays(), n);
        require_close(out.a, wa, sa), require_close(out.b, wb, sb_), require_close(out.c, wc, sc),
            require_close(out.d, wd, sd_);

        abcd_split s = l;
        simd_dispatch(level, k_abcd_append_series, s.arrays(), z.re.data(), z.im.data(), n);
        std::vector<cld> sb(n), sd(n), ha(n), hc(n);
        for (std::size_t i = 0; i < n; ++i) {
            sb[i] = l.a[i] * z[i] + l.b[i], sd[i] = l.c[i] * z[i] + l.d[i];
            ha[i] = l.a[i] + l.b[i] * z[i], hc[i] = l.c[i] + l.d[i] * z[i];
        }
        require_close(s.b, sb, s_ser_b), require_close(s.d, sd, s_ser_d);
        abcd_split h = l;
        simd_dispatch(level, k_abcd_append_shunt, h.arrays(), z.re.data(), z.im.data(), n);
        require_close(h.a, ha, s_sh_a), require_close(h.c, hc, s_sh_c);
    }
}

TEST_CASE("network kernels: termination", "[network][simd]") {
    std::mt19937 rng(8);
    const abcd_split t = random_abcd(rng);
    const split num = random_split(rng), den = random_split(rng);
    std::vector<cld> zin(n), zt(n), h(n);
    for (std::size_t i = 0; i < n; ++i) {
        const cld zl = num[i] / den[i];
        zin[i] = (t.a[i] * zl + t.b[i]) / (t.c[i] * zl + t.d[i]);
        zt[i] = zl / (t.c[i] * zl + t.d[i]);
        h[i] = zl / (t.a[i] * zl + t.b[i]);
    }
    for (const simd_level level : supported_simd_levels()) {
        CAPTURE(to_string(level));
        split r_zin, r_zt, r_h;
        simd_dispatch(level, k_abcd_terminate, t.const_arrays(), num.re.data(), num.im.data(), den.re.data(),
                      den.im.data(), r_zin.re.data(), r_zin.im.data(), r_zt.re.data(), r_zt.im.data(), r_h.re.data(),
                      r_h.im.data(), n);
        require_close(r_zin, zin), require_close(r_zt, zt), require_close(r_h, h);
    }
}

TEST_CASE("network kernels: uniform line and closed line", "[network][simd]") {
    std::mt19937 rng(9);
    split gamma = random_split(rng, 0.0, 400.0), zc = random_split(rng, 1e6, 2e7), yl = random_split(rng, -1e-7, 1e-7);
    for (std::size_t i = 0; i < n; ++i) gamma.re[i] *= 0.01; // losses small against phase, as in air
    const double length = 0.0213;
    std::vector<cld> ch(n), sh(n), b(n), c(n), zin(n), zt(n);
    for (std::size_t i = 0; i < n; ++i) {
        const cld x = gamma[i] * static_cast<long double>(length);
        ch[i] = std::cosh(x), sh[i] = std::sinh(x);
        b[i] = zc[i] * sh[i], c[i] = sh[i] / zc[i];
        const cld u = c[i] + ch[i] * yl[i];
        zin[i] = (ch[i] + b[i] * yl[i]) / u;
        zt[i] = 1.0L / u;
    }
    for (const simd_level level : supported_simd_levels()) {
        CAPTURE(to_string(level));
        abcd_split t{split(), split(), split(), split()};
        simd_dispatch(level, k_uniform_line_abcd, gamma.re.data(), gamma.im.data(), zc.re.data(), zc.im.data(), length,
                      t.arrays(), n);
        require_close(t.a, ch), require_close(t.b, b), require_close(t.c, c), require_close(t.d, ch);
        split r_zin, r_zt, yc;
        for (std::size_t i = 0; i < n; ++i) {
            const std::complex<double> y = 1.0 / std::complex<double>(zc.re[i], zc.im[i]);
            yc.re[i] = y.real(), yc.im[i] = y.imag();
        }
        simd_dispatch(level, k_closed_line_response, gamma.re.data(), gamma.im.data(), zc.re.data(), zc.im.data(),
                      yc.re.data(), yc.im.data(), yl.re.data(), yl.im.data(), length, r_zin.re.data(), r_zin.im.data(), r_zt.re.data(),
                      r_zt.im.data(), n);
        require_close(r_zin, zin), require_close(r_zt, zt);
    }
}

TEST_CASE("network kernels: series RLC and element-wise operations", "[network][simd]") {
    std::mt19937 rng(10);
    std::uniform_real_distribution<double> u(1.0, 1.3e5);
    std::vector<double> omega(n);
    for (auto& w : omega) w = u(rng);
    const double r = 1.2e6, l = 830.0, k = 1.0 / 2.3e-12;
    std::vector<cld> z(n);
    for (std::size_t i = 0; i < n; ++i) {
        const long double w = omega[i];
        z[i] = cld(r, w * l) + 1.0L / (cld(0, w) * (1.0L / static_cast<long double>(k)));
    }
    const split a = random_split(rng, -1e9, 1e9), b = random_split(rng, -1e-3, 1e-3);
    std::vector<cld> prod(n), quot(n), par(n);
    for (std::size_t i = 0; i < n; ++i) prod[i] = a[i] * b[i], quot[i] = a[i] / b[i], par[i] = a[i] * b[i] / (a[i] + b[i]);
    for (const simd_level level : supported_simd_levels()) {
        CAPTURE(to_string(level));
        split zz;
        simd_dispatch(level, k_series_rlc_impedance, omega.data(), r, l, k, zz.re.data(), zz.im.data(), n);
        require_close(zz, z);
        split y;
        simd_dispatch(level, k_complex_binary, binary_op::multiply, a.re.data(), a.im.data(), b.re.data(), b.im.data(),
                      y.re.data(), y.im.data(), n);
        require_close(y, prod);
        simd_dispatch(level, k_complex_binary, binary_op::divide, a.re.data(), a.im.data(), b.re.data(), b.im.data(),
                      y.re.data(), y.im.data(), n);
        require_close(y, quot);
        simd_dispatch(level, k_complex_binary, binary_op::parallel, a.re.data(), a.im.data(), b.re.data(), b.im.data(),
                      y.re.data(), y.im.data(), n);
        require_close(y, par);
    }
}

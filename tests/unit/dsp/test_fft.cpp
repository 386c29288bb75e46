// FFT accuracy against references from outside the code under test:
// - a direct O(N²) DFT in long double (sizes up to 4097), roots from cosl/sinl of 2πt/N;
// - for larger sizes (up to 2^20), FFTW's long-double transform (libfftw3l, a third-party reference, linked to
//   this test only) when the build found it, and analytic spectra (a single complex tone, an impulse) always;
// - the identities inverse(forward(x)) = x and Parseval, Σ|x|² = (1/N)·Σ|X|².
// Bound: relative RMS error ||X − X_ref||₂ / ||X_ref||₂ <= c·ε·log2 N (log2 N taken as at least 1), with the constants
// below; a well-implemented FFT with accurate twiddles has an RMS error growing like ε·√(log N) (Schatzman, SIAM
// J. Sci. Comput. 17(5), 1996), so a linear bound in log N has room without being loose.
#include <iemlab/dsp/fft.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#if defined(IEMLAB_HAVE_FFTWL)
#include <fftw3.h>
#endif

using namespace iemlab;
using namespace iemlab::dsp;

namespace {

// c of the bound: the Stockham path (fast sizes) and the Bluestein path (three transforms of length >= 2N−1 and
// two chirp products).
constexpr double c_fast = 1.0;
constexpr double c_bluestein = 3.0;

using ld_vector = std::vector<long double>;

struct ld_spectrum {
    ld_vector re, im;
};

// X[k] = Σ x[n]·e^{∓j2πkn/N} (forward: −), times 1/N for the inverse; kn reduced mod N exactly.
ld_spectrum reference_dft(const ld_vector& xr, const ld_vector& xi, bool inverse) {
    const std::size_t n = xr.size();
    constexpr long double two_pi = 6.283185307179586476925286766559005768L;
    ld_vector c(n), s(n);
    for (std::size_t t = 0; t < n; ++t) {
        const long double a = two_pi * static_cast<long double>(t) / static_cast<long double>(n);
        c[t] = std::cos(a);
        s[t] = inverse ? std::sin(a) : -std::sin(a);
    }
    ld_spectrum out{ld_vector(n), ld_vector(n)};
    for (std::size_t k = 0; k < n; ++k) {
        long double ar = 0, ai = 0;
        for (std::size_t j = 0; j < n; ++j) {
            const std::size_t t = static_cast<std::size_t>((static_cast<std::uint64_t>(k) * j) % n);
            ar += xr[j] * c[t] - xi[j] * s[t];
            ai += xr[j] * s[t] + xi[j] * c[t];
        }
        out.re[k] = inverse ? ar / static_cast<long double>(n) : ar;
        out.im[k] = inverse ? ai / static_cast<long double>(n) : ai;
    }
    return out;
}

template <class T>
double relative_rms(const std::vector<T>& yr, const std::vector<T>& yi, const ld_vector& rr, const ld_vector& ri,
                    std::size_t count) {
    long double err = 0, norm = 0;
    for (std::size_t k = 0; k < count; ++k) {
        const long double dr = static_cast<long double>(yr[k]) - rr[k];
        const long double di = static_cast<long double>(yi[k]) - ri[k];
        err += dr * dr + di * di;
        norm += rr[k] * rr[k] + ri[k] * ri[k];
    }
    return static_cast<double>(std::sqrt(err / norm));
}

template <class T>
double bound(std::size_t n, double c) {
    return c * std::numeric_limits<T>::epsilon() * std::max(1.0, std::log2(static_cast<double>(n)));
}

template <class T>
std::vector<T> random_vector(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<T> v(n);
    for (auto& x : v) x = static_cast<T>(u(rng));
    return v;
}

template <class T>
ld_vector widen(const std::vector<T>& v) {
    return ld_vector(v.begin(), v.end());
}

const std::vector<std::size_t> small_sizes = [] {
    std::vector<std::size_t> sizes;
    for (std::size_t n = 1; n <= 72; ++n) sizes.push_back(n);
    for (std::size_t n : {80, 81, 96, 97, 100, 125, 127, 128, 160, 192, 243, 250, 256, 320, 360, 384, 480, 500, 512,
                          625, 640, 720, 768, 960, 997, 1000, 1024, 1536, 2048, 2187, 3000, 3125, 4096, 4097})
        sizes.push_back(n);
    return sizes;
}();

} // namespace

TEMPLATE_TEST_CASE("complex FFT matches a long-double DFT, every size to 4097, every SIMD level", "[dsp][fft]",
                   float, double) {
    using T = TestType;
    double worst_fast = 0, worst_bluestein = 0;
    for (const std::size_t n : small_sizes) {
        CAPTURE(n);
        const auto xr = random_vector<T>(n, 1), xi = random_vector<T>(n, 2);
        const ld_spectrum ref = reference_dft(widen(xr), widen(xi), false);
        const ld_spectrum ref_inverse = reference_dft(widen(xr), widen(xi), true);
        const double c = is_fast_size(n) ? c_fast : c_bluestein;
        std::vector<T> yr(n), yi(n), scalar_r(n), scalar_i(n);
        for (const simd_level level : supported_simd_levels()) {
            CAPTURE(to_string(level));
            const complex_fft_plan<T> plan(n, level);
            REQUIRE(plan.size() == n);
            std::vector<T> scratch(plan.scratch_size());
            plan.forward(xr, xi, yr, yi, scratch);
            const double e = relative_rms(yr, yi, ref.re, ref.im, n);
            (is_fast_size(n) ? worst_fast : worst_bluestein) =
                std::max(is_fast_size(n) ? worst_fast : worst_bluestein, e / bound<T>(n, 1.0));
            CHECK(e <= bound<T>(n, c));
            if (level == simd_level::scalar) {
                scalar_r = yr, scalar_i = yi;
            } else { // every level agrees with the scalar path within the same bound
                CHECK(relative_rms(yr, yi, widen(scalar_r), widen(scalar_i), n) <= 2 * bound<T>(n, c));
            }
            plan.inverse(xr, xi, yr, yi, scratch);
            CHECK(relative_rms(yr, yi, ref_inverse.re, ref_inverse.im, n) <= bound<T>(n, c));
        }
    }
    // The measured constants, for the record (ctest -V): the bounds above are c_fast and c_bluestein.
    WARN("complex " << sizeof(T) * 8 << "-bit: max error / (eps log2 N) = " << worst_fast << " (fast sizes), "
                    << worst_bluestein << " (Bluestein)");
}

// The straight-line small kernels exist only for the four I/O variants the plans use (split, split scaled,
// interleaved in, interleaved scaled out); the engine runs its passes for the others. Every variant at the sizes
// with a straight-line kernel at some level (N = W·M, W <= M <= 16) against the long-double DFT, scaled part by part.
TEMPLATE_TEST_CASE("FFT engine: every I/O variant of the small sizes, every SIMD level", "[dsp][fft]", float, double) {
    using T = TestType;
    for (const std::size_t n :
         {std::size_t{4}, std::size_t{16}, std::size_t{32}, std::size_t{64}, std::size_t{128}, std::size_t{256}}) {
        const auto xr = random_vector<T>(n, 5), xi = random_vector<T>(n, 6);
        const ld_spectrum ref = reference_dft(widen(xr), widen(xi), false);
        std::vector<T> interleaved(2 * n);
        for (std::size_t k = 0; k < n; ++k) interleaved[2 * k] = xr[k], interleaved[2 * k + 1] = xi[k];
        for (const simd_level level : supported_simd_levels()) {
            const dsp::detail::fft_engine<T> engine(n, level);
            std::vector<T> work(engine.work_size()), out(2 * n), yr(n), yi(n);
            for (int variant = 0; variant < 8; ++variant) {
                const bool in_i = (variant & 4) != 0, out_i = (variant & 2) != 0, scaled = (variant & 1) != 0;
                CAPTURE(n, to_string(level), in_i, out_i, scaled);
                const T sr = scaled ? T(0.5) : T(1), si = scaled ? T(-2) : T(1);
                std::fill(out.begin(), out.end(), T(0));
                engine.execute({in_i ? interleaved.data() : xr.data(), in_i ? nullptr : xi.data(), out.data(),
                                out_i ? nullptr : out.data() + n, work.data(), work.data() + work.size() / 2, sr, si});
                for (std::size_t k = 0; k < n; ++k) {
                    yr[k] = (out_i ? out[2 * k] : out[k]) / sr;
                    yi[k] = (out_i ? out[2 * k + 1] : out[n + k]) / si;
                }
                CHECK(relative_rms(yr, yi, ref.re, ref.im, n) <= bound<T>(n, c_fast));
            }
        }
    }
}

TEMPLATE_TEST_CASE("real FFT matches a long-double DFT, every size to 4097, every SIMD level", "[dsp][fft]", float,
                   double) {
    using T = TestType;
    double worst = 0;
    for (const std::size_t n : small_sizes) {
        CAPTURE(n);
        const auto x = random_vector<T>(n, 3);
        const ld_spectrum ref = reference_dft(widen(x), ld_vector(n, 0.0L), false);
        const std::size_t half = n % 2 == 0 ? n / 2 : n;
        const double c = is_fast_size(half) ? c_fast : c_bluestein;
        for (const simd_level level : supported_simd_levels()) {
            CAPTURE(to_string(level));
            const real_fft_plan<T> plan(n, level);
            REQUIRE(plan.bins() == n / 2 + 1);
            std::vector<T> re(plan.bins()), im(plan.bins()), y(n), scratch(plan.scratch_size());
            plan.forward(x, re, im, scratch);
            const double e = relative_rms(re, im, ref.re, ref.im, plan.bins());
            worst = std::max(worst, e / bound<T>(n, 1.0));
            CHECK(e <= bound<T>(n, c));
            // Inverse against the long-double inverse DFT of the full Hermitian spectrum of the same bins.
            ld_vector fr(n), fi(n);
            for (std::size_t k = 0; k < plan.bins(); ++k) {
                fr[k] = re[k], fi[k] = im[k];
                if (k != 0) fr[n - k] = re[k], fi[n - k] = -static_cast<long double>(im[k]);
            }
            fi[0] = 0;
            if (n % 2 == 0) fi[n / 2] = 0;
            const ld_spectrum back = reference_dft(fr, fi, true);
            plan.inverse(re, im, y, scratch);
            CHECK(relative_rms(y, std::vector<T>(n, T(0)), back.re, back.im, n) <= bound<T>(n, c));
        }
    }
    WARN("real " << sizeof(T) * 8 << "-bit: max error / (eps log2 N) = " << worst);
}

namespace {

const std::vector<std::size_t> large_sizes = {
    1u << 11, 1u << 12, 1u << 13, 1u << 14, 1u << 15, 1u << 16, 1u << 17, 1u << 18, 1u << 19, 1u << 20,
    19683,      // 3^9
    78125,      // 5^7
    414720,     // 2^10·3^4·5
    65537,      // prime: Bluestein
    1000003};   // prime: Bluestein near 2^20

// x[n] = e^{j2πk0·n/N} has X[k] = N·δ[k − k0]; computed in long double with k0·n reduced mod N.
template <class T>
void tone(std::size_t n, std::size_t k0, std::vector<T>& xr, std::vector<T>& xi) {
    constexpr long double two_pi = 6.283185307179586476925286766559005768L;
    xr.resize(n), xi.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto t = static_cast<long double>((static_cast<std::uint64_t>(k0) * i) % n);
        xr[i] = static_cast<T>(std::cos(two_pi * t / static_cast<long double>(n)));
        xi[i] = static_cast<T>(std::sin(two_pi * t / static_cast<long double>(n)));
    }
}

} // namespace

TEMPLATE_TEST_CASE("complex and real FFT to 2^20: tones, impulses, round trip, Parseval", "[dsp][fft][large]", float,
                   double) {
    using T = TestType;
    for (const std::size_t n : large_sizes) {
        CAPTURE(n);
        const double c = is_fast_size(n) ? c_fast : c_bluestein;
        const complex_fft_plan<T> plan(n);
        CAPTURE(to_string(plan.level()));
        std::vector<T> xr, xi, yr(n), yi(n), zr(n), zi(n), scratch(plan.scratch_size());
        // Tone at an awkward bin: X = N·δ[k − k0]. Input rounding to T alone contributes ε/√3 relative.
        const std::size_t k0 = n / 3 + 7;
        tone<T>(n, k0, xr, xi);
        plan.forward(xr, xi, yr, yi, scratch);
        ld_vector rr(n, 0.0L), ri(n, 0.0L);
        rr[k0] = static_cast<long double>(n);
        CHECK(relative_rms(yr, yi, rr, ri, n) <= bound<T>(n, c));
        // Impulse at n0: X[k] = e^{−j2πk·n0/N}.
        std::fill(xr.begin(), xr.end(), T(0));
        std::fill(xi.begin(), xi.end(), T(0));
        const std::size_t n0 = n / 5 + 1;
        xr[n0] = 1;
        plan.forward(xr, xi, yr, yi, scratch);
        std::vector<T> er, ei;
        tone<T>(n, n - n0 % n, er, ei); // e^{+j2π(N−n0)k/N} = e^{−j2πn0·k/N}, rounded to T like the FFT's output
        CHECK(relative_rms(yr, yi, widen(er), widen(ei), n) <= bound<T>(n, c));
        // Random input: round trip and Parseval.
        xr = random_vector<T>(n, 4), xi = random_vector<T>(n, 5);
        plan.forward(xr, xi, yr, yi, scratch);
        plan.inverse(yr, yi, zr, zi, scratch);
        CHECK(relative_rms(zr, zi, widen(xr), widen(xi), n) <= bound<T>(n, 2 * c));
        long double ex = 0, ey = 0;
        for (std::size_t i = 0; i < n; ++i) {
            ex += static_cast<long double>(xr[i]) * xr[i] + static_cast<long double>(xi[i]) * xi[i];
            ey += static_cast<long double>(yr[i]) * yr[i] + static_cast<long double>(yi[i]) * yi[i];
        }
        CHECK(std::abs(static_cast<double>(ey / static_cast<long double>(n) / ex) - 1.0) <= bound<T>(n, 2 * c));
#if defined(IEMLAB_HAVE_FFTWL)
        {   // FFTW long double on the same (T-valued) input.
            auto* buffer = static_cast<fftwl_complex*>(fftwl_malloc(sizeof(fftwl_complex) * n));
            const fftwl_plan p = fftwl_plan_dft_1d(static_cast<int>(n), buffer, buffer, FFTW_FORWARD, FFTW_ESTIMATE);
            for (std::size_t i = 0; i < n; ++i) buffer[i][0] = xr[i], buffer[i][1] = xi[i];
            fftwl_execute(p);
            ld_vector fr(n), fi(n);
            for (std::size_t i = 0; i < n; ++i) fr[i] = buffer[i][0], fi[i] = buffer[i][1];
            CHECK(relative_rms(yr, yi, fr, fi, n) <= bound<T>(n, c));
            // Real transform of the real part against the same reference's Hermitian bins.
            const real_fft_plan<T> real(n);
            std::vector<T> re(real.bins()), im(real.bins()), back(n), rs(real.scratch_size());
            real.forward(xr, re, im, rs);
            for (std::size_t i = 0; i < n; ++i) buffer[i][0] = xr[i], buffer[i][1] = 0;
            fftwl_execute(p);
            for (std::size_t i = 0; i < n; ++i) fr[i] = buffer[i][0], fi[i] = buffer[i][1];
            const std::size_t half = n % 2 == 0 ? n / 2 : n;
            const double cr = is_fast_size(half) ? c_fast : c_bluestein;
            CHECK(relative_rms(re, im, fr, fi, real.bins()) <= bound<T>(n, cr));
            real.inverse(re, im, back, rs);
            CHECK(relative_rms(back, std::vector<T>(n, T(0)), widen(xr), ld_vector(n, 0.0L), n) <=
                  bound<T>(n, 2 * cr));
            fftwl_destroy_plan(p);
            fftwl_free(buffer);
        }
#endif
    }
}

TEMPLATE_TEST_CASE("large FFTs are accurate at every SIMD level", "[dsp][fft][large]", float, double) {
    using T = TestType;
    // FFTW long double as the reference when available, else the direct long-double DFT (slow).
    // 2^14 and 2^15 run radix-16 passes in double precision at the avx512 level (fft_engine::radix16_pays), and
    // their real transforms of 2^15 and 2^16 points too. 36000 = 16·2250 = 8·4500 and its real transform's half
    // 18000 = 8·2250 run a padded last lane block (N/W not a multiple of W) at the avx512 level. 3·5·4096 runs
    // its radix-3 and radix-5 passes first (fft_engine::odd_radices_first), the others after the 2s. Double
    // precision at avx512 runs radix 9, 15 and 25 passes for sizes with 3+ odd factors (fft_engine::odd_radices):
    // 36000 here, and 648, 720, 1000, 3000 … in the every-size tests.
    for (const std::size_t n : {std::size_t{1} << 14, std::size_t{1} << 15, std::size_t{1} << 17, std::size_t{414720},
                                std::size_t{3 * 5 * 4096}, std::size_t{36000}}) {
        CAPTURE(n);
        const auto xr = random_vector<T>(n, 11), xi = random_vector<T>(n, 12);
#if defined(IEMLAB_HAVE_FFTWL)
        auto* buffer = static_cast<fftwl_complex*>(fftwl_malloc(sizeof(fftwl_complex) * n));
        const fftwl_plan p = fftwl_plan_dft_1d(static_cast<int>(n), buffer, buffer, FFTW_FORWARD, FFTW_ESTIMATE);
        for (std::size_t i = 0; i < n; ++i) buffer[i][0] = xr[i], buffer[i][1] = xi[i];
        fftwl_execute(p);
        ld_vector fr(n), fi(n);
        for (std::size_t i = 0; i < n; ++i) fr[i] = buffer[i][0], fi[i] = buffer[i][1];
        fftwl_destroy_plan(p);
        fftwl_free(buffer);
#else
        const ld_spectrum ref = reference_dft(widen(xr), widen(xi), false); // slow, but only without FFTW
        const ld_vector& fr = ref.re;
        const ld_vector& fi = ref.im;
#endif
        for (const simd_level level : supported_simd_levels()) {
            CAPTURE(to_string(level));
            const complex_fft_plan<T> plan(n, level);
            std::vector<T> yr(n), yi(n), zr(n), zi(n), scratch(plan.scratch_size());
            plan.forward(xr, xi, yr, yi, scratch);
            CHECK(relative_rms(yr, yi, fr, fi, n) <= bound<T>(n, c_fast));
            plan.inverse(yr, yi, zr, zi, scratch);
            CHECK(relative_rms(zr, zi, widen(xr), widen(xi), n) <= bound<T>(n, 2 * c_fast));
            // In place gives the same result.
            std::vector<T> ir = xr, ii = xi;
            plan.forward(ir, ii, ir, ii, scratch);
            CHECK(ir == yr);
            CHECK(ii == yi);
            // Real transform of 2n points (half-length complex transform of n points).
            const real_fft_plan<T> real(2 * n, level);
            std::vector<T> x(2 * n), re(real.bins()), im(real.bins()), back(2 * n), rs(real.scratch_size());
            for (std::size_t i = 0; i < n; ++i) x[2 * i] = xr[i], x[2 * i + 1] = xi[i];
            real.forward(x, re, im, rs);
            real.inverse(re, im, back, rs);
            CHECK(relative_rms(back, std::vector<T>(2 * n, T(0)), widen(x), ld_vector(2 * n, 0.0L), 2 * n) <=
                  bound<T>(2 * n, 2 * c_fast));
        }
    }
}

TEST_CASE("FFT plans: in-place use, sharing across threads, bad arguments", "[dsp][fft]") {
    const std::size_t n = 960;
    const complex_fft_plan<float> plan(n);
    const auto xr = random_vector<float>(n, 6), xi = random_vector<float>(n, 7);
    std::vector<float> yr(n), yi(n), scratch(plan.scratch_size() + 5); // larger scratch is fine
    plan.forward(xr, xi, yr, yi, scratch);
    std::vector<float> ir = xr, ii = xi;
    plan.forward(ir, ii, ir, ii, scratch);
    CHECK(ir == yr);
    CHECK(ii == yi);
    for (const std::size_t m : {std::size_t{97}, std::size_t{1024}, std::size_t{243}}) { // other pass parities
        const complex_fft_plan<double> p(m);
        const auto ar = random_vector<double>(m, 8), ai = random_vector<double>(m, 9);
        std::vector<double> br(m), bi(m), s(p.scratch_size());
        p.forward(ar, ai, br, bi, s);
        std::vector<double> cr = ar, ci = ai;
        p.forward(cr, ci, cr, ci, s);
        CHECK(cr == br);
        CHECK(ci == bi);
    }

    // One plan, two threads, own scratch each: results identical to the single-threaded ones.
    const real_fft_plan<double> real(4096);
    const auto x = random_vector<double>(4096, 10);
    std::vector<double> re(real.bins()), im(real.bins()), s0(real.scratch_size());
    real.forward(x, re, im, s0);
    bool same[2] = {false, false};
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&, t] {
            std::vector<double> r(real.bins()), i(real.bins()), s(real.scratch_size());
            bool ok = true;
            for (int rep = 0; rep < 50; ++rep) {
                real.forward(x, r, i, s);
                ok = ok && r == re && i == im;
            }
            same[t] = ok;
        });
    for (auto& t : threads) t.join();
    CHECK(same[0]);
    CHECK(same[1]);

    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(complex_fft_plan<float>(0), Contains("size = 0"));
    CHECK_THROWS_WITH(real_fft_plan<double>(0), Contains("size = 0"));
    std::vector<float> short_im(n - 1);
    CHECK_THROWS_WITH(plan.forward(xr, short_im, yr, yi, scratch), Contains("in_im.size() = 959"));
    CHECK_THROWS_WITH(plan.inverse(xr, xi, yr, short_im, scratch), Contains("out_im.size() = 959"));
    std::vector<float> small_scratch(plan.scratch_size() - 1);
    CHECK_THROWS_WITH(plan.forward(xr, xi, yr, yi, small_scratch), Contains("scratch.size()"));
    const real_fft_plan<float> rp(100);
    std::vector<float> r51(51), i50(50), x100(100), rs(rp.scratch_size());
    CHECK_THROWS_WITH(rp.forward(x100, r51, i50, rs), Contains("im.size() = 50"));
    CHECK_THROWS_WITH(rp.inverse(r51, i50, x100, rs), Contains("real_fft_plan::inverse: im.size() = 50"));
}

TEST_CASE("next_fast_size is the next 5-smooth number", "[dsp][fft]") {
    // Independent check by trial division, upward from n.
    const auto smooth = [](std::size_t m) {
        for (std::size_t p : {2, 3, 5})
            while (m % p == 0) m /= p;
        return m == 1;
    };
    for (std::size_t n = 1; n <= 5000; ++n) {
        std::size_t m = n;
        while (!smooth(m)) ++m;
        REQUIRE(next_fast_size(n) == m);
        REQUIRE(is_fast_size(n) == smooth(n));
    }
    CHECK(next_fast_size(0) == 1);
    CHECK(next_fast_size((1u << 20) + 1) == 1049760); // 2^5·3^8·5 (5-smooth numbers: OEIS A051037)
    CHECK(next_fast_size(1000001) == 1012500);        // 2^2·3^4·5^5
}

TEST_CASE("next_fast_real_size is the next 5-smooth multiple of 64 from 4096 points (of 2 below)", "[dsp][fft]") {
    const auto smooth = [](std::size_t m) {
        for (std::size_t p : {2, 3, 5})
            while (m % p == 0) m /= p;
        return m == 1;
    };
    // Independent check by stepping through the multiples of the unit, upward from n.
    for (std::size_t n : {1, 2, 3, 7, 100, 1001, 4095, 4096, 4097, 10007, 65537, 480000, 911250, 912000}) {
        const std::size_t unit = n >= 4096 ? 64 : 2;
        std::size_t m = (n + unit - 1) / unit * unit;
        while (!smooth(m)) m += unit;
        CAPTURE(n);
        REQUIRE(next_fast_real_size(n) == m);
    }
    CHECK(next_fast_real_size(912000) == 921600); // not 911 250 = 2·3^6·5^4, whose odd half runs radix 3/5 only
}

// FFT accuracy against FFTW: both transforms of the same input are compared with FFTW's long-double transform
// (libfftw3l, a third-party reference with ~11 more bits than double), and iemlab's relative RMS error must be
// at most twice FFTW's own (double: libfftw3, float: libfftw3f, both FFTW_ESTIMATE) — fast sizes, 5-smooth sizes
// and primes (iemlab: Bluestein; FFTW: Rader). Needs the three FFTW libraries; skipped without them.
#include <iemlab/core.hpp>
#include <iemlab/dsp/fft.hpp>

#include <catch2/catch.hpp>

#if defined(IEMLAB_HAVE_FFTW_ALL)
#include <fftw3.h>

#include <cmath>
#include <complex>
#include <random>
#include <vector>

using namespace iemlab;

namespace {

// ||y − ref|| / ||ref|| over the complex bins.
template <class T>
double relative_rms(const std::vector<T>& yr, const std::vector<T>& yi, const std::vector<long double>& rr,
                    const std::vector<long double>& ri, std::size_t bins) {
    long double num = 0, den = 0;
    for (std::size_t k = 0; k < bins; ++k) {
        const long double dr = static_cast<long double>(yr[k]) - rr[k], di = static_cast<long double>(yi[k]) - ri[k];
        num += dr * dr + di * di;
        den += rr[k] * rr[k] + ri[k] * ri[k];
    }
    return static_cast<double>(std::sqrt(num / den));
}

struct errors {
    double ours_complex, fftw_complex, ours_real, fftw_real;
};

template <class T>
errors measure(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<T> xr(n), xi(n);
    for (std::size_t i = 0; i < n; ++i) xr[i] = static_cast<T>(u(rng)), xi[i] = static_cast<T>(u(rng));

    // Reference: FFTW long double on exactly the T-valued input.
    std::vector<long double> rr(n), ri(n), real_rr(n), real_ri(n);
    {
        auto* b = static_cast<fftwl_complex*>(fftwl_malloc(sizeof(fftwl_complex) * n));
        fftwl_plan p = fftwl_plan_dft_1d(static_cast<int>(n), b, b, FFTW_FORWARD, FFTW_ESTIMATE);
        for (std::size_t i = 0; i < n; ++i) b[i][0] = xr[i], b[i][1] = xi[i];
        fftwl_execute(p);
        for (std::size_t i = 0; i < n; ++i) rr[i] = b[i][0], ri[i] = b[i][1];
        for (std::size_t i = 0; i < n; ++i) b[i][0] = xr[i], b[i][1] = 0;
        fftwl_execute(p);
        for (std::size_t i = 0; i < n; ++i) real_rr[i] = b[i][0], real_ri[i] = b[i][1];
        fftwl_destroy_plan(p);
        fftwl_free(b);
    }
    errors e{};
    // iemlab.
    {
        const dsp::complex_fft_plan<T> plan(n);
        std::vector<T> yr(n), yi(n), s(plan.scratch_size());
        plan.forward(xr, xi, yr, yi, s);
        e.ours_complex = relative_rms(yr, yi, rr, ri, n);
        const dsp::real_fft_plan<T> real(n);
        std::vector<T> re(real.bins()), im(real.bins()), rs(real.scratch_size());
        real.forward(xr, re, im, rs);
        e.ours_real = relative_rms(re, im, real_rr, real_ri, real.bins());
    }
    // FFTW in T.
    std::vector<T> yr(n), yi(n);
    if constexpr (std::is_same_v<T, double>) {
        auto* b = static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * n));
        fftw_plan p = fftw_plan_dft_1d(static_cast<int>(n), b, b, FFTW_FORWARD, FFTW_ESTIMATE);
        for (std::size_t i = 0; i < n; ++i) b[i][0] = xr[i], b[i][1] = xi[i];
        fftw_execute(p);
        for (std::size_t i = 0; i < n; ++i) yr[i] = b[i][0], yi[i] = b[i][1];
        e.fftw_complex = relative_rms(yr, yi, rr, ri, n);
        fftw_destroy_plan(p);
        fftw_free(b);
        std::vector<double> in(xr.begin(), xr.end());
        auto* out = static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * (n / 2 + 1)));
        fftw_plan pr = fftw_plan_dft_r2c_1d(static_cast<int>(n), in.data(), out, FFTW_ESTIMATE);
        for (std::size_t i = 0; i < n; ++i) in[i] = xr[i];
        fftw_execute(pr);
        for (std::size_t k = 0; k <= n / 2; ++k) yr[k] = out[k][0], yi[k] = out[k][1];
        e.fftw_real = relative_rms(yr, yi, real_rr, real_ri, n / 2 + 1);
        fftw_destroy_plan(pr);
        fftw_free(out);
    } else {
        auto* b = static_cast<fftwf_complex*>(fftwf_malloc(sizeof(fftwf_complex) * n));
        fftwf_plan p = fftwf_plan_dft_1d(static_cast<int>(n), b, b, FFTW_FORWARD, FFTW_ESTIMATE);
        for (std::size_t i = 0; i < n; ++i) b[i][0] = xr[i], b[i][1] = xi[i];
        fftwf_execute(p);
        for (std::size_t i = 0; i < n; ++i) yr[i] = b[i][0], yi[i] = b[i][1];
        e.fftw_complex = relative_rms(yr, yi, rr, ri, n);
        fftwf_destroy_plan(p);
        fftwf_free(b);
        std::vector<float> in(xr.begin(), xr.end());
        auto* out = static_cast<fftwf_complex*>(fftwf_malloc(sizeof(fftwf_complex) * (n / 2 + 1)));
        fftwf_plan pr = fftwf_plan_dft_r2c_1d(static_cast<int>(n), in.data(), out, FFTW_ESTIMATE);
        for (std::size_t i = 0; i < n; ++i) in[i] = xr[i];
        fftwf_execute(pr);
        for (std::size_t k = 0; k <= n / 2; ++k) yr[k] = out[k][0], yi[k] = out[k][1];
        e.fftw_real = relative_rms(yr, yi, real_rr, real_ri, n / 2 + 1);
        fftwf_destroy_plan(pr);
        fftwf_free(out);
    }
    return e;
}

} // namespace

TEMPLATE_TEST_CASE("FFT error vs long double is at most 2x FFTW's", "[robustness][numerical][fft]", float, double) {
    using T = TestType;
    // 64, 128 and 256 (and the real transforms' halves) run the straight-line kernels at some SIMD level. 1000,
    // 36000 and 48000 have N/W not a multiple of W at the widest level of one precision or the other (a padded last
    // lane block, fft_engine), complex or real.
    for (const std::size_t n :
         {std::size_t{64}, std::size_t{128}, std::size_t{256}, std::size_t{1000}, std::size_t{1009}, std::size_t{4096},
          std::size_t{36000}, std::size_t{48000}, std::size_t{65536}, std::size_t{65537}, std::size_t{1} << 18}) {
        const errors e = measure<T>(n, 17 + n);
        CAPTURE(n, e.ours_complex, e.fftw_complex, e.ours_real, e.fftw_real);
        CHECK(e.ours_complex <= 2 * e.fftw_complex);
        CHECK(e.ours_real <= 2 * e.fftw_real);
        // Both are far from the reference's own precision: the comparison measures the T transforms.
        CHECK(e.fftw_complex > 0);
    }
}

#else
TEST_CASE("FFT error vs FFTW (skipped: libfftw3, libfftw3f or libfftw3l not found)", "[robustness][numerical][fft]") {
    WARN("FFTW comparison skipped: the build found no libfftw3/libfftw3f/libfftw3l");
}
#endif

// A program outside the tree that finds the installed iemlab, links iemlab::iemlab only, and uses dsp, measure and
// io. It checks that the FFT runs at the level the CPU supports (run-time dispatch through the installed kernel
// library, not the SSE2 that plain -O2 compiles for) and that default_simd_level() reports that level.
#include <iemlab/iemlab.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <numbers>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::cerr << "consumer: FAILED: " << what << '\n';
        ++failures;
    }
}

} // namespace

int main() {
    using namespace iemlab::literals;

    // core: air at room temperature (c ≈ 331.3·sqrt(1 + T/273.15) m/s ≈ 345 m/s at 23 °C).
    const auto air = iemlab::air_properties::at(23_degC);
    check(std::fabs(air.speed_of_sound - 345.0) < 0.5, "speed of sound at 23 C");

    // dsp: a 2^16-point real FFT of a cosine on bin 1000 puts N/2 there and (numerically) nothing elsewhere.
    constexpr std::size_t n = 1 << 16, bin = 1000;
    const iemlab::dsp::real_fft_plan<float> plan(n);
    const auto cpu = iemlab::detect_simd_level();
    std::cout << "consumer: cpu " << iemlab::to_string(cpu) << ", fft plan " << iemlab::to_string(plan.level())
              << ", default_simd_level " << iemlab::to_string(iemlab::default_simd_level()) << '\n';
#if defined(__x86_64__) && !defined(IEMLAB_SIMD_DISPATCH)
    check(false, "iemlab::iemlab did not bring the kernel library (IEMLAB_SIMD_DISPATCH undefined)");
#endif
    if (std::getenv("IEMLAB_ARCH") == nullptr) {
        check(plan.level() == cpu, "the FFT runs at the CPU's level");
        check(iemlab::default_simd_level() == cpu, "default_simd_level() is the CPU's level");
    }
    check(iemlab::default_simd_level() <= iemlab::dispatchable_simd_level(),
          "default_simd_level() is a level this build can run");
    std::vector<float> x(n), re(plan.bins()), im(plan.bins()), scratch(plan.scratch_size());
    for (std::size_t i = 0; i < n; ++i)
        x[i] = static_cast<float>(std::cos(2 * std::numbers::pi * double(bin * i % n) / double(n)));
    plan.forward(x, re, im, scratch);
    double leak = 0;
    for (std::size_t k = 0; k < plan.bins(); ++k)
        if (k != bin) leak = std::max(leak, std::hypot(double(re[k]), double(im[k])));
    check(std::fabs(re[bin] - n / 2.0) < 1e-3 * n && leak < 1e-3 * n, "FFT of a cosine");
    double best_us = 1e30; // reported, not asserted: speed is not a test
    for (int run = 0; run < 50; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        plan.forward(x, re, im, scratch);
        const auto t1 = std::chrono::steady_clock::now();
        best_us = std::min(best_us, std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    std::cout << "consumer: real FFT 2^16 float, best of 50: " << best_us << " us\n";

    // measure: a target against itself scores the model's intercept, 100.0795 (Olive, Welti & Khonsaripour 2017).
    const auto target = iemlab::measure::builtin_target("harman-ie-2019v2");
    const auto score = iemlab::measure::harman_inear_preference_score(target, target);
    check(std::fabs(score.score - 100.0795) < 1e-9, "preference score of the target against itself");

    // io: the target through iemlab's CSV and back keeps its 695 points and its values (printed to 0.01 dB).
    const auto text = iemlab::io::format_response(target, iemlab::io::response_format::csv);
    const auto back = iemlab::io::parse_response(text, "target.csv");
    check(back.size() == 695, "CSV round trip keeps the points");
    double worst = 0;
    for (std::size_t i = 0; i < back.size() && i < target.size(); ++i)
        worst = std::max(worst, std::fabs(back.magnitude_db()[i] - target.magnitude_db()[i]));
    check(worst <= 0.005, "CSV round trip keeps the values");

    if (failures != 0) return 1;
    std::cout << "consumer: ok (iemlab " << iemlab::version_string << ")\n";
    return 0;
}

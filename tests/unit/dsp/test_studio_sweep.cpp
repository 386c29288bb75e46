// Deconvolution of real third-party data (IEMLAB_DATA/sweeps, from robotmitchum/ir_tool, MIT): the response of a
// digital reverb to a log sweep, deconvolved by regularised inversion of the sweep file itself, against the same
// system's response to a one-sample click (an independent measurement) and against the author's own deconvolution.
#ifdef IEMLAB_HAVE_SNDFILE
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/dsp/deconvolve.hpp>
#include <iemlab/dsp/harmonics.hpp>
#include <iemlab/io/audio_file.hpp>

#include <catch2/catch.hpp>

#include "../third_party_data.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

using namespace iemlab;

namespace {

const std::filesystem::path sweeps = test::data_dir() / "sweeps";

std::vector<double> power_spectrum(std::span<const double> h, std::size_t nfft) {
    const dsp::real_fft_plan<double> plan(nfft);
    aligned_buffer<double> x(nfft), re(plan.bins()), im(plan.bins()), scratch(plan.scratch_size());
    std::copy(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(std::min(h.size(), nfft)), x.begin());
    plan.forward(x.span(), re.span(), im.span(), scratch.span());
    std::vector<double> p(plan.bins());
    for (std::size_t k = 0; k < p.size(); ++k) p[k] = re[k] * re[k] + im[k] * im[k];
    return p;
}

// Energy in the 1/3-octave band around fc (a reverb's response is dense with modes: compare band energies).
double band_db(const std::vector<double>& p, double fc, double fs, std::size_t nfft) {
    double e = 0;
    for (std::size_t k = 0; k < p.size(); ++k) {
        const double f = double(k) * fs / double(nfft);
        if (f >= fc * std::pow(2, -1.0 / 6) && f < fc * std::pow(2, 1.0 / 6)) e += p[k];
    }
    return 10 * std::log10(e);
}

} // namespace

TEST_CASE("studio_sweep.wav deconvolves to the response measured with a click", "[dsp][deconvolve][data]") {
    IEMLAB_REQUIRE_DATA();
    const auto sweep = io::read_audio<double>(sweeps / "sweep.wav");
    const auto recording = io::read_audio<double>(sweeps / "studio_sweep.wav");
    const auto response_to_click = io::read_audio<double>(sweeps / "studio_click.wav");
    const auto click = io::read_audio<double>(sweeps / "click.wav");
    const auto author = io::read_audio<double>(sweeps / "studio_sweep_deconvolved.flac");
    const double fs = 44100;
    REQUIRE(sweep.rate_hz == fs);
    REQUIRE(recording.rate_hz == fs);
    const std::size_t nfft = 1 << 17, length = response_to_click.frames();
    for (std::size_t ch = 0; ch < 2; ++ch) {
        CAPTURE(ch);
        const auto d = dsp::deconvolver<double>::kirkeby(sweep.channels[ch].span(), fs, recording.frames(), 20, 20000);
        const auto h = d(recording.channels[ch].span());
        // The recordings were aligned by the author (SOURCES.md): the response starts at t = 0.
        CHECK(std::abs(dsp::find_impulse_peak(std::span<const double>(h.span()), -2000, 20000)) < 1);
        // Reference: the click response divided by the click (one sample, −1 dBFS, at index 1).
        REQUIRE(click.channels[ch][0] == 0);
        REQUIRE(click.channels[ch][2] == 0);
        std::vector<double> reference(length);
        for (std::size_t i = 1; i < length; ++i) reference[i - 1] = response_to_click.channels[ch][i] / click.channels[ch][1];
        const auto p_ours = power_spectrum(std::span<const double>(h.data(), length), nfft);
        const auto p_click = power_spectrum(reference, nfft);
        const auto p_author = power_spectrum(author.channels[ch].span(), nfft);
        std::vector<double> vs_author;
        for (const double fc : log_grid(31.25, 16000, 3)) {
            CAPTURE(fc);
            // Absolute level: no normalisation. Measured: −0.15…−0.2 dB from 63 Hz to 6.3 kHz, −0.6 dB at 10 kHz.
            CHECK(std::abs(band_db(p_ours, fc, fs, nfft) - band_db(p_click, fc, fs, nfft)) < 0.7);
            vs_author.push_back(band_db(p_ours, fc, fs, nfft) - band_db(p_author, fc, fs, nfft));
        }
        // The author normalised his result ("compensate"): compare shapes about the median offset.
        std::vector<double> sorted = vs_author;
        std::nth_element(sorted.begin(), sorted.begin() + long(sorted.size() / 2), sorted.end());
        const double offset = sorted[sorted.size() / 2];
        for (const double v : vs_author) CHECK(std::abs(v - offset) < 0.3);
    }
}
#endif

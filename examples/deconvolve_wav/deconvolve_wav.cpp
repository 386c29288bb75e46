// The real-data path of the pipeline on third-party recordings: DATA_DIR/sweeps/sweep.wav (an exponential sweep
// without iemlab metadata, 44.1 kHz) and studio_sweep.wav (a digital reverb's response to it, both channels) are
// deconvolved by regularised inversion and analysed like insertions of a left and a right channel; the same
// system's response to a click (click.wav → studio_click.wav), an independently obtained impulse response, is
// analysed the same way and compared. Writes a report and prints the agreement.
//
// Usage: deconvolve_wav DATA_DIR [OUT_DIR]   (default OUT_DIR: out/deconvolve_wav)
#include <iemlab/app/measurement_report.hpp>
#include <iemlab/dsp/smoothing.hpp>
#include <iemlab/io/audio_file.hpp>
#include <iemlab/measure/session.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <vector>

namespace ms = iemlab::measure;

namespace {

std::vector<double> channel(const iemlab::io::audio_clip<double>& clip, std::size_t c) {
    return {clip.channels.at(c).begin(), clip.channels.at(c).end()};
}

ms::measurement_result analyse(const std::filesystem::path& excitation_file, const std::filesystem::path& response_file,
                               const std::string& name, const ms::analysis_settings& settings) {
    const auto x = iemlab::io::read_audio<double>(excitation_file);
    const auto y = iemlab::io::read_audio<double>(response_file);
    if (x.rate_hz != y.rate_hz) throw iemlab::error(response_file.string() + ": sample rate differs from " + excitation_file.string());
    const std::vector<double> e = channel(x, 0);
    const std::size_t length = std::max(y.frames(), e.size());
    std::vector<std::vector<std::vector<double>>> recordings(2);
    for (std::size_t c = 0; c < 2; ++c) {
        auto r = channel(y, std::min(c, y.channels.size() - 1));
        r.resize(length, 0.0);
        recordings[c].push_back(std::move(r));
    }
    // Regularised inversion a third of an octave beyond the analysis band (the file is not an analytic sweep).
    const ms::sweep_analyzer analyzer(e, x.rate_hz, settings.f_min_hz / std::cbrt(2.0),
                                      std::min(x.rate_hz / 2, settings.f_max_hz * std::cbrt(2.0)), length, settings);
    double peak = 0;
    for (double v : e) peak = std::max(peak, std::fabs(v));
    return ms::measure_recordings(name, analyzer, {"left", "right"}, recordings, peak, settings);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: deconvolve_wav DATA_DIR [OUT_DIR]\n";
        return 2;
    }
    try {
        const std::filesystem::path data = std::filesystem::path(argv[1]) / "sweeps";
        const std::filesystem::path out = argc > 2 ? argv[2] : "out/deconvolve_wav";
        ms::analysis_settings settings;
        settings.harmonics = 1;                            // no synchronized sweep: no harmonic separation
        settings.normalize = ms::normalization::at(1000, 0); // 0 dB at 1 kHz
        settings.low_level_dbfs = -80;
        auto sweep = analyse(data / "sweep.wav", data / "studio_sweep.wav", "reverb (sweep)", settings);
        auto click = analyse(data / "click.wav", data / "studio_click.wav", "reverb (click)", settings);
        // Agreement of the two methods, 100 Hz … 10 kHz, on the combined (L/R) responses smoothed to 1/6 octave
        // (power): a reverb's response is dense with modes, so single points compare interpolation, not method.
        const auto& f = sweep.combined.frequencies();
        const iemlab::dsp::fractional_octave_smoother smooth(f, f, iemlab::dsp::smoothing_width::fraction(6));
        const auto a = smooth(sweep.combined), b = smooth(click.combined);
        double sum = 0, worst = 0;
        std::size_t n = 0;
        for (std::size_t k = 0; k < f.size(); ++k) {
            if (f[k] < 100 || f[k] > 10000) continue;
            const double d = a.magnitude_db()[k] - b.magnitude_db()[k];
            sum += d * d;
            worst = std::max(worst, std::fabs(d));
            ++n;
        }
        std::cerr << "deconvolve_wav: sweep vs click, 1/6 octave, 100 Hz … 10 kHz: RMS difference " << std::sqrt(sum / double(n))
                  << " dB, largest " << worst << " dB (" << n << " points)\n";
        iemlab::app::report_options o;
        o.title = "Real-data path: ir_tool's PS1 reverb, sweep vs click";
        o.description = "Third-party recordings (robotmitchum/ir_tool, MIT): an exponential sweep through a digital "
                        "reverb, deconvolved by regularised inversion, against the same system's click response.";
        std::cout << iemlab::app::write_measurement_report(out, {sweep, click}, o).string() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "deconvolve_wav: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

// Bad-input suite: every public entry point, fed invalid parameters (NaN, ±pinf, zero, negative, out of range,
// wrong sizes, empty data), must throw iemlab::error — not another exception type, not a crash, not a silent
// NaN — with a one-line message naming the parameter (for files: the file name). Table-driven: one row per
// (entry point, bad parameter).
#include <iemlab/acoustics.hpp>
#include <iemlab/core.hpp>
#include <iemlab/dsp/analysis.hpp>
#include <iemlab/dsp/convolution.hpp>
#include <iemlab/dsp/deconvolve.hpp>
#include <iemlab/dsp/fft.hpp>
#include <iemlab/dsp/harmonics.hpp>
#include <iemlab/dsp/interpolate.hpp>
#include <iemlab/dsp/phase.hpp>
#include <iemlab/dsp/smoothing.hpp>
#include <iemlab/dsp/sweep.hpp>
#include <iemlab/dsp/window.hpp>
#include <iemlab/electroacoustics/acoustic_load.hpp>
#include <iemlab/electroacoustics/ba_receiver.hpp>
#include <iemlab/electroacoustics/driver_model.hpp>
#include <iemlab/electroacoustics/dynamic_driver.hpp>
#include <iemlab/electroacoustics/impedance_fit.hpp>
#include <iemlab/electroacoustics/loads.hpp>
#include <iemlab/electroacoustics/source.hpp>
#include <iemlab/io/impedance.hpp>
#include <iemlab/io/mic_calibration.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/average.hpp>
#include <iemlab/measure/normalize.hpp>
#include <iemlab/measure/target.hpp>
#include <iemlab/network.hpp>
#if defined(IEMLAB_HAVE_SNDFILE)
#include <iemlab/io/audio_file.hpp>
#endif

#include <catch2/catch.hpp>

#include <complex>
#include <functional>
#include <limits>
#include <string>
#include <vector>

using namespace iemlab;

namespace {

constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr double pinf = std::numeric_limits<double>::infinity();

struct bad_call {
    const char* entry;     // the entry point, for the report
    const char* parameter; // a word the message must contain
    std::function<void()> call;
};

// Runs each row: iemlab::error, one line, naming the parameter. Returns the number of rows run.
std::size_t run_table(const std::vector<bad_call>& table) {
    for (const auto& row : table) {
        INFO(row.entry << " — bad " << row.parameter);
        std::string message, other;
        bool threw = false;
        try {
            row.call();
        } catch (const iemlab::error& e) {
            threw = true;
            message = e.what();
        } catch (const std::exception& e) {
            other = e.what();
        }
        INFO("message: " << message << other);
        CHECK(threw);
        CHECK(other.empty());
        CHECK(message.find(row.parameter) != std::string::npos);
        CHECK(message.find('\n') == std::string::npos);
    }
    return table.size();
}

const frequency_response& small_response() {
    static const frequency_response r({20, 100, 1000, 10000, 20000}, {90, 92, 100, 95, 85}, {0, -10, -45, -90, -120},
                                      "small");
    return r;
}

} // namespace

TEST_CASE("bad input: core (grids, responses, air, quantities, buffers)", "[robustness][bad-input]") {
    const std::vector<bad_call> table{
        {"log_grid", "f_min", [] { (void)log_grid(0, 100, 48); }},
        {"log_grid", "f_min", [] { (void)log_grid(qnan, 100, 48); }},
        {"log_grid", "f_max", [] { (void)log_grid(100, 10, 48); }},
        {"log_grid", "f_max", [] { (void)log_grid(100, pinf, 48); }},
        {"log_grid", "points_per_octave", [] { (void)log_grid(20, 20000, 0); }},
        {"log_grid", "points_per_octave", [] { (void)log_grid(20, 20000, qnan); }},
        {"log_grid_points", "count", [] { (void)log_grid_points(20, 20000, 1); }},
        {"log_grid_points", "f_max", [] { (void)log_grid_points(20, qnan, 10); }},
        {"fft_bin_grid", "fft_size", [] { (void)fft_bin_grid(0, 48000); }},
        {"fft_bin_grid", "sample_rate", [] { (void)fft_bin_grid(1024, -48000); }},
        {"frequency_response", "frequency[1]", [] { (void)frequency_response({20, 20}, {0, 0}); }},
        {"frequency_response", "frequency[0]", [] { (void)frequency_response({qnan}, {0}); }},
        {"frequency_response", "frequency[0]", [] { (void)frequency_response({-1}, {0}); }},
        {"frequency_response", "magnitude_db[1]", [] { (void)frequency_response({1, 2}, {0, pinf}); }},
        {"frequency_response", "phase_deg[0]", [] { (void)frequency_response({1, 2}, {0, 0}, {qnan, 0}); }},
        {"frequency_response", "magnitude_db.size()", [] { (void)frequency_response({1, 2}, {0}); }},
        {"frequency_response", "phase_deg.size()", [] { (void)frequency_response({1, 2}, {0, 0}, {0}); }},
        {"frequency_response::from_complex", "values.size()",
         [] { (void)frequency_response::from_complex(std::vector<double>{1, 2}, std::vector<std::complex<double>>{1.0}); }},
        {"frequency_response::with_gain", "gain", [] { (void)small_response().with_gain(qnan); }},
        {"frequency_response::db_at", "f", [] { (void)small_response().db_at(-5); }},
        {"frequency_response::db_at", "response", [] { (void)frequency_response().db_at(100); }},
        {"air_properties::at_celsius", "temperature", [] { (void)air_properties::at_celsius(qnan); }},
        {"air_properties::at_kelvin", "temperature", [] { (void)air_properties::at_kelvin(0); }},
        {"air_properties::at_kelvin", "temperature", [] { (void)air_properties::at_kelvin(1e6); }},
        {"parse_quantity", "--f", [] { (void)parse_frequency("banana", "--f"); }},
        {"parse_quantity", "--f", [] { (void)parse_frequency("1e400", "--f"); }},
        {"parse_quantity", "--f", [] { (void)parse_frequency("1e308kHz", "--f"); }},
        {"parse_quantity", "--f", [] { (void)parse_frequency("nan", "--f"); }},
        {"parse_quantity", "--f", [] { (void)parse_frequency("", "--f"); }},
        {"parse_quantity", "--t", [] { (void)parse_temperature("-300C", "--t"); }},
        {"parse_quantity", "--t", [] { (void)parse_quantity("-5", quantity_kind::temperature, "--t"); }},
        {"parse_quantity", "--n", [] { (void)parse_quantity("5Hz", quantity_kind::dimensionless, "--n"); }},
        {"parse_quantity", "--l", [] { (void)parse_length("3 parsecs", "--l"); }},
        {"parse_simd_level", "arch", [] { (void)parse_simd_level("avx9000"); }},
        {"aligned_buffer", "count", [] { (void)aligned_buffer<double>(std::size_t(1) << 62); }},
    };
    CHECK(run_table(table) == table.size());
}

TEST_CASE("bad input: sweeps, FFT, windows, convolution, interpolation, phase", "[robustness][bad-input]") {
    using namespace iemlab::dsp;
    const std::vector<bad_call> table{
        {"synchronized_sweep", "f1", [] { (void)synchronized_sweep::from_si(0, 20000, 1, 48000); }},
        {"synchronized_sweep", "f1", [] { (void)synchronized_sweep::from_si(qnan, 20000, 1, 48000); }},
        {"synchronized_sweep", "f2", [] { (void)synchronized_sweep::from_si(20, 24000, 1, 48000); }},
        {"synchronized_sweep", "f2", [] { (void)synchronized_sweep::from_si(20, 10, 1, 48000); }},
        {"synchronized_sweep", "f2", [] { (void)synchronized_sweep::from_si(20, pinf, 1, 48000); }},
        {"synchronized_sweep", "duration", [] { (void)synchronized_sweep::from_si(20, 20000, 0, 48000); }},
        {"synchronized_sweep", "duration", [] { (void)synchronized_sweep::from_si(20, 20000, qnan, 48000); }},
        {"synchronized_sweep", "duration", [] { (void)synchronized_sweep::from_si(20, 20000, 1e9, 48000); }},
        {"synchronized_sweep", "rate", [] { (void)synchronized_sweep::from_si(20, 20000, 1, qnan); }},
        {"synchronized_sweep", "rate", [] { (void)synchronized_sweep::from_si(20, 20000, 1, 0.5); }},
        {"exponential_sweep", "amplitude", [] { (void)exponential_sweep::from_si(20, 20000, 1, 48000, {1.5}); }},
        {"exponential_sweep", "amplitude", [] { (void)exponential_sweep::from_si(20, 20000, 1, 48000, {qnan}); }},
        {"exponential_sweep", "fade_in",
         [] { (void)exponential_sweep::from_si(20, 20000, 1, 48000, {1, units::from_si<units::time>(-1.0), {}}); }},
        {"exponential_sweep", "fade_out",
         [] { (void)exponential_sweep::from_si(20, 20000, 1, 48000, {1, {}, units::from_si<units::time>(qnan)}); }},
        {"linear_sweep", "fade_in + fade_out",
         [] {
             (void)linear_sweep::from_si(20, 20000, 1, 48000,
                                         {1, units::from_si<units::time>(0.6), units::from_si<units::time>(0.6)});
         }},
        {"linear_sweep", "duration", [] { (void)linear_sweep::from_si(20, 20000, 0.01, 48000); }},
        {"swept_sine::generate", "out.size()",
         [] {
             std::vector<float> out(10);
             synchronized_sweep::from_si(20, 20000, 1, 48000).generate(std::span<float>(out));
         }},
        {"swept_sine::from_metadata", "comment", [] { (void)swept_sine::from_metadata("no metadata here"); }},
        {"swept_sine::from_metadata", "f2", [] { (void)swept_sine::from_metadata("iemlab-sweep type=linear f1=20"); }},
        {"swept_sine::from_metadata", "f1",
         [] { (void)swept_sine::from_metadata("iemlab-sweep type=linear f1=qnan f2=1 duration=1 rate=1 length=1"); }},
        {"swept_sine::from_metadata", "length",
         [] {
             (void)swept_sine::from_metadata("iemlab-sweep type=linear f1=20 f2=2000 duration=1 rate=8000 length=7 "
                                             "L=0 fade_in=0 fade_out=0 amplitude=1");
         }},
        {"parse_sweep_type", "--type", [] { (void)parse_sweep_type("log", "--type"); }},
        {"complex_fft_plan", "size", [] { (void)complex_fft_plan<double>(0); }},
        {"real_fft_plan", "size", [] { (void)real_fft_plan<float>(0); }},
        {"real_fft_plan::forward", "re.size()",
         [] {
             const real_fft_plan<double> p(64);
             std::vector<double> x(64), re(10), im(33), s(p.scratch_size());
             p.forward(x, re, im, s);
         }},
        {"real_fft_plan::inverse", "scratch",
         [] {
             const real_fft_plan<double> p(64);
             std::vector<double> x(64), re(33), im(33), s(1);
             p.inverse(re, im, x, s);
         }},
        {"next_fast_size", "n", [] { (void)next_fast_size(std::numeric_limits<std::size_t>::max()); }},
        {"parse_window_type", "--window", [] { (void)parse_window_type("triangle-ish", "--window"); }},
        {"fill_window", "tukey_alpha",
         [] {
             std::vector<double> w(16);
             fill_window(window_type::tukey, std::span<double>(w), 1.5);
         }},
        {"fill_window", "tukey_alpha",
         [] {
             std::vector<double> w(16);
             fill_window(window_type::tukey, std::span<double>(w), qnan);
         }},
        {"overlap_save_convolver", "filter", [] { (void)overlap_save_convolver<double>(std::span<const double>{}); }},
        {"overlap_save_convolver", "filter",
         [] {
             const std::vector<double> h{1, qnan};
             (void)overlap_save_convolver<double>(h);
         }},
        {"overlap_save_convolver", "fft_size",
         [] {
             const std::vector<double> h(100, 0.01);
             (void)overlap_save_convolver<double>(h, 64);
         }},
        {"log_interpolation_plan", "from[1]",
         [] {
             const std::vector<double> from{10, 5}, to{7};
             (void)log_interpolation_plan(from, to);
         }},
        {"log_interpolation_plan", "to[0]",
         [] {
             const std::vector<double> from{10, 50}, to{qnan};
             (void)log_interpolation_plan(from, to);
         }},
        {"interpolate_log", "values.size()",
         [] {
             const std::vector<double> from{10, 50}, values{1}, to{20};
             (void)interpolate_log(from, values, to);
         }},
        {"resample", "response", [] { (void)resample(frequency_response(), std::vector<double>{1.0}); }},
        {"unwrap_phase", "period",
         [] {
             std::vector<double> p{0, 1};
             unwrap_phase_in_place(p, 0.0);
         }},
        {"group_delay", "phase.size()",
         [] { (void)group_delay(std::vector<double>{1, 2, 3}, std::vector<double>{0, 1}); }},
        {"group_delay", "phase[1]", [] { (void)group_delay(std::vector<double>{1, 2, 3}, std::vector<double>{0, qnan, 1}); }},
        {"minimum_phase_plan", "fft_size", [] { (void)minimum_phase_plan(7); }},
        {"minimum_phase", "sample_rate", [] { (void)minimum_phase(small_response(), 1000.0); }},
        {"minimum_phase", "sample_rate", [] { (void)minimum_phase(small_response(), qnan); }},
        {"minimum_phase", "response", [] { (void)minimum_phase(frequency_response()); }},
        {"excess_phase", "response",
         [] { (void)excess_phase(frequency_response({1, 2}, {0, 0}), std::vector<double>{0, 0}); }},
    };
    CHECK(run_table(table) == table.size());
}

TEST_CASE("bad input: deconvolution, harmonics, smoothing", "[robustness][bad-input]") {
    using namespace iemlab::dsp;
    static const synchronized_sweep sweep = synchronized_sweep::from_si(100, 3900, 0.1, 8000);
    static const linear_sweep lin = linear_sweep::from_si(100, 3900, 0.1, 8000);
    const std::vector<double> grid = log_grid(20, 20000, 12);
    const std::vector<bad_call> table{
        {"deconvolver::synchronized", "sweep", [] { (void)deconvolver<double>::synchronized(lin, lin.size() + 100); }},
        {"deconvolver::synchronized", "recording length",
         [] { (void)deconvolver<double>::synchronized(sweep, sweep.size() - 1); }},
        {"deconvolver::synchronized", "beta_fraction",
         [] {
             deconvolution_options o;
             o.beta_fraction = qnan;
             (void)deconvolver<double>::synchronized(sweep, sweep.size() + 100, {}, o);
         }},
        {"deconvolver::synchronized", "in_band_epsilon_db",
         [] {
             deconvolution_options o;
             o.in_band_epsilon_db = 3;
             (void)deconvolver<double>::synchronized(sweep, sweep.size() + 100, {}, o);
         }},
        {"deconvolver::synchronized", "low_rolloff_octaves",
         [] {
             deconvolution_options o;
             o.low_rolloff_octaves = -1;
             (void)deconvolver<double>::synchronized(sweep, sweep.size() + 100, {}, o);
         }},
        {"deconvolver::synchronized", "excitation.size()",
         [] {
             const std::vector<double> x(5, 0.1);
             (void)deconvolver<double>::synchronized(sweep, sweep.size() + 100, x);
         }},
        {"deconvolver::farina", "sweep", [] { (void)deconvolver<float>::farina(lin, lin.size()); }},
        {"deconvolver::kirkeby", "excitation", [] { (void)deconvolver<double>::kirkeby({}, 48000, 100, 20, 20000); }},
        {"deconvolver::kirkeby", "excitation",
         [] {
             const std::vector<double> x{0.1, qnan, 0.2};
             (void)deconvolver<double>::kirkeby(x, 48000, 100, 20, 20000);
         }},
        {"deconvolver::kirkeby", "excitation",
         [] {
             const std::vector<double> x(64, 0.0);
             (void)deconvolver<double>::kirkeby(x, 48000, 100, 20, 20000);
         }},
        {"deconvolver::kirkeby", "rate",
         [] {
             const std::vector<double> x(64, 0.1);
             (void)deconvolver<double>::kirkeby(x, qnan, 100, 20, 20000);
         }},
        {"deconvolver::kirkeby", "f_lo",
         [] {
             const std::vector<double> x(64, 0.1);
             (void)deconvolver<double>::kirkeby(x, 48000, 100, -20, 20000);
         }},
        {"deconvolver::kirkeby", "f_hi",
         [] {
             const std::vector<double> x(64, 0.1);
             (void)deconvolver<double>::kirkeby(x, 48000, 100, 20, 30000);
         }},
        {"deconvolver::execute", "recording",
         [] {
             const auto d = deconvolver<double>::synchronized(sweep, sweep.size() + 16);
             std::vector<double> rec(sweep.size() + 15), ir(d.fft_size()), s(d.scratch_size());
             d.execute(rec, ir, s);
         }},
        {"deconvolver::execute", "recording",
         [] {
             const auto d = deconvolver<double>::synchronized(sweep, sweep.size() + 16);
             std::vector<double> rec(sweep.size() + 16, 0.0), ir(d.fft_size()), s(d.scratch_size());
             rec[3] = pinf;
             d.execute(rec, ir, s);
         }},
        {"harmonic_analyzer", "orders",
         [] {
             harmonic_options o;
             o.orders = 0;
             (void)harmonic_analyzer<double>(48000, 0.1, 20, 1 << 16, o);
         }},
        {"harmonic_analyzer", "orders",
         [] {
             harmonic_options o;
             o.orders = 10;
             (void)harmonic_analyzer<double>(48000, 0.1, 20, 1 << 16, o);
         }},
        {"harmonic_analyzer", "rate", [] { (void)harmonic_analyzer<double>(qnan, 0.1, 20, 1 << 16); }},
        {"harmonic_analyzer", "rate_constant", [] { (void)harmonic_analyzer<double>(48000, -0.1, 20, 1 << 16); }},
        {"harmonic_analyzer", "response_size", [] { (void)harmonic_analyzer<double>(48000, 0.1, 20, 8); }},
        {"harmonic_analyzer", "pre_share",
         [] {
             harmonic_options o;
             o.pre_share = qnan;
             (void)harmonic_analyzer<float>(48000, 0.1, 20, 1 << 16, o);
         }},
        {"harmonic_analyzer", "f1", [] { (void)harmonic_analyzer<double>(48000, 0.1, 0, 1 << 16); }},
        {"smoothing_width::fraction", "denominator", [] { (void)smoothing_width::fraction(0); }},
        {"smoothing_width::fraction", "denominator", [] { (void)smoothing_width::fraction(qnan); }},
        {"smoothing_width::octaves", "octaves", [] { (void)smoothing_width::octaves(100); }},
        {"fractional_octave_smoother", "input_hz",
         [] { (void)fractional_octave_smoother(std::span<const double>{}, smoothing_width::fraction(3)); }},
        {"fractional_octave_smoother", "input_hz[1]",
         [] {
             const std::vector<double> f{100, 50, 200};
             (void)fractional_octave_smoother(f, smoothing_width::fraction(3));
         }},
        {"fractional_octave_smoother", "input_hz[0]",
         [] {
             const std::vector<double> f{qnan, 50, 200};
             (void)fractional_octave_smoother(f, smoothing_width::fraction(3));
         }},
        {"fractional_octave_smoother", "passes",
         [grid] {
             smoothing_options o;
             o.passes = 0;
             (void)fractional_octave_smoother(grid, smoothing_width::fraction(3), o);
         }},
        {"fractional_octave_smoother", "input_hz",
         [] {
             const std::vector<double> f{0};
             (void)fractional_octave_smoother(f, smoothing_width::fraction(3));
         }},
        {"fractional_octave_smoother::execute_db", "in.size()",
         [grid] {
             const fractional_octave_smoother s(grid, smoothing_width::fraction(3));
             std::vector<double> in(grid.size() - 1), out(grid.size()), scratch(s.scratch_size());
             s.execute_db(in, out, scratch);
         }},
        {"fractional_octave_smoother::execute_values", "scratch.size()",
         [grid] {
             const fractional_octave_smoother s(grid, smoothing_width::fraction(3));
             std::vector<double> in(grid.size()), out(grid.size()), scratch(1);
             s.execute_values(in, out, scratch);
         }},
        {"fractional_octave_smoother::execute_db", "out", // in place: the band loop would read smoothed values
         [grid] {
             const fractional_octave_smoother s(grid, smoothing_width::fraction(3));
             std::vector<double> levels(grid.size(), 80.0), scratch(s.scratch_size());
             s.execute_db(levels, levels, scratch);
         }},
        {"smooth", "response", [] { (void)smooth(frequency_response(), smoothing_width::fraction(6)); }},
    };
    CHECK(run_table(table) == table.size());
}

TEST_CASE("bad input: network, acoustic models", "[robustness][bad-input]") {
    using namespace iemlab::acoustics;
    static const network::grid g(log_grid(20, 20000, 3));
    const std::vector<bad_call> table{
        {"network::grid", "frequency", [] { (void)network::grid(std::vector<double>{}); }},
        {"network::grid", "frequency[1]", [] { (void)network::grid(std::vector<double>{10, qnan}); }},
        {"network::grid", "frequency[1]", [] { (void)network::grid(std::vector<double>{10, 5}); }},
        {"network::series_rlc", "R", [] { (void)network::series_rlc(g, -1, 0, pinf); }},
        {"network::series_rlc", "C", [] { (void)network::series_rlc(g, 1, 0, 0); }},
        {"network::parallel_rlc", "L", [] { (void)network::parallel_rlc(g, 1, qnan, 0); }},
        {"network::two_port::transformer", "ratio", [] { (void)network::two_port::transformer(g, 0.0); }},
        {"network::two_port::gyrator", "r", [] { (void)network::two_port::gyrator(g, qnan); }},
        {"canal_geometry", "length", [] { (void)canal_geometry::cylinder(0.2, 0.0075); }},
        {"canal_geometry", "diameter", [] { (void)canal_geometry::cylinder(0.025, qnan); }},
        {"canal_geometry::area_function", "x[0]",
         [] { (void)canal_geometry::area_function(std::vector<double>{0.001, 0.02}, std::vector<double>{4e-5, 4e-5}); }},
        {"canal_geometry::area_function", "x[1]",
         [] { (void)canal_geometry::area_function(std::vector<double>{0, 0}, std::vector<double>{4e-5, 4e-5}); }},
        {"canal_geometry::area_function", "area[1]",
         [] { (void)canal_geometry::area_function(std::vector<double>{0, 0.02}, std::vector<double>{4e-5, 1}); }},
        {"canal_geometry::area_function", "points",
         [] { (void)canal_geometry::area_function(std::vector<double>{0}, std::vector<double>{4e-5}); }},
        {"ear_canal_model", "insertion_depth", [] { (void)ear_canal_model(g, ear_canal{}).respond(0.03); }},
        {"ear_canal_model", "insertion_depth", [] { (void)ear_canal_model(g, ear_canal{}).respond(qnan); }},
        {"ear_canal_model", "insertion_depth", [] { (void)ear_canal_model(g, ear_canal{}).residual_volume(-0.001); }},
        {"leak::lumped", "resistance", [] { (void)leak::lumped(-1, 1); }},
        {"leak::lumped", "mass", [] { (void)leak::lumped(1, qnan); }},
        {"leak::lumped", "resistance", [] { (void)leak::lumped(0, 0); }},
        {"leak::tube", "diameter", [] { (void)leak::tube(air_properties::at_celsius(37), 0.01, 0); }},
        {"leak::slit", "gap", [] { (void)leak::slit(air_properties::at_celsius(37), 0.001, pinf, 0.001); }},
        {"iec60318_4_coupler", "extension_length",
         [] { (void)iec60318_4_coupler(g, air_properties::at_celsius(23), {}, 0.1); }},
        {"iec60318_4_coupler", "element",
         [] {
             iec60318_4_elements e;
             e.c3 = 0;
             (void)iec60318_4_coupler(g, air_properties::at_celsius(23), e);
         }},
        {"iec60318_4_coupler", "resistance",
         [] {
             iec60318_4_elements e;
             e.r5 = qnan;
             (void)iec60318_4_coupler(g, air_properties::at_celsius(23), e);
         }},
        {"occlusion_model", "cartilage_fraction",
         [] {
             occlusion_parameters p;
             p.cartilage_fraction = 2;
             (void)occlusion_model(g, ear_canal{}, p);
         }},
        {"occlusion_model", "source_points",
         [] {
             occlusion_parameters p;
             p.source_points = 1;
             (void)occlusion_model(g, ear_canal{}, p);
         }},
        {"occlusion_model", "canal",
         [] {
             ear_canal c;
             c.geometry = canal_geometry::area_function(std::vector<double>{0, 0.01, 0.02}, std::vector<double>{4e-5, 5e-5, 4e-5});
             (void)occlusion_model(g, c);
         }},
        {"occlusion_model", "insertion_depth", [] { (void)occlusion_model(g, ear_canal{}).occlusion_effect_db(1.0); }},
        {"occlusion_model", "eartip.wall_coupling",
         [] {
             occlusion_parameters p;
             p.tip.wall_coupling = qnan;
             (void)occlusion_model(g, ear_canal{}, p);
         }},
        {"occlusion_model", "eartip.compliance",
         [] {
             occlusion_parameters p;
             p.tip.compliance = -1e-13;
             (void)occlusion_model(g, ear_canal{}, p);
         }},
        {"occlusion_model", "wall_compliance",
         [] {
             occlusion_parameters p;
             p.wall_compliance = -1;
             (void)occlusion_model(g, ear_canal{}, p);
         }},
        {"eartip::solid_plug", "shear_modulus", [] { (void)eartip::solid_plug(0, 1100, 0.008, 0.00375, 1); }},
        {"circular_duct_medium", "radius",
         [] { (void)circular_duct_medium(g, air_properties::at_celsius(20), 0.0, loss_model::zwikker_kosten); }},
        {"cylindrical_tube", "length",
         [] { (void)cylindrical_tube(g, air_properties::at_celsius(20), 0.003, -0.01); }},
        {"conical_tube", "r1", [] { (void)conical_tube(g, air_properties::at_celsius(20), qnan, 0.003, 0.01); }},
        {"radiation_impedance", "radius",
         [] { (void)radiation_impedance(g, air_properties::at_celsius(20), 5.0, radiation_end::flanged); }},
        {"parse_eardrum_model", "--eardrum", [] { (void)parse_eardrum_model("glass", "--eardrum"); }},
        {"eardrum_impedance", "model", [] { (void)eardrum_impedance(g, eardrum_model::rigid); }},
    };
    CHECK(run_table(table) == table.size());
}

TEST_CASE("bad input: drivers, sources, loads, impedance fit", "[robustness][bad-input]") {
    using namespace iemlab::electroacoustics;
    static const network::grid g(log_grid(20, 20000, 3));
    auto ts = [] {
        thiele_small p = simscape_microspeaker();
        return p;
    };
    const std::vector<double> f{100, 1000, 10000}, z{10, 12, 30};
    const std::vector<bad_call> table{
        {"ba_impedance_model", "re", [] { (void)ba_impedance_model(0, 1, 0.5); }},
        {"ba_impedance_model", "k", [] { (void)ba_impedance_model(10, qnan, 0.5); }},
        {"ba_impedance_model", "n", [] { (void)ba_impedance_model(10, 1, 1.5); }},
        {"ba_impedance_model", "r1", [] { (void)ba_impedance_model(10, 1, 0.5, {{-1, 1e-3, 1e-6}}); }},
        {"ba_impedance_model::evaluate", "z.size()",
         [] {
             std::vector<std::complex<double>> out(1);
             ba_impedance_model(10, 1, 0.5).evaluate(std::vector<double>{1, 2}, out);
         }},
        {"ba_receiver", "transduction", [] { (void)ba_receiver(10, 1, 0.5, 0, {1e-6, 100, 1e-3}, 1e-6); }},
        {"ba_receiver", "mass", [] { (void)ba_receiver(10, 1, 0.5, 1, {qnan, 100, 1e-3}, 1e-6); }},
        {"ba_receiver", "diaphragm", [] { (void)ba_receiver(10, 1, 0.5, 1, {1e-6, 100, 1e-3}, -1e-6); }},
        {"find_knowles_receiver", "name", [] { (void)find_knowles_receiver("no such receiver"); }},
        {"thiele_small", "mms",
         [ts] {
             thiele_small p = ts();
             p.mms_kg = 0;
             p.validate("thiele_small");
         }},
        {"dynamic_driver", "bl",
         [ts] {
             thiele_small p = ts();
             p.bl_tm = qnan;
             (void)dynamic_driver(p);
         }},
        {"dynamic_driver", "le",
         [ts] {
             thiele_small p = ts();
             p.le_h = -1;
             (void)dynamic_driver(p);
         }},
        {"thiele_small::qes_with_source", "source_resistance", [ts] { (void)ts().qes_with_source(-1); }},
        {"acoustic_load::closed_volume", "volume",
         [] { (void)acoustic_load::closed_volume(std::vector<double>{100, 1000}, 0.0); }},
        {"acoustic_load::closed_volume", "frequency[1]",
         [] { (void)acoustic_load::closed_volume(std::vector<double>{100, qnan}, 1e-6); }},
        {"acoustic_damper", "resistance", [] { (void)acoustic_damper(g, -5); }},
        {"canal_load", "insertion_depth", [] { (void)canal_load(g, acoustics::ear_canal{}, 0.5); }},
        {"output_impedance::from_si", "resistance", [] { (void)output_impedance::from_si(-1); }},
        {"output_impedance::from_si", "inductance", [] { (void)output_impedance::from_si(1, qnan); }},
        {"output_impedance::with_series_parallel_rc", "capacitance",
         [] { (void)output_impedance::from_si(1).with_series_parallel_rc(10, 5); }},
        {"voltage_divider", "z_load", [] { (void)voltage_divider({qnan, 0}, {1, 0}); }},
        {"voltage_divider", "z_load + z_source", [] { (void)voltage_divider({0, 0}, {0, 0}); }},
        {"source_impedance_tilt", "z_load.size()",
         [] { (void)source_impedance_tilt(std::vector<double>{1, 2}, std::vector<std::complex<double>>{1.0}, output_impedance{}); }},
        {"damping_factor", "load_magnitude", [] { (void)damping_factor(qnan, 1.0); }},
        {"damping_factor_loss_db", "df", [] { (void)damping_factor_loss_db(0); }},
        {"rule_of_eighths_bound_db", "z_min_magnitude", [] { (void)rule_of_eighths_bound_db(1, 0); }},
        {"max_source_resistance", "max_spread", [] { (void)max_source_resistance(8, -1); }},
        {"min_magnitude", "z", [] { (void)min_magnitude(std::span<const std::complex<double>>{}); }},
        {"spread_db", "level_db", [] { (void)spread_db(std::span<const double>{}); }},
        {"series_shunt_adapter", "shunt", [] { (void)series_shunt_adapter({1, 0}, 1, -1); }},
        {"fit_ba_impedance", "frequency", [] { (void)fit_ba_impedance(std::span<const double>{}, std::span<const double>{}); }},
        {"fit_ba_impedance", "magnitude.size()", [f] { (void)fit_ba_impedance(f, std::vector<double>{1}); }},
        {"fit_ba_impedance", "magnitude",
         [f] { (void)fit_ba_impedance(f, std::vector<double>{10, -1, 30}); }},
        {"fit_ba_impedance", "f_max",
         [f, z] {
             impedance_fit_options o;
             o.f_max_hz = 10;
             (void)fit_ba_impedance(f, z, {}, o);
         }},
        {"fit_ba_impedance", "branches",
         [f, z] {
             impedance_fit_options o;
             o.branches = 7;
             (void)fit_ba_impedance(f, z, {}, o);
         }},
        {"fit_ba_impedance", "n_min",
         [f, z] {
             impedance_fit_options o;
             o.n_min = qnan;
             (void)fit_ba_impedance(f, z, {}, o);
         }},
    };
    CHECK(run_table(table) == table.size());
}

TEST_CASE("bad input: formats, measurement (averages, normalisation, targets, score)", "[robustness][bad-input]") {
    const std::vector<bad_call> table{
        {"parse_response", "in.txt", [] { (void)io::parse_response("", "in.txt"); }},
        {"parse_response", "in.txt:2", [] { (void)io::parse_response("20 1\n10 2\n30 3\n", "in.txt"); }},
        {"parse_response", "in.txt:2", [] { (void)io::parse_response("20 1\n30 nan\n", "in.txt"); }},
        {"parse_response", "in.txt:2", [] { (void)io::parse_response("20 1\n30 1e999\n", "in.txt"); }},
        {"parse_response", "in.txt:1", [] { (void)io::parse_response("20 1e5\n", "in.txt"); }},
        {"parse_response", "in.txt:1", [] { (void)io::parse_response(std::string("20 1\0", 5), "in.txt"); }},
        {"read_response", "does-not-exist.csv", [] { (void)io::read_response("does-not-exist.csv"); }},
        {"read_response", "tests", [] { (void)io::read_response(IEMLAB_SOURCE_DIR "/tests"); }},
        {"format_response", "response", [] { (void)io::format_response(frequency_response(), io::response_format::rew); }},
        {"write_response", "no-such-dir",
         [] { io::write_response("/no-such-dir/x.csv", small_response(), io::response_format::csv); }},
        {"parse_format_name", "--format", [] { (void)io::parse_format_name("xlsx", "--format"); }},
        {"format_from_extension", "extension", [] { (void)io::format_from_extension("a.xlsx"); }},
        {"to_autoeq_grid", "response", [] { (void)io::to_autoeq_grid(frequency_response()); }},
        {"parse_impedance", "z.zma:2", [] { (void)io::parse_impedance("10 8\n20 -1\n", "z.zma"); }},
        {"impedance_curve::validate", "magnitude_ohm[0]",
         [] { io::impedance_curve{{1}, {-1}, {}, "z"}.validate(); }},
        {"parse_mic_calibration", "cal.txt:1",
         [] { (void)io::parse_mic_calibration("\"Sens Factor =banana\"\n20 0\n30 1\n", "cal.txt"); }},
        {"apply_mic_calibration", "calibration",
         [] { (void)io::apply_mic_calibration(small_response(), frequency_response()); }},
#if defined(IEMLAB_HAVE_SNDFILE)
        {"read_audio", "missing.wav", [] { (void)io::read_audio<float>("missing.wav"); }},
        {"write_audio", "rate",
         [] {
             io::audio_clip<float> c;
             c.rate_hz = qnan;
             c.channels.emplace_back(16);
             io::write_audio("never-written.wav", c);
         }},
        {"write_audio", "clip", [] { io::write_audio("never-written.wav", io::audio_clip<double>{}); }},
        {"write_audio", "x.mp3",
         [] {
             io::audio_clip<float> c;
             c.channels.emplace_back(16);
             io::write_audio("x.mp3", c);
         }},
        {"parse_sample_format", "--bits", [] { (void)io::parse_sample_format("pcm12", "--bits"); }},
#endif
        {"average_responses", "responses", [] { (void)measure::average_responses({}); }},
        {"average_responses", "phase",
         [] {
             const std::vector<frequency_response> rs{frequency_response({1, 2}, {0, 0})};
             (void)measure::average_responses(rs, measure::average_mode::vector);
         }},
        {"average_responses", "responses",
         [] {
             const std::vector<frequency_response> rs{frequency_response({1, 2}, {0, 0}), frequency_response({5, 6}, {0, 0})};
             (void)measure::average_responses(rs);
         }},
        {"compute_channel_imbalance", "f_hi",
         [] { (void)measure::compute_channel_imbalance(small_response(), small_response(), 1000, 100); }},
        {"compute_channel_imbalance", "f_lo",
         [] { (void)measure::compute_channel_imbalance(small_response(), small_response(), qnan, 100); }},
        {"level_at", "frequency", [] { (void)measure::level_at(small_response(), 1e6); }},
        {"band_mean_level", "f_hi", [] { (void)measure::band_mean_level(small_response(), 100, 1e6); }},
        {"normalization::at", "level", [] { (void)measure::normalization::at(1000, 1e4); }},
        {"normalization::at", "frequency", [] { (void)measure::normalization::at(qnan); }},
        {"normalization::band_mean", "f_hi", [] { (void)measure::normalization::band_mean(500, 100); }},
        {"center_at", "frequency", [] { (void)measure::center_at(small_response(), -1); }},
        {"adjust_target", "bass_q",
         [] {
             measure::target_adjustment a;
             a.bass_q = 0;
             (void)measure::adjust_target(small_response(), a);
         }},
        {"adjust_target", "tilt",
         [] {
             measure::target_adjustment a;
             a.tilt_db_per_octave = qnan;
             (void)measure::adjust_target(small_response(), a);
         }},
        {"error_curve", "target", [] { (void)measure::error_curve(small_response(), frequency_response()); }},
        {"harman_inear_preference_score", "error",
         [] { (void)measure::harman_inear_preference_score(frequency_response({100}, {0})); }},
    };
    CHECK(run_table(table) == table.size());
}

// Every function that takes a frequency grid checks it with require_valid_grid: the same rule, the same message
// ("where: name[i] = f Hz is out of range (expected finite frequencies … strictly increasing; previous point …)").
TEST_CASE("bad input: every frequency grid check says the same thing", "[robustness][bad-input]") {
    const std::vector<double> f{100, 50}, values{1, 1};
    const std::vector<std::complex<double>> z{{8, 0}, {8, 0}};
    const std::vector<std::function<void()>> calls{
        [&] { (void)frequency_response(f, values); },
        [&] { (void)network::grid(f); },
        [&] { (void)dsp::log_interpolation_plan(f, std::vector<double>{100}); },
        [&] { (void)dsp::log_interpolation_plan(std::vector<double>{100}, f); },
        [&] { (void)dsp::group_delay(f, values); },
        [&] { (void)electroacoustics::acoustic_load(f, z); },
        [&] { (void)electroacoustics::measured_impedance(f, z); },
        [&] { io::impedance_curve{f, values, {}, {}}.validate(); },
        [&] { (void)electroacoustics::fit_ba_impedance(f, values); },
    };
    for (std::size_t k = 0; k < calls.size(); ++k) {
        INFO("grid check " << k);
        CHECK_THROWS_WITH(calls[k](), Catch::Matchers::Contains("[1] = 50 Hz is out of range (expected finite frequencies") &&
                                          Catch::Matchers::Contains("strictly increasing; previous point 100 Hz)"));
    }
}

#if __has_include(<nlohmann/json.hpp>) && defined(IEMLAB_HAVE_EIGEN)
#include <iemlab/app/iem_config.hpp>
#include <iemlab/app/rig_config.hpp>
#include <iemlab/electroacoustics/crossover.hpp>
#include <iemlab/measure/rig.hpp>
#include <iemlab/measure/session.hpp>

TEST_CASE("bad input: measurement pipeline (rig, session, configs, multi-driver IEM)", "[robustness][bad-input]") {
    using namespace iemlab::measure;
    // A rig setting changed from the defaults, then validated.
    const auto rig_with = [](auto change) {
        return [change] {
            rig_settings r;
            change(r);
            r.validate();
        };
    };
    static const simulated_iem iem = simulated_iem::from_receiver("ba", electroacoustics::find_knowles_receiver("ED-30262").receiver());
    const std::vector<bad_call> table{
        {"rig_settings", "rate", rig_with([](rig_settings& r) { r.rate_hz = 1000; })},
        {"rig_settings", "rate", rig_with([](rig_settings& r) { r.rate_hz = qnan; })},
        {"rig_settings", "dac.full_scale_v", rig_with([](rig_settings& r) { r.dac.full_scale_v = 0; })},
        {"rig_settings", "microphone.sensitivity", rig_with([](rig_settings& r) { r.microphone.sensitivity_v_per_pa = -1; })},
        {"rig_settings", "adc.gain", rig_with([](rig_settings& r) { r.adc.gain_db = 200; })},
        {"rig_settings", "adc.clock_offset", rig_with([](rig_settings& r) { r.adc.clock_offset_ppm = pinf; })},
        {"rig_settings", "adc.latency", rig_with([](rig_settings& r) { r.adc.latency_samples = 100000000; })},
        {"rig_settings", "fir_duration", rig_with([](rig_settings& r) { r.fir_duration_s = 0; })},
        {"rig_settings", "insertion depth_max",
         rig_with([](rig_settings& r) { r.insertions.depth_max_m = r.insertions.depth_min_m / 2 - 1e-3; })},
        {"rig_settings", "leak_gap_max", rig_with([](rig_settings& r) { r.insertions.leak_gap_max_m = 1; })},
        {"rig_chain", "gain", [] { (void)rig_chain(rig_settings{}, iem, insertion{}, 100); }},
        {"simulated_iem", "model", [] { (void)simulated_iem("empty", {}); }},
        {"detect_clipping", "threshold",
         [] { (void)detect_clipping(std::span<const double>(std::vector<double>{0.1}), 48000.0, 0.1); }},
        {"sweep_settings", "level",
         [] {
             sweep_settings s;
             s.level_dbfs = 3;
             (void)s.make(48000);
         }},
        {"sweep_settings", "repetitions",
         [] {
             sweep_settings s;
             s.repetitions = 0;
             (void)s.make(48000);
         }},
        {"measure_simulated", "insertions",
         [] {
             session_settings s;
             s.insertions = 0;
             (void)measure_simulated(rig_settings{}, iem, s);
         }},
        {"measure_simulated", "channels",
         [] {
             session_settings s;
             s.channels.clear();
             (void)measure_simulated(rig_settings{}, iem, s);
         }},
        {"parse_rig_config", "not valid JSON", [] { (void)app::parse_rig_config("{", "rig.json", "."); }},
        {"parse_rig_config", "bogus", [] { (void)app::parse_rig_config(R"({"bogus": 1})", "rig.json", "."); }},
        {"parse_rig_config", "rate_hz", [] { (void)app::parse_rig_config(R"({"rate_hz": 10})", "rig.json", "."); }},
        {"parse_iem_config", "drivers", [] { (void)app::parse_iem_config(R"({"drivers": []})", "iem.json"); }},
        {"parse_iem_config", "source_impedance",
         [] {
             (void)app::parse_iem_config(R"({"drivers": [{"driver": "knowles:ED-30262"}], "source_impedance": -5})",
                                        "iem.json");
         }},
        {"multi_driver_iem", "drivers", [] { (void)electroacoustics::multi_driver_iem({}); }},
    };
    CHECK(run_table(table) == table.size());
}
#endif

// The Python module `iemlab`: errors, the version, responses and their analysis (smoothing, averaging,
// normalisation, targets, the preference score) and the response, impedance and calibration file formats.
// The other parts are registered by dsp.cpp and models.cpp. Reference: help(iemlab); guide: docs/python.md.
#include "common.hpp"

#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/frequency_response.hpp>
#include <iemlab/dsp/smoothing.hpp>
#ifdef IEMLAB_HAVE_SNDFILE
#include <iemlab/io/audio_file.hpp>
#endif
#include <iemlab/io/impedance.hpp>
#include <iemlab/io/mic_calibration.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/average.hpp>
#include <iemlab/measure/builtin_targets.hpp>
#include <iemlab/measure/normalize.hpp>
#include <iemlab/measure/target.hpp>
#include <iemlab/version.hpp>

#include <filesystem>

namespace iemlab_python {

using namespace pybind11::literals;
using iemlab::frequency_response;
namespace io = iemlab::io;
namespace ms = iemlab::measure;
namespace dsp = iemlab::dsp;

namespace {

using double_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

io::response_format format_named(std::string_view name) {
    using f = io::response_format;
    return choose<f>("iemlab", "format", name,
                     {{"rew", f::rew},
                      {"squig", f::squig},
                      {"autoeq", f::autoeq},
                      {"frd", f::frd},
                      {"zma", f::zma},
                      {"csv", f::csv},
                      {"mic_cal", f::mic_cal}});
}

std::optional<io::response_format> optional_format(const std::optional<std::string>& name) {
    if (!name) return std::nullopt;
    return format_named(*name);
}

frequency_response make_response(const double_array& f, const double_array& db,
                                 const std::optional<double_array>& phase, std::string name) {
    return frequency_response(to_vector(f, "frequency"), to_vector(db, "db"),
                              phase ? to_vector(*phase, "phase") : std::vector<double>{}, std::move(name));
}

void bind_response(py::module_& m) {
    py::class_<frequency_response>(m, "Response", R"doc(
A frequency response: frequencies in Hz (strictly increasing, >= 0), magnitude in dB and, optionally, phase
in degrees; a name labels it in files and plots.

The arrays (``frequency``, ``db``, ``phase``) are read-only numpy views of the response's own storage (no
copy); build a new Response to change them.

Args:
    frequency: frequencies, Hz.
    db: magnitudes, dB (as many as frequencies, finite).
    phase: phases, degrees, or None (no phase).
    name: label.

Raises:
    iemlab.Error: sizes differ, frequencies not strictly increasing, a non-finite value.
)doc")
        .def(py::init(&make_response), "frequency"_a, "db"_a, "phase"_a = py::none(), "name"_a = "")
        .def_static(
            "from_complex",
            [](const double_array& f,
               const py::array_t<std::complex<double>, py::array::c_style | py::array::forcecast>& h,
               std::string name) {
                const auto freq = to_vector(f, "frequency");
                if (h.ndim() != 1) throw iemlab::error("Response.from_complex: values must be a 1-D array", "values");
                return frequency_response::from_complex(freq, std::span(h.data(), static_cast<std::size_t>(h.size())),
                                                        std::move(name));
            },
            "frequency"_a, "values"_a, "name"_a = "",
            "A response from complex values H(f): magnitude 20·log10|H| dB, phase arg H in degrees.")
        .def_property_readonly(
            "frequency",
            [](py::object self) { return view(self.cast<const frequency_response&>().frequencies(), self); },
            "Frequencies, Hz (read-only view).")
        .def_property_readonly(
            "db", [](py::object self) { return view(self.cast<const frequency_response&>().magnitude_db(), self); },
            "Magnitudes, dB (read-only view).")
        .def_property_readonly(
            "phase",
            [](py::object self) -> py::object {
                const auto& r = self.cast<const frequency_response&>();
                if (!r.has_phase()) return py::none();
                return view(r.phase_deg(), self);
            },
            "Phases, degrees (read-only view), or None when the response has no phase.")
        .def_property("name", &frequency_response::name, &frequency_response::set_name, "Label (file name, IEM model).")
        .def_property_readonly("has_phase", &frequency_response::has_phase, "True when a phase is stored.")
        .def("__len__", &frequency_response::size)
        .def(
            "db_at", [](const frequency_response& r, double f) { return r.db_at(f); }, "f"_a,
            "Magnitude in dB at f (Hz), interpolated linearly in log frequency; held constant beyond the ends.")
        .def(
            "db_at",
            [](const frequency_response& r, const double_array& f) {
                std::vector<double> out(static_cast<std::size_t>(f.size()));
                for (std::size_t i = 0; i < out.size(); ++i) out[i] = r.db_at(f.data()[i]);
                return take(std::move(out));
            },
            "f"_a, "The same for an array of frequencies (Hz).")
        .def("with_gain", &frequency_response::with_gain, "gain_db"_a,
             "A copy with gain_db (dB) added to every magnitude.")
        .def(
            "complex", [](const frequency_response& r) { return take(r.complex_values()); },
            "The complex values 10^(dB/20)·e^(j·phase) (zero phase when none is stored).")
        .def("__repr__", [](const frequency_response& r) {
            std::string s = "<iemlab.Response '" + r.name() + "' " + std::to_string(r.size()) + " points";
            if (!r.empty())
                s += ", " + iemlab::format_number(r.frequencies().front()) + " … " +
                     iemlab::format_number(r.frequencies().back()) + " Hz";
            return s + (r.has_phase() ? ", with phase>" : ">");
        });

    m.def(
        "log_grid",
        [](double f_min, double f_max, double points_per_octave) {
            return take(iemlab::log_grid(f_min, f_max, points_per_octave));
        },
        "f_min"_a, "f_max"_a, "points_per_octave"_a = 48.0,
        "Logarithmically spaced frequencies from f_min to f_max (Hz), points_per_octave per octave.");
    m.def(
        "iso_r40_grid", [] { return take(iemlab::iso_r40_grid()); },
        "The 121 ISO R40 frequencies 20 Hz … 20 kHz on which the Harman in-ear preference score is evaluated.");
}

void bind_analysis(py::module_& m) {
    m.def(
        "smooth",
        [](const frequency_response& r, const py::object& width, std::optional<std::string> domain,
           const std::string& weighting, const std::string& edges, unsigned passes, const std::string& pass_width) {
            dsp::smoothing_spec spec = py::isinstance<py::str>(width)
                                           ? dsp::parse_smoothing(width.cast<std::string>(), "width")
                                           : dsp::smoothing_spec{dsp::smoothing_width::fraction(width.cast<double>())};
            dsp::smoothing_options o;
            o.domain = domain ? dsp::parse_smoothing_domain(*domain, "domain") : spec.domain;
            o.weighting =
                choose<dsp::smoothing_weighting>("smooth", "weighting", weighting,
                                                 {{"log_frequency", dsp::smoothing_weighting::log_frequency},
                                                  {"linear_frequency", dsp::smoothing_weighting::linear_frequency}});
            o.edges = choose<dsp::edge_rule>(
                "smooth", "edges", edges, {{"shrink", dsp::edge_rule::shrink}, {"truncate", dsp::edge_rule::truncate}});
            o.passes = passes;
            o.widths = choose<dsp::pass_width>(
                "smooth", "pass_width", pass_width,
                {{"equal_variance", dsp::pass_width::equal_variance}, {"full", dsp::pass_width::full}});
            py::gil_scoped_release unlocked;
            return dsp::smooth(r, spec.width, o);
        },
        "response"_a, "width"_a = "1/6", "domain"_a = py::none(), "weighting"_a = "log_frequency", "edges"_a = "shrink",
        "passes"_a = 1, "pass_width"_a = "equal_variance", R"doc(
Fractional-octave smoothing of a response on its own grid.

Args:
    response: the Response.
    width: "1/N" or N (1/N octave, 1 <= N <= 384), a decimal octave fraction ("0.1667" = 1/6), "variable"
        (REW's Variable: 1/48 oct <= 100 Hz, 1/6 at 1 kHz, 1/3 >= 10 kHz), "psychoacoustic" (1/3 oct <= 100 Hz,
        1/6 >= 1 kHz, cubic mean) or "erb" (one equivalent rectangular bandwidth).
    domain: averaged quantity: "power" (default), "magnitude", "db", "cubic" (default for psychoacoustic) or
        "complex" (needs phase).
    weighting: "log_frequency" (each fraction of an octave counts the same) or "linear_frequency".
    edges: "shrink" (bands shrink symmetrically at the data's ends) or "truncate".
    passes: rectangles applied in a row (1 … 16), tending to a Gaussian kernel.
    pass_width: "equal_variance" (each pass B/√passes wide) or "full" (each B wide, REW's wording).

Returns:
    The smoothed Response on the same frequencies.
)doc");

    py::class_<ms::response_average>(m, "Average", "Responses averaged, with their spread (iemlab.average()).")
        .def_property_readonly(
            "mean", [](const ms::response_average& a) { return a.mean; }, "The average (Response).")
        .def_property_readonly(
            "min_db", [](py::object self) { return view(self.cast<const ms::response_average&>().min_db, self); },
            "Lowest input level per frequency, dB.")
        .def_property_readonly(
            "max_db", [](py::object self) { return view(self.cast<const ms::response_average&>().max_db, self); },
            "Highest input level per frequency, dB.")
        .def_property_readonly(
            "std_db", [](py::object self) { return view(self.cast<const ms::response_average&>().std_db, self); },
            "Sample standard deviation (M − 1) of the input levels per frequency, dB; 0 for one input.")
        .def_readonly("count", &ms::response_average::count, "Number of responses averaged.");

    m.def(
        "average",
        [](const std::vector<frequency_response>& responses, const std::string& mode,
           std::optional<double_array> grid) {
            const auto am = choose<ms::average_mode>("average", "mode", mode,
                                                     {{"db", ms::average_mode::db},
                                                      {"power", ms::average_mode::power},
                                                      {"pressure", ms::average_mode::pressure},
                                                      {"vector", ms::average_mode::vector}});
            const std::vector<double> g = grid ? to_vector(*grid, "grid") : std::vector<double>{};
            return ms::average_responses(responses, am, g);
        },
        "responses"_a, "mode"_a = "power", "grid"_a = py::none(), R"doc(
Averages responses on a common grid (default: the points every response covers, from the first one's grid).

Args:
    responses: list of Response.
    mode: "power" (RMS pressure, REW's RMS average; the default for reinsertions), "db" (mean of dB levels,
        AutoEq), "pressure" (mean magnitude, squig) or "vector" (complex mean; needs phase).
    grid: frequencies (Hz) to average on, or None.

Returns:
    iemlab.Average: mean (Response), min_db, max_db, std_db, count.
)doc");

    py::class_<ms::channel_imbalance>(m, "ChannelImbalance", "Left − right difference (iemlab.channel_imbalance()).")
        .def_property_readonly(
            "frequency",
            [](py::object self) { return view(self.cast<const ms::channel_imbalance&>().frequency_hz, self); },
            "Common grid, Hz.")
        .def_property_readonly(
            "difference_db",
            [](py::object self) { return view(self.cast<const ms::channel_imbalance&>().difference_db, self); },
            "L − R per frequency, dB.")
        .def_readonly("mean_db", &ms::channel_imbalance::mean_db, "ln-f-weighted mean of L − R over the band, dB.")
        .def_readonly("rms_db", &ms::channel_imbalance::rms_db, "ln-f-weighted RMS of L − R over the band, dB.")
        .def_readonly("max_abs_db", &ms::channel_imbalance::max_abs_db, "Largest |L − R| inside the band, dB.")
        .def_readonly("max_abs_frequency", &ms::channel_imbalance::max_abs_frequency_hz,
                      "Where max_abs_db occurs, Hz.");
    m.def("channel_imbalance", &ms::compute_channel_imbalance, "left"_a, "right"_a, "f_lo"_a = 20.0, "f_hi"_a = 10000.0,
          "Left − right difference of two responses and its statistics over [f_lo, f_hi] (Hz).");

    m.def("level_at", &ms::level_at, "response"_a, "f"_a, "Level of the response at f (Hz), dB.");
    m.def("band_mean_level", &ms::band_mean_level, "response"_a, "f_lo"_a, "f_hi"_a,
          "ln-f-weighted mean level of the response over [f_lo, f_hi] (Hz), dB.");
    m.def(
        "normalize",
        [](const frequency_response& r, std::optional<double> at, std::optional<std::pair<double, double>> band,
           double level) {
            if (at && band) throw iemlab::error("normalize: give at or band, not both", "at");
            const ms::normalization rule = band ? ms::normalization::band_mean(band->first, band->second, level)
                                                : ms::normalization::at(at.value_or(1000.0), level);
            return ms::normalize(r, rule);
        },
        "response"_a, "at"_a = py::none(), "band"_a = py::none(), "level"_a = 0.0, R"doc(
Shifts a response so that its level at a frequency, or its ln-f-weighted mean over a band, becomes `level`.

Args:
    response: the Response.
    at: reference frequency, Hz (default 1000 when no band is given).
    band: (f_lo, f_hi) in Hz: normalise the band's mean instead (REW "Align SPL", AutoEq center()).
    level: the level the reference gets, dB (0: AutoEq; 85 dB at 1 kHz: rig practice).
)doc");

    // Targets and the preference score.
    m.def(
        "builtin_target", [](const std::string& name) { return ms::builtin_target(name); }, "name"_a,
        "A built-in target by name (see builtin_target_names()): Harman in-ear 2016/2017-1/2017-2/2019v2, "
        "the IEF Neutral 2023 target, flat.");
    m.def(
        "builtin_target_names",
        [] { return std::vector<std::string>(ms::builtin_target_names.begin(), ms::builtin_target_names.end()); },
        "Names builtin_target() knows.");
    m.def("center_at", &ms::center_at, "response"_a, "f"_a = 1000.0, "The response shifted to 0 dB at f (Hz).");
    m.def(
        "adjust_target",
        [](const frequency_response& target, double bass_gain, double bass_frequency, double bass_q, double tilt,
           double tilt_reference, bool recenter) {
            ms::target_adjustment a;
            a.bass_gain_db = bass_gain;
            a.bass_frequency_hz = bass_frequency;
            a.bass_q = bass_q;
            a.tilt_db_per_octave = tilt;
            a.tilt_reference_hz = tilt_reference;
            return ms::adjust_target(target, a, recenter);
        },
        "target"_a, "bass_gain"_a = 0.0, "bass_frequency"_a = 105.0, "bass_q"_a = 0.7, "tilt"_a = 0.0,
        "tilt_reference"_a = 1000.0, "recenter"_a = true, R"doc(
A target with AutoEq's adjustments: a low shelf (bass_gain dB at bass_frequency Hz, Q bass_q) and a tilt of
tilt dB per octave about tilt_reference Hz; recentred to 0 dB at 1 kHz unless recenter is False.
)doc");
    m.def("error_curve", &ms::error_curve, "measurement"_a, "target"_a,
          "Measurement − target on the measurement's grid, both centred at 1 kHz (the target resampled).");

    py::class_<ms::preference_score>(m, "PreferenceScore",
                                     "The Harman in-ear predicted preference (AutoEq's computation).")
        .def_readonly("score", &ms::preference_score::score, "100.0795 − 8.5·std − 6.796·|slope| − 3.475·mean.")
        .def_readonly("std", &ms::preference_score::std_db, "Standard deviation of the error 20 Hz … 10 kHz, dB.")
        .def_readonly("slope", &ms::preference_score::slope, "Slope of the error against ln f, dB per neper.")
        .def_readonly("mean", &ms::preference_score::mean_db, "Mean |e(f) − e(500 Hz)| over 40 Hz … 10 kHz, dB.")
        .def_property_readonly(
            "frequency",
            [](py::object self) { return view(self.cast<const ms::preference_score&>().frequency_hz, self); },
            "The 121 ISO R40 frequencies, Hz.")
        .def_property_readonly(
            "error_db", [](py::object self) { return view(self.cast<const ms::preference_score&>().error_db, self); },
            "The error on them, dB.")
        .def("__repr__", [](const ms::preference_score& s) {
            return "<iemlab.PreferenceScore " + iemlab::format_number(s.score) + ">";
        });
    m.def(
        "preference_score",
        [](const frequency_response& measurement, std::optional<frequency_response> target) {
            return target ? ms::harman_inear_preference_score(measurement, *target)
                          : ms::harman_inear_preference_score(measurement);
        },
        "measurement"_a, "target"_a = py::none(), R"doc(
The Harman in-ear predicted preference score of a measurement against a target (AutoEq's computation: the error
on the 121 ISO R40 frequencies, no smoothing, no bass boost). With no target, `measurement` is taken as the error
curve itself.

Raises:
    iemlab.Error: the target does not cover 20 Hz … 10 kHz (within 1/12 octave).
)doc");
}

void bind_files(py::module_& m) {
    m.def(
        "read_response",
        [](const std::filesystem::path& path, std::optional<std::string> format, const std::string& column) {
            return io::read_response(path, optional_format(format), column);
        },
        "path"_a, "format"_a = py::none(), "column"_a = "", R"doc(
Reads a response file: REW text export, squig.link/CrinGraph, AutoEq CSV, FRD, ZMA (dB re 1 Ω), iemlab CSV or a
microphone calibration, detected from the content unless `format` names it ("rew", "squig", "autoeq", "frd",
"zma", "csv", "mic_cal"). `column` picks the level column of a table holding several. Named after the file.

Raises:
    iemlab.FileError: missing, unreadable or malformed file (the message names file and line).
)doc");
    m.def(
        "parse_response",
        [](const std::string& text, const std::string& source_name, std::optional<std::string> format) {
            return io::parse_response(text, source_name, optional_format(format));
        },
        "text"_a, "source_name"_a = "input", "format"_a = py::none(), "read_response() on text instead of a file.");
    m.def(
        "detect_format", [](const std::string& text) { return std::string(io::to_string(io::detect_format(text))); },
        "text"_a, "The format name of a response file's content.");
    m.def(
        "format_response",
        [](const frequency_response& r, const std::string& format, std::optional<std::string> smoothing) {
            return io::format_response(r, format_named(format),
                                       smoothing ? std::optional<std::string_view>(*smoothing) : std::nullopt);
        },
        "response"_a, "format"_a = "csv", "smoothing"_a = py::none(),
        "The text of a response file in `format` (see read_response()); REW and squig headers state `smoothing`.");
    m.def(
        "write_response",
        [](const std::filesystem::path& path, const frequency_response& r, std::optional<std::string> format,
           std::optional<std::string> smoothing) {
            const auto f = format ? format_named(*format) : io::format_from_extension(path);
            io::write_response(path, r, f, smoothing ? std::optional<std::string_view>(*smoothing) : std::nullopt);
        },
        "path"_a, "response"_a, "format"_a = py::none(), "smoothing"_a = py::none(), R"doc(
Writes a response file atomically (complete or absent). The format is `format` or the one the file's
extension names (.csv: iemlab CSV, .txt: REW, .frd, .zma; see read_response()).
)doc");

    py::class_<io::impedance_curve>(m, "Impedance", R"doc(
An impedance curve: |Z| in ohm and optional phase in degrees versus frequency in Hz.

Args:
    frequency: Hz, strictly increasing.
    ohm: |Z|, Ω (>= 0).
    phase: degrees, or None.
    name: label.
)doc")
        .def(py::init([](const double_array& f, const double_array& ohm, const std::optional<double_array>& phase,
                         std::string name) {
                 io::impedance_curve z{to_vector(f, "frequency"), to_vector(ohm, "ohm"),
                                       phase ? to_vector(*phase, "phase") : std::vector<double>{}, std::move(name)};
                 z.validate();
                 return z;
             }),
             "frequency"_a, "ohm"_a, "phase"_a = py::none(), "name"_a = "")
        .def_property_readonly(
            "frequency",
            [](py::object self) { return view(self.cast<const io::impedance_curve&>().frequency_hz, self); },
            "Frequencies, Hz.")
        .def_property_readonly(
            "ohm", [](py::object self) { return view(self.cast<const io::impedance_curve&>().magnitude_ohm, self); },
            "|Z|, Ω.")
        .def_property_readonly(
            "phase",
            [](py::object self) -> py::object {
                const auto& z = self.cast<const io::impedance_curve&>();
                if (!z.has_phase()) return py::none();
                return view(z.phase_deg, self);
            },
            "arg Z, degrees, or None.")
        .def_readwrite("name", &io::impedance_curve::name, "Label.")
        .def(
            "complex",
            [](const io::impedance_curve& z) {
                std::vector<std::complex<double>> v(z.size());
                for (std::size_t i = 0; i < v.size(); ++i) v[i] = z.value(i);
                return take(std::move(v));
            },
            "Z as complex numbers, Ω.")
        .def("__len__", &io::impedance_curve::size);
    m.def(
        "read_impedance", [](const std::filesystem::path& p) { return io::read_impedance(p); }, "path"_a,
        "Reads a ZMA file or a REW impedance export (freq ohm [deg]).");
    m.def("parse_impedance", &io::parse_impedance, "text"_a, "source_name"_a = "input",
          "read_impedance() on text instead of a file.");
    m.def("format_impedance", &io::format_impedance, "impedance"_a, "The text of a ZMA file.");
    m.def(
        "write_impedance",
        [](const std::filesystem::path& p, const io::impedance_curve& z) { io::write_impedance(p, z); }, "path"_a,
        "impedance"_a, "Writes a ZMA file atomically.");

#ifdef IEMLAB_HAVE_SNDFILE
    m.def(
        "read_audio",
        [](const std::filesystem::path& path) {
            auto clip = io::read_audio<double>(path);
            const auto channels = static_cast<py::ssize_t>(clip.channels.size());
            const auto frames = static_cast<py::ssize_t>(clip.frames());
            py::array_t<double> samples({channels, frames});
            auto w = samples.mutable_unchecked<2>();
            for (py::ssize_t c = 0; c < channels; ++c)
                for (py::ssize_t n = 0; n < frames; ++n)
                    w(c, n) = clip.channels[static_cast<std::size_t>(c)][static_cast<std::size_t>(n)];
            return py::make_tuple(samples, clip.rate_hz, clip.comment);
        },
        "path"_a, R"doc(
Reads a WAV, FLAC or AIFF file (libsndfile): (samples, rate, comment) with samples a float64 array of shape
(channels, frames) in full-scale units, rate in Hz and the file's comment (an iemlab sweep file's metadata).
)doc");
    m.def(
        "write_audio",
        [](const std::filesystem::path& path,
           const py::array_t<double, py::array::c_style | py::array::forcecast>& samples, double rate,
           const std::string& format, const std::string& comment) {
            if (samples.ndim() != 1 && samples.ndim() != 2)
                throw iemlab::error("write_audio: samples must be (frames,) or (channels, frames)", "samples");
            io::audio_clip<double> clip;
            clip.rate_hz = rate;
            clip.format = io::parse_sample_format(format, "format");
            clip.comment = comment;
            const std::size_t channels = samples.ndim() == 2 ? static_cast<std::size_t>(samples.shape(0)) : 1;
            const std::size_t frames = static_cast<std::size_t>(samples.shape(samples.ndim() - 1));
            for (std::size_t c = 0; c < channels; ++c)
                clip.channels.emplace_back(std::span<const double>(samples.data() + c * frames, frames));
            io::write_audio(path, clip);
        },
        "path"_a, "samples"_a, "rate"_a, "format"_a = "float32", "comment"_a = "", R"doc(
Writes samples ((frames,) or (channels, frames), full scale = 1) at rate (Hz) to a WAV, FLAC or AIFF file
(by extension) as "pcm16", "pcm24", "pcm32", "float32" or "float64", with a comment (e.g. Sweep.metadata());
complete or absent.
)doc");
#endif
    py::class_<io::mic_calibration>(m, "MicCalibration", "A microphone calibration file's content.")
        .def_readonly("correction", &io::mic_calibration::correction, "dB (and phase) the microphone adds (Response).")
        .def_readonly("sensitivity_db", &io::mic_calibration::sensitivity_db,
                      "miniDSP 'Sens Factor' or Dayton's level, dB.")
        .def_readonly("sensitivity_frequency", &io::mic_calibration::sensitivity_frequency_hz,
                      "Dayton form: the frequency the sensitivity refers to, Hz.")
        .def_readonly("gain_db", &io::mic_calibration::gain_db, "miniDSP 'AGain', dB.")
        .def_readonly("serial_number", &io::mic_calibration::serial_number, "miniDSP 'SERNO'.");
    m.def(
        "read_mic_calibration", [](const std::filesystem::path& p) { return io::read_mic_calibration(p); }, "path"_a,
        "Reads a microphone calibration file (miniDSP, Dayton, plain freq dB [deg]).");
    m.def("parse_mic_calibration", &io::parse_mic_calibration, "text"_a, "source_name"_a = "input",
          "read_mic_calibration() on text.");
    m.def(
        "apply_mic_calibration",
        [](const frequency_response& measured, const frequency_response& correction) {
            return io::apply_mic_calibration(measured, correction);
        },
        "measured"_a, "correction"_a, "The measurement with the microphone's correction (dB it adds) removed.");
}

} // namespace

} // namespace iemlab_python

PYBIND11_MODULE(iemlab, m) {
    using namespace iemlab_python;
    m.doc() = R"doc(
iemlab: measuring and modelling in-ear monitors (Python bindings of the C++ library).

Numbers are SI (Hz, s, m, Ω, Pa, V) unless a name says otherwise (_db, _percent, _ppm); levels in dB.
Arrays go in and out as numpy arrays (float64; float32 too for deconvolution), without copies where the
layout allows. Errors raise iemlab.Error (a ValueError) with iemlab's one-line message.
Guide: docs/python.md.
)doc";
    m.attr("__version__") = iemlab::version_string;
    static py::exception<iemlab::error> error(m, "Error", PyExc_ValueError);
    error.attr("__doc__") =
        "Invalid argument or input: the message names where, which parameter, its value and what is allowed.";
    static py::exception<iemlab::file_error> file_error(m, "FileError", error.ptr());
    file_error.attr("__doc__") = "A file could not be read or parsed; the message names the file and line.";
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const iemlab::file_error& e) {
            file_error(e.what());
        } catch (const iemlab::error& e) {
            error(e.what());
        }
    });
    bind_response(m);
    bind_analysis(m);
    bind_files(m);
    bind_dsp(m);
    bind_acoustics(m);
    bind_models(m);
}

// The Python module's signal processing: sweeps, deconvolution plans (float32 and float64, without copies), and
// the sweep analyzer (deconvolution → latency → harmonic separation → response and THD).
#include "common.hpp"

#include <iemlab/dsp/deconvolve.hpp>
#include <iemlab/dsp/harmonics.hpp>
#include <iemlab/dsp/smoothing.hpp>
#include <iemlab/dsp/sweep.hpp>
#include <iemlab/measure/sweep_analysis.hpp>

#include <chrono>
#include <variant>

namespace iemlab_python {

using namespace pybind11::literals;
namespace dsp = iemlab::dsp;
namespace ms = iemlab::measure;

namespace {

using double_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

dsp::swept_sine make_sweep(const std::string& type, double f1, double f2, double duration, double rate,
                           double amplitude, std::optional<double> fade_in, std::optional<double> fade_out) {
    dsp::sweep_shape shape;
    shape.amplitude = amplitude;
    if (fade_in) shape.fade_in = iemlab::units::from_si<iemlab::units::time>(*fade_in);
    if (fade_out) shape.fade_out = iemlab::units::from_si<iemlab::units::time>(*fade_out);
    return dsp::swept_sine::make(dsp::parse_sweep_type(type, "type"), f1, f2, duration, rate, shape);
}

py::array sweep_samples(const dsp::swept_sine& s, const py::object& dtype) {
    if (py::dtype::from_args(dtype).is(py::dtype::of<float>())) return take(s.samples<float>());
    if (!py::dtype::from_args(dtype).is(py::dtype::of<double>()))
        throw iemlab::error("Sweep.samples: dtype must be float32 or float64", "dtype");
    return take(s.samples<double>());
}

void bind_sweep(py::module_& m) {
    py::class_<dsp::swept_sine>(m, "Sweep", R"doc(
A swept sine: Novak's synchronized sweep (the default; harmonics at exact delays L·ln n), Farina's exponential
sweep or a linear sweep, with half-Hann fades.

Args:
    type: "synchronized", "exponential" or "linear".
    f1: start frequency, Hz (0 < f1 < rate/2).
    f2: end frequency, Hz (f1 < f2 < rate/2).
    duration: requested duration T, s (the synchronized sweep rounds it so that f1·L is an integer).
    rate: sample rate, Hz.
    amplitude: peak amplitude, full scale (0 < amplitude <= 1).
    fade_in: fade-in length, s (None: half an octave for the exponential families, min(5 ms, T/10) linear).
    fade_out: fade-out length, s (None: 100 periods of f2, at most T/10).

Raises:
    iemlab.Error: a parameter out of range (the message names it and the allowed range).
)doc")
        .def(py::init(&make_sweep), "type"_a = "synchronized", "f1"_a = 20.0, "f2"_a = 20000.0, "duration"_a = 2.0,
             "rate"_a = 48000.0, "amplitude"_a = 1.0, "fade_in"_a = py::none(), "fade_out"_a = py::none())
        .def_static(
            "from_metadata", [](const std::string& text) { return dsp::swept_sine::from_metadata(text); }, "text"_a,
            "Rebuilds a sweep from the metadata text metadata() wrote (an audio file's comment).")
        .def("samples", &sweep_samples, "dtype"_a = py::none(),
             "The samples (fades and amplitude applied) as a new float64 (dtype None) or float32 array.")
        .def("metadata", &dsp::swept_sine::to_metadata,
             "One line with every parameter ('iemlab-sweep type=… f1=…'), stored in a sweep file's comment.")
        .def_property_readonly(
            "type", [](const dsp::swept_sine& s) { return std::string(dsp::to_string(s.type())); },
            "Family: 'synchronized', 'exponential' or 'linear'.")
        .def_property_readonly(
            "f1", [](const dsp::swept_sine& s) { return s.parameters().f1_hz; }, "Start frequency, Hz.")
        .def_property_readonly(
            "f2", [](const dsp::swept_sine& s) { return s.parameters().f2_hz; }, "End frequency, Hz.")
        .def_property_readonly(
            "duration", [](const dsp::swept_sine& s) { return s.parameters().duration_s; },
            "Analytic duration T, s (synchronized: after rounding).")
        .def_property_readonly("rate", &dsp::swept_sine::rate_hz, "Sample rate, Hz.")
        .def_property_readonly("rate_constant", &dsp::swept_sine::rate_constant_s,
                               "L = T/ln(f2/f1), s (0 for a linear sweep).")
        .def_property_readonly(
            "amplitude", [](const dsp::swept_sine& s) { return s.parameters().amplitude; },
            "Peak amplitude, full scale.")
        .def_property_readonly(
            "fade_in", [](const dsp::swept_sine& s) { return s.parameters().fade_in_s; }, "Fade-in, s.")
        .def_property_readonly(
            "fade_out", [](const dsp::swept_sine& s) { return s.parameters().fade_out_s; }, "Fade-out, s.")
        .def_property_readonly(
            "full_energy_band",
            [](const dsp::swept_sine& s) {
                const auto b = ms::full_energy_band(s.parameters());
                return std::pair(b.lo_hz, b.hi_hz);
            },
            "(lo, hi) in Hz: the band the sweep passes between its fades, below Nyquist.")
        .def("__len__", &dsp::swept_sine::size)
        .def("instantaneous_frequency", &dsp::swept_sine::instantaneous_frequency, "t"_a,
             "Instantaneous frequency at time t (s), Hz.")
        .def("time_at_frequency", &dsp::swept_sine::time_at_frequency, "f"_a,
             "Time (s) at which the sweep passes f (Hz).")
        .def("harmonic_delay", &dsp::swept_sine::harmonic_delay_s, "order"_a,
             "Delay L·ln(order), s, by which harmonic `order` leads the fundamental.")
        .def("__repr__", [](const dsp::swept_sine& s) {
            const auto& p = s.parameters();
            return "<iemlab.Sweep " + std::string(dsp::to_string(p.type)) + " " + iemlab::format_number(p.f1_hz) + "–" +
                   iemlab::format_number(p.f2_hz) + " Hz, " + iemlab::format_number(p.duration_s) + " s at " +
                   iemlab::format_number(p.rate_hz) + " Hz>";
        });
}

/// A deconvolution plan of either precision.
class deconvolver_handle {
public:
    using plan32 = dsp::deconvolver<float>;
    using plan64 = dsp::deconvolver<double>;

    explicit deconvolver_handle(std::variant<plan32, plan64> plan) : plan_(std::move(plan)) {}

    template <class F>
    decltype(auto) visit(F&& f) const {
        return std::visit(std::forward<F>(f), plan_);
    }
    bool is_float32() const noexcept { return plan_.index() == 0; }

    /// Deconvolves a (samples,) or (channels, samples) array into (fft_size,) or (channels, fft_size): into
    /// `out` when given (C-ordered, the plan's dtype, that shape), else into a new array.
    template <class T>
    py::array run(const dsp::deconvolver<T>& plan, const py::array_t<T, py::array::c_style | py::array::forcecast>& y,
                  const std::optional<py::array>& out_arg) const {
        if (y.ndim() != 1 && y.ndim() != 2)
            throw iemlab::error("Deconvolver: recording must be (samples,) or (channels, samples), got " +
                                    std::to_string(y.ndim()) + " dimensions",
                                "recording");
        const std::size_t channels = y.ndim() == 2 ? static_cast<std::size_t>(y.shape(0)) : 1;
        const std::size_t length = static_cast<std::size_t>(y.shape(y.ndim() - 1));
        const std::size_t n = plan.fft_size();
        py::array_t<T> out;
        if (out_arg) {
            const auto& o = *out_arg;
            const bool shape_ok = o.ndim() == y.ndim() && static_cast<std::size_t>(o.shape(o.ndim() - 1)) == n &&
                                  (o.ndim() == 1 || static_cast<std::size_t>(o.shape(0)) == channels);
            if (!py::isinstance<py::array_t<T>>(o) || !(o.flags() & py::array::c_style) || !o.writeable() || !shape_ok)
                throw iemlab::error(
                    "Deconvolver: out must be a writeable C-ordered array of the plan's dtype, shape (" +
                        (y.ndim() == 2 ? std::to_string(channels) + ", " : std::string()) + std::to_string(n) +
                        (y.ndim() == 2 ? ")" : ",)"),
                    "out");
            out = py::reinterpret_borrow<py::array_t<T>>(o);
        } else {
            out = y.ndim() == 2 ? py::array_t<T>({static_cast<py::ssize_t>(channels), static_cast<py::ssize_t>(n)})
                                : py::array_t<T>(static_cast<py::ssize_t>(n));
        }
        T* o = out.mutable_data();
        const T* in = y.data();
        {
            py::gil_scoped_release unlocked;
            // Scratch kept per thread between calls: a fresh one would cost its page faults on every call.
            thread_local iemlab::aligned_buffer<T> scratch;
            if (scratch.size() < plan.scratch_size()) scratch = iemlab::aligned_buffer<T>(plan.scratch_size());
            const std::span<T> work = scratch.span().first(plan.scratch_size());
            for (std::size_t c = 0; c < channels; ++c)
                plan.execute(std::span<const T>(in + c * length, length), std::span<T>(o + c * n, n), work);
        }
        return out;
    }

    py::array operator()(const py::array& y, const std::optional<py::array>& out) const {
        if (is_float32()) return run(std::get<0>(plan_), checked<float>(y), out);
        return run(std::get<1>(plan_), checked<double>(y), out);
    }

    /// `y` as a C-ordered array of T (the same object when it is one already).
    template <class T>
    static py::array_t<T, py::array::c_style | py::array::forcecast> checked(const py::array& y) {
        auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(y);
        if (!a) throw py::error_already_set();
        return a;
    }

    /// Mean seconds per call of execute() over `repeats` calls on every channel, timed in C++ (bench/python).
    double time_execute(const py::array& y, unsigned repeats) const {
        return visit([&](const auto& plan) {
            using T = std::remove_cvref_t<decltype(plan.inverse_re()[0])>;
            const auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(y);
            if (!a) throw py::error_already_set();
            const std::size_t channels = a.ndim() == 2 ? static_cast<std::size_t>(a.shape(0)) : 1;
            const std::size_t length = static_cast<std::size_t>(a.shape(a.ndim() - 1));
            py::gil_scoped_release unlocked;
            iemlab::aligned_buffer<T> ir(plan.fft_size() * channels), scratch(plan.scratch_size());
            const auto start = std::chrono::steady_clock::now();
            for (unsigned r = 0; r < repeats; ++r)
                for (std::size_t c = 0; c < channels; ++c)
                    plan.execute(std::span<const T>(a.data() + c * length, length),
                                 ir.span().subspan(c * plan.fft_size(), plan.fft_size()), scratch.span());
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / repeats;
        });
    }

private:
    std::variant<plan32, plan64> plan_;
};

dsp::deconvolution_options make_options(const std::string& padding, bool remove_mean, const std::string& inverse,
                                        double beta_fraction, double in_band_epsilon_db, double low_rolloff_octaves,
                                        bool exact_in_band) {
    dsp::deconvolution_options o;
    o.padding = choose<dsp::deconvolution_padding>(
        "Deconvolver", "padding", padding,
        {{"linear", dsp::deconvolution_padding::linear}, {"circular", dsp::deconvolution_padding::circular}});
    o.remove_mean = remove_mean;
    o.inverse = choose<dsp::synchronized_inverse>(
        "Deconvolver", "inverse", inverse,
        {{"exact", dsp::synchronized_inverse::exact}, {"closed_form", dsp::synchronized_inverse::closed_form}});
    o.beta_fraction = beta_fraction;
    o.in_band_epsilon_db = in_band_epsilon_db;
    o.low_rolloff_octaves = low_rolloff_octaves;
    o.exact_in_band = exact_in_band;
    return o;
}

bool is_float32(const py::object& dtype) {
    const auto d = py::dtype::from_args(dtype);
    if (d.is(py::dtype::of<float>())) return true;
    if (d.is(py::dtype::of<double>())) return false;
    throw iemlab::error("Deconvolver: dtype must be float32 or float64", "dtype");
}

deconvolver_handle make_deconvolver(const std::string& method, const dsp::swept_sine* sweep,
                                    std::size_t recording_length, const std::optional<py::array>& excitation,
                                    std::optional<double> rate, std::optional<double> f_lo, std::optional<double> f_hi,
                                    const py::object& dtype, const dsp::deconvolution_options& o) {
    const auto m = choose<dsp::deconvolution_method>("Deconvolver", "method", method,
                                                     {{"synchronized", dsp::deconvolution_method::synchronized},
                                                      {"farina", dsp::deconvolution_method::farina},
                                                      {"kirkeby", dsp::deconvolution_method::kirkeby}});
    auto build = [&]<class T>(T) -> dsp::deconvolver<T> {
        std::vector<T> x;
        if (excitation) {
            const auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(*excitation);
            if (!a || a.ndim() != 1) throw iemlab::error("Deconvolver: excitation must be a 1-D array", "excitation");
            x.assign(a.data(), a.data() + a.size());
        }
        py::gil_scoped_release unlocked;
        if (m == dsp::deconvolution_method::kirkeby) {
            if (x.empty() && sweep) {
                const auto s = sweep->samples<T>();
                x.assign(s.begin(), s.end());
            }
            if (x.empty()) throw iemlab::error("Deconvolver: kirkeby needs an excitation or a sweep", "excitation");
            const double fs = rate ? *rate : sweep ? sweep->rate_hz() : 0.0;
            const double lo = f_lo ? *f_lo : sweep ? sweep->parameters().f1_hz : 0.0;
            const double hi = f_hi ? *f_hi : sweep ? sweep->parameters().f2_hz : fs / 2;
            return dsp::deconvolver<T>::kirkeby(x, fs, recording_length, lo, hi, o);
        }
        if (!sweep) throw iemlab::error("Deconvolver: method '" + method + "' needs a sweep", "sweep");
        if (m == dsp::deconvolution_method::farina) return dsp::deconvolver<T>::farina(*sweep, recording_length, x, o);
        return dsp::deconvolver<T>::synchronized(*sweep, recording_length, x, o);
    };
    if (is_float32(dtype)) return deconvolver_handle(build(float{}));
    return deconvolver_handle(build(double{}));
}

void bind_deconvolver(py::module_& m) {
    py::class_<deconvolver_handle>(m, "Deconvolver", R"doc(
A deconvolution plan for recordings of one length: built once, then called on any number of recordings
(mono arrays or (channels, samples) arrays), from any number of threads — the GIL is released while it runs.

Every method returns the impulse response circularly: the linear response starts at index 0 (plus the
latency), harmonic n of an exponential sweep ends just before index fft_size − L·ln(n)·rate.

Args:
    sweep: the Sweep played (synchronized and farina need it; kirkeby inverts its samples when no
        excitation is given).
    recording_length: samples of each recording (>= the excitation's length).
    method: "synchronized" (the sweep's exact spectrum in band, or Novak's closed form), "farina"
        (time-reversed, amplitude-compensated inverse) or "kirkeby" (regularised inversion of any excitation).
    excitation: the samples actually played (default: the sweep's own samples); required for kirkeby
        without a sweep.
    rate: sample rate, Hz (kirkeby without a sweep).
    f_lo, f_hi: band of exact inversion, Hz (kirkeby; default the sweep's f1, f2).
    dtype: numpy.float32 or numpy.float64 (None: float64): the precision of the plan and of the arrays it
        returns.
    padding: "linear" (nothing wraps; default) or "circular" (pad to the recording's length only: half the work).
    remove_mean: subtract each recording's mean first.
    inverse: "exact" (default) or "closed_form" (synchronized only).
    beta_fraction: regularisation weight β as a fraction of max|X|² (exact and kirkeby inverses).
    in_band_epsilon_db: ε inside the band, dB.
    low_rolloff_octaves: width of a smooth roll-off at the band's bottom, octaves (0 … 4).
    exact_in_band: closed-form and Farina inverses divide by the exact spectrum in [f1, f2].

Raises:
    iemlab.Error: the method does not suit the sweep, a recording shorter than the excitation, an option out
        of range.
)doc")
        .def(py::init([](const dsp::swept_sine* sweep, std::size_t recording_length, const std::string& method,
                         std::optional<py::array> excitation, std::optional<double> rate, std::optional<double> f_lo,
                         std::optional<double> f_hi, const py::object& dtype, const std::string& padding,
                         bool remove_mean, const std::string& inverse, double beta_fraction, double in_band_epsilon_db,
                         double low_rolloff_octaves, bool exact_in_band) {
                 return make_deconvolver(method, sweep, recording_length, excitation, rate, f_lo, f_hi, dtype,
                                         make_options(padding, remove_mean, inverse, beta_fraction, in_band_epsilon_db,
                                                      low_rolloff_octaves, exact_in_band));
             }),
             "sweep"_a, "recording_length"_a, "method"_a = "synchronized", "excitation"_a = py::none(),
             "rate"_a = py::none(), "f_lo"_a = py::none(), "f_hi"_a = py::none(), "dtype"_a = py::none(),
             "padding"_a = "linear", "remove_mean"_a = true, "inverse"_a = "exact", "beta_fraction"_a = 0.5,
             "in_band_epsilon_db"_a = -200.0, "low_rolloff_octaves"_a = 0.0, "exact_in_band"_a = true)
        .def("__call__", &deconvolver_handle::operator(), "recording"_a, "out"_a = py::none(), R"doc(
Deconvolves a recording: (recording_length,) → (fft_size,), or (channels, recording_length) →
(channels, fft_size), in the plan's dtype. An array of that dtype in C order is read without a copy; `out`
(a writeable C-ordered array of the plan's dtype and the result's shape) receives the result instead of a new
array, so a loop over recordings allocates nothing.
)doc")
        .def_property_readonly(
            "method",
            [](const deconvolver_handle& d) {
                return d.visit([](const auto& p) { return std::string(dsp::to_string(p.method())); });
            },
            "'synchronized', 'farina' or 'kirkeby'.")
        .def_property_readonly(
            "fft_size", [](const deconvolver_handle& d) { return d.visit([](const auto& p) { return p.fft_size(); }); },
            "Length of the (circular) impulse response.")
        .def_property_readonly(
            "recording_length",
            [](const deconvolver_handle& d) { return d.visit([](const auto& p) { return p.recording_length(); }); },
            "Samples each recording must have.")
        .def_property_readonly(
            "rate", [](const deconvolver_handle& d) { return d.visit([](const auto& p) { return p.rate_hz(); }); },
            "Sample rate, Hz.")
        .def_property_readonly(
            "dtype",
            [](const deconvolver_handle& d) {
                return d.is_float32() ? py::dtype::of<float>() : py::dtype::of<double>();
            },
            "numpy dtype of the plan.")
        .def("time_execute", &deconvolver_handle::time_execute, "recording"_a, "repeats"_a = 10, R"doc(
Mean wall time in seconds of one call on `recording` (every channel), timed inside C++ over `repeats` calls
without Python in the loop: the C++ reference for bench/python/bench_deconvolve.py.
)doc");
}

ms::analysis_settings make_settings(double f_min, double f_max, double points_per_octave, unsigned harmonics,
                                    std::optional<std::string> smoothing, std::optional<std::string> method,
                                    const std::string& padding, bool remove_dc, std::optional<double> gate_pre,
                                    std::optional<double> gate_post, std::optional<double> normalize_at,
                                    double normalize_level, const std::string& mode, double low_level_dbfs) {
    ms::analysis_settings s;
    s.f_min_hz = f_min;
    s.f_max_hz = f_max;
    s.points_per_octave = points_per_octave;
    s.harmonics = harmonics;
    if (smoothing) {
        const auto spec = dsp::parse_smoothing(*smoothing, "smoothing");
        s.smoothing = spec.width;
        s.smoothing_options.domain = spec.domain;
    }
    if (method)
        s.method = choose<dsp::deconvolution_method>("AnalysisSettings", "method", *method,
                                                     {{"synchronized", dsp::deconvolution_method::synchronized},
                                                      {"farina", dsp::deconvolution_method::farina},
                                                      {"kirkeby", dsp::deconvolution_method::kirkeby}});
    s.padding = choose<dsp::deconvolution_padding>(
        "AnalysisSettings", "padding", padding,
        {{"linear", dsp::deconvolution_padding::linear}, {"circular", dsp::deconvolution_padding::circular}});
    s.remove_dc = remove_dc;
    s.gate_pre_s = gate_pre;
    s.gate_post_s = gate_post;
    s.normalize = normalize_at ? ms::normalization::at(*normalize_at, normalize_level) : ms::normalization::none();
    s.mode = choose<ms::average_mode>("AnalysisSettings", "mode", mode,
                                      {{"db", ms::average_mode::db},
                                       {"power", ms::average_mode::power},
                                       {"pressure", ms::average_mode::pressure},
                                       {"vector", ms::average_mode::vector}});
    s.low_level_dbfs = low_level_dbfs;
    s.validate();
    return s;
}

void bind_analyzer(py::module_& m) {
    py::class_<ms::analysis_settings>(m, "AnalysisSettings", R"doc(
How recordings are analysed and combined (the sweep analyzer and the measurement session).

Args:
    f_min, f_max: analysis band, Hz (clamped to the sweep's full-energy band).
    points_per_octave: analysis grid density (1 … 384).
    harmonics: orders separated for THD (1: none; at most 9).
    smoothing: None, or a width as iemlab.smooth() takes it ("1/6", "variable", "erb", …), applied to the
        full-resolution spectrum before sampling onto the grid (REW's order).
    method: None (synchronized for an iemlab sweep, else regularised), "synchronized", "farina" or "kirkeby".
    padding: "linear" or "circular" (see Deconvolver).
    remove_dc: subtract each recording's mean before deconvolution.
    gate_pre, gate_post: linear response gate before/after its peak, s (None: automatic).
    normalize_at: None, or the frequency (Hz) where the combined response is set to normalize_level dB.
    normalize_level: dB (85: rig practice).
    mode: how insertions are averaged: "power", "db", "pressure" or "vector".
    low_level_dbfs: a recording peaking below this is flagged, dBFS.
)doc")
        .def(py::init(&make_settings), "f_min"_a = 20.0, "f_max"_a = 20000.0, "points_per_octave"_a = 48.0,
             "harmonics"_a = 5u, "smoothing"_a = py::none(), "method"_a = py::none(), "padding"_a = "linear",
             "remove_dc"_a = true, "gate_pre"_a = py::none(), "gate_post"_a = py::none(), "normalize_at"_a = 1000.0,
             "normalize_level"_a = 85.0, "mode"_a = "power", "low_level_dbfs"_a = -60.0)
        .def_readwrite("f_min", &ms::analysis_settings::f_min_hz, "Analysis band, lowest frequency, Hz.")
        .def_readwrite("f_max", &ms::analysis_settings::f_max_hz, "Analysis band, highest frequency, Hz.")
        .def_readwrite("points_per_octave", &ms::analysis_settings::points_per_octave, "Grid density.")
        .def_readwrite("harmonics", &ms::analysis_settings::harmonics, "Orders separated (1: none).")
        .def_readwrite("fs_per_pa", &ms::analysis_settings::fs_per_pa,
                       "Recorded full-scale units per pascal (rig sensitivity): levels in dB SPL; None: dB re FS.")
        .def_readwrite("mic_correction", &ms::analysis_settings::mic_correction,
                       "dB the microphone adds (Response; subtracted), or an empty Response.");

    py::class_<ms::level_report>(m, "LevelReport", "Peak, RMS and clipping of one recording.")
        .def_readonly("peak_dbfs", &ms::level_report::peak_dbfs, "Highest |sample|, dBFS.")
        .def_readonly("rms_dbfs", &ms::level_report::rms_dbfs, "RMS, dBFS.")
        .def_property_readonly(
            "clipped_samples", [](const ms::level_report& l) { return l.clipping.samples; }, "Samples at full scale.");

    py::class_<dsp::distortion_curves>(m, "Distortion", R"doc(
Harmonic distortion per excitation frequency: HD_n for n = 2…K (dB re the fundamental), THD_F and THD_R (%).
Where order n lies beyond the band at frequency i, hd_db[n − 2, i] is NaN.
)doc")
        .def_property_readonly(
            "frequency",
            [](py::object self) { return view(self.cast<const dsp::distortion_curves&>().frequency_hz, self); },
            "Excitation frequencies, Hz.")
        .def_property_readonly(
            "hd_db",
            [](const dsp::distortion_curves& d) {
                const std::size_t rows = d.hd_db.size(), cols = d.frequency_hz.size();
                py::array_t<double> a({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
                auto w = a.mutable_unchecked<2>();
                for (std::size_t r = 0; r < rows; ++r)
                    for (std::size_t c = 0; c < cols; ++c)
                        w(r, c) = d.has(static_cast<unsigned>(r + 2), c) ? d.hd_db[r][c] : std::nan("");
                return a;
            },
            "HD_n in dB re the fundamental, shape (K − 1, frequencies); row 0 is HD2.")
        .def_property_readonly(
            "thd_percent",
            [](py::object self) { return view(self.cast<const dsp::distortion_curves&>().thd_f_percent, self); },
            "THD_F, % of the fundamental.")
        .def_property_readonly(
            "thd_r_percent",
            [](py::object self) { return view(self.cast<const dsp::distortion_curves&>().thd_r_percent, self); },
            "THD_R, % of the total.")
        .def_property_readonly(
            "highest_order",
            [](const dsp::distortion_curves& d) {
                return take(std::vector<unsigned>(d.highest_order.begin(), d.highest_order.end()));
            },
            "Highest order counted at each frequency.");

    py::class_<ms::recording_analysis>(m, "RecordingAnalysis", "What one recording gives (Analyzer.analyze()).")
        .def_readonly("response", &ms::recording_analysis::response,
                      "Linear response H_1 on the analysis grid (Response; dB re full scale per full scale, phase "
                      "without bulk delay).")
        .def_readonly("distortion", &ms::recording_analysis::distortion, "Harmonic distortion (Distortion).")
        .def_readonly("latency", &ms::recording_analysis::latency_samples,
                      "Position of the impulse response's peak, samples (band-limited interpolation).")
        .def_readonly("levels", &ms::recording_analysis::levels, "Levels of the recording (LevelReport).");

    py::class_<ms::sweep_analyzer>(m, "Analyzer", R"doc(
The analysis chain of one sweep for recordings of one length: deconvolution → impulse peak (latency) →
harmonic separation → linear response and distortion, inside the sweep's full-energy band.
analyze() releases the GIL and may run concurrently.

Args:
    sweep: the Sweep played.
    recording_length: samples of each recording.
    settings: AnalysisSettings (default AnalysisSettings()).
    excitation: the samples actually played (default: the sweep's own).
)doc")
        .def(py::init([](const dsp::swept_sine& sweep, std::size_t recording_length,
                         std::optional<ms::analysis_settings> settings, std::optional<double_array> excitation) {
                 const std::vector<double> x =
                     excitation ? to_vector(*excitation, "excitation") : std::vector<double>{};
                 const auto s = settings.value_or(ms::analysis_settings{});
                 py::gil_scoped_release unlocked;
                 return ms::sweep_analyzer(sweep, x, recording_length, s);
             }),
             "sweep"_a, "recording_length"_a, "settings"_a = py::none(), "excitation"_a = py::none())
        .def_static(
            "for_excitation",
            [](const double_array& excitation, double rate, double f_lo, double f_hi, std::size_t recording_length,
               std::optional<ms::analysis_settings> settings) {
                const auto x = to_vector(excitation, "excitation");
                const auto s = settings.value_or(ms::analysis_settings{});
                py::gil_scoped_release unlocked;
                return ms::sweep_analyzer(x, rate, f_lo, f_hi, recording_length, s);
            },
            "excitation"_a, "rate"_a, "f_lo"_a, "f_hi"_a, "recording_length"_a, "settings"_a = py::none(),
            "An analyzer for any excitation (regularised inversion over [f_lo, f_hi] Hz; no harmonics).")
        .def_static(
            "for_sweep_file",
            [](const double_array& excitation, double rate, const std::string& comment, std::size_t recording_length,
               std::optional<ms::analysis_settings> settings) {
                const auto x = to_vector(excitation, "excitation");
                const auto s = settings.value_or(ms::analysis_settings{});
                py::gil_scoped_release unlocked;
                return ms::make_sweep_analyzer(x, rate, comment, std::nullopt, recording_length, s);
            },
            "excitation"_a, "rate"_a, "comment"_a, "recording_length"_a, "settings"_a = py::none(), R"doc(
The analyzer for a sweep file's content (read_audio()): one channel of it at rate (Hz) and its comment. iemlab
sweep metadata in the comment gives the exact sweep; otherwise the samples are inverted as an unknown excitation
over the analysis band widened by a third of an octave (linear response only, no harmonics).
)doc")
        .def(
            "analyze",
            [](const ms::sweep_analyzer& a, const double_array& recording) {
                if (recording.ndim() != 1) throw iemlab::error("Analyzer.analyze: recording must be 1-D", "recording");
                const std::span<const double> y(recording.data(), static_cast<std::size_t>(recording.size()));
                py::gil_scoped_release unlocked;
                return a.analyze(y);
            },
            "recording"_a, "Deconvolves and analyses one recording (RecordingAnalysis).")
        .def(
            "impulse_response",
            [](const ms::sweep_analyzer& a, const double_array& recording) {
                if (recording.ndim() != 1)
                    throw iemlab::error("Analyzer.impulse_response: recording must be 1-D", "recording");
                const std::span<const double> y(recording.data(), static_cast<std::size_t>(recording.size()));
                iemlab::aligned_buffer<double> h;
                {
                    py::gil_scoped_release unlocked;
                    h = a.impulse_response(y);
                }
                return take(std::move(h));
            },
            "recording"_a, "The circular impulse response of a recording (fft_size samples).")
        .def_property_readonly(
            "grid", [](py::object self) { return view(self.cast<const ms::sweep_analyzer&>().grid(), self); },
            "The analysis grid, Hz.")
        .def_property_readonly(
            "band", [](const ms::sweep_analyzer& a) { return std::pair(a.band().lo_hz, a.band().hi_hz); },
            "(lo, hi) analysed, Hz: the requested band clamped to the sweep's.")
        .def_property_readonly("band_note", &ms::sweep_analyzer::band_note, "How the band was clamped (or empty).")
        .def_property_readonly(
            "method", [](const ms::sweep_analyzer& a) { return std::string(dsp::to_string(a.method())); },
            "Deconvolution method used.")
        .def_property_readonly("fft_size", &ms::sweep_analyzer::fft_size, "Length of the impulse response.")
        .def_property_readonly("recording_length", &ms::sweep_analyzer::recording_length, "Samples per recording.")
        .def_property_readonly("orders", &ms::sweep_analyzer::orders, "Harmonic orders separated.");
}

} // namespace

void bind_dsp(py::module_& m) {
    bind_sweep(m);
    bind_deconvolver(m);
    bind_analyzer(m);
}

} // namespace iemlab_python

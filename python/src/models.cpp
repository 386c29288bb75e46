// The Python module's models and procedures: drivers, multi-driver IEMs with crossovers into a coupler or canal,
// the source-impedance tilt, the simulated rig, the measurement session (simulated and on recordings) and the
// parametric EQ.
#include "common.hpp"

#include <iemlab/app/source_network.hpp>
#include <iemlab/electroacoustics/crossover.hpp>
#include <iemlab/electroacoustics/driver_model.hpp>
#include <iemlab/electroacoustics/loads.hpp>
#include <iemlab/electroacoustics/measured_driver.hpp>
#include <iemlab/electroacoustics/source.hpp>
#include <iemlab/io/equalizer_apo.hpp>
#include <iemlab/measure/parametric_eq.hpp>
#include <iemlab/measure/rig.hpp>
#include <iemlab/measure/session.hpp>
#if defined(IEMLAB_HAVE_JSON) && defined(IEMLAB_HAVE_EIGEN)
#include <iemlab/app/iem_config.hpp>
#endif

namespace iemlab_python {

using namespace pybind11::literals;
using iemlab::frequency_response;
namespace ea = iemlab::electroacoustics;
namespace ms = iemlab::measure;
namespace dsp = iemlab::dsp;

namespace {

using double_array = py::array_t<double, py::array::c_style | py::array::forcecast>;
using complex_array = py::array_t<std::complex<double>, py::array::c_style | py::array::forcecast>;

/// A multi-driver IEM shared by the Python object and the simulated rig's model function.
struct iem_handle {
    std::shared_ptr<const ea::multi_driver_iem> iem;
    std::optional<double> source_impedance_ohm;
    std::optional<iemlab::app::source_network> source; ///< the IEM.json's source network, when it names one

    ms::simulated_iem simulated() const {
        auto model = iem;
        return ms::simulated_iem(model->name(), [model](const iemlab::network::grid& g, const ea::acoustic_load& load) {
            const auto r = model->respond(g, load);
            return ms::iem_transfer{r.impedance, r.pressure};
        });
    }
};

ea::network_stage stage(ea::network_stage::connection how, double r, double l, double c, bool parallel) {
    ea::network_stage s;
    s.how = how;
    s.element = {r, l, c, parallel};
    s.element.validate("network stage");
    return s;
}

py::dict respond(const iem_handle& h, const double_array& frequency, const std::string& load, double depth,
                 double temperature) {
    const auto f = to_vector(frequency, "frequency");
    ea::iem_response r;
    {
        py::gil_scoped_release unlocked;
        const iemlab::network::grid g(f);
        const auto air = iemlab::air_properties::at_celsius(temperature);
        ea::acoustic_load l;
        if (load == "coupler")
            l = ea::coupler_load(g, air, depth);
        else if (load == "canal")
            l = ea::canal_load(g, iemlab::acoustics::ear_canal{}, depth);
        else if (load != "none")
            iemlab::throw_invalid("IEM.respond", "load", "'" + load + "' is not one of none, coupler, canal");
        r = h.iem->respond(g, l, air);
    }
    py::dict d;
    d["frequency"] = take(std::move(r.frequency_hz));
    d["impedance"] = take(std::move(r.impedance));
    if (!r.pressure.empty()) {
        std::vector<double> spl(r.pressure.size());
        for (std::size_t i = 0; i < spl.size(); ++i) spl[i] = iemlab::amplitude_to_db(std::abs(r.pressure[i]) / 20e-6);
        d["pressure"] = take(std::move(r.pressure));
        d["spl_db"] = take(std::move(spl));
    }
    py::list voltages;
    for (auto& v : r.driver_voltage) voltages.append(take(std::move(v)));
    d["driver_voltage"] = voltages;
    return d;
}

void bind_iem(py::module_& m) {
    py::class_<ea::driver_model>(m, "Driver", R"doc(
A driver from a spec (docs/cli.md): "knowles:NAME" (a fitted Knowles BA preset), "ba:re=…,k=…,n=…,r1=…,l1=…,c1=…"
(closed-form BA impedance, SI units), "ts:re=…,le=…,bl=…,mms=…,cms=…,rms=…,sd=…" (Thiele–Small) or "zma:FILE"
(a measured impedance, electrical only).
)doc")
        .def(py::init([](const std::string& spec) { return ea::parse_driver_spec(spec); }), "spec"_a)
        .def_property_readonly("label", &ea::driver_model::label, "The spec or name it was made from.")
        .def_property_readonly("has_acoustic_model", &ea::driver_model::has_acoustic_model,
                               "True when the driver can drive an acoustic load.")
        .def(
            "impedance",
            [](const ea::driver_model& d, const double_array& frequency) {
                const iemlab::network::grid g(to_vector(frequency, "frequency"));
                const auto z = d.impedance(g);
                return take(z.values());
            },
            "frequency"_a, "Electrical impedance with the acoustic port unloaded, Ω (complex), at frequency (Hz).");

    py::class_<ea::network_stage>(m, "NetworkStage",
                                  "One stage of a driver's crossover network (iemlab.series(), iemlab.shunt()).")
        .def_property_readonly(
            "shunt", [](const ea::network_stage& s) { return s.how == ea::network_stage::connection::shunt; },
            "True for a shunt element, False for a series one.")
        .def_property_readonly(
            "resistance", [](const ea::network_stage& s) { return s.element.resistance_ohm; }, "R, Ω.")
        .def_property_readonly(
            "inductance", [](const ea::network_stage& s) { return s.element.inductance_h; }, "L, H.")
        .def_property_readonly(
            "capacitance", [](const ea::network_stage& s) { return s.element.capacitance_f; }, "C, F.");
    m.def(
        "series",
        [](double r, double l, double c, bool parallel) {
            return stage(ea::network_stage::connection::series, r, l, c, parallel);
        },
        "r"_a = 0.0, "l"_a = 0.0, "c"_a = 0.0, "parallel"_a = false,
        "A series element of R (Ω), L (H), C (F) (0 = absent), in series with each other or parallel; e.g. "
        "series(c=2.2e-6), a tweeter's high-pass capacitor.");
    m.def(
        "shunt",
        [](double r, double l, double c, bool parallel) {
            return stage(ea::network_stage::connection::shunt, r, l, c, parallel);
        },
        "r"_a = 0.0, "l"_a = 0.0, "c"_a = 0.0, "parallel"_a = false,
        "A shunt element across the driver side (R Ω, L H, C F); e.g. shunt(c=4.7e-6) across a woofer.");

    py::class_<ea::acoustic_segment>(m, "AcousticSegment",
                                     "A tube or damper of an acoustic path (iemlab.tube(), iemlab.damper()).")
        .def_readonly("length", &ea::acoustic_segment::length_m, "Tube length, m.")
        .def_readonly("diameter", &ea::acoustic_segment::diameter_m, "Tube inner diameter, m.")
        .def_readonly("resistance_cgs", &ea::acoustic_segment::resistance_cgs, "Damper resistance, CGS acoustic Ω.");
    m.def(
        "tube",
        [](double length, double diameter) {
            auto t = ea::acoustic_segment::tube(length, diameter);
            t.validate("tube");
            return t;
        },
        "length"_a, "diameter"_a, "A cylindrical tube with visco-thermal losses: length and inner diameter in m.");
    m.def(
        "damper",
        [](double resistance_cgs) {
            auto d = ea::acoustic_segment::damper(resistance_cgs);
            d.validate("damper");
            return d;
        },
        "resistance_cgs"_a, "An acoustic damper of resistance_cgs CGS acoustic ohms (e.g. 680, 1500).");

    py::class_<ea::iem_driver>(m, "IEMDriver", R"doc(
One driver of a multi-driver IEM with its network and acoustic path.

Args:
    name: label ("woofer").
    driver: a Driver or a driver spec string.
    network: list of NetworkStage from the IEM's input towards the driver.
    path: list of AcousticSegment from the driver's port to the common bore.
)doc")
        .def(py::init([](std::string name, const py::object& driver, std::vector<ea::network_stage> network,
                         std::vector<ea::acoustic_segment> path) {
                 ea::driver_model d = py::isinstance<py::str>(driver)
                                          ? ea::parse_driver_spec(driver.cast<std::string>())
                                          : driver.cast<ea::driver_model>();
                 return ea::iem_driver{std::move(name), std::move(d), std::move(network), std::move(path)};
             }),
             "name"_a, "driver"_a, "network"_a = std::vector<ea::network_stage>{},
             "path"_a = std::vector<ea::acoustic_segment>{})
        .def_readonly("name", &ea::iem_driver::name, "Label.");

    py::class_<iem_handle>(m, "IEM", R"doc(
A multi-driver IEM: drivers behind their networks and acoustic paths, joined at a common bore, then a nozzle,
solved as one electro-acoustic network (the drivers load each other as in a shell).

Args:
    drivers: list of IEMDriver (at least one).
    nozzle: list of AcousticSegment after the common bore.
    name: label.
)doc")
        .def(py::init(
                 [](std::vector<ea::iem_driver> drivers, std::vector<ea::acoustic_segment> nozzle, std::string name) {
                     return iem_handle{std::make_shared<const ea::multi_driver_iem>(std::move(drivers),
                                                                                    std::move(nozzle), std::move(name)),
                                       std::nullopt, std::nullopt};
                 }),
             "drivers"_a, "nozzle"_a = std::vector<ea::acoustic_segment>{}, "name"_a = "")
#if defined(IEMLAB_HAVE_JSON) && defined(IEMLAB_HAVE_EIGEN)
        .def_static(
            "from_json",
            [](const std::string& text, const std::string& source_name) {
                auto c = iemlab::app::parse_iem_config(text, source_name);
                return iem_handle{std::make_shared<const ea::multi_driver_iem>(std::move(c.iem)),
                                  c.source_impedance_ohm, c.source};
            },
            "text"_a, "source_name"_a = "IEM.json", "An IEM from IEM.json text (schema: docs/iem-config.md).")
        .def_static(
            "read",
            [](const std::filesystem::path& path) {
                auto c = iemlab::app::read_iem_config(path);
                return iem_handle{std::make_shared<const ea::multi_driver_iem>(std::move(c.iem)),
                                  c.source_impedance_ohm, c.source};
            },
            "path"_a, "An IEM from an IEM.json file (zma: paths relative to its folder).")
#endif
        .def_property_readonly(
            "name", [](const iem_handle& h) { return h.iem->name(); }, "Label.")
        .def_readonly("source_impedance", &iem_handle::source_impedance_ohm,
                      "The source impedance (Ω) its IEM.json names when it is a resistance alone, or None.")
        .def_readonly("source", &iem_handle::source,
                      "The source network its IEM.json names (a Source, any parts), or None.")
        .def("respond", &respond, "frequency"_a, "load"_a = "coupler", "depth"_a = 0.0, "temperature"_a = 23.0, R"doc(
Impedance and pressure per volt on `frequency` (Hz) into a load.

Args:
    load: "coupler" (IEC 60318-4 / 711 model; `depth` m of Ø 7.5 mm line ahead of its reference plane),
        "canal" (a 25 mm × Ø 7.5 mm ear canal at 37 °C with a Shaw–Stinson eardrum, sealed `depth` m from
        its entrance) or "none" (electrical only).
    temperature: air temperature of the IEM's paths and the coupler, °C.

Returns:
    dict: "frequency" (Hz), "impedance" (Ω, complex), and with a load "pressure" (Pa/V, complex) and
    "spl_db" (dB SPL per volt), plus "driver_voltage" (list, each driver's voltage per input volt).
)doc");

    using iemlab::app::source_network;
    py::class_<source_network>(m, "Source", R"doc(
A source's output network (amplifier, cable, adapter), all parts in series:
Z_s(f) = measured(f) + R + j2πf·L + 1/(j2πf·C_s) + R_p ∥ C_p. A part left at 0 is absent.
The same parts as `--source-*` on the CLI and "source_impedance" in IEM.json (docs/iem-config.md).
)doc")
        .def(py::init([](double resistance, double inductance, double series_capacitance, double parallel_resistance,
                         double parallel_capacitance, std::optional<std::filesystem::path> file) {
                 source_network n{resistance,          inductance,           series_capacitance,
                                  parallel_resistance, parallel_capacitance, file ? file->string() : std::string()};
                 (void)n.build(); // a bad part or file fails here, naming the part
                 return n;
             }),
             "resistance"_a = 0.0, "inductance"_a = 0.0, "series_capacitance"_a = 0.0, "parallel_resistance"_a = 0.0,
             "parallel_capacitance"_a = 0.0, "file"_a = py::none(), R"doc(
Args:
    resistance: series R, Ω (amplifier output plus cable).
    inductance: series L, H.
    series_capacitance: a series (output-coupling, DC-blocking) capacitor, F.
    parallel_resistance, parallel_capacitance: a series R_p ∥ C_p section (an impedance adapter), Ω and F;
        C_p needs R_p.
    file: a measured output impedance (ZMA or REW text: frequency, magnitude Ω, phase °), added in series.
)doc")
        .def_readonly("resistance", &source_network::resistance_ohm, "Series R, Ω.")
        .def_readonly("inductance", &source_network::inductance_h, "Series L, H.")
        .def_readonly("series_capacitance", &source_network::series_capacitance_f, "Series C, F (0: none).")
        .def_readonly("parallel_resistance", &source_network::parallel_resistance_ohm, "R_p, Ω (0: none).")
        .def_readonly("parallel_capacitance", &source_network::parallel_capacitance_f, "C_p, F.")
        .def_property_readonly(
            "file", [](const source_network& n) { return n.file.empty() ? py::object(py::none()) : py::str(n.file); },
            "The measured impedance file, or None.")
        .def(
            "impedance",
            [](const source_network& n, const double_array& frequency) {
                const auto f = to_vector(frequency, "frequency");
                const auto z = n.build();
                std::vector<std::complex<double>> out(f.size());
                for (std::size_t i = 0; i < f.size(); ++i) out[i] = z.at(f[i]);
                return take(std::move(out));
            },
            "frequency"_a, "Z_s (Ω, complex) at `frequency` (Hz); infinite at 0 Hz with a series capacitor.");

    m.def(
        "source_impedance_tilt",
        [](const double_array& frequency, const complex_array& impedance, double resistance, double inductance,
           std::optional<source_network> source) {
            const auto f = to_vector(frequency, "frequency");
            if (impedance.ndim() != 1 || static_cast<std::size_t>(impedance.size()) != f.size())
                throw iemlab::error("source_impedance_tilt: impedance must be 1-D with one value per frequency",
                                    "impedance");
            if (source && (resistance != 0 || inductance != 0))
                throw iemlab::error("source_impedance_tilt: give source or resistance/inductance, not both", "source");
            const auto z_s = source ? source->build() : ea::output_impedance::from_si(resistance, inductance);
            return take(ea::source_impedance_tilt(f, std::span(impedance.data(), f.size()), z_s));
        },
        "frequency"_a, "impedance"_a, "resistance"_a = 0.0, "inductance"_a = 0.0, "source"_a = py::none(), R"doc(
Level change (dB) from driving a load of complex `impedance` (Ω) at `frequency` (Hz) from a source of
`resistance` (Ω) and `inductance` (H) — or from any `source` network (a Source) — instead of 0 Ω:
20·log10|Z/(Z + Z_s)|, not normalised.
)doc");
}

ms::rig_settings make_rig(double rate, double full_scale_v, double source_resistance, double source_inductance,
                          double mic_sensitivity, double mic_self_noise_db_spl,
                          std::optional<frequency_response> mic_calibration, double adc_full_scale_v,
                          double adc_gain_db, std::size_t latency_samples, double clock_offset_ppm,
                          double background_noise_dbfs, const std::string& load, double coupler_temperature,
                          std::optional<double> depth_min, std::optional<double> depth_max, double leak_gap_min,
                          double leak_gap_max, double fir_duration, std::uint64_t seed) {
    ms::rig_settings r;
    r.rate_hz = rate;
    r.dac.full_scale_v = full_scale_v;
    r.dac.output_impedance = ea::output_impedance::from_si(source_resistance, source_inductance);
    r.microphone.sensitivity_v_per_pa = mic_sensitivity;
    r.microphone.self_noise_db_spl = mic_self_noise_db_spl;
    if (mic_calibration) r.microphone.calibration = *mic_calibration;
    r.adc.full_scale_v = adc_full_scale_v;
    r.adc.gain_db = adc_gain_db;
    r.adc.latency_samples = latency_samples;
    r.adc.clock_offset_ppm = clock_offset_ppm;
    r.adc.background_noise_dbfs = background_noise_dbfs;
    r.load = choose<ms::rig_load_type>("Rig", "load", load,
                                       {{"coupler", ms::rig_load_type::coupler}, {"canal", ms::rig_load_type::canal}});
    r.coupler_temperature_c = coupler_temperature;
    r.insertions = ms::insertion_ranges::typical_for(r.load);
    if (depth_min) r.insertions.depth_min_m = *depth_min;
    if (depth_max) r.insertions.depth_max_m = *depth_max;
    r.insertions.leak_gap_min_m = leak_gap_min;
    r.insertions.leak_gap_max_m = leak_gap_max;
    r.fir_duration_s = fir_duration;
    r.seed = seed;
    r.validate();
    return r;
}

void bind_results(py::module_& m) {
    py::class_<ms::measurement_warning>(m, "MeasurementWarning", "A warning raised during a measurement.")
        .def_readonly("channel", &ms::measurement_warning::channel, "Channel name.")
        .def_readonly("insertion", &ms::measurement_warning::insertion, "1-based insertion number; 0: every insertion of the channel.")
        .def_readonly("message", &ms::measurement_warning::message, "One line.")
        .def("__repr__", [](const ms::measurement_warning& w) {
            return "<iemlab.MeasurementWarning " + w.channel + " #" + std::to_string(w.insertion) + ": " + w.message +
                   ">";
        });
    py::class_<ms::channel_result>(m, "ChannelResult", "One channel of a measurement: insertions, average, THD.")
        .def_readonly("name", &ms::channel_result::name, "'left' / 'right'.")
        .def_readonly("insertions", &ms::channel_result::insertions, "RecordingAnalysis per insertion.")
        .def_readonly("average", &ms::channel_result::average, "Insertions averaged with their spread (Average).")
        .def_readonly("normalized", &ms::channel_result::normalized,
                      "The average plus the normalisation offset (Response).")
        .def_property_readonly(
            "thd_frequency",
            [](py::object self) { return view(self.cast<const ms::channel_result&>().thd_frequency_hz, self); },
            "Where THD is valid for every insertion, Hz.")
        .def_property_readonly(
            "thd_percent",
            [](py::object self) { return view(self.cast<const ms::channel_result&>().thd_percent, self); },
            "RMS over insertions of THD_F, %.")
        .def_readonly("level_1k_db", &ms::channel_result::level_1k_db,
                      "Average level at 1 kHz before normalisation, dB.")
        .def_property_readonly(
            "insertion_depths",
            [](const ms::channel_result& c) {
                std::vector<double> d;
                for (const auto& p : c.placements) d.push_back(p.depth_m);
                return take(std::move(d));
            },
            "Simulated rig: the insertion depth drawn for each insertion, m.");
    py::class_<ms::target_comparison>(m, "TargetComparison", "How a response differs from a target.")
        .def_readonly("target", &ms::target_comparison::target, "The target at the normalised level (Response).")
        .def_readonly("error", &ms::target_comparison::error, "Measurement − target on the analysis grid (Response).")
        .def_readonly("score", &ms::target_comparison::score, "Harman in-ear predicted preference (PreferenceScore).");
    py::class_<ms::measurement_result>(m, "Measurement", "Everything one IEM's measurement gives.")
        .def_readonly("name", &ms::measurement_result::name, "IEM name.")
        .def_readonly("level_unit", &ms::measurement_result::level_unit, "'dB SPL' (known rig) or 'dB re FS'.")
        .def_readonly("channels", &ms::measurement_result::channels, "ChannelResult per channel.")
        .def_readonly("combined", &ms::measurement_result::combined,
                      "Normalised power average of the channels (Response).")
        .def_readonly("normalization_offset_db", &ms::measurement_result::normalization_offset_db,
                      "Added to every channel, dB.")
        .def_readonly("imbalance", &ms::measurement_result::imbalance, "Left − right (ChannelImbalance), or None.")
        .def_readonly("target", &ms::measurement_result::target, "TargetComparison, when a target was given.")
        .def_readonly("channel_scores", &ms::measurement_result::channel_scores,
                      "PreferenceScore per channel (or None).")
        .def_readonly("sweep_level_dbfs", &ms::measurement_result::sweep_level_dbfs, "Sweep peak level, dBFS.")
        .def_readonly("drive_v_rms", &ms::measurement_result::drive_v_rms, "EMF of the sweep, V RMS (known rig).")
        .def_readonly("source_impedance", &ms::measurement_result::source_impedance_ohm,
                      "|Z_s| at 1 kHz, Ω (simulated).")
        .def_property_readonly(
            "impedance_frequency",
            [](py::object self) {
                return view(self.cast<const ms::measurement_result&>().impedance_frequency_hz, self);
            },
            "Simulated: grid of the impedance curve, Hz.")
        .def_property_readonly(
            "impedance",
            [](py::object self) { return view(self.cast<const ms::measurement_result&>().impedance, self); },
            "Simulated: IEM impedance (first insertion, left), Ω complex.")
        .def_property_readonly(
            "tilt_db", [](py::object self) { return view(self.cast<const ms::measurement_result&>().tilt_db, self); },
            "Simulated: 20·log10|Z/(Z + Z_s)|, dB, not normalised.")
        .def_readonly("warnings", &ms::measurement_result::warnings, "MeasurementWarning list.");
}

ms::progress_function progress_of(const py::object& progress) {
    if (progress.is_none()) return {};
    return [progress](const std::string& channel, std::size_t i, std::size_t n) {
        py::gil_scoped_acquire locked;
        progress(channel, i, n);
    };
}

void bind_session(py::module_& m) {
    py::class_<ms::rig_settings>(m, "Rig", R"doc(
The simulated measurement rig: DAC → IEM → eartip seal and depth → 711 coupler or ear canal → microphone → ADC,
reproducible from a seed.

Args:
    rate: sample rate, Hz.
    full_scale_v: DAC peak EMF at 0 dBFS, V.
    source_resistance, source_inductance: DAC output impedance, Ω and H.
    mic_sensitivity: V/Pa. mic_self_noise_db_spl: dB SPL. mic_calibration: Response the microphone adds (dB).
    adc_full_scale_v: V at 0 dBFS. adc_gain_db: preamplifier gain, dB. latency_samples: round trip, samples.
    clock_offset_ppm: ADC clock re DAC, ppm. background_noise_dbfs: noise floor, dBFS RMS.
    load: "coupler" (IEC 60318-4) or "canal". coupler_temperature: °C.
    depth_min, depth_max: range of insertion depths drawn, m (default: 1–5 mm coupler, 8–12 mm canal).
    leak_gap_min, leak_gap_max: range of the slit leak past the eartip, m (0: sealed).
    fir_duration: length of the chain's FIR filter, s. seed: seed of every random draw.
)doc")
        .def(py::init(&make_rig), "rate"_a = 48000.0, "full_scale_v"_a = 0.1, "source_resistance"_a = 0.5,
             "source_inductance"_a = 0.0, "mic_sensitivity"_a = 12.5e-3, "mic_self_noise_db_spl"_a = 20.0,
             "mic_calibration"_a = py::none(), "adc_full_scale_v"_a = 1.0, "adc_gain_db"_a = 20.0,
             "latency_samples"_a = 0, "clock_offset_ppm"_a = 0.0, "background_noise_dbfs"_a = -200.0,
             "load"_a = "coupler", "coupler_temperature"_a = 23.0, "depth_min"_a = py::none(),
             "depth_max"_a = py::none(), "leak_gap_min"_a = 0.0, "leak_gap_max"_a = 0.0, "fir_duration"_a = 0.5,
             "seed"_a = 1)
        .def_readonly("rate", &ms::rig_settings::rate_hz, "Sample rate, Hz.")
        .def_readonly("seed", &ms::rig_settings::seed, "Seed.")
        .def_property_readonly("fs_per_pa", &ms::rig_settings::fs_per_pa, "Recorded full-scale units per pascal.");

    m.def(
        "measure_simulated",
        [](const ms::rig_settings& rig, const iem_handle& iem, unsigned insertions,
           const std::vector<std::pair<std::string, double>>& channels, std::optional<ms::analysis_settings> settings,
           std::optional<frequency_response> target, double sweep_f1, double sweep_f2, double sweep_duration,
           double sweep_level_dbfs, unsigned repetitions, std::pair<double, double> nonlinearity,
           const py::object& progress) {
            ms::session_settings s;
            s.insertions = insertions;
            s.channels.clear();
            for (const auto& [name, gain] : channels) s.channels.push_back({name, gain});
            if (settings) s.analysis = *settings;
            s.sweep.f1_hz = sweep_f1;
            s.sweep.f2_hz = sweep_f2;
            s.sweep.duration_s = sweep_duration;
            s.sweep.level_dbfs = sweep_level_dbfs;
            s.sweep.repetitions = repetitions;
            s.nonlinearity = {nonlinearity.first, nonlinearity.second};
            const auto sim = iem.simulated();
            const auto p = progress_of(progress);
            py::gil_scoped_release unlocked;
            return ms::measure_simulated(rig, sim, s, target, p);
        },
        "rig"_a, "iem"_a, "insertions"_a = 3u,
        "channels"_a = std::vector<std::pair<std::string, double>>{{"left", 0.0}, {"right", 0.0}},
        "settings"_a = py::none(), "target"_a = py::none(), "sweep_f1"_a = 10.0, "sweep_f2"_a = 22000.0,
        "sweep_duration"_a = 2.0, "sweep_level_dbfs"_a = -12.0, "repetitions"_a = 1u,
        "nonlinearity"_a = std::pair<double, double>{0.0, 0.0}, "progress"_a = py::none(), R"doc(
Measures an IEM on the simulated rig: per channel, `insertions` insertions drawn from the rig's ranges, each
played `repetitions` times with independent noise, deconvolved, analysed (response, THD) and combined (power
average, normalisation, L/R imbalance, target comparison and preference score). Levels are dB SPL.

Args:
    rig: Rig. iem: IEM.
    insertions: reinsertions per channel (1 … 100).
    channels: list of (name, gain trim in dB) — the unit-to-unit sensitivity difference.
    settings: AnalysisSettings (default: 85 dB at 1 kHz, 5 harmonics, 20 Hz – 20 kHz).
    target: a target Response, or None.
    sweep_f1, sweep_f2: synchronized sweep band, Hz. sweep_duration: s. sweep_level_dbfs: peak, dBFS.
    repetitions: sweeps per insertion, averaged.
    nonlinearity: (a2, a3) of y = x + a2·x² + a3·x³ on the drive.
    progress: None or a callable(channel, insertion, count).

Returns:
    Measurement.
)doc");

    m.def(
        "measure_recordings",
        [](std::string name, const ms::sweep_analyzer& analyzer, const std::vector<std::string>& channel_names,
           const std::vector<std::vector<std::vector<double>>>& recordings, double sweep_amplitude,
           std::optional<ms::analysis_settings> settings, std::optional<frequency_response> target) {
            const auto s = settings.value_or(ms::analysis_settings{});
            py::gil_scoped_release unlocked;
            return ms::measure_recordings(std::move(name), analyzer, channel_names, recordings, sweep_amplitude, s,
                                          target);
        },
        "name"_a, "analyzer"_a, "channel_names"_a, "recordings"_a, "sweep_amplitude"_a, "settings"_a = py::none(),
        "target"_a = py::none(), R"doc(
Measures from real recordings: recordings[c][i] is channel c's insertion i (arrays of analyzer.recording_length
samples, full scale = 1), all made with the excitation the Analyzer was built for; sweep_amplitude is its peak.
`settings` should be the ones the Analyzer was built with. Returns a Measurement.
)doc");
}

dsp::biquad_type biquad_type_named(std::string_view name) {
    return choose<dsp::biquad_type>("Biquad", "type", name,
                                    {{"peaking", dsp::biquad_type::peaking},
                                     {"low_shelf", dsp::biquad_type::low_shelf},
                                     {"high_shelf", dsp::biquad_type::high_shelf},
                                     {"low_pass", dsp::biquad_type::low_pass},
                                     {"high_pass", dsp::biquad_type::high_pass}});
}

std::string biquad_type_name(dsp::biquad_type t) {
    switch (t) {
    case dsp::biquad_type::peaking:
        return "peaking";
    case dsp::biquad_type::low_shelf:
        return "low_shelf";
    case dsp::biquad_type::high_shelf:
        return "high_shelf";
    case dsp::biquad_type::low_pass:
        return "low_pass";
    case dsp::biquad_type::high_pass:
        return "high_pass";
    }
    return "peaking";
}

void bind_eq(py::module_& m) {
    py::class_<dsp::biquad_filter>(m, "Biquad", R"doc(
One filter: type ("peaking", "low_shelf", "high_shelf", "low_pass", "high_pass"), fc (Hz), gain (dB) and Q
(RBJ cookbook).
)doc")
        .def(py::init([](const std::string& type, double fc, double gain, double q) {
                 return dsp::biquad_filter{biquad_type_named(type), fc, gain, q};
             }),
             "type"_a = "peaking", "fc"_a = 1000.0, "gain"_a = 0.0, "q"_a = 0.7071067811865476)
        .def_property_readonly(
            "type", [](const dsp::biquad_filter& f) { return biquad_type_name(f.type); }, "Kind.")
        .def_readonly("fc", &dsp::biquad_filter::fc_hz, "Centre or corner frequency, Hz.")
        .def_readonly("gain", &dsp::biquad_filter::gain_db, "Gain, dB.")
        .def_readonly("q", &dsp::biquad_filter::q, "Quality factor.")
        .def("__repr__", [](const dsp::biquad_filter& f) {
            return "<iemlab.Biquad " + biquad_type_name(f.type) + " fc=" + iemlab::format_number(f.fc_hz) +
                   " gain=" + iemlab::format_number(f.gain_db) + " q=" + iemlab::format_number(f.q) + ">";
        });
    py::class_<ms::parametric_eq>(m, "ParametricEQ", "Filters (in series), their sample rate and the preamp.")
        .def(py::init([](std::vector<dsp::biquad_filter> filters, double fs, double preamp_db) {
                 for (const auto& f : filters) dsp::validate_biquad(f, fs, "ParametricEQ");
                 return ms::parametric_eq{std::move(filters), fs, preamp_db};
             }),
             "filters"_a, "fs"_a = 48000.0, "preamp_db"_a = 0.0)
        .def_readonly("filters", &ms::parametric_eq::filters, "Biquad list.")
        .def_readonly("fs", &ms::parametric_eq::fs_hz, "Sample rate, Hz.")
        .def_readonly("preamp_db", &ms::parametric_eq::preamp_db, "Preamp (<= 0), dB.")
        .def(
            "curve_db",
            [](const ms::parametric_eq& eq, const double_array& f) {
                return take(ms::eq_curve_db(eq, to_vector(f, "frequency")));
            },
            "frequency"_a, "Level of the filters (no preamp) at frequency (Hz), dB.");
    m.def(
        "format_equalizer_apo",
        [](const ms::parametric_eq& eq) {
            return iemlab::io::format_parametric_eq(iemlab::io::apo_parametric_eq{eq.preamp_db, eq.filters});
        },
        "eq"_a,
        "Equalizer APO text of a ParametricEQ: 'Preamp: … dB', then 'Filter N: ON PK Fc … Hz Gain … dB Q …' (AutoEq's "
        "rounding).");
    m.def(
        "write_equalizer_apo",
        [](const std::filesystem::path& path, const ms::parametric_eq& eq) {
            iemlab::io::write_text_file(
                path, iemlab::io::format_parametric_eq(iemlab::io::apo_parametric_eq{eq.preamp_db, eq.filters}));
        },
        "path"_a, "eq"_a, "Writes format_equalizer_apo(eq) to path atomically (complete or absent).");
    m.def(
        "read_equalizer_apo",
        [](const std::filesystem::path& path, double fs) {
            const auto apo = iemlab::io::read_parametric_eq(path);
            for (const auto& f : apo.filters) dsp::validate_biquad(f, fs, "read_equalizer_apo");
            return ms::parametric_eq{apo.filters, fs, apo.preamp_db};
        },
        "path"_a, "fs"_a = 48000.0,
        "Reads an Equalizer APO parametric EQ file (e.g. AutoEq's 'NAME ParametricEQ.txt') as a ParametricEQ at fs "
        "(Hz).");
    py::class_<ms::eq_result>(m, "EQResult", "The outcome of an EQ optimisation.")
        .def_readonly("eq", &ms::eq_result::eq, "ParametricEQ.")
        .def_property_readonly(
            "frequency", [](py::object self) { return view(self.cast<const ms::eq_result&>().frequency_hz, self); },
            "Optimisation grid, Hz.")
        .def_property_readonly(
            "eq_db", [](py::object self) { return view(self.cast<const ms::eq_result&>().eq_db, self); },
            "The EQ curve on it, dB (no preamp).")
        .def_readonly("score_before", &ms::eq_result::score_before, "Mean preference score of the measurements.")
        .def_readonly("score_after", &ms::eq_result::score_after, "The same, equalised.")
        .def_readonly("error_rms_before_db", &ms::eq_result::error_rms_before_db,
                      "RMS smoothed error 20 Hz … 10 kHz, dB.")
        .def_readonly("error_rms_after_db", &ms::eq_result::error_rms_after_db, "The same, equalised.");
    m.def(
        "optimize_eq",
        [](const py::object& measurements, const frequency_response& target, std::size_t filters,
           const std::vector<std::string>& types, double fc_min, double fc_max, double q_min, double q_max,
           double gain_min, double gain_max, double max_boost, double fs, const std::string& objective,
           bool fixed_band) {
            std::vector<frequency_response> ms_list;
            if (py::isinstance<frequency_response>(measurements))
                ms_list.push_back(measurements.cast<frequency_response>());
            else
                ms_list = measurements.cast<std::vector<frequency_response>>();
            ms::eq_constraints c;
            c.filters = filters;
            c.types.clear();
            for (const auto& t : types) c.types.push_back(biquad_type_named(t));
            c.fc_min_hz = fc_min;
            c.fc_max_hz = fc_max;
            c.q_min = q_min;
            c.q_max = q_max;
            c.gain_min_db = gain_min;
            c.gain_max_db = gain_max;
            c.max_boost_db = max_boost;
            c.fs_hz = fs;
            c.objective = ms::parse_eq_objective(objective, "objective");
            py::gil_scoped_release unlocked;
            return fixed_band ? ms::optimize_fixed_band_eq(ms_list, target, c)
                              : ms::optimize_parametric_eq(ms_list, target, c);
        },
        "measurements"_a, "target"_a, "filters"_a = 10,
        "types"_a = std::vector<std::string>{"peaking", "low_shelf", "high_shelf"}, "fc_min"_a = 20.0,
        "fc_max"_a = 20000.0, "q_min"_a = 0.18, "q_max"_a = 6.0, "gain_min"_a = -20.0, "gain_max"_a = 20.0,
        "max_boost"_a = 6.0, "fs"_a = 48000.0, "objective"_a = "preference", "fixed_band"_a = false,
        R"doc(
Optimises a parametric EQ that brings a measurement (a Response, or a list of insertions: their mean) to a
target. Defaults are AutoEq's: 10 filters, +6 dB maximum boost, Q 0.18–6, fc 20 Hz–20 kHz (Hz), 48 kHz.

Args:
    objective: "preference" (the Harman in-ear score) or "error" (smoothed target error, least squares).
    fixed_band: a 10-band graphic EQ (31 Hz … 16 kHz, Q 1.41): only the gains are optimised.

Returns:
    EQResult (deterministic).
)doc");
    m.def("apply_eq", &ms::apply_eq, "measurement"_a, "eq"_a, "The measurement with the EQ (and its preamp) applied.");
}

} // namespace

void bind_models(py::module_& m) {
    bind_iem(m);
    bind_results(m);
    bind_session(m);
    bind_eq(m);
}

} // namespace iemlab_python

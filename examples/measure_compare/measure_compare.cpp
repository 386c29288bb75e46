// The main job: three simulated IEMs measured on a simulated IEC 60318-4 (711) rig — a single-BA ER4-like IEM,
// the same IEM on a 75 Ω source, and a 3-way multi-BA with a crossover — three insertions per channel with
// randomised depth and seal, compared with the Harman in-ear 2019v2 target; writes a report.
//
// Usage: measure_compare DATA_DIR [OUT_DIR]
//   DATA_DIR: the shared data folder (reads DATA_DIR/autoeq/harman_in-ear_2019v2.csv)
//   OUT_DIR:  where the report goes (default: out/measure_compare)
// Prints the path of report.html on stdout; progress on stderr.
#include <iemlab/app/measurement_report.hpp>
#include <iemlab/electroacoustics/crossover.hpp>
#include <iemlab/electroacoustics/driver_model.hpp>
#include <iemlab/io/response_formats.hpp>
#include <iemlab/measure/rig.hpp>
#include <iemlab/measure/session.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace ea = iemlab::electroacoustics;
namespace ms = iemlab::measure;

namespace {

// A multi-driver IEM (drivers behind networks and acoustic paths, nodal solution) as a simulated IEM.
ms::simulated_iem from_multi_driver(const std::string& name, std::vector<ea::iem_driver> drivers,
                                    std::vector<ea::acoustic_segment> nozzle = {}) {
    auto iem = std::make_shared<const ea::multi_driver_iem>(std::move(drivers), std::move(nozzle), name);
    return ms::simulated_iem(name, [iem](const iemlab::network::grid& g, const ea::acoustic_load& load) {
        const auto r = iem->respond(g, load);
        return ms::iem_transfer{r.impedance, r.pressure};
    });
}

ea::driver_model knowles(const char* part) {
    return ea::parse_driver_spec(std::string("knowles:") + part, [](const std::string&) -> ea::driver_model {
        throw iemlab::error("measure_compare: no zma drivers here");
    });
}

ea::network_stage series(double r_ohm, double c_f = 0) {
    ea::network_stage s;
    s.how = ea::network_stage::connection::series;
    s.element.resistance_ohm = r_ohm;
    s.element.capacitance_f = c_f;
    return s;
}
ea::network_stage shunt(double r_ohm, double c_f = 0) {
    ea::network_stage s = series(r_ohm, c_f);
    s.how = ea::network_stage::connection::shunt;
    return s;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: measure_compare DATA_DIR [OUT_DIR]\n";
        return 2;
    }
    try {
        const std::filesystem::path data = argv[1];
        const std::filesystem::path out = argc > 2 ? argv[2] : "out/measure_compare";
        const auto start = std::chrono::steady_clock::now();

        auto target = iemlab::io::read_response(data / "autoeq" / "harman_in-ear_2019v2.csv");
        target.set_name("Harman in-ear 2019v2");

        // The rig: a 711 coupler, a ½" microphone with a slight treble rise (its calibration is applied), an
        // interface with 10 ms latency, a 15 ppm clock offset and a −110 dBFS noise floor.
        ms::rig_settings rig;
        rig.microphone.self_noise_db_spl = 25;
        rig.microphone.calibration = iemlab::frequency_response({20, 1000, 4000, 10000, 15000, 20000},
                                                                {-0.3, 0.0, 0.2, 1.0, 1.8, 0.5}, {}, "microphone");
        rig.adc.latency_samples = 480;
        rig.adc.clock_offset_ppm = 15;
        rig.adc.background_noise_dbfs = -110;
        rig.insertions.depth_min_m = 0.5e-3; // nozzle 0.5 … 5 mm ahead of the reference plane
        rig.insertions.depth_max_m = 5e-3;
        rig.insertions.leak_gap_min_m = 0;   // from a perfect seal to a 6 µm slit past the eartip
        rig.insertions.leak_gap_max_m = 6e-6;
        rig.seed = 2024;

        ms::session_settings session;
        session.insertions = 3;
        session.sweep.duration_s = 2;

        // 1. ER4-like: one full-range BA behind a long, thin nozzle tube with a damper.
        std::vector<ea::iem_driver> single{{"BA", knowles("ED-30262"), {},
                                            {ea::acoustic_segment::tube(4e-3, 1.0e-3), ea::acoustic_segment::damper(680)}}};
        const auto er4 = from_multi_driver("ER4-like single BA", single, {ea::acoustic_segment::tube(14e-3, 1.4e-3)});
        // 3. 3-way multi-BA (Project Resonator-style crossover, reference §3.2): woofer CI-22955 via 22 Ω and a
        // 4.7 µF shunt, mid BK-26824 via 10 µF, tweeter ED-30262 via 2.2 µF and a 6.8 Ω shunt; bores join a nozzle.
        std::vector<ea::iem_driver> three{
            {"woofer", knowles("CI-22955"), {series(22), shunt(0, 4.7e-6)},
             {ea::acoustic_segment::tube(6e-3, 1.0e-3), ea::acoustic_segment::damper(1500)}},
            {"mid", knowles("BK-26824"), {series(0, 10e-6)}, {ea::acoustic_segment::tube(5e-3, 1.0e-3)}},
            {"tweeter", knowles("ED-30262"), {series(0, 2.2e-6), shunt(6.8)}, {ea::acoustic_segment::tube(3e-3, 1.0e-3)}}};
        const auto multi = from_multi_driver("3-way multi-BA", three, {ea::acoustic_segment::tube(8e-3, 2.0e-3)});

        struct job {
            const ms::simulated_iem* iem;
            double source_ohm, right_gain_db;
            ms::drive_nonlinearity nonlinearity;
        };
        const std::vector<job> jobs{{&er4, 0.5, -0.3, {0.004, 0.003}},
                                    {&er4, 75.0, -0.3, {0.004, 0.003}},
                                    {&multi, 0.5, 0.4, {0.006, 0.002}}};
        std::vector<ms::measurement_result> results;
        for (const auto& j : jobs) {
            ms::rig_settings r = rig;
            r.dac.output_impedance = ea::output_impedance::from_si(j.source_ohm);
            ms::session_settings s = session;
            s.channels = {{"left", 0.0}, {"right", j.right_gain_db}};
            s.nonlinearity = j.nonlinearity;
            const std::string label = j.iem->name() + (j.source_ohm >= 10 ? " on " + iemlab::format_number(j.source_ohm) + " Ω" : "");
            std::cerr << "measure_compare: " << label << "\n";
            auto m = ms::measure_simulated(r, *j.iem, s, target, [&](const std::string& ch, std::size_t i, std::size_t n) {
                std::cerr << "  " << ch << " insertion " << i << "/" << n << "\n";
            });
            m.name = label;
            m.combined.set_name(label);
            for (auto& ch : m.channels) ch.normalized.set_name(label + " " + ch.name);
            for (const auto& w : m.warnings)
                std::cerr << "  warning: " << w.channel << ", insertion " << w.insertion << ": " << w.message << "\n";
            std::cerr << "  preference score " << iemlab::format_number(std::round(m.target->score.score * 10) / 10)
                      << ", L-R " << iemlab::format_number(std::round(m.imbalance->mean_db * 100) / 100) << " dB\n";
            results.push_back(std::move(m));
        }

        iemlab::app::report_options o;
        o.title = "iemlab demo: three IEMs on a simulated 711 rig";
        o.description = "Simulated IEC 60318-4 (711) rig, 3 insertions per channel with the nozzle 0.5–5 mm ahead of "
                        "the reference plane and a seal from perfect to a 6 µm leak; synchronized sweep 5 Hz – 22 kHz, "
                        "1.7 s at −12 dBFS, 48 kHz; microphone self-noise 25 dB SPL, interface noise −110 dBFS, "
                        "10 ms latency, 15 ppm clock offset; seed 2024. The ER4-like IEM is measured on a 0.5 Ω and a "
                        "75 Ω source (an ER-4P turned ER-4S).";
        o.target_name = target.name();
        const auto html = iemlab::app::write_measurement_report(out, results, o);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << "measure_compare: done in " << iemlab::format_number(std::round(seconds * 10) / 10) << " s\n";
        std::cout << html.string() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "measure_compare: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

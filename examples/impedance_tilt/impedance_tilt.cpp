// Why an ER-4P sounds bass-heavy next to an ER-4S, and why a multi-BA IEM changes tone on a phone: the
// earphone's complex impedance against the source's output impedance (shared/reference/electroacoustics.md §4).
//
// Usage: impedance_tilt [OUTDIR]   (default: the current folder)
// Writes er4_tilt.csv/.svg (ER-4P on 0.3, 1, 10, 75 ohm; ER-4S = ER-4P + 75 ohm; ER-4B adapter) and
// multi_ba_tilt.csv/.svg + multi_ba_impedance.svg (the 4-way DIY multi-BA of four_way_diy.json and a single
// CI-22955 woofer on the same sources), and prints the figures quoted in the report.
#include <iemlab/app/iem_config.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/electroacoustics/ba_receiver.hpp>
#include <iemlab/electroacoustics/source.hpp>
#include <iemlab/io/atomic_file.hpp>
#include <iemlab/io/svg_plot.hpp>

#include <complex>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <string>
#include <vector>

namespace ea = iemlab::electroacoustics;
namespace io = iemlab::io;
namespace app = iemlab::app;

namespace {

void write_csv(const std::filesystem::path& path, const std::vector<double>& f, const std::vector<std::string>& names,
               const std::vector<std::vector<double>>& columns) {
    io::write_file_atomically(path, [&](std::ostream& os) {
        os << "frequency";
        for (const auto& n : names) os << ',' << n;
        os << '\n' << std::setprecision(8);
        for (std::size_t i = 0; i < f.size(); ++i) {
            os << f[i];
            for (const auto& c : columns) os << ',' << c[i];
            os << '\n';
        }
    });
}

double at(const std::vector<double>& f, const std::vector<double>& v, double hz) {
    std::size_t best = 0;
    for (std::size_t i = 0; i < f.size(); ++i)
        if (std::abs(std::log(f[i] / hz)) < std::abs(std::log(f[best] / hz))) best = i;
    return v[best];
}

} // namespace

int main(int argc, char** argv) try {
    const std::filesystem::path out = argc > 1 ? argv[1] : ".";
    std::filesystem::create_directories(out);
    const std::vector<double> f = iemlab::log_grid(20, 20000, 24);
    const std::vector<double> sources{0.3, 1.0, 10.0, 75.0};

    // ER-4P: 27 Ω nominal (Etymotic); its Z(f) is unpublished, so (reference §4.6) take 27 Ω + K·s^n with
    // n = 0.85 and |Z(10 kHz)| = 2 × 27 Ω — a mildly inductive single BA — and say so.
    const ea::ba_impedance_model er4p(27.0, 0.00341, 0.85);
    const auto z_p = er4p.evaluate(f);
    std::vector<std::string> names{"er4p_impedance_ohm"};
    std::vector<std::vector<double>> columns{{}};
    for (const auto& z : z_p) columns[0].push_back(std::abs(z));
    io::svg_plot er4_plot(io::frequency_response_plot_options("ER-4P on different sources, ER-4S, ER-4B (re 1 kHz)"));
    for (const double rs : sources) {
        const auto tilt = ea::relative_to(f, ea::source_impedance_tilt(f, z_p, ea::output_impedance::from_si(rs)));
        names.push_back("er4p_" + iemlab::format_number(rs) + "ohm_re1k_db");
        columns.push_back(tilt);
        er4_plot.add_curve("ER-4P on " + iemlab::format_number(rs) + " Ω", f, tilt);
    }
    // ER-4S = ER-4P + 75 Ω in series, on a 0.3 Ω source; ER-4B = ER-4P + (100 Ω ∥ 220 nF).
    const auto s_abs = ea::source_impedance_tilt(f, z_p, ea::output_impedance::from_si(75.3));
    const auto b_abs = ea::source_impedance_tilt(f, z_p, ea::output_impedance::from_si(0.3).with_series_parallel_rc(100, 220e-9));
    const auto s_rel = ea::relative_to(f, s_abs), b_rel = ea::relative_to(f, b_abs);
    names.insert(names.end(), {"er4s_db", "er4s_re1k_db", "er4b_re1k_db"});
    columns.insert(columns.end(), {s_abs, s_rel, b_rel});
    er4_plot.add_curve("ER-4S (P + 75 Ω)", f, s_rel, {"", 2.5, true, 1.0});
    er4_plot.add_curve("ER-4B (P + 100 Ω ∥ 220 nF)", f, b_rel, {"", 2.5, true, 1.0});
    write_csv(out / "er4_tilt.csv", f, names, columns);
    er4_plot.write(out / "er4_tilt.svg");
    std::printf("ER-4P model: 27 ohm + 3.41e-3*s^0.85, |Z(1k)| = %.2f ohm, |Z(10k)| = %.2f ohm\n",
                std::abs(er4p.at(1000)), std::abs(er4p.at(1e4)));
    std::printf("ER-4S vs ER-4P at 1 kHz: %.2f dB (Etymotic: 90 - 102 = -12 dB)\n", at(f, s_abs, 1000));
    std::printf("ER-4S at 10 kHz re 1 kHz: %+.2f dB; ER-4B: %+.2f dB (Etymotic: S about 5 dB below B)\n",
                at(f, s_rel, 1e4), at(f, b_rel, 1e4));

    // A multi-BA IEM (reference §3.2's 4-way topology) and one woofer alone on the same sources.
    const app::iem_config diy = app::read_iem_config(std::filesystem::path(IEMLAB_EXAMPLE_DIR) / "four_way_diy.json");
    const iemlab::network::grid g{f};
    const auto z_multi = diy.iem.respond(g).impedance;
    const auto z_woofer = ea::find_knowles_receiver("CI-22955").model().evaluate(f);
    names = {"multi_impedance_ohm", "woofer_impedance_ohm"};
    columns = {{}, {}};
    for (std::size_t i = 0; i < f.size(); ++i) {
        columns[0].push_back(std::abs(z_multi[i]));
        columns[1].push_back(std::abs(z_woofer[i]));
    }
    io::svg_plot zplot(io::impedance_plot_options("Impedance: 4-way multi-BA vs a single BA woofer"));
    zplot.add_curve("4-way multi-BA", f, columns[0]).add_curve("CI-22955 alone", f, columns[1]);
    zplot.write(out / "multi_ba_impedance.svg");
    io::svg_plot tplot(io::frequency_response_plot_options("Source-impedance tilt re 1 kHz: multi-BA (solid), single BA (dashed)"));
    std::printf("4-way multi-BA: |Z| min %.2f ohm, at 1 kHz %.2f ohm, at 10 kHz %.2f ohm\n", ea::min_magnitude(z_multi),
                std::abs(diy.iem.respond(iemlab::network::grid(std::vector<double>{1000.0})).impedance[0]),
                at(f, columns[0], 1e4));
    for (const double rs : sources) {
        const auto src = ea::output_impedance::from_si(rs);
        const auto multi = ea::relative_to(f, ea::source_impedance_tilt(f, z_multi, src));
        const auto woofer = ea::relative_to(f, ea::source_impedance_tilt(f, z_woofer, src));
        names.push_back("multi_" + iemlab::format_number(rs) + "ohm_re1k_db");
        columns.push_back(multi);
        names.push_back("woofer_" + iemlab::format_number(rs) + "ohm_re1k_db");
        columns.push_back(woofer);
        tplot.add_curve("multi-BA, " + iemlab::format_number(rs) + " Ω", f, multi);
        tplot.add_curve("CI-22955, " + iemlab::format_number(rs) + " Ω", f, woofer, {"", 1.5, true, 1.0});
        std::printf("%5.1f ohm: multi-BA spread %.2f dB (bound %.2f dB), 100 Hz %+.2f dB, 10 kHz %+.2f dB re 1 kHz; "
                    "CI-22955 100 Hz %+.2f dB, 10 kHz %+.2f dB\n",
                    rs, ea::spread_db(multi), ea::rule_of_eighths_bound_db(rs, ea::min_magnitude(z_multi)), at(f, multi, 100),
                    at(f, multi, 1e4), at(f, woofer, 100), at(f, woofer, 1e4));
    }
    write_csv(out / "multi_ba_tilt.csv", f, names, columns);
    tplot.write(out / "multi_ba_tilt.svg");
    std::printf("impedance_tilt: wrote %s\n", out.string().c_str());
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "impedance_tilt: error: %s\n", e.what());
    return 1;
}

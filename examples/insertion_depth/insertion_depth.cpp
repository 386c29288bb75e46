// insertion_depth: how deep an earphone sits changes what reaches the eardrum.
//
// An ideal volume-velocity source (a balanced-armature earphone is close to one) is sealed at depths of 0 … 20 mm
// in a 25 mm × Ø 7.5 mm canal at 37 °C ending in the Shaw & Stinson eardrum. The plan (ear_canal_model) is built
// once; each depth is one allocation-free evaluation of the residual canal on the whole grid. Writes a CSV family
// of curves — eardrum SPL in dB re 20 µPa for 1 mm³/s, one column per depth — and prints, per depth, the
// low-frequency gain against the shallowest seal and the residual canal's half-wave resonance next to c/(2·L_res).
//
// Usage: insertion_depth [OUT.csv]   (default insertion_depth.csv)
// The SVG plot of the family is left for when the plotting layer (io/plot.hpp) is available.
// g++ 12.2 reports a false -Wrestrict inside core/error.hpp's file_error message building when
// write_file_atomically is inlined here at -O2 (the same false positive core/error.hpp works around elsewhere).
#pragma GCC diagnostic ignored "-Wrestrict"
#include <iemlab/acoustics/ear_canal.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/io/atomic_file.hpp>

#include <cmath>
#include <cstdio>
#include <exception>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    namespace ac = iemlab::acoustics;
    namespace nw = iemlab::network;
    try {
        const std::string out = argc > 1 ? argv[1] : "insertion_depth.csv";
        const nw::grid g{iemlab::log_grid(20, 20000, 48)};
        const ac::ear_canal canal; // defaults: 25 mm × Ø 7.5 mm, 37 °C, Shaw–Stinson drum, Zwikker–Kosten losses
        const ac::ear_canal_model model{g, canal};
        const std::vector<double> depths_mm{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20};

        std::vector<double> zin_re(g.size()), zin_im(g.size()), zt_re(g.size()), zt_im(g.size());
        std::vector<std::vector<double>> spl(depths_mm.size(), std::vector<double>(g.size()));
        std::cout << "depth_mm  residual_mm3  gain_at_50Hz_db  half_wave_Hz  c/(2L_res)_Hz\n";
        for (std::size_t k = 0; k < depths_mm.size(); ++k) {
            const double depth = depths_mm[k] * 1e-3;
            model.evaluate(depth, zin_re, zin_im, zt_re, zt_im);
            for (std::size_t i = 0; i < g.size(); ++i)
                spl[k][i] = ac::drum_spl_db_per_mm3_s({zt_re[i], zt_im[i]});
            // Half-wave resonance: the first local maximum above 0.8·c/(2·L_res) (0: beyond the grid).
            const double f_half = canal.air.speed_of_sound / (2 * (canal.geometry.length() - depth));
            double half_wave = 0;
            for (std::size_t i = 1; i + 1 < g.size() && half_wave == 0; ++i)
                if (g.frequency(i) > 0.8 * f_half && spl[k][i] > spl[k][i - 1] && spl[k][i] >= spl[k][i + 1])
                    half_wave = g.frequency(i);
            std::size_t i50 = 0;
            while (g.frequency(i50) < 50) ++i50;
            std::printf("%8.0f  %12.0f  %15.2f  %12.0f  %13.0f\n", depths_mm[k], model.residual_volume(depth) * 1e9,
                        spl[k][i50] - spl[0][i50], half_wave, f_half);
        }
        iemlab::io::write_file_atomically(out, [&](std::ostream& os) {
            os << "frequency";
            for (double d : depths_mm) os << ",depth_" << d << "mm";
            os << '\n';
            for (std::size_t i = 0; i < g.size(); ++i) {
                os << std::setprecision(10) << g.frequency(i);
                for (const auto& curve : spl) os << ',' << std::setprecision(6) << curve[i];
                os << '\n';
            }
        });
        std::cout << "wrote " << out << " (" << g.size() << " frequencies x " << depths_mm.size() << " depths)\n";
    } catch (const std::exception& e) {
        std::cerr << "insertion_depth: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

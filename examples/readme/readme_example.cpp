// The example printed in README.md, compiled so it cannot go stale.
#include <iemlab/iemlab.hpp>
#include <iostream>

int main() {
    using namespace iemlab::literals;
    // Air in the ear canal at body temperature: the quarter-wave resonance of a 25 mm canal.
    const auto air = iemlab::air_properties::at(37_degC);
    const auto canal_length = 25.0_mm;
    const double f_quarter_wave = air.speed_of_sound / (4 * canal_length.value());
    std::cout << "c = " << air.speed_of_sound << " m/s, f(λ/4) = " << f_quarter_wave << " Hz\n";

    // The 121-point grid of the Harman in-ear score, and a quantity parsed as the CLI does.
    const auto grid = iemlab::iso_r40_grid();
    const auto f = iemlab::parse_frequency("2.5kHz", "--f");
    std::cout << grid.size() << " points; parsed " << f.value() << " Hz\n";

    try {
        iemlab::log_grid(20, 10, 48); // f_max below f_min
    } catch (const iemlab::error& e) {
        std::cout << e.what() << '\n'; // log_grid: f_max = 10 Hz is out of range (expected f_max >= f_min = 20 Hz)
    }
}

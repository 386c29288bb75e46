// A program outside the tree that finds the installed iemlab and uses it.
#include <iemlab/iemlab.hpp>

#include <cmath>
#include <iostream>

int main() {
    using namespace iemlab::literals;
    const auto air = iemlab::air_properties::at(23_degC);
    const auto grid = iemlab::log_grid(20, 20000, 48);
    const double wavelength_mm = air.speed_of_sound / (2.7_kHz).value() * 1e3;
    if (grid.size() != 479 || std::fabs(air.speed_of_sound - 345.0) > 0.1 || !(wavelength_mm > 120)) {
        std::cerr << "consumer: unexpected values\n";
        return 1;
    }
    std::cout << "consumer: ok (iemlab " << iemlab::version_string << ", c(23 C) = " << air.speed_of_sound
              << " m/s)\n";
    return 0;
}

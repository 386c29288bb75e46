// Loads seen through a path (tip bore, leak) and canal shapes read from an area-function file, against closed forms.
#include <iemlab/app/area_function_source.hpp>
#include <iemlab/acoustics/ear_canal.hpp>
#include <iemlab/core/error.hpp>
#include <iemlab/electroacoustics/loads.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

using namespace iemlab;
using Catch::Matchers::Contains;
namespace ea = iemlab::electroacoustics;
namespace ac = iemlab::acoustics;

namespace {

std::filesystem::path write_file(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path;
}

// First non-zero root of the rigid–rigid eigen-condition of a frustum between distances x1 < x2 from its apex.
// Spherical waves p = (A·sin kx + B·cos kx)/x; dp/dx = 0 at both ends gives the 2×2 determinant below
// (Chaigne & Kergomard 2016, ch. 7: the truncated cone closed at both ends).
double frustum_first_resonance_k(double x1, double x2) {
    const auto end_row = [](double k, double x) {
        const double s = std::sin(k * x), c = std::cos(k * x);
        return std::pair{k * x * c - s, -(k * x * s + c)}; // coefficients of A and B in x²·dp/dx
    };
    const auto det = [&](double k) {
        const auto [a1, b1] = end_row(k, x1);
        const auto [a2, b2] = end_row(k, x2);
        return a1 * b2 - a2 * b1;
    };
    const double l = x2 - x1;
    double lo = 0.5 * std::numbers::pi / l, hi = 1.5 * std::numbers::pi / l; // brackets the first root (kL ≈ π)
    REQUIRE(det(lo) * det(hi) < 0);
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (det(lo) * det(mid) <= 0 ? hi : lo) = mid;
    }
    return 0.5 * (lo + hi);
}

} // namespace

TEST_CASE("a load seen through a lossless line follows the transmission-line equations", "[electro][loads]") {
    const network::grid g{std::vector<double>{100, 1000, 5000, 12000}};
    const auto air = air_properties::at_celsius(23.0);
    const double length = 0.006, area = 1.5e-6, volume = 1.26e-6, zc = air.characteristic_impedance() / area;
    const auto load = ea::acoustic_load::closed_volume(g.frequencies(), volume, air);
    network::complex_spectrum gamma(g.size()), zcs(g.size(), zc);
    for (std::size_t i = 0; i < g.size(); ++i) gamma.set(i, {0.0, g.omega()[i] / air.speed_of_sound});
    const auto seen = load.through(network::two_port::uniform_line(gamma, zcs, length), "line");
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double kl = g.omega()[i] / air.speed_of_sound * length;
        const std::complex<double> j{0, 1}, zl = load.input_impedance()[i];
        // Z_in = Zc·(Z_L·cos kL + j·Zc·sin kL)/(Zc·cos kL + j·Z_L·sin kL); p_L/U_in = Z_T,L/(cos kL + j(Z_L/Zc) sin kL).
        const std::complex<double> zin = zc * (zl * std::cos(kl) + j * zc * std::sin(kl)) / (zc * std::cos(kl) + j * zl * std::sin(kl));
        const std::complex<double> zt = load.transfer_impedance()[i] / (std::cos(kl) + j * (zl / zc) * std::sin(kl));
        CHECK(std::abs(seen.input_impedance()[i] - zin) <= 1e-9 * std::abs(zin));
        CHECK(std::abs(seen.transfer_impedance()[i] - zt) <= 1e-9 * std::abs(zt));
    }
    CHECK_THROWS_WITH(ea::acoustic_load{}.through(network::two_port(4), "x"), Contains("unloaded"));
    CHECK_THROWS_WITH(load.through(network::two_port(3), "x"), Contains("path size"));
}

TEST_CASE("a leak at the input plane is in parallel with the load and diverts volume velocity", "[electro][loads]") {
    const network::grid g{std::vector<double>{20, 200, 2000}};
    const auto air = air_properties::at_celsius(23.0);
    const auto load = ea::acoustic_load::closed_volume(g.frequencies(), 1.26e-6, air);
    const auto leak = ac::leak::tube(air, 0.01, 0.5e-3);
    const auto leaky = ea::with_leak(g, load, leak);
    for (std::size_t i = 0; i < g.size(); ++i) {
        const std::complex<double> zl = load.input_impedance()[i], zk = leak.impedance(g.omega()[i]);
        CHECK(std::abs(leaky.input_impedance()[i] - zl * zk / (zl + zk)) <= 1e-12 * std::abs(zl));
        CHECK(std::abs(leaky.transfer_impedance()[i] - load.transfer_impedance()[i] * zk / (zl + zk)) <=
              1e-12 * std::abs(zl));
    }
    // The bass loss is large at 20 Hz and small at 2 kHz (the leak's mass shunts the volume's compliance).
    CHECK(std::abs(leaky.transfer_impedance()[0]) < 0.5 * std::abs(load.transfer_impedance()[0]));
    CHECK(std::abs(leaky.transfer_impedance()[2]) == Approx(std::abs(load.transfer_impedance()[2])).epsilon(0.05));
    CHECK(ea::with_leak(g, load, ac::leak{}).input_impedance() == load.input_impedance()); // a perfect seal
    CHECK_THROWS_WITH(ea::behind_tip_bore(g, air, load, 0.05, 1e-3), Contains("tip bore") && Contains("length"));
}

TEST_CASE("an area-function file gives a conical canal with the frustum's closed-form resonance", "[electro][loads]") {
    // A canal narrowing from Ø 8 mm at the entrance to Ø 6 mm at the drum over 25 mm, written from the drum as
    // published area functions often are; rigid drum, lossless air: the first |Z_in| peak of the canal driven at
    // its entrance is the frustum's first rigid–rigid resonance.
    const auto path = write_file("iemlab_test_cone.csv", "# cone\ndrum_distance_mm,diameter_mm\n0,6\n25,8\n");
    ac::ear_canal canal;
    canal.geometry = app::read_area_function_file(path);
    canal.eardrum = ac::eardrum_model::rigid;
    canal.losses = ac::loss_model::lossless;
    CHECK(canal.geometry.length() == Approx(0.025));
    CHECK(canal.geometry.radius_at(0) == Approx(4e-3));
    CHECK(canal.geometry.radius_at(0.025) == Approx(3e-3));
    // Apex 100 mm beyond the entrance side's narrowing: distances 75 mm (drum) and 100 mm (entrance).
    const double k = frustum_first_resonance_k(0.075, 0.100), c = canal.air.speed_of_sound;
    const double f0 = k * c / (2 * std::numbers::pi);
    CHECK(f0 != Approx(c / (2 * 0.025)).epsilon(0.005)); // the taper moves it off the cylinder's c/2L
    std::vector<double> f(2001);
    for (std::size_t i = 0; i < f.size(); ++i) f[i] = f0 * (0.95 + 0.1 * double(i) / double(f.size() - 1));
    const network::grid g{f};
    const auto r = ac::ear_canal_model(g, canal).respond(0.0);
    std::size_t peak = 0;
    for (std::size_t i = 0; i < f.size(); ++i)
        if (r.input_impedance.abs(i) > r.input_impedance.abs(peak)) peak = i;
    CHECK(f[peak] == Approx(f0).epsilon(1e-4));
    std::filesystem::remove(path);
}

TEST_CASE("bad area-function files name the file, the line and the rule", "[electro][loads]") {
    const auto check = [](const std::string& text, const std::string& message) {
        const auto path = write_file("iemlab_test_bad_area.csv", text);
        CHECK_THROWS_WITH(app::read_area_function_file(path), Contains("iemlab_test_bad_area.csv") && Contains(message));
        std::filesystem::remove(path);
    };
    check("0,50\n25,40\n", "no header line");
    check("x,area_mm2\n0,50\n25,40\n", "first column 'x'");
    check("position_mm,width_mm\n0,50\n25,40\n", "second column 'width_mm'");
    check("position_mm,area_mm2\n1,50\n25,40\n", ":2: the first position is 1 mm");
    check("position_mm,area_mm2\n0,50\n25,40\n20,40\n", ":4: positions must increase");
    check("position_mm,area_mm2\n0,50\n25,400\n", ":3: area 400 mm^2");
    check("position_mm,diameter_mm\n0,8\n80,8\n", "length");
    check("position_mm,area_mm2,extra\n0,50,1\n25,40,1\n", "3 columns");
}

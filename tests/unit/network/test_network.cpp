// The network solver against closed-form circuit results worked out by hand (long double where it matters).
#include <iemlab/network/nodal.hpp>
#include <iemlab/network/two_port.hpp>

#include <catch2/catch.hpp>

#include <complex>
#include <limits>
#include <numbers>
#include <vector>

using namespace iemlab;
namespace nw = iemlab::network;
using cd = std::complex<double>;

namespace {

bool close(cd got, cd want, double rel) { return std::abs(got - want) <= rel * std::abs(want) + 1e-300; }

const std::vector<double> test_frequencies{20, 97.5, 250, 1000, 3170, 8000, 13500, 20000};
constexpr double inf = std::numeric_limits<double>::infinity();

} // namespace

TEST_CASE("lossless line two-port equals the analytic cos/sin matrix", "[network][two_port]") {
    const nw::grid g{test_frequencies};
    const double c = 343.0, rho = 1.2, s = 44e-6, length = 0.021, zc = rho * c / s;
    nw::complex_spectrum gamma(g.size()), z0(g.size(), zc);
    for (std::size_t i = 0; i < g.size(); ++i) gamma.set(i, {0, g.omega()[i] / c});
    const auto t = nw::two_port::uniform_line(gamma, z0, length);
    const auto rigid = nw::terminate(t, nw::termination::rigid_wall(g.size()));
    for (std::size_t i = 0; i < g.size(); ++i) {
        const long double kl = static_cast<long double>(g.omega()[i]) / c * length;
        const double cs = double(std::cos(kl)), sn = double(std::sin(kl));
        CHECK(close(t.a()[i], cs, 1e-13));
        CHECK(close(t.b()[i], cd(0, zc * sn), 1e-13));
        CHECK(close(t.c()[i], cd(0, sn / zc), 1e-13));
        CHECK(close(t.d()[i], cs, 1e-13));
        CHECK(close(t.determinant()[i], 1.0, 1e-13));
        // Closed tube: Z_in = −j·Zc·cot(kL), p_end/p_in = 1/cos(kL), Z_T = 1/C = −j·Zc/sin(kL).
        CHECK(close(rigid.input_impedance[i], cd(0, -zc * cs / sn), 1e-12));
        CHECK(close(rigid.across_ratio[i], 1.0 / cs, 1e-12));
        CHECK(close(rigid.transfer_impedance[i], cd(0, -zc / sn), 1e-12));
    }
}

TEST_CASE("a cascade of ten line pieces equals one line", "[network][two_port]") {
    const nw::grid g{test_frequencies};
    nw::complex_spectrum gamma(g.size()), zc(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double k = g.omega()[i] / 345.0;
        gamma.set(i, {1e-3 * std::sqrt(g.frequency(i)), k}); // some loss
        zc.set(i, {9.4e6, -2e4 / std::sqrt(g.frequency(i))});
    }
    const double length = 0.025;
    const auto whole = nw::two_port::uniform_line(gamma, zc, length);
    nw::two_port pieces = nw::two_port::identity(g);
    for (int k = 0; k < 10; ++k) pieces.append(nw::two_port::uniform_line(gamma, zc, length / 10));
    for (std::size_t i = 0; i < g.size(); ++i) {
        CHECK(close(pieces.a()[i], whole.a()[i], 1e-12));
        CHECK(close(pieces.b()[i], whole.b()[i], 1e-12));
        CHECK(close(pieces.c()[i], whole.c()[i], 1e-12));
        CHECK(close(pieces.d()[i], whole.d()[i], 1e-12));
    }
}

TEST_CASE("lumped ladders: RC low-pass, output impedance, reversal", "[network][two_port]") {
    const nw::grid g{test_frequencies};
    const double r = 1.5e6, c = 3e-12, zs = 2.2e6;
    nw::two_port t = nw::two_port::series(nw::resistor(g, r));
    t.append_shunt(nw::reciprocal(nw::capacitor(g, c)));
    const auto open = nw::terminate(t, nw::termination::open_circuit(g.size()));
    const auto zout = nw::output_impedance(t, nw::termination::impedance(nw::resistor(g, zs)));
    for (std::size_t i = 0; i < g.size(); ++i) {
        const cd jwc(0, g.omega()[i] * c);
        CHECK(close(open.across_ratio[i], 1.0 / (1.0 + r * jwc), 1e-13));
        CHECK(close(open.input_impedance[i], r + 1.0 / jwc, 1e-13));
        CHECK(close(zout[i], 1.0 / (jwc + 1.0 / (zs + r)), 1e-13));
    }
}

TEST_CASE("gyrator and transformer reflect impedances; a BA-like chain matches its closed form", "[network][two_port]") {
    const nw::grid g{test_frequencies};
    const double bl = 0.7, n = 3.1e-6, re = 20.0, le = 1e-3;
    const double rm = 0.02, mm = 3e-6, cm = 0.5e-3, v_load = 1.26e-6, gamma_p0 = 141855;
    const auto zl = nw::series_rlc(g, 50.0, 1e-4, 1e-6);
    const auto gyr = nw::terminate(nw::two_port::gyrator(g, bl), nw::termination::impedance(zl));
    const auto tr = nw::terminate(nw::two_port::transformer(g, n), nw::termination::impedance(zl));
    const auto det = nw::two_port::gyrator(g, bl).determinant();

    // Electrical → gyrator → mechanical series branch → transformer (area n) → acoustic compliance.
    nw::two_port ba = nw::two_port::series(nw::series_rlc(g, re, le, inf));
    ba.append(nw::two_port::gyrator(g, bl));
    ba.append_series(nw::series_rlc(g, rm, mm, cm));
    ba.append(nw::two_port::transformer(g, n));
    const auto zin = nw::terminate(ba, nw::termination::impedance(nw::capacitor(g, v_load / gamma_p0)));
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double w = g.omega()[i];
        CHECK(close(gyr.input_impedance[i], bl * bl / zl[i], 1e-13));
        CHECK(close(tr.input_impedance[i], n * n * zl[i], 1e-13));
        CHECK(close(det[i], -1.0, 1e-15));
        const cd zm = cd(rm, w * mm - 1.0 / (w * cm)) + n * n / cd(0, w * v_load / gamma_p0);
        CHECK(close(zin.input_impedance[i], cd(re, w * le) + bl * bl / zm, 1e-12));
        // Pressure in the load per ampere: I → force Bl·I on (Zm) … p = F_load/n, F_load = F·(n²Za)/zm.
        const cd za = 1.0 / cd(0, w * v_load / gamma_p0);
        CHECK(close(zin.transfer_impedance[i], bl * n * za / zm, 1e-12));
    }
}

TEST_CASE("nodal solution: a complex Wheatstone bridge against Thévenin's closed form", "[network][nodal]") {
    const nw::grid g{test_frequencies};
    const auto z1 = nw::series_rlc(g, 100, 1e-3, inf), z2 = nw::series_rlc(g, 220, 0, 1e-6);
    const auto z3 = nw::series_rlc(g, 330, 2e-3, 4.7e-6), z4 = nw::resistor(g, 470);
    const auto z5 = nw::series_rlc(g, 50, 5e-4, inf);
    nw::nodal_network net{g};
    const auto n1 = net.add_node(), n2 = net.add_node(), n3 = net.add_node();
    const nw::complex_spectrum v(g.size(), 1.0);
    const auto src = net.add_across_source(n1, nw::nodal_network::ground, v);
    net.add_impedance(n1, n2, z1);
    net.add_admittance(n2, nw::nodal_network::ground, nw::reciprocal(z2));
    net.add_impedance(n1, n3, z3);
    net.add_impedance(n3, nw::nodal_network::ground, z4);
    const auto b5 = net.add_impedance(n2, n3, z5);
    const auto s = net.solve();
    for (std::size_t i = 0; i < g.size(); ++i) {
        const cd vth = z2[i] / (z1[i] + z2[i]) - z4[i] / (z3[i] + z4[i]);
        const cd zth = z1[i] * z2[i] / (z1[i] + z2[i]) + z3[i] * z4[i] / (z3[i] + z4[i]);
        const cd i5 = vth / (zth + z5[i]);
        CHECK(close(s.flow(b5)[i], i5, 1e-12));
        CHECK(close(s.across(n1)[i], 1.0, 1e-14));
        // Total current delivered: through z1 and z3.
        const cd v2 = s.across(n2)[i], v3 = s.across(n3)[i];
        CHECK(close(s.flow(src)[i], (1.0 - v2) / z1[i] + (1.0 - v3) / z3[i], 1e-12));
    }
}

TEST_CASE("nodal solution: a two-port stamp stays regular at a lossless half-wave point", "[network][nodal]") {
    const double c = 343.0, length = 0.1;
    const double f_half = c / (2 * length); // kL = π: B = C = 0 in the line's ABCD
    const nw::grid g{std::vector<double>{f_half / 3, f_half, 1.7 * f_half}};
    nw::complex_spectrum gamma(g.size()), zc(g.size(), 1.2 * c / 44e-6);
    for (std::size_t i = 0; i < g.size(); ++i) gamma.set(i, {0, g.omega()[i] / c});
    const double r_load = 3e6;
    nw::nodal_network net{g};
    const auto a = net.add_node(), b = net.add_node();
    net.add_flow_source(nw::nodal_network::ground, a, nw::complex_spectrum(g.size(), 1.0));
    net.add_two_port(a, b, nw::two_port::uniform_line(gamma, zc, length));
    net.add_admittance(b, nw::nodal_network::ground, nw::complex_spectrum(g.size(), 1.0 / r_load));
    const auto s = net.solve();
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double kl = g.omega()[i] / c * length, z0 = zc[i].real();
        const cd zin = z0 * (r_load + cd(0, z0 * std::tan(kl))) / (z0 + cd(0, r_load * std::tan(kl)));
        CHECK(close(s.across(a)[i], zin, 1e-9));
    }
    CHECK(close(s.across(a)[1], r_load, 1e-9)); // a half-wave line is transparent
}

TEST_CASE("nodal solution: gyrator in a floating-port stamp", "[network][nodal]") {
    const nw::grid g{test_frequencies};
    const double r = 2.5;
    const auto zl = nw::series_rlc(g, 8, 1e-4, 1e-5);
    nw::nodal_network net{g};
    const auto p = net.add_node(), m = net.add_node(), q = net.add_node();
    net.add_flow_source(m, p, nw::complex_spectrum(g.size(), 1.0));
    net.add_impedance(m, nw::nodal_network::ground, nw::resistor(g, 1.0)); // port 1 floats above 1 Ω
    net.add_two_port(p, m, q, nw::nodal_network::ground, nw::two_port::gyrator(g, r));
    net.add_impedance(q, nw::nodal_network::ground, zl);
    const auto s = net.solve();
    const auto v = s.across(p, m);
    for (std::size_t i = 0; i < g.size(); ++i) CHECK(close(v[i], r * r / zl[i], 1e-12));
}

TEST_CASE("network: bad input is an iemlab::error naming the parameter", "[network][errors]") {
    using Catch::Matchers::Contains;
    REQUIRE_THROWS_WITH(nw::grid{std::vector<double>{}}, Contains("empty"));
    REQUIRE_THROWS_WITH(nw::grid(std::vector<double>{10, 0}), Contains("frequency[1]"));
    REQUIRE_THROWS_WITH(nw::grid(std::vector<double>{10, 10}), Contains("increasing"));
    const nw::grid g{test_frequencies}, h{std::vector<double>{1, 2}};
    REQUIRE_THROWS_WITH(nw::series_rlc(g, -1, 0, 1), Contains("R = -1"));
    REQUIRE_THROWS_WITH(nw::capacitor(g, 0), Contains("C = 0"));
    REQUIRE_THROWS_WITH(nw::two_port::transformer(g, 0), Contains("ratio"));
    REQUIRE_THROWS_WITH(nw::two_port::gyrator(g, 0), Contains("r = 0"));
    REQUIRE_THROWS_WITH(nw::resistor(g, 1) * nw::resistor(h, 1), Contains("size"));
    nw::two_port t(g.size());
    REQUIRE_THROWS_WITH(t.append_series(nw::resistor(h, 1)), Contains("append_series"));
    nw::nodal_network net{g};
    const auto a = net.add_node();
    net.add_node(); // node 2 floats: singular
    net.add_flow_source(0, a, nw::complex_spectrum(g.size(), 1.0));
    net.add_impedance(a, 0, nw::resistor(g, 1.0));
    REQUIRE_THROWS_WITH(net.solve(), Contains("singular at 20 Hz"));
    REQUIRE_THROWS_WITH(net.add_impedance(a, 7, nw::resistor(g, 1.0)), Contains("node = 7"));
}

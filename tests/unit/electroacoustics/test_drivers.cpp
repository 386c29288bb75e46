#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/electroacoustics/ba_receiver.hpp>
#include <iemlab/electroacoustics/dynamic_driver.hpp>
#include <iemlab/electroacoustics/loads.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <string>
#include <vector>

using namespace iemlab;
using namespace iemlab::electroacoustics;
using Catch::Matchers::Contains;

namespace {

// Z(s) = Re + K·s^n + Σ 1/(1/R + sC + 1/(sL)) written out in long double with the principal complex power,
// independent of the model's polar form (docs/cli.md `ba:` spec; Kim & Allen 2013).
std::complex<long double> reference_ba(long double f, long double re, long double k, long double n,
                                       const std::vector<parallel_rlc>& branches) {
    const std::complex<long double> s{0.0L, 2.0L * std::numbers::pi_v<long double> * f};
    std::complex<long double> z = re + k * std::pow(s, n);
    for (const auto& b : branches)
        z += 1.0L / (1.0L / static_cast<long double>(b.resistance_ohm) + s * static_cast<long double>(b.capacitance_f) +
                     1.0L / (s * static_cast<long double>(b.inductance_h)));
    return z;
}

double db_ratio(std::complex<double> a, double b) { return 20 * std::log10(std::abs(a) / b); }

} // namespace

TEST_CASE("BA impedance model evaluates exactly the formula", "[electroacoustics][ba_receiver]") {
    const std::vector<parallel_rlc> branches{{171.1, 4.56e-3, 2.12e-6}, {32.0, 0.180e-3, 5.47e-6}};
    for (const double n : {0.3, 0.5, 0.931, 1.0}) {
        const ba_impedance_model m(20.4, 7.13e-3, n, branches);
        for (const double f : {1.0, 20.0, 1000.0, 1619.0, 5075.0, 20000.0, 96000.0}) {
            const auto expected = reference_ba(f, 20.4L, 7.13e-3L, n, branches);
            const auto z = m.at(f);
            CHECK(std::abs(std::complex<long double>(z.real(), z.imag()) - expected) < 1e-12L * std::abs(expected));
        }
    }
    // DC: inductors short the branches and s^n vanishes.
    CHECK(ba_impedance_model(20.4, 7.13e-3, 0.9, branches).at(0.0) == std::complex<double>(20.4, 0.0));
    // The constant-phase element: phase nπ/2, effective inductance K·ω^(n−1)·sin(nπ/2) (Kim & Allen 2013; Wright 1989).
    const ba_impedance_model coil(10.0, 3e-3, 0.7);
    const auto zb = coil.at(2000.0) - 10.0;
    CHECK(std::arg(zb) == Approx(0.7 * std::numbers::pi / 2).epsilon(1e-13));
    CHECK(zb.imag() / (2 * std::numbers::pi * 2000.0) == Approx(coil.effective_inductance_h(2000.0)).epsilon(1e-13));
}

TEST_CASE("Knowles presets reproduce the reference's derived and traced figures", "[electroacoustics][ba_receiver]") {
    // Reference §1.5: f_k, Q_k columns and L_b,eff(2 kHz), all printed to 3–4 significant figures.
    struct derived {
        const char* name;
        double f1, q1, f2, q2, lbeff_mh;
    };
    const std::vector<derived> table{
        {"CI-22955", 1619, 3.69, 5075, 5.58, 3.70},    {"HODVTEC-31618", 1084, 3.93, 4611, 6.80, 1.63},
        {"RDI-34006", 1214, 3.50, 4297, 5.80, 1.77},   {"TEC-30033", 1858, 5.01, 5541, 6.99, 2.75},
        {"SR6438NWS", 2220, 6.32, 12081, 0.86, 3.28},  {"ED-30262", 2085, 2.43, 0, 0, 2.33},
        {"BK-26824", 1895, 2.47, 0, 0, 1.17},          {"TWFK-30017", 1658, 2.27, 4792, 11.25, 0.28},
        {"RAU-34832", 0, 0, 0, 0, 0.11}};
    for (const auto& t : table) {
        const auto m = find_knowles_receiver(t.name).model();
        INFO(t.name);
        // Table rounding of L and C (3 significant figures) allows ~0.3 %; 1 % tolerance.
        if (t.f1 > 0) {
            CHECK(m.branches().at(0).resonance_hz() == Approx(t.f1).epsilon(0.01));
            CHECK(m.branches().at(0).quality_factor() == Approx(t.q1).epsilon(0.01));
        }
        if (t.f2 > 0) {
            CHECK(m.branches().at(1).resonance_hz() == Approx(t.f2).epsilon(0.01));
            CHECK(m.branches().at(1).quality_factor() == Approx(t.q2).epsilon(0.01));
        }
        CHECK(m.effective_inductance_h(2000) * 1e3 == Approx(t.lbeff_mh).epsilon(0.05)); // 2 significant figures
    }
    // Reference §1.6 trace landmarks (PR traces the fits were made to): the fits are sub-dB RMS, the traces
    // ±1 dB at best, so each landmark agrees to 2 dB (TWFK-30017's fit is ≈1 dB RMS: 3 dB).
    struct landmark {
        const char* name;
        double z50, z1k, f_peak, z_peak, z10k, tol_db;
    };
    const std::vector<landmark> traces{
        {"BK-26824", 10.9, 21.7, 1866, 44.4, 64.2, 2},   {"CI-22955", 21.1, 79.5, 1682, 179.6, 200.9, 2},
        {"ED-30262", 12.7, 34.6, 2000, 77.9, 119.5, 2},  {"HODVTEC-31618", 9.0, 46.6, 1091, 49.9, 89.9, 2},
        {"RDI-34006", 9.0, 33.1, 1250, 42.7, 100.6, 2},  {"SR6438NWS", 27.5, 50.8, 2258, 192.0, 216.9, 2},
        {"TEC-30033", 23.6, 44.1, 1866, 111.0, 153.4, 2}, {"TWFK-30017", 25.7, 48.6, 1834, 105.3, 21.1, 3}};
    for (const auto& t : traces) {
        const auto m = find_knowles_receiver(t.name).model();
        INFO(t.name << ": |Z| 50 Hz " << std::abs(m.at(50)) << ", 1 kHz " << std::abs(m.at(1000)) << ", peak "
                    << std::abs(m.at(t.f_peak)) << ", 10 kHz " << std::abs(m.at(1e4)));
        CHECK(std::abs(db_ratio(m.at(50), t.z50)) < t.tol_db);
        CHECK(std::abs(db_ratio(m.at(1000), t.z1k)) < t.tol_db);
        CHECK(std::abs(db_ratio(m.at(t.f_peak), t.z_peak)) < t.tol_db);
        CHECK(std::abs(db_ratio(m.at(1e4), t.z10k)) < t.tol_db);
    }
    // Datasheet |Z(1 kHz)| (Knowles datasheets): HODVTEC 48 Ω, CI 80 Ω.
    CHECK(std::abs(db_ratio(find_knowles_receiver("hodvtec-31618").model().at(1000), 48)) < 1.0);
    CHECK(std::abs(db_ratio(find_knowles_receiver("CI-22955").model().at(1000), 80)) < 1.0);
    CHECK_THROWS_WITH(find_knowles_receiver("CI-99999"), Contains("CI-99999") && Contains("CI-22955"));
}

TEST_CASE("BA receiver: gyrator relations and acoustic coupling", "[electroacoustics][ba_receiver]") {
    const auto f = log_grid(20, 20000, 12);
    const auto& preset = find_knowles_receiver("CI-22955");
    const ba_receiver rx = preset.receiver();
    // On the closed volume the fit's coupler is reduced to, the de-embedded mechanics put back give the fitted
    // impedance (T²/(Z_m + S_d²·ρc²/(sV)) = R1 ∥ L1 ∥ C1 by the gyrator relations of Kim & Allen 2013).
    const auto load = acoustic_load::closed_volume(f, 1.26e-6);
    const auto r = rx.respond(f, load);
    const auto model = preset.model();
    for (std::size_t i = 0; i < f.size(); ++i) CHECK(std::abs(r.impedance[i] - model.at(f[i])) < 1e-9 * std::abs(model.at(f[i])));
    // Pressure in a closed volume: p = U·ρc²/(sV) and U = S_d·T·I/Z_m,total (independent of the code's path).
    const double rc2 = air_properties::at_celsius(23.0).bulk_modulus();
    for (std::size_t i = 0; i < f.size(); ++i) {
        const double w = 2 * std::numbers::pi * f[i];
        const std::complex<double> zm =
            rx.mechanics().impedance(w) + std::pow(rx.diaphragm_m2(), 2) * std::complex<double>(0, -rc2 / (w * 1.26e-6));
        const std::complex<double> u = rx.transduction_n_per_a() / (r.impedance[i] * zm);
        const std::complex<double> p = rx.diaphragm_m2() * u * std::complex<double>(0, -rc2 / (w * 1.26e-6));
        CHECK(std::abs(r.pressure[i] - p) < 1e-9 * std::abs(p));
    }
    // The calibration hits the datasheet sensitivity (118 dB SPL @ 0.179 V, 1 kHz) on the 711 coupler model.
    const network::grid g1k{std::vector<double>{1000.0}};
    const auto r1k = rx.respond(g1k, coupler_load(g1k));
    CHECK(pressure_to_spl_db(std::abs(r1k.pressure[0]) * 0.179) == Approx(118.0).margin(1e-6));
    // Unloaded port (free air): the load's stiffness is gone, so the impedance peak moves down in frequency
    // (f ∝ √K_total) and grows (less stiffness, same mass and loss).
    const auto free = rx.respond(f, acoustic_load{});
    CHECK(free.pressure.empty());
    const double k_fit = 1.0 / model.branches()[0].inductance_h; // T = 1
    const double f_free = preset.model().branches()[0].resonance_hz() * std::sqrt(rx.mechanics().stiffness_n_per_m / k_fit);
    CHECK(f_free < preset.model().branches()[0].resonance_hz());
    // Blocked port (infinite load): Z → blocked coil + extra branches.
    const auto blocked = rx.impedance(1000.0, {1e30, 0});
    CHECK(std::abs(blocked - (rx.blocked().at(1000.0) + rx.extra_branches()[0].impedance(2 * std::numbers::pi * 1000.0))) < 1e-9);
}

TEST_CASE("BA receiver on the 711 coupler: network solution and datasheet SPL shape", "[electroacoustics][ba_receiver]") {
    std::vector<double> fv = log_grid(20, 20000, 48);
    fv.push_back(1000.0);
    std::sort(fv.begin(), fv.end());
    fv.erase(std::unique(fv.begin(), fv.end()), fv.end());
    const network::grid g{fv};
    const acoustic_load coupler = coupler_load(g);
    // The network's answer (two-port cascade terminated in the coupler) equals the closed form
    // Z_in = Z_e + T²/(Z_m + S_d²·Z_load) (Kim & Allen 2013) at every frequency.
    const ba_receiver ci = find_knowles_receiver("CI-22955").receiver();
    const auto r = ci.respond(g, coupler);
    for (std::size_t i = 0; i < fv.size(); ++i) {
        const auto closed = ci.impedance(fv[i], coupler.input_impedance()[i]);
        CHECK(std::abs(r.impedance[i] - closed) < 1e-10 * std::abs(closed));
    }
    // SPL maxima of the datasheet traces (PR traces; ±5 % in f at best): the model's peak lies
    // within 10 % in frequency and 0–5 dB below (the model has a single mechanical mode and no spout/front-volume
    // resonance, so it underestimates the peak; see the report). TWFK-30017 (internal tweeter path) and
    // RDI-34006 (PR trace shifted ≈15 % in f) are excluded.
    struct trace {
        const char* name;
        double f_max, spl_max;
    };
    for (const trace t : {trace{"CI-22955", 2256, 126.6}, trace{"HODVTEC-31618", 1358, 127.4},
                          trace{"TEC-30033", 2034, 118.8}, trace{"SR6438NWS", 2562, 119.0},
                          trace{"ED-30262", 2532, 116.2}, trace{"BK-26824", 2256, 115.9}}) {
        const auto& preset = find_knowles_receiver(t.name);
        const auto resp = preset.receiver().respond(g, coupler);
        double peak = -1e9, f_peak = 0, at_1k = 0;
        for (std::size_t i = 0; i < fv.size(); ++i) {
            const double spl = pressure_to_spl_db(std::abs(resp.pressure[i]) * preset.drive_v);
            if (fv[i] > 700 && fv[i] < 5000 && spl > peak) peak = spl, f_peak = fv[i];
            if (fv[i] == 1000.0) at_1k = spl;
        }
        INFO(t.name << ": model peak " << f_peak << " Hz / " << peak << " dB, datasheet " << t.f_max << " Hz / "
                    << t.spl_max << " dB");
        CHECK(at_1k == Approx(preset.spl_1k_db).margin(1e-6)); // the one calibrated number
        CHECK(std::abs(f_peak / t.f_max - 1) < 0.10);
        CHECK(peak <= t.spl_max + 0.5);
        CHECK(peak >= t.spl_max - 5.0);
        // Roll-off: an octave above the peak the level has fallen by more than 10 dB.
        const auto above = preset.receiver().respond(network::grid(std::vector<double>{2 * f_peak}),
                                                           coupler_load(network::grid(std::vector<double>{2 * f_peak})));
        CHECK(pressure_to_spl_db(std::abs(above.pressure[0]) * preset.drive_v) < peak - 10);
    }
}

TEST_CASE("BA models reject bad input naming the parameter", "[electroacoustics][ba_receiver]") {
    CHECK_THROWS_WITH(ba_impedance_model(-1, 1e-3, 0.5), Contains("re"));
    CHECK_THROWS_WITH(ba_impedance_model(10, 1e-3, 0.0), Contains("n = 0") && Contains("0 < n <= 1"));
    CHECK_THROWS_WITH(ba_impedance_model(10, 1e-3, 1.2), Contains("n = 1.2"));
    CHECK_THROWS_WITH(ba_impedance_model(10, -1e-3, 0.9), Contains("k"));
    CHECK_THROWS_WITH(ba_impedance_model(10, 1e-3, 0.9, {{100, -1e-3, 1e-6}}), Contains("l1"));
    CHECK_THROWS_WITH(ba_impedance_model(10, 1e-3, 0.9, {{100, 1e-3, 1e-6}, {0, 1e-3, 1e-6}}), Contains("r2"));
    CHECK_THROWS_WITH(ba_impedance_model(10, 1e-3, 0.9, {{100, 1e-3, 1e-6}, {10, 1e-3, -1e-6}}), Contains("c2"));
    CHECK_THROWS_WITH(find_knowles_receiver("RAU-34832").receiver(), Contains("RAU-34832"));
    const auto m = find_knowles_receiver("ED-30262").model();
    CHECK_THROWS_WITH(ba_receiver::from_impedance_fit(m, 1.0), Contains("coupling"));
}

TEST_CASE("Thiele-Small driver: analytic resonance and peak", "[electroacoustics][dynamic_driver]") {
    // Simscape microspeaker example: f_s ≈ 209 Hz, Q_ms ≈ 10, Q_es ≈ 1.8, peak ≈ 203 Ω.
    const thiele_small ts = simscape_microspeaker();
    const double fs = 1 / (2 * std::numbers::pi * std::sqrt(23e-6 * 25.12e-3));
    CHECK(ts.resonance_hz() == Approx(fs).epsilon(1e-14));
    CHECK(ts.resonance_hz() == Approx(209).margin(1));
    CHECK(ts.qms() == Approx(10).margin(0.1));
    CHECK(ts.qes() == Approx(1.8).margin(0.05));
    CHECK(ts.impedance_peak_ohm() == Approx(31.14 + 0.719 * 0.719 / 3e-3).epsilon(1e-14));
    CHECK(ts.impedance_peak_ohm() == Approx(203).margin(1));

    // At f_s the mechanical reactance cancels: Z(f_s) = Re + jω_sLe + Bl²/R_ms exactly.
    const dynamic_driver d(ts);
    const auto zs = d.impedance(fs);
    CHECK(zs.real() == Approx(31.14 + 0.719 * 0.719 / 3e-3).epsilon(1e-12));
    CHECK(zs.imag() == Approx(2 * std::numbers::pi * fs * 0.14e-3).margin(1e-9)); // leftover reactance ~ ε·ω_sM_ms
    // With Le = 0, |Z| peaks at f_s with Zmax = Re + Bl²/R_ms.
    thiele_small no_le = ts;
    no_le.le_h = 0;
    const dynamic_driver d0(no_le);
    const double zmax = std::abs(d0.impedance(fs));
    CHECK(zmax == Approx(no_le.impedance_peak_ohm()).epsilon(1e-13));
    for (const double r : {0.9, 0.99, 0.999, 1.001, 1.01, 1.1}) CHECK(std::abs(d0.impedance(fs * r)) < zmax);
    // Series source resistance raises Q_es by (Re + R_s)/Re.
    CHECK(ts.qes_with_source(31.14) == Approx(2 * ts.qes()));

    // Loaded by a closed rear/front volume V: the acoustic stiffness S_d²·ρc²/V adds to 1/C_ms, so the resonance
    // moves to f_s·√(1 + C_ms·S_d²·ρc²/V) (Small 1972, closed box) and the peak stays Re + Bl²/R_ms.
    const double v = 1e-6;
    const auto air = air_properties::at_celsius(23.0);
    const double f_box = fs * std::sqrt(1 + 25.12e-3 * 1.271e-4 * 1.271e-4 * air.bulk_modulus() / v);
    const auto load = acoustic_load::closed_volume(std::vector<double>{f_box}, v, air);
    const auto r = dynamic_driver(no_le).respond(std::vector<double>{f_box}, load);
    CHECK(r.impedance[0].real() == Approx(no_le.impedance_peak_ohm()).epsilon(1e-9));
    CHECK(std::abs(r.impedance[0].imag()) < 1e-6);

    // The network solution (two-port cascade) equals the closed form with front and rear loads.
    const std::vector<double> fr{50.0, 209.0, 1000.0, 8000.0};
    const auto front = acoustic_load::closed_volume(fr, 2e-6, air), rear = acoustic_load::closed_volume(fr, 0.1017e-6, air);
    const auto both = d.respond(fr, front, rear);
    for (std::size_t i = 0; i < fr.size(); ++i) {
        const auto closed = d.impedance(fr[i], front.input_impedance()[i], rear.input_impedance()[i]);
        CHECK(std::abs(both.impedance[i] - closed) < 1e-10 * std::abs(closed));
    }

    thiele_small bad = ts;
    bad.cms_m_per_n = -1;
    CHECK_THROWS_WITH(dynamic_driver(bad), Contains("cms"));
    bad = ts;
    bad.le_h = -1e-6;
    CHECK_THROWS_WITH(dynamic_driver(bad), Contains("le"));
}

// Eardrum, ear canal with insertion depth, IEC 60318-4 coupler, open ear and occlusion against published figures
// and closed forms (Shaw & Stinson 1983; Hudde & Engel 1998; Stenfelt & Reinfeldt 2007; Carillo et al. 2020).
#include <iemlab/acoustics/coupler.hpp>
#include <iemlab/acoustics/ear_canal.hpp>
#include <iemlab/acoustics/occlusion.hpp>
#include <iemlab/acoustics/open_ear.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

using namespace iemlab;
namespace ac = iemlab::acoustics;
namespace nw = iemlab::network;
using cd = std::complex<double>;

namespace {

double db(double x) { return 20 * std::log10(x); }

// First local maximum of |s| at or above f_from.
double first_peak(const nw::grid& g, const nw::complex_spectrum& s, double f_from) {
    for (std::size_t i = 1; i + 1 < g.size(); ++i)
        if (g.frequency(i) >= f_from && s.abs(i) > s.abs(i - 1) && s.abs(i) >= s.abs(i + 1)) return g.frequency(i);
    return 0;
}

// The lumped set-up of the occlusion checks: the default 25 mm × Ø 7.5 mm canal with a rigid drum and lossless air,
// sealed at 5 mm, at 30 Hz, where the residual canal is one compliance C_res = S(L − d)/(ρc²).
struct lumped_occlusion {
    ac::ear_canal canal = [] {
        ac::ear_canal c;
        c.eardrum = ac::eardrum_model::rigid;
        c.losses = ac::loss_model::lossless;
        return c;
    }();
    nw::grid lf{std::vector<double>{30}};
    double a = 3.75e-3, s = std::numbers::pi * a * a, length = 0.025, depth = 0.005, w = lf.omega()[0];
    double c_res = s * (length - depth) / canal.air.bulk_modulus();
};

} // namespace

TEST_CASE("Hudde & Engel drum matches the published check points; both drums are passive", "[acoustics][eardrum]") {
    // AcoustiLab check points (Hudde & Engel 1998): 26.5 dB re 8e6 Pa·s/m³ at 165 Hz, minimum 12.2 dB near 865 Hz, ±0.3
    // dB.
    const double at165 = db(std::abs(ac::hudde_engel_impedance(2 * std::numbers::pi * 165)) / 8e6);
    CHECK(std::abs(at165 - 26.5) <= 0.3);
    const nw::grid g{log_grid(20, 16000, 96)};
    const auto he = ac::eardrum_impedance(g, ac::eardrum_model::hudde_engel);
    const auto ss = ac::eardrum_impedance(g, ac::eardrum_model::shaw_stinson);
    std::size_t imin = 0;
    for (std::size_t i = 0; i < g.size(); ++i)
        if (g.frequency(i) < 3000 && he.abs(i) < he.abs(imin)) imin = i;
    CHECK(std::abs(db(he.abs(imin) / 8e6) - 12.2) <= 0.3);
    CHECK(std::abs(g.frequency(imin) - 865) <= 60);
    for (std::size_t i = 0; i < g.size(); ++i) {
        CHECK(he[i].real() >= 0); // passive
        CHECK(ss[i].real() >= 0);
    }
    // Compliance-like below ~1 kHz, mass-like above ~5 kHz (Shaw & Stinson 1983; Hudde & Engel 1998).
    const nw::grid pts{std::vector<double>{100, 8000}};
    const auto s2 = ac::eardrum_impedance(pts, ac::eardrum_model::shaw_stinson);
    CHECK(std::arg(s2[0]) < -std::numbers::pi / 3);
    CHECK(std::arg(s2[1]) > 0);
    CHECK(ac::eardrum_admittance(pts, ac::eardrum_model::rigid).abs(1) == 0);
    REQUIRE_THROWS_WITH(ac::parse_eardrum_model("banana"), Catch::Matchers::Contains("banana"));
}

TEST_CASE("IEC 60318-4 ladder: 1.26 cm³ at 500 Hz, IEC 60711 Table 2, half-wave resonance", "[acoustics][coupler]") {
    // IEC 60711 Table 2 (GOST R IEC 60711-2001), level re 500 Hz for constant volume displacement, and tolerance.
    const std::vector<double> f{100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000,
                                1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000};
    const std::vector<double> table{-0.3, -0.2, -0.2, -0.1, -0.1, -0.1, 0.0, 0.0, 0.1, 0.2, 1.6,
                                    3.3,  4.5,  5.2,  6.0,  6.9,  8.0, 9.3, 11.4, 13.7, 18.0};
    const std::vector<double> tol{0.5, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4, 0.0, 0.4, 0.4, 0.5,
                                  0.5, 0.5, 0.6, 0.6, 0.7, 0.8, 1.0, 1.0, 1.5, 2.0};
    const nw::grid g{f};
    const ac::iec60318_4_coupler coupler{g};
    // |Z_T(500)| = γP0/(2π·500·1.26e-6) ≈ 35.8 MPa·s/m³ (IEC 60318-4).
    const double nominal = ac::coupler_gamma_p0 / (2 * std::numbers::pi * 500 * 1.26e-6);
    CHECK(std::abs(coupler.transfer_impedance_500hz() / nominal - 1) < 0.005);
    const auto v = coupler.effective_volume();
    CHECK(std::abs(v[7] - 1.26e-6) < 0.005 * 1.26e-6);
    const auto level = coupler.level_re_500hz_db();
    // Every band inside the IEC tolerance with the default elements (branch 4 fitted to this table).
    for (std::size_t i = 0; i < f.size(); ++i) {
        CAPTURE(f[i], level[i], table[i]);
        CHECK(std::abs(level[i] - table[i]) <= tol[i] + 1e-9);
    }
    // The values exactly as Nielsen et al. (2004) publish them miss two bands, 3150 Hz (+0.74 dB vs ±0.7) and
    // 4000 Hz (+1.22 dB vs ±0.8): their branch-4 resonance, 1/(2π·sqrt(M4·C4)) ≈ 3.07 kHz, sits too low. The
    // fitted M4 moves it to ≈ 3.64 kHz (closed form below) and keeps the 500 Hz volume within 0.5 %.
    const ac::iec60318_4_coupler paper{g, air_properties::at_celsius(23.0), ac::iec60318_4_elements::published()};
    const auto paper_level = paper.level_re_500hz_db();
    for (std::size_t i = 0; i < f.size(); ++i) {
        CAPTURE(f[i], paper_level[i], table[i]);
        const bool miss = f[i] == 3150 || f[i] == 4000;
        CHECK((std::abs(paper_level[i] - table[i]) > tol[i]) == miss);
    }
    const ac::iec60318_4_elements fitted, published = ac::iec60318_4_elements::published();
    const auto branch_hz = [](double m, double c) { return 1 / (2 * std::numbers::pi * std::sqrt(m * c)); };
    CHECK(branch_hz(published.m4, published.c4) == Approx(3071).epsilon(0.001));
    CHECK(branch_hz(fitted.m4, fitted.c4) == Approx(3641).epsilon(0.001));
    CHECK(std::abs(paper.transfer_impedance_500hz() / coupler.transfer_impedance_500hz() - 1) < 0.005);
    // At 500 Hz the input and transfer impedances nearly coincide (IEC 60318-4: here 3.9 %, 0.33 dB, from the
    // series masses); the ladder is passive and reciprocal.
    CHECK(std::abs(coupler.input_impedance()[7] / coupler.transfer_impedance()[7] - 1.0) < 0.05);
    const nw::grid wide{log_grid(20, 20000, 96)};
    const ac::iec60318_4_coupler cw{wide};
    const auto det = cw.ladder().determinant();
    for (std::size_t i = 0; i < wide.size(); ++i) {
        CHECK(cw.input_impedance()[i].real() >= 0);
        CHECK(std::abs(det[i] - 1.0) < 1e-9);
    }
    // Half-wave resonance of the main cavity ≈ 13.5 kHz ± 1.5 kHz (IEC 60318-4).
    const double peak = first_peak(wide, cw.transfer_impedance(), 8000);
    CHECK(std::abs(peak - 13500) <= 1500);
}

TEST_CASE("residual canal: half-wave resonance c/(2·L_res), drum lifts it slightly", "[acoustics][ear_canal]") {
    const nw::grid g{log_grid(3000, 24000, 480)};
    for (const auto drum : {ac::eardrum_model::rigid, ac::eardrum_model::shaw_stinson}) {
        ac::ear_canal canal; // 25 mm × Ø 7.5 mm at 37 °C
        canal.eardrum = drum;
        const ac::ear_canal_model model{g, canal};
        for (double depth : {0.0, 0.005, 0.010, 0.013}) {
            CAPTURE(to_string(drum), depth);
            const double f_half = canal.air.speed_of_sound / (2 * (0.025 - depth));
            const double peak = first_peak(g, model.respond(depth).transfer_impedance, 3000);
            if (drum == ac::eardrum_model::rigid) CHECK(std::abs(peak / f_half - 1) < 0.01); // losses: −0.5 %
            // The mass-like drum (above ~5 kHz) shortens the effective line: peak 0–8 % above c/(2·L_res).
            else CHECK((peak / f_half >= 1.0 && peak / f_half <= 1.08));
        }
    }
}

TEST_CASE("residual canal: deeper insertion raises the low-frequency level by the volume ratio", "[acoustics][ear_canal]") {
    const nw::grid g{std::vector<double>{20, 50}};
    ac::ear_canal rigid;
    rigid.eardrum = ac::eardrum_model::rigid;
    const ac::ear_canal_model model{g, rigid};
    ac::ear_canal with_drum;
    const ac::ear_canal_model drum_model{g, with_drum};
    const auto zd = ac::eardrum_impedance(g, ac::eardrum_model::shaw_stinson);
    double previous = 0;
    for (double depth : {0.0, 0.004, 0.008, 0.012, 0.016}) {
        const double v0 = model.residual_volume(0.0), v = model.residual_volume(depth);
        CHECK(v == Approx(std::numbers::pi * 3.75e-3 * 3.75e-3 * (0.025 - depth)).epsilon(1e-12));
        // Rigid drum: +20·lg(V0/V) (a closed volume's compliance), the thermal-layer factor cancels in the ratio.
        const auto r0 = model.respond(0.0), r = model.respond(depth);
        CHECK(std::abs(db(r.transfer_impedance.abs(0) / r0.transfer_impedance.abs(0)) - db(v0 / v)) < 0.02);
        // Shaw–Stinson drum: the drum's equivalent volume γP0/(ω|Z_D|) joins V_res.
        const auto d0 = drum_model.respond(0.0), d = drum_model.respond(depth);
        const double vd = with_drum.air.bulk_modulus() / (g.omega()[0] * zd.abs(0));
        CHECK(std::abs(db(d.transfer_impedance.abs(0) / d0.transfer_impedance.abs(0)) - db((v0 + vd) / (v + vd))) < 0.3);
        const double level = ac::drum_spl_db_per_mm3_s(d.transfer_impedance[1]);
        CHECK(level > previous);
        previous = level;
    }
}

TEST_CASE("area-function canal equals the explicit cone cascade; leak follows the lumped high-pass", "[acoustics][ear_canal]") {
    const auto air = air_properties::at_celsius(37);
    const nw::grid g{log_grid(20, 20000, 6)};
    const std::vector<double> x{0, 0.008, 0.017, 0.024}, area{40e-6, 33e-6, 45e-6, 42e-6};
    ac::ear_canal canal;
    canal.geometry = ac::canal_geometry::area_function(x, area);
    const ac::ear_canal_model model{g, canal};
    auto r = [&](double s) { return std::sqrt(s / std::numbers::pi); };
    const double depth = 0.011, r_depth = r(33e-6) + (depth - 0.008) / 0.009 * (r(45e-6) - r(33e-6));
    nw::two_port t = ac::conical_tube(g, air, r_depth, r(45e-6), 0.017 - depth);
    t.append(ac::conical_tube(g, air, r(45e-6), r(42e-6), 0.007));
    // The model keeps the loss medium of the whole segment for the partial one; compare with that medium.
    const auto m1 = ac::circular_duct_medium(g, air, 0.5 * (r(33e-6) + r(45e-6)));
    nw::two_port t_exact = ac::conical_segment(m1, r_depth, r(45e-6), 0.017 - depth);
    t_exact.append(ac::conical_tube(g, air, r(45e-6), r(42e-6), 0.007));
    const auto want = nw::terminate(t_exact, nw::termination::admittance(ac::eardrum_admittance(g, canal.eardrum)));
    const auto got = model.respond(depth);
    for (std::size_t i = 0; i < g.size(); ++i) {
        CHECK(std::abs(got.transfer_impedance[i] / want.transfer_impedance[i] - 1.0) < 1e-10);
        CHECK(std::abs(got.input_impedance[i] / want.input_impedance[i] - 1.0) < 1e-10);
    }
    (void)t;
    CHECK(model.residual_volume(depth) ==
          Approx(std::numbers::pi / 3 * ((0.017 - depth) * (r_depth * r_depth + r_depth * r(45e-6) + r(45e-6) * r(45e-6)) +
                                          0.007 * (r(45e-6) * r(45e-6) + r(45e-6) * r(42e-6) + r(42e-6) * r(42e-6))))
              .epsilon(1e-12));

    // Leak: p/p_sealed = jωC·Z_leak/(1 + jωC·Z_leak) for a volume-velocity source (Beranek & Mellow), lossless
    // canal, rigid drum, well below the canal's resonances.
    ac::ear_canal simple;
    simple.eardrum = ac::eardrum_model::rigid;
    simple.losses = ac::loss_model::lossless;
    const auto vent = ac::leak::tube(simple.air, 0.005, 0.001);
    const nw::grid lf{std::vector<double>{20, 50, 100, 200}};
    const ac::ear_canal_model sealed{lf, simple}, leaky{lf, simple, vent};
    const double depth2 = 0.01, c = sealed.residual_volume(depth2) / simple.air.bulk_modulus();
    const auto ps = sealed.respond(depth2), pl = leaky.respond(depth2);
    for (std::size_t i = 0; i < lf.size(); ++i) {
        const cd jwcz = cd(0, lf.omega()[i] * c) * vent.impedance(lf.omega()[i]);
        CHECK(std::abs(pl.transfer_impedance[i] / ps.transfer_impedance[i] - jwcz / (1.0 + jwcz)) < 0.01);
    }
    CHECK(pl.transfer_impedance.abs(0) < 0.5 * ps.transfer_impedance.abs(0)); // the leak loses bass
}

TEST_CASE("ear canal driven by a source with its own output impedance", "[acoustics][ear_canal]") {
    using namespace iemlab::literals;
    const nw::grid g{log_grid(20, 20000, 3)};
    const ac::ear_canal_model model{g, ac::ear_canal{}, ac::leak::tube(air_properties::at_celsius(37), 0.005, 0.0008)};
    const auto r = model.respond(8_mm);
    const nw::complex_spectrum u(g.size(), 1e-9);
    const auto p_flow = model.drum_pressure(0.008, nw::source::flow(u));
    // Thévenin: p_D = P_s·Z_T/(Z_s + Z_in). A very stiff source (Z_s ≫ Z_in, P_s = U·Z_s) is a volume-velocity
    // source; a zero-impedance source imposes p_tip = P_s, so p_D = P_s·(p_D/p_tip).
    const nw::complex_spectrum z_big(g.size(), 1e18), p_big = u * z_big;
    const auto p_stiff = model.drum_pressure(0.008, nw::source::thevenin(p_big, z_big));
    const nw::complex_spectrum p_s(g.size(), 0.1), z_zero(g.size(), 0.0);
    const auto p_soft = model.drum_pressure(0.008, nw::source::thevenin(p_s, z_zero));
    for (std::size_t i = 0; i < g.size(); ++i) {
        CHECK(std::abs(p_stiff[i] / p_flow[i] - 1.0) < 1e-6);
        CHECK(std::abs(p_flow[i] - u[i] * r.transfer_impedance[i]) <= 1e-12 * std::abs(p_flow[i]));
        CHECK(std::abs(p_soft[i] - 0.1 * r.across_ratio[i]) <= 1e-12 * std::abs(p_soft[i]));
    }
}

TEST_CASE("ear canal: bad parameters name the parameter", "[acoustics][ear_canal][errors]") {
    using Catch::Matchers::Contains;
    const nw::grid g{std::vector<double>{100}};
    const ac::ear_canal_model model{g, ac::ear_canal{}};
    REQUIRE_THROWS_WITH(model.respond(0.025), Contains("insertion_depth = 0.025"));
    REQUIRE_THROWS_WITH(model.respond(-0.001), Contains("insertion_depth"));
    REQUIRE_THROWS_WITH(ac::canal_geometry::cylinder(0.0, 0.0075), Contains("length = 0"));
    REQUIRE_THROWS_WITH(ac::canal_geometry::cylinder(0.025, -0.0075), Contains("diameter = -0.0075"));
    REQUIRE_THROWS_WITH(air_properties::at_celsius(150), Contains("temperature"));
    REQUIRE_THROWS_WITH(ac::leak::tube(air_properties::at_celsius(37), 0.005, 0), Contains("diameter"));
    REQUIRE_THROWS_WITH(nw::grid(std::vector<double>{}), Contains("empty"));
}

TEST_CASE("open ear: quarter-wave gain and the entrance end correction", "[acoustics][open_ear]") {
    const nw::grid g{log_grid(1000, 8000, 480)};
    ac::ear_canal rigid;
    rigid.eardrum = ac::eardrum_model::rigid;
    rigid.losses = ac::loss_model::lossless;
    const double c = rigid.air.speed_of_sound, length = 0.025, a = 3.75e-3;
    // Rigid lossless: p_D/p_EEP = 1/cos(kL), peak at c/(4L).
    const auto gain = ac::open_ear_gain(g, rigid);
    for (std::size_t i = 0; i < g.size(); i += 40)
        CHECK(gain.abs(i) == Approx(1 / std::abs(std::cos(g.omega()[i] / c * length))).epsilon(1e-9));
    // Driven through the unflanged radiation impedance: peak at c/(4·(L + 0.6133·a)) (quarter-wave resonance; Levine &
    // Schwinger 1948).
    const auto blocked = ac::open_ear_gain_re_blocked(g, rigid, ac::radiation_end::unflanged);
    CHECK(first_peak(g, blocked, 1000) == Approx(c / (4 * (length + 0.6133 * a))).epsilon(0.01));
    // Shaw–Stinson drum, Zwikker–Kosten losses: peak in 2.5–3.5 kHz, lower and damped against the rigid drum;
    // gain ≈ half of the 10–20 dB real-ear gain (the rest is concha and pinna) — accept 6–20 dB.
    const auto real = ac::open_ear_gain(g, ac::ear_canal{});
    const double f_peak = first_peak(g, real, 1000);
    CHECK((f_peak >= 2500 && f_peak <= 3500));
    std::size_t ip = 0;
    while (g.frequency(ip) < f_peak) ++ip;
    CHECK((db(real.abs(ip)) >= 6 && db(real.abs(ip)) <= 20));
    CHECK(f_peak < c / (4 * length));
}

TEST_CASE("occlusion effect: lumped limit, depth, frequency dependence", "[acoustics][occlusion]") {
    // Point source, rigid drum and rigid plug, lossless: OE ≈ −20·lg(ω²·M_u·C_tot) at low frequency with
    // M_u = ρ(x_c + δ)/S, δ = 0.6133·a (unflanged), C_tot = V_res/(ρc²) (Stenfelt & Reinfeldt 2007; Carillo et al.
    // 2020).
    ac::ear_canal canal;
    canal.eardrum = ac::eardrum_model::rigid;
    canal.losses = ac::loss_model::lossless;
    const nw::grid lf{std::vector<double>{30}};
    const ac::occlusion_model point{lf, canal};
    const double a = 3.75e-3, s = std::numbers::pi * a * a, xc = 0.008, depth = 0.004;
    const cd open = point.point_source_drum_pressure(0, xc, 0.0,
                                                     1.0 / ac::radiation_impedance(lf, canal.air, a, ac::radiation_end::unflanged)[0]);
    const cd occluded = point.point_source_drum_pressure(0, xc, depth, 0.0);
    const double m_u = canal.air.density * (xc + 0.6133 * a) / s, c_tot = s * (0.025 - depth) / canal.air.bulk_modulus();
    const double w = lf.omega()[0];
    CHECK(std::abs(db(std::abs(occluded / open)) + db(w * w * m_u * c_tot)) < 0.1);

    // Distributed wall source, Shaw–Stinson drum, rigid seal.
    const nw::grid g{std::vector<double>{50, 100, 250, 2000}};
    const ac::occlusion_model model{g, ac::ear_canal{}};
    const auto shallow = model.occlusion_effect_db(0.002), deep = model.occlusion_effect_db(0.016);
    // Published (Stenfelt & Reinfeldt 2007; Carillo et al. 2020): 15–25 dB at 250 Hz for cartilaginous seals, up to 30
    // dB; a rigid perfect seal over-predicts. Our rigid shallow seal gives ≈ 41 dB: it must at least exceed the
    // measured range's lower end, and we do not claim more (see the report).
    CHECK(shallow[2] >= 20);
    // A deep (bony) seal gives clearly less (Stenfelt & Reinfeldt 2007): at least 10 dB less at 250 Hz, still > 0.
    CHECK(deep[2] <= shallow[2] - 10);
    CHECK(deep[2] > 0);
    // Falls ≈ 12 dB/octave at low frequency and is small above 1–2 kHz.
    CHECK((shallow[0] - shallow[1] >= 10 && shallow[0] - shallow[1] <= 13));
    CHECK(std::abs(shallow[3]) < 8);
    REQUIRE_THROWS_WITH(model.occlusion_effect_db(0.03), Catch::Matchers::Contains("insertion_depth = 0.03"));
}

TEST_CASE("occlusion: eartip compliance, vent + slit, soft wall and the tip's share against lumped forms",
          "[acoustics][occlusion]") {
    // Rigid drum, lossless air, 30 Hz: the residual canal is one compliance C = S(L − d)/(ρc²) and every wall
    // source beyond the tip sees the same impedance, so the occluded drum pressure is Q/Y_face+canal with
    // Y = jωC + Y_tip + Σ Y_leak + jωC_wall (acoustics reference §5.2; Beranek & Mellow lumped elements).
    const auto [canal, lf, a, s, length, depth, w, c_res] = lumped_occlusion{};
    const cd jw(0, w);
    const ac::occlusion_model rigid{lf, canal};
    const cd p_rigid = rigid.occluded_drum_pressure(depth)[0];

    // An eartip with the residual canal's compliance doubles the total: −6.02 dB.
    ac::occlusion_parameters soft;
    soft.tip.compliance = c_res;
    CHECK(db(std::abs(ac::occlusion_model{lf, canal, soft}.occluded_drum_pressure(depth)[0] / p_rigid)) ==
          Approx(db(0.5)).margin(0.05));

    // A vent and a slit at once: their admittances add to the canal's.
    const auto vent = ac::leak::tube(canal.air, 0.01, 0.0005), slit = ac::leak::slit(canal.air, 0.002, 0.0001, 0.005);
    ac::occlusion_parameters leaky;
    leaky.plug_leak = vent;
    leaky.leaks = {slit};
    const cd y_c = jw * c_res, y_both = y_c + vent.admittance(w) + slit.admittance(w);
    CHECK(db(std::abs(ac::occlusion_model{lf, canal, leaky}.occluded_drum_pressure(depth)[0] / p_rigid)) ==
          Approx(db(std::abs(y_c / y_both))).margin(0.05));

    // Soft wall: C_w' per metre over the cartilage left open (0.4·25 mm − 5 mm = 5 mm), lossless.
    ac::occlusion_parameters wall;
    wall.wall_compliance = 2 * c_res / 0.005;
    CHECK(db(std::abs(ac::occlusion_model{lf, canal, wall}.occluded_drum_pressure(depth)[0] / p_rigid)) ==
          Approx(db(1.0 / 3.0)).margin(0.05));

    // A coupled eartip pushes a share of the wall volume velocity under it into the canal. Sources: weight 1 over
    // 0 … 10 mm, 0.1 beyond, so under a 5 mm tip Q_u = 5 mm and beyond it Q_b = 5 + 0.1·15 = 6.5 mm. A rigid tip
    // splits evenly between its faces (the outer face is open): share 1/2. A tip of compliance C_t splits by its
    // halves (2C_t each): share C/(2C + 2C_t); with C_t = C that is 1/4 of Q_u, pressing on C alone, while the
    // sources beyond see C + C_t: p = (Q_b/2 + Q_u/4)/(jωC).
    ac::occlusion_parameters coupled;
    coupled.tip.wall_coupling = 1;
    const double q_u = 0.005, q_b = 0.0065;
    CHECK(db(std::abs(ac::occlusion_model{lf, canal, coupled}.occluded_drum_pressure(depth)[0] / p_rigid)) ==
          Approx(db((q_b + 0.5 * q_u) / q_b)).margin(0.05));
    coupled.tip.compliance = c_res;
    CHECK(db(std::abs(ac::occlusion_model{lf, canal, coupled}.occluded_drum_pressure(depth)[0] / p_rigid)) ==
          Approx(db((q_b + 0.5 * q_u) / q_b * 0.5)).margin(0.05));

    // A wall-bonded solid plug deforms like Poiseuille flow with μ → G: its compliance is μ/(G·R_tube) for the
    // Poiseuille resistance R_tube = 8μl/(πa⁴) of a tube of the same bore (leak.hpp).
    const double g_shear = 0.57e6, plug_length = 0.008;
    const auto plug = ac::eartip::solid_plug(g_shear, 1100, plug_length, a, 1.0);
    CHECK(plug.compliance ==
          Approx(canal.air.viscosity / (g_shear * ac::leak::tube(canal.air, plug_length, 2 * a).resistance())));
    REQUIRE_THROWS_WITH(ac::eartip::solid_plug(0.57e6, 1100, 0.008, a, 1.5),
                        Catch::Matchers::Contains("wall_coupling = 1.5"));
}

TEST_CASE("occlusion: no wall-source distribution gives less OE than a source at the drum end",
          "[acoustics][occlusion]") {
    // Sealed, every wall source beyond the seal drives the same residual canal; open, a source's drum pressure grows
    // with the canal mass between it and the opening. So a source at the drum end gives the least OE of any
    // distribution: at low frequency (rigid drum, lossless) OE = −20·lg(ω²·ρ(L + δ)/S·C_res), δ = 0.6133·a
    // (unflanged end, Levine & Schwinger), C_res = S(L − d)/(ρc²) (acoustics reference §5.2).
    const auto [canal, lf, a, s, length, depth, w, c_res] = lumped_occlusion{};
    const double x_end = length - 5e-5;
    const ac::occlusion_model point{lf, canal};
    const cd open = point.point_source_drum_pressure(
        0, x_end, 0.0, 1.0 / ac::radiation_impedance(lf, canal.air, a, ac::radiation_end::unflanged)[0]);
    const cd occluded = point.point_source_drum_pressure(0, x_end, depth, 0.0);
    const double m_u = canal.air.density * (x_end + 0.6133 * a) / s;
    CHECK(db(std::abs(occluded / open)) == Approx(-db(w * w * m_u * c_res)).margin(0.05));

    // Shaw–Stinson drum, visco-thermal losses, 250 Hz and 1 kHz: whatever the cartilage fraction and the bony
    // weight, the distributed OE of a rigid seal at 5 mm stays at or above the drum-end bound.
    const nw::grid g{std::vector<double>{250, 1000}};
    const ac::ear_canal real;
    const ac::occlusion_model bound_model{g, real};
    const auto z_rad = ac::radiation_impedance(g, real.air, a, ac::radiation_end::unflanged);
    std::vector<double> bound(g.size());
    for (std::size_t i = 0; i < g.size(); ++i)
        bound[i] = db(std::abs(bound_model.point_source_drum_pressure(i, x_end, depth, 0.0) /
                               bound_model.point_source_drum_pressure(i, x_end, 0.0, 1.0 / z_rad[i])));
    for (double cartilage : {0.3, 0.4, 0.6})
        for (double bony : {0.0, 0.1, 1.0, 10.0}) {
            ac::occlusion_parameters p;
            p.cartilage_fraction = cartilage;
            p.bony_weight = bony;
            const auto oe = ac::occlusion_model{g, real, p}.occlusion_effect_db(depth);
            INFO("cartilage_fraction " << cartilage << ", bony_weight " << bony);
            CHECK(oe[0] >= bound[0] - 0.05);
            CHECK(oe[1] >= bound[1] - 0.05);
        }
    // The bound itself lies above the published figures for real devices (20–25 dB at 250 Hz, ≈ 0 dB above
    // 1–2 kHz): a rigid, perfect seal cannot reach them by any choice of the wall sources (docs/ear-models.md).
    CHECK(bound[0] > 25);
    CHECK(bound[1] > 5);
}

TEST_CASE("occlusion: a concha-and-head entrance is not what the rigid seal is missing", "[acoustics][occlusion]") {
    // Rosowski's outer ear: the canal opens into a 10 mm exponential horn widening tenfold (his 44 → 440 mm²),
    // loaded by Bauer's sphere ρ/(2π·a_s) ∥ ρc/(π·a_s²), a_s = 0.1 m (acoustics reference §1.6). Built here from 16
    // conical frusta. The open drum pressure is re-summed over the model's wall sources (200 midpoints, weight 1 in
    // the outer 40 %, 0.1 beyond; checked against the model's own unflanged sum) with this entrance instead.
    const nw::grid g{std::vector<double>{250, 1000}};
    const ac::ear_canal canal;
    const ac::occlusion_model model{g, canal};
    const double a = 3.75e-3, length = 0.025, rho = canal.air.density, c = canal.air.speed_of_sound;
    nw::two_port horn = nw::two_port::identity(g);
    for (int k = 0; k < 16; ++k)
        horn.append(ac::conical_tube(g, canal.air, a * std::pow(10.0, k / 32.0), a * std::pow(10.0, (k + 1) / 32.0),
                                     0.010 / 16));
    const double m_bauer = rho / (2 * std::numbers::pi * 0.1), r_bauer = rho * c / (std::numbers::pi * 0.01);
    const auto z_unflanged = ac::radiation_impedance(g, canal.air, a, ac::radiation_end::unflanged);
    const auto occluded = model.occluded_drum_pressure(0.005);
    const auto oe = model.occlusion_effect_db(0.005);
    for (std::size_t i = 0; i < g.size(); ++i) {
        const cd zm(0, g.omega()[i] * m_bauer), z_load = zm * r_bauer / (zm + r_bauer);
        const cd z_concha = (horn.a()[i] * z_load + horn.b()[i]) / (horn.c()[i] * z_load + horn.d()[i]);
        cd open_concha = 0, open_unflanged = 0;
        for (int k = 0; k < 200; ++k) {
            const double x = (k + 0.5) * length / 200, q = (x < 0.4 * length ? 1.0 : 0.1) * length / 200;
            open_concha += q * model.point_source_drum_pressure(i, x, 0.0, 1.0 / z_concha);
            open_unflanged += q * model.point_source_drum_pressure(i, x, 0.0, 1.0 / z_unflanged[i]);
        }
        CHECK(std::abs(open_unflanged / model.open_drum_pressure()[i] - 1.0) < 1e-9);
        // The heavier entrance (≈ 1.8 × the unflanged end's mass) lowers the OE by under 2 dB: far from the ≈ 14 dB
        // between the rigid seal and the measured figures.
        const double lowered = oe[i] - db(std::abs(occluded[i] / open_concha));
        INFO("f = " << g.frequency(i) << " Hz");
        CHECK(lowered > 1.0);
        CHECK(lowered < 2.0);
    }
}

TEST_CASE("occlusion: what the added physics does to the published comparisons", "[acoustics][occlusion]") {
    // Shaw–Stinson drum, Zwikker–Kosten losses, default wall sources. Published: measured OE is small above
    // 1–2 kHz and never strongly negative; every seal depth, deep ones included, gives a noticeable OE (Stenfelt &
    // Reinfeldt 2007, Int J Audiol 46). Vents of ≥ 2 mm reduce the OE (Dillon 2012; acoustics reference §5.1).
    const nw::grid g{std::vector<double>{250, 2000}};
    const auto air = air_properties::at_celsius(37.0);
    const ac::occlusion_model rigid{g, ac::ear_canal{}};
    ac::occlusion_parameters silicone;
    silicone.tip = ac::eartip::solid_plug(0.57e6, 1100, 0.008, 3.75e-3, 1.0);
    const ac::occlusion_model coupled{g, ac::ear_canal{}, silicone};
    // The rigid, uncoupled seal at 16 mm dips below −8 dB at 2 kHz (the open canal's resonance with no source
    // left in the occluded canal but the weak bony wall); the coupled silicone tip, pushing the motion of the 8 mm of
    // wall under it into the canal, brings the deep OE at 2 kHz back within the published ±5 dB of 0.
    CHECK(rigid.occlusion_effect_db(0.016)[1] < -8);
    CHECK(std::abs(coupled.occlusion_effect_db(0.016)[1]) < 5);
    CHECK(coupled.occlusion_effect_db(0.016)[0] > 20);
    ac::occlusion_parameters vented;
    vented.leaks = {ac::leak::tube(air, 0.01, 0.002)};
    CHECK(ac::occlusion_model{g, ac::ear_canal{}, vented}.occlusion_effect_db(0.005)[0] <
          rigid.occlusion_effect_db(0.005)[0] - 10);
}

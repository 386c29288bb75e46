// docs/validation.md: every acoustic model against its published figures, computed here from the library and compared
// with the committed file, so the table is never typed by hand and never stale. Regenerate it with
// scripts/update-validation.sh (runs this test with IEMLAB_UPDATE_VALIDATION=1). Rows outside their tolerance are
// listed as such; the tests that hold the models to the figures are test_ear_models.cpp and
// test_eardrum_physiology.cpp (this file only keeps the table current).
#include <iemlab/acoustics/coupler.hpp>
#include <iemlab/acoustics/ear_canal.hpp>
#include <iemlab/acoustics/eardrum.hpp>
#include <iemlab/acoustics/occlusion.hpp>
#include <iemlab/acoustics/open_ear.hpp>
#include <iemlab/acoustics/p57_type43.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

using namespace iemlab;
namespace ac = iemlab::acoustics;
namespace nw = iemlab::network;

namespace {

double db(double x) { return 20 * std::log10(x); }

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s = s[0] == '-' ? s.substr(1) : s; // no "-0.00"
    return s;
}

// One row: what was computed, where the published figure comes from, the figure, iemlab's value, the tolerance.
struct row {
    std::string configuration, quantity, source;
    double published, lo, hi; // accepted interval [lo, hi]
    double value;
    int decimals;
    std::string published_text, tolerance_text;
};

row within(std::string configuration, std::string quantity, std::string source, double published, double tol,
           double value, int decimals, std::string unit = "") {
    return {std::move(configuration), std::move(quantity), std::move(source), published, published - tol,
            published + tol, value, decimals, fixed(published, decimals) + unit, "±" + fixed(tol, decimals) + unit};
}

row range(std::string configuration, std::string quantity, std::string source, double lo, double hi, double value,
          int decimals, std::string unit = "") {
    return {std::move(configuration), std::move(quantity), std::move(source), 0.5 * (lo + hi), lo, hi, value, decimals,
            fixed(lo, decimals) + " … " + fixed(hi, decimals) + unit, "range"};
}

// A one-sided published figure ("at least"): the row is within when the value is >= `lo`.
row at_least(std::string configuration, std::string quantity, std::string source, double lo, double value,
             int decimals, std::string unit = "") {
    return {std::move(configuration), std::move(quantity), std::move(source), lo, lo, 1e300, value, decimals,
            "≥ " + fixed(lo, decimals) + unit, "one-sided"};
}

double first_peak(const nw::grid& g, const nw::complex_spectrum& s, double f_from) {
    for (std::size_t i = 1; i + 1 < g.size(); ++i)
        if (g.frequency(i) >= f_from && s.abs(i) > s.abs(i - 1) && s.abs(i) >= s.abs(i + 1)) return g.frequency(i);
    return 0;
}

std::vector<row> rows() {
    std::vector<row> out;
    const double pi = std::numbers::pi;

    // IEC 60318-4 ("711") ladder at 23 °C.
    {
        const std::vector<double> f{100, 125, 160, 200, 250, 315, 400, 630, 800, 1000, 1250,
                                    1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000};
        const std::vector<double> table{-0.3, -0.2, -0.2, -0.1, -0.1, -0.1, 0.0, 0.1, 0.2, 1.6, 3.3,
                                        4.5,  5.2,  6.0,  6.9,  8.0,  9.3, 11.4, 13.7, 18.0};
        const std::vector<double> tol{0.5, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.5,
                                      0.5, 0.5, 0.6, 0.6, 0.7, 0.8, 1.0, 1.0, 1.5, 2.0};
        const nw::grid g{f};
        const ac::iec60318_4_coupler coupler{g};
        const double nominal = ac::coupler_gamma_p0 / (2 * pi * 500 * 1.26e-6);
        out.push_back(within("IEC 60318-4 coupler (lumped ladder, 23 °C)", "magnitude of Z_T(500 Hz), MPa·s/m³",
                             "IEC 60318-4 (1.26 cm³ at 500 Hz)", nominal * 1e-6, 0.005 * nominal * 1e-6,
                             coupler.transfer_impedance_500hz() * 1e-6, 2));
        const auto level = coupler.level_re_500hz_db();
        for (std::size_t i = 0; i < f.size(); ++i)
            out.push_back(within("IEC 60318-4 coupler", "level re 500 Hz at " + fixed(f[i], 0) + " Hz, dB",
                                 "IEC 60711 Table 2", table[i], tol[i], level[i], 2));
        const nw::grid wide{log_grid(8000, 20000, 96)};
        const ac::iec60318_4_coupler cw{wide};
        out.push_back(within("IEC 60318-4 coupler", "half-wave resonance, kHz", "IEC 60318-4 (≈ 13.5 kHz)", 13.5,
                             1.5, first_peak(wide, cw.transfer_impedance(), 8000) * 1e-3, 2));
    }

    // Residual canal: half-wave resonance of the sealed canal.
    {
        const nw::grid g{log_grid(3000, 24000, 480)};
        for (const auto drum : {ac::eardrum_model::rigid, ac::eardrum_model::shaw_stinson}) {
            ac::ear_canal canal;
            canal.eardrum = drum;
            const ac::ear_canal_model model{g, canal};
            for (double depth : {0.0, 0.010}) {
                const double f_half = canal.air.speed_of_sound / (2 * (0.025 - depth));
                const double ratio = first_peak(g, model.respond(depth).transfer_impedance, 3000) / f_half;
                const std::string conf = "canal 25 mm × Ø 7.5 mm, 37 °C, " + std::string(to_string(drum)) +
                                         " drum, sealed at " + fixed(depth * 1e3, 0) + " mm";
                if (drum == ac::eardrum_model::rigid)
                    out.push_back(within(conf, "first Z_T peak ÷ c/(2·L_res)", "closed form (half wave)", 1.0, 0.01,
                                         ratio, 3));
                else
                    out.push_back(range(conf, "first Z_T peak ÷ c/(2·L_res)",
                                        "closed form; a mass-like drum lifts it (acoustics reference §4.2)", 1.0, 1.08,
                                        ratio, 3));
            }
        }
    }

    // Eardrum: energy reflectance, open-ear gain, equivalent volume, the load of an ear simulator's canal.
    {
        const auto air = air_properties::at_celsius(37);
        const double z0 = air.density * air.speed_of_sound / (pi * 3.75e-3 * 3.75e-3);
        const nw::grid gains{std::vector<double>{3150}};
        for (const auto drum : {ac::eardrum_model::shaw_stinson, ac::eardrum_model::hudde_engel}) {
            const std::string name = std::string(to_string(drum)) + " drum";
            for (const auto& [f, r] : {std::pair{4000.0, 0.3}, std::pair{8000.0, 0.8}}) {
                const auto z = ac::eardrum_impedance(nw::grid{std::vector<double>{f}}, drum)[0];
                out.push_back(within(name + ", Ø 7.5 mm canal (ρc/S), 37 °C",
                                     "energy reflectance at " + fixed(f * 1e-3, 0) + " kHz",
                                     "Lawton & Stinson, JASA 79 (1986), 13 adults", r, 0.15,
                                     ac::energy_reflectance(z, z0), 2));
            }
            ac::ear_canal canal;
            canal.eardrum = drum;
            out.push_back(within(name + ", open canal 25 mm × Ø 7.5 mm", "p_drum/p_entrance at 3.15 kHz, dB",
                                 "ITU-T P.58 ERP→DRP (≈ 10 dB, as quoted in issue 18)", 10, 3,
                                 db(ac::open_ear_gain(gains, canal).abs(0)), 1));
            const double w226 = 2 * pi * 226;
            const auto z226 = ac::eardrum_impedance(nw::grid{std::vector<double>{226}}, drum)[0];
            out.push_back(range(name, "equivalent volume γP0/(ω·abs Z_D) at 226 Hz, cm³",
                                "adult tympanometric static admittance, 90 % range (Margolis & Heller 1987)", 0.37,
                                1.66, air.bulk_modulus() / (w226 * std::abs(z226)) * 1e6, 2));
            // P.57 Type 4.3's own canal (area function, reference plane → tip: 451.3 + 44.4 mm³) ending in this drum.
            ac::ear_canal load = ac::p57_type43_ear();
            load.eardrum = drum;
            const ac::ear_canal_model m{nw::grid{std::vector<double>{500}}, load};
            out.push_back(within(name + " at the tip of the P.57 Type 4.3 canal (reference plane → tip, 495.7 mm³), 23 °C",
                                 "magnitude of Z_T(500 Hz), MPa·s/m³",
                                 "ITU-T P.57 Type 4.3 (reference plane → drum reference point)", 27.7, 0.05 * 27.7,
                                 m.respond(0.0).transfer_impedance.abs(0) * 1e-6, 1));
        }
    }

    // The ear simulator close to ITU-T P.57 Type 4.3 (`--load p57`): the standard's canal and its fitted drum.
    {
        const std::string conf = "P.57 Type 4.3 simulator (P.57 canal + p57 drum fitted to P.57 Table 5-c), 23 °C";
        const ac::ear_canal_model m{nw::grid{std::vector<double>{500}}, ac::p57_type43_ear()};
        out.push_back(within(conf, "magnitude of Z_T(500 Hz), MPa·s/m³",
                             "ITU-T P.57 Type 4.3 (reference plane → drum reference point)", 27.7, 0.05 * 27.7,
                             m.respond(0.0).transfer_impedance.abs(0) * 1e-6, 1));
        const nw::grid wide{log_grid(3000, 20000, 480)};
        const ac::ear_canal_model mw{wide, ac::p57_type43_ear()};
        out.push_back(within(conf, "first Z_T peak (half-wave resonance), kHz",
                             "ITU-T P.57 Type 4.3 (≈ 10.6 kHz, acoustics reference §3.5; tolerance iemlab's)", 10.6,
                             1.0, first_peak(wide, mw.respond(0.0).transfer_impedance, 3000) * 1e-3, 2));
    }

    // The Hudde & Engel drum against its own published curve (COMSOL's implementation, Nielsen & Herring Jensen,
    // DAGA 2022, Fig. 5, as digitised by the AcoustiLab project): the model is as published; the rows above that it
    // misses are the published model's, not the code's.
    {
        const std::string conf = "hudde drum (COMSOL's Hudde & Engel values)";
        const std::string src = "Hudde & Engel model curve, DAGA 2022 Fig. 5 (digitised by AcoustiLab)";
        out.push_back(within(conf, "abs Z_D at 165 Hz, dB re 8 MPa·s/m³", src, 26.5, 0.3,
                             db(std::abs(ac::hudde_engel_impedance(2 * pi * 165)) / 8e6), 1));
        double f_min = 0, z_min = 1e300;
        for (double f = 500; f <= 1500; f *= 1.002) {
            const double z = std::abs(ac::hudde_engel_impedance(2 * pi * f));
            if (z < z_min) z_min = z, f_min = f;
        }
        out.push_back(within(conf, "minimum of abs Z_D, dB re 8 MPa·s/m³", src, 12.2, 0.3, db(z_min / 8e6), 1));
        out.push_back(within(conf, "frequency of that minimum, Hz", src, 865, 60, f_min, 0));
    }

    // Leak: bass loss of a vent against the lumped high-pass.
    {
        ac::ear_canal simple;
        simple.eardrum = ac::eardrum_model::rigid;
        simple.losses = ac::loss_model::lossless;
        const auto vent = ac::leak::tube(simple.air, 0.005, 0.001);
        const nw::grid lf{std::vector<double>{20, 100}};
        const ac::ear_canal_model sealed{lf, simple}, leaky{lf, simple, vent};
        const double c = sealed.residual_volume(0.01) / simple.air.bulk_modulus();
        const auto ps = sealed.respond(0.01), pl = leaky.respond(0.01);
        for (std::size_t i = 0; i < lf.size(); ++i) {
            const std::complex<double> jwcz = std::complex<double>(0, lf.omega()[i] * c) * vent.impedance(lf.omega()[i]);
            out.push_back(within("vent 5 mm × Ø 1 mm at a 10 mm seal, rigid drum, lossless",
                                 "bass loss at " + fixed(lf.frequency(i), 0) + " Hz, dB",
                                 "lumped high-pass jωCZ/(1 + jωCZ) (Beranek & Mellow)", db(std::abs(jwcz / (1.0 + jwcz))),
                                 0.1, db(pl.transfer_impedance.abs(i) / ps.transfer_impedance.abs(i)), 2));
        }
    }

    // Occlusion effect, Shaw–Stinson drum, rigid seal, default wall-source distribution.
    // The published occlusion figures for a seal at 5 mm (250 Hz, 1 kHz) and 16 mm (2 kHz) with eartip `p`.
    const auto occlusion_rows = [&](const std::string& conf, const ac::occlusion_parameters& p) {
        const nw::grid g{std::vector<double>{250, 1000, 2000}};
        const ac::occlusion_model model{g, ac::ear_canal{}, p};
        const auto shallow = model.occlusion_effect_db(0.005), deep = model.occlusion_effect_db(0.016);
        out.push_back(range(conf + "5 mm", "OE at 250 Hz, dB", "cartilaginous seals (Staab; acoustics reference §5.1)",
                            20, 25, shallow[0], 1));
        out.push_back(within(conf + "5 mm", "OE at 1 kHz, dB", "≈ 0 dB above 1–2 kHz (acoustics reference §5.1)", 0, 5,
                             shallow[1], 1));
        out.push_back(within(conf + "16 mm", "OE at 2 kHz, dB", "≈ 0 dB above 1–2 kHz (acoustics reference §5.1)", 0, 5,
                             deep[2], 1));
    };
    occlusion_rows("occlusion, 25 mm canal, shaw-stinson drum, rigid seal at ", {});

    // Occlusion: eartip, several leaks, soft wall — lumped closed forms at 30 Hz (rigid drum, lossless air, seal at
    // 5 mm, residual compliance C = S·20 mm/(ρc²)): the occluded drum pressure is Q/Y with Y the sum of the face's
    // admittances; a coupled eartip adds the share of the wall volume velocity under it (eartip.hpp).
    {
        ac::ear_canal canal;
        canal.eardrum = ac::eardrum_model::rigid;
        canal.losses = ac::loss_model::lossless;
        const nw::grid lf{std::vector<double>{30}};
        const double a = 3.75e-3, s = std::numbers::pi * a * a, depth = 0.005, w = lf.omega()[0];
        const double c_res = s * (0.025 - depth) / canal.air.bulk_modulus();
        const std::complex<double> jwc(0, w * c_res);
        const auto p_rigid = ac::occlusion_model{lf, canal}.occluded_drum_pressure(depth)[0];
        auto gain = [&](const ac::occlusion_parameters& p) {
            return db(std::abs(ac::occlusion_model{lf, canal, p}.occluded_drum_pressure(depth)[0] / p_rigid));
        };
        const std::string conf = "occlusion, 25 mm canal, rigid drum, lossless, seal at 5 mm, 30 Hz: ";
        ac::occlusion_parameters tip;
        tip.tip.compliance = c_res;
        out.push_back(within(conf + "eartip compliance = residual canal's", "drum pressure re rigid tip, dB",
                             "closed form C/(C + C_tip)", db(0.5), 0.05, gain(tip), 2));
        const auto vent = ac::leak::tube(canal.air, 0.01, 0.0005), slit = ac::leak::slit(canal.air, 0.002, 0.0001, 0.005);
        ac::occlusion_parameters leaky;
        leaky.leaks = {vent, slit};
        out.push_back(within(conf + "vent 10 mm × Ø 0.5 mm and slit 2 mm × 0.1 mm × 5 mm at once",
                             "drum pressure re sealed, dB", "closed form jωC/(jωC + Y_vent + Y_slit)",
                             db(std::abs(jwc / (jwc + vent.admittance(w) + slit.admittance(w)))), 0.05, gain(leaky),
                             2));
        ac::occlusion_parameters coupled;
        coupled.tip.wall_coupling = 1;
        out.push_back(within(conf + "rigid eartip, wall coupling 1", "drum pressure re uncoupled, dB",
                             "closed form (Q_b + Q_u/2)/Q_b, Q_u = 5 mm, Q_b = 6.5 mm of wall", db(9.0 / 6.5), 0.05,
                             gain(coupled), 2));
    }

    // Occlusion with a solid, wall-bonded silicone eartip (shear modulus 0.56 MPa: Shore 40A through Gent's 1958
    // relation, E = 1.69 MPa, G = E/3; density 1100 kg/m³; 8 mm long), coupled to the wall under it.
    {
        ac::occlusion_parameters silicone;
        silicone.tip = ac::eartip::solid_plug(0.56e6, 1100, 0.008, 3.75e-3, 1.0);
        occlusion_rows("occlusion, 25 mm canal, shaw-stinson drum, solid silicone tip coupled to the wall, at ", silicone);
    }

    // Occlusion: why the rigid seal's rows stay outside. Sealed, every wall source beyond the seal drives the same
    // residual canal; open, a source's drum pressure grows with the canal mass between it and the entrance. A source
    // at the drum end therefore gives the least OE of any wall-source distribution (test_ear_models.cpp checks
    // this for many): if even that lies above the published figures, no cartilage fraction or bony weight reaches
    // them, and the missing reduction is in the seal (leaks, vents, a compliant device) or in the measurements'
    // other paths, not in where the wall source sits.
    {
        const nw::grid g{std::vector<double>{250, 1000}};
        const ac::ear_canal canal;
        const ac::occlusion_model model{g, canal};
        const auto z_rad = ac::radiation_impedance(g, canal.air, 3.75e-3, ac::radiation_end::unflanged);
        const double x_end = 0.025 - 5e-5, depth = 0.005;
        std::vector<double> oe(g.size());
        for (std::size_t i = 0; i < g.size(); ++i)
            oe[i] = db(std::abs(model.point_source_drum_pressure(i, x_end, depth, 0.0) /
                                model.point_source_drum_pressure(i, x_end, 0.0, 1.0 / z_rad[i])));
        const std::string conf = "occlusion, 25 mm canal, shaw-stinson drum, rigid seal at 5 mm, all wall source at "
                                 "the drum end (the least OE of any wall-source distribution)";
        out.push_back(range(conf, "OE at 250 Hz, dB", "cartilaginous seals (Staab; acoustics reference §5.1)", 20, 25,
                            oe[0], 1));
        out.push_back(within(conf, "OE at 1 kHz, dB", "≈ 0 dB above 1–2 kHz (acoustics reference §5.1)", 0, 5, oe[1],
                             1));
    }

    // Occlusion: shallow vs deep insertion and a vent, rigid seal, default wall sources. The published figures are
    // directions and lower bounds: a deep (bony) seal gives less OE than a shallow one, yet still a noticeable one
    // (≥ 3 dB, read as "noticeable"); a vent of Ø ≥ 2 mm lowers the bass OE noticeably. The difference deep − shallow
    // lies within −30 … 0 dB: shallow seals measure at most ≈ 30 dB at 250 Hz and deep ones stay positive.
    {
        const nw::grid g{std::vector<double>{250}};
        const ac::ear_canal canal;
        const ac::occlusion_model rigid{g, canal};
        const double shallow = rigid.occlusion_effect_db(0.005)[0], deep = rigid.occlusion_effect_db(0.016)[0];
        const std::string conf = "occlusion, 25 mm canal, shaw-stinson drum, rigid seal at 16 mm vs 5 mm";
        out.push_back(range(conf, "OE at 250 Hz, deep minus shallow, dB",
                            "deep (bony) seals give less OE (Berger & Kerivan, JASA 74, 1983; Stenfelt & Reinfeldt, "
                            "Int J Audiol 46, 2007)",
                            -30, 0, deep - shallow, 1));
        out.push_back(at_least("occlusion, 25 mm canal, shaw-stinson drum, rigid seal at 16 mm", "OE at 250 Hz, dB",
                               "every depth, deep ones included, gives a noticeable OE (Stenfelt & Reinfeldt 2007)", 3,
                               deep, 1));
        ac::occlusion_parameters vented;
        vented.leaks = {ac::leak::tube(canal.air, 0.01, 0.002)};
        const double with_vent = ac::occlusion_model{g, canal, vented}.occlusion_effect_db(0.005)[0];
        out.push_back(at_least("occlusion, 25 mm canal, shaw-stinson drum, seal at 5 mm with a vent 10 mm × Ø 2 mm",
                               "OE at 250 Hz re the unvented seal, reduction in dB",
                               "vents ≥ 2 mm reduce the OE (Dillon 2012; Denk et al., Int J Audiol 62, 2023)", 3,
                               shallow - with_vent, 1));
    }
    return out;
}

std::string markdown() {
    std::ostringstream md;
    md << "# Validation: iemlab's acoustic models against published figures\n\n"
          "Generated by tests/unit/acoustics/test_validation_table.cpp from the library; do not edit by hand. After a\n"
          "change to a model run `scripts/update-validation.sh` (the unit test fails while this file is stale). A row is\n"
          "**outside** when iemlab's value leaves the published figure's tolerance or range; those rows are open work\n"
          "(issue 18), listed rather than hidden. Closed forms are included where they pin the same physics.\n\n"
          "| Configuration | Quantity | Source | Published | iemlab | Tolerance | Within |\n"
          "|---|---|---|---|---|---|---|\n";
    std::size_t outside = 0, total = 0;
    for (const auto& r : rows()) {
        const double v = std::stod(fixed(r.value, r.decimals)); // judge the printed value
        const bool ok = v >= r.lo - 1e-9 && v <= r.hi + 1e-9;
        ++total;
        if (!ok) ++outside;
        md << "| " << r.configuration << " | " << r.quantity << " | " << r.source << " | " << r.published_text
           << " | " << fixed(r.value, r.decimals) << " | " << r.tolerance_text << " | " << (ok ? "yes" : "**outside**")
           << " |\n";
    }
    md << "\n" << total - outside << " of " << total << " figures within tolerance; " << outside << " outside.\n";
    return md.str();
}

} // namespace

TEST_CASE("docs/validation.md is the table the models produce now", "[acoustics][validation]") {
    const std::string path = IEMLAB_SOURCE_DIR "/docs/validation.md";
    const std::string want = markdown();
    const char* update = std::getenv("IEMLAB_UPDATE_VALIDATION");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << want;
        SUCCEED("wrote " + path);
        return;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream have;
    have << in.rdbuf();
    INFO("docs/validation.md is stale or missing: run scripts/update-validation.sh and commit the result");
    CHECK(have.str() == want);
}

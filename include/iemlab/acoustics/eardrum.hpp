#pragma once
/// @file
/// @brief Eardrum (tympanic membrane + middle ear) terminations of the ear canal: Shaw & Stinson (1983) as
/// tabulated by Schroeter & Pösselt (1986), Hudde & Engel (1998) in the outline of the COMSOL Acoustics Module
/// guide, the drum of an ITU-T P.57 Type 4.3 ear simulator (a network fitted to that standard's impedance table), a
/// rigid wall, and a measured (or otherwise computed) impedance given as a table. Element values: Shaw & Stinson
/// 1983; Hudde & Engel 1998; ITU-T P.57 (06/2021). docs/validation.md compares each model with published figures.

#include "iemlab/core/air.hpp"
#include "iemlab/core/enum_name.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/network/spectrum.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::acoustics {

/// Which eardrum impedance terminates a canal.
enum class eardrum_model {
    shaw_stinson, ///< Shaw & Stinson (1983) network, values of Schroeter & Pösselt (1986, Fig. 7)
    hudde_engel,  ///< Hudde & Engel (1998) middle-ear model, COMSOL outline (ln phase laws); defined to 16 kHz
    rigid,        ///< a rigid wall (zero volume velocity)
    p57_type43    ///< the drum of an ITU-T P.57 Type 4.3 ear simulator: a network fitted to P.57's Table 5-c
};

/// CLI name of an eardrum model: "shaw-stinson", "hudde", "rigid", "p57".
constexpr std::string_view to_string(eardrum_model m) noexcept {
    switch (m) {
    case eardrum_model::shaw_stinson: return "shaw-stinson";
    case eardrum_model::hudde_engel: return "hudde";
    case eardrum_model::rigid: return "rigid";
    case eardrum_model::p57_type43: return "p57";
    }
    return "rigid";
}

/// Parses "shaw-stinson", "hudde" (or "hudde-engel"), "rigid" or "p57"; throws iemlab::error otherwise.
inline eardrum_model parse_eardrum_model(std::string_view name, std::string_view parameter = "eardrum") {
    if (name == "hudde-engel") return eardrum_model::hudde_engel; // the long name, accepted as an alias
    return parse_enum_name("parse_eardrum_model", parameter, name,
                           {eardrum_model::shaw_stinson, eardrum_model::hudde_engel, eardrum_model::rigid,
                            eardrum_model::p57_type43});
}

/// Shaw & Stinson eardrum impedance (Pa·s/m³) at angular frequency ω > 0 (Shaw & Stinson 1983, values of Schroeter &
/// Pösselt 1986).
inline std::complex<double> shaw_stinson_impedance(double omega) noexcept {
    using cd = std::complex<double>;
    const cd jw(0, omega);
    constexpr double k = 9, la = 2e3, ra = 1e6, cp = 5.1e-11, ct = 3.5e-12, rm = 2e7;
    constexpr double cdo = 2e-12, rdo = 1.7e7, ld = 1.2e3, c_d = 3e-11, rd = 1e6;
    constexpr double lo = 3e5, co = 1.5e-13, ro = 9e8, cs = 2.7e-14, rs = 3e10, lc = 2e5, cc = 5e-14, rc = 6e9;
    const cd z_ap = ra + jw * la + 1.0 / (jw * cp);
    const cd z_cav = 1.0 / (1.0 / z_ap + jw * ct + 1.0 / rm); // middle-ear cavities
    const cd z_do = rdo + 1.0 / (jw * cdo);                   // uncoupled drum
    const cd z_d = rd + jw * ld + 1.0 / (jw * c_d);           // coupled drum
    const cd z_s = rs + 1.0 / (jw * cs), z_c = rc + jw * lc + 1.0 / (jw * cc);
    const cd z_sc = z_s * z_c / (z_s + z_c);
    const cd z_o = ro + jw * lo + 1.0 / (jw * co) + z_sc; // ossicles, stapes, cochlea
    const cd z_k = (z_o * z_do + z_o * z_d + k * k * z_do * z_d) / (z_o + z_d + (1 + k) * (1 + k) * z_do);
    return z_cav + z_k;
}

/// Hudde & Engel eardrum impedance (Pa·s/m³) at angular frequency ω > 0 (Hudde & Engel 1998, COMSOL outline with
/// natural-log phase laws). Mechanical parts in N·s/m, m/N, kg; the drum area A_D couples them to the canal.
/// It reproduces the model's published curve (Nielsen & Herring Jensen, DAGA 2022, Fig. 5); above 2 kHz that
/// drum is far stiffer than living ears' (docs/ear-models.md), a property of the published values.
inline std::complex<double> hudde_engel_impedance(double omega) noexcept {
    using cd = std::complex<double>;
    const cd j(0, 1), jw(0, omega);
    const double two_pi = 2 * std::numbers::pi, gamma_p0 = standard_bulk_modulus;
    // Middle-ear cavities: tympanum, aditus, antrum, mastoid cells.
    const double rt = 2.0e6, ct = 0.5e-6 / gamma_p0, rada = 1.7e6, lada = 880, cant = 0.8e-6 / gamma_p0;
    const double cmac = 8e-6 / gamma_p0, wmac = two_pi * 3500, qmac = 0.4;
    const cd y_mac = jw * cmac / (1.0 - (omega / wmac) * (omega / wmac) + jw / (qmac * wmac));
    const cd y_cav = 1.0 / (rt + 1.0 / (jw * ct)) + 1.0 / (rada + jw * lada + 1.0 / (jw * cant + y_mac));
    // Drum shunt (the part of the drum not coupled to the malleus), with its empirical phase law.
    const double rac = 4.0e7, cac = 5.0e-12, lac0 = 2.4e3, wlac = two_pi * 1900, syph = 1.4, wyph = two_pi * 8000;
    const cd y_ac = std::exp(j * (syph * std::log(1 + omega / wyph))) /
                    (rac + jw * lac0 * (1 + std::sqrt(omega / wlac)) + 1.0 / (jw * cac));
    // Effective drum area, resonant, with its phase law above f_Aph.
    const double a0 = 38e-6, ainf = 2e-6, wa = two_pi * 2200, qa = 1.3, saph = -1.2, waph = two_pi * 1500;
    const double phia = -0.8038;
    cd ad = (a0 + ainf) / (1.0 - (omega / wa) * (omega / wa) + jw / (qa * wa)) - ainf;
    if (omega > waph) ad = std::polar(std::abs(ad), saph * std::log(omega / waph) + phia);
    // Ossicular chain, split 2/3 – 1/3 around the incus shunt, loaded by stapes and cochlea.
    const double rmi = 1.0, cmi = 0.04e-3, coss = 3.0e-3, loss = 7e-6, ccpl = 0.5e-3, rcpl = 0.08;
    const double rfree = 0.02, lfree = 12e-6;
    const double rst = 18e-3, lst = 3e-6, cst = 1.2e-3, rcc = 70e-3, lcc = 10e-6, ccc = 11e-3;
    const cd z_dmi =
        1.0 / (jw * coss) + jw * loss + 1.0 / (1.0 / (rfree + jw * lfree) + 1.0 / (rcpl + 1.0 / (jw * ccpl)));
    const cd z_dm = (2.0 / 3.0) * z_dmi, z_i = (1.0 / 3.0) * z_dmi;
    const cd y_mi = 1.0 / (rmi + 1.0 / (jw * cmi));
    const cd z_load = rst + rcc + jw * (lst + lcc) + 1.0 / (jw * cst) + 1.0 / (jw * ccc);
    // Input impedance of shunt(Y_ac)·transformer(A_D)·series(Z_dm)·shunt(Y_mi)·series(Z_i) into Z_load,
    // evaluated from the load back: Z → Z + Z_i, Y_mi in parallel, + Z_dm, through the area (÷ A_D²), ∥ Y_ac.
    cd z = z_load + z_i;
    z = 1.0 / (1.0 / z + y_mi);
    z = z + z_dm;
    z = z / (ad * ad);
    z = 1.0 / (1.0 / z + y_ac);
    return 1.0 / y_cav + z;
}

/// Eardrum impedance (Pa·s/m³) of an ITU-T P.57 Type 4.3 ear simulator at angular frequency ω > 0: a lossy drum
/// C_m ∥ (R_o + jωM_o) in series with a cavity C_t ∥ (R_a + C_a), compliances as air volumes V/(γP0) (C_m 0.0897,
/// C_t 1.429, C_a 30.6 cm³; R_o 21.09 MPa·s/m³, M_o 418 kg/m⁴, R_a 732 MPa·s/m³). The values are a fit, by the
/// AcoustiLab project, to the 121 transfer-impedance points of ITU-T P.57 (06/2021) Table 5-c, placed at the tip of
/// the Type 4.3 canal (p57_type43.hpp); they describe that simulator, not physiology. Behind the 495.7 mm³ of canal
/// in front of it, |Z_T(500 Hz)| is within 3 % of P.57's 27.7 MPa·s/m³ (docs/validation.md).
inline std::complex<double> p57_type43_impedance(double omega) noexcept {
    using cd = std::complex<double>;
    const cd jw(0, omega);
    const double gamma_p0 = standard_bulk_modulus;
    const double cm = 0.0897e-6 / gamma_p0, ct = 1.429e-6 / gamma_p0, ca = 30.6e-6 / gamma_p0;
    const double ro = 2.109e7, mo = 418, ra = 7.32e8;
    const cd z_cav = 1.0 / (jw * ct + 1.0 / (ra + 1.0 / (jw * ca)));
    return z_cav + 1.0 / (jw * cm + 1.0 / (ro + jw * mo));
}

/// Impedance (Pa·s/m³) of a non-rigid eardrum model at angular frequency ω > 0; infinite for a rigid drum.
inline std::complex<double> eardrum_model_impedance(eardrum_model model, double omega) noexcept {
    switch (model) {
    case eardrum_model::shaw_stinson: return shaw_stinson_impedance(omega);
    case eardrum_model::hudde_engel: return hudde_engel_impedance(omega);
    case eardrum_model::p57_type43: return p57_type43_impedance(omega);
    case eardrum_model::rigid: break;
    }
    return {std::numeric_limits<double>::infinity(), 0.0};
}

/// An eardrum impedance given as a table (a measurement, or another model computed elsewhere): frequencies with
/// the complex acoustic impedance Z = p/U in Pa·s/m³ at the drum plane. Between points Re Z and Im Z are
/// interpolated linearly over log frequency; outside the table's range it refuses (no extrapolation).
class eardrum_table {
public:
    /// Checks and stores the points: at least 2, frequencies finite, > 0 and strictly increasing, Re Z >= 0
    /// (a passive drum), |Z| > 0 and finite. `source` names the origin in errors (a file name). Throws
    /// iemlab::error naming the first bad point.
    eardrum_table(std::vector<double> frequency_hz, std::vector<std::complex<double>> impedance, std::string source)
        : f_(std::move(frequency_hz)), z_(std::move(impedance)), source_(std::move(source)) {
        const std::string where = this->where();
        if (f_.size() < 2 || f_.size() != z_.size())
            throw_out_of_range(where, "points", double(f_.size()), "", "at least 2, one impedance per frequency");
        for (std::size_t i = 0; i < f_.size(); ++i) {
            std::string at = "["; // appended, not operator+: g++ 12 -Wstringop-overflow
            at.append(std::to_string(i)).append("]");
            if (!(std::isfinite(f_[i]) && f_[i] > 0 && (i == 0 || f_[i] > f_[i - 1])))
                throw_out_of_range(where, "frequency" + at, f_[i], "Hz", "finite, > 0 and strictly increasing");
            if (!(std::isfinite(z_[i].real()) && std::isfinite(z_[i].imag()) && std::abs(z_[i]) > 0))
                throw_out_of_range(where, "|impedance|" + at, std::abs(z_[i]), "Pa*s/m^3", "finite and > 0");
            if (z_[i].real() < 0)
                throw_out_of_range(where, "Re impedance" + at, z_[i].real(), "Pa*s/m^3", ">= 0 (a passive eardrum)");
        }
    }

    /// Frequencies of the points, Hz.
    const std::vector<double>& frequencies() const noexcept { return f_; }
    /// Impedances of the points, Pa·s/m³.
    const std::vector<std::complex<double>>& impedances() const noexcept { return z_; }
    /// Where the points came from (file name), as given.
    const std::string& source() const noexcept { return source_; }

    /// Interpolated impedance at `frequency_hz`; throws iemlab::error outside the table's frequency range.
    std::complex<double> impedance_at(double frequency_hz) const {
        const double tol = 1e-9 * f_.back();
        if (!(frequency_hz >= f_.front() - tol && frequency_hz <= f_.back() + tol))
            throw_out_of_range(where(), "frequency", frequency_hz, "Hz",
                               "the table's range " + format_number(f_.front()) + " … " + format_number(f_.back()) +
                                   " Hz (choose a frequency range inside it)");
        std::size_t k = 1;
        while (k + 1 < f_.size() && f_[k] < frequency_hz) ++k;
        const double f = std::clamp(frequency_hz, f_.front(), f_.back());
        const double t = std::log(f / f_[k - 1]) / std::log(f_[k] / f_[k - 1]);
        return z_[k - 1] + t * (z_[k] - z_[k - 1]);
    }

private:
    std::string where() const {
        std::string w = "eardrum_table(";
        w.append(source_).append(")");
        return w;
    }

    std::vector<double> f_;
    std::vector<std::complex<double>> z_;
    std::string source_;
};

/// Impedance of a tabulated eardrum on grid `g` (throws iemlab::error when the grid leaves the table's range).
inline network::complex_spectrum eardrum_impedance(const network::grid& g, const eardrum_table& table) {
    network::complex_spectrum z(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) z.set(i, table.impedance_at(g.frequency(i)));
    return z;
}

/// Admittance 1/Z of a tabulated eardrum on grid `g`.
inline network::complex_spectrum eardrum_admittance(const network::grid& g, const eardrum_table& table) {
    return network::reciprocal(eardrum_impedance(g, table));
}

/// Energy reflectance |(Z_D − Z_c)/(Z_D + Z_c)|² of an eardrum impedance `z_drum` seen from a canal of
/// characteristic impedance `z_canal` (ρc/S): the fraction of incident power the drum sends back (Lawton & Stinson
/// 1986 measured ≈ 0.3 at 4 kHz rising to ≈ 0.8 at 8 kHz in adult ears).
inline double energy_reflectance(std::complex<double> z_drum, double z_canal) noexcept {
    return std::norm((z_drum - z_canal) / (z_drum + z_canal));
}

/// Eardrum admittance Y_D (m³/(Pa·s)) on grid `g`; zero for a rigid drum.
inline network::complex_spectrum eardrum_admittance(const network::grid& g, eardrum_model model) {
    network::complex_spectrum y(g.size());
    if (model == eardrum_model::rigid) return y;
    for (std::size_t i = 0; i < g.size(); ++i) y.set(i, 1.0 / eardrum_model_impedance(model, g.omega()[i]));
    return y;
}

/// Eardrum impedance Z_D (Pa·s/m³) on grid `g`; a rigid drum has none (throws iemlab::error: use the admittance).
inline network::complex_spectrum eardrum_impedance(const network::grid& g, eardrum_model model) {
    if (model == eardrum_model::rigid)
        throw_invalid("eardrum_impedance", "model", "a rigid drum has infinite impedance; use eardrum_admittance");
    network::complex_spectrum z(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) z.set(i, eardrum_model_impedance(model, g.omega()[i]));
    return z;
}

} // namespace iemlab::inline v0::acoustics

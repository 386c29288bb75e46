#pragma once
/// @file
/// @brief Sensitivity and drive: an IEM's sensitivity in every unit spec sheets use (dB SPL for 1 mW, for 1 V,
/// at a stated voltage or power, all into the impedance magnitude at 1 kHz), the voltage, current and power a
/// level needs, and what a source (open-circuit voltage, output impedance, current limit) can do with it.
///
/// Electrical power into the IEM is P = V²/|Z| (the convention of spec sheets, which state the impedance at
/// 1 kHz as a resistance), so dB/V = dB/mW + 10·log10(1 W·1000 / (1 V²/|Z|)) = dB/mW + 10·log10(1000 Ω/|Z|):
/// 100 dB/mW at 18 Ω is 117.4 dB/V; 96 dB SPL at 0.1 V into 15 Ω is 116 dB/V and 97.8 dB/mW.

#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/quantity_parser.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <optional>
#include <string>
#include <string_view>

namespace iemlab::inline v0::electroacoustics {

/// An IEM's sensitivity at 1 kHz, held as dB SPL for 1 V RMS at its terminals, with the impedance it refers to.
class sensitivity {
public:
    /// `db_spl` for 1 mW into `impedance_ohm` (the spec sheets' "dB/mW").
    static sensitivity per_milliwatt(double db_spl, double impedance_ohm) { return at_power(db_spl, 1e-3, impedance_ohm); }
    /// `db_spl` for 1 V RMS ("dB/V").
    static sensitivity per_volt(double db_spl, double impedance_ohm) { return at_voltage(db_spl, 1.0, impedance_ohm); }
    /// `db_spl` at `volts` RMS ("96 dB SPL at 0.1 V").
    static sensitivity at_voltage(double db_spl, double volts, double impedance_ohm) {
        check(db_spl, impedance_ohm);
        require_in_range("sensitivity", "voltage", volts, 1e-9, 1e4, "V");
        return sensitivity(db_spl - 20 * std::log10(volts), impedance_ohm);
    }
    /// `db_spl` at `watts` ("110 dB SPL at 1 mW" is per_milliwatt).
    static sensitivity at_power(double db_spl, double watts, double impedance_ohm) {
        check(db_spl, impedance_ohm);
        require_in_range("sensitivity", "power", watts, 1e-15, 1e4, "W");
        return at_voltage(db_spl, std::sqrt(watts * impedance_ohm), impedance_ohm);
    }

    /// dB SPL for 1 V RMS.
    double db_per_volt() const noexcept { return db_per_volt_; }
    /// dB SPL for 1 mW.
    double db_per_milliwatt() const noexcept { return spl_at_power(1e-3); }
    /// The impedance magnitude the figures refer to, Ω.
    double impedance_ohm() const noexcept { return impedance_ohm_; }

    /// SPL at `volts` RMS across the terminals.
    double spl_at_voltage(double volts) const noexcept { return db_per_volt_ + amplitude_to_db(volts); }
    /// SPL at `watts` into the impedance.
    double spl_at_power(double watts) const noexcept { return spl_at_voltage(std::sqrt(watts * impedance_ohm_)); }
    /// RMS voltage that gives `db_spl`.
    double voltage_for(double db_spl) const noexcept { return db_to_amplitude(db_spl - db_per_volt_); }
    /// RMS current that gives `db_spl`.
    double current_for(double db_spl) const noexcept { return voltage_for(db_spl) / impedance_ohm_; }
    /// Power that gives `db_spl`.
    double power_for(double db_spl) const noexcept {
        const double v = voltage_for(db_spl);
        return v * v / impedance_ohm_;
    }

private:
    sensitivity(double db_per_volt, double impedance_ohm) : db_per_volt_(db_per_volt), impedance_ohm_(impedance_ohm) {}
    static void check(double db_spl, double impedance_ohm) {
        require_in_range("sensitivity", "level", db_spl, -50, 250, "dB SPL");
        require_in_range("sensitivity", "impedance", impedance_ohm, 1e-3, 1e6, "ohm");
    }
    double db_per_volt_;
    double impedance_ohm_;
};

/// Parses a sensitivity as spec sheets write it: "100dB/mW", "116dB/V", "96dB@0.1V", "110dB@1mW" (spaces and
/// "SPL" allowed: "96 dB SPL @ 100mV"), at `impedance_ohm`. `parameter` names it in errors.
/// @throws iemlab::error naming the parameter and the forms accepted.
inline sensitivity parse_sensitivity(std::string_view text, double impedance_ohm,
                                     std::string_view parameter = "sensitivity") {
    std::string s;
    for (const char c : text)
        if (c != ' ') s += c;
    const auto fail = [&]() -> sensitivity {
        throw_invalid("parse_sensitivity", parameter,
                      ::iemlab::detail::excerpt(text, 40) +
                          " is not a sensitivity (expected e.g. 100dB/mW, 116dB/V, 96dB@0.1V, 110dB@1mW)");
    };
    const auto db_end = s.find("dB");
    if (db_end == std::string::npos || db_end == 0) return fail();
    double db = 0;
    try {
        db = parse_quantity(s.substr(0, db_end), quantity_kind::dimensionless, parameter);
    } catch (const error&) {
        return fail();
    }
    std::string rest = s.substr(db_end + 2);
    if (rest.rfind("SPL", 0) == 0) rest.erase(0, 3);
    if (rest == "/mW") return sensitivity::per_milliwatt(db, impedance_ohm);
    if (rest == "/V" || rest == "/Vrms") return sensitivity::per_volt(db, impedance_ohm);
    if (rest.size() > 1 && rest[0] == '@') {
        const std::string what = rest.substr(1);
        const bool is_power = what.size() > 1 && (what.back() == 'W' || what.back() == 'w');
        try {
            if (is_power) return sensitivity::at_power(db, parse_power(what, parameter), impedance_ohm);
            return sensitivity::at_voltage(db, parse_voltage(what, parameter), impedance_ohm);
        } catch (const error&) {
            return fail();
        }
    }
    return fail();
}

/// A source as its spec states it: open-circuit RMS voltage at full volume, output impedance, and optionally
/// the RMS current it can deliver.
struct drive_source {
    std::string name;                     ///< label ("phone", "dongle")
    double voltage_rms = 1.0;             ///< open-circuit voltage, V RMS
    double output_impedance_ohm = 0;      ///< output resistance, Ω
    std::optional<double> current_limit_a; ///< largest RMS current, A (none: unlimited)

    /// Throws iemlab::error naming the first value out of range.
    void validate() const {
        require_in_range("drive_source", "voltage", voltage_rms, 1e-6, 1e3, "V");
        require_in_range("drive_source", "output_impedance", output_impedance_ohm, 0, 1e6, "ohm");
        if (current_limit_a) require_in_range("drive_source", "current_limit", *current_limit_a, 1e-9, 1e3, "A");
    }
};

/// What limits the largest level a source drives an IEM to.
enum class drive_limit {
    voltage, ///< the source's voltage (divided by its output impedance)
    current, ///< the source's current limit
    rating   ///< the IEM's power rating
};

/// Name of a drive_limit ("voltage", "current", "rating").
constexpr std::string_view to_string(drive_limit l) noexcept {
    return l == drive_limit::voltage ? "voltage" : l == drive_limit::current ? "current" : "rating";
}

/// The largest level a source drives an IEM to, and what the source's output impedance costs at 1 kHz.
struct drive_result {
    double voltage_v = 0;       ///< largest RMS voltage across the IEM
    double current_a = 0;       ///< the RMS current then
    double power_w = 0;         ///< the power then (V²/|Z|)
    double max_spl_db = 0;      ///< the SPL then
    drive_limit limited_by = drive_limit::voltage; ///< what sets it
    double impedance_loss_db = 0; ///< 20·log10|Z/(Z + Z_s)| at 1 kHz: level lost in the output impedance (≤ 0)
};

/// The largest level `source` drives an IEM of `s` and impedance `z_1khz` (complex, at 1 kHz) to, at most
/// `power_rating_w` into it when given. The voltage across the IEM is the divider Z/(Z + Z_s) of the source's
/// voltage, capped by the current limit (|V| ≤ I_max·|Z|) and by the rating (V² ≤ P_max·|Z|).
inline drive_result source_drive(const sensitivity& s, const drive_source& source, std::complex<double> z_1khz,
                          std::optional<double> power_rating_w = std::nullopt) {
    source.validate();
    if (!(std::abs(z_1khz) > 0) || !std::isfinite(std::abs(z_1khz)))
        throw_out_of_range("source_drive", "impedance", std::abs(z_1khz), "ohm", "a finite |Z| > 0");
    if (power_rating_w) require_in_range("source_drive", "power_rating", *power_rating_w, 1e-9, 1e4, "W");
    const double z = s.impedance_ohm();
    drive_result r;
    const double divider = std::abs(z_1khz / (z_1khz + source.output_impedance_ohm));
    r.impedance_loss_db = amplitude_to_db(divider);
    r.voltage_v = source.voltage_rms * divider;
    if (source.current_limit_a && r.voltage_v > *source.current_limit_a * z) {
        r.voltage_v = *source.current_limit_a * z;
        r.limited_by = drive_limit::current;
    }
    if (power_rating_w && r.voltage_v > std::sqrt(*power_rating_w * z)) {
        r.voltage_v = std::sqrt(*power_rating_w * z);
        r.limited_by = drive_limit::rating;
    }
    r.current_a = r.voltage_v / z;
    r.power_w = r.voltage_v * r.voltage_v / z;
    r.max_spl_db = s.spl_at_voltage(r.voltage_v);
    return r;
}

} // namespace iemlab::inline v0::electroacoustics

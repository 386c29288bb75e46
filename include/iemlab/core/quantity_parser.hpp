#pragma once
/// @file
/// @brief Parsing of quantities written with a unit suffix ("2.5kHz", "10mm", "75ohm", "-6dBFS") for the CLI
/// and configuration files.

#include "iemlab/core/error.hpp"
#include "iemlab/core/units.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace iemlab::inline v0 {

/// What a parsed string must measure; selects the accepted unit suffixes.
enum class quantity_kind {
    frequency,          ///< Hz, kHz, MHz
    time,               ///< s, ms, us, min
    length,             ///< m, cm, mm, um
    area,               ///< m2, cm2, mm2
    volume,             ///< m3, cm3, cc, ml, mm3
    pressure,           ///< Pa, mPa, uPa, kPa
    electric_impedance, ///< ohm, Ω, kohm, mohm
    temperature,        ///< K, C, degC, °C (result in K)
    level_dbfs,         ///< dBFS (result in dB re full scale)
    level_db,           ///< dB
    dimensionless,      ///< a bare number only
    voltage,            ///< V, mV, uV, Vrms, mVrms (RMS values)
    current,            ///< A, mA, uA
    power,              ///< W, mW, uW
    capacitance,        ///< F, mF, uF, nF, pF
    inductance          ///< H, mH, uH, nH
};

/// Human name of a quantity kind ("frequency", "time", …), used in messages.
constexpr std::string_view to_string(quantity_kind kind) noexcept {
    constexpr std::array<std::string_view, 16> names{"frequency", "time",  "length",          "area",
                                                     "volume",    "pressure", "electric impedance",
                                                     "temperature", "level in dBFS", "level in dB", "number",
                                                     "voltage", "current", "power", "capacitance", "inductance"};
    return names[static_cast<std::size_t>(kind)];
}

namespace detail {

struct unit_suffix {
    std::string_view suffix; // compared case-sensitively first, then case-insensitively
    double scale;            // multiply to reach SI
    double offset;           // added after scaling (temperatures only)
};

// "k" alone is kHz: sample rates are written "48k" (REW, sox, DAWs).
constexpr std::array<unit_suffix, 4> frequency_suffixes{{{"Hz", 1, 0}, {"kHz", 1e3, 0}, {"MHz", 1e6, 0}, {"k", 1e3, 0}}};
constexpr std::array<unit_suffix, 5> time_suffixes{
    {{"s", 1, 0}, {"ms", 1e-3, 0}, {"us", 1e-6, 0}, {"µs", 1e-6, 0}, {"min", 60, 0}}};
constexpr std::array<unit_suffix, 5> length_suffixes{
    {{"m", 1, 0}, {"cm", 1e-2, 0}, {"mm", 1e-3, 0}, {"um", 1e-6, 0}, {"µm", 1e-6, 0}}};
constexpr std::array<unit_suffix, 5> area_suffixes{
    {{"m2", 1, 0}, {"cm2", 1e-4, 0}, {"mm2", 1e-6, 0}, {"m²", 1, 0}, {"mm²", 1e-6, 0}}};
constexpr std::array<unit_suffix, 8> volume_suffixes{{{"m3", 1, 0},
                                                      {"cm3", 1e-6, 0},
                                                      {"cc", 1e-6, 0},
                                                      {"ml", 1e-6, 0},
                                                      {"mm3", 1e-9, 0},
                                                      {"m³", 1, 0},
                                                      {"cm³", 1e-6, 0},
                                                      {"mm³", 1e-9, 0}}};
constexpr std::array<unit_suffix, 4> pressure_suffixes{
    {{"Pa", 1, 0}, {"kPa", 1e3, 0}, {"mPa", 1e-3, 0}, {"uPa", 1e-6, 0}}};
constexpr std::array<unit_suffix, 6> impedance_suffixes{
    {{"ohm", 1, 0}, {"Ohm", 1, 0}, {"Ω", 1, 0}, {"kohm", 1e3, 0}, {"mohm", 1e-3, 0}, {"ohms", 1, 0}}};
constexpr std::array<unit_suffix, 5> temperature_suffixes{
    {{"K", 1, 0}, {"C", 1, units::celsius_zero_k}, {"degC", 1, units::celsius_zero_k},
     {"°C", 1, units::celsius_zero_k}, {"celsius", 1, units::celsius_zero_k}}};
constexpr std::array<unit_suffix, 1> dbfs_suffixes{{{"dBFS", 1, 0}}};
constexpr std::array<unit_suffix, 1> db_suffixes{{{"dB", 1, 0}}};
constexpr std::array<unit_suffix, 7> voltage_suffixes{
    {{"V", 1, 0}, {"mV", 1e-3, 0}, {"uV", 1e-6, 0}, {"µV", 1e-6, 0}, {"Vrms", 1, 0}, {"mVrms", 1e-3, 0}, {"kV", 1e3, 0}}};
constexpr std::array<unit_suffix, 4> current_suffixes{{{"A", 1, 0}, {"mA", 1e-3, 0}, {"uA", 1e-6, 0}, {"µA", 1e-6, 0}}};
constexpr std::array<unit_suffix, 4> power_suffixes{{{"W", 1, 0}, {"mW", 1e-3, 0}, {"uW", 1e-6, 0}, {"µW", 1e-6, 0}}};
constexpr std::array<unit_suffix, 6> capacitance_suffixes{
    {{"F", 1, 0}, {"mF", 1e-3, 0}, {"uF", 1e-6, 0}, {"µF", 1e-6, 0}, {"nF", 1e-9, 0}, {"pF", 1e-12, 0}}};
constexpr std::array<unit_suffix, 5> inductance_suffixes{
    {{"H", 1, 0}, {"mH", 1e-3, 0}, {"uH", 1e-6, 0}, {"µH", 1e-6, 0}, {"nH", 1e-9, 0}}};

template <std::size_t N>
const unit_suffix* find_suffix(const std::array<unit_suffix, N>& table, std::string_view s) noexcept {
    for (const auto& u : table)
        if (u.suffix == s) return &u;
    for (const auto& u : table) { // tolerate "khz", "KHZ", "OHM"; never milli for mega ("Mohm", "MV", "MM")
        if (u.suffix.size() != s.size()) continue;
        const char head = s.front(), unit_head = u.suffix.front();
        if ((head == 'm' || head == 'M' || unit_head == 'm' || unit_head == 'M') && head != unit_head) continue;
        bool same = true;
        for (std::size_t i = 0; i < s.size() && same; ++i)
            same = std::tolower(static_cast<unsigned char>(s[i])) ==
                   std::tolower(static_cast<unsigned char>(u.suffix[i]));
        if (same) return &u;
    }
    return nullptr;
}

template <std::size_t N>
std::string list_suffixes(const std::array<unit_suffix, N>& table) {
    std::string s;
    for (const auto& u : table) {
        if (!s.empty()) s += ", ";
        s += u.suffix;
    }
    return s;
}

template <class F>
decltype(auto) with_suffix_table(quantity_kind kind, F&& f) {
    switch (kind) {
    case quantity_kind::frequency: return f(frequency_suffixes);
    case quantity_kind::time: return f(time_suffixes);
    case quantity_kind::length: return f(length_suffixes);
    case quantity_kind::area: return f(area_suffixes);
    case quantity_kind::volume: return f(volume_suffixes);
    case quantity_kind::pressure: return f(pressure_suffixes);
    case quantity_kind::electric_impedance: return f(impedance_suffixes);
    case quantity_kind::temperature: return f(temperature_suffixes);
    case quantity_kind::level_dbfs: return f(dbfs_suffixes);
    case quantity_kind::level_db: return f(db_suffixes);
    case quantity_kind::voltage: return f(voltage_suffixes);
    case quantity_kind::current: return f(current_suffixes);
    case quantity_kind::power: return f(power_suffixes);
    case quantity_kind::capacitance: return f(capacitance_suffixes);
    case quantity_kind::inductance: return f(inductance_suffixes);
    case quantity_kind::dimensionless: break;
    }
    return f(std::array<unit_suffix, 0>{});
}

inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

} // namespace detail

/// Parses `text` as a `kind` quantity and returns it in SI units (dB for levels, K for temperatures).
///
/// A bare number is taken in `default_unit` (one of the kind's suffixes, e.g. "s" or "ms"); an empty
/// `default_unit` means the kind's SI unit. Throws iemlab::error naming `parameter`, the text and the accepted
/// units when the text is not a finite number followed by an accepted suffix.
inline double parse_quantity(std::string_view text, quantity_kind kind, std::string_view parameter = "value",
                             std::string_view default_unit = {}) {
    const std::string_view s = detail::trim(text);
    const std::string accepted = detail::with_suffix_table(kind, [](const auto& t) { return detail::list_suffixes(t); });
    auto fail = [&](std::string_view why) -> double {
        std::string message{parameter};
        message += ": '";
        message += text;
        message += "' ";
        message += why;
        message += " (expected a ";
        message += to_string(kind);
        if (!accepted.empty()) {
            message += " such as 2.5";
            message += detail::with_suffix_table(kind, [](const auto& t) { return std::string(t[0].suffix); });
            message += "; units: ";
            message += accepted;
        }
        message += ')';
        throw error(message);
    };
    if (s.empty()) return fail("is empty");

    double value = 0;
    const char* first = s.data();
    const char* last = s.data() + s.size();
    if (*first == '+') ++first; // from_chars rejects a leading '+', people write it
    const auto [end, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range) return fail("is out of the representable range");
    if (ec != std::errc{}) return fail("is not a number");
    if (!std::isfinite(value)) return fail("is not finite");

    std::string_view suffix = detail::trim(std::string_view(end, static_cast<std::size_t>(last - end)));
    if (suffix.empty()) suffix = default_unit;
    double si_value = value; // a bare number without a default unit is already SI
    if (!suffix.empty()) {
        if (kind == quantity_kind::dimensionless) return fail("has a unit where a bare number is expected");
        const detail::unit_suffix* unit =
            detail::with_suffix_table(kind, [&](const auto& t) { return detail::find_suffix(t, suffix); });
        if (unit == nullptr) return fail("has an unknown unit '" + std::string(suffix) + "'");
        si_value = value * unit->scale + unit->offset;
        if (!std::isfinite(si_value)) return fail("is out of the representable range"); // "1e308kHz"
    }
    if (kind == quantity_kind::temperature && si_value <= 0) return fail("is at or below absolute zero");
    return si_value;
}

/// Parses a frequency ("2.5kHz"); a bare number is in Hz.
inline units::frequency parse_frequency(std::string_view text, std::string_view parameter = "frequency") {
    return units::frequency::from_value(parse_quantity(text, quantity_kind::frequency, parameter, "Hz"));
}
/// Parses a time ("500ms"); a bare number is in s.
inline units::time parse_time(std::string_view text, std::string_view parameter = "time") {
    return units::time::from_value(parse_quantity(text, quantity_kind::time, parameter, "s"));
}
/// Parses a length ("10mm"); a bare number is in m.
inline units::length parse_length(std::string_view text, std::string_view parameter = "length") {
    return units::length::from_value(parse_quantity(text, quantity_kind::length, parameter, "m"));
}
/// Parses an electric impedance ("75ohm"); a bare number is in Ω.
inline units::electric_impedance parse_electric_impedance(std::string_view text,
                                                          std::string_view parameter = "impedance") {
    return units::electric_impedance::from_value(
        parse_quantity(text, quantity_kind::electric_impedance, parameter, "ohm"));
}
/// Parses a temperature ("37C", "310.15K"); a bare number is in °C.
inline units::temperature parse_temperature(std::string_view text, std::string_view parameter = "temperature") {
    return units::temperature::from_value(parse_quantity(text, quantity_kind::temperature, parameter, "C"));
}
/// Parses an RMS voltage ("0.1V", "100mV"); a bare number is in V.
inline double parse_voltage(std::string_view text, std::string_view parameter = "voltage") {
    return parse_quantity(text, quantity_kind::voltage, parameter, "V");
}
/// Parses an RMS current ("50mA"); a bare number is in A.
inline double parse_current(std::string_view text, std::string_view parameter = "current") {
    return parse_quantity(text, quantity_kind::current, parameter, "A");
}
/// Parses a power ("1mW"); a bare number is in W.
inline double parse_power(std::string_view text, std::string_view parameter = "power") {
    return parse_quantity(text, quantity_kind::power, parameter, "W");
}
/// Parses a capacitance ("220nF", "100uF"); a bare number is in F.
inline double parse_capacitance(std::string_view text, std::string_view parameter = "capacitance") {
    return parse_quantity(text, quantity_kind::capacitance, parameter, "F");
}
/// Parses an inductance ("100uH"); a bare number is in H.
inline double parse_inductance(std::string_view text, std::string_view parameter = "inductance") {
    return parse_quantity(text, quantity_kind::inductance, parameter, "H");
}
/// Parses a level in dBFS ("-6dBFS"); a bare number is in dBFS.
inline double parse_dbfs(std::string_view text, std::string_view parameter = "level") {
    return parse_quantity(text, quantity_kind::level_dbfs, parameter, "dBFS");
}

} // namespace iemlab::inline v0

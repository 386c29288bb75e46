#pragma once
/// @file
/// @brief Multi-driver IEMs from JSON: the IEM.json configuration of `iemlab simulate iem` (schema:
/// docs/iem-config.md), whose drivers may be any driver spec, `zma:FILE` included (measured_driver.hpp).
///
/// Needs nlohmann-json (target iemlab::json) and Eigen (iemlab::eigen, for the phase rebuild).

#include "iemlab/core/error.hpp"
#include "iemlab/core/quantity_parser.hpp"
#include "iemlab/electroacoustics/crossover.hpp"
#include "iemlab/electroacoustics/driver_model.hpp"
#include "iemlab/electroacoustics/measured_driver.hpp"
#include "iemlab/io/detail/columns.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <filesystem>
#include <numbers>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::app {

/// Moved to electroacoustics/measured_driver.hpp; the name stays here for existing callers.
using electroacoustics::read_impedance_driver;

/// Parses a driver spec, `zma:FILE` included (electroacoustics::parse_driver_spec(std::string_view)).
inline electroacoustics::driver_model parse_driver(std::string_view spec) { return electroacoustics::parse_driver_spec(spec); }

/// The acoustic load an IEM configuration or the CLI names.
enum class load_kind {
    none,    ///< unloaded: impedance and tilt only
    coupler, ///< IEC 60318-4 (711) coupler model
    canal    ///< ear canal sealed at an insertion depth
};

/// Parses "none", "coupler" or "canal"; iemlab::error naming `parameter` otherwise.
inline load_kind parse_load_kind(std::string_view text, std::string_view parameter = "load") {
    if (text == "none") return load_kind::none;
    if (text == "coupler") return load_kind::coupler;
    if (text == "canal") return load_kind::canal;
    throw_invalid("parse_load_kind", parameter,
                  ::iemlab::detail::excerpt(text, 40) + " is not one of none, coupler, canal");
}

/// A parsed IEM.json: the IEM and the optional source impedance and load it names.
struct iem_config {
    electroacoustics::multi_driver_iem iem;     ///< drivers, networks, paths, nozzle
    std::optional<double> source_impedance_ohm; ///< "source_impedance", when given
    std::optional<load_kind> load;              ///< "load", when given
};

namespace detail {
using namespace ::iemlab::io::detail; // the file-format helpers the application level builds on

// Strict object reading: every key must be known, so a typo is an error naming it.
inline void require_keys(const nlohmann::json& j, const std::set<std::string>& allowed, const std::string& where) {
    if (!j.is_object()) throw_invalid(where, "value", "must be a JSON object");
    for (const auto& item : j.items())
        if (!allowed.count(item.key())) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            throw_invalid(where, item.key(), "is not a known key (expected " + list + ")");
        }
}

inline double number_at(const nlohmann::json& j, const std::string& key, const std::string& where) {
    const auto& v = j.at(key);
    if (!v.is_number()) throw_invalid(where, key, "must be a number (SI units)");
    const double x = v.get<double>();
    if (!std::isfinite(x)) throw_invalid(where, key, "must be finite");
    return x;
}

// A length as a number in metres or a string with a unit ("8mm").
inline double length_at(const nlohmann::json& j, const std::string& key, const std::string& where) {
    const auto& v = j.at(key);
    if (v.is_number()) return number_at(j, key, where);
    if (v.is_string()) return parse_length(v.get<std::string>(), where + ": " + key).value();
    throw_invalid(where, key, "must be a length (number in m, or a string such as \"8mm\")");
}

inline electroacoustics::lumped_element element_of(const nlohmann::json& j, const std::string& where) {
    require_keys(j, {"r", "l", "c", "parallel"}, where);
    electroacoustics::lumped_element e;
    if (j.contains("r")) e.resistance_ohm = number_at(j, "r", where);
    if (j.contains("l")) e.inductance_h = number_at(j, "l", where);
    if (j.contains("c")) e.capacitance_f = number_at(j, "c", where);
    if (j.contains("parallel")) {
        if (!j.at("parallel").is_boolean()) throw_invalid(where, "parallel", "must be true or false");
        e.parallel = j.at("parallel").get<bool>();
    }
    e.validate(where);
    return e;
}

inline std::vector<electroacoustics::acoustic_segment> segments_of(const nlohmann::json& j, const std::string& where) {
    if (!j.is_array()) throw_invalid(where, "value", "must be an array of {\"tube\": …} or {\"damper\": …}");
    std::vector<electroacoustics::acoustic_segment> out;
    for (std::size_t k = 0; k < j.size(); ++k) {
        const std::string at = where + "[" + std::to_string(k) + "]";
        const auto& s = j[k];
        require_keys(s, {"tube", "damper"}, at);
        if (s.size() != 1) throw_invalid(at, "segment", "must have exactly one of tube, damper");
        if (s.contains("tube")) {
            const auto& t = s.at("tube");
            require_keys(t, {"length", "diameter"}, at + ".tube");
            if (!t.contains("length") || !t.contains("diameter"))
                throw_invalid(at + ".tube", "length", "tube needs length and diameter");
            out.push_back(electroacoustics::acoustic_segment::tube(length_at(t, "length", at + ".tube"),
                                                                   length_at(t, "diameter", at + ".tube")));
        } else {
            out.push_back(electroacoustics::acoustic_segment::damper(number_at(s, "damper", at)));
        }
    }
    return out;
}

} // namespace detail

/// Parses IEM.json text (schema: docs/iem-config.md); `source_name` names the file in errors. `zma:` paths
/// in driver specs are relative to `base_dir`.
/// @throws iemlab::file_error naming the file and the JSON path of the offending value.
inline iem_config parse_iem_config(std::string_view text, const std::string& source_name,
                                   const std::filesystem::path& base_dir = {}) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        throw file_error(source_name, 0, "is not valid JSON (byte " + std::to_string(e.byte) + ")");
    } catch (const nlohmann::json::exception& e) { // e.g. out_of_range 406: a number beyond double's range
        throw file_error(source_name, 0, std::string("is not valid JSON: ") + e.what());
    }
    try {
        detail::require_keys(j, {"name", "drivers", "nozzle", "source_impedance", "load"}, "IEM");
        if (!j.contains("drivers") || !j.at("drivers").is_array() || j.at("drivers").empty())
            throw_invalid("IEM", "drivers", "must be a non-empty array");
        std::vector<electroacoustics::iem_driver> drivers;
        for (std::size_t d = 0; d < j.at("drivers").size(); ++d) {
            const auto& jd = j.at("drivers")[d];
            const std::string where = "drivers[" + std::to_string(d) + "]";
            detail::require_keys(jd, {"name", "driver", "network", "path"}, where);
            if (!jd.contains("driver") || !jd.at("driver").is_string())
                throw_invalid(where, "driver", "must be a driver spec string (ba:…, ts:…, zma:FILE, knowles:NAME)");
            std::string spec = jd.at("driver").get<std::string>();
            if (spec.rfind("zma:", 0) == 0 && !base_dir.empty() && std::filesystem::path(spec.substr(4)).is_relative())
                spec = "zma:" + (base_dir / spec.substr(4)).string();
            electroacoustics::iem_driver drv{jd.value("name", std::string{}), parse_driver(spec), {}, {}};
            if (jd.contains("network")) {
                const auto& net = jd.at("network");
                if (!net.is_array()) throw_invalid(where, "network", "must be an array of {\"series\": …} or {\"shunt\": …}");
                for (std::size_t k = 0; k < net.size(); ++k) {
                    const std::string at = where + ".network[" + std::to_string(k) + "]";
                    detail::require_keys(net[k], {"series", "shunt"}, at);
                    if (net[k].size() != 1) throw_invalid(at, "stage", "must have exactly one of series, shunt");
                    const bool is_series = net[k].contains("series");
                    drv.network.push_back({is_series ? electroacoustics::network_stage::connection::series
                                                     : electroacoustics::network_stage::connection::shunt,
                                           detail::element_of(net[k].at(is_series ? "series" : "shunt"),
                                                              at + (is_series ? ".series" : ".shunt"))});
                }
            }
            if (jd.contains("path")) drv.path = detail::segments_of(jd.at("path"), where + ".path");
            drivers.push_back(std::move(drv));
        }
        std::vector<electroacoustics::acoustic_segment> nozzle;
        if (j.contains("nozzle")) nozzle = detail::segments_of(j.at("nozzle"), "nozzle");
        iem_config c{electroacoustics::multi_driver_iem(std::move(drivers), std::move(nozzle), j.value("name", std::string{})),
                     std::nullopt, std::nullopt};
        if (j.contains("source_impedance")) {
            const auto& v = j.at("source_impedance");
            if (v.is_number()) c.source_impedance_ohm = v.get<double>();
            else if (v.is_string()) c.source_impedance_ohm = parse_electric_impedance(v.get<std::string>(), "source_impedance").value();
            else throw_invalid("IEM", "source_impedance", "must be a number (ohm) or a string such as \"1ohm\"");
            require_in_range("IEM", "source_impedance", *c.source_impedance_ohm, 0.0, 1e6, "ohm");
        }
        if (j.contains("load")) {
            if (!j.at("load").is_string()) throw_invalid("IEM", "load", "must be \"none\", \"coupler\" or \"canal\"");
            c.load = parse_load_kind(j.at("load").get<std::string>(), "load");
        }
        return c;
    } catch (const file_error&) {
        throw;
    } catch (const error& e) {
        throw file_error(source_name, 0, e.what());
    } catch (const nlohmann::json::exception& e) {
        throw file_error(source_name, 0, std::string("unexpected JSON value: ") + e.what());
    }
}

/// Reads IEM.json (see parse_iem_config()); `zma:` paths are relative to the file's folder.
inline iem_config read_iem_config(const std::filesystem::path& path) {
    return parse_iem_config(detail::read_text_file(path), path.string(), path.parent_path());
}

} // namespace iemlab::inline v0::app

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
#include "iemlab/app/detail/json_reader.hpp"
#include "iemlab/app/source_network.hpp"
#include "iemlab/electroacoustics/source.hpp"
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
    canal,   ///< ear canal sealed at an insertion depth
    p57      ///< ear simulator close to ITU-T P.57 Type 4.3, from its reference plane
};

/// Parses "none", "coupler", "canal" or "p57"; iemlab::error naming `parameter` otherwise.
inline load_kind parse_load_kind(std::string_view text, std::string_view parameter = "load") {
    if (text == "none") return load_kind::none;
    if (text == "coupler") return load_kind::coupler;
    if (text == "canal") return load_kind::canal;
    if (text == "p57") return load_kind::p57;
    throw_invalid("parse_load_kind", parameter,
                  ::iemlab::detail::excerpt(text, 40) + " is not one of none, coupler, canal, p57");
}

/// A parsed IEM.json: the IEM and the optional source impedance and load it names.
struct iem_config {
    electroacoustics::multi_driver_iem iem;     ///< drivers, networks, paths, nozzle
    std::optional<double> source_impedance_ohm; ///< "source_impedance" when it is a resistance alone (else see `source`)
    std::optional<load_kind> load;              ///< "load", when given
    std::vector<std::string> deprecations;      ///< one line per deprecated key the file uses (print as warnings)
    std::optional<source_network> source;       ///< "source_impedance" with all its parts, when given
};

namespace detail {

// The keys of the first configuration schema (rig.json before 0.1.1), read as deprecated aliases so that old
// files keep working: units were part of the key names there.
struct legacy_key {
    std::string_view old_key; // e.g. "c_uf"
    std::string_view key;     // e.g. "c"
    double to_si;             // factor from the old key's unit to SI
};

// A value under its key or its deprecated alias (scaled to SI), or `fallback`.
template <class Parse>
double quantity_or_alias(json_reader& r, const json& j, const std::string& path, std::string_view key,
                         const legacy_key& alias, double fallback, Parse parse, std::string_view expected) {
    if (j.contains(alias.old_key)) {
        if (j.contains(key)) r.fail(path, "give " + std::string(key) + " or " + std::string(alias.old_key) + ", not both");
        r.deprecated(json_reader::at(path, alias.old_key), alias.old_key, key);
        return r.number(j, path, alias.old_key, fallback) * alias.to_si;
    }
    return r.quantity(j, path, key, fallback, parse, expected);
}

inline electroacoustics::lumped_element read_element(json_reader& r, const json& j, const std::string& path) {
    r.only(j, path, {"r", "l", "c", "parallel", "r_ohm", "l_mh", "c_uf"});
    const auto ohm = [&](const std::string& t) { return parse_electric_impedance(t, json_reader::at(path, "r")).value(); };
    const auto none = [&](const std::string&) -> double { r.fail(path, "l and c are numbers in H and F"); };
    electroacoustics::lumped_element e;
    e.resistance_ohm = quantity_or_alias(r, j, path, "r", {"r_ohm", "r", 1.0}, 0, ohm, "a number (ohm) or a string such as \"22ohm\"");
    e.inductance_h = quantity_or_alias(r, j, path, "l", {"l_mh", "l", 1e-3}, 0, none, "a number (H)");
    e.capacitance_f = quantity_or_alias(r, j, path, "c", {"c_uf", "c", 1e-6}, 0, none, "a number (F)");
    e.parallel = r.flag(j, path, "parallel", false);
    r.report_at(path, {}, [&] { e.validate(path); });
    return e;
}

inline std::vector<electroacoustics::acoustic_segment> read_segments(json_reader& r, const json& j, const std::string& path) {
    if (!j.is_array()) r.fail(path, "must be an array of {\"tube\": {…}} or {\"damper\": R}");
    const auto metres = [&](const std::string& t) { return parse_length(t, path).value(); };
    const auto none = [&](const std::string&) -> double { r.fail(path, "damper is a number of CGS acoustic ohms"); };
    std::vector<electroacoustics::acoustic_segment> out;
    for (std::size_t k = 0; k < j.size(); ++k) {
        const std::string p = json_reader::item(path, k);
        r.only(j[k], p, {"tube", "damper", "damper_cgs"});
        if (j[k].size() != 1) r.fail(p, "give exactly one of tube, damper");
        electroacoustics::acoustic_segment segment;
        if (j[k].contains("tube")) {
            const json& t = j[k].at("tube");
            const std::string q = json_reader::at(p, "tube");
            r.only(t, q, {"length", "diameter", "length_mm", "diameter_mm"});
            if (!(t.contains("length") || t.contains("length_mm")) || !(t.contains("diameter") || t.contains("diameter_mm")))
                r.fail(q, "needs length and diameter");
            const double length = quantity_or_alias(r, t, q, "length", {"length_mm", "length", 1e-3}, 0, metres,
                                                    "a length (number in m, or a string such as \"8mm\")");
            const double diameter = quantity_or_alias(r, t, q, "diameter", {"diameter_mm", "diameter", 1e-3}, 0, metres,
                                                      "a length (number in m, or a string such as \"1mm\")");
            segment = electroacoustics::acoustic_segment::tube(length, diameter);
        } else {
            segment = electroacoustics::acoustic_segment::damper(
                quantity_or_alias(r, j[k], p, "damper", {"damper_cgs", "damper", 1.0}, 0, none, "a number (CGS acoustic ohms)"));
        }
        r.report_at(p, {}, [&] { segment.validate(p); });
        out.push_back(segment);
    }
    return out;
}

// The drivers and nozzle of an IEM object (the top level of IEM.json, an entry of rig.json's `iems`); the
// caller has checked the object's keys. `zma:` paths are relative to the reader's folder.
inline electroacoustics::multi_driver_iem read_iem_model(json_reader& r, const json& j, const std::string& path,
                                                         const std::string& name) {
    const std::string drivers_path = json_reader::at(path, "drivers");
    if (!j.contains("drivers") || !j.at("drivers").is_array() || j.at("drivers").empty())
        r.fail(drivers_path, "needs at least one driver (a non-empty array)");
    std::vector<electroacoustics::iem_driver> drivers;
    const json& ds = j.at("drivers");
    for (std::size_t d = 0; d < ds.size(); ++d) {
        const std::string p = json_reader::item(drivers_path, d);
        r.only(ds[d], p, {"name", "driver", "network", "path", "spec"});
        std::string key = "driver";
        if (ds[d].contains("spec")) {
            if (ds[d].contains("driver")) r.fail(p, "give driver or spec, not both");
            r.deprecated(json_reader::at(p, "spec"), "spec", "driver");
            key = "spec";
        }
        if (!ds[d].contains(key) || !ds[d].at(key).is_string())
            r.fail(json_reader::at(p, key), "must be a driver spec string (ba:…, ts:…, zma:FILE, knowles:NAME)");
        std::string spec = ds[d].at(key).get<std::string>();
        if (spec.rfind("zma:", 0) == 0 && !r.base().empty() && std::filesystem::path(spec.substr(4)).is_relative())
            spec = "zma:" + (r.base() / spec.substr(4)).string();
        std::optional<electroacoustics::driver_model> model;
        r.report_at(json_reader::at(p, key), {}, [&] { model.emplace(electroacoustics::parse_driver_spec(spec)); });
        electroacoustics::iem_driver drv{r.text(ds[d], p, "name", "driver " + std::to_string(d + 1)), std::move(*model), {}, {}};
        if (ds[d].contains("network")) {
            const json& n = ds[d].at("network");
            const std::string np = json_reader::at(p, "network");
            if (!n.is_array()) r.fail(np, "must be an array of {\"series\": {…}} or {\"shunt\": {…}}");
            for (std::size_t k = 0; k < n.size(); ++k) {
                const std::string q = json_reader::item(np, k);
                r.only(n[k], q, {"series", "shunt"});
                if (n[k].size() != 1) r.fail(q, "give exactly one of series, shunt");
                const bool series = n[k].contains("series");
                drv.network.push_back({series ? electroacoustics::network_stage::connection::series
                                              : electroacoustics::network_stage::connection::shunt,
                                       read_element(r, n[k].at(series ? "series" : "shunt"),
                                                    json_reader::at(q, series ? "series" : "shunt"))});
            }
        }
        if (ds[d].contains("path")) drv.path = read_segments(r, ds[d].at("path"), json_reader::at(p, "path"));
        drivers.push_back(std::move(drv));
    }
    std::vector<electroacoustics::acoustic_segment> nozzle;
    if (j.contains("nozzle")) nozzle = read_segments(r, j.at("nozzle"), json_reader::at(path, "nozzle"));
    std::optional<electroacoustics::multi_driver_iem> iem;
    r.report_at(path, {}, [&] { iem.emplace(std::move(drivers), std::move(nozzle), name); });
    return std::move(*iem);
}

// A source impedance: a number (ohm), a string with a unit ("2.2ohm"), or an object of a source network's parts
// {"resistance", "inductance", "series_capacitance", "parallel_resistance", "parallel_capacitance", "file"}.
inline std::optional<source_network> read_source_impedance(json_reader& r, const json& j, const std::string& path) {
    std::optional<source_network> n;
    const auto ohm = [](const std::string& key) {
        return [key](const std::string& t) { return parse_electric_impedance(t, key).value(); };
    };
    if (j.contains("source_impedance_ohm")) {
        if (j.contains("source_impedance")) r.fail(path, "give source_impedance or source_impedance_ohm, not both");
        r.deprecated(json_reader::at(path, "source_impedance_ohm"), "source_impedance_ohm", "source_impedance");
        n.emplace().resistance_ohm = r.number(j, path, "source_impedance_ohm", 0);
    } else if (j.contains("source_impedance") && j.at("source_impedance").is_object()) {
        const json& o = j.at("source_impedance");
        const std::string at = json_reader::at(path, "source_impedance");
        r.only(o, at,
               {"resistance", "inductance", "series_capacitance", "parallel_resistance", "parallel_capacitance", "file"});
        auto& s = n.emplace();
        s.resistance_ohm = r.quantity(o, at, "resistance", 0, ohm("resistance"), "a number (ohm) or a string such as \"1ohm\"");
        s.inductance_h = r.quantity(o, at, "inductance", 0, [](const std::string& t) { return parse_inductance(t, "inductance"); },
                                    "a number (H) or a string such as \"10uH\"");
        s.series_capacitance_f = r.quantity(o, at, "series_capacitance", 0,
                                            [](const std::string& t) { return parse_capacitance(t, "series_capacitance"); },
                                            "a number (F) or a string such as \"220uF\"");
        s.parallel_resistance_ohm = r.quantity(o, at, "parallel_resistance", 0, ohm("parallel_resistance"),
                                               "a number (ohm) or a string such as \"100ohm\"");
        s.parallel_capacitance_f = r.quantity(o, at, "parallel_capacitance", 0,
                                              [](const std::string& t) { return parse_capacitance(t, "parallel_capacitance"); },
                                              "a number (F) or a string such as \"220nF\"");
        if (o.contains("file")) s.file = r.file(r.text(o, at, "file", ""), json_reader::at(at, "file")).string();
    } else if (j.contains("source_impedance")) {
        n.emplace().resistance_ohm = r.quantity(j, path, "source_impedance", 0, ohm("source_impedance"),
                                                "a number (ohm), a string such as \"1ohm\" or an object of parts");
    }
    if (n) {
        const std::string at = json_reader::at(path, j.contains("source_impedance") ? "source_impedance" : "source_impedance_ohm");
        if (j.at(j.contains("source_impedance") ? "source_impedance" : "source_impedance_ohm").is_object())
            r.report_at(at,
                        {{"resistance", json_reader::at(at, "resistance")},
                         {"inductance", json_reader::at(at, "inductance")},
                         {"series_capacitance", json_reader::at(at, "series_capacitance")},
                         {"parallel_resistance", json_reader::at(at, "parallel_resistance")},
                         {"parallel_capacitance", json_reader::at(at, "parallel_capacitance")}},
                        [&] { (void)n->build(); });
        else // a plain value: the error is at the key itself
            r.report_at(at, {}, [&] { (void)n->build(); });
    }
    return n;
}

} // namespace detail

/// Parses IEM.json text (schema: docs/iem-config.md); `source_name` names the file in errors. `zma:` paths
/// in driver specs are relative to `base_dir`.
/// @throws iemlab::file_error naming the file and the JSON path of the offending value.
inline iem_config parse_iem_config(std::string_view text, const std::string& source_name,
                                   const std::filesystem::path& base_dir = {}) {
    detail::json_reader r(source_name, base_dir);
    const detail::json j = r.parse(text);
    r.only(j, "", {"name", "drivers", "nozzle", "source_impedance", "load"});
    const std::string name = r.text(j, "", "name", "");
    iem_config c{detail::read_iem_model(r, j, "", name), std::nullopt, std::nullopt, {}, detail::read_source_impedance(r, j, "")};
    if (c.source && c.source->build().is_resistive() && c.source->file.empty())
        c.source_impedance_ohm = c.source->resistance_ohm;
    if (j.contains("load")) {
        const std::string load = r.text(j, "", "load", "");
        r.report_at("load", {}, [&] { c.load = parse_load_kind(load, "load"); });
    }
    c.deprecations = r.deprecations();
    return c;
}

/// Reads IEM.json (see parse_iem_config()); `zma:` paths are relative to the file's folder.
inline iem_config read_iem_config(const std::filesystem::path& path) {
    return parse_iem_config(io::detail::read_text_file(path), path.string(), path.parent_path());
}

} // namespace iemlab::inline v0::app

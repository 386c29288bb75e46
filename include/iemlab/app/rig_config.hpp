#pragma once
/// @file
/// @brief The JSON rig configuration of `iemlab measure --config RIG.json` (documented in docs/rig-config.md):
/// the simulated rig, the procedure, the target and the IEMs (drivers, crossover networks, acoustic paths).
/// Strict: an unknown key, a value of the wrong type or out of range, or a missing file is an iemlab::error
/// that names the key's path (e.g. `iems[1].drivers[0].network[2]: unknown key 'seires'`).
///
/// Link `iemlab::json` (nlohmann-json) to use this header.

#include "iemlab/acoustics/eardrum.hpp"
#include "iemlab/acoustics/p57_type43.hpp"
#include "iemlab/app/area_function_source.hpp"
#include "iemlab/app/detail/json_reader.hpp"
#include "iemlab/app/eardrum_source.hpp"
#include "iemlab/app/iem_config.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/electroacoustics/crossover.hpp"
#include "iemlab/electroacoustics/driver_model.hpp"
#include "iemlab/io/mic_calibration.hpp"
#include "iemlab/io/response_formats.hpp"
#include "iemlab/measure/builtin_targets.hpp"
#include "iemlab/measure/rig.hpp"
#include "iemlab/measure/session.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::app {

/// One IEM of a rig configuration and how it is driven.
struct configured_iem {
    measure::simulated_iem iem;                        ///< the model
    electroacoustics::output_impedance source;         ///< the source it is measured on
    std::vector<measure::channel_spec> channels;       ///< channels and their gain trims
    measure::drive_nonlinearity nonlinearity{};        ///< optional driver nonlinearity
};

/// A parsed rig configuration.
struct rig_config {
    measure::rig_settings rig{};                ///< the simulated rig (its DAC impedance: the first IEM's source)
    measure::session_settings session{};        ///< procedure and analysis
    std::optional<frequency_response> target;   ///< target, when given
    std::string target_name;                    ///< its name
    std::string title = "IEM measurement";      ///< report title
    std::vector<configured_iem> iems;           ///< at least one
    std::vector<std::string> deprecations;      ///< one line per deprecated key used (print as warnings)
};

namespace detail {

// One entry of `iems`: an IEM file or inline drivers (the schema of IEM.json), and how it is measured.
inline configured_iem read_configured_iem(json_reader& r, const json& j, const std::string& path,
                                          const electroacoustics::output_impedance& default_source,
                                          const measure::session_settings& session, double rate_hz) {
    r.only(j, path, {"name", "iem", "source_impedance", "source_impedance_ohm", "right_gain_db", "channels",
                     "nonlinearity", "drivers", "nozzle"});
    const std::string name = r.text(j, path, "name", "");
    if (name.empty()) r.fail(json_reader::at(path, "name"), "is missing or empty");
    std::shared_ptr<const electroacoustics::multi_driver_iem> model;
    std::optional<source_network> source;
    if (j.contains("iem")) {
        // An IEM.json of `iemlab simulate iem` (docs/iem-config.md), instead of inline drivers.
        const std::string at = json_reader::at(path, "iem");
        if (j.contains("drivers") || j.contains("nozzle")) r.fail(at, "give either iem (a file) or drivers, not both");
        const auto file = r.file(r.text(j, path, "iem", ""), at);
        iem_config ic = read_iem_config(file); // its errors name that file
        source = ic.source;
        model = std::make_shared<const electroacoustics::multi_driver_iem>(std::move(ic.iem));
        for (const auto& d : ic.deprecations) r.note(d);
    } else {
        model = std::make_shared<const electroacoustics::multi_driver_iem>(read_iem_model(r, j, path, name));
    }
    if (!model->has_acoustic_model())
        r.fail(j.contains("iem") ? json_reader::at(path, "iem") : json_reader::at(path, "drivers"),
               "has a driver without an acoustic model (zma: files and ba: specs without r1/l1/c1 give only an "
               "impedance; the simulated rig needs ba: with a branch, ts: or knowles:)");
    if (auto here = read_source_impedance(r, j, path)) source = std::move(here);
    configured_iem c{measure::simulated_iem(name, [model](const network::grid& g, const electroacoustics::acoustic_load& load) {
                         const auto resp = model->respond(g, load);
                         return measure::iem_transfer{resp.impedance, resp.pressure};
                     }),
                     source ? source->build() : default_source, {}, {}};
    std::vector<std::string> names{"left", "right"};
    if (j.contains("channels")) {
        const json& ch = j.at("channels");
        const std::string at = json_reader::at(path, "channels");
        if (!ch.is_array() || ch.empty() || ch.size() > 2) r.fail(at, "must be [\"left\"] or [\"left\", \"right\"]");
        names.clear();
        for (const auto& v : ch) {
            if (!v.is_string() || (v.get<std::string>() != "left" && v.get<std::string>() != "right"))
                r.fail(at, "entries must be \"left\" or \"right\"");
            names.push_back(v.get<std::string>());
        }
    }
    const double right_gain = r.number(j, path, "right_gain_db", 0);
    for (const auto& n : names) c.channels.push_back({n, n == "right" ? right_gain : 0.0});
    if (j.contains("nonlinearity")) {
        const json& nl = j.at("nonlinearity");
        const std::string at = json_reader::at(path, "nonlinearity");
        r.only(nl, at, {"a2", "a3"});
        c.nonlinearity.a2 = r.number(nl, at, "a2", 0);
        c.nonlinearity.a3 = r.number(nl, at, "a3", 0);
    }
    // The IEM's part of the session (channels, nonlinearity), judged by the session's rules.
    measure::session_settings mine = session;
    mine.channels = c.channels;
    mine.nonlinearity = c.nonlinearity;
    r.report_at(path,
                {{"channel gain", json_reader::at(path, "right_gain_db")},
                 {"a2", json_reader::at(path, "nonlinearity.a2")},
                 {"a3", json_reader::at(path, "nonlinearity.a3")}},
                [&] { mine.validate(rate_hz); });
    return c;
}

} // namespace detail

/// Parses a rig configuration from JSON text. `source_name` names it in messages; relative file names inside
/// (microphone calibration, target, IEM files) are taken relative to `base_directory`. The reader maps keys to
/// the fields of measure::rig_settings and measure::session_settings; their validate() judges the values, and
/// a rejected value is reported at the key that set it.
/// @throws iemlab::file_error naming the key path for malformed JSON, unknown keys, bad values or missing files.
inline rig_config parse_rig_config(std::string_view text, const std::string& source_name,
                                   const std::filesystem::path& base_directory) {
    using detail::json;
    using detail::json_reader;
    json_reader r(source_name, base_directory);
    const json j = r.parse(text);
    r.only(j, "", {"title", "rate_hz", "seed", "sweep", "dac", "microphone", "adc", "load", "insertion", "insertions",
                   "analysis", "target", "iems"});
    rig_config c;
    c.title = r.text(j, "", "title", c.title);
    auto& rig = c.rig;
    rig.rate_hz = r.number(j, "", "rate_hz", rig.rate_hz);
    rig.seed = r.whole(j, "", "seed", rig.seed);
    auto& sw = c.session.sweep;
    sw = measure::sweep_settings::defaults_at(rig.rate_hz);
    if (j.contains("sweep")) {
        const json& s = j.at("sweep");
        r.only(s, "sweep", {"f1_hz", "f2_hz", "duration_s", "level_dbfs", "repetitions"});
        sw.f1_hz = r.number(s, "sweep", "f1_hz", sw.f1_hz);
        sw.f2_hz = r.number(s, "sweep", "f2_hz", sw.f2_hz);
        sw.duration_s = r.number(s, "sweep", "duration_s", sw.duration_s);
        sw.level_dbfs = r.number(s, "sweep", "level_dbfs", sw.level_dbfs);
        sw.repetitions = static_cast<unsigned>(std::min<std::uint64_t>(r.whole(s, "sweep", "repetitions", sw.repetitions), 1u << 30));
    }
    if (j.contains("dac")) {
        const json& d = j.at("dac");
        r.only(d, "dac", {"full_scale_v", "output_impedance_ohm"});
        rig.dac.full_scale_v = r.number(d, "dac", "full_scale_v", rig.dac.full_scale_v);
        const double ohm = r.number(d, "dac", "output_impedance_ohm", rig.dac.output_impedance.resistance_ohm());
        r.report_at("dac.output_impedance_ohm", {}, [&] { rig.dac.output_impedance = electroacoustics::output_impedance::from_si(ohm); });
    }
    if (j.contains("microphone")) {
        const json& m = j.at("microphone");
        r.only(m, "microphone", {"sensitivity_mv_per_pa", "self_noise_db_spl", "calibration"});
        rig.microphone.sensitivity_v_per_pa =
            r.number(m, "microphone", "sensitivity_mv_per_pa", rig.microphone.sensitivity_v_per_pa * 1e3) * 1e-3;
        rig.microphone.self_noise_db_spl = r.number(m, "microphone", "self_noise_db_spl", rig.microphone.self_noise_db_spl);
        if (m.contains("calibration"))
            rig.microphone.calibration =
                io::read_mic_calibration(r.file(r.text(m, "microphone", "calibration", ""), "microphone.calibration")).correction;
    }
    if (j.contains("adc")) {
        const json& a = j.at("adc");
        r.only(a, "adc", {"full_scale_v", "gain_db", "latency_samples", "clock_offset_ppm", "background_noise_dbfs"});
        rig.adc.full_scale_v = r.number(a, "adc", "full_scale_v", rig.adc.full_scale_v);
        rig.adc.gain_db = r.number(a, "adc", "gain_db", rig.adc.gain_db);
        rig.adc.latency_samples = static_cast<std::size_t>(r.whole(a, "adc", "latency_samples", rig.adc.latency_samples));
        rig.adc.clock_offset_ppm = r.number(a, "adc", "clock_offset_ppm", rig.adc.clock_offset_ppm);
        rig.adc.background_noise_dbfs = r.number(a, "adc", "background_noise_dbfs", rig.adc.background_noise_dbfs);
    }
    bool p57 = false; // load.type "p57": a canal load with the Type 4.3 simulator's shape and its insertion depths
    if (j.contains("load")) {
        const json& l = j.at("load");
        r.only(l, "load",
               {"type", "canal_length_mm", "canal_diameter_mm", "drum_diameter_mm", "area_function", "eardrum",
                "temperature_c"});
        const std::string type = r.text(l, "load", "type", "iec60318-4");
        // The shape and drum keys belong to type "canal"; the other loads have their own.
        const auto refuse_canal_keys = [&](const std::string& why) {
            for (const char* k :
                 {"canal_length_mm", "canal_diameter_mm", "drum_diameter_mm", "area_function", "eardrum"})
                if (l.contains(k)) r.fail(std::string("load.") + k, why);
        };
        if (type == "canal") {
            rig.load = measure::rig_load_type::canal;
            if (l.contains("area_function")) { // the file sets the whole shape
                for (const char* k : {"canal_length_mm", "canal_diameter_mm", "drum_diameter_mm"})
                    if (l.contains(k))
                        r.fail(std::string("load.") + k,
                               "cannot be given with load.area_function (the file sets the shape)");
                const auto file = r.file(r.text(l, "load", "area_function", ""), "load.area_function");
                r.report_at("load.area_function", {}, [&] { rig.canal.geometry = read_area_function_file(file); });
            } else {
                const auto& canal = rig.canal.geometry;
                const double length = r.number(l, "load", "canal_length_mm", canal.length() * 1e3) * 1e-3;
                const double diameter = r.number(l, "load", "canal_diameter_mm", 2e3 * canal.radius_at(0)) * 1e-3;
                const double drum = r.number(l, "load", "drum_diameter_mm", diameter * 1e3) * 1e-3;
                r.report_at("load",
                            {{"length", "load.canal_length_mm"},
                             {"entrance diameter", "load.canal_diameter_mm"},
                             {"drum diameter", "load.drum_diameter_mm"}},
                            [&] { rig.canal.geometry = acoustics::canal_geometry::conical(length, diameter, drum); });
            }
            if (l.contains("temperature_c")) {
                const double celsius = r.number(l, "load", "temperature_c", 0);
                r.report_at("load.temperature_c", {}, [&] { rig.canal.air = air_properties::at_celsius(celsius); });
            }
            if (l.contains("eardrum")) {
                const std::string eardrum = r.text(l, "load", "eardrum", "");
                // A model name, or an eardrum impedance file relative to the configuration's folder.
                const std::string resolved =
                    is_eardrum_model_name(eardrum) ? eardrum : r.file(eardrum, "load.eardrum").string();
                r.report_at("load.eardrum", {}, [&] { set_eardrum(rig.canal, resolved, "eardrum"); });
            }
        } else if (type == "p57") {
            // The Type 4.3 simulator has its own shape and drum; the eartip seals a few mm past its reference plane.
            rig.load = measure::rig_load_type::canal;
            refuse_canal_keys("applies to type \"canal\" only (p57 has its own shape)");
            const double celsius = r.number(l, "load", "temperature_c", 23.0);
            r.report_at("load.temperature_c", {},
                        [&] { rig.canal = acoustics::p57_type43_ear(air_properties::at_celsius(celsius)); });
            p57 = true;
        } else if (type == "iec60318-4" || type == "711") {
            rig.load = measure::rig_load_type::coupler;
            refuse_canal_keys("applies to type \"canal\" only");
            rig.coupler_temperature_c = r.number(l, "load", "temperature_c", rig.coupler_temperature_c);
        } else {
            r.fail("load.type", "'" + type + "' is not a load (expected iec60318-4, canal or p57)");
        }
    }
    rig.insertions =
        p57 ? measure::insertion_ranges::typical_for_p57() : measure::insertion_ranges::typical_for(rig.load);
    if (j.contains("insertion")) {
        const json& i = j.at("insertion");
        r.only(i, "insertion", {"depth_mm", "leak_gap_mm", "leak_width_mm", "leak_length_mm", "placements"});
        auto& ins = rig.insertions;
        const auto depth = r.range(i, "insertion", "depth_mm", {ins.depth_min_m * 1e3, ins.depth_max_m * 1e3});
        ins.depth_min_m = depth.first * 1e-3;
        ins.depth_max_m = depth.second * 1e-3;
        const auto gap = r.range(i, "insertion", "leak_gap_mm", {ins.leak_gap_min_m * 1e3, ins.leak_gap_max_m * 1e3});
        ins.leak_gap_min_m = gap.first * 1e-3;
        ins.leak_gap_max_m = gap.second * 1e-3;
        ins.leak_width_m = r.number(i, "insertion", "leak_width_mm", ins.leak_width_m * 1e3) * 1e-3;
        ins.leak_length_m = r.number(i, "insertion", "leak_length_mm", ins.leak_length_m * 1e3) * 1e-3;
        if (i.contains("placements")) { // insertions one by one: [{"depth_mm": 3, "leak_gap_mm": 0.2}, …]
            const json& list = i.at("placements");
            if (!list.is_array() || list.empty()) r.fail("insertion.placements", "must be a non-empty list of {depth_mm, leak_gap_mm}");
            for (std::size_t k = 0; k < list.size(); ++k) {
                const std::string path = json_reader::item("insertion.placements", k);
                if (!list[k].is_object()) r.fail(path, "must be an object {depth_mm, leak_gap_mm}");
                r.only(list[k], path, {"depth_mm", "leak_gap_mm"});
                measure::insertion p;
                p.depth_m = r.number(list[k], path, "depth_mm", 0.5 * (ins.depth_min_m + ins.depth_max_m) * 1e3) / 1e3;
                p.leak_gap_m = r.number(list[k], path, "leak_gap_mm", 0) / 1e3;
                ins.placements.push_back(p);
            }
        }
    }
    c.session.insertions = static_cast<unsigned>(std::min<std::uint64_t>(r.whole(j, "", "insertions", c.session.insertions), 1u << 30));
    if (j.contains("analysis")) {
        const json& a = j.at("analysis");
        r.only(a, "analysis", {"f_min_hz", "f_max_hz", "ppo", "harmonics", "normalize_hz", "level_db"});
        auto& an = c.session.analysis;
        an.f_min_hz = r.number(a, "analysis", "f_min_hz", an.f_min_hz);
        an.f_max_hz = r.number(a, "analysis", "f_max_hz", an.f_max_hz);
        an.points_per_octave = r.number(a, "analysis", "ppo", an.points_per_octave);
        an.harmonics = static_cast<unsigned>(std::min<std::uint64_t>(r.whole(a, "analysis", "harmonics", an.harmonics), 1u << 30));
        if (a.contains("normalize_hz") || a.contains("level_db")) {
            const double f_ref = r.number(a, "analysis", "normalize_hz", an.normalize.f_lo());
            const double level = r.number(a, "analysis", "level_db", an.normalize.level());
            r.report_at("analysis", {{"frequency", "analysis.normalize_hz"}, {"level", "analysis.level_db"}},
                        [&] { an.normalize = measure::normalization::at(f_ref, level); });
        }
    }
    if (j.contains("target")) {
        const std::string t = r.text(j, "", "target", "");
        if (measure::is_builtin_target(t)) {
            c.target = measure::builtin_target(t);
            c.target_name = c.target->name();
        } else {
            c.target = io::read_response(r.file(t, "target"));
            c.target_name = std::filesystem::path(t).stem().string();
            c.target->set_name(c.target_name);
        }
    }
    // The values are judged by the domain's own rules; the key that set a rejected value is named.
    r.report_at("", {{"rate", "rate_hz"},
                     {"dac.full_scale_v", "dac.full_scale_v"},
                     {"microphone.sensitivity", "microphone.sensitivity_mv_per_pa"},
                     {"microphone.self_noise", "microphone.self_noise_db_spl"},
                     {"adc.full_scale_v", "adc.full_scale_v"},
                     {"adc.gain", "adc.gain_db"},
                     {"adc.latency", "adc.latency_samples"},
                     {"adc.clock_offset", "adc.clock_offset_ppm"},
                     {"adc.background_noise", "adc.background_noise_dbfs"},
                     {"coupler_temperature", "load.temperature_c"},
                     {"insertion depth_min", "insertion.depth_mm"},
                     {"insertion depth_max", "insertion.depth_mm"},
                     {"leak_gap_min", "insertion.leak_gap_mm"},
                     {"leak_gap_max", "insertion.leak_gap_mm"},
                     {"leak_width", "insertion.leak_width_mm"},
                     {"leak_length", "insertion.leak_length_mm"},
                     {"eardrum table", "load.eardrum"},
                     {"placement depth", "insertion.placements"},
                     {"placement leak_gap", "insertion.placements"}},
                [&] { rig.validate(); });
    r.report_at("", {{"f1", "sweep.f1_hz"},
                     {"f2", "sweep.f2_hz"},
                     {"duration", "sweep.duration_s"},
                     {"level", "sweep.level_dbfs"},
                     {"repetitions", "sweep.repetitions"},
                     {"insertions", "insertions"},
                     {"f_min", "analysis.f_min_hz"},
                     {"f_max", "analysis.f_max_hz"},
                     {"points_per_octave", "analysis.ppo"},
                     {"harmonics", "analysis.harmonics"},
                     {"normalize", "analysis.normalize_hz"}},
                [&] { c.session.validate(rig.rate_hz); });
    if (!j.contains("iems") || !j.at("iems").is_array() || j.at("iems").empty())
        r.fail("iems", "needs at least one IEM");
    for (std::size_t k = 0; k < j.at("iems").size(); ++k)
        c.iems.push_back(detail::read_configured_iem(r, j.at("iems")[k], json_reader::item("iems", k),
                                                       rig.dac.output_impedance, c.session, rig.rate_hz));
    c.deprecations = r.deprecations();
    return c;
}

/// Reads and parses a rig configuration file (relative paths inside it are relative to its folder).
/// @throws iemlab::file_error when the file cannot be read; iemlab::error as parse_rig_config().
inline rig_config read_rig_config(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(path.string(), 0, "cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_rig_config(text.str(), path.string(), path.parent_path());
}

} // namespace iemlab::inline v0::app

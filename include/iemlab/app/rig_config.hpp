#pragma once
/// @file
/// @brief The JSON rig configuration of `iemlab measure --config RIG.json` (documented in docs/rig-config.md):
/// the simulated rig, the procedure, the target and the IEMs (drivers, crossover networks, acoustic paths).
/// Strict: an unknown key, a value of the wrong type or out of range, or a missing file is an iemlab::error
/// that names the key's path (e.g. `iems[1].drivers[0].network[2]: unknown key 'seires'`).
///
/// Link `iemlab::json` (nlohmann-json) to use this header.

#include "iemlab/acoustics/eardrum.hpp"
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
};

namespace detail {
using namespace ::iemlab::io::detail; // the file-format helpers the application level builds on

using json = nlohmann::json;

class config_reader {
public:
    config_reader(std::string source, std::filesystem::path base) : source_(std::move(source)), base_(std::move(base)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& why) const {
        throw error(source_ + ": " + (path.empty() ? std::string("top level") : path) + ": " + why);
    }
    void only(const json& j, const std::string& path, std::initializer_list<std::string_view> keys) const {
        if (!j.is_object()) fail(path, "must be an object");
        for (const auto& [key, value] : j.items()) {
            bool known = false;
            for (const auto k : keys) known = known || k == key;
            if (!known) {
                std::string list;
                for (const auto k : keys) list.append(list.empty() ? "" : ", ").append(k);
                fail(path, "unknown key '" + key + "' (expected one of " + list + ")");
            }
        }
    }
    static std::string at(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }
    double number(const json& j, const std::string& path, std::string_view key, double fallback, double lo, double hi,
                  std::string_view unit) const {
        if (!j.contains(key)) return fallback;
        const json& v = j.at(std::string(key));
        if (!v.is_number()) fail(at(path, key), "must be a number");
        const double x = v.get<double>();
        if (!(x >= lo && x <= hi))
            fail(at(path, key), format_number(x) + " " + std::string(unit) + " is out of range (expected " +
                                    format_number(lo) + " … " + format_number(hi) + ")");
        return x;
    }
    std::string text(const json& j, const std::string& path, std::string_view key, std::string fallback) const {
        if (!j.contains(key)) return fallback;
        const json& v = j.at(std::string(key));
        if (!v.is_string()) fail(at(path, key), "must be a string");
        return v.get<std::string>();
    }
    // [min, max] or a single number (both ends equal).
    std::pair<double, double> range(const json& j, const std::string& path, std::string_view key,
                                    std::pair<double, double> fallback, double lo, double hi, std::string_view unit) const {
        if (!j.contains(key)) return fallback;
        const json& v = j.at(std::string(key));
        const std::string p = at(path, key);
        if (v.is_number()) {
            const double x = number(j, path, key, 0, lo, hi, unit);
            return {x, x};
        }
        if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number())
            fail(p, "must be a number or [min, max]");
        const double a = v[0].get<double>(), b = v[1].get<double>();
        if (!(a >= lo && b <= hi && a <= b))
            fail(p, "[" + format_number(a) + ", " + format_number(b) + "] " + std::string(unit) + " is out of range (expected " +
                        format_number(lo) + " <= min <= max <= " + format_number(hi) + ")");
        return {a, b};
    }
    std::filesystem::path file(const std::string& name, const std::string& path) const {
        std::filesystem::path p(name);
        if (p.is_relative()) p = base_ / p;
        if (!std::filesystem::is_regular_file(p)) fail(path, "file '" + p.string() + "' does not exist");
        return p;
    }
    const std::string& source() const noexcept { return source_; }

private:
    std::string source_;
    std::filesystem::path base_;
};

inline electroacoustics::lumped_element parse_element(const config_reader& r, const json& j, const std::string& path) {
    r.only(j, path, {"r_ohm", "l_mh", "c_uf", "parallel"});
    electroacoustics::lumped_element e;
    e.resistance_ohm = r.number(j, path, "r_ohm", 0, 0, 1e9, "ohm");
    e.inductance_h = r.number(j, path, "l_mh", 0, 0, 1e6, "mH") * 1e-3;
    e.capacitance_f = r.number(j, path, "c_uf", 0, 0, 1e6, "uF") * 1e-6;
    if (j.contains("parallel")) {
        if (!j.at("parallel").is_boolean()) r.fail(path + ".parallel", "must be true or false");
        e.parallel = j.at("parallel").get<bool>();
    }
    if (e.resistance_ohm == 0 && e.inductance_h == 0 && e.capacitance_f == 0)
        r.fail(path, "has none of r_ohm, l_mh, c_uf (give at least one > 0)");
    return e;
}

inline std::vector<electroacoustics::acoustic_segment> parse_path(const config_reader& r, const json& j, const std::string& path) {
    if (!j.is_array()) r.fail(path, "must be an array of {\"tube\": {…}} or {\"damper_cgs\": R}");
    std::vector<electroacoustics::acoustic_segment> out;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string p = path + "[" + std::to_string(i) + "]";
        r.only(j[i], p, {"tube", "damper_cgs"});
        if (j[i].size() != 1) r.fail(p, "give exactly one of tube, damper_cgs");
        if (j[i].contains("tube")) {
            const json& t = j[i].at("tube");
            r.only(t, p + ".tube", {"length_mm", "diameter_mm"});
            if (!t.contains("length_mm") || !t.contains("diameter_mm")) r.fail(p + ".tube", "needs length_mm and diameter_mm");
            out.push_back(electroacoustics::acoustic_segment::tube(r.number(t, p + ".tube", "length_mm", 0, 0.01, 200, "mm") * 1e-3,
                                                                   r.number(t, p + ".tube", "diameter_mm", 0, 0.01, 20, "mm") * 1e-3));
        } else {
            out.push_back(electroacoustics::acoustic_segment::damper(r.number(j[i], p, "damper_cgs", 0, 0, 1e6, "CGS acoustic ohm")));
        }
    }
    return out;
}

inline electroacoustics::driver_model parse_driver(const config_reader& r, const std::string& spec, const std::string& path) {
    try {
        return electroacoustics::parse_driver_spec(spec, [&](const std::string&) -> electroacoustics::driver_model {
            r.fail(path, "zma: drivers have a measured impedance only, no acoustic model: the simulated rig needs "
                         "ba: (with r1/l1/c1), ts: or knowles:");
        });
    } catch (const error& e) {
        const std::string what = e.what();
        if (what.rfind(r.source(), 0) == 0) throw;
        r.fail(path, what);
    }
}

inline std::shared_ptr<const electroacoustics::multi_driver_iem> parse_inline_iem(const config_reader& r, const json& j,
                                                                                 const std::string& path,
                                                                                 const std::string& name) {
    if (!j.contains("drivers") || !j.at("drivers").is_array() || j.at("drivers").empty())
        r.fail(path + ".drivers", "needs at least one driver");
    std::vector<electroacoustics::iem_driver> drivers;
    const json& ds = j.at("drivers");
    for (std::size_t d = 0; d < ds.size(); ++d) {
        const std::string p = path + ".drivers[" + std::to_string(d) + "]";
        r.only(ds[d], p, {"name", "spec", "network", "path"});
        electroacoustics::iem_driver drv{r.text(ds[d], p, "name", "driver " + std::to_string(d + 1)),
                                         parse_driver(r, r.text(ds[d], p, "spec", ""), p + ".spec"), {}, {}};
        if (!drv.driver.has_acoustic_model()) r.fail(p + ".spec", "has no acoustic model (give r1/l1/c1 or use knowles:/ts:)");
        if (ds[d].contains("network")) {
            const json& n = ds[d].at("network");
            if (!n.is_array()) r.fail(p + ".network", "must be an array of {\"series\": {…}} or {\"shunt\": {…}}");
            for (std::size_t k = 0; k < n.size(); ++k) {
                const std::string q = p + ".network[" + std::to_string(k) + "]";
                r.only(n[k], q, {"series", "shunt"});
                if (n[k].size() != 1) r.fail(q, "give exactly one of series, shunt");
                electroacoustics::network_stage stage;
                const bool series = n[k].contains("series");
                stage.how = series ? electroacoustics::network_stage::connection::series
                                   : electroacoustics::network_stage::connection::shunt;
                stage.element = parse_element(r, n[k].at(series ? "series" : "shunt"), q + (series ? ".series" : ".shunt"));
                drv.network.push_back(stage);
            }
        }
        if (ds[d].contains("path")) drv.path = parse_path(r, ds[d].at("path"), p + ".path");
        drivers.push_back(std::move(drv));
    }
    std::vector<electroacoustics::acoustic_segment> nozzle;
    if (j.contains("nozzle")) nozzle = parse_path(r, j.at("nozzle"), path + ".nozzle");
    return std::make_shared<const electroacoustics::multi_driver_iem>(std::move(drivers), std::move(nozzle), name);
}

inline configured_iem parse_iem(const config_reader& r, const json& j, const std::string& path,
                                const electroacoustics::output_impedance& default_source) {
    r.only(j, path, {"name", "iem", "source_impedance_ohm", "right_gain_db", "channels", "nonlinearity", "drivers", "nozzle"});
    const std::string name = r.text(j, path, "name", "");
    if (name.empty()) r.fail(path + ".name", "is missing or empty");
    std::shared_ptr<const electroacoustics::multi_driver_iem> model;
    std::optional<double> file_source_ohm;
    if (j.contains("iem")) {
        // An IEM.json of `iemlab simulate iem` (docs/iem-config.md), instead of inline drivers.
        if (j.contains("drivers") || j.contains("nozzle")) r.fail(path + ".iem", "give either iem (a file) or drivers, not both");
        const auto file = r.file(r.text(j, path, "iem", ""), path + ".iem");
        try {
            iem_config ic = read_iem_config(file);
            if (!ic.iem.has_acoustic_model()) r.fail(path + ".iem", "'" + file.string() + "' has a driver without an acoustic model");
            file_source_ohm = ic.source_impedance_ohm;
            model = std::make_shared<const electroacoustics::multi_driver_iem>(std::move(ic.iem));
        } catch (const error& e) {
            const std::string what = e.what();
            if (what.rfind(r.source(), 0) == 0) throw;
            r.fail(path + ".iem", what);
        }
    } else {
        model = parse_inline_iem(r, j, path, name);
    }
    configured_iem c{measure::simulated_iem(name, [model](const network::grid& g, const electroacoustics::acoustic_load& load) {
                         const auto resp = model->respond(g, load);
                         return measure::iem_transfer{resp.impedance, resp.pressure};
                     }),
                     default_source, {}, {}};
    if (file_source_ohm) c.source = electroacoustics::output_impedance::from_si(*file_source_ohm);
    if (j.contains("source_impedance_ohm"))
        c.source = electroacoustics::output_impedance::from_si(r.number(j, path, "source_impedance_ohm", 0, 0, 1e6, "ohm"));
    std::vector<std::string> names{"left", "right"};
    if (j.contains("channels")) {
        const json& ch = j.at("channels");
        if (!ch.is_array() || ch.empty() || ch.size() > 2) r.fail(path + ".channels", "must be [\"left\"] or [\"left\", \"right\"]");
        names.clear();
        for (const auto& v : ch) {
            if (!v.is_string() || (v.get<std::string>() != "left" && v.get<std::string>() != "right"))
                r.fail(path + ".channels", "entries must be \"left\" or \"right\"");
            names.push_back(v.get<std::string>());
        }
    }
    const double right_gain = r.number(j, path, "right_gain_db", 0, -20, 20, "dB");
    for (const auto& n : names) c.channels.push_back({n, n == "right" ? right_gain : 0.0});
    if (j.contains("nonlinearity")) {
        const json& nl = j.at("nonlinearity");
        r.only(nl, path + ".nonlinearity", {"a2", "a3"});
        c.nonlinearity.a2 = r.number(nl, path + ".nonlinearity", "a2", 0, -1, 1, "");
        c.nonlinearity.a3 = r.number(nl, path + ".nonlinearity", "a3", 0, -1, 1, "");
    }
    return c;
}

} // namespace detail

/// Parses a rig configuration from JSON text. `source_name` names it in messages; relative file names inside
/// (microphone calibration, target) are taken relative to `base_directory`.
/// @throws iemlab::error naming the key path for malformed JSON, unknown keys, bad values or missing files.
inline rig_config parse_rig_config(std::string_view text, const std::string& source_name,
                                   const std::filesystem::path& base_directory) {
    using detail::json;
    const detail::config_reader r(source_name, base_directory);
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        const auto colon = what.find("]: ");
        throw error(source_name + ": not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 3)));
    } catch (const json::exception& e) { // e.g. out_of_range 406: a number beyond double's range
        throw error(source_name + ": not valid JSON: " + e.what());
    }
    r.only(j, "", {"title", "rate_hz", "seed", "sweep", "dac", "microphone", "adc", "load", "insertion", "insertions",
                   "analysis", "target", "iems"});
    rig_config c;
    c.title = r.text(j, "", "title", c.title);
    auto& rig = c.rig;
    rig.rate_hz = r.number(j, "", "rate_hz", 48000, 8000, 384000, "Hz");
    rig.seed = static_cast<std::uint64_t>(r.number(j, "", "seed", 1, 0, 9007199254740992.0, ""));
    if (j.contains("sweep")) {
        const json& s = j.at("sweep");
        r.only(s, "sweep", {"f1_hz", "f2_hz", "duration_s", "level_dbfs", "repetitions"});
        auto& sw = c.session.sweep;
        sw.f1_hz = r.number(s, "sweep", "f1_hz", sw.f1_hz, 1, rig.rate_hz / 2, "Hz");
        sw.f2_hz = r.number(s, "sweep", "f2_hz", std::min(sw.f2_hz, 0.46 * rig.rate_hz), 1, rig.rate_hz / 2, "Hz");
        sw.duration_s = r.number(s, "sweep", "duration_s", sw.duration_s, 0.1, 60, "s");
        sw.level_dbfs = r.number(s, "sweep", "level_dbfs", sw.level_dbfs, -120, 0, "dBFS");
        sw.repetitions = static_cast<unsigned>(r.number(s, "sweep", "repetitions", sw.repetitions, 1, 64, ""));
    } else {
        c.session.sweep.f2_hz = std::min(c.session.sweep.f2_hz, 0.46 * rig.rate_hz);
    }
    if (j.contains("dac")) {
        const json& d = j.at("dac");
        r.only(d, "dac", {"full_scale_v", "output_impedance_ohm"});
        rig.dac.full_scale_v = r.number(d, "dac", "full_scale_v", rig.dac.full_scale_v, 1e-6, 100, "V");
        rig.dac.output_impedance = electroacoustics::output_impedance::from_si(
            r.number(d, "dac", "output_impedance_ohm", rig.dac.output_impedance.resistance_ohm(), 0, 1e6, "ohm"));
    }
    if (j.contains("microphone")) {
        const json& m = j.at("microphone");
        r.only(m, "microphone", {"sensitivity_mv_per_pa", "self_noise_db_spl", "calibration"});
        rig.microphone.sensitivity_v_per_pa =
            r.number(m, "microphone", "sensitivity_mv_per_pa", rig.microphone.sensitivity_v_per_pa * 1e3, 1e-3, 1e4, "mV/Pa") * 1e-3;
        rig.microphone.self_noise_db_spl = r.number(m, "microphone", "self_noise_db_spl", rig.microphone.self_noise_db_spl, -200, 140, "dB SPL");
        if (m.contains("calibration"))
            rig.microphone.calibration =
                io::read_mic_calibration(r.file(r.text(m, "microphone", "calibration", ""), "microphone.calibration")).correction;
    }
    if (j.contains("adc")) {
        const json& a = j.at("adc");
        r.only(a, "adc", {"full_scale_v", "gain_db", "latency_samples", "clock_offset_ppm", "background_noise_dbfs"});
        rig.adc.full_scale_v = r.number(a, "adc", "full_scale_v", rig.adc.full_scale_v, 1e-6, 100, "V");
        rig.adc.gain_db = r.number(a, "adc", "gain_db", rig.adc.gain_db, -40, 80, "dB");
        rig.adc.latency_samples = static_cast<std::size_t>(r.number(a, "adc", "latency_samples", 0, 0, 10 * rig.rate_hz, "samples"));
        rig.adc.clock_offset_ppm = r.number(a, "adc", "clock_offset_ppm", 0, -1000, 1000, "ppm");
        rig.adc.background_noise_dbfs = r.number(a, "adc", "background_noise_dbfs", rig.adc.background_noise_dbfs, -300, 0, "dBFS");
    }
    if (j.contains("load")) {
        const json& l = j.at("load");
        r.only(l, "load", {"type", "canal_length_mm", "canal_diameter_mm", "eardrum", "temperature_c"});
        const std::string type = r.text(l, "load", "type", "iec60318-4");
        if (type == "canal") {
            rig.load = measure::rig_load_type::canal;
            const double length = r.number(l, "load", "canal_length_mm", 25, 5, 60, "mm") * 1e-3;
            const double diameter = r.number(l, "load", "canal_diameter_mm", 7.5, 1, 20, "mm") * 1e-3;
            rig.canal.geometry = acoustics::canal_geometry::cylinder(length, diameter);
            rig.canal.air = air_properties::at_celsius(r.number(l, "load", "temperature_c", 37, -20, 60, "C"));
            try {
                rig.canal.eardrum = acoustics::parse_eardrum_model(r.text(l, "load", "eardrum", "shaw-stinson"), "eardrum");
            } catch (const error& e) {
                r.fail("load.eardrum", e.what());
            }
        } else if (type == "iec60318-4" || type == "711") {
            rig.load = measure::rig_load_type::coupler;
            for (const char* k : {"canal_length_mm", "canal_diameter_mm", "eardrum"})
                if (l.contains(k)) r.fail(std::string("load.") + k, "applies to type \"canal\" only");
            rig.coupler_temperature_c = r.number(l, "load", "temperature_c", 23, -20, 60, "C");
        } else {
            r.fail("load.type", "'" + type + "' is not a load (expected iec60318-4 or canal)");
        }
    }
    if (rig.load == measure::rig_load_type::canal) {
        rig.insertions.depth_min_m = 0.008;
        rig.insertions.depth_max_m = 0.012;
    }
    if (j.contains("insertion")) {
        const json& i = j.at("insertion");
        r.only(i, "insertion", {"depth_mm", "leak_gap_mm", "leak_width_mm", "leak_length_mm"});
        auto& ins = rig.insertions;
        const double max_depth = rig.load == measure::rig_load_type::coupler ? 30 : rig.canal.geometry.length() * 950;
        const auto depth = r.range(i, "insertion", "depth_mm", {ins.depth_min_m * 1e3, ins.depth_max_m * 1e3}, 0, max_depth, "mm");
        ins.depth_min_m = depth.first * 1e-3;
        ins.depth_max_m = depth.second * 1e-3;
        const auto gap = r.range(i, "insertion", "leak_gap_mm", {ins.leak_gap_min_m * 1e3, ins.leak_gap_max_m * 1e3}, 0, 5, "mm");
        ins.leak_gap_min_m = gap.first * 1e-3;
        ins.leak_gap_max_m = gap.second * 1e-3;
        ins.leak_width_m = r.number(i, "insertion", "leak_width_mm", ins.leak_width_m * 1e3, 0.001, 50, "mm") * 1e-3;
        ins.leak_length_m = r.number(i, "insertion", "leak_length_mm", ins.leak_length_m * 1e3, 0.001, 50, "mm") * 1e-3;
    }
    c.session.insertions = static_cast<unsigned>(r.number(j, "", "insertions", 3, 1, 100, ""));
    if (j.contains("analysis")) {
        const json& a = j.at("analysis");
        r.only(a, "analysis", {"f_min_hz", "f_max_hz", "ppo", "harmonics", "normalize_hz", "level_db"});
        auto& an = c.session.analysis;
        an.f_min_hz = r.number(a, "analysis", "f_min_hz", an.f_min_hz, 1, rig.rate_hz / 2, "Hz");
        an.f_max_hz = r.number(a, "analysis", "f_max_hz", an.f_max_hz, an.f_min_hz, rig.rate_hz / 2, "Hz");
        an.points_per_octave = r.number(a, "analysis", "ppo", an.points_per_octave, 1, 384, "");
        an.harmonics = static_cast<unsigned>(r.number(a, "analysis", "harmonics", an.harmonics, 1, 9, ""));
        const double f_ref = r.number(a, "analysis", "normalize_hz", 1000, an.f_min_hz, an.f_max_hz, "Hz");
        an.normalize = measure::normalization::at(f_ref, r.number(a, "analysis", "level_db", 85, -200, 200, "dB"));
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
    if (!j.contains("iems") || !j.at("iems").is_array() || j.at("iems").empty())
        r.fail("iems", "needs at least one IEM");
    for (std::size_t k = 0; k < j.at("iems").size(); ++k)
        c.iems.push_back(detail::parse_iem(r, j.at("iems")[k], "iems[" + std::to_string(k) + "]", rig.dac.output_impedance));
    try {
        rig.validate();
        (void)c.session.sweep.make(rig.rate_hz);
    } catch (const error& e) {
        throw error(source_name + ": " + e.what());
    }
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

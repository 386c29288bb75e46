#pragma once
/// @file
/// @brief Writes the results of the measure-and-compare pipeline (measure::measurement_result, one or several
/// IEMs) to a directory: `report.html` (plots inline as SVG), per-IEM CSV, REW text, squig `<name> L.txt` /
/// `R.txt`, AutoEq CSV, THD CSV and `summary.json`. Every file is written atomically.
///
/// Files per IEM (`<name>` is the IEM's name, with characters unsafe in file names replaced):
/// - `<name>.csv`: `frequency,<channel>_db,<channel>_min_db,<channel>_max_db,<channel>_std_db,…,combined_db`
///   (+ `target_db,error_db` with a target), normalised levels;
/// - `<name> insertions.csv`: every insertion's level (normalised with the same offset);
/// - `<name> thd.csv`: `frequency,<channel>_thd_percent,…` (RMS over insertions of THD_F);
/// - `<name>.txt`: REW text export of the combined response; `<name> L.txt`, `<name> R.txt`: squig.link files
///   (480 points at 1/48 octave) of each channel; `<name> autoeq.csv`: AutoEq CSV of the combined response,
///   0 dB at 1 kHz, on AutoEq's 695-point grid.

#include "iemlab/app/measurement_eq.hpp"
#include "iemlab/app/output_manifest.hpp"
#include "iemlab/core/decibel.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/io/atomic_file.hpp"
#include "iemlab/io/html_report.hpp"
#include "iemlab/io/response_formats.hpp"
#include "iemlab/io/svg_plot.hpp"
#include "iemlab/measure/session.hpp"
#include "iemlab/measure/target.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace iemlab::inline v0::app {

/// One fact about how the measurements were made (device, ports, sample rate, latency, xruns): a row of the
/// report's set-up table and a key of summary.json's "setup" object.
struct setup_fact {
    std::string key;              ///< JSON key, snake_case
    std::string label;            ///< row label in the report
    std::string text;             ///< value as shown (and as JSON string when `number` is empty)
    std::optional<double> number; ///< numeric value for summary.json
};

/// What the report says besides the measurements.
struct report_options {
    std::string title = "IEM measurement";      ///< page title
    std::string description;                    ///< paragraph under the title (rig, procedure)
    std::optional<frequency_response> compare;  ///< another response to overlay (e.g. `--compare FILE`)
    std::string target_name;                    ///< name of the target, for captions
    std::vector<setup_fact> setup;              ///< how it was measured (live device, ports, rate, xruns …)
    std::optional<measure::eq_constraints> eq;  ///< `measure --eq`: an EQ per IEM with a target (measurement_eq.hpp)
    std::string smoothing;                      ///< smoothing applied ("1/6 octave"; empty: none), for REW headers
    /// What the IEM was measured on, for the validity notes (none: not known, e.g. recordings from any rig).
    std::optional<measure::rig_load_type> load;
};

namespace detail {
using namespace ::iemlab::io::detail; // the file-format helpers the application level builds on

inline std::string file_stem(std::string_view name) {
    std::string s;
    for (const char c : name) s += (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
                                    c == '>' || c == '|' || static_cast<unsigned char>(c) < 32)
                                       ? '_'
                                       : c;
    while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.pop_back();
    return s.empty() ? std::string("measurement") : s;
}

inline std::string fixed_or_dash(const std::optional<double>& v, int decimals) {
    return v ? fixed(*v, decimals) : std::string("–");
}

// What the curves mean and where they stop meaning it (issue 23): the coupler's band, how the sensitivity was had.
inline std::vector<std::string> validity_notes(const std::vector<measure::measurement_result>& results, const report_options& o) {
    std::vector<std::string> notes;
    const std::string coupler =
        "bove about 8 kHz an IEC 60318-4 (711) coupler stops standing for an eardrum: the standard specifies it only up "
        "to 10 kHz, its own half-wave resonance lies near 13 kHz, and real ears differ from each other by many dB there. "
        "Read the treble as this coupler's, not a listener's; compare IEMs there only on the same coupler.";
    if (!o.load) notes.push_back("If this was measured on a 711 coupler: a" + coupler);
    else if (*o.load == measure::rig_load_type::coupler) notes.push_back("A" + coupler);
    for (const auto& m : results)
        for (const auto& ch : m.channels)
            if (ch.sensitivity) {
                const auto& d = ch.sensitivity->drive;
                notes.push_back("Sensitivity (" + m.name + ", " + ch.name + "): " + fixed(ch.sensitivity->db_spl_per_v, 1) + " dB SPL/V" +
                                (ch.sensitivity->db_spl_per_mw ? ", " + fixed(*ch.sensitivity->db_spl_per_mw, 1) + " dB SPL/mW" : std::string()) +
                                " at 1 kHz, from " + fixed(ch.sensitivity->spl_db, 1) + " dB SPL with " + fixed(d.v_rms * 1e3, 2) +
                                " mV RMS across the terminals" +
                                (d.impedance_ohm ? " into |Z| = " + fixed(*d.impedance_ohm, 1) + " Ω (P = V²/|Z|)" : std::string()) + ".");
            }
    return notes;
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
    io::write_file_atomically(path, [&](std::ostream& os) { os.write(text.data(), static_cast<std::streamsize>(text.size())); });
}

// Channel label for squig file names: "L"/"R" for left/right, else the name.
inline std::string channel_letter(const std::string& name) {
    if (name == "left") return "L";
    if (name == "right") return "R";
    return name;
}

// THD at f (Hz), linear in ln f, or nullopt outside the channel's THD range.
inline std::optional<double> thd_at(const measure::channel_result& ch, double f) {
    const auto& x = ch.thd_frequency_hz;
    if (x.size() < 2 || f < x.front() || f > x.back()) return std::nullopt;
    const auto it = std::lower_bound(x.begin(), x.end(), f);
    const auto hi = static_cast<std::size_t>(it - x.begin());
    if (x[hi] == f) return ch.thd_percent[hi];
    const std::size_t lo = hi - 1;
    const double t = std::log(f / x[lo]) / std::log(x[hi] / x[lo]);
    return ch.thd_percent[lo] + t * (ch.thd_percent[hi] - ch.thd_percent[lo]);
}

/// Decimals of the frequency column of measure's CSVs: 3 (1 mHz), more only where needed to keep the points
/// distinct, instead of the 17 significant digits of the shortest round-trip text.
inline int frequency_decimals(const std::vector<double>& f) { return decimals_for_distinct(f, 3); }

inline std::string response_csv(const measure::measurement_result& m) {
    std::string s = "frequency";
    for (const auto& ch : m.channels) s += "," + ch.name + "_db," + ch.name + "_min_db," + ch.name + "_max_db," + ch.name + "_std_db";
    s += ",combined_db";
    if (m.target) s += ",target_db,error_db";
    s += '\n';
    const auto& f = m.combined.frequencies();
    const int fd = frequency_decimals(f);
    for (std::size_t k = 0; k < f.size(); ++k) {
        append_fixed(s, f[k], fd);
        for (const auto& ch : m.channels) {
            const double off = m.normalization_offset_db;
            for (const double v : {ch.normalized.magnitude_db()[k], ch.average.min_db[k] + off, ch.average.max_db[k] + off,
                                   ch.average.std_db[k]}) {
                s += ',';
                append_fixed(s, v, 4);
            }
        }
        s += ',';
        append_fixed(s, m.combined.magnitude_db()[k], 4);
        if (m.target) {
            s += ',';
            append_fixed(s, m.target->target.magnitude_db()[k], 4);
            s += ',';
            append_fixed(s, m.target->error.magnitude_db()[k], 4);
        }
        s += '\n';
    }
    return s;
}

inline std::string insertions_csv(const measure::measurement_result& m) {
    std::string s = "frequency";
    for (const auto& ch : m.channels)
        for (std::size_t i = 0; i < ch.insertions.size(); ++i) s += "," + ch.name + "_" + std::to_string(i + 1) + "_db";
    s += '\n';
    const auto& f = m.combined.frequencies();
    const int fd = frequency_decimals(f);
    for (std::size_t k = 0; k < f.size(); ++k) {
        append_fixed(s, f[k], fd);
        for (const auto& ch : m.channels)
            for (const auto& a : ch.insertions) {
                s += ',';
                append_fixed(s, a.response.magnitude_db()[k] + m.normalization_offset_db, 4);
            }
        s += '\n';
    }
    return s;
}

inline std::string thd_csv(const measure::measurement_result& m) {
    std::string s = "frequency";
    for (const auto& ch : m.channels) s += "," + ch.name + "_thd_percent";
    s += '\n';
    const auto& f = m.channels.front().thd_frequency_hz;
    const int fd = frequency_decimals(f);
    for (std::size_t k = 0; k < f.size(); ++k) {
        append_fixed(s, f[k], fd);
        for (const auto& ch : m.channels) {
            s += ',';
            const auto v = thd_at(ch, f[k]);
            if (v) append_general(s, *v, 6);
        }
        s += '\n';
    }
    return s;
}

inline std::optional<double> spl_at_1k(const measure::measurement_result& m, const measure::channel_result& ch) {
    if (m.level_unit != "dB SPL") return std::nullopt;
    return ch.level_1k_db;
}

// dB SPL at 0.1 V RMS across the terminals (spec sheets' "at 0.1 V"), when the sensitivity was measured (which
// needs levels in dB SPL).
inline std::optional<double> sensitivity_100mv(const measure::channel_result& ch) {
    return ch.sensitivity ? std::optional<double>(ch.sensitivity->spl_at_voltage(0.1)) : std::nullopt;
}

inline std::optional<double> sensitivity_per_mw(const measure::channel_result& ch) {
    return ch.sensitivity ? ch.sensitivity->db_spl_per_mw : std::nullopt;
}

inline std::string summary_json(const std::vector<measure::measurement_result>& results, const report_options& o) {
    std::string s = "{\n  \"title\": " + json_string(o.title) + ",\n";
    if (!o.setup.empty()) {
        s += "  \"setup\": {";
        for (std::size_t i = 0; i < o.setup.size(); ++i)
            s += (i ? ", " : "") + json_string(o.setup[i].key) + ": " +
                 (o.setup[i].number ? json_number(*o.setup[i].number) : json_string(o.setup[i].text));
        s += "},\n";
    }
    const auto notes = validity_notes(results, o);
    s += "  \"notes\": [";
    for (std::size_t i = 0; i < notes.size(); ++i) s += (i ? ", " : "") + json_string(notes[i]);
    s += "],\n";
    s += "  \"iems\": [\n";
    for (std::size_t r = 0; r < results.size(); ++r) {
        const auto& m = results[r];
        s += "    {\n      \"name\": " + json_string(m.name) + ",\n";
        s += "      \"level_unit\": " + json_string(m.level_unit) + ",\n";
        s += "      \"sweep_level_dbfs\": " + json_number(m.sweep_level_dbfs) + ",\n";
        if (m.drive_v_rms) s += "      \"drive_v_rms\": " + json_number(*m.drive_v_rms) + ",\n";
        if (m.source_impedance_ohm) s += "      \"source_impedance_ohm\": " + json_number(*m.source_impedance_ohm) + ",\n";
        s += "      \"normalization_offset_db\": " + json_number(m.normalization_offset_db) + ",\n";
        s += "      \"channels\": [\n";
        for (std::size_t c = 0; c < m.channels.size(); ++c) {
            const auto& ch = m.channels[c];
            s += "        {\"name\": " + json_string(ch.name) + ", \"level_1khz_db\": " + json_number(ch.level_1k_db);
            if (const auto sens = sensitivity_100mv(ch)) s += ", \"sensitivity_db_spl_at_100mv\": " + json_number(*sens);
            if (ch.sensitivity) {
                s += ", \"sensitivity_db_spl_per_v\": " + json_number(ch.sensitivity->db_spl_per_v);
                if (ch.sensitivity->db_spl_per_mw) s += ", \"sensitivity_db_spl_per_mw\": " + json_number(*ch.sensitivity->db_spl_per_mw);
                s += ", \"drive_terminal_v_rms\": " + json_number(ch.sensitivity->drive.v_rms);
                if (ch.sensitivity->drive.impedance_ohm) s += ", \"impedance_1khz_ohm\": " + json_number(*ch.sensitivity->drive.impedance_ohm);
            }
            if (ch.rolloff) s += ", \"rolloff_db\": " + json_number(ch.rolloff->rolloff_db);
            if (const auto t = thd_at(ch, 1000.0)) s += ", \"thd_1khz_percent\": " + json_number(*t);
            if (c < m.channel_scores.size() && m.channel_scores[c])
                s += ", \"preference_score\": " + json_number(m.channel_scores[c]->score);
            s += ",\n         \"insertions\": [";
            for (std::size_t i = 0; i < ch.insertions.size(); ++i) {
                const auto& a = ch.insertions[i];
                s += i ? ", " : "";
                s += "{\"peak_dbfs\": " + json_number(a.levels.peak_dbfs) + ", \"rms_dbfs\": " + json_number(a.levels.rms_dbfs) +
                     ", \"clipped_samples\": " + std::to_string(a.levels.clipping.samples);
                if (i < ch.fits.size())
                    s += ", \"seal\": " + json_string(std::string(measure::to_string(ch.fits[i].fit))) +
                         ", \"bass_deficit_db\": " + json_number(ch.fits[i].bass_deficit_db) +
                         ", \"treble_deficit_db\": " + json_number(ch.fits[i].treble_deficit_db);
                if (i < ch.averaged.size()) s += std::string(", \"averaged\": ") + (ch.averaged[i] ? "true" : "false");
                if (i < ch.placements.size())
                    s += ", \"depth_mm\": " + json_number(ch.placements[i].depth_m * 1e3) +
                         ", \"leak_gap_mm\": " + json_number(ch.placements[i].leak_gap_m * 1e3);
                s += "}";
            }
            s += "]}";
            s += c + 1 < m.channels.size() ? ",\n" : "\n";
        }
        s += "      ]";
        if (m.imbalance)
            s += ",\n      \"channel_imbalance\": {\"mean_db\": " + json_number(m.imbalance->mean_db) +
                 ", \"rms_db\": " + json_number(m.imbalance->rms_db) + ", \"max_abs_db\": " + json_number(m.imbalance->max_abs_db) +
                 ", \"max_abs_frequency_hz\": " + json_number(m.imbalance->max_abs_frequency_hz) + "}";
        if (m.target)
            s += ",\n      \"preference_score\": {\"score\": " + json_number(m.target->score.score) +
                 ", \"std\": " + json_number(m.target->score.std_db) + ", \"slope\": " + json_number(m.target->score.slope) +
                 ", \"mean\": " + json_number(m.target->score.mean_db) + "}";
        s += ",\n      \"warnings\": [";
        for (std::size_t w = 0; w < m.warnings.size(); ++w)
            s += (w ? ", " : "") + json_string(m.warnings[w].where() + ": " + m.warnings[w].message);
        s += "]\n    }";
        s += r + 1 < results.size() ? ",\n" : "\n";
    }
    s += "  ]\n}\n";
    return s;
}

// Display range of a level plot: 5 dB steps around all the data on the 20 Hz … 20 kHz axis (a roll-off below
// 40 Hz or above 16 kHz stays visible), at least 30 dB.
inline io::plot_options level_plot(std::string title, std::string unit, const std::vector<const frequency_response*>& curves) {
    io::plot_options o = io::frequency_response_plot_options(std::move(title));
    o.y.label = "Level (" + unit + ")";
    double lo = 1e300, hi = -1e300;
    for (const auto* r : curves)
        for (std::size_t i = 0; i < r->size(); ++i)
            if (r->frequencies()[i] >= 20 && r->frequencies()[i] <= 20000 && std::isfinite(r->magnitude_db()[i])) {
                lo = std::min(lo, r->magnitude_db()[i]);
                hi = std::max(hi, r->magnitude_db()[i]);
            }
    if (lo < hi) {
        if (hi - lo < o.y.min_span) {
            const double mid = 0.5 * (lo + hi);
            lo = mid - 0.5 * o.y.min_span;
            hi = mid + 0.5 * o.y.min_span;
        }
        o.y.min = std::floor((lo - 2) / 5) * 5;
        o.y.max = std::ceil((hi + 2) / 5) * 5;
    }
    o.height = 480;
    return o;
}

// What the levels of the report's plots mean: calibrated dB SPL, or relative levels of an uncalibrated rig
// shifted by the normalisation (never "85 dB re FS": an offset dB re FS level is no longer re full scale).
inline std::string level_caption(const measure::measurement_result& m) {
    const double at_1k = m.combined.db_at(1000.0);
    if (m.level_unit != "dB re FS")
        return "levels in " + m.level_unit + " (" + fixed(at_1k, 1) + " " + m.level_unit + " at 1 kHz)";
    if (m.normalization_offset_db == 0) return "levels in dB re full scale (not normalised; the rig is not calibrated)";
    return "relative levels (rig not calibrated): shifted by " + fixed(m.normalization_offset_db, 1) +
           " dB from dB re full scale by the normalisation, " + fixed(at_1k, 1) + " dB at 1 kHz";
}

} // namespace detail

/// Writes every file of the report for `results` (one or more IEMs) into `directory` (created if missing).
/// Returns the path of report.html.
/// @throws iemlab::error when `results` is empty; iemlab::file_error when a file cannot be written.
inline std::filesystem::path write_measurement_report(const std::filesystem::path& directory,
                                                      const std::vector<measure::measurement_result>& results,
                                                      const report_options& options = {}) {
    namespace fs = std::filesystem;
    if (results.empty()) throw_invalid("write_measurement_report", "results", "is empty (nothing measured)");
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec || !fs::is_directory(directory)) throw file_error(directory.string(), 0, "cannot create the output directory");
    output_folder_run run(directory); // the manifest: a re-run removes only this command's earlier files

    io::html_report page(options.title);
    if (!options.description.empty()) page.paragraph(options.description);
    if (!options.setup.empty()) {
        std::vector<std::pair<std::string, std::string>> facts;
        for (const auto& f : options.setup) facts.emplace_back(f.label, f.text);
        page.heading("Set-up");
        page.key_value_table(facts);
    }

    // Overview table.
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : results) {
        std::optional<double> spl, sens, per_mw;
        if (!m.channels.empty()) {
            spl = detail::spl_at_1k(m, m.channels.front());
            sens = detail::sensitivity_100mv(m.channels.front());
            per_mw = detail::sensitivity_per_mw(m.channels.front());
        }
        std::optional<double> thd;
        if (!m.channels.empty()) thd = detail::thd_at(m.channels.front(), 1000.0);
        rows.push_back({m.name, m.target ? detail::fixed(m.target->score.score, 1) : "–",
                        m.target ? detail::fixed(m.target->score.std_db, 2) : "–",
                        m.target ? detail::fixed(m.target->score.slope, 2) : "–",
                        m.source_impedance_ohm ? detail::fixed(*m.source_impedance_ohm, 1) : "–",
                        detail::fixed_or_dash(spl, 1), detail::fixed_or_dash(sens, 1), detail::fixed_or_dash(per_mw, 1),
                        m.imbalance ? detail::fixed(m.imbalance->mean_db, 2) + " (max " +
                                          detail::fixed(m.imbalance->max_abs_db, 1) + " @ " +
                                          detail::fixed(m.imbalance->max_abs_frequency_hz, 0) + " Hz)"
                                    : "–",
                        detail::fixed_or_dash(thd, 3), std::to_string(m.warnings.size())});
    }
    page.heading("Overview");
    page.table({"IEM", "Preference score", "SD (dB)", "Slope", "Source (Ω)", "SPL @ 1 kHz (left)",
                "dB SPL @ 0.1 V (left)", "dB SPL / mW (left)", "L − R (dB)", "THD @ 1 kHz (%)", "Warnings"},
               rows, options.target_name.empty() ? "Harman in-ear preference score needs a target"
                                                 : "Preference score against " + options.target_name +
                                                       " (AutoEq's computation; 711 data)");

    const auto notes = detail::validity_notes(results, options);
    if (!notes.empty()) {
        page.heading("Reading these results", 3);
        for (const auto& n : notes) page.paragraph(n);
    }

    // An uncalibrated, normalised level is relative, not "dB re FS" (detail::level_caption).
    const std::string unit = results.front().level_unit == "dB re FS" && results.front().normalization_offset_db != 0
                                 ? std::string("dB, relative")
                                 : results.front().level_unit;
    if (results.size() > 1 || options.compare) {
        std::vector<const frequency_response*> curves;
        for (const auto& m : results) curves.push_back(&m.combined);
        io::svg_plot plot(detail::level_plot("Comparison (normalised, L/R average)", unit, curves));
        if (results.front().target) plot.add_target(results.front().target->target, options.target_name.empty() ? "Target" : options.target_name);
        for (const auto& m : results) plot.add_curve(m.combined, io::plot_style{{}, 2.0, false, 1.0});
        if (options.compare) {
            const double at = results.front().combined.db_at(1000.0);
            frequency_response c = measure::center_at(*options.compare).with_gain(at);
            plot.add_curve(c, io::plot_style{"#7F7F7F", 1.5, true, 1.0});
        }
        page.heading("Comparison");
        page.svg(plot.render(), "Every IEM normalised alike; " + detail::level_caption(results.front()) +
                                    (options.compare ? "; dashed grey: " + options.compare->name() : ""));
        if (results.size() > 1) {
            io::plot_options o = io::frequency_response_plot_options("Difference to " + results.front().name);
            o.y.label = "Difference (dB)";
            o.height = 360;
            io::svg_plot diff(o);
            for (std::size_t r = 1; r < results.size(); ++r) {
                std::vector<double> d(results[r].combined.size());
                const auto base = dsp::resample(results.front().combined, results[r].combined.frequencies());
                for (std::size_t k = 0; k < d.size(); ++k) d[k] = results[r].combined.magnitude_db()[k] - base.magnitude_db()[k];
                diff.add_curve(results[r].name + " − " + results.front().name, results[r].combined.frequencies(), d,
                               io::plot_style{detail::plot_palette[r % detail::plot_palette.size()], 2.0, false, 1.0});
            }
            page.svg(diff.render());
        }
    }

    for (const auto& m : results) {
        const std::string stem = detail::file_stem(m.name);
        page.heading(m.name);
        // Frequency response with spread and target.
        {
            std::vector<const frequency_response*> curves{&m.combined};
            io::svg_plot plot(detail::level_plot("Frequency response — " + m.name, unit, curves));
            for (const auto& ch : m.channels) {
                std::vector<double> lo(ch.average.min_db), hi(ch.average.max_db);
                for (double& v : lo) v += m.normalization_offset_db;
                for (double& v : hi) v += m.normalization_offset_db;
                plot.add_band(ch.name + " insertions (min–max)", ch.normalized.frequencies(), lo, hi,
                              io::plot_style{ch.name == "right" ? "#E8A07A" : "#7FAED6", 1, false, 0.35});
            }
            if (m.target) plot.add_target(m.target->target, options.target_name.empty() ? "Target" : options.target_name);
            plot.add_curve(m.combined, io::plot_style{"#000000", 2.0, false, 1.0});
            std::size_t inserts = m.channels.empty() ? 0 : m.channels.front().insertions.size();
            page.svg(plot.render(), "L/R average of " + std::to_string(inserts) + " insertions per channel, " +
                                        "shaded: the spread of the insertions; " + detail::level_caption(m));
        }
        // L/R overlay.
        if (m.channels.size() > 1) {
            std::vector<const frequency_response*> curves;
            for (const auto& ch : m.channels) curves.push_back(&ch.normalized);
            io::svg_plot plot(detail::level_plot("Left and right — " + m.name, unit, curves));
            for (const auto& ch : m.channels)
                plot.add_curve(ch.normalized, io::plot_style{ch.name == "right" ? "#D55E00" : "#0072B2", 1.8, false, 1.0});
            page.svg(plot.render(), m.imbalance ? "Imbalance L − R over 20 Hz … 10 kHz: mean " +
                                                      detail::fixed(m.imbalance->mean_db, 2) + " dB, RMS " +
                                                      detail::fixed(m.imbalance->rms_db, 2) + " dB, largest " +
                                                      detail::fixed(m.imbalance->max_abs_db, 2) + " dB at " +
                                                      detail::fixed(m.imbalance->max_abs_frequency_hz, 0) + " Hz"
                                                : "");
        }
        // THD.
        bool any_thd = false;
        for (const auto& ch : m.channels) any_thd = any_thd || !ch.thd_percent.empty();
        if (any_thd) {
            const std::size_t orders = m.channels.front().hd_percent.size();
            io::svg_plot plot(io::distortion_plot_options(
                (orders ? "THD (THD_F, orders 2…" + std::to_string(orders + 1) + ")" : std::string("THD (THD_F)")) +
                " — " + m.name));
            for (const auto& ch : m.channels) {
                if (ch.thd_percent.empty()) continue;
                const bool right = ch.name == "right";
                plot.add_curve(ch.name + " THD", ch.thd_frequency_hz, ch.thd_percent,
                               io::plot_style{right ? "#D55E00" : "#0072B2", 2.0, false, 1.0});
                // One thinner curve per harmonic, same hue, fainter with the order.
                for (std::size_t n = 0; n < ch.hd_percent.size(); ++n)
                    plot.add_curve(ch.name + " H" + std::to_string(n + 2), ch.thd_frequency_hz, ch.hd_percent[n],
                                   io::plot_style{right ? "#D55E00" : "#0072B2", 1.0, true,
                                                  std::max(0.3, 0.9 - 0.15 * static_cast<double>(n))});
            }
            page.svg(plot.render(), "Total harmonic distortion at the excitation frequency, RMS over insertions, at the sweep's level (" +
                                        detail::fixed(m.sweep_level_dbfs, 1) + " dBFS); each order counts as far as it "
                                        "reaches (n·f below the sweep's band), so near the top fewer orders are summed");
        }
        // Impedance and tilt.
        if (!m.impedance.empty()) {
            std::vector<double> z(m.impedance.size());
            for (std::size_t i = 0; i < z.size(); ++i) z[i] = std::abs(m.impedance[i]);
            io::plot_options zo = io::impedance_plot_options("Impedance — " + m.name);
            zo.height = 360;
            io::svg_plot zp(zo);
            zp.add_curve("|Z|", m.impedance_frequency_hz, z, io::plot_style{"#009E73", 2.0, false, 1.0});
            page.svg(zp.render(), "Electrical impedance of the IEM on the rig (simulated)");
            io::plot_options to = io::frequency_response_plot_options("Source-impedance tilt — " + m.name);
            to.y.label = "20·log10|Z/(Z + Zs)| (dB)";
            to.height = 360;
            io::svg_plot tp(to);
            tp.add_curve("tilt", m.impedance_frequency_hz, m.tilt_db, io::plot_style{"#CC79A7", 2.0, false, 1.0});
            page.svg(tp.render(), "Level change against a 0 Ω source" +
                                      (m.source_impedance_ohm ? " (source " + detail::fixed(*m.source_impedance_ohm, 1) + " Ω)" : std::string()));
        }
        // Levels table.
        std::vector<std::vector<std::string>> level_rows;
        for (const auto& ch : m.channels)
            for (std::size_t i = 0; i < ch.insertions.size(); ++i) {
                const auto& a = ch.insertions[i];
                const bool placed = i < ch.placements.size();
                level_rows.push_back({ch.name, std::to_string(i + 1),
                                      placed ? detail::fixed(ch.placements[i].depth_m * 1e3, 2) : "–",
                                      placed ? detail::fixed(ch.placements[i].leak_gap_m * 1e3, 3) : "–",
                                      detail::fixed(a.levels.peak_dbfs, 1), detail::fixed(a.levels.rms_dbfs, 1),
                                      a.levels.clipping.clipped() ? std::to_string(a.levels.clipping.samples) + " from " +
                                                                        detail::fixed(a.levels.clipping.first_time_s, 3) + " s"
                                                                  : "none",
                                      detail::fixed(a.response.db_at(1000.0), 1),
                                      i < ch.fits.size() ? std::string(measure::to_string(ch.fits[i].fit)) +
                                                               (i < ch.averaged.size() && !ch.averaged[i] ? " (left out)" : "")
                                                         : "–"});
            }
        page.table({"Channel", "Insertion", "Depth (mm)", "Leak gap (mm)", "Peak (dBFS)", "RMS (dBFS)", "Clipping",
                    "Level @ 1 kHz (" + unit + ")", "Seal"},
                   level_rows, "Levels per insertion (sweep at " + detail::fixed(m.sweep_level_dbfs, 1) + " dBFS" +
                                   (m.drive_v_rms ? ", " + detail::fixed(*m.drive_v_rms * 1e3, 1) + " mV RMS EMF" : std::string()) + ")");
        if (!m.warnings.empty()) {
            std::string text;
            for (const auto& w : m.warnings)
                text += w.where() + ": " + w.message + "\n";
            page.heading("Warnings", 3);
            page.preformatted(text);
        }
        if (options.eq && m.target) add_eq_section(page, directory, stem, m, *options.eq, options.target_name, unit);
        {
            std::vector<std::pair<std::string, std::string>> files{{stem + ".csv", stem + ".csv"},
                                                                   {stem + " insertions.csv", stem + " insertions.csv"}};
            if (any_thd) files.emplace_back(stem + " thd.csv", stem + " thd.csv");
            files.emplace_back(stem + ".txt (REW)", stem + ".txt");
            for (const auto& ch : m.channels) {
                const std::string squig = stem + " " + detail::channel_letter(ch.name) + ".txt";
                files.emplace_back(squig + " (squig.link)", squig);
            }
            files.emplace_back(stem + " autoeq.csv", stem + " autoeq.csv");
            page.file_links("Files:", files);
        }

        // Data files.
        detail::write_text(directory / (stem + ".csv"), detail::response_csv(m));
        detail::write_text(directory / (stem + " insertions.csv"), detail::insertions_csv(m));
        if (any_thd) detail::write_text(directory / (stem + " thd.csv"), detail::thd_csv(m));
        io::write_response(directory / (stem + ".txt"), m.combined, io::response_format::rew, options.smoothing);
        for (const auto& ch : m.channels)
            io::write_response(directory / (stem + " " + detail::channel_letter(ch.name) + ".txt"), ch.normalized,
                               io::response_format::squig, options.smoothing);
        io::write_response(directory / (stem + " autoeq.csv"), io::to_autoeq_grid(measure::center_at(m.combined)),
                       io::response_format::autoeq);
    }
    detail::write_text(directory / "summary.json", detail::summary_json(results, options));
    const fs::path html = directory / "report.html";
    page.write(html);
    std::vector<std::string> stems;
    for (const auto& m : results) stems.push_back(detail::file_stem(m.name));
    run.finish(stems, {"summary.json", "report.html"});
    return html;
}

} // namespace iemlab::inline v0::app

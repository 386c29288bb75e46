#pragma once
/// @file
/// @brief Reading and writing frequency responses in the formats the IEM community uses: REW text export,
/// squig.link/CrinGraph `<name> L.txt`, AutoEq CSV, FRD, ZMA, plain CSV and microphone calibration files, with
/// format detection by content (the formats' own programs).

#include "iemlab/core/enum_name.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/io/atomic_file.hpp"
#include "iemlab/io/detail/columns.hpp"
#include "iemlab/io/detail/text_output.hpp"
#include "iemlab/io/detail/text_table.hpp"
#include "iemlab/version.hpp"

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0::io {

/// A response file format.
enum class response_format {
    rew,    ///< REW text export: `*` header block, then `freq<TAB>dB[<TAB>deg]` (REW text export)
    squig,  ///< squig.link/CrinGraph `<name> L.txt`: a REW text export with 480 points at 1/48 octave (§5.3)
    autoeq, ///< AutoEq CSV: `frequency,raw`, dB with 2 decimals (§5.4)
    frd,    ///< FRD: `freq dB [deg]`, whitespace separated, `*` comments at the top (§5.5)
    zma,    ///< ZMA: `freq ohm [deg]`, an impedance; as a frequency_response the level is dB re 1 Ω (§5.5)
    csv,    ///< iemlab CSV: `frequency,spl_db[,phase_deg]` (docs/cli.md conventions)
    mic_cal ///< microphone calibration: `freq dB [deg]`, optional sensitivity first line (§5.2)
};

/// The format's name as the CLI spells it ("rew", "squig", "autoeq", "frd", "zma", "csv", "mic_cal").
constexpr std::string_view to_string(response_format format) noexcept {
    switch (format) {
    case response_format::rew: return "rew";
    case response_format::squig: return "squig";
    case response_format::autoeq: return "autoeq";
    case response_format::frd: return "frd";
    case response_format::zma: return "zma";
    case response_format::csv: return "csv";
    case response_format::mic_cal: return "mic_cal";
    }
    return "unknown";
}

/// Parses "rew", "squig", "autoeq", "frd", "zma" or "csv"; iemlab::error naming `parameter` otherwise.
inline response_format parse_format_name(std::string_view name, std::string_view parameter = "format") {
    return parse_enum_name("parse_format_name", parameter, name,
                           {response_format::rew, response_format::squig, response_format::autoeq, response_format::frd,
                            response_format::zma, response_format::csv});
}

/// Format implied by a file name: `.txt` is REW, except squig's `<name> L.txt`, `R.txt`, `L1.txt`… and
/// `<name> Target.txt`; `.csv` is iemlab CSV (name autoeq explicitly to write AutoEq CSV); `.frd`, `.zma`;
/// `.cal` is a mic calibration. iemlab::error for anything else.
inline response_format format_from_extension(const std::filesystem::path& path) {
    std::string ext;
    for (char c : path.extension().string()) ext += detail::to_lower_ascii(c);
    if (ext == ".txt") {
        const std::string stem = path.stem().string();
        // squig.link names: "<name> L.txt", "<name> R3.txt", "<name> Target.txt" (squig.link/CrinGraph).
        std::size_t end = stem.size();
        while (end > 0 && stem[end - 1] >= '0' && stem[end - 1] <= '9') --end;
        if (end >= 2 && (stem[end - 1] == 'L' || stem[end - 1] == 'R') && stem[end - 2] == ' ')
            return response_format::squig;
        if (stem.size() >= 7 && detail::starts_with_ci(std::string_view(stem).substr(stem.size() - 7), " target"))
            return response_format::squig;
        return response_format::rew;
    }
    if (ext == ".csv") return response_format::csv;
    if (ext == ".frd") return response_format::frd;
    if (ext == ".zma") return response_format::zma;
    if (ext == ".cal") return response_format::mic_cal;
    throw error("format_from_extension: " + path.string() + ": extension " + detail::excerpt(ext, 16) +
                " names no response format (expected .txt, .csv, .frd, .zma or .cal, or give the format)");
}

/// The file-name ending of a `format` file: ".txt" (REW), " L.txt" (squig.link's left channel, unless the
/// stem already names a channel), ".csv" (AutoEq, iemlab CSV), ".frd", ".zma", ".cal".
inline std::string file_ending(response_format format, std::string_view stem = {}) {
    switch (format) {
    case response_format::rew: return ".txt";
    case response_format::squig:
        return stem.ends_with(" L") || stem.ends_with(" R") || stem.ends_with(" Target") ? ".txt" : " L.txt";
    case response_format::autoeq:
    case response_format::csv: return ".csv";
    case response_format::frd: return ".frd";
    case response_format::zma: return ".zma";
    case response_format::mic_cal: return ".cal";
    }
    return ".txt";
}

/// Output paths for several inputs written into `directory`, one rule for every batch command: each input's stem
/// plus file_ending(format). @throws iemlab::error when `directory` exists and is not a directory, or when two
/// inputs would write the same file (same stem).
inline std::vector<std::filesystem::path> batch_outputs(const std::vector<std::string>& inputs,
                                                        const std::filesystem::path& directory, response_format format) {
    std::error_code ec;
    if (directory == "-")
        throw error("-o: several inputs need a directory, not standard output ('-')");
    if (std::filesystem::exists(directory, ec) && !std::filesystem::is_directory(directory, ec))
        throw error("-o: '" + directory.string() + "' is not a directory (several inputs are written into a directory)");
    std::vector<std::filesystem::path> out;
    for (const auto& in : inputs) {
        const std::string stem = std::filesystem::path(in).stem().string();
        auto p = directory / (stem + file_ending(format, stem));
        for (std::size_t i = 0; i < out.size(); ++i)
            if (out[i] == p)
                throw error("-o: '" + inputs[i] + "' and '" + in + "' would both be written to " + p.string());
        out.push_back(std::move(p));
    }
    return out;
}

/// The format an output path is written in, the one rule every writing command follows: `to` (the `--to`
/// option) when not empty, else the path's extension (format_from_extension()); `-` (standard output) is CSV.
/// @throws iemlab::error naming `parameter` for an unknown `to`, or saying the extension names no format.
inline response_format output_format(const std::filesystem::path& path, std::string_view to = {},
                                     std::string_view parameter = "--to") {
    if (!to.empty()) return parse_format_name(to, parameter);
    if (path == "-") return response_format::csv;
    try {
        return format_from_extension(path);
    } catch (const error& e) {
        throw error(std::string(parameter) + ": not given, and " + e.what());
    }
}

namespace detail {

inline bool header_has(const scanned_table& t, std::string_view needle) {
    for (const auto& h : t.header)
        if (contains_ascii_ci(h, needle)) return true;
    return false;
}

/// The format a scanned table most likely is; see detect_format().
inline response_format classify(const scanned_table& t) {
    if (t.sensitivity_line_number != 0) return response_format::mic_cal;
    if (header_has(t, "impedance") || header_has(t, "ohm")) return response_format::zma;
    if (t.rew_marker) return response_format::rew;
    const bool named = !t.header.empty() && names_frequency(t.header.front());
    if (named && !t.header_is_comment) {
        for (const auto& h : t.header)
            if (h == "raw") return response_format::autoeq;
        if (t.first_delimiter == ',') return response_format::csv;
        if (t.column_count == 2) return response_format::squig; // AudioTools "Frequency<TAB>dB<TAB>Unweighted"
        return response_format::frd;
    }
    if (t.comment_lines) return response_format::frd;
    if (t.first_delimiter == ',') return response_format::csv;
    return t.column_count >= 3 ? response_format::frd : response_format::squig;
}

} // namespace detail

/// The format of a response file's content: a mic calibration when a sensitivity line is present
/// ("Sens Factor =…", "*1000Hz -36.0"); ZMA when the header names an impedance; REW for a REW header block
/// (`* Measurement data measured by REW`, `* Freq(Hz)…`); AutoEq for a `frequency,raw` header; CSV for other
/// comma-separated data; FRD for `*`-commented or 3-column data; squig for 2-column data (AudioTools, plain).
/// Formats that share a syntax (a squig file is a REW export) are reported as the more general one.
/// @throws iemlab::file_error (naming `source_name`) when the text holds no numeric table.
inline response_format detect_format(std::string_view text, std::string_view source_name) {
    return detail::classify(detail::scan_table(text, source_name));
}

/// detect_format() for text without a file name (errors name "input").
inline response_format detect_format(std::string_view text) { return detect_format(text, "input"); }

/// Parses a response from file content. `source_name` names the file in errors; its stem becomes the
/// response's name. Without `format` the format is detected by content. All formats share one tolerant reader:
/// LF/CRLF/CR, TAB/comma/space/semicolon delimiters (decimal commas with ';' or TAB fields), header and footer
/// text, bytes kept opaque; 2 or more columns, picked by header names or else position (frequency, level,
/// phase). A REW phase column of all zeros means "no phase" and is dropped. ZMA magnitudes (Ω) become dB re
/// 1 Ω. @throws iemlab::file_error naming the file and line for any damaged, non-numeric, non-finite,
/// non-increasing or out-of-range value.
/// `column` names the level column of a table that holds several (measure's `left_db,right_db,combined_db`);
/// empty picks it by the rules of the column reader (a level word, else one `*_db` column or `combined_db`; an
/// error lists the choices otherwise). A `kHz` frequency column is scaled to Hz; a table in strictly
/// descending frequency is read in ascending order.
inline frequency_response parse_response(std::string_view text, std::string_view source_name,
                                         std::optional<response_format> format = {}, std::string_view column = {}) {
    const detail::scanned_table table = detail::scan_table(text, source_name);
    const response_format f = format ? *format : detail::classify(table);
    const detail::column_map map = detail::map_columns(table, source_name, column);
    const auto unit = f == response_format::zma ? detail::magnitude_unit::ohm : detail::magnitude_unit::decibel;
    detail::columns c = detail::extract_columns(table, map, source_name, unit);
    if (unit == detail::magnitude_unit::ohm)
        for (double& v : c.magnitude) v = amplitude_to_db(v);
    return frequency_response(std::move(c.frequency_hz), std::move(c.magnitude), std::move(c.phase_deg),
                              detail::stem_of(source_name));
}

/// The format of a response file's content (detect_format() on the file). @throws iemlab::file_error as
/// read_response().
inline response_format detect_file_format(const std::filesystem::path& path) {
    return detect_format(detail::read_text_file(path), path.string());
}

/// Refuses to write a level response as an impedance file: `to` is ZMA and `from` is not, unless
/// `explicit_to` (the user named the format, knowing the levels become dB re 1 ohm). @throws iemlab::error.
inline void check_conversion(response_format from, response_format to, bool explicit_to) {
    if (to == response_format::zma && from != response_format::zma && !explicit_to)
        throw error("-o: a .zma file holds an impedance, and the input is a frequency response (" +
                    std::string(to_string(from)) + "); write another format, or give --to zma to store its levels as "
                    "ohm anyway");
}

/// Reads a response file (see parse_response()); the response is named after the file's stem.
/// @throws iemlab::file_error when the file is missing, unreadable, larger than 64 MiB or malformed.
inline frequency_response read_response(const std::filesystem::path& path,
                                        std::optional<response_format> format = {}, std::string_view column = {}) {
    return parse_response(detail::read_text_file(path), path.string(), format, column);
}

/// Every level column of a response file, one response each: a table holding several levels (measure's
/// `left_db,right_db,combined_db`, its insertions table `left_1_db,…`) gives one response per column, named
/// "<stem> <column>"; any other file gives read_response(path, format). For plotting all curves of a file.
inline std::vector<frequency_response> read_response_columns(const std::filesystem::path& path,
                                                             std::optional<response_format> format = {}) {
    const std::string text = detail::read_text_file(path);
    const std::string source = path.string();
    const detail::scanned_table table = detail::scan_table(text, source);
    const auto levels = detail::level_columns(table);
    bool by_word = false;
    for (std::size_t i : levels) by_word = by_word || detail::names_magnitude(table.header[i]);
    if (levels.size() < 2 || by_word) return {parse_response(text, source, format)};
    std::vector<frequency_response> out;
    for (std::size_t i : levels) {
        auto r = parse_response(text, source, format, table.header[i]);
        out.emplace_back(r.frequencies(), r.magnitude_db(), r.phase_deg(), detail::stem_of(source) + " " + table.header[i]);
    }
    return out;
}

namespace detail {

/// "1/48 octave", "10 Hz" or "variable": the grid's step as REW's header states it.
inline std::string describe_step(const std::vector<double>& f) {
    const std::size_t n = f.size();
    if (n < 2) return "variable";
    if (f.front() > 0) {
        const double ppo = double(n - 1) / std::log2(f.back() / f.front());
        bool uniform = std::isfinite(ppo) && ppo > 0;
        for (std::size_t i = 1; i < n && uniform; ++i)
            uniform = std::fabs(std::log2(f[i] / f[i - 1]) * ppo - 1.0) < 0.25;
        if (uniform) return "1/" + format_number(std::round(ppo)) + " octave";
    }
    const double step = (f.back() - f.front()) / double(n - 1);
    bool linear = step > 0;
    for (std::size_t i = 1; i < n && linear; ++i) linear = std::fabs((f[i] - f[i - 1]) / step - 1.0) < 1e-6;
    if (linear) return format_number(step) + " Hz";
    return "variable";
}

/// True when `f` is `grid` point for point within `tolerance_hz` (a grid as printed with limited precision).
inline bool on_grid(const std::vector<double>& f, const std::vector<double>& grid, double tolerance_hz) {
    if (f.size() != grid.size()) return false;
    for (std::size_t i = 0; i < f.size(); ++i)
        if (!(std::fabs(f[i] - grid[i]) <= tolerance_hz)) return false;
    return true;
}

/// REW's text export layout: a 14-line `*` header block as REW V5.20 writes one (REW text export; CrinGraph
/// reads the fixed rows after it), holding only what iemlab knows (no REW settings, no date: nothing invented),
/// then TAB-separated rows: frequency with 6 decimals (more if needed to keep the points distinct), SPL with 3,
/// phase with 4. `smoothing` is the smoothing applied ("1/6 octave"; empty: none; absent: not recorded).
inline std::string rew_text(const frequency_response& r, std::optional<std::string_view> smoothing = std::nullopt) {
    const auto& f = r.frequencies();
    std::string s;
    s.reserve(64 * r.size() + 1024);
    s += "* Measurement data exported by iemlab ";
    s += version_string;
    s += " in REW text export layout\n";
    s += "* Source: iemlab\n";
    s += "* Format: frequency response, " + std::to_string(r.size()) + " points\n";
    s += "* Range: " + fixed(f.front(), 3) + " Hz to " + fixed(f.back(), 3) + " Hz\n";
    s += "* Levels: dB as computed by iemlab (no REW calibration or target level applies)\n";
    s += r.has_phase() ? "* Phase: degrees\n" : "* Phase: none\n";
    s += "* Note: written by iemlab; REW, squig.link and AutoEq read this layout\n";
    s += "* Measurement: " + single_line(r.name()) + "\n";
    s += "* Smoothing: " + (!smoothing ? std::string("not recorded") : smoothing->empty() ? std::string("none")
                                                                                           : single_line(*smoothing)) + "\n";
    s += "* Frequency Step: " + describe_step(f) + "\n";
    s += "* Start Frequency: " + fixed(f.front(), 3) + " Hz\n";
    s += "* Points: " + std::to_string(r.size()) + "\n";
    s += "*\n";
    s += r.has_phase() ? "* Freq(Hz)\tSPL(dB)\tPhase(degrees)\n" : "* Freq(Hz)\tSPL(dB)\n";
    const int fd = decimals_for_distinct(f, 6);
    for (std::size_t i = 0; i < r.size(); ++i) {
        append_fixed(s, f[i], fd);
        s += '\t';
        append_fixed(s, r.magnitude_db()[i], 3);
        if (r.has_phase()) {
            s += '\t';
            append_fixed(s, r.phase_deg()[i], 4);
        }
        s += '\n';
    }
    return s;
}

/// Rows "f<sep>value[<sep>phase]" with a `*` comment header line, for FRD, ZMA and mic calibration files.
inline std::string frd_like_text(const frequency_response& r, bool impedance) {
    const auto& f = r.frequencies();
    std::string s;
    s.reserve(48 * r.size() + 128);
    // "Frequency(Hz)", not REW's "Freq(Hz)", so that detect_format() tells FRD from a REW export.
    s += impedance ? "* Frequency(Hz) Impedance(Ohm)" : "* Frequency(Hz) SPL(dB)";
    s += r.has_phase() ? " Phase(degrees)\n" : "\n";
    const int fd = decimals_for_distinct(f, 6);
    for (std::size_t i = 0; i < r.size(); ++i) {
        append_fixed(s, f[i], fd);
        s += ' ';
        if (impedance) append_general(s, db_to_amplitude(r.magnitude_db()[i]), 6);
        else append_fixed(s, r.magnitude_db()[i], 4);
        if (r.has_phase()) {
            s += ' ';
            append_fixed(s, r.phase_deg()[i], 4);
        }
        s += '\n';
    }
    return s;
}

} // namespace detail

/// `r` on AutoEq's grid (autoeq_grid(), 20·1.01^n): kept as it is when its frequencies already are that grid as
/// AutoEq prints it (2 decimals, ±0.005 Hz), so AutoEq files pass through unchanged; else dsp::resample() (dB
/// linear in log-frequency, ends held).
inline frequency_response to_autoeq_grid(const frequency_response& r) {
    const auto grid = autoeq_grid();
    if (detail::on_grid(r.frequencies(), grid, 0.005 + 1e-9)) return r;
    return dsp::resample(r, grid);
}

/// `r` as the text of a `format` file. REW keeps the points; squig resamples to squig_grid() (480 points, 1/48
/// octave from 20 Hz, by dsp::resample(): log-linear, ends held, phase re-wrapped) unless the points already
/// are that grid at %.6f; AutoEq keeps the points (resample with autoeq_grid() first for
/// AutoEq's grid) and has no phase; FRD/ZMA rows are space separated (ZMA converts dB re 1 Ω back to Ω, 6
/// significant digits); CSV is `frequency,spl_db[,phase_deg]` (frequency exact: the shortest text that reads
/// back as the same double; levels and phase with 4 decimals); mic_cal is FRD-like. Frequencies get more digits when needed to stay distinct.
/// REW and squig headers state `smoothing` (the smoothing applied: "1/6 octave"; empty: none; absent: not
/// recorded). @throws iemlab::error when `r` is empty.
inline std::string format_response(const frequency_response& r, response_format format,
                                   std::optional<std::string_view> smoothing = std::nullopt) {
    if (r.empty()) throw_invalid("format_response", "response", "is empty (no points to write)");
    switch (format) {
    case response_format::rew: return detail::rew_text(r, smoothing);
    case response_format::squig: {
        // Already on the grid (as printed, %.6f): keep the values, so squig → squig is exact.
        const auto grid = squig_grid();
        if (detail::on_grid(r.frequencies(), grid, 5e-7)) return detail::rew_text(r, smoothing);
        return detail::rew_text(dsp::resample(r, grid), smoothing); // dB and unwrapped phase linear in ln f, ends held
    }
    case response_format::autoeq: {
        const auto& f = r.frequencies();
        std::string s = "frequency,raw\n";
        s.reserve(16 * r.size() + 16);
        const int fd = detail::decimals_for_distinct(f, 2);
        for (std::size_t i = 0; i < r.size(); ++i) {
            detail::append_fixed(s, f[i], fd);
            s += ',';
            detail::append_fixed(s, r.magnitude_db()[i], 2);
            s += '\n';
        }
        return s;
    }
    case response_format::frd: return detail::frd_like_text(r, false);
    case response_format::zma: return detail::frd_like_text(r, true);
    case response_format::mic_cal: return detail::frd_like_text(r, false);
    case response_format::csv: {
        const auto& f = r.frequencies();
        std::string s = r.has_phase() ? "frequency,spl_db,phase_deg\n" : "frequency,spl_db\n";
        s.reserve(40 * r.size() + 32);
        for (std::size_t i = 0; i < r.size(); ++i) {
            s += format_number(f[i]); // shortest text that reads back as the same double
            s += ',';
            detail::append_fixed(s, r.magnitude_db()[i], 4);
            if (r.has_phase()) {
                s += ',';
                detail::append_fixed(s, r.phase_deg()[i], 4);
            }
            s += '\n';
        }
        return s;
    }
    }
    throw_invalid("format_response", "format", "unknown format");
}

/// Writes format_response(r, format, smoothing) to `path` by write_file_atomically(): the file is complete or
/// absent (previous content kept) even when writing fails; symlinks, devices, FIFOs and `-` as that rule says.
inline void write_response(const std::filesystem::path& path, const frequency_response& r, response_format format,
                           std::optional<std::string_view> smoothing = std::nullopt) {
    const std::string text = format_response(r, format, smoothing);
    write_file_atomically(path, [&](std::ostream& os) { os.write(text.data(), static_cast<std::streamsize>(text.size())); });
}

} // namespace iemlab::inline v0::io

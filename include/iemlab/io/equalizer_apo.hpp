#pragma once
/// @file
/// @brief Equalizer APO's configuration text for EQs: parametric (`Preamp:` and `Filter n:` lines, the format
/// AutoEq publishes and Peace, Wavelet and many DSP apps import) and `GraphicEQ:` curves; written and read.
///
/// Grammar read (Equalizer APO's documented configuration syntax, the subset EQ files use): one command per
/// line, `Command: parameters`; blank lines and lines starting with `#` are ignored.
/// - `Preamp: <gain> dB` — added to the total preamp;
/// - `Filter[ <n>]: ON|OFF <type> [Fc <f> Hz] [Gain <g> dB] [Q <q>]` with type PK, LSC, HSC (Fc, Gain, Q), LPQ,
///   HPQ (Fc, Q) or LP, HP (Fc; Q = 1/√2); OFF filters are skipped. Other filter types or parameters (BW,
///   slopes in dB, LS/HS without Q) are reported as errors naming the line, not guessed.
/// - other commands (Device, Channel, Include, GraphicEQ in a parametric file, …) are ignored.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/biquad.hpp"
#include "iemlab/io/atomic_file.hpp"
#include "iemlab/io/detail/text_output.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace iemlab::inline v0::io {

/// A parametric EQ as an Equalizer APO file holds it.
struct apo_parametric_eq {
    double preamp_db = 0;                         ///< sum of the Preamp lines, dB
    std::vector<dsp::biquad_filter> filters;      ///< the filters that are ON, in file order
};

namespace detail {
inline std::string apo_number(double v, int decimals) { return fixed(v + 0.0, decimals); } // +0.0: never "-0"
} // namespace detail

/// Equalizer APO text: `Preamp: -6.0 dB`, then `Filter 1: ON PK Fc 100 Hz Gain -3.2 dB Q 1.41` per filter (fc
/// in whole Hz, gain 0.1 dB, Q 0.01: AutoEq's rounding).
inline std::string format_parametric_eq(const apo_parametric_eq& eq) {
    std::string s = "Preamp: " + detail::apo_number(eq.preamp_db, 1) + " dB\n";
    for (std::size_t i = 0; i < eq.filters.size(); ++i) {
        const auto& f = eq.filters[i];
        s += "Filter " + std::to_string(i + 1) + ": ON " + std::string(dsp::biquad_type_code(f.type)) + " Fc " +
             detail::apo_number(f.fc_hz, 0) + " Hz";
        if (f.type != dsp::biquad_type::low_pass && f.type != dsp::biquad_type::high_pass)
            s += " Gain " + detail::apo_number(f.gain_db, 1) + " dB";
        s += " Q " + detail::apo_number(f.q, 2) + "\n";
    }
    return s;
}

/// `GraphicEQ: f g; f g; …` (Equalizer APO's GraphicEQ command) for a curve (frequencies in whole Hz, gains 0.1 dB).
inline std::string format_graphic_eq(const frequency_response& curve) {
    std::string s = "GraphicEQ: ";
    for (std::size_t i = 0; i < curve.size(); ++i) {
        if (i) s += "; ";
        s += detail::apo_number(curve.frequencies()[i], 0) + " " + detail::apo_number(curve.magnitude_db()[i], 1);
    }
    return s + "\n";
}

/// Parses Equalizer APO text (see the file documentation); `source_name` names the input in errors, which are
/// iemlab::file_error with the line number.
inline apo_parametric_eq parse_parametric_eq(std::string_view text, std::string_view source_name = "input") {
    apo_parametric_eq eq;
    std::istringstream in{std::string(text)};
    std::string line;
    std::size_t number = 0;
    const std::string src(source_name);
    auto fail = [&](const std::string& why) { throw file_error(src, number, why); };
    auto number_of = [&](const std::string& token, const char* what) {
        double v = 0;
        const char* first = token.data() + (!token.empty() && token[0] == '+' ? 1 : 0);
        const auto [end, ec] = std::from_chars(first, token.data() + token.size(), v); // locale independent
        if (token.empty() || ec != std::errc{} || end != token.data() + token.size() || !std::isfinite(v))
            fail(std::string(what) + ": '" + token + "' is not a number");
        return v;
    };
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos) fail("expected 'Command: parameters'");
        std::istringstream head(line.substr(0, colon));
        std::string command;
        head >> command;
        std::istringstream rest(line.substr(colon + 1));
        std::vector<std::string> tok;
        for (std::string t; rest >> t;) tok.push_back(t);
        if (command == "Preamp") {
            if (tok.size() != 2 || tok[1] != "dB") fail("expected 'Preamp: <gain> dB'");
            eq.preamp_db += number_of(tok[0], "Preamp");
        } else if (command == "Filter") {
            if (tok.size() < 2) fail("expected 'Filter: ON|OFF <type> …'");
            if (tok[0] != "ON" && tok[0] != "OFF") fail("expected ON or OFF, found '" + tok[0] + "'");
            const auto type = dsp::biquad_type_from_code(tok[1]);
            if (!type) fail("filter type '" + tok[1] + "' is not supported (PK, LSC, HSC, LPQ, HPQ, LP, HP)");
            dsp::biquad_filter f;
            f.type = *type;
            bool has_fc = false, has_gain = false, has_q = false;
            for (std::size_t i = 2; i < tok.size(); i += 3) {
                if (i + 1 >= tok.size()) fail("parameter '" + tok[i] + "' has no value");
                const std::string& key = tok[i];
                const double v = number_of(tok[i + 1], key.c_str());
                const std::string unit = i + 2 < tok.size() ? tok[i + 2] : "";
                if (key == "Fc") {
                    if (unit != "Hz") fail("Fc needs the unit Hz");
                    f.fc_hz = v, has_fc = true;
                } else if (key == "Gain") {
                    if (unit != "dB") fail("Gain needs the unit dB");
                    f.gain_db = v, has_gain = true;
                } else if (key == "Q") {
                    f.q = v, has_q = true;
                    i -= 1; // Q has no unit
                } else {
                    fail("parameter '" + key + "' is not supported (Fc, Gain, Q)");
                }
            }
            const bool pass = f.type == dsp::biquad_type::low_pass || f.type == dsp::biquad_type::high_pass;
            if (!has_fc) fail("filter has no Fc");
            if (!pass && !has_gain) fail(tok[1] + " filter has no Gain");
            if (tok[1] == "LP" || tok[1] == "HP") {
                if (has_q) fail(tok[1] + " takes no Q (use " + tok[1] + "Q)");
                f.q = std::sqrt(0.5);
            } else if (!has_q) {
                fail(tok[1] + " filter has no Q");
            }
            if (!(f.fc_hz > 0)) fail("Fc must be positive");
            if (!(f.q > 0)) fail("Q must be positive");
            if (tok[0] == "ON") eq.filters.push_back(f);
        }
        // Other commands (Device, Channel, Include, GraphicEQ, …) do not change a parametric EQ: ignored.
    }
    return eq;
}

/// Reads an Equalizer APO parametric EQ file (e.g. AutoEq's `NAME ParametricEQ.txt`).
inline apo_parametric_eq read_parametric_eq(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(path.string(), 0, "cannot be opened");
    std::ostringstream s;
    s << in.rdbuf();
    return parse_parametric_eq(s.str(), path.string());
}

/// Writes `text` to `path` atomically (complete or absent).
inline void write_text_file(const std::filesystem::path& path, const std::string& text) {
    write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

} // namespace iemlab::inline v0::io

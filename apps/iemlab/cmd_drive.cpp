// `iemlab drive`: an IEM's sensitivity in every unit, what a target level needs, and what each source does with
// it — the largest level, what limits it, the level lost in the output impedance at 1 kHz and, with an impedance
// curve, the tilt across 20 Hz … 20 kHz (docs/cli.md, docs/drive.md).
#include "command.hpp"
#include "impedance_option.hpp"
#include "simulate.hpp"

#include <iemlab/core/decibel.hpp>
#include <iemlab/core/error.hpp>
#include <iemlab/core/frequency_grid.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/electroacoustics/sensitivity.hpp>
#include <iemlab/electroacoustics/source.hpp>
#include <iemlab/io/detail/text_output.hpp>

#include <algorithm>
#include <complex>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace iemlab::cli {
namespace {

namespace ea = iemlab::electroacoustics;

struct drive_options {
    std::string sensitivity, impedance, spl, power_rating;
    std::vector<std::string> sources;
    bool json = false;
};

// "1V,2.2ohm[,100mA]" or "NAME=1V,2.2ohm[,100mA]".
ea::drive_source parse_source(const std::string& text, std::size_t index) {
    ea::drive_source s;
    std::string body = text;
    if (const auto eq = text.find('='); eq != std::string::npos) {
        s.name = text.substr(0, eq);
        body = text.substr(eq + 1);
    } else {
        s.name = "source " + std::to_string(index + 1);
    }
    std::vector<std::string> parts;
    for (std::size_t at = 0;;) {
        const auto comma = body.find(',', at);
        parts.push_back(body.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    if (parts.size() < 2 || parts.size() > 3)
        throw error("--source: " + ::iemlab::detail::excerpt(text, 60) +
                    " is not VOLTAGE,IMPEDANCE[,CURRENT] (e.g. 1Vrms,2.2ohm or dongle=2V,1ohm,100mA)");
    s.voltage_rms = parse_voltage(parts[0], "--source voltage");
    s.output_impedance_ohm = parse_electric_impedance(parts[1], "--source impedance").value();
    if (parts.size() == 3) s.current_limit_a = parse_current(parts[2], "--source current");
    with_option("--source", [&] { s.validate(); });
    return s;
}

using io::detail::fixed;
using io::detail::json_number;
using io::detail::json_string;

void run_drive(const drive_options& o) {
    const iem_impedance z = read_impedance_argument(o.impedance);
    const double magnitude = std::abs(z.at_1khz);
    std::optional<ea::sensitivity> s;
    with_option("--sensitivity", [&] { s.emplace(ea::parse_sensitivity(o.sensitivity, magnitude, "--sensitivity")); });
    std::optional<double> target_spl, rating;
    if (!o.spl.empty())
        with_option("--spl", [&] {
            target_spl = parse_quantity(o.spl, quantity_kind::level_db, "--spl", "dB");
            require_in_range("drive", "spl", *target_spl, 0, 200, "dB SPL");
        });
    if (!o.power_rating.empty()) rating = parse_power(o.power_rating, "--power-rating");
    std::vector<ea::drive_source> sources;
    for (std::size_t k = 0; k < o.sources.size(); ++k) sources.push_back(parse_source(o.sources[k], k));
    std::vector<ea::drive_result> results;
    std::vector<std::optional<double>> tilts;
    for (const auto& src : sources) {
        std::optional<ea::drive_result> r;
        with_option("--source", [&] { r = ea::source_drive(*s, src, z.at_1khz, rating); });
        results.push_back(*r);
        if (z.curve.empty()) {
            tilts.emplace_back();
        } else {
            const auto t = ea::source_impedance_tilt(z.frequency_hz, z.curve, ea::output_impedance::from_si(src.output_impedance_ohm));
            tilts.emplace_back(ea::spread_db(t));
        }
    }

    if (o.json) {
        std::string j = "{\"impedance_ohm\": " + json_number(magnitude) + ", \"db_spl_per_mw\": " +
                        json_number(s->db_per_milliwatt()) + ", \"db_spl_per_v\": " + json_number(s->db_per_volt());
        if (target_spl)
            j += ", \"target\": {\"spl_db\": " + json_number(*target_spl) + ", \"voltage_v\": " +
                 json_number(s->voltage_for(*target_spl)) + ", \"current_a\": " + json_number(s->current_for(*target_spl)) +
                 ", \"power_w\": " + json_number(s->power_for(*target_spl)) + "}";
        j += ", \"sources\": [";
        for (std::size_t k = 0; k < sources.size(); ++k) {
            const auto& src = sources[k];
            const auto& r = results[k];
            j += std::string(k ? ", " : "") + "{\"name\": " + json_string(src.name) + ", \"voltage_rms\": " +
                 json_number(src.voltage_rms) + ", \"output_impedance_ohm\": " + json_number(src.output_impedance_ohm) +
                 ", \"current_limit_a\": " + (src.current_limit_a ? json_number(*src.current_limit_a) : "null") +
                 ", \"max_spl_db\": " + json_number(r.max_spl_db) + ", \"limited_by\": \"" +
                 std::string(ea::to_string(r.limited_by)) + "\", \"voltage_v\": " + json_number(r.voltage_v) +
                 ", \"current_a\": " + json_number(r.current_a) + ", \"power_w\": " + json_number(r.power_w) +
                 ", \"impedance_loss_db\": " + json_number(r.impedance_loss_db) +
                 ", \"tilt_db\": " + (tilts[k] ? json_number(*tilts[k]) : "null") +
                 (target_spl ? ", \"reaches_target\": " + std::string(r.max_spl_db >= *target_spl ? "true" : "false") : "") + "}";
        }
        std::cout << j << "]}\n";
        return;
    }
    std::cout << "IEM: " << fixed(s->db_per_milliwatt(), 1) << " dB SPL/mW = " << fixed(s->db_per_volt(), 1)
              << " dB SPL/V at |Z(1 kHz)| = " << fixed(magnitude, 2) << " ohm\n";
    if (target_spl)
        std::cout << "For " << fixed(*target_spl, 1) << " dB SPL: " << fixed(s->voltage_for(*target_spl) * 1e3, 2) << " mV, "
                  << fixed(s->current_for(*target_spl) * 1e3, 3) << " mA, " << fixed(s->power_for(*target_spl) * 1e3, 4)
                  << " mW\n";
    if (sources.empty()) return;
    std::cout << "\n| source | V rms | Z out (ohm) | max SPL (dB) | limited by | V at IEM | I (mA) | P (mW) | loss at 1 kHz (dB) | tilt 20 Hz–20 kHz (dB) |"
              << (target_spl ? " reaches target |" : "") << "\n|---|---|---|---|---|---|---|---|---|---|"
              << (target_spl ? "---|" : "") << '\n';
    for (std::size_t k = 0; k < sources.size(); ++k) {
        const auto& r = results[k];
        std::cout << "| " << sources[k].name << " | " << format_number(sources[k].voltage_rms) << " | "
                  << format_number(sources[k].output_impedance_ohm) << " | " << fixed(r.max_spl_db, 1) << " | "
                  << ea::to_string(r.limited_by) << " | " << fixed(r.voltage_v, 3) << " | " << fixed(r.current_a * 1e3, 2)
                  << " | " << fixed(r.power_w * 1e3, 2) << " | " << fixed(r.impedance_loss_db, 2) << " | "
                  << (tilts[k] ? fixed(*tilts[k], 2) : std::string("–")) << " |"
                  << (target_spl ? std::string(" ") + (r.max_spl_db >= *target_spl ? "yes" : "no") + " |" : "") << '\n';
    }
}

void add_drive(CLI::App& root, const global_options&) {
    auto o = std::make_shared<drive_options>();
    CLI::App* sub = root.add_subcommand(
        "drive", "Sensitivity in dB/mW and dB/V, what a level needs, and what each source drives the IEM to");
    sub->add_option("--sensitivity", o->sensitivity,
                    "The IEM's sensitivity as its spec states it: 100dB/mW, 116dB/V, 96dB@0.1V, 110dB@1mW")
        ->required();
    sub->add_option("--impedance", o->impedance,
                    "Its impedance: a number (16ohm), an impedance file (ZMA/REW: |Z(1 kHz)| and the tilt), or a driver "
                    "spec (ba:…, ts:…, knowles:NAME, zma:FILE)")
        ->required();
    sub->add_option("--source", o->sources,
                    "A source: [NAME=]VOLTAGE,IMPEDANCE[,CURRENT], e.g. phone=1Vrms,2.2ohm or dongle=2V,1ohm,100mA "
                    "(repeat to compare)");
    sub->add_option("--spl", o->spl, "A target level (dB SPL): the voltage, current and power it needs");
    sub->add_option("--power-rating", o->power_rating, "The IEM's largest rated input power (e.g. 50mW)");
    sub->add_flag("--json", o->json,
                  "Print JSON: impedance_ohm, db_spl_per_mw, db_spl_per_v, target{spl_db, voltage_v, current_a, "
                  "power_w}, sources[{name, voltage_rms, output_impedance_ohm, current_limit_a, max_spl_db, limited_by, "
                  "voltage_v, current_a, power_w, impedance_loss_db, tilt_db, reaches_target}]");
    sub->callback([o] { run_drive(*o); });
}

const register_command drive_registration{"drive", add_drive};

} // namespace
} // namespace iemlab::cli

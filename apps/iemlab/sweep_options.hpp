#pragma once
// Options shared by `deconvolve` and `measure` that describe a sweep file without iemlab metadata
// (--sweep-type, --f1, --f2, --fade-in, --fade-out) and the smoothing of measured responses (--smoothing,
// --smoothing-domain). Parsing only; the analysis is measure::sweep_analyzer.
#include "command.hpp"

#include <iemlab/core/error.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/dsp/smoothing.hpp>
#include <iemlab/dsp/sweep.hpp>
#include <iemlab/measure/sweep_analysis.hpp>

#include <optional>
#include <string>

namespace iemlab::cli {

/// --sweep-type/--f1/--f2/--fade-in/--fade-out.
struct sweep_file_options {
    std::string type, f1, f2, fade_in, fade_out;

    /// Adds the options to `cmd`.
    void add(CLI::App* cmd) {
        cmd->add_option("--sweep-type", type,
                        "Family of a sweep file without iemlab metadata (REW, sox, ir_tool): exponential | "
                        "synchronized | linear; with --f1 and --f2, harmonics and THD work on it")
            ->check(CLI::IsMember({"exponential", "synchronized", "linear"}));
        cmd->add_option("--f1", f1, "Start frequency of that sweep (bare number: Hz)");
        cmd->add_option("--f2", f2, "End frequency of that sweep (bare number: Hz)");
        cmd->add_option("--fade-in", fade_in, "Its fade-in length (bare number: s; default: found from the samples)");
        cmd->add_option("--fade-out", fade_out,
                        "Its fade-out length (bare number: s; default: found from the samples)");
    }

    /// Whether any of the options was given.
    bool given() const { return !(type.empty() && f1.empty() && f2.empty() && fade_in.empty() && fade_out.empty()); }

    /// The description, or none when no option was given.
    /// @throws iemlab::error when some but not all of --sweep-type, --f1, --f2 are given, or with sweep metadata.
    std::optional<measure::sweep_description> description(bool file_has_metadata, const std::string& file) const {
        if (!given()) return std::nullopt;
        if (file_has_metadata)
            throw error("--sweep-type: " + file +
                        " carries iemlab sweep metadata, which already describes it "
                        "(--sweep-type, --f1, --f2, --fade-in and --fade-out are for files without it)");
        for (const auto& [value, name] :
             {std::pair{&type, "--sweep-type"}, std::pair{&f1, "--f1"}, std::pair{&f2, "--f2"}})
            if (value->empty())
                throw error(std::string(name) +
                            ": missing (a sweep without metadata is described by --sweep-type, --f1 "
                            "and --f2 together)");
        measure::sweep_description d;
        d.type = dsp::parse_sweep_type(type, "--sweep-type");
        d.f1_hz = parse_frequency(f1, "--f1").value();
        d.f2_hz = parse_frequency(f2, "--f2").value();
        if (!fade_in.empty()) d.fade_in_s = parse_time(fade_in, "--fade-in").value();
        if (!fade_out.empty()) d.fade_out_s = parse_time(fade_out, "--fade-out").value();
        return d;
    }
};

/// The error for harmonics asked of a sweep file that nothing describes.
inline error needs_sweep_description(const std::string& option, const std::string& file) {
    return error(option + ": harmonic distortion needs the sweep's parameters, and " + file +
                 " has no iemlab sweep metadata: give --sweep-type exponential|synchronized|linear --f1 F --f2 F "
                 "(and --fade-in/--fade-out when known)");
}

/// --smoothing/--smoothing-domain into `settings` (nothing when --smoothing is empty).
inline void apply_smoothing(const std::string& smoothing, const std::string& domain,
                            measure::analysis_settings& settings) {
    if (smoothing.empty() || smoothing == "none") {
        if (!domain.empty()) throw error("--smoothing-domain: given without --smoothing");
        return;
    }
    const auto spec = dsp::parse_smoothing(smoothing, "--smoothing");
    settings.smoothing = spec.width;
    settings.smoothing_options.domain =
        domain.empty() ? spec.domain : dsp::parse_smoothing_domain(domain, "--smoothing-domain");
}

/// Adds --smoothing and --smoothing-domain to `cmd`.
inline void add_smoothing_options(CLI::App* cmd, std::string& smoothing, std::string& domain) {
    cmd->add_option("--smoothing", smoothing,
                    "Smoothing of the measured response on its full-resolution spectrum, then sampled onto the "
                    "output grid (REW's order): 1/N octave (1/3, 1/6, 1/48, …), variable, psychoacoustic or erb "
                    "(default none)");
    cmd->add_option("--smoothing-domain", domain,
                    "Averaged quantity of --smoothing: power (default), magnitude, db, cubic (default for "
                    "psychoacoustic) or complex");
}

} // namespace iemlab::cli

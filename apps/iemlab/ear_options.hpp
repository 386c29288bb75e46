#pragma once
// The ear-canal, seal, leak and tip-bore options that `simulate canal`, `occlusion`, `open-ear`, `driver` and `iem`
// share (docs/cli.md), parsed in one place: geometry (cylinder, cone, or an area-function file), the eardrum, the
// insertion depth (one value or a list for a sweep), the leak at the seal and the eartip bore.

#include "simulate.hpp"

#include <iemlab/acoustics/ear_canal.hpp>
#include <iemlab/acoustics/leak.hpp>
#include <iemlab/core/value_list.hpp>
#include <iemlab/electroacoustics/acoustic_load.hpp>

#include <string>
#include <vector>

namespace iemlab::cli {

/// Canal shape and eardrum: --canal-length, --canal-diameter, --drum-diameter, --area-function, --eardrum.
struct canal_shape_options {
    std::string length = "25mm", diameter = "7.5mm", drum_diameter, area_function, eardrum = "shaw-stinson";
    CLI::Option* length_option = nullptr;   ///< to tell a given --canal-length from its default
    CLI::Option* diameter_option = nullptr; ///< to tell a given --canal-diameter from its default

    /// Adds the options; `context` ends each help text (e.g. " for --load canal").
    void add(CLI::App& sub, const std::string& context = "");
    /// The canal: its geometry, `air` and the eardrum. Errors name the option.
    acoustics::ear_canal canal(const air_properties& air) const;
};

/// Where and how the earphone seals: --insertion-depth (a list when `sweep`), --leak …, --tip-bore-….
struct seal_options {
    std::string depth = "5mm";
    std::string leak = "none", leak_length = "1mm", leak_diameter = "1mm", leak_width = "2mm", leak_gap = "0.05mm";
    std::string bore_length = "0mm", bore_diameter = "1.5mm";

    /// --insertion-depth; `sweep` allows a list ("4mm:20mm:2mm", "5mm,10mm").
    void add_depth(CLI::App& sub, bool sweep, const std::string& context = "");
    /// --leak, --leak-length, --leak-diameter, --leak-width, --leak-gap.
    void add_leak(CLI::App& sub, const std::string& context = "");
    /// --tip-bore-length, --tip-bore-diameter.
    void add_tip_bore(CLI::App& sub);

    /// The insertion depths, each checked against `canal`'s length. Errors name --insertion-depth.
    std::vector<listed_value> depths(const acoustics::ear_canal& canal) const;
    /// The one insertion depth (a list is an error naming --insertion-depth).
    double depth_m(const acoustics::ear_canal& canal) const;
    /// True when --insertion-depth names more than one value.
    bool depth_is_list() const;
    /// The leak at the seal (none: a perfect seal). Errors name the leak option at fault.
    acoustics::leak tip_leak(const air_properties& air) const;
    /// `load` behind the tip bore (--tip-bore-length 0: unchanged). Errors name the option.
    electroacoustics::acoustic_load behind_bore(const network::grid& g, const air_properties& air,
                                                const electroacoustics::acoustic_load& load) const;
};

} // namespace iemlab::cli

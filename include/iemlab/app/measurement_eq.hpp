#pragma once
/// @file
/// @brief The EQ of a measured IEM (`iemlab measure --eq`): one parametric EQ optimised over every insertion of
/// every channel against the target (the expected score across reinsertions, not the score of the average), its
/// report section (before/after plot, filter table, scores) and its files (`<name> ParametricEQ.txt`,
/// `<name> FixedBandEQ.txt`, `<name> GraphicEQ.txt`). See docs/equalisation.md.

#include "iemlab/core/error.hpp"
#include "iemlab/io/equalizer_apo.hpp"
#include "iemlab/io/html_report.hpp"
#include "iemlab/io/svg_plot.hpp"
#include "iemlab/measure/parametric_eq.hpp"
#include "iemlab/measure/session.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace iemlab::inline v0::app {

/// The EQs of one measured IEM.
struct measurement_eq {
    measure::eq_result parametric;  ///< optimised over every insertion of every channel
    measure::eq_result fixed_band;  ///< the 10-band fixed EQ, likewise
    frequency_response graphic;     ///< the GraphicEQ correction curve of the insertions' mean error
    double score_average_before = 0; ///< score of the L/R average response
    double score_average_after = 0;  ///< the same, equalised
};

/// Every insertion response of `m` that is part of its channel's average (all channels; insertions the seal
/// check left out with `--exclude-leaky` are not fitted either).
inline std::vector<frequency_response> insertion_responses(const measure::measurement_result& m) {
    std::vector<frequency_response> out;
    for (const auto& ch : m.channels)
        for (std::size_t i = 0; i < ch.insertions.size(); ++i)
            if (i >= ch.averaged.size() || ch.averaged[i]) out.push_back(ch.insertions[i].response);
    return out;
}

/// The EQs of `m` against its target under `c`; throws iemlab::error when `m` has no target or no insertion.
inline measurement_eq equalise_measurement(const measure::measurement_result& m, const measure::eq_constraints& c) {
    if (!m.target) throw_invalid("equalise_measurement", "target", "is needed for an EQ (give --target)");
    const auto insertions = insertion_responses(m);
    if (insertions.empty()) throw_invalid("equalise_measurement", "measurement", "has no insertion");
    measurement_eq e;
    e.parametric = measure::optimize_parametric_eq(insertions, m.target->target, c);
    e.fixed_band = measure::optimize_fixed_band_eq(insertions, m.target->target, c);
    e.graphic = measure::graphic_eq_curve(insertions, m.target->target, c);
    e.score_average_before = measure::harman_inear_preference_score(m.combined, m.target->target).score;
    e.score_average_after =
        measure::harman_inear_preference_score(measure::apply_eq(m.combined, e.parametric.eq), m.target->target).score;
    return e;
}

/// Adds the EQ section of `m` to `page` and writes its files into `directory` as `<stem> ParametricEQ.txt`,
/// `<stem> FixedBandEQ.txt` and `<stem> GraphicEQ.txt` (atomically).
inline void add_eq_section(io::html_report& page, const std::filesystem::path& directory, const std::string& stem,
                           const measure::measurement_result& m, const measure::eq_constraints& c,
                           const std::string& target_name, const std::string& unit) {
    const auto e = equalise_measurement(m, c);
    io::write_text_file(directory / (stem + " ParametricEQ.txt"),
                        io::format_parametric_eq({e.parametric.eq.preamp_db, e.parametric.eq.filters}));
    io::write_text_file(directory / (stem + " FixedBandEQ.txt"),
                        io::format_parametric_eq({e.fixed_band.eq.preamp_db, e.fixed_band.eq.filters}));
    io::write_text_file(directory / (stem + " GraphicEQ.txt"), io::format_graphic_eq(e.graphic));

    page.heading("Equalisation — " + m.name, 3);
    io::plot_options o = io::frequency_response_plot_options("Before and after the parametric EQ — " + m.name);
    o.y.label = "Level (" + unit + ")";
    o.height = 480;
    io::svg_plot plot(o);
    plot.add_target(m.target->target, target_name.empty() ? "Target" : target_name);
    frequency_response before = m.combined, after = measure::apply_eq(m.combined, e.parametric.eq);
    before.set_name("without EQ");
    after.set_name("with EQ");
    plot.add_curve(before, io::plot_style{"#7F7F7F", 1.5, false, 1.0});
    plot.add_curve(after, io::plot_style{"#000000", 2.0, false, 1.0});
    std::vector<double> eq_curve = measure::eq_curve_db(e.parametric.eq, m.combined.frequencies());
    const double at_1k = m.combined.db_at(1000.0);
    for (double& v : eq_curve) v += at_1k;
    plot.add_curve("EQ (+" + io::detail::fixed(at_1k, 0) + " " + unit + ")", m.combined.frequencies(), eq_curve,
                   io::plot_style{"#009E73", 1.5, true, 1.0});
    const std::size_t n = insertion_responses(m).size();
    page.svg(plot.render(), "One EQ for both channels, optimised for the mean " +
                                std::string(c.objective == measure::eq_objective::preference ? "predicted preference score"
                                                                                            : "smoothed target error") +
                                " over all " + std::to_string(n) + " insertions; shown on the L/R average; dashed: the EQ curve");
    std::vector<std::vector<std::string>> rows;
    for (std::size_t k = 0; k < e.parametric.eq.filters.size(); ++k) {
        const auto& f = e.parametric.eq.filters[k];
        rows.push_back({std::to_string(k + 1), std::string(dsp::biquad_type_code(f.type)), io::detail::fixed(f.fc_hz, 0),
                        io::detail::fixed(f.gain_db + 0.0, 1), io::detail::fixed(f.q, 2)});
    }
    page.table({"Filter", "Type", "Fc (Hz)", "Gain (dB)", "Q"}, rows,
               "Parametric EQ (Equalizer APO: " + stem + " ParametricEQ.txt), preamp " +
                   io::detail::fixed(e.parametric.eq.preamp_db, 1) + " dB, " + io::detail::fixed(c.fs_hz, 0) + " Hz");
    page.table({"", "Without EQ", "Parametric EQ", "Fixed-band EQ"},
               {{"Mean score over the insertions", io::detail::fixed(e.parametric.score_before, 1),
                 io::detail::fixed(e.parametric.score_after, 1), io::detail::fixed(e.fixed_band.score_after, 1)},
                {"Score of the L/R average", io::detail::fixed(e.score_average_before, 1),
                 io::detail::fixed(e.score_average_after, 1), "–"}},
               "Harman in-ear predicted preference score against " + (target_name.empty() ? std::string("the target") : target_name));
    page.paragraph("Files: " + stem + " ParametricEQ.txt, " + stem + " FixedBandEQ.txt, " + stem + " GraphicEQ.txt.");
}

} // namespace iemlab::inline v0::app

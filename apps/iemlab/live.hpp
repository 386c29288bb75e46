#pragma once
// `iemlab measure --live`: the options it adds to `measure` and the run (cmd_live.cpp). The analysis options and
// the report are the recordings path's, passed in from cmd_measure.cpp through live_hooks.
#include "command.hpp"

#include <iemlab/app/measurement_report.hpp>
#include <iemlab/measure/session.hpp>

#include <functional>
#include <optional>
#include <string>

namespace iemlab::cli {

/// Options of `measure --live`.
struct live_options {
    bool enabled = false; ///< --live
    std::string play, record, reference, server;
    std::string sweep_level = "-12dBFS", sweep_duration = "2s";
    unsigned insertions = 1;
    unsigned max_takes = 5;
    bool save_recordings = false;
};

/// What the live run borrows from the recordings path of `measure`.
struct live_hooks {
    /// --f-min … --calibration-94db, --drive-voltage …, for a server at `rate_hz` and a sweep peaking at `sweep_dbfs`.
    std::function<measure::analysis_settings(double rate_hz, double sweep_dbfs)> analysis_for;
    std::function<std::optional<frequency_response>()> target;              ///< --target
    std::function<void(const measure::measurement_result&, app::report_options)> write; ///< the report, --compare
    std::function<void(const measure::measurement_result&)> print_warnings;             ///< warnings on stderr
};

/// Adds --live and its options to the `measure` command.
void add_live_options(CLI::App& measure, live_options& o);

/// Measures through the audio server and writes the report into `output`.
void run_live(const live_options& o, const global_options& globals, const std::string& name, const std::string& output,
              const live_hooks& hooks);

} // namespace iemlab::cli

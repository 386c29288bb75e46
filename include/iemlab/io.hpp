#pragma once
/// @file
/// @brief The io layer: response file formats, impedance and mic-calibration files, numeric tables, SVG plots and
/// HTML reports, atomic file writing; audio files (io/audio_file.hpp) when the `iemlab::sndfile` adapter is
/// linked (it defines IEMLAB_HAVE_SNDFILE).

#include "iemlab/io/atomic_file.hpp"
#include "iemlab/io/equalizer_apo.hpp"
#include "iemlab/io/html_report.hpp"
#include "iemlab/io/impedance.hpp"
#include "iemlab/io/mic_calibration.hpp"
#include "iemlab/io/numeric_table.hpp"
#include "iemlab/io/response_formats.hpp"
#include "iemlab/io/svg_plot.hpp"

#if defined(IEMLAB_HAVE_SNDFILE)
#include "iemlab/io/audio_file.hpp"
#endif

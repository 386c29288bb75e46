#pragma once
/// @file
/// @brief Umbrella header: every layer of the library, in dependency order. The parts that need an optional
/// adapter come in when its target is linked: audio files with `iemlab::sndfile`, impedance fitting with
/// `iemlab::eigen`, the JSON configurations and the measurement report (application level) with `iemlab::json`
/// (and `iemlab::eigen` for IEM files).

#include "iemlab/core.hpp"
#include "iemlab/dsp.hpp"
#include "iemlab/network.hpp"
#include "iemlab/acoustics.hpp"
#include "iemlab/electroacoustics.hpp"
#include "iemlab/measure.hpp"
#include "iemlab/io.hpp"
#include "iemlab/io/measurement_report.hpp"
#if defined(IEMLAB_HAVE_JSON) && defined(IEMLAB_HAVE_EIGEN)
#include "iemlab/io/iem_config.hpp"
#include "iemlab/io/rig_config.hpp"
#endif

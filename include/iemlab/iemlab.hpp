#pragma once
/// @file
/// @brief Umbrella header: every layer of the library, in dependency order. The parts that need an optional
/// adapter come in when its target is linked: audio files with `iemlab::sndfile`, impedance fitting with
/// `iemlab::eigen`, the JSON rig and IEM configurations with `iemlab::json` and `iemlab::eigen`.

#include "iemlab/core.hpp"
#include "iemlab/dsp.hpp"
#include "iemlab/io.hpp"
#include "iemlab/network.hpp"
#include "iemlab/acoustics.hpp"
#include "iemlab/electroacoustics.hpp"
#include "iemlab/measure.hpp"
#include "iemlab/app.hpp"

#pragma once
/// @file
/// @brief Response analysis in one include: phase unwrapping and group delay, minimum and excess phase,
/// resampling between grids and smoothing.

#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/dsp/minimum_phase.hpp"
#include "iemlab/dsp/phase.hpp"
#include "iemlab/dsp/smoothing.hpp"

#pragma once
/// @file
/// @brief The dsp layer: FFT plans, windows, sweeps, deconvolution, harmonic separation, convolution, smoothing,
/// interpolation between grids, phase, minimum phase and group delay.

#include "iemlab/dsp/analysis.hpp"
#include "iemlab/dsp/biquad.hpp"
#include "iemlab/dsp/complex_fft.hpp"
#include "iemlab/dsp/convolution.hpp"
#include "iemlab/dsp/deconvolve.hpp"
#include "iemlab/dsp/fft.hpp"
#include "iemlab/dsp/fft_size.hpp"
#include "iemlab/dsp/harmonics.hpp"
#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/dsp/minimum_phase.hpp"
#include "iemlab/dsp/phase.hpp"
#include "iemlab/dsp/real_fft.hpp"
#include "iemlab/dsp/smoothing.hpp"
#include "iemlab/dsp/sweep.hpp"
#include "iemlab/dsp/window.hpp"

#pragma once
/// @file
/// @brief The FFT: complex_fft_plan, real_fft_plan and the size helpers (next_fast_size, is_fast_size).

#include "iemlab/dsp/complex_fft.hpp"
#include "iemlab/dsp/fft_size.hpp"
#include "iemlab/dsp/real_fft.hpp"

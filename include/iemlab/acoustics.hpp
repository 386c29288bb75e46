#pragma once
/// @file
/// @brief The acoustics layer: lossy tubes and radiation, eardrum models, the ear canal with insertion depth and
/// leaks, the eartip, the IEC 60318-4 coupler, the ITU-T P.57 Type 4.3 simulator, the open-ear gain and the occlusion
/// effect.

#include "iemlab/acoustics/coupler.hpp"
#include "iemlab/acoustics/ear_canal.hpp"
#include "iemlab/acoustics/eardrum.hpp"
#include "iemlab/acoustics/eartip.hpp"
#include "iemlab/acoustics/leak.hpp"
#include "iemlab/acoustics/occlusion.hpp"
#include "iemlab/acoustics/open_ear.hpp"
#include "iemlab/acoustics/p57_type43.hpp"
#include "iemlab/acoustics/tube.hpp"

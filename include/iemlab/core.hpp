#pragma once
/// @file
/// @brief The core layer: errors, units, quantity parsing, air, grids, responses, buffers, SIMD selection.

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/air.hpp"
#include "iemlab/core/decibel.hpp"
#include "iemlab/core/enum_name.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/core/quantity_parser.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/core/simd_dispatch.hpp"
#include "iemlab/core/units.hpp"
#include "iemlab/version.hpp"

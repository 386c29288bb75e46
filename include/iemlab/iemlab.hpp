#pragma once
/// @file
/// @brief Umbrella header: everything in the header-only library (not the optional libsndfile adapter).

#include "iemlab/core.hpp"
#include "iemlab/network.hpp"
#include "iemlab/acoustics.hpp"
#include "iemlab/io.hpp"

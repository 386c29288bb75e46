#pragma once
/// @file
/// @brief The network layer: frequency grids and complex spectra, lumped elements, two-ports (ABCD cascades,
/// gyrators, transformers, lines), terminations and sources, and the general nodal solution.

#include "iemlab/network/elements.hpp"
#include "iemlab/network/nodal.hpp"
#include "iemlab/network/spectrum.hpp"
#include "iemlab/network/two_port.hpp"

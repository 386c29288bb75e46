#pragma once
/// @file
/// @brief The electroacoustics layer: source impedance and tilt, BA and dynamic drivers on the network solver,
/// multi-driver IEMs, impedance from a sense-resistor sweep; impedance fitting (electroacoustics/impedance_fit.hpp)
/// when the `iemlab::eigen` adapter is linked (it defines IEMLAB_HAVE_EIGEN).

#include "iemlab/electroacoustics/acoustic_load.hpp"
#include "iemlab/electroacoustics/ba_receiver.hpp"
#include "iemlab/electroacoustics/crossover.hpp"
#include "iemlab/electroacoustics/driver_model.hpp"
#include "iemlab/electroacoustics/dynamic_driver.hpp"
#include "iemlab/electroacoustics/impedance_measurement.hpp"
#include "iemlab/electroacoustics/loads.hpp"
#include "iemlab/electroacoustics/source.hpp"

#if defined(IEMLAB_HAVE_EIGEN)
#include "iemlab/electroacoustics/impedance_fit.hpp"
#endif

#pragma once
/// @file
/// @brief The measure layer: averaging of reinsertions, normalisation, targets (built-in and adjusted), the Harman
/// in-ear preference score, the simulated rig and the measurement session.

#include "iemlab/measure/average.hpp"
#include "iemlab/measure/builtin_targets.hpp"
#include "iemlab/measure/normalize.hpp"
#include "iemlab/measure/parametric_eq.hpp"
#include "iemlab/measure/recording_source.hpp"
#include "iemlab/measure/rig.hpp"
#include "iemlab/measure/seal_check.hpp"
#include "iemlab/measure/session.hpp"
#include "iemlab/measure/target.hpp"
#include "iemlab/measure/terminal_drive.hpp"

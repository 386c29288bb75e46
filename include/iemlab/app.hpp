#pragma once
/// @file
/// @brief The application level: rig and IEM configurations (JSON, needs nlohmann-json and Eigen) and the
/// measurement report — the only headers that combine measure/, electroacoustics/ and io/.

#include "iemlab/app/iem_config.hpp"
#include "iemlab/app/measurement_report.hpp"
#include "iemlab/app/rig_config.hpp"

#pragma once
/// @file
/// @brief The application level: the measurement report, and the rig and IEM configurations (JSON) when the
/// `iemlab::json` and `iemlab::eigen` adapters are linked (they define IEMLAB_HAVE_JSON and IEMLAB_HAVE_EIGEN) —
/// the only headers that combine measure/, electroacoustics/ and io/.

#include "iemlab/app/measurement_eq.hpp"
#include "iemlab/app/measurement_report.hpp"
#include "iemlab/app/output_manifest.hpp"
#include "iemlab/app/score_ranking.hpp"
#include "iemlab/app/target_source.hpp"
#if defined(IEMLAB_HAVE_JSON) && defined(IEMLAB_HAVE_EIGEN)
#include "iemlab/app/eardrum_source.hpp"
#include "iemlab/app/iem_config.hpp"
#include "iemlab/app/rig_config.hpp"
#endif

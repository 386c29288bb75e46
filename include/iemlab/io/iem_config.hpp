#pragma once
/// @file
/// @brief Deprecated forwarding header: iem_config.hpp moved to the application level, iemlab/app/iem_config.hpp
/// (namespace iemlab::app), because it needs measure/ and electroacoustics/ while io/ holds only file formats.
/// The names stay reachable as iemlab::io::… through this header until version 0.2.

#include "iemlab/app/iem_config.hpp"

namespace iemlab::inline v0::io {
using namespace ::iemlab::app; // NOLINT(google-build-using-namespace): the deprecation path, nothing else
} // namespace iemlab::inline v0::io

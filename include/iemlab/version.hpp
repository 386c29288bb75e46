#pragma once
/// @file
/// @brief Library version.

/// Major version.
#define IEMLAB_VERSION_MAJOR 0
/// Minor version.
#define IEMLAB_VERSION_MINOR 1
/// Patch version.
#define IEMLAB_VERSION_PATCH 0

namespace iemlab::inline v0 {
/// Version string "major.minor.patch".
inline constexpr const char* version_string = "0.1.0";
} // namespace iemlab::inline v0

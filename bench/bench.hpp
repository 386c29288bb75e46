#pragma once
// Shared by every bench/*.cpp: the SIMD level iemlab-bench runs at (set by --arch in main.cpp).
#include <iemlab/core/simd.hpp>

namespace iemlab_bench {

/// The level forced with --arch (or detected): pass it to plans and kernels. Valid once main() has started.
iemlab::simd_level level();

} // namespace iemlab_bench

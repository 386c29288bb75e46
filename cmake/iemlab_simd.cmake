# Per-architecture kernel library: every header named include/iemlab/*/detail/*_kernels.hpp is compiled once per
# x86-64 level (sse2, avx2+fma, avx512bw; IEMLAB_SIMD_LEVELS) with that level's flags, -fno-ivopts with GCC and
# IEMLAB_SIMD_KERNEL_OPTIONS (-O2), without PCH, into the static library iemlab_simd_kernels (exported as
# iemlab::simd_kernels, linked by iemlab::iemlab). Its users get IEMLAB_SIMD_DISPATCH: kernel instantiations are
# declared extern and iemlab::simd_dispatch chooses one at run time (core/simd_dispatch.hpp). The generated
# translation units are installed too (share/iemlab/simd/) for builds that compile them themselves
# (docs/embedding.md).
if(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
  return() # elsewhere (aarch64: neon64) the header-only path picks the architecture at compile time
endif()

file(GLOB_RECURSE iemlab_kernel_headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}/include
     ${PROJECT_SOURCE_DIR}/include/iemlab/*/detail/*_kernels.hpp)
set(iemlab_kernel_includes "")
foreach(header IN LISTS iemlab_kernel_headers)
  string(APPEND iemlab_kernel_includes "#include <${header}>\n")
endforeach()

set(iemlab_simd_arch_sse2 "xsimd::sse2")
set(iemlab_simd_flags_sse2 -msse2)
set(iemlab_simd_arch_avx2 "xsimd::fma3<xsimd::avx2>")
set(iemlab_simd_flags_avx2 -mavx2 -mfma)
set(iemlab_simd_arch_avx512 "xsimd::avx512bw")
set(iemlab_simd_flags_avx512 -mavx512f -mavx512cd -mavx512dq -mavx512bw)

# Which levels get kernel objects. All three by default; "native" builds only this machine's best level (the
# sanitizer presets use it: each kernel object costs minutes under ASan+UBSan, and the suite only runs the levels
# the CPU has). simd_dispatch runs a level without objects at the next lower one that has them, or scalar.
set(IEMLAB_SIMD_LEVELS "sse2;avx2;avx512" CACHE STRING
    "SIMD levels with kernel objects (any of sse2;avx2;avx512, or native: the build machine's best level only)")
set(iemlab_simd_levels ${IEMLAB_SIMD_LEVELS})
if(iemlab_simd_levels STREQUAL "native")
  set(iemlab_simd_levels sse2)
  if(EXISTS /proc/cpuinfo)
    file(STRINGS /proc/cpuinfo cpu_flags REGEX "^flags" LIMIT_COUNT 1)
    if(cpu_flags MATCHES " avx512f" AND cpu_flags MATCHES " avx512cd" AND cpu_flags MATCHES " avx512dq"
       AND cpu_flags MATCHES " avx512bw")
      set(iemlab_simd_levels avx512)
    elseif(cpu_flags MATCHES " avx2" AND cpu_flags MATCHES " fma")
      set(iemlab_simd_levels avx2)
    endif()
  endif()
  message(STATUS "iemlab: SIMD kernel objects for this machine's level only: ${iemlab_simd_levels}")
endif()
set(iemlab_simd_mask 0)
set(iemlab_simd_bit_sse2 1)
set(iemlab_simd_bit_avx2 2)
set(iemlab_simd_bit_avx512 4)
foreach(level IN LISTS iemlab_simd_levels)
  if(NOT DEFINED iemlab_simd_bit_${level})
    message(FATAL_ERROR "IEMLAB_SIMD_LEVELS: '${level}' is not one of sse2, avx2, avx512, native")
  endif()
  math(EXPR iemlab_simd_mask "${iemlab_simd_mask} | ${iemlab_simd_bit_${level}}")
endforeach()

# Optimisation of the kernel objects. Under ASan the big kernel translation units compile 4-10x slower, most of
# it for debug info (measured: the sweep kernels 2.4 s plain, 15 s with ASan+UBSan -O2 -g, 4.5 s with ASan -O1
# and no -g), so the sanitizer presets use "-O1;-g0" (only at the build machine's level, see above: a weak copy
# of a helper compiled with these flags then runs on the machine that has them). The asan preset also drops UBSan
# and ASan's stack redzones from the kernels: the straight-line small FFTs keep dozens of vector arrays on the
# stack, and instrumenting them made the AVX-512 object take 780 s of CPU (3.5 GB); with
# "--param=asan-stack=0;-fno-sanitize=undefined" it takes 118 s (0.5 GB; release: about 40 s). ASan still checks
# every load and store of the kernels into the caller's buffers (heap and globals), which is where they could
# overrun.
set(IEMLAB_SIMD_KERNEL_OPTIONS "-O2" CACHE STRING "Optimisation options of the per-architecture kernel objects")

# GCC's induction-variable optimisation spills the pointers of the FFT passes' many streams (docs/developing.md has
# the why and the figures). Put before IEMLAB_SIMD_KERNEL_OPTIONS, so "-fivopts" there turns it back on; GCC only,
# clang does not know the flag.
set(iemlab_simd_compiler_options $<$<CXX_COMPILER_ID:GNU>:-fno-ivopts>)

add_library(iemlab_simd_kernels STATIC)
add_library(iemlab::simd_kernels ALIAS iemlab_simd_kernels)
set(iemlab_simd_sources "")
foreach(level IN LISTS iemlab_simd_levels)
  set(tu ${PROJECT_BINARY_DIR}/simd/kernels_${level}.cpp)
  file(CONFIGURE OUTPUT ${tu} CONTENT
       "// Generated: instantiates every iemlab SIMD kernel for ${level}.\n// Compile with: -O2 ${iemlab_simd_flags_${level}} (with GCC also -fno-ivopts: faster FFT passes)\n#define IEMLAB_SIMD_INSTANTIATE_ARCH ${iemlab_simd_arch_${level}}\n${iemlab_kernel_includes}")
  list(APPEND iemlab_simd_sources ${tu})
  add_library(iemlab_simd_${level} OBJECT ${tu})
  target_link_libraries(iemlab_simd_${level} PRIVATE iemlab_headers)
  # Optimised always: at -O0 weak copies of helpers compiled with these flags could be picked for other callers.
  # g++ 12.2's intrinsic headers warn spuriously (-Wmaybe-uninitialized) with xsimd: silenced here only.
  target_compile_options(iemlab_simd_${level} PRIVATE ${iemlab_simd_flags_${level}} ${iemlab_simd_compiler_options}
                         ${IEMLAB_SIMD_KERNEL_OPTIONS}
                         -Wno-uninitialized -Wno-maybe-uninitialized)
  set_target_properties(iemlab_simd_${level} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_sources(iemlab_simd_kernels PRIVATE $<TARGET_OBJECTS:iemlab_simd_${level}>)
endforeach()
target_link_libraries(iemlab_simd_kernels PUBLIC iemlab_headers)
target_compile_definitions(iemlab_simd_kernels PUBLIC IEMLAB_SIMD_DISPATCH=1
                                                         IEMLAB_SIMD_DISPATCH_LEVELS=${iemlab_simd_mask})
set_target_properties(iemlab_simd_kernels PROPERTIES LINKER_LANGUAGE CXX EXPORT_NAME simd_kernels
                                                     OUTPUT_NAME iemlab_simd_kernels)
target_link_libraries(iemlab INTERFACE iemlab_simd_kernels)

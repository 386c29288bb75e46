# Per-architecture kernel library: every header named include/iemlab/*/detail/*_kernels.hpp is compiled once per
# x86-64 architecture level (sse2, avx2+fma, avx512bw) with that level's flags, at -O2 in every configuration and
# without PCH, into the static library iemlab_simd_kernels (exported as iemlab::simd_kernels and linked by
# iemlab::iemlab). Its users get IEMLAB_SIMD_DISPATCH: kernel instantiations are declared extern and
# iemlab::simd_dispatch chooses one at run time (core/simd_dispatch.hpp). The generated translation units are
# installed too (share/iemlab/simd/) for builds that compile them themselves (docs/embedding.md).
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

add_library(iemlab_simd_kernels STATIC)
add_library(iemlab::simd_kernels ALIAS iemlab_simd_kernels)
set(iemlab_simd_sources "")
foreach(level sse2 avx2 avx512)
  set(tu ${PROJECT_BINARY_DIR}/simd/kernels_${level}.cpp)
  file(CONFIGURE OUTPUT ${tu} CONTENT
       "// Generated: instantiates every iemlab SIMD kernel for ${level}.\n// Compile with: -O2 ${iemlab_simd_flags_${level}}\n#define IEMLAB_SIMD_INSTANTIATE_ARCH ${iemlab_simd_arch_${level}}\n${iemlab_kernel_includes}")
  list(APPEND iemlab_simd_sources ${tu})
  add_library(iemlab_simd_${level} OBJECT ${tu})
  target_link_libraries(iemlab_simd_${level} PRIVATE iemlab_headers)
  # -O2 always: at -O0 weak copies of helpers compiled with these flags could be picked for other callers.
  # g++ 12.2's intrinsic headers warn spuriously (-Wmaybe-uninitialized) with xsimd: silenced here only.
  target_compile_options(iemlab_simd_${level} PRIVATE ${iemlab_simd_flags_${level}} -O2
                         -Wno-uninitialized -Wno-maybe-uninitialized)
  set_target_properties(iemlab_simd_${level} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_sources(iemlab_simd_kernels PRIVATE $<TARGET_OBJECTS:iemlab_simd_${level}>)
endforeach()
target_link_libraries(iemlab_simd_kernels PUBLIC iemlab_headers)
target_compile_definitions(iemlab_simd_kernels PUBLIC IEMLAB_SIMD_DISPATCH=1)
set_target_properties(iemlab_simd_kernels PROPERTIES LINKER_LANGUAGE CXX EXPORT_NAME simd_kernels
                                                     OUTPUT_NAME iemlab_simd_kernels)
target_link_libraries(iemlab INTERFACE iemlab_simd_kernels)

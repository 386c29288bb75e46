include(CMakePackageConfigHelpers)

# Package layout (docs/embedding.md): headers, the kernel library and its targets, the adapters' definitions,
# the generated kernel translation units, and a pkg-config file for builds without CMake.
set(iemlab_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/iemlab)
set(iemlab_install_targets iemlab iemlab_headers)
if(TARGET iemlab_simd_kernels)
  list(APPEND iemlab_install_targets iemlab_simd_kernels)
  install(FILES ${iemlab_simd_sources} DESTINATION ${CMAKE_INSTALL_DATADIR}/iemlab/simd)
endif()
install(TARGETS ${iemlab_install_targets} EXPORT iemlabTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT iemlabTargets NAMESPACE iemlab:: DESTINATION ${iemlab_cmake_dir})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/iemlabConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/iemlabConfig.cmake INSTALL_DESTINATION ${iemlab_cmake_dir})
# Not ARCH_INDEPENDENT any more: the package holds a compiled library.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/iemlabConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/iemlabConfig.cmake ${PROJECT_BINARY_DIR}/iemlabConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/iemlab_adapters.cmake DESTINATION ${iemlab_cmake_dir})

if(TARGET iemlab_simd_kernels)
  set(IEMLAB_PC_CFLAGS "-DIEMLAB_SIMD_DISPATCH=1 -DIEMLAB_SIMD_DISPATCH_LEVELS=${iemlab_simd_mask}")
  set(IEMLAB_PC_LIBS "-L\${libdir} -liemlab_simd_kernels")
else()
  set(IEMLAB_PC_CFLAGS "")
  set(IEMLAB_PC_LIBS "")
endif()
# Relocatable: the prefix is found from the .pc file's own directory, so --prefix at install time works.
file(RELATIVE_PATH IEMLAB_PC_PREFIX_FROM_PCDIR /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" IEMLAB_PC_PREFIX_FROM_PCDIR "${IEMLAB_PC_PREFIX_FROM_PCDIR}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/iemlab.pc.in ${PROJECT_BINARY_DIR}/iemlab.pc @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/iemlab-headers.pc.in ${PROJECT_BINARY_DIR}/iemlab-headers.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/iemlab.pc ${PROJECT_BINARY_DIR}/iemlab-headers.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(TARGET iemlab-cli)
  install(TARGETS iemlab-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

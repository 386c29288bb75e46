include(CMakePackageConfigHelpers)

install(TARGETS iemlab EXPORT iemlabTargets)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT iemlabTargets NAMESPACE iemlab:: DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/iemlab)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/iemlabConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/iemlabConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/iemlab)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/iemlabConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/iemlabConfig.cmake ${PROJECT_BINARY_DIR}/iemlabConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_DATADIR}/cmake/iemlab)

configure_file(${PROJECT_SOURCE_DIR}/cmake/iemlab.pc.in ${PROJECT_BINARY_DIR}/iemlab.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/iemlab.pc DESTINATION ${CMAKE_INSTALL_DATADIR}/pkgconfig)

if(TARGET iemlab-cli)
  install(TARGETS iemlab-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

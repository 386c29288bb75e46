# Optional adapter targets: present only when their dependency is found.

# iemlab::sndfile — WAV/FLAC/AIFF through libsndfile (io/audio_file.hpp).
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(SNDFILE QUIET IMPORTED_TARGET sndfile)
endif()
if(TARGET PkgConfig::SNDFILE)
  add_library(iemlab_sndfile INTERFACE)
  add_library(iemlab::sndfile ALIAS iemlab_sndfile)
  target_link_libraries(iemlab_sndfile INTERFACE iemlab PkgConfig::SNDFILE)
  target_compile_definitions(iemlab_sndfile INTERFACE IEMLAB_HAVE_SNDFILE=1)
endif()

# iemlab::json — JSON configs (rig, IEM) through nlohmann-json.
find_package(nlohmann_json 3 QUIET)
if(nlohmann_json_FOUND)
  add_library(iemlab_json INTERFACE)
  add_library(iemlab::json ALIAS iemlab_json)
  target_link_libraries(iemlab_json INTERFACE iemlab nlohmann_json::nlohmann_json)
endif()

# iemlab::eigen — impedance fitting (electroacoustics/impedance_fit.hpp) with Eigen's Levenberg–Marquardt.
find_package(Eigen3 3.3 QUIET NO_MODULE)
if(TARGET Eigen3::Eigen)
  add_library(iemlab_eigen INTERFACE)
  add_library(iemlab::eigen ALIAS iemlab_eigen)
  target_link_libraries(iemlab_eigen INTERFACE iemlab Eigen3::Eigen)
  target_compile_definitions(iemlab_eigen INTERFACE IEMLAB_HAVE_EIGEN=1)
endif()

# iemlab::audio — live duplex audio through JACK (audio/*.hpp; also PipeWire through pipewire-jack).
# PortAudio is not a backend yet (docs/measuring-with-a-sound-card.md says what it would take).
if(PkgConfig_FOUND)
  pkg_check_modules(JACK QUIET IMPORTED_TARGET jack)
endif()
if(TARGET PkgConfig::JACK)
  add_library(iemlab_audio INTERFACE)
  add_library(iemlab::audio ALIAS iemlab_audio)
  target_link_libraries(iemlab_audio INTERFACE iemlab PkgConfig::JACK)
  target_compile_definitions(iemlab_audio INTERFACE IEMLAB_HAVE_JACK=1)
endif()

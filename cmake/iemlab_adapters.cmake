# Optional adapter targets, present only when their dependency is found. Used twice: by the build (targets
# iemlab_<name> with aliases iemlab::<name>) and, installed beside iemlabConfig.cmake, by find_package(iemlab) in
# a consumer's build (imported targets iemlab::<name>, when the consumer has the dependency). An adapter brings
# the headers, not the kernel library: link it beside iemlab::iemlab for run-time dispatch.
#   iemlab::sndfile  WAV/FLAC/AIFF through libsndfile (io/audio_file.hpp)
#   iemlab::json     JSON configs (rig, IEM) through nlohmann-json
#   iemlab::eigen    impedance fitting (electroacoustics/impedance_fit.hpp) with Eigen's Levenberg–Marquardt
#   iemlab::audio    live duplex audio through JACK (audio/*.hpp)

function(iemlab_add_adapter name dependency definition)
  if(TARGET iemlab::${name})
    return()
  endif()
  if(IEMLAB_ADAPTERS_IMPORTED)
    add_library(iemlab::${name} INTERFACE IMPORTED)
    set(target iemlab::${name})
    target_link_libraries(${target} INTERFACE iemlab::headers ${dependency})
  else()
    add_library(iemlab_${name} INTERFACE)
    add_library(iemlab::${name} ALIAS iemlab_${name})
    set(target iemlab_${name})
    target_link_libraries(${target} INTERFACE iemlab_headers ${dependency})
  endif()
  if(definition)
    target_compile_definitions(${target} INTERFACE ${definition})
  endif()
endfunction()

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(SNDFILE QUIET IMPORTED_TARGET sndfile)
endif()
if(TARGET PkgConfig::SNDFILE)
  iemlab_add_adapter(sndfile PkgConfig::SNDFILE IEMLAB_HAVE_SNDFILE=1)
endif()

find_package(nlohmann_json 3 QUIET)
if(TARGET nlohmann_json::nlohmann_json)
  iemlab_add_adapter(json nlohmann_json::nlohmann_json IEMLAB_HAVE_JSON=1)
endif()

find_package(Eigen3 3.3 QUIET NO_MODULE)
if(TARGET Eigen3::Eigen)
  iemlab_add_adapter(eigen Eigen3::Eigen IEMLAB_HAVE_EIGEN=1)
endif()

# iemlab::audio — live duplex audio through JACK (audio/*.hpp; also PipeWire through pipewire-jack).
# PortAudio is not a backend yet (docs/measuring-with-a-sound-card.md says what it would take).
if(PkgConfig_FOUND)
  pkg_check_modules(JACK QUIET IMPORTED_TARGET jack)
endif()
if(TARGET PkgConfig::JACK)
  iemlab_add_adapter(audio PkgConfig::JACK IEMLAB_HAVE_JACK=1)
endif()

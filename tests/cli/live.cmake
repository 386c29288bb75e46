# `iemlab measure --live` and `iemlab devices` (docs/measuring-with-a-sound-card.md) through a real JACK server with
# the dummy backend and an IEM emulator client (tests/live/iem_emulator.cpp): response within 0.1 dB and THD within
# 0.5 dB of the emulator's closed form, recovery from an xrun, and the errors without a server or with a bad port.
if(NOT TARGET iemlab::audio OR NOT TARGET iemlab::sndfile OR NOT TARGET iemlab::json)
  return() # needs libjack (libjack-jackd2-dev) and the adapters of `measure`
endif()
add_executable(iem_emulator ${PROJECT_SOURCE_DIR}/tests/live/iem_emulator.cpp)
target_link_libraries(iem_emulator PRIVATE PkgConfig::JACK iemlab_warnings)
target_compile_features(iem_emulator PRIVATE cxx_std_20)
foreach(mode measure xrun)
  add_test(NAME cli.live-${mode}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/live_measure.sh ${mode} ${cli} $<TARGET_FILE:iem_emulator> ${out}/live-${mode})
  # Each run starts its own server; the dummy backend runs in real time, so two at once only share the CPU.
  set_tests_properties(cli.live-${mode} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180 PASS_REGULAR_EXPRESSION "ok: live ${mode}")
endforeach()
# No server (JACK_DEFAULT_SERVER names one that is not running): one error line, exit 2, nothing written. The
# timeout only guards against a hang; the time it takes is reported, not asserted.
add_test(NAME cli.live-no-server COMMAND ${expect_error} 2 "cannot connect to the JACK server 'iemlab-no-such-server'"
                                         ${out}/live-none -- ${cli} measure --live --play emulator:in --record emulator:out
                                         -o ${out}/live-none)
set_tests_properties(cli.live-no-server PROPERTIES ENVIRONMENT "JACK_DEFAULT_SERVER=iemlab-no-such-server" TIMEOUT 30)
iemlab_cli_error(live-needs-play "--play" ${out}/live-none measure --live --record x:y -o ${out}/live-none)
iemlab_cli_error(live-not-with-recordings "--live" ${out}/live-none measure --live --recordings a.wav -o ${out}/live-none)
iemlab_cli_error(live-not-with-file-options "--live" ${out}/live-none measure --live --play x:y --record x:z
                 --reference-channel 1 -o ${out}/live-none)

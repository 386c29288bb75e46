# `iemlab measure` (docs/cli.md): bad configurations and inputs are one-line errors (exit 2, no report left behind);
# clipping is a warning; the report renders in headless Chromium (skipped without it).
if(NOT TARGET iemlab::sndfile OR NOT TARGET iemlab::json)
  return() # `iemlab measure` needs both adapters
endif()
set(measure_out ${out}/pipeline)
file(MAKE_DIRECTORY ${measure_out})
set(good_iem [=[{"name": "x", "drivers": [{"driver": "knowles:ED-30262"}]}]=])
file(WRITE ${measure_out}/unknown_key.json "{\"sweeep\": {}, \"iems\": [${good_iem}]}")
file(WRITE ${measure_out}/unknown_iem_key.json "{\"iems\": [{\"name\": \"x\", \"drivers\": [{\"sepc\": \"knowles:ED-30262\"}]}]}")
file(WRITE ${measure_out}/bad_spec.json "{\"iems\": [{\"name\": \"x\", \"drivers\": [{\"driver\": \"knowles:XYZ-1\"}]}]}")
file(WRITE ${measure_out}/missing_cal.json "{\"microphone\": {\"calibration\": \"nope.cal\"}, \"iems\": [${good_iem}]}")
file(WRITE ${measure_out}/bad_range.json "{\"insertion\": {\"depth_mm\": [4, 2]}, \"iems\": [${good_iem}]}")
file(WRITE ${measure_out}/not_json.json "{\"iems\": [")

iemlab_cli_error(measure-unknown-key "'sweeep'" ${measure_out}/r1/report.html measure --config ${measure_out}/unknown_key.json -o ${measure_out}/r1)
iemlab_cli_error(measure-unknown-iem-key "iems[0].drivers[0]: unknown key 'sepc'" ${measure_out}/r2/report.html
                 measure --config ${measure_out}/unknown_iem_key.json -o ${measure_out}/r2)
iemlab_cli_error(measure-bad-driver-spec "iems[0].drivers[0].driver" ${measure_out}/r3/report.html
                 measure --config ${measure_out}/bad_spec.json -o ${measure_out}/r3)
iemlab_cli_error(measure-missing-calibration "microphone.calibration" ${measure_out}/r4/report.html
                 measure --config ${measure_out}/missing_cal.json -o ${measure_out}/r4)
iemlab_cli_error(measure-bad-range "insertion.depth_mm" ${measure_out}/r5/report.html
                 measure --config ${measure_out}/bad_range.json -o ${measure_out}/r5)
iemlab_cli_error(measure-not-json "not valid JSON" ${measure_out}/r6/report.html measure --config ${measure_out}/not_json.json -o ${measure_out}/r6)
iemlab_cli_error(measure-missing-config "--config" - measure --config ${measure_out}/nope.json -o ${measure_out}/r7)
iemlab_cli_error(measure-missing-sweep "nope.wav" ${measure_out}/r8/report.html
                 measure --sweep ${measure_out}/nope.wav --recordings ${measure_out}/nope2.wav -o ${measure_out}/r8)
iemlab_cli_error(measure-nothing "--config" - measure -o ${measure_out}/r9)

# Sweeps at two rates for the rate-mismatch check.
add_test(NAME cli.pipeline-setup-sweeps
         COMMAND sh -c "$<TARGET_FILE:iemlab-cli> sweep -o ${measure_out}/s48.wav --duration 1s --f1 20Hz --f2 20kHz && $<TARGET_FILE:iemlab-cli> sweep -o ${measure_out}/s44.wav --duration 1s --f1 20Hz --f2 20kHz --rate 44100")
set_tests_properties(cli.pipeline-setup-sweeps PROPERTIES FIXTURES_SETUP pipeline_sweeps)
iemlab_cli_error(measure-rate-mismatch "sample rate" ${measure_out}/r10/report.html
                 measure --sweep ${measure_out}/s48.wav --recordings ${measure_out}/s44.wav -o ${measure_out}/r10)
iemlab_cli_error(measure-missing-recording "missing.wav" ${measure_out}/r11/report.html
                 measure --sweep ${measure_out}/s48.wav --recordings ${measure_out}/missing.wav -o ${measure_out}/r11)
iemlab_cli_error(measure-unknown-target "--target" ${measure_out}/r12/report.html
                 measure --sweep ${measure_out}/s48.wav --recordings ${measure_out}/s48.wav --target no-such-target -o ${measure_out}/r12)
set_tests_properties(cli.measure-rate-mismatch cli.measure-missing-recording cli.measure-unknown-target
                     PROPERTIES FIXTURES_REQUIRED pipeline_sweeps)

add_test(NAME cli.measure-clipping-is-a-warning COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/measure_warning.sh ${cli} ${measure_out}/clip)
add_test(NAME cli.measure-report-renders
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/render_measure_report.sh ${cli} ${PROJECT_SOURCE_DIR}/docs/examples/rig.json
                 ${measure_out}/render)
set_tests_properties(cli.measure-report-renders PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)

# The examples: the main job writes its report; the real-data path agrees with an independently obtained
# impulse response (ir_tool's click response of the same system) within 0.1 dB RMS over 100 Hz … 10 kHz at
# 1/6 octave, smoothed on each response's full-resolution spectrum (measured: 0.05 dB RMS, 0.33 dB at most;
# 0.35 dB RMS and 0.86 dB when the 1/48-octave samples were smoothed instead).
if(TARGET measure_compare)
  add_test(NAME example.measure_compare COMMAND measure_compare ${measure_out}/measure_compare)
  set_tests_properties(example.measure_compare PROPERTIES PASS_REGULAR_EXPRESSION "report\\.html" TIMEOUT 900)
endif()
if(TARGET deconvolve_wav)
  add_test(NAME example.deconvolve_wav COMMAND deconvolve_wav ${shared_data} ${measure_out}/deconvolve_wav)
  set_tests_properties(example.deconvolve_wav PROPERTIES PASS_REGULAR_EXPRESSION "RMS difference 0\\.0[0-9]* dB")
endif()

# An IEM given as an IEM.json of `iemlab simulate iem` (electro's format) inside a rig configuration.
file(WRITE ${measure_out}/iem_file.json "{\"insertions\": 1, \"sweep\": {\"duration_s\": 1.7}, \"iems\": [{\"name\": \"2-way\", \"channels\": [\"left\"], \"iem\": \"${PROJECT_SOURCE_DIR}/examples/impedance_tilt/two_way_ba.json\"}]}")
add_test(NAME cli.measure-iem-file COMMAND ${cli} --quiet measure --config ${measure_out}/iem_file.json -o ${measure_out}/iem_file)
set_tests_properties(cli.measure-iem-file PROPERTIES PASS_REGULAR_EXPRESSION "iem_file/report\\.html")
file(WRITE ${measure_out}/iem_and_drivers.json "{\"iems\": [{\"name\": \"x\", \"iem\": \"${PROJECT_SOURCE_DIR}/examples/impedance_tilt/two_way_ba.json\", \"drivers\": []}]}")
iemlab_cli_error(measure-iem-and-drivers "iems[0].iem" ${measure_out}/r13/report.html
                 measure --config ${measure_out}/iem_and_drivers.json -o ${measure_out}/r13)

# The first rig.json schema (units in the key names: spec, r_ohm, c_uf, damper_cgs, length_mm …) still measures,
# with one deprecation warning per old key; the IEM is the same as in IEM.json's schema.
file(WRITE ${measure_out}/legacy_keys.json "{\"insertions\": 1, \"sweep\": {\"duration_s\": 1}, \"iems\": [{\"name\": \"old\", \"channels\": [\"left\"], \"source_impedance_ohm\": 2, \"drivers\": [{\"spec\": \"knowles:ED-30262\", \"network\": [{\"series\": {\"r_ohm\": 10, \"c_uf\": 4.7, \"parallel\": true}}], \"path\": [{\"tube\": {\"length_mm\": 4, \"diameter_mm\": 1}}, {\"damper_cgs\": 680}]}]}]}")
add_test(NAME cli.measure-legacy-keys
         COMMAND sh -c "'$<TARGET_FILE:iemlab-cli>' --quiet measure --config '${measure_out}/legacy_keys.json' -o '${measure_out}/legacy' 2>'${measure_out}/legacy.err' && grep -c 'is deprecated and will be removed in 0.2' '${measure_out}/legacy.err'")
set_tests_properties(cli.measure-legacy-keys PROPERTIES PASS_REGULAR_EXPRESSION "report\\.html\n7\n")

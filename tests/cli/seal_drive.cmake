# `iemlab measure` (issue 23): the seal check on a simulated rig with a leak on exactly one insertion, the roll-off
# every insertion shares (a rig leak), and the sensitivity measured from a calibrated microphone and the drive —
# against closed forms on a digital loopback. Checks of the written files use measure_checks.py (standard library).
if(NOT TARGET iemlab::sndfile OR NOT TARGET iemlab::json)
  return() # `iemlab measure` needs both adapters
endif()
set(sd_out ${out}/seal_drive)
file(MAKE_DIRECTORY ${sd_out})
set(checks ${CMAKE_CURRENT_SOURCE_DIR}/measure_checks.py)
set(two_way ${PROJECT_SOURCE_DIR}/examples/impedance_tilt/two_way_ba.json)
# Three insertions at 2, 3 and 4 mm; in leak.json the second one through a 0.2 mm slit, in rig_leak.json all three.
set(sd_iems "\"iems\": [{\"name\": \"2-way\", \"channels\": [\"left\"], \"iem\": \"${two_way}\"}]")
foreach(kind sealed leak rig_leak)
  set(g1 0)
  set(g2 0)
  if(kind STREQUAL "leak")
    set(g2 0.2)
  elseif(kind STREQUAL "rig_leak")
    set(g1 0.2)
    set(g2 0.2)
  endif()
  file(WRITE ${sd_out}/${kind}.json "{\"insertions\": 3, \"sweep\": {\"duration_s\": 1.7}, \"insertion\": {\"placements\": [{\"depth_mm\": 2, \"leak_gap_mm\": ${g1}}, {\"depth_mm\": 3, \"leak_gap_mm\": ${g2}}, {\"depth_mm\": 4, \"leak_gap_mm\": ${g1}}]}, ${sd_iems}}")
endforeach()

add_test(NAME cli.seal-sealed COMMAND ${cli} --quiet measure --config ${sd_out}/sealed.json -o ${sd_out}/sealed)
set_tests_properties(cli.seal-sealed PROPERTIES FIXTURES_SETUP seal_runs)
add_test(NAME cli.seal-one-leak COMMAND ${cli} --quiet measure --config ${sd_out}/leak.json -o ${sd_out}/leak)
set_tests_properties(cli.seal-one-leak PROPERTIES FIXTURES_SETUP seal_runs
                     PASS_REGULAR_EXPRESSION "warning: 2-way, left, insertion 2: suspected leak: 1[0-9]\\.?[0-9]* dB less bass")
add_test(NAME cli.seal-one-leak-excluded COMMAND ${cli} --quiet measure --config ${sd_out}/leak.json --exclude-leaky -o ${sd_out}/excluded)
set_tests_properties(cli.seal-one-leak-excluded PROPERTIES FIXTURES_SETUP seal_runs
                     PASS_REGULAR_EXPRESSION "insertion 2: suspected leak: .*\\(left out of the average\\)")
# Exactly that insertion is flagged, the sealed run flags none, and leaving it out restores the sealed average below
# 100 Hz within 0.5 dB (issue 23), while keeping it is off by more.
add_test(NAME cli.seal-verdicts COMMAND ${py} ${checks} seal ${sd_out}/leak/summary.json left ok,leak,ok)
add_test(NAME cli.seal-verdicts-sealed COMMAND ${py} ${checks} seal ${sd_out}/sealed/summary.json left ok,ok,ok)
add_test(NAME cli.seal-excluded-restores COMMAND ${py} ${checks} diff-below ${sd_out}/excluded/2-way.csv
                                                 ${sd_out}/sealed/2-way.csv left_db 100 0.5)
add_test(NAME cli.seal-kept-is-off COMMAND ${py} ${checks} diff-below ${sd_out}/leak/2-way.csv
                                           ${sd_out}/sealed/2-way.csv left_db 100 -0.5)
set_tests_properties(cli.seal-verdicts cli.seal-verdicts-sealed cli.seal-excluded-restores cli.seal-kept-is-off
                     PROPERTIES FIXTURES_REQUIRED seal_runs SKIP_RETURN_CODE 77)
# A leak in every insertion: the seal check sees them alike, the roll-off check names the rig.
add_test(NAME cli.seal-rig-leak COMMAND ${cli} --quiet measure --config ${sd_out}/rig_leak.json -o ${sd_out}/rig_leak)
set_tests_properties(cli.seal-rig-leak PROPERTIES PASS_REGULAR_EXPRESSION
                     "left, every insertion: low-frequency roll-off: [0-9.]+ dB less at 20–30 Hz than at 100–200 Hz")
# The sealed run has no such warning, and the report carries the coupler's validity note.
add_test(NAME cli.seal-sealed-notes COMMAND ${CMAKE_COMMAND} -E cat ${sd_out}/sealed/summary.json)
set_tests_properties(cli.seal-sealed-notes PROPERTIES FIXTURES_REQUIRED seal_runs
                     PASS_REGULAR_EXPRESSION "\"notes\": \\[\"Above about 8 kHz an IEC 60318-4 \\(711\\) coupler"
                     FAIL_REGULAR_EXPRESSION "roll-off")

# --- sensitivity on a digital loopback (the sweep recorded as itself, −3 dBFS peak), closed forms:
# with a 94 dB calibrator reading −20 dBFS, SPL(1 kHz) = 94 + 20·log10(10^(−3/20)/√2) + 20 = 107.990 dB;
# 100 mV across the terminals: 127.990 dB/V; into 32 Ω: − 10·log10(1000/32) = 113.041 dB/mW.
# From the interface: 1 V RMS at 0 dBFS, 10 Ω out, 32 Ω in: V = 10^(−3/20)·32/42 = 0.53939 V: 113.352 dB/V.
set(loop --sweep ${out}/measure-sweep.wav --recordings ${out}/measure-sweep.wav ${out}/measure-sweep.wav --calibration-94db -20dBFS)
add_test(NAME cli.sensitivity-drive-voltage COMMAND ${cli} --quiet measure ${loop} --drive-voltage 100mV --impedance 32ohm -o ${sd_out}/sens)
add_test(NAME cli.sensitivity-dac-voltage COMMAND ${cli} --quiet measure ${loop} --dac-voltage 1V --output-impedance 10ohm
                                                  --impedance 32ohm -o ${sd_out}/sens-dac)
set_tests_properties(cli.sensitivity-drive-voltage cli.sensitivity-dac-voltage PROPERTIES FIXTURES_REQUIRED measure_sweep
                     FIXTURES_SETUP sensitivity_runs)
add_test(NAME cli.sensitivity-spl COMMAND ${py} ${signals} check-json ${sd_out}/sens/summary.json level_1khz_db 107.990 0.02)
add_test(NAME cli.sensitivity-per-v COMMAND ${py} ${signals} check-json ${sd_out}/sens/summary.json sensitivity_db_spl_per_v 127.990 0.02)
add_test(NAME cli.sensitivity-per-mw COMMAND ${py} ${signals} check-json ${sd_out}/sens/summary.json sensitivity_db_spl_per_mw 113.041 0.02)
add_test(NAME cli.sensitivity-dac COMMAND ${py} ${signals} check-json ${sd_out}/sens-dac/summary.json sensitivity_db_spl_per_v 113.352 0.02)
# The report shows it (issue 23: "the report shows the measured sensitivity when the rig is calibrated").
add_test(NAME cli.sensitivity-report COMMAND ${CMAKE_COMMAND} -E cat ${sd_out}/sens/report.html)
set_tests_properties(cli.sensitivity-report PROPERTIES FIXTURES_REQUIRED sensitivity_runs PASS_REGULAR_EXPRESSION
                     "dB SPL / mW \\(left\\).*113\\.0.*Sensitivity \\(measurement, left\\): 128\\.0 dB SPL/V, 113\\.0 dB SPL/mW")
set_tests_properties(cli.sensitivity-spl cli.sensitivity-per-v cli.sensitivity-per-mw cli.sensitivity-dac
                     PROPERTIES FIXTURES_REQUIRED sensitivity_runs SKIP_RETURN_CODE 77)

# Bad drive options: one line naming the option, no report.
iemlab_cli_error(sensitivity-no-mic "--calibration-94db" ${sd_out}/bad1/report.html
                 measure --sweep ${out}/measure-sweep.wav --recordings ${out}/measure-sweep.wav --drive-voltage 100mV -o ${sd_out}/bad1)
iemlab_cli_error(sensitivity-impedance-alone "--impedance" ${sd_out}/bad2/report.html measure ${loop} --impedance 32ohm -o ${sd_out}/bad2)
iemlab_cli_error(sensitivity-zero-volts "--drive-voltage" ${sd_out}/bad3/report.html measure ${loop} --drive-voltage 0V -o ${sd_out}/bad3)
iemlab_cli_error(sensitivity-banana "--drive-voltage" ${sd_out}/bad4/report.html measure ${loop} --drive-voltage banana -o ${sd_out}/bad4)
iemlab_cli_error(sensitivity-both "--drive-voltage" ${sd_out}/bad5/report.html
                 measure ${loop} --drive-voltage 1V --dac-voltage 1V -o ${sd_out}/bad5)
iemlab_cli_error(sensitivity-divider-needs-z "--impedance: terminal_drive: impedance: is needed with a source impedance" ${sd_out}/bad6/report.html
                 measure ${loop} --dac-voltage 1V --output-impedance 10ohm -o ${sd_out}/bad6)
iemlab_cli_error(sensitivity-with-config "--drive-voltage" ${sd_out}/bad7/report.html
                 measure --config ${sd_out}/sealed.json --drive-voltage 1V -o ${sd_out}/bad7)
iemlab_cli_error(sensitivity-negative-z "--impedance" ${sd_out}/bad8/report.html
                 measure ${loop} --drive-voltage 100mV --impedance -16ohm -o ${sd_out}/bad8)
iemlab_cli_error(sensitivity-negative-source "--output-impedance" ${sd_out}/bad9/report.html
                 measure ${loop} --dac-voltage 1V --output-impedance -5ohm --impedance 16ohm -o ${sd_out}/bad9)
iemlab_cli_error(sensitivity-mega-ohm "Mohm" ${sd_out}/bad10/report.html
                 measure ${loop} --drive-voltage 100mV --impedance 2Mohm -o ${sd_out}/bad10)
set_tests_properties(cli.sensitivity-negative-z cli.sensitivity-negative-source cli.sensitivity-mega-ohm
                     PROPERTIES FIXTURES_REQUIRED measure_sweep)
set_tests_properties(cli.sensitivity-no-mic cli.sensitivity-impedance-alone cli.sensitivity-zero-volts cli.sensitivity-banana
                     cli.sensitivity-both cli.sensitivity-divider-needs-z PROPERTIES FIXTURES_REQUIRED measure_sweep)

# --- an eardrum impedance file on the simulated rig (docs/rig-config.md): the rig evaluates the load from
# rate/FIR size (≈ 2 Hz) to rate/2, so a table must span that; a shorter one is refused at load.eardrum.
file(WRITE ${sd_out}/drum-wide.csv "frequency,re,im\n1,1e15,0\n100000,1e15,0\n")
file(WRITE "${sd_out}/drum[1].csv" "frequency,re,im\n1,2e7,0\n100000,-5e6,0\n")
foreach(drum drum-wide drum-short drum-bracket)
  set(file ${sd_out}/${drum}.csv)
  if(drum STREQUAL "drum-short")
    set(file ${PROJECT_SOURCE_DIR}/tests/data/eardrum/near-rigid.csv) # 10 Hz … 100 kHz
  elseif(drum STREQUAL "drum-bracket")
    set(file "${sd_out}/drum[1].csv") # not passive on its line 3; the name's brackets must not confuse the message
  endif()
  file(WRITE ${sd_out}/${drum}.json "{\"insertions\": 1, \"sweep\": {\"duration_s\": 1}, \"load\": {\"type\": \"canal\", \"eardrum\": \"${file}\"}, ${sd_iems}}")
endforeach()
add_test(NAME cli.rig-eardrum-file COMMAND ${cli} --quiet measure --config ${sd_out}/drum-wide.json -o ${sd_out}/drum-wide)
set_tests_properties(cli.rig-eardrum-file PROPERTIES PASS_REGULAR_EXPRESSION "report.html")
# The P.57 Type 4.3 simulator as the rig's load (docs/rig-config.md): it measures like any canal load.
file(WRITE ${sd_out}/p57.json "{\"insertions\": 1, \"sweep\": {\"duration_s\": 1}, \"load\": {\"type\": \"p57\"}, ${sd_iems}}")
add_test(NAME cli.rig-p57 COMMAND ${cli} --quiet measure --config ${sd_out}/p57.json -o ${sd_out}/p57)
set_tests_properties(cli.rig-p57 PROPERTIES PASS_REGULAR_EXPRESSION "report.html")
iemlab_cli_error(rig-eardrum-short "load.eardrum" ${sd_out}/drum-short/report.html
                 measure --config ${sd_out}/drum-short.json -o ${sd_out}/drum-short)
iemlab_cli_error(rig-eardrum-bracket "drum[1].csv:3:" ${sd_out}/drum-bracket/report.html
                 measure --config ${sd_out}/drum-bracket.json -o ${sd_out}/drum-bracket)

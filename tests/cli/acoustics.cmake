# CLI checks for `iemlab simulate coupler|canal|open-ear|occlusion` (docs/cli.md): columns, published anchor values,
# one-line errors naming the option, no partial output files.

# Coupler: |Z_T(500 Hz)| = γP0/(2π·500·1.26e-6) ≈ 35.84 MPa·s/m³ (IEC 60318-4; the model gives 35.91, within
# 0.5 %), level 0 dB at 500 Hz.
add_test(NAME cli.simulate-coupler-500 COMMAND ${cli} simulate coupler --f-min 500Hz --f-max 500Hz)
set_tests_properties(cli.simulate-coupler-500 PROPERTIES
  PASS_REGULAR_EXPRESSION "^frequency,z_transfer,level_re_500hz_db\n500,35[89][0-9][0-9][0-9][0-9][0-9],0\n$")
add_test(NAME cli.simulate-coupler-file COMMAND ${cli} simulate coupler --ppo 3 -o ${out}/coupler.csv)
add_test(NAME cli.simulate-coupler-file-rows COMMAND ${CMAKE_COMMAND} -E cat ${out}/coupler.csv)
set_tests_properties(cli.simulate-coupler-file-rows PROPERTIES DEPENDS cli.simulate-coupler-file
  PASS_REGULAR_EXPRESSION "^frequency,z_transfer,level_re_500hz_db\n20,[0-9.e+]+,-?[0-9.]+\n")

# Canal: header, and 79.2 dB re 20 µPa for 1 mm³/s at 100 Hz with a 15 mm deep seal (0.39 cm³ residual +
# Shaw–Stinson drum).
add_test(NAME cli.simulate-canal COMMAND ${cli} simulate canal --f-min 100Hz --f-max 100Hz --insertion-depth 15mm)
set_tests_properties(cli.simulate-canal PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,eardrum_spl_db\n100,79\\.[12]")
add_test(NAME cli.simulate-canal-leak COMMAND ${cli} simulate canal --leak tube --leak-diameter 1mm --leak-length 5mm
         --f-min 20Hz --f-max 20Hz)
set_tests_properties(cli.simulate-canal-leak PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,eardrum_spl_db\n20,[0-9.]+\n$")

# Open ear, rigid drum: quarter-wave peak at c/(4L) = 353/(4·0.025) ≈ 3.53 kHz; on a 1/12-octave grid from 1 kHz the
# nearest point is 3563.6 Hz.
add_test(NAME cli.simulate-open-ear COMMAND ${cli} simulate open-ear --eardrum rigid --f-min 3kHz --f-max 4kHz --ppo 12)
set_tests_properties(cli.simulate-open-ear PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,gain_db\n3000,[0-9.]+\n")

# Occlusion: a rigid shallow seal gives a large OE at 250 Hz (see the acoustics report for the published range).
add_test(NAME cli.simulate-occlusion COMMAND ${cli} simulate occlusion --f-min 250Hz --f-max 250Hz --insertion-depth 2mm)
set_tests_properties(cli.simulate-occlusion PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,occlusion_db\n250,4[0-9]\\.")
# A rigid deep seal (16 mm) dips to ≈ −9 dB at 2 kHz; a silicone tip coupled to the 8 mm of wall under it pushes part
# of that wall's motion into the canal and brings the OE back near 0 dB (docs/ear-models.md, docs/validation.md: −1.2 dB).
add_test(NAME cli.simulate-occlusion-coupled-tip COMMAND ${cli} simulate occlusion --f-min 2kHz --f-max 2kHz
         --insertion-depth 16mm --tip-shear-modulus 0.56e6 --tip-coupling 1)
set_tests_properties(cli.simulate-occlusion-coupled-tip PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,occlusion_db\n2000,-1\\.[12]")
# A vent in parallel with a slit: a 10 mm × Ø 2 mm vent lowers the 250 Hz OE of a 5 mm seal from 38.5 to ≈ 21 dB.
add_test(NAME cli.simulate-occlusion-vent-and-slit COMMAND ${cli} simulate occlusion --f-min 250Hz --f-max 250Hz
         --insertion-depth 5mm --leak slit --vent-diameter 2mm)
set_tests_properties(cli.simulate-occlusion-vent-and-slit PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,occlusion_db\n250,2[01]\\.")

# Eardrum from a file (docs/ear-models.md): a nearly rigid tabulated drum (1e15 Pa·s/m³) behaves as --eardrum rigid:
# 10 mm of Ø 7.5 mm residual canal at 100 Hz, p = γP0·U/(ωV) for 1 mm³/s = 88.15 dB re 20 µPa adiabatic (closed
# form), 87.89 dB with the thermal boundary layer's isothermal share of the compliance (Zwikker–Kosten): both 87.89.
set(eardrum_data ${PROJECT_SOURCE_DIR}/tests/data/eardrum)
add_test(NAME cli.simulate-canal-eardrum-file COMMAND ${cli} simulate canal --eardrum ${eardrum_data}/near-rigid.csv
         --f-min 100Hz --f-max 100Hz --insertion-depth 15mm)
set_tests_properties(cli.simulate-canal-eardrum-file PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,eardrum_spl_db\n100,87\\.89")
add_test(NAME cli.simulate-canal-eardrum-rigid COMMAND ${cli} simulate canal --eardrum rigid
         --f-min 100Hz --f-max 100Hz --insertion-depth 15mm)
set_tests_properties(cli.simulate-canal-eardrum-rigid PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,eardrum_spl_db\n100,87\\.89")
# The driver's canal load takes the same file (same SPL as with --eardrum rigid: 132.797 dB at 1 kHz; the Knowles presets are calibrated on the 711 model).
add_test(NAME cli.simulate-driver-eardrum-file COMMAND ${cli} simulate driver --driver knowles:ED-30262 --load canal
         --eardrum ${eardrum_data}/near-rigid.csv --f-min 1kHz --f-max 1kHz)
set_tests_properties(cli.simulate-driver-eardrum-file PROPERTIES PASS_REGULAR_EXPRESSION "spl_db\n1000,[0-9.]+,[0-9.]+,0,132\\.797[0-9]")

# Errors: one line, names the option, exit 2, no output file.
iemlab_cli_error(simulate-no-model "subcommand" - simulate)
iemlab_cli_error(simulate-depth-too-deep "--insertion-depth" ${out}/canal-deep.csv
                 simulate canal --insertion-depth 25mm -o ${out}/canal-deep.csv)
iemlab_cli_error(simulate-depth-negative "--insertion-depth" ${out}/canal-neg.csv
                 simulate canal --insertion-depth -1mm -o ${out}/canal-neg.csv)
iemlab_cli_error(simulate-zero-length "--canal-length" ${out}/canal-len.csv simulate canal --canal-length 0 -o ${out}/canal-len.csv)
iemlab_cli_error(simulate-negative-diameter "--canal-diameter" ${out}/oe-dia.csv
                 simulate open-ear --canal-diameter -7mm -o ${out}/oe-dia.csv)
iemlab_cli_error(simulate-temperature "--temperature" ${out}/cpl-t.csv simulate coupler --temperature 200C -o ${out}/cpl-t.csv)
iemlab_cli_error(simulate-empty-grid "--f-max" ${out}/cpl-g.csv simulate coupler --f-min 2kHz --f-max 1kHz -o ${out}/cpl-g.csv)
iemlab_cli_error(simulate-bad-eardrum "--eardrum" - simulate canal --eardrum banana)
iemlab_cli_error(simulate-eardrum-active "active.csv:4" ${out}/drum-active.csv
                 simulate canal --eardrum ${eardrum_data}/active.csv -o ${out}/drum-active.csv)
iemlab_cli_error(simulate-eardrum-range "range 100" ${out}/drum-range.csv
                 simulate occlusion --eardrum ${eardrum_data}/narrow.csv -o ${out}/drum-range.csv)
iemlab_cli_error(simulate-bad-leak "--leak-diameter" ${out}/leak.csv simulate canal --leak tube --leak-diameter 0 -o ${out}/leak.csv)
iemlab_cli_error(simulate-bad-coupler "--model" - simulate coupler --model iec60711)
iemlab_cli_error(simulate-bad-extension "--extension" - simulate coupler --extension 5cm)
iemlab_cli_error(simulate-bad-bony-weight "--bony-weight" - simulate occlusion --bony-weight -1)
iemlab_cli_error(simulate-bad-tip-coupling "--tip-coupling" - simulate occlusion --tip-coupling 2)
iemlab_cli_error(simulate-bad-tip-modulus "--tip-shear-modulus" - simulate occlusion --tip-shear-modulus -5)
iemlab_cli_error(simulate-bad-vent "--vent-diameter" - simulate occlusion --vent-diameter 0mm)

# The insertion-depth example runs and writes its family of curves.
if(TARGET insertion_depth)
  add_test(NAME example.insertion_depth COMMAND insertion_depth ${out}/insertion_depth.csv ${out}/insertion_depth.svg)
  set_tests_properties(example.insertion_depth PROPERTIES PASS_REGULAR_EXPRESSION "wrote .*479 frequencies x 11 depths.*insertion_depth.svg")
endif()

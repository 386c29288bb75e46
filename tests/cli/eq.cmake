# CLI checks for `iemlab eq` (docs/cli.md, docs/equalisation.md): files, their format, and clear errors.
set(eq_out ${out}/eq)
set(eq_in "${shared_data}/autoeq/Etymotic ER4SR.csv")

add_test(NAME cli.eq COMMAND ${cli} eq ${eq_in} --target harman-ie-2019v2 --name ER4SR -o ${eq_out})
set_tests_properties(cli.eq PROPERTIES FIXTURES_SETUP eq_files
                     PASS_REGULAR_EXPRESSION "preference score \\(Harman in-ear 2019v2\\): 44\\.93 without EQ, [89][0-9]\\.[0-9][0-9] with the parametric EQ \\(10 filters")
add_test(NAME cli.eq-parametric-file COMMAND ${CMAKE_COMMAND} -E cat "${eq_out}/ER4SR ParametricEQ.txt")
set_tests_properties(cli.eq-parametric-file PROPERTIES FIXTURES_REQUIRED eq_files PASS_REGULAR_EXPRESSION
                     "^Preamp: -[0-6]\\.[0-9] dB\nFilter 1: ON (PK|LSC|HSC) Fc [0-9]+ Hz Gain -?[0-9]+\\.[0-9] dB Q [0-9]\\.[0-9][0-9]\n(.*\n)*Filter 10: ON ")
add_test(NAME cli.eq-fixed-band-file COMMAND ${CMAKE_COMMAND} -E cat "${eq_out}/ER4SR FixedBandEQ.txt")
set_tests_properties(cli.eq-fixed-band-file PROPERTIES FIXTURES_REQUIRED eq_files PASS_REGULAR_EXPRESSION
                     "Filter 1: ON PK Fc 31 Hz Gain -?[0-9]+\\.[0-9] dB Q 1\\.41\n(.*\n)*Filter 10: ON PK Fc 16000 Hz")
add_test(NAME cli.eq-graphic-file COMMAND ${CMAKE_COMMAND} -E cat "${eq_out}/ER4SR GraphicEQ.txt")
set_tests_properties(cli.eq-graphic-file PROPERTIES FIXTURES_REQUIRED eq_files PASS_REGULAR_EXPRESSION
                     "^GraphicEQ: 20 -?[0-9]+\\.[0-9]; 21 ")
add_test(NAME cli.eq-csv COMMAND ${CMAKE_COMMAND} -E cat "${eq_out}/ER4SR.csv")
set_tests_properties(cli.eq-csv PROPERTIES FIXTURES_REQUIRED eq_files PASS_REGULAR_EXPRESSION
                     "^frequency,raw,target,error,parametric_eq,fixed_band_eq,equalized_raw\n20\\.00,")
add_test(NAME cli.eq-json COMMAND ${CMAKE_COMMAND} -E cat "${eq_out}/ER4SR ParametricEQ.json")
set_tests_properties(cli.eq-json PROPERTIES FIXTURES_REQUIRED eq_files PASS_REGULAR_EXPRESSION
                     "\"filters\": \\[\n    {\"type\": \"(PK|LSC|HSC)\", \"fc_hz\": ")
# The error objective and the options' units.
add_test(NAME cli.eq-error-objective COMMAND ${cli} eq ${eq_in} --target "${shared_data}/autoeq/harman_in-ear_2019v2.csv"
                                             --objective error --filters 5 --max-boost 3 --q-range 0.5:4
                                             --fc-range 30Hz:16kHz --fs 44.1kHz -o ${eq_out}/error)
set_tests_properties(cli.eq-error-objective PROPERTIES PASS_REGULAR_EXPRESSION "with the parametric EQ \\(5 filters")

# Bad options and impossible constraints: one error line naming the option, exit 2, no file.
set(eq_bad ${eq_out}/bad)
iemlab_cli_error(eq-max-boost "--max-boost" "${eq_bad}/x ParametricEQ.txt" eq ${eq_in} --target harman-ie-2019v2 --name x --max-boost -3dB -o ${eq_bad})
iemlab_cli_error(eq-max-boost-unit "--max-boost" - eq ${eq_in} --target harman-ie-2019v2 --max-boost 6Hz -o ${eq_bad})
iemlab_cli_error(eq-q-range "--q-range" - eq ${eq_in} --target harman-ie-2019v2 --q-range 6:0.18 -o ${eq_bad})
iemlab_cli_error(eq-q-range-form "--q-range" - eq ${eq_in} --target harman-ie-2019v2 --q-range 0.18-6 -o ${eq_bad})
iemlab_cli_error(eq-fc-nyquist "--fc-range" - eq ${eq_in} --target harman-ie-2019v2 --fc-range 20Hz:20kHz --fs 32kHz -o ${eq_bad})
iemlab_cli_error(eq-filters "--filters" - eq ${eq_in} --target harman-ie-2019v2 --filters 0 -o ${eq_bad})
iemlab_cli_error(eq-objective "--objective" - eq ${eq_in} --target harman-ie-2019v2 --objective loudness -o ${eq_bad})
iemlab_cli_error(eq-target "--target" - eq ${eq_in} --target no-such-target -o ${eq_bad})
iemlab_cli_error(eq-fs "--fs" - eq ${eq_in} --target harman-ie-2019v2 --fs 100Hz -o ${eq_bad})

# measure --eq: the EQ of a simulated two-way IEM (2 insertions, one channel) in the report and the files.
if(TARGET iemlab::sndfile AND TARGET iemlab::json)
  set(eq_measure ${eq_out}/measure)
  file(MAKE_DIRECTORY ${eq_measure})
  file(WRITE ${eq_measure}/rig.json "{\"insertions\": 2, \"sweep\": {\"duration_s\": 1.7}, \"iems\": [{\"name\": \"2-way\", \"channels\": [\"left\"], \"iem\": \"${PROJECT_SOURCE_DIR}/examples/impedance_tilt/two_way_ba.json\"}]}")
  add_test(NAME cli.measure-eq COMMAND ${cli} --quiet measure --config ${eq_measure}/rig.json --target harman-ie-2019v2 --eq
                                       -o ${eq_measure}/out)
  set_tests_properties(cli.measure-eq PROPERTIES FIXTURES_SETUP measure_eq PASS_REGULAR_EXPRESSION "out/report\\.html")
  add_test(NAME cli.measure-eq-report COMMAND ${CMAKE_COMMAND} -E cat ${eq_measure}/out/report.html)
  set_tests_properties(cli.measure-eq-report PROPERTIES FIXTURES_REQUIRED measure_eq PASS_REGULAR_EXPRESSION
                       "Equalisation — 2-way.*Before and after the parametric EQ.*<td>PK</td>.*Mean score over the insertions")
  add_test(NAME cli.measure-eq-file COMMAND ${CMAKE_COMMAND} -E cat "${eq_measure}/out/2-way ParametricEQ.txt")
  set_tests_properties(cli.measure-eq-file PROPERTIES FIXTURES_REQUIRED measure_eq PASS_REGULAR_EXPRESSION
                       "^Preamp: -?[0-9]+\\.[0-9] dB\nFilter 1: ON ")
  iemlab_cli_error(measure-eq-no-target "--eq" ${eq_measure}/none/report.html
                   measure --sweep x.wav --recordings y.wav --eq -o ${eq_measure}/none)
endif()

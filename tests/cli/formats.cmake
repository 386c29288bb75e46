# CLI checks for `convert` and `plot` (docs/cli.md): every real data file converts to every format and back exactly,
# malformed files fail with one line naming file and line and leave no output, plots are well-formed SVG.
set(fmt_out ${out}/formats)
file(MAKE_DIRECTORY ${fmt_out})
file(WRITE ${fmt_out}/nonnumeric.txt "* Freq(Hz)\tSPL(dB)\n20\t1\n30\tabc\n40\t2\n")
file(WRITE ${fmt_out}/decreasing.csv "frequency,raw\n20.00,1\n30.00,2\n25.00,3\n")
file(WRITE ${fmt_out}/truncated.txt "20 1 0.5\n30 2 0.5\n40 2\n")
file(WRITE ${fmt_out}/empty.txt "")
file(WRITE ${fmt_out}/text.txt "just some words\nand more\n")
set(er4 "${shared_data}/autoeq/Etymotic ER4SR.csv")
set(er2 "${shared_data}/autoeq/Etymotic ER2SR.csv")

add_test(NAME cli.convert-every-data-file
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/formats_roundtrip.sh ${cli} ${shared_data} ${fmt_out}/roundtrip)

# A REW export to squig: 14 header lines + 480 rows at 20·2^(k/48) (row 2 is 20·2^(1/48) = 20.290907 Hz).
add_test(NAME cli.convert-squig COMMAND ${cli} convert "${shared_data}/targets/KEMAR DF Target.txt" -o "${fmt_out}/KEMAR L.txt")
add_test(NAME cli.convert-squig-content COMMAND ${CMAKE_COMMAND} -E cat "${fmt_out}/KEMAR L.txt")
set_tests_properties(cli.convert-squig-content PROPERTIES DEPENDS cli.convert-squig
                     PASS_REGULAR_EXPRESSION "\\* Freq\\(Hz\\)\tSPL\\(dB\\)\n20\\.000000\t0\\.466\n20\\.290907\t")
add_test(NAME cli.convert-ppo COMMAND ${cli} convert ${er4} -o ${fmt_out}/er4-12.csv --ppo 12 --f-min 100Hz --f-max 1.6kHz)
add_test(NAME cli.convert-ppo-content COMMAND ${CMAKE_COMMAND} -E cat ${fmt_out}/er4-12.csv)
set_tests_properties(cli.convert-ppo-content PROPERTIES DEPENDS cli.convert-ppo
                     PASS_REGULAR_EXPRESSION "^frequency,spl_db\n100,[-0-9.]+\n105\\.9463")

iemlab_cli_error(convert-missing-input "no-such-file.txt" ${fmt_out}/missing.csv
                 convert ${fmt_out}/no-such-file.txt -o ${fmt_out}/missing.csv)
iemlab_cli_error(convert-nonnumeric "nonnumeric.txt:3:" ${fmt_out}/nonnumeric-out.csv
                 convert ${fmt_out}/nonnumeric.txt -o ${fmt_out}/nonnumeric-out.csv)
iemlab_cli_error(convert-decreasing "decreasing.csv:4:" ${fmt_out}/decreasing-out.txt
                 convert ${fmt_out}/decreasing.csv -o ${fmt_out}/decreasing-out.txt)
iemlab_cli_error(convert-truncated "truncated.txt:3:" ${fmt_out}/truncated-out.csv
                 convert ${fmt_out}/truncated.txt -o ${fmt_out}/truncated-out.csv)
iemlab_cli_error(convert-empty "empty.txt" ${fmt_out}/empty-out.csv convert ${fmt_out}/empty.txt -o ${fmt_out}/empty-out.csv)
iemlab_cli_error(convert-no-data "no numeric data" ${fmt_out}/text-out.csv convert ${fmt_out}/text.txt -o ${fmt_out}/text-out.csv)
iemlab_cli_error(convert-binary "NUL" ${fmt_out}/binary-out.csv
                 convert ${shared_data}/sweeps/click.wav -o ${fmt_out}/binary-out.csv)
iemlab_cli_error(convert-bad-to "--to" ${fmt_out}/bad-to.x convert ${er4} -o ${fmt_out}/bad-to.x --to mp3)
iemlab_cli_error(convert-unknown-extension "--to" ${fmt_out}/out.xyz convert ${er4} -o ${fmt_out}/out.xyz)
iemlab_cli_error(convert-bad-from "--from" ${fmt_out}/bad-from.csv convert ${er4} -o ${fmt_out}/bad-from.csv --from wav)
iemlab_cli_error(convert-squig-grid "squig" "${fmt_out}/grid L.txt" convert ${er4} -o "${fmt_out}/grid L.txt" --ppo 12)
iemlab_cli_error(convert-bad-ppo "--ppo" ${fmt_out}/ppo.csv convert ${er4} -o ${fmt_out}/ppo.csv --ppo -3)
iemlab_cli_error(convert-bad-f-min "--f-min" ${fmt_out}/fmin.csv convert ${er4} -o ${fmt_out}/fmin.csv --ppo 3 --f-min 1parsec)
iemlab_cli_error(convert-unwritable "out.csv" - convert ${er4} -o /nonexistent-dir/out.csv)

add_test(NAME cli.plot-svg COMMAND ${cli} plot ${er4} ${er2} --spread --target "${shared_data}/autoeq/harman_in-ear_2019v2.csv"
                                   --title "ER4SR vs ER2SR" -o ${fmt_out}/plot.svg)
find_program(XMLLINT xmllint)
if(XMLLINT)
  add_test(NAME cli.plot-svg-well-formed COMMAND ${XMLLINT} --noout ${fmt_out}/plot.svg)
  set_tests_properties(cli.plot-svg-well-formed PROPERTIES DEPENDS cli.plot-svg)
endif()
add_test(NAME cli.plot-svg-content COMMAND ${CMAKE_COMMAND} -E cat ${fmt_out}/plot.svg)
set_tests_properties(cli.plot-svg-content PROPERTIES DEPENDS cli.plot-svg
                     PASS_REGULAR_EXPRESSION ">20k</text>.*class=\"band\".*class=\"target\".*class=\"curve\".*Etymotic ER2SR")
add_test(NAME cli.plot-report-renders COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/render_report.sh ${cli} ${shared_data} ${fmt_out}/render)
set_tests_properties(cli.plot-report-renders PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180)

iemlab_cli_error(plot-bad-extension "-o" ${fmt_out}/plot.png plot ${er4} -o ${fmt_out}/plot.png)
iemlab_cli_error(plot-spread-one "--spread" ${fmt_out}/one.svg plot ${er4} --spread -o ${fmt_out}/one.svg)
iemlab_cli_error(plot-bad-input "nonnumeric.txt:3:" ${fmt_out}/bad.svg plot ${er4} ${fmt_out}/nonnumeric.txt -o ${fmt_out}/bad.svg)
iemlab_cli_error(plot-bad-target "no-target.txt" ${fmt_out}/bad-target.svg plot ${er4} --target ${fmt_out}/no-target.txt -o ${fmt_out}/bad-target.svg)
iemlab_cli_error(plot-bad-y-min "--y-min" ${fmt_out}/y.svg plot ${er4} --y-min banana -o ${fmt_out}/y.svg)
iemlab_cli_error(plot-bad-range "y axis max" ${fmt_out}/r.svg plot ${er4} --y-min 10 --y-max 0 -o ${fmt_out}/r.svg)

# Impedance (ZMA, log |Z| axis) and THD (a THD CSV's thd_percent column, log % axis).
file(WRITE ${fmt_out}/ba.zma "* Frequency(Hz) Impedance(Ohm) Phase(degrees)\n20 12.1 2\n200 12.9 10\n2000 24 40\n20000 160 60\n")
file(WRITE ${fmt_out}/thd.csv "frequency,h2_db,h3_db,thd_percent\n20,-40,-50,1.04\n200,-50,-60,0.32\n2000,-60,-70,0.1\n")
add_test(NAME cli.plot-impedance COMMAND ${cli} plot ${fmt_out}/ba.zma --kind impedance -o ${fmt_out}/z.svg)
add_test(NAME cli.plot-impedance-content COMMAND ${CMAKE_COMMAND} -E cat ${fmt_out}/z.svg)
set_tests_properties(cli.plot-impedance-content PROPERTIES DEPENDS cli.plot-impedance
                     PASS_REGULAR_EXPRESSION ">10</text>.*>100</text>.*>1000</text>.*Impedance \\(Ω\\)")
add_test(NAME cli.plot-thd COMMAND ${cli} plot ${fmt_out}/thd.csv --kind thd -o ${fmt_out}/thd.svg)
add_test(NAME cli.plot-thd-content COMMAND ${CMAKE_COMMAND} -E cat ${fmt_out}/thd.svg)
set_tests_properties(cli.plot-thd-content PROPERTIES DEPENDS cli.plot-thd
                     PASS_REGULAR_EXPRESSION ">0.1</text>.*>1</text>.*THD \\(%\\)")
iemlab_cli_error(plot-thd-not-thd "no 'thd_percent' column" ${fmt_out}/nothd.svg plot ${er4} --kind thd -o ${fmt_out}/nothd.svg)

# Issue 20: the habits of REW, squig.link and AutoEq users. iemlab reads the tables it writes (measure's CSVs,
# --column), built-in targets by name everywhere (iemlab targets), the score's band check, AutoEq-style rankings,
# kHz and descending-frequency tables.
set(h_out ${out}/habits)
file(MAKE_DIRECTORY ${h_out})
set(autoeq_dir "${shared_data}/autoeq")
set(loop ${out}/chain/loop) # measure's output of cli.chain-default-loopback (fixture chain_loop)

# --- iemlab reads what it writes (measure's CSVs)
if(TARGET iemlab::sndfile)
  add_test(NAME cli.read-own-score COMMAND ${cli} score ${loop}/measurement.csv --target harman-ie-2019v2)
  set_tests_properties(cli.read-own-score PROPERTIES PASS_REGULAR_EXPRESSION "^score=[-0-9.]+ std=")
  add_test(NAME cli.read-own-plot COMMAND ${cli} plot ${loop}/measurement.csv "${loop}/measurement insertions.csv"
                                          --target harman-ie-2019v2 -o ${h_out}/own.svg)
  add_test(NAME cli.read-own-plot-thd COMMAND ${cli} plot "${loop}/measurement thd.csv" --kind thd -o ${h_out}/own-thd.svg)
  add_test(NAME cli.read-own-plot-thd-content COMMAND ${CMAKE_COMMAND} -E cat ${h_out}/own-thd.svg)
  set_tests_properties(cli.read-own-plot-thd-content PROPERTIES DEPENDS cli.read-own-plot-thd
                       PASS_REGULAR_EXPRESSION "measurement thd left_thd_percent")
  iemlab_cli_error(read-own-thd-hint "--kind thd" ${h_out}/thd-as-fr.svg plot "${loop}/measurement thd.csv" -o ${h_out}/thd-as-fr.svg)
  set_tests_properties(cli.read-own-score cli.read-own-plot cli.read-own-plot-thd cli.read-own-thd-hint
                       PROPERTIES FIXTURES_REQUIRED chain_loop)
endif()

# A stereo table without combined_db: --column picks a level, and without it the error lists the choices.
file(WRITE ${h_out}/stereo.csv
     "frequency,left_db,left_min_db,left_max_db,left_std_db,right_db,right_min_db,right_max_db,right_std_db\n"
     "100,81,80,82,0.5,71,70,72,0.5\n1000,85,84,86,0.5,75,74,76,0.5\n10000,88,87,89,0.5,78,77,79,0.5\n")
iemlab_cli_error(column-choices "left_db, right_db" ${h_out}/stereo-out.csv convert ${h_out}/stereo.csv -o ${h_out}/stereo-out.csv)
iemlab_cli_error(column-unknown "the columns are left_db" ${h_out}/c.csv convert ${h_out}/stereo.csv --column mid_db -o ${h_out}/c.csv)
add_test(NAME cli.column-pick COMMAND ${cli} convert ${h_out}/stereo.csv --column right_db -o - --to csv)
set_tests_properties(cli.column-pick PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,spl_db\n100,71\\.0000\n1000,75\\.0000\n")

# kHz frequency columns are scaled; a table in descending frequency is read in ascending order.
file(WRITE ${h_out}/khz.csv "freq_khz,spl_db\n0.1,1\n1,2\n10,3\n")
add_test(NAME cli.read-khz COMMAND ${cli} convert ${h_out}/khz.csv -o - --to csv)
set_tests_properties(cli.read-khz PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,spl_db\n100,1\\.0000\n1000,2\\.0000\n10000,3")
file(WRITE ${h_out}/descending.txt "* Freq(Hz)\tSPL(dB)\n20000\t3\n1000\t2\n20\t1\n")
add_test(NAME cli.read-descending COMMAND ${cli} convert ${h_out}/descending.txt -o - --to csv)
set_tests_properties(cli.read-descending PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,spl_db\n20,1\\.0000\n1000,2\\.0000\n20000,3")

# --- built-in targets: listed with sources, usable by name in score and plot
add_test(NAME cli.targets-list COMMAND ${cli} targets)
set_tests_properties(cli.targets-list PROPERTIES PASS_REGULAR_EXPRESSION
  "harman-ie-2016\t[^\n]*AutoEq[^\n]*\nharman-ie-2017-1\t[^\n]*\n[^\n]*\nharman-ie-2019v2\t[^\n]*\ndiffuse-field\t[^\n]*PublicGraphTool[^\n]*\nflat\t")
add_test(NAME cli.targets-write COMMAND ${cli} targets harman-ie-2016 -o - --to autoeq)
set_tests_properties(cli.targets-write PROPERTIES PASS_REGULAR_EXPRESSION "^frequency,raw\n20\\.00,6\\.89\n20\\.20,6\\.90\n")
iemlab_cli_error(targets-unknown "harman-ie-2016, harman-ie-2017-1" - score ${autoeq_dir}/harman_in-ear_2019v2.csv --target harman-2099)
# The built-in 2019v2 scores ER4SR exactly as the AutoEq file does (cli.score-er4sr, AutoEq's RANKING.md).
add_test(NAME cli.score-builtin-target COMMAND ${cli} score "${autoeq_dir}/Etymotic ER4SR.csv" --target harman-ie-2019v2)
set_tests_properties(cli.score-builtin-target PROPERTIES PASS_REGULAR_EXPRESSION "^score=(44\\.[5-9]|45\\.[0-4])[0-9] std=4\\.26 slope=1\\.38 mean=2\\.75\n$")
add_test(NAME cli.plot-builtin-target COMMAND ${cli} plot "${autoeq_dir}/Etymotic ER4SR.csv" --target diffuse-field -o ${h_out}/df.svg)
# A target that does not cover the scoring band (20 Hz … 10 kHz) is an error, not a silent extrapolation.
file(WRITE ${h_out}/narrow-target.csv "frequency,raw\n100,0\n1000,0\n5000,0\n")
iemlab_cli_error(score-narrow-target "target's first frequency" - score "${autoeq_dir}/Etymotic ER4SR.csv" --target ${h_out}/narrow-target.csv)

# --- batch scoring: AutoEq's RANKING, best first, with the score's parts (AutoEq's published values, analysis.cmake)
add_test(NAME cli.score-ranking COMMAND ${cli} score "${autoeq_dir}/Etymotic ER2SR.csv" "${autoeq_dir}/Etymotic ER4XR.csv"
                                        "${autoeq_dir}/Shure SE846.csv" "${autoeq_dir}/Etymotic ER2XR.csv" --target harman-ie-2019v2)
set_tests_properties(cli.score-ranking PROPERTIES PASS_REGULAR_EXPRESSION
  "^\\| rank \\| name \\| score[^\n]*\n[^\n]*\n\\| 1 \\| Shure SE846 \\| 7[56]\\.[0-9]+ \\| 1\\.90 \\| -0\\.32 \\| 1\\.59 \\|\n\\| 2 \\| Etymotic ER2XR \\| 7[23]\\.[0-9]+ \\| 2\\.27 \\|[^\n]*\n\\| 3 \\| Etymotic ER4XR \\| 6[01]\\.[0-9]+ \\| 3\\.16 \\| 0\\.66 \\| 2\\.20 \\|\n\\| 4 \\| Etymotic ER2SR \\| 4[12]\\.[0-9]+ \\| 4\\.41 \\| 1\\.58 \\| 2\\.83 \\|\n$")
add_test(NAME cli.score-ranking-csv COMMAND ${cli} score "${autoeq_dir}/Etymotic ER2SR.csv" "${autoeq_dir}/Shure SE846.csv"
                                            --target harman-ie-2019v2 --format csv)
set_tests_properties(cli.score-ranking-csv PROPERTIES PASS_REGULAR_EXPRESSION
  "^rank,name,score,std_db,slope,mean_db\n1,Shure SE846,7[56]\\.[0-9]+,1\\.90,-0\\.32,1\\.59\n2,Etymotic ER2SR,4[12]\\.[0-9]+,4\\.41,1\\.58,2\\.83\n$")

# --- formats: the output's extension decides its format everywhere (io::output_format); no FR written as impedance
iemlab_cli_error(convert-fr-to-zma "--to zma" ${h_out}/fr.zma convert ${h_out}/khz.csv -o ${h_out}/fr.zma)
add_test(NAME cli.convert-fr-to-zma-explicit COMMAND ${cli} convert ${h_out}/khz.csv -o ${h_out}/fr-explicit.zma --to zma)
file(WRITE ${h_out}/a.csv "frequency,spl_db\n100,1\n1000,2\n10000,3\n")
file(WRITE ${h_out}/b.csv "frequency,spl_db\n100,3\n1000,2\n10000,1\n")
add_test(NAME cli.average-txt COMMAND ${cli} average ${h_out}/a.csv ${h_out}/b.csv --normalize none --mode db -o ${h_out}/avg.txt)
add_test(NAME cli.average-txt-content COMMAND ${CMAKE_COMMAND} -E cat ${h_out}/avg.txt)
set_tests_properties(cli.average-txt-content PROPERTIES DEPENDS cli.average-txt PASS_REGULAR_EXPRESSION
                     "^\\* Measurement data exported by iemlab[^\n]*\n.*\\* Freq\\(Hz\\)\tSPL\\(dB\\)\n100\\.000000\t2\\.000\n")
if(TARGET iemlab::sndfile)
  add_test(NAME cli.deconvolve-fr-squig
           COMMAND ${cli} deconvolve --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep.wav --fr-out "${h_out}/loop L.txt")
  set_tests_properties(cli.deconvolve-fr-squig PROPERTIES FIXTURES_REQUIRED measure_sweep)
  add_test(NAME cli.deconvolve-fr-squig-content COMMAND ${CMAKE_COMMAND} -E cat "${h_out}/loop L.txt")
  set_tests_properties(cli.deconvolve-fr-squig-content PROPERTIES DEPENDS cli.deconvolve-fr-squig
                       PASS_REGULAR_EXPRESSION "\\* Freq\\(Hz\\)\tSPL\\(dB\\)[^\n]*\n20\\.000000\t[-0-9.]+\t[-0-9.]+\n20\\.290907\t")
endif()

# --- REW export: nothing invented (no REW target level, no empty date), the smoothing applied is stated;
# --fraction takes a decimal fraction of an octave (0.1667 = 1/6).
add_test(NAME cli.smooth-decimal-fraction COMMAND ${cli} smooth ${h_out}/a.csv -o ${h_out}/smoothed.txt --fraction 0.1667)
add_test(NAME cli.rew-header-honest COMMAND ${CMAKE_COMMAND} -E cat ${h_out}/smoothed.txt)
set_tests_properties(cli.rew-header-honest PROPERTIES DEPENDS cli.smooth-decimal-fraction
                     PASS_REGULAR_EXPRESSION "\\* Smoothing: 1/6 octave\n" FAIL_REGULAR_EXPRESSION "Target level|Dated:")

# --- messages: a misspelt command names the nearest one
iemlab_cli_error(misspelt-command "did you mean smooth?" - smoth in.csv -o out.csv)
iemlab_cli_error(misspelt-command-after-quiet "did you mean score?" - -q scroe x.csv)

# --- sweeps: --duration 2000 (meant as ms) refused, --rate 48k, .flac picks pcm24, lead-in and tail silence
if(TARGET iemlab::sndfile)
  iemlab_cli_error(sweep-duration-ms "2000ms" ${h_out}/long.wav sweep --duration 2000 -o ${h_out}/long.wav)
  add_test(NAME cli.sweep-rate-k COMMAND ${cli} sweep --rate 48k --duration 0.5 --f1 20 -o ${h_out}/k.wav)
  set_tests_properties(cli.sweep-rate-k PROPERTIES PASS_REGULAR_EXPRESSION "samples at 48000 Hz")
  add_test(NAME cli.sweep-flac-pcm24 COMMAND ${cli} sweep --duration 0.5 --f1 20 -o ${h_out}/s.flac)
  set_tests_properties(cli.sweep-flac-pcm24 PROPERTIES PASS_REGULAR_EXPRESSION "^wrote ")
  add_test(NAME cli.sweep-lead-in-tail
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/sweep_silence.sh ${cli} ${h_out}/silence)
  set_tests_properties(cli.sweep-lead-in-tail PROPERTIES PASS_REGULAR_EXPRESSION "^ok: [^\n]*\nok: padded loopback" FAIL_REGULAR_EXPRESSION "FAIL" SKIP_RETURN_CODE 77)
endif()

# --- output folders: measure's manifest; a re-run removes only its own earlier files. measure's CSVs print
# frequencies with 3 decimals (20.291, not 20.290907152...).
if(TARGET iemlab::sndfile)
  add_test(NAME cli.measure-rerun-manifest COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/measure_rerun.sh ${cli} ${out}/measure-sweep-1s.wav ${h_out}/rerun)
  set_tests_properties(cli.measure-rerun-manifest PROPERTIES FIXTURES_REQUIRED measure_sweep PASS_REGULAR_EXPRESSION "^ok: ")
  add_test(NAME cli.measure-csv-digits COMMAND ${CMAKE_COMMAND} -E cat ${loop}/measurement.csv)
  set_tests_properties(cli.measure-csv-digits PROPERTIES FIXTURES_REQUIRED chain_loop
                       PASS_REGULAR_EXPRESSION "^frequency,[^\n]*\n20\\.000,[^\n]*\n20\\.291,")
endif()

# --- the report: THD title with the real orders and one curve per harmonic, honest level caption of an
# uncalibrated rig, the file list as links (cli.chain-default-loopback's report)
if(TARGET iemlab::sndfile)
  add_test(NAME cli.report-habits COMMAND ${CMAKE_COMMAND} -E cat ${loop}/report.html)
  set_tests_properties(cli.report-habits PROPERTIES FIXTURES_REQUIRED chain_loop
    PASS_REGULAR_EXPRESSION "relative levels \\(rig not calibrated\\).*THD \\(THD_F, orders 2…[0-9]\\).*left H2.*left H3.*<a href=\"measurement.csv\">measurement.csv</a>, <a href=\"measurement%20insertions.csv\">"
    FAIL_REGULAR_EXPRESSION "orders 2…K|normalised to 85 dB re FS")
endif()

# --- plot: squig-style comparison (normalise at a frequency or band mean; target aligned by least squares),
# one curve per harmonic of a THD table
file(WRITE ${h_out}/up.csv "frequency,spl_db\n20,70\n500,80\n1000,80\n3000,80\n20000,60\n")
add_test(NAME cli.plot-normalize COMMAND ${cli} plot ${h_out}/up.csv --normalize 500Hz --level 60 --target flat --title n -o ${h_out}/norm.svg)
iemlab_cli_error(plot-normalize-bad "--normalize" ${h_out}/nb.svg plot ${h_out}/up.csv --normalize mean:3kHz-300Hz -o ${h_out}/nb.svg)
file(WRITE ${h_out}/thd-orders.csv "frequency,h2_db,h3_db,thd_percent\n20,-40,-50,1.04\n200,-50,-60,0.32\n2000,-60,,0.1\n")
add_test(NAME cli.plot-thd-harmonics COMMAND ${cli} plot ${h_out}/thd-orders.csv --kind thd -o ${h_out}/thd-orders.svg)
add_test(NAME cli.plot-thd-harmonics-content COMMAND ${CMAKE_COMMAND} -E cat ${h_out}/thd-orders.svg)
set_tests_properties(cli.plot-thd-harmonics-content PROPERTIES DEPENDS cli.plot-thd-harmonics
                     PASS_REGULAR_EXPRESSION "thd-orders h2 \\(%\\).*thd-orders h3 \\(%\\)")

# --- batch convert and smooth: several inputs into a directory, <stem> plus the format's ending
add_test(NAME cli.convert-batch COMMAND ${cli} convert ${h_out}/a.csv ${h_out}/b.csv -o ${h_out}/batch --to rew)
add_test(NAME cli.convert-batch-content COMMAND ${CMAKE_COMMAND} -E cat ${h_out}/batch/a.txt ${h_out}/batch/b.txt)
set_tests_properties(cli.convert-batch-content PROPERTIES DEPENDS cli.convert-batch
                     PASS_REGULAR_EXPRESSION "\\* Measurement: a\n.*100\\.000000\t1\\.000\n.*\\* Measurement: b\n.*100\\.000000\t3\\.000\n")
add_test(NAME cli.smooth-batch COMMAND ${cli} smooth ${h_out}/a.csv ${h_out}/b.csv -o ${h_out}/smooth-batch --to csv --fraction 1/3)
add_test(NAME cli.smooth-batch-content COMMAND ${CMAKE_COMMAND} -E cat ${h_out}/smooth-batch/a.csv ${h_out}/smooth-batch/b.csv)
set_tests_properties(cli.smooth-batch-content PROPERTIES DEPENDS cli.smooth-batch
                     PASS_REGULAR_EXPRESSION "^frequency,spl_db\n100,[^\n]*\n1000,[^\n]*\n10000,[^\n]*\nfrequency,spl_db\n100,")
iemlab_cli_error(convert-batch-needs-to "--to" - convert ${h_out}/a.csv ${h_out}/b.csv -o ${h_out}/batch2)
iemlab_cli_error(convert-batch-same-stem "would both be written" - convert ${h_out}/a.csv ${h_out}/batch/a.txt -o ${h_out}/batch3 --to csv)

# --- impedance from the CLI: the sense-resistor measurement and the BA fit printed as a ba: spec
add_test(NAME cli.impedance-and-fit-ba COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/impedance_cli.sh ${cli} ${h_out}/impedance)
set_tests_properties(cli.impedance-and-fit-ba PROPERTIES PASS_REGULAR_EXPRESSION "^(fitted: [^\n]*\n)?ok: " FAIL_REGULAR_EXPRESSION "FAIL")
iemlab_cli_error(fit-ba-missing "no-such.zma" - fit-ba ${h_out}/no-such.zma)

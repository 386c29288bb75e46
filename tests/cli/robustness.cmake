# CLI robustness (issue 9): values that are not finite or overflow, damaged and binary input, impossible output
# paths. Each must end with exit code 2, one "iemlab: error:" line naming the option or file, and no output
# file (not even a .partial). Files the fuzzers found unreadable-after-writing must now convert both ways.
set(rb_out ${out}/robustness)
file(MAKE_DIRECTORY ${rb_out})
set(rb_er4 "${shared_data}/autoeq/Etymotic ER4SR.csv")
set(rb_regressions ${PROJECT_SOURCE_DIR}/tests/data/fuzz-regressions)

# Quantities: NaN, infinity, overflow after the unit's scale, below absolute zero.
iemlab_cli_error(rb-sweep-nan-f1 "--f1" ${rb_out}/nan.wav sweep -o ${rb_out}/nan.wav --f1 nan)
iemlab_cli_error(rb-sweep-inf-f2 "--f2" ${rb_out}/inf.wav sweep -o ${rb_out}/inf.wav --f2 inf)
iemlab_cli_error(rb-sweep-overflow-rate "--rate" ${rb_out}/ovf.wav sweep -o ${rb_out}/ovf.wav --rate 1e308kHz)
iemlab_cli_error(rb-sweep-level-above-full-scale "--level" ${rb_out}/lvl.wav sweep -o ${rb_out}/lvl.wav --level 6dBFS)
iemlab_cli_error(rb-sweep-endless "duration" ${rb_out}/long.wav sweep -o ${rb_out}/long.wav --duration 1e9)
iemlab_cli_error(rb-sweep-bad-extension "mp3" ${rb_out}/s.mp3 sweep -o ${rb_out}/s.mp3)
iemlab_cli_error(rb-grid-nan-f-min "--f-min" ${rb_out}/g1.csv grid --f-min nan -o ${rb_out}/g1.csv)
iemlab_cli_error(rb-air-zero-kelvin "--temperature" - air --temperature 0K)
iemlab_cli_error(rb-simulate-nan-depth "--insertion-depth" ${rb_out}/c1.csv
                 simulate canal --insertion-depth nan -o ${rb_out}/c1.csv)
iemlab_cli_error(rb-simulate-inf-f-max "--f-max" ${rb_out}/c2.csv simulate coupler --f-max inf -o ${rb_out}/c2.csv)
iemlab_cli_error(rb-smooth-nan-fraction "--fraction" ${rb_out}/s1.csv smooth ${rb_er4} -o ${rb_out}/s1.csv --fraction 1/nan)

# Damaged or wrong input: a directory, binary audio where a response is expected, a non-finite value.
iemlab_cli_error(rb-convert-directory "directory" ${rb_out}/d.csv convert ${rb_out} -o ${rb_out}/d.csv)
iemlab_cli_error(rb-convert-audio-as-response "NUL" ${rb_out}/w.csv
                 convert ${PROJECT_SOURCE_DIR}/fuzz/seeds/wav/pcm16_mono.wav -o ${rb_out}/w.csv)
file(WRITE ${rb_out}/inf-level.csv "frequency,spl_db\n20,90\n30,inf\n")
iemlab_cli_error(rb-convert-infinite-level "inf-level.csv:3:" ${rb_out}/inf-out.txt
                 convert ${rb_out}/inf-level.csv -o ${rb_out}/inf-out.txt)
iemlab_cli_error(rb-score-nan-target "nan-target.csv" -
                 score ${rb_er4} --target ${rb_out}/nan-target.csv)
file(WRITE ${rb_out}/nan-target.csv "frequency,raw\n20,0\n30,nan\n")

# Audio: a damaged FLAC header claiming 1.7e10 frames (fuzz finding: the reader allocated 68 GB), a non-finite
# gate, a recording that is a text file.
set(rb_sweep ${shared_data}/sweeps/sweep.wav)
iemlab_cli_error(rb-deconvolve-damaged-header "header_claims_17e9_samples" ${rb_out}/dfr1.csv
                 deconvolve --sweep ${rb_sweep} --recording ${rb_regressions}/wav/header_claims_17e9_samples
                 --fr-out ${rb_out}/dfr1.csv)
iemlab_cli_error(rb-deconvolve-nan-window "--window-right" ${rb_out}/dfr2.csv
                 deconvolve --sweep ${rb_sweep} --recording ${rb_sweep} --window-right nan --fr-out ${rb_out}/dfr2.csv)
iemlab_cli_error(rb-deconvolve-text-recording "inf-level.csv" ${rb_out}/dfr3.csv
                 deconvolve --sweep ${rb_sweep} --recording ${rb_out}/inf-level.csv --fr-out ${rb_out}/dfr3.csv)

# Output that cannot be written: a directory as the output file.
iemlab_cli_error(rb-convert-output-is-directory "robustness" - convert ${rb_er4} -o ${rb_out})

# Fuzz findings (fixed): frequencies that needed > 64 characters, or more than 12 decimals, were written in a
# form the readers rejected. Both now convert to every text format and back.
foreach(case IN ITEMS "zma/huge_frequency_written_beyond_64_chars|zma" "rew/frequencies_closer_than_12_decimals|rew")
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 file)
  list(GET parts 1 from)
  get_filename_component(stem ${file} NAME)
  foreach(to rew frd zma csv)
    add_test(NAME cli.rb-roundtrip-${stem}-${to}-write
             COMMAND ${cli} convert ${rb_regressions}/${file} --from ${from} --to ${to} -o ${rb_out}/${stem}.${to})
    add_test(NAME cli.rb-roundtrip-${stem}-${to}-read
             COMMAND ${cli} convert ${rb_out}/${stem}.${to} --from ${to} -o ${rb_out}/${stem}-${to}-back.csv)
    set_tests_properties(cli.rb-roundtrip-${stem}-${to}-write PROPERTIES FIXTURES_SETUP rb-${stem}-${to})
    set_tests_properties(cli.rb-roundtrip-${stem}-${to}-read PROPERTIES FIXTURES_REQUIRED rb-${stem}-${to})
  endforeach()
endforeach()

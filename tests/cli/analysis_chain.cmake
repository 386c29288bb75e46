# CLI checks of the one analysis chain (issue 15): defaults that give a clean loopback from 20 Hz to 20 kHz,
# smoothing in REW's order, sweeps from other tools, stereo recordings, latency, and the sanity errors.
# Signals made outside iemlab come from analysis_signals.py (Python standard library; python3 from
# scripts/setup-debian.sh); without python3 those checks are skipped visibly (exit 77).
if(NOT TARGET iemlab::sndfile)
  return()
endif()
set(chain_out ${out}/chain)
file(MAKE_DIRECTORY ${chain_out})
set(signals ${CMAKE_CURRENT_SOURCE_DIR}/analysis_signals.py)

# --- out of the box: `iemlab sweep` and `iemlab measure` with every default, a loopback
add_test(NAME cli.chain-default-sweep COMMAND ${cli} sweep -o ${chain_out}/default.wav)
set_tests_properties(cli.chain-default-sweep PROPERTIES FIXTURES_SETUP chain_default
                     PASS_REGULAR_EXPRESSION "synchronized sweep 5–22000 Hz")
add_test(NAME cli.chain-default-loopback
         COMMAND ${cli} measure --sweep ${chain_out}/default.wav --recordings ${chain_out}/default.wav -o ${chain_out}/loop)
set_tests_properties(cli.chain-default-loopback PROPERTIES FIXTURES_REQUIRED chain_default FIXTURES_SETUP chain_loop)
# 20 Hz … 20 kHz at 1/48 octave (479 points, the last at 19.9 kHz), flat within 0.02 dB of the 85 dB normalisation,
# THD below 0.01 % wherever it is reported.
add_test(NAME cli.chain-default-flat
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_csv.sh ${chain_out}/loop/measurement.csv
                 "frequency,left_db,left_min_db,left_max_db,left_std_db,combined_db" 479
                 frequency 20 20000 left_db 84.98 85.02)
add_test(NAME cli.chain-default-thd
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_csv.sh "${chain_out}/loop/measurement thd.csv"
                 "frequency,left_thd_percent" - frequency 20 20000 left_thd_percent 0 0.01)
set_tests_properties(cli.chain-default-flat cli.chain-default-thd PROPERTIES FIXTURES_REQUIRED chain_loop)

# --- signals made outside iemlab
add_test(NAME cli.chain-signals COMMAND ${py} ${signals} make ${chain_out}/sig)
set_tests_properties(cli.chain-signals PROPERTIES FIXTURES_SETUP chain_signals SKIP_RETURN_CODE 77)

# Smoothing on the full-resolution spectrum: a reflection's comb (25 Hz apart) smoothed by deconvolve matches the
# band power of the impulse response's own spectrum.
foreach(n 6 3)
  add_test(NAME cli.chain-smoothing-${n}
           COMMAND ${cli} deconvolve --sweep ${chain_out}/sig/sync.wav --recording ${chain_out}/sig/reflection.wav
                   --sweep-type synchronized --f1 10 --f2 22000 --smoothing 1/${n} --fr-out ${chain_out}/refl-${n}.csv)
  set_tests_properties(cli.chain-smoothing-${n} PROPERTIES FIXTURES_REQUIRED chain_signals FIXTURES_SETUP chain_refl_${n})
  add_test(NAME cli.chain-smoothing-${n}-band-power COMMAND ${py} ${signals} check-band-power ${chain_out}/refl-${n}.csv ${n} 0.1)
  set_tests_properties(cli.chain-smoothing-${n}-band-power PROPERTIES FIXTURES_REQUIRED chain_refl_${n} SKIP_RETURN_CODE 77)
endforeach()

# A Farina sweep without metadata through y = x + 0.1·x² + 0.05·x³ (A = 0.5): HD2 = 20·log10(0.0125/0.5046875)
# = −32.123 dB, HD3 = 20·log10(0.0015625/0.5046875) = −50.182 dB, described by --sweep-type.
add_test(NAME cli.chain-foreign-thd
         COMMAND ${cli} deconvolve --sweep ${chain_out}/sig/farina.wav --recording ${chain_out}/sig/farina_poly.wav
                 --sweep-type exponential --f1 10Hz --f2 7kHz --harmonics 3 --f-max 7kHz --thd-out ${chain_out}/farina-thd.csv)
set_tests_properties(cli.chain-foreign-thd PROPERTIES FIXTURES_REQUIRED chain_signals FIXTURES_SETUP chain_farina)
add_test(NAME cli.chain-foreign-hd2 COMMAND ${py} ${signals} check-near ${chain_out}/farina-thd.csv h2_db -32.123 0.2 50)
add_test(NAME cli.chain-foreign-hd3 COMMAND ${py} ${signals} check-near ${chain_out}/farina-thd.csv h3_db -50.182 0.2 50)
set_tests_properties(cli.chain-foreign-hd2 cli.chain-foreign-hd3 PROPERTIES FIXTURES_REQUIRED chain_farina SKIP_RETURN_CODE 77)
iemlab_cli_error(chain-foreign-needs-type "--sweep-type" ${chain_out}/farina-thd-bad.csv
                 deconvolve --sweep ${chain_out}/sig/farina.wav --recording ${chain_out}/sig/farina_poly.wav
                 --thd-out ${chain_out}/farina-thd-bad.csv)
iemlab_cli_error(chain-foreign-needs-f2 "--f2" ${chain_out}/farina-thd-bad.csv
                 deconvolve --sweep ${chain_out}/sig/farina.wav --recording ${chain_out}/sig/farina_poly.wav
                 --sweep-type exponential --f1 10 --thd-out ${chain_out}/farina-thd-bad.csv)
set_tests_properties(cli.chain-foreign-needs-type cli.chain-foreign-needs-f2 PROPERTIES FIXTURES_REQUIRED chain_signals)

# Stereo: L and R from the two channels of one recording, R = 0.9·L: imbalance 20·log10(1/0.9) = 0.915 dB.
add_test(NAME cli.chain-stereo
         COMMAND ${cli} --quiet measure --sweep ${chain_out}/sig/sync.wav --recordings ${chain_out}/sig/stereo.wav
                 --channel-right 1 --sweep-type synchronized --f1 10 --f2 22000 -o ${chain_out}/stereo)
set_tests_properties(cli.chain-stereo PROPERTIES FIXTURES_REQUIRED chain_signals FIXTURES_SETUP chain_stereo)
add_test(NAME cli.chain-stereo-imbalance COMMAND ${py} ${signals} check-json ${chain_out}/stereo/summary.json mean_db 0.915 0.02)
set_tests_properties(cli.chain-stereo-imbalance PROPERTIES FIXTURES_REQUIRED chain_stereo SKIP_RETURN_CODE 77)
# The right channel as a loopback reference of the left: their ratio is 1/0.9 at every frequency.
add_test(NAME cli.chain-reference
         COMMAND ${cli} measure --sweep ${chain_out}/sig/sync.wav --recordings ${chain_out}/sig/stereo.wav
                 --reference-channel 1 --normalize none --sweep-type synchronized --f1 10 --f2 22000 -o ${chain_out}/ref --quiet)
set_tests_properties(cli.chain-reference PROPERTIES FIXTURES_REQUIRED chain_signals FIXTURES_SETUP chain_ref)
add_test(NAME cli.chain-reference-level
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_csv.sh ${chain_out}/ref/measurement.csv
                 "frequency,left_db,left_min_db,left_max_db,left_std_db,combined_db" - left_db 0.905 0.925)
set_tests_properties(cli.chain-reference-level PROPERTIES FIXTURES_REQUIRED chain_ref)

# --- sanity: each case gives its error or warning
iemlab_cli_error(chain-silent "silence.wav" ${chain_out}/silent-fr.csv
                 deconvolve --sweep ${chain_out}/sig/sync.wav --recording ${chain_out}/sig/silence.wav
                 --fr-out ${chain_out}/silent-fr.csv)
iemlab_cli_error(chain-measure-silent "silence.wav" ${chain_out}/silent/report.html
                 measure --sweep ${chain_out}/sig/sync.wav --recordings ${chain_out}/sig/silence.wav -o ${chain_out}/silent
                 --sweep-type synchronized --f1 10 --f2 22000)
set_tests_properties(cli.chain-silent cli.chain-measure-silent PROPERTIES FIXTURES_REQUIRED chain_signals)
iemlab_cli_error(chain-no-output "--fr-out" -
                 deconvolve --sweep ${chain_out}/default.wav --recording ${chain_out}/default.wav)
set_tests_properties(cli.chain-no-output PROPERTIES FIXTURES_REQUIRED chain_default)
add_test(NAME cli.chain-clipped-sweep COMMAND ${cli} sweep -o ${chain_out}/full.wav --level 0dBFS --f1 20Hz --f2 20kHz --duration 2s)
set_tests_properties(cli.chain-clipped-sweep PROPERTIES FIXTURES_SETUP chain_full)
add_test(NAME cli.chain-clipping-warning
         COMMAND ${cli} deconvolve --sweep ${chain_out}/full.wav --recording ${chain_out}/full.wav --fr-out ${chain_out}/full-fr.csv)
set_tests_properties(cli.chain-clipping-warning PROPERTIES FIXTURES_REQUIRED chain_full
                     PASS_REGULAR_EXPRESSION "warning: .*full\\.wav: recording clipped: [0-9]+ samples")
add_test(NAME cli.chain-quiet-after COMMAND ${cli} sweep -o ${chain_out}/quiet.wav --duration 2s --quiet)
add_test(NAME cli.chain-dbfs-unit
         COMMAND ${cli} measure --sweep ${chain_out}/default.wav --recordings ${chain_out}/default.wav
                 --calibration-94db=-20dBFS -o ${chain_out}/dbfs)
set_tests_properties(cli.chain-dbfs-unit PROPERTIES FIXTURES_REQUIRED chain_default PASS_REGULAR_EXPRESSION "report\\.html")
add_test(NAME cli.chain-level-unit
         COMMAND ${cli} measure --sweep ${chain_out}/default.wav --recordings ${chain_out}/default.wav --level 80dB
                 -o ${chain_out}/leveldb)
set_tests_properties(cli.chain-level-unit PROPERTIES FIXTURES_REQUIRED chain_default PASS_REGULAR_EXPRESSION "report\\.html")
# Asking for more than the sweep covers: a warning, and the band clamped to the full-energy band.
add_test(NAME cli.chain-band-clamped
         COMMAND ${cli} deconvolve --sweep ${chain_out}/full.wav --recording ${chain_out}/full.wav --f-min 10Hz
                 --fr-out ${chain_out}/clamped-fr.csv)
set_tests_properties(cli.chain-band-clamped PROPERTIES FIXTURES_REQUIRED chain_full
                     PASS_REGULAR_EXPRESSION "warning: the analysis band 10 … 20000 Hz reaches beyond")
# A recording of another sweep (a linear sweep where the exponential one was expected) is not a response to it.
add_test(NAME cli.chain-wrong-sweep-setup COMMAND ${cli} sweep -o ${chain_out}/linear.wav --type linear --f1 20Hz --f2 20kHz --duration 2s)
set_tests_properties(cli.chain-wrong-sweep-setup PROPERTIES FIXTURES_SETUP chain_linear)
iemlab_cli_error(chain-wrong-sweep "does not contain the sweep" ${chain_out}/wrong-fr.csv
                 deconvolve --sweep ${chain_out}/sig/farina.wav --recording ${chain_out}/linear.wav --fr-out ${chain_out}/wrong-fr.csv)
set_tests_properties(cli.chain-wrong-sweep PROPERTIES FIXTURES_REQUIRED "chain_signals;chain_linear")

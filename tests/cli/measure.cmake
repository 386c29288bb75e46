# CLI checks for `iemlab sweep` and `iemlab deconvolve` (docs/cli.md): options, errors, files, and a round trip.
set(check_csv ${CMAKE_CURRENT_SOURCE_DIR}/check_csv_max_abs.sh)
if(NOT TARGET iemlab::sndfile)
  return() # both commands need the libsndfile adapter
endif()

# --- sweep: bad input names the option and leaves no file
iemlab_cli_error(sweep-bad-duration "--duration" ${out}/sweep-bad.wav sweep --duration banana -o ${out}/sweep-bad.wav)
iemlab_cli_error(sweep-f2-nyquist "--f2" ${out}/sweep-bad.wav sweep --f2 24kHz --rate 48000 -o ${out}/sweep-bad.wav)
iemlab_cli_error(sweep-f1-zero "--f1" ${out}/sweep-bad.wav sweep --f1 0Hz -o ${out}/sweep-bad.wav)
iemlab_cli_error(sweep-f1-above-f2 "--f2" ${out}/sweep-bad.wav sweep --f1 5kHz --f2 1kHz -o ${out}/sweep-bad.wav)
iemlab_cli_error(sweep-too-short "--duration" ${out}/sweep-bad.wav sweep --duration 100ms -o ${out}/sweep-bad.wav)
iemlab_cli_error(sweep-level "--level" ${out}/sweep-bad.wav sweep --level 3dBFS -o ${out}/sweep-bad.wav)
iemlab_cli_error(sweep-type "--type" ${out}/sweep-bad.wav sweep --type pink -o ${out}/sweep-bad.wav)
iemlab_cli_error(sweep-unwritable "sweep.wav" - sweep -o /nonexistent-dir/sweep.wav)

# --- fixtures: a 2 s synchronized sweep, a 1 s one, and one at another rate
add_test(NAME cli.sweep COMMAND ${cli} sweep -o ${out}/measure-sweep.wav --duration 2s --level -3dBFS --f1 20Hz --f2 20kHz)
set_tests_properties(cli.sweep PROPERTIES FIXTURES_SETUP measure_sweep
                     PASS_REGULAR_EXPRESSION "synchronized sweep 20–20000 Hz, T = 2.0723")
add_test(NAME cli.sweep-short COMMAND ${cli} sweep -o ${out}/measure-sweep-1s.wav --duration 1s --f1 20Hz --f2 20kHz)
set_tests_properties(cli.sweep-short PROPERTIES FIXTURES_SETUP measure_sweep)
add_test(NAME cli.sweep-44k COMMAND ${cli} sweep -o ${out}/measure-sweep-44k.flac --rate 44100 --format pcm24
                                     --type exponential --channels 2)
set_tests_properties(cli.sweep-44k PROPERTIES FIXTURES_SETUP measure_sweep)

# --- round trip: the sweep deconvolved by itself is flat 0 dB with zero phase, and shows no distortion
add_test(NAME cli.deconvolve-round-trip
         COMMAND ${cli} deconvolve --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep.wav
                 --fr-out ${out}/measure-fr.csv --thd-out ${out}/measure-thd.csv --ir-out ${out}/measure-ir.wav)
set_tests_properties(cli.deconvolve-round-trip PROPERTIES FIXTURES_REQUIRED measure_sweep
                     FIXTURES_SETUP measure_round_trip PASS_REGULAR_EXPRESSION "method=synchronized")
add_test(NAME cli.deconvolve-fr-flat
         COMMAND ${check_csv} ${out}/measure-fr.csv "frequency,spl_db,phase_deg" 2 0.01 300)
add_test(NAME cli.deconvolve-fr-zero-phase
         COMMAND ${check_csv} ${out}/measure-fr.csv "frequency,spl_db,phase_deg" 3 0.5 300)
# A linear system shows no distortion: the separation floor of a 2 s sweep from 20 Hz is 0.2–0.5 % of false THD
# near f1 (the inverse's band edge rings into the harmonic gates), 0.01 % at 60 Hz, below 0.001 % above 150 Hz.
add_test(NAME cli.deconvolve-thd-columns
         COMMAND ${check_csv} ${out}/measure-thd.csv "frequency,h2_db,h3_db,h4_db,h5_db,thd_percent" 6 0.5 100)
add_test(NAME cli.deconvolve-thd-floor
         COMMAND ${check_csv} ${out}/measure-thd.csv "frequency,h2_db,h3_db,h4_db,h5_db,thd_percent" 6 0.001 100 150)
set_tests_properties(cli.deconvolve-fr-flat cli.deconvolve-fr-zero-phase cli.deconvolve-thd-columns cli.deconvolve-thd-floor
                     PROPERTIES FIXTURES_REQUIRED measure_round_trip)
foreach(method farina kirkeby)
  add_test(NAME cli.deconvolve-round-trip-${method}
           COMMAND ${cli} deconvolve --method ${method} --sweep ${out}/measure-sweep.wav
                   --recording ${out}/measure-sweep.wav --fr-out ${out}/measure-fr-${method}.csv)
  set_tests_properties(cli.deconvolve-round-trip-${method} PROPERTIES FIXTURES_REQUIRED measure_sweep
                       FIXTURES_SETUP measure_round_trip_${method})
  add_test(NAME cli.deconvolve-fr-flat-${method}
           COMMAND ${check_csv} ${out}/measure-fr-${method}.csv "frequency,spl_db,phase_deg" 2 0.01 300)
  set_tests_properties(cli.deconvolve-fr-flat-${method} PROPERTIES FIXTURES_REQUIRED measure_round_trip_${method})
endforeach()

# Circular padding (half the FFT work): the same flat round trip and distortion floor, when the orders that carry
# energy are bounded (--highest-order); without that bound it is refused.
add_test(NAME cli.deconvolve-round-trip-circular
         COMMAND ${cli} deconvolve --padding circular --highest-order 10 --sweep ${out}/measure-sweep.wav
                 --recording ${out}/measure-sweep.wav --fr-out ${out}/measure-fr-circular.csv
                 --thd-out ${out}/measure-thd-circular.csv)
set_tests_properties(cli.deconvolve-round-trip-circular PROPERTIES FIXTURES_REQUIRED measure_sweep
                     FIXTURES_SETUP measure_round_trip_circular)
add_test(NAME cli.deconvolve-fr-flat-circular
         COMMAND ${check_csv} ${out}/measure-fr-circular.csv "frequency,spl_db,phase_deg" 2 0.01 300)
add_test(NAME cli.deconvolve-thd-floor-circular
         COMMAND ${check_csv} ${out}/measure-thd-circular.csv "frequency,h2_db,h3_db,h4_db,h5_db,thd_percent" 6 0.001 100 150)
set_tests_properties(cli.deconvolve-fr-flat-circular cli.deconvolve-thd-floor-circular
                     PROPERTIES FIXTURES_REQUIRED measure_round_trip_circular)
iemlab_cli_error(deconvolve-circular-needs-order "--highest-order" ${out}/measure-fr-circ-bad.csv
                 deconvolve --padding circular --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep.wav
                 --fr-out ${out}/measure-fr-circ-bad.csv)
iemlab_cli_error(deconvolve-highest-order-low "--highest-order" ${out}/measure-fr-circ-bad.csv
                 deconvolve --highest-order 3 --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep.wav
                 --fr-out ${out}/measure-fr-circ-bad.csv)
iemlab_cli_error(deconvolve-padding-name "--padding" ${out}/measure-fr-circ-bad.csv
                 deconvolve --padding wrap --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep.wav
                 --fr-out ${out}/measure-fr-circ-bad.csv)
set_tests_properties(cli.deconvolve-circular-needs-order cli.deconvolve-highest-order-low cli.deconvolve-padding-name
                     PROPERTIES FIXTURES_REQUIRED measure_sweep)

# --- third-party data: a sweep file without metadata → regularised inversion; THD needs sweep parameters
add_test(NAME cli.deconvolve-studio
         COMMAND ${cli} deconvolve --sweep ${shared_data}/sweeps/sweep.wav
                 --recording ${shared_data}/sweeps/studio_sweep.wav --channel 1 --smoothing 1/3
                 --fr-out ${out}/studio-fr.csv)
set_tests_properties(cli.deconvolve-studio PROPERTIES PASS_REGULAR_EXPRESSION "method=kirkeby")
iemlab_cli_error(deconvolve-thd-needs-metadata "--thd-out" ${out}/studio-thd.csv
                 deconvolve --sweep ${shared_data}/sweeps/sweep.wav --recording ${shared_data}/sweeps/studio_sweep.wav
                 --thd-out ${out}/studio-thd.csv)
iemlab_cli_error(deconvolve-sync-needs-metadata "--method" ${out}/studio-fr2.csv
                 deconvolve --method synchronized --sweep ${shared_data}/sweeps/sweep.wav
                 --recording ${shared_data}/sweeps/studio_sweep.wav --fr-out ${out}/studio-fr2.csv)

# --- bad input: each names what is wrong, leaves no file
iemlab_cli_error(deconvolve-shorter "shorter than the sweep" ${out}/bad-fr.csv
                 deconvolve --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep-1s.wav
                 --fr-out ${out}/bad-fr.csv)
iemlab_cli_error(deconvolve-rate-mismatch "sample rate" ${out}/bad-fr.csv
                 deconvolve --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep-44k.flac
                 --fr-out ${out}/bad-fr.csv)
iemlab_cli_error(deconvolve-unreadable "/nonexistent/r.wav" ${out}/bad-fr.csv
                 deconvolve --sweep ${out}/measure-sweep.wav --recording /nonexistent/r.wav --fr-out ${out}/bad-fr.csv)
file(WRITE ${out}/notes.wav "# Not audio\nA text file with a .wav name.\n")
iemlab_cli_error(deconvolve-not-audio "notes.wav" ${out}/bad-fr.csv
                 deconvolve --sweep ${out}/measure-sweep.wav --recording ${out}/notes.wav --fr-out ${out}/bad-fr.csv)
iemlab_cli_error(deconvolve-channel "--channel" ${out}/bad-fr.csv
                 deconvolve --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep.wav --channel 3
                 --fr-out ${out}/bad-fr.csv)
iemlab_cli_error(deconvolve-harmonics "--harmonics" ${out}/bad-thd.csv
                 deconvolve --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep.wav --harmonics 12
                 --thd-out ${out}/bad-thd.csv)
iemlab_cli_error(deconvolve-smoothing "--smoothing" ${out}/bad-fr.csv
                 deconvolve --sweep ${out}/measure-sweep.wav --recording ${out}/measure-sweep.wav --smoothing 1/0
                 --fr-out ${out}/bad-fr.csv)
set_tests_properties(cli.deconvolve-shorter cli.deconvolve-rate-mismatch cli.deconvolve-unreadable
                     cli.deconvolve-not-audio cli.deconvolve-channel cli.deconvolve-harmonics cli.deconvolve-smoothing
                     PROPERTIES FIXTURES_REQUIRED measure_sweep)

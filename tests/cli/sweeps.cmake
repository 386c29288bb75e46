# `iemlab simulate` sweeps, canal shapes, leaks on every load and source networks (issue 18, items 3–5): a swept
# column equals the single run, two ways to write a shape agree, and closed forms for the source parts.
set(sw_out ${out}/sweeps)
file(MAKE_DIRECTORY ${sw_out})
set(sw_checks ${CMAKE_CURRENT_SOURCE_DIR}/sweep_checks.py)
set(two_way ${PROJECT_SOURCE_DIR}/examples/impedance_tilt/two_way_ba.json)
set(grid --f-min 100Hz --f-max 10kHz --ppo 6)

# A depth sweep: one column per depth, named by the depth as the range's step writes it; the 10 mm column is the
# single 10 mm run, digit for digit.
add_test(NAME cli.sweep-canal-depths COMMAND ${cli} simulate canal ${grid} --insertion-depth 5mm:15mm:5mm -o ${sw_out}/depths.csv)
add_test(NAME cli.sweep-canal-single COMMAND ${cli} simulate canal ${grid} --insertion-depth 10mm -o ${sw_out}/depth10.csv)
set_tests_properties(cli.sweep-canal-depths cli.sweep-canal-single PROPERTIES FIXTURES_SETUP sweep_canal)
add_test(NAME cli.sweep-canal-header COMMAND ${py} ${sw_checks} header ${sw_out}/depths.csv
         "frequency,eardrum_spl_db@depth=5mm,eardrum_spl_db@depth=10mm,eardrum_spl_db@depth=15mm")
add_test(NAME cli.sweep-canal-column COMMAND ${py} ${sw_checks} same ${sw_out}/depths.csv eardrum_spl_db@depth=10mm
         ${sw_out}/depth10.csv eardrum_spl_db 0)
set_tests_properties(cli.sweep-canal-header cli.sweep-canal-column PROPERTIES FIXTURES_REQUIRED sweep_canal)

# Canal shapes: a two-row area-function file of a cylinder is the default cylinder, and a cone written from the
# drum as diameters is --drum-diameter (two ways to the same geometry; the cone's physics is a unit test against
# the frustum's closed-form resonance).
file(WRITE ${sw_out}/cylinder.csv "position_mm,area_mm2\n0,44.17864669\n25,44.17864669\n") # π·3.75² mm²
file(WRITE ${sw_out}/cone.csv "# from the drum\ndrum_distance_mm,diameter_mm\n0,6\n25,8\n")
add_test(NAME cli.shape-cylinder-file COMMAND ${cli} simulate canal ${grid} --area-function ${sw_out}/cylinder.csv -o ${sw_out}/cyl-file.csv)
add_test(NAME cli.shape-cylinder COMMAND ${cli} simulate canal ${grid} -o ${sw_out}/cyl.csv)
add_test(NAME cli.shape-cone-file COMMAND ${cli} simulate open-ear ${grid} --area-function ${sw_out}/cone.csv -o ${sw_out}/cone-file.csv)
add_test(NAME cli.shape-cone COMMAND ${cli} simulate open-ear ${grid} --canal-diameter 8mm --drum-diameter 6mm -o ${sw_out}/cone-options.csv)
set_tests_properties(cli.shape-cylinder-file cli.shape-cylinder cli.shape-cone-file cli.shape-cone PROPERTIES FIXTURES_SETUP shapes)
add_test(NAME cli.shape-cylinder-same COMMAND ${py} ${sw_checks} same ${sw_out}/cyl-file.csv eardrum_spl_db ${sw_out}/cyl.csv eardrum_spl_db 1e-5)
add_test(NAME cli.shape-cone-same COMMAND ${py} ${sw_checks} same ${sw_out}/cone-file.csv gain_db ${sw_out}/cone-options.csv gain_db 1e-6)
set_tests_properties(cli.shape-cylinder-same cli.shape-cone-same PROPERTIES FIXTURES_REQUIRED shapes)

# A source-impedance sweep of an IEM on the coupler, scored against a built-in target: the 75 Ω tilt column is the
# single 75 Ω run, and the score table has one row per value, parameter first.
add_test(NAME cli.sweep-iem-sources COMMAND ${cli} simulate iem --config ${two_way} --load coupler --source-impedance 0:100ohm:25ohm
         --target harman-ie-2019v2 --score-output ${sw_out}/scores.csv -o ${sw_out}/sources.csv)
add_test(NAME cli.sweep-iem-75 COMMAND ${cli} simulate iem --config ${two_way} --load coupler --source-impedance 75ohm -o ${sw_out}/s75.csv)
set_tests_properties(cli.sweep-iem-sources cli.sweep-iem-75 PROPERTIES FIXTURES_SETUP sweep_iem)
add_test(NAME cli.sweep-iem-column COMMAND ${py} ${sw_checks} same ${sw_out}/sources.csv tilt_db@source=75ohm ${sw_out}/s75.csv tilt_db 0)
add_test(NAME cli.sweep-iem-scores COMMAND ${py} ${sw_checks} rows ${sw_out}/scores.csv 5)
set_tests_properties(cli.sweep-iem-column cli.sweep-iem-scores PROPERTIES FIXTURES_REQUIRED sweep_iem)
# The command of docs/ear-models.md: 4 depths × 2 sources, 8 score rows.
add_test(NAME cli.sweep-guide-command COMMAND ${cli} simulate iem --config ${two_way} --load canal --insertion-depth 4mm:16mm:4mm
         --source-impedance 0,10ohm --target harman-ie-2019v2 --score-output ${sw_out}/guide-scores.csv -o ${sw_out}/guide.csv)
set_tests_properties(cli.sweep-guide-command PROPERTIES FIXTURES_SETUP sweep_guide)
add_test(NAME cli.sweep-guide-scores COMMAND ${py} ${sw_checks} rows ${sw_out}/guide-scores.csv 8)
set_tests_properties(cli.sweep-guide-scores PROPERTIES FIXTURES_REQUIRED sweep_guide)
# Without --score-output the scores are a markdown table on standard output (the responses go to -o).
add_test(NAME cli.sweep-iem-depth-score COMMAND ${cli} simulate iem --config ${two_way} --load canal --insertion-depth 4mm,12mm
         --target harman-ie-2019v2 -o ${sw_out}/depth-score.csv)
set_tests_properties(cli.sweep-iem-depth-score PROPERTIES PASS_REGULAR_EXPRESSION
  "\\| insertion depth \\(mm\\) \\| score \\|[^\n]*\n[^\n]*\n\\| 4 \\| -?[0-9]+\\.[0-9][0-9] \\|[^\n]*\n\\| 12 \\|")

# A series coupling capacitor into a resistive earphone (ba: with a negligible K): first-order high-pass, −3.01 dB
# at f = 1/(2π·16 Ω·220 µF) = 45.21 Hz (closed form).
add_test(NAME cli.source-series-capacitor COMMAND ${cli} simulate driver --driver ba:re=16,k=1e-15,n=1
         --source-series-capacitance 220uF --f-min 45.2154Hz --f-max 45.2154Hz)
set_tests_properties(cli.source-series-capacitor PROPERTIES PASS_REGULAR_EXPRESSION "\n45\\.2154,16,[-0-9.e]+,-3\\.010")
# A measured source file of a flat 75 Ω gives the tilt of --source-impedance 75ohm.
file(WRITE ${sw_out}/amp75.zma "* flat 75 ohm source\n20 75 0\n20000 75 0\n")
add_test(NAME cli.source-file COMMAND ${cli} simulate iem --config ${two_way} ${grid} --source-impedance ${sw_out}/amp75.zma -o ${sw_out}/file75.csv)
add_test(NAME cli.source-file-75 COMMAND ${cli} simulate iem --config ${two_way} ${grid} --source-impedance 75ohm -o ${sw_out}/plain75.csv)
set_tests_properties(cli.source-file cli.source-file-75 PROPERTIES FIXTURES_SETUP source_file)
add_test(NAME cli.source-file-same COMMAND ${py} ${sw_checks} same ${sw_out}/file75.csv tilt_db ${sw_out}/plain75.csv tilt_db 1e-6)
set_tests_properties(cli.source-file-same PROPERTIES FIXTURES_REQUIRED source_file)
# An IEM.json source network of parts (docs/iem-config.md): the tilt is the closed-form divider of that network.
file(WRITE ${sw_out}/net.json "{\"source_impedance\": {\"resistance\": \"10ohm\", \"inductance\": \"5uH\", \"series_capacitance\": \"100uF\", \"parallel_resistance\": \"100ohm\", \"parallel_capacitance\": \"220nF\"}, \"drivers\": [{\"driver\": \"knowles:ED-30262\"}]}")
add_test(NAME cli.source-config-network COMMAND ${cli} simulate iem --config ${sw_out}/net.json --f-min 20Hz --f-max 20kHz --ppo 1
         -o ${sw_out}/net.csv)
set_tests_properties(cli.source-config-network PROPERTIES FIXTURES_SETUP source_network)
add_test(NAME cli.source-config-network-tilt COMMAND ${py} ${sw_checks} tilt ${sw_out}/net.csv 10 5e-6 100e-6 100 220e-9)
set_tests_properties(cli.source-config-network-tilt PROPERTIES FIXTURES_REQUIRED source_network)

# A leak on the coupler load costs bass: more than 3 dB at 50, 71 and 100 Hz through a 1 mm vent.
set(bass --f-min 50Hz --f-max 100Hz --ppo 2)
add_test(NAME cli.leak-coupler COMMAND ${cli} simulate iem --config ${two_way} --load coupler ${bass} --leak tube -o ${sw_out}/leak.csv)
add_test(NAME cli.leak-coupler-none COMMAND ${cli} simulate iem --config ${two_way} --load coupler ${bass} -o ${sw_out}/noleak.csv)
set_tests_properties(cli.leak-coupler cli.leak-coupler-none PROPERTIES FIXTURES_SETUP leak_coupler)
add_test(NAME cli.leak-coupler-bass COMMAND ${py} ${sw_checks} same ${sw_out}/leak.csv spl_db ${sw_out}/noleak.csv spl_db -3)
set_tests_properties(cli.leak-coupler-bass PROPERTIES FIXTURES_REQUIRED leak_coupler)

# Errors: one line naming the option, exit 2, no output file.
iemlab_cli_error(sweep-list-on-coupler "--insertion-depth" ${sw_out}/e1.csv
                 simulate iem --config ${two_way} --load coupler --insertion-depth 4mm,8mm -o ${sw_out}/e1.csv)
iemlab_cli_error(sweep-bad-range "--insertion-depth" ${sw_out}/e2.csv simulate canal --insertion-depth 8mm:4mm:1mm -o ${sw_out}/e2.csv)
iemlab_cli_error(sweep-target-nowhere "--target" - simulate iem --config ${two_way} --load coupler --target harman-ie-2019v2)
iemlab_cli_error(sweep-target-no-load "--target" ${sw_out}/e3.csv
                 simulate driver --driver knowles:ED-30262 --target harman-ie-2019v2 -o ${sw_out}/e3.csv)
iemlab_cli_error(sweep-score-no-target "--score-output" ${sw_out}/e4.csv
                 simulate iem --config ${two_way} --score-output ${sw_out}/e4.csv)
iemlab_cli_error(shape-file-and-length "--canal-length" ${sw_out}/e5.csv
                 simulate canal --area-function ${sw_out}/cone.csv --canal-length 20mm -o ${sw_out}/e5.csv)
file(WRITE ${sw_out}/no-header.csv "0,50\n25,40\n")
iemlab_cli_error(shape-file-no-header "no header line" ${sw_out}/e6.csv
                 simulate canal --area-function ${sw_out}/no-header.csv -o ${sw_out}/e6.csv)
iemlab_cli_error(source-parallel-c-alone "--source-parallel-capacitance" ${sw_out}/e7.csv
                 simulate driver --driver knowles:ED-30262 --source-parallel-capacitance 220nF -o ${sw_out}/e7.csv)
iemlab_cli_error(leak-without-load "--leak" ${sw_out}/e8.csv
                 simulate driver --driver knowles:ED-30262 --leak tube -o ${sw_out}/e8.csv)
iemlab_cli_error(tip-bore-too-long "--tip-bore-length" ${sw_out}/e9.csv
                 simulate canal --tip-bore-length 40mm -o ${sw_out}/e9.csv)
iemlab_cli_error(tip-bore-without-load "--tip-bore-length" ${sw_out}/e10.csv
                 simulate driver --driver knowles:ED-30262 --tip-bore-length 5mm -o ${sw_out}/e10.csv)
iemlab_cli_error(score-grid-short "--f-max" ${sw_out}/e11.csv
                 simulate iem --config ${two_way} --load coupler --f-max 5kHz --target harman-ie-2019v2 -o ${sw_out}/e11.csv)
iemlab_cli_error(score-same-file "--score-output" ${sw_out}/e12.csv
                 simulate iem --config ${two_way} --load coupler --target harman-ie-2019v2 -o ${sw_out}/e12.csv
                 --score-output ${sw_out}/e12.csv)
iemlab_cli_error(source-missing-file "neither a resistance" ${sw_out}/e13.csv
                 simulate iem --config ${two_way} --source-impedance ${sw_out}/missing.zma -o ${sw_out}/e13.csv)
iemlab_cli_error(sweep-duplicate "twice" ${sw_out}/e14.csv simulate canal --insertion-depth 5mm,5mm -o ${sw_out}/e14.csv)
iemlab_cli_error(occlusion-no-shapes "--area-function" - simulate occlusion --area-function ${sw_out}/cone.csv)

# The P.57 Type 4.3 load (`--load p57`): a balanced armature, nearly a volume-velocity source, plays 20·lg(27.7/35.84)
# = −2.24 dB below the 711 at 500 Hz — the ratio of P.57's |Z_T(500 Hz)| to IEC 60318-4's — within 0.5 dB
# (P.57's ±5 % is ±0.42 dB). A depth list needs the canal.
set(ba_p57 --driver ba:re=20.4,k=7.13e-3,n=0.931,r1=171.1,l1=4.56e-3,c1=2.12e-6 --f-min 490Hz --f-max 510Hz --ppo 96)
add_test(NAME cli.load-p57 COMMAND ${cli} simulate driver ${ba_p57} --load p57 -o ${sw_out}/p57.csv)
add_test(NAME cli.load-p57-coupler COMMAND ${cli} simulate driver ${ba_p57} --load coupler -o ${sw_out}/p57-711.csv)
set_tests_properties(cli.load-p57 cli.load-p57-coupler PROPERTIES FIXTURES_SETUP load_p57)
add_test(NAME cli.load-p57-re-711 COMMAND ${py} ${sw_checks} offset ${sw_out}/p57.csv spl_db ${sw_out}/p57-711.csv spl_db
         -2.24 0.5)
set_tests_properties(cli.load-p57-re-711 PROPERTIES FIXTURES_REQUIRED load_p57)
iemlab_cli_error(load-p57-depth-list "--insertion-depth" ${sw_out}/e-p57.csv
                 simulate driver ${ba_p57} --load p57 --insertion-depth 4mm,8mm -o ${sw_out}/e-p57.csv)

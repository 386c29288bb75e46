# CLI checks for `simulate driver` and `simulate iem` (docs/cli.md) and the impedance_tilt example.
# Expected numbers are the docs/cli.md formula evaluated independently (Python, double precision):
#   ba:re=20.4,k=7.13e-3,n=0.931,r1=171.1,l1=4.56e-3,c1=2.12e-6 at 1 kHz: |Z| = 75.939438 ohm, arg Z = 62.775356°,
#   20·log10|Z/(Z+75)| = -4.5924970 dB;  ts (Simscape microspeaker, Le = 0) at f_s = 209.3854001 Hz:
#   |Z| = Re + Bl²/Rms = 203.46033 ohm.
set(ba_ci "ba:re=20.4,k=7.13e-3,n=0.931,r1=171.1,l1=4.56e-3,c1=2.12e-6")
set(ts_micro "ts:re=31.14,le=0,bl=0.719,mms=23e-6,cms=25.12e-3,rms=3e-3,sd=1.271e-4")
set(iem_dir ${PROJECT_SOURCE_DIR}/examples/impedance_tilt)

add_test(NAME cli.simulate-driver-ba COMMAND ${cli} simulate driver --driver ${ba_ci} --f-min 1kHz --f-max 1kHz
         --source-impedance 75ohm)
set_tests_properties(cli.simulate-driver-ba PROPERTIES PASS_REGULAR_EXPRESSION
  "^frequency,impedance_ohm,impedance_phase_deg,tilt_db\n1000,75\\.93943[78],62\\.77535[67],-4\\.592497[0-9]*\n$")
add_test(NAME cli.simulate-driver-ts COMMAND ${cli} simulate driver --driver ${ts_micro} --f-min 209.3854001Hz
         --f-max 209.3854001Hz)
set_tests_properties(cli.simulate-driver-ts PROPERTIES PASS_REGULAR_EXPRESSION ",203\\.4603[0-9]*,")
add_test(NAME cli.simulate-driver-knowles-coupler COMMAND ${cli} simulate driver --driver knowles:CI-22955
         --load coupler --drive 0.179V --ppo 3 --f-min 1kHz --f-max 8kHz)
set_tests_properties(cli.simulate-driver-knowles-coupler PROPERTIES PASS_REGULAR_EXPRESSION
  "^frequency,impedance_ohm,impedance_phase_deg,tilt_db,spl_db\n1000,[0-9.]+,[0-9.]+,0,(118|118\\.0000[0-9]*|117\\.9999[0-9]*)\n")
add_test(NAME cli.simulate-driver-canal COMMAND ${cli} simulate driver --driver ${ts_micro} --load canal
         --insertion-depth 8mm --ppo 1)
set_tests_properties(cli.simulate-driver-canal PROPERTIES PASS_REGULAR_EXPRESSION "tilt_db,spl_db\n20,")
add_test(NAME cli.simulate-iem COMMAND ${cli} simulate iem --config ${iem_dir}/two_way_ba.json --ppo 3
         -o ${out}/iem.csv)
add_test(NAME cli.simulate-iem-impedance-only COMMAND ${cli} simulate iem --config ${iem_dir}/four_way_diy.json
         --source-impedance 10ohm --ppo 1)
set_tests_properties(cli.simulate-iem-impedance-only PROPERTIES PASS_REGULAR_EXPRESSION
  "^frequency,impedance_ohm,impedance_phase_deg,tilt_db\n20,")

# Bad input: the error names the key, option, file or line; no output file is left behind.
file(WRITE ${out}/empty.zma "")
file(WRITE ${out}/backwards.zma "* Freq Ohm Deg\n100 10 5\n200 11 6\n150 12 7\n")
file(WRITE ${out}/bad-key.json "{\"drivers\": [{\"driver\": \"${ba_ci}\", \"netwrok\": []}]}")
file(WRITE ${out}/bad-element.json "{\"drivers\": [{\"driver\": \"${ba_ci}\", \"network\": [{\"shunt\": {\"c\": -1e-6}}]}]}")
iemlab_cli_error(driver-negative-r "r1" ${out}/drv.csv simulate driver
                 --driver ba:re=20,k=7e-3,n=0.9,r1=-171,l1=4.5e-3,c1=2e-6 -o ${out}/drv.csv)
iemlab_cli_error(driver-negative-c "c1" ${out}/drv.csv simulate driver
                 --driver ba:re=20,k=7e-3,n=0.9,r1=171,l1=4.5e-3,c1=-2e-6 -o ${out}/drv.csv)
iemlab_cli_error(driver-bad-n "n = 1.5" ${out}/drv.csv simulate driver --driver ba:re=20,k=7e-3,n=1.5 -o ${out}/drv.csv)
iemlab_cli_error(driver-zero-n "0 < n <= 1" - simulate driver --driver ba:re=20,k=7e-3,n=0)
iemlab_cli_error(driver-unknown-key "rx" - simulate driver --driver ba:re=20,k=7e-3,n=0.9,rx=3)
iemlab_cli_error(driver-ts-missing "rms" - simulate driver --driver ts:re=31,le=0,bl=0.7,mms=2e-5,cms=0.02,sd=1e-4)
iemlab_cli_error(driver-ts-negative "cms" - simulate driver --driver ts:re=31,le=0,bl=0.7,mms=2e-5,cms=-0.02,rms=3e-3,sd=1e-4)
iemlab_cli_error(driver-not-number "k" - simulate driver --driver ba:re=20,k=seven,n=0.9)
iemlab_cli_error(driver-unknown-kind "xx" - simulate driver --driver xx:re=1)
iemlab_cli_error(driver-unknown-preset "CI-99999" - simulate driver --driver knowles:CI-99999)
iemlab_cli_error(driver-zma-empty "empty.zma" ${out}/drv.csv simulate driver --driver zma:${out}/empty.zma -o ${out}/drv.csv)
iemlab_cli_error(driver-zma-backwards "backwards.zma:4" - simulate driver --driver zma:${out}/backwards.zma)
iemlab_cli_error(driver-zma-missing "nothere.zma" - simulate driver --driver zma:${out}/nothere.zma)
iemlab_cli_error(driver-no-acoustics "no acoustic model" ${out}/drv.csv simulate driver --driver ba:re=12,k=3e-4,n=0.9
                 --load coupler -o ${out}/drv.csv)
iemlab_cli_error(driver-bad-source "--source-impedance" - simulate driver --driver ${ba_ci} --source-impedance -3ohm)
iemlab_cli_error(driver-bad-source-unit "--source-impedance" - simulate driver --driver ${ba_ci} --source-impedance 3parsecs)
iemlab_cli_error(driver-bad-load "--load" - simulate driver --driver ${ba_ci} --load moon)
iemlab_cli_error(driver-missing-spec "--driver" - simulate driver)
iemlab_cli_error(iem-missing-config "nothere.json" ${out}/iem-bad.csv simulate iem --config ${out}/nothere.json -o ${out}/iem-bad.csv)
iemlab_cli_error(iem-unknown-key "netwrok" ${out}/iem-bad.csv simulate iem --config ${out}/bad-key.json -o ${out}/iem-bad.csv)
iemlab_cli_error(iem-bad-element "drivers[0].network[0].shunt" - simulate iem --config ${out}/bad-element.json)

if(TARGET impedance_tilt)
  add_test(NAME example.impedance_tilt COMMAND impedance_tilt ${out}/impedance_tilt)
  set_tests_properties(example.impedance_tilt PROPERTIES PASS_REGULAR_EXPRESSION "ER-4S vs ER-4P at 1 kHz: -1[01]\\.")
endif()

# `iemlab drive` (docs/drive.md): closed forms. 96 dB SPL at 0.1 V into 15 ohm = 116 dB/V = 97.76 dB/mW; 110 dB SPL
# needs 10^((109-116)/20) = 446.68 mV. A 1 V source with 15 ohm output into 15 ohm: 0.5 V, -6.02 dB, 109.98 dB SPL;
# 2 V limited to 20 mA: 0.3 V, 116 + 20·log10(0.3) = 105.54 dB SPL, short of 109.
add_test(NAME cli.drive-table COMMAND ${cli} drive --sensitivity "96dB@0.1V" --impedance 15ohm --spl 109dB
         --source half=1V,15ohm --source "limited=2V,0ohm,20mA")
set_tests_properties(cli.drive-table PROPERTIES PASS_REGULAR_EXPRESSION
  "97\\.8 dB SPL/mW = 116\\.0 dB SPL/V at \\|Z\\(1 kHz\\)\\| = 15\\.00 ohm\nFor 109\\.0 dB SPL: 446\\.68 mV[^\n]*\n.*\\| half \\| 1 \\| 15 \\| 110\\.0 \\| voltage \\| 0\\.500 \\|[^\n]*\\| -6\\.02 \\| – \\| yes \\|\n\\| limited \\| 2 \\| 0 \\| 105\\.5 \\| current \\| 0\\.300 \\|[^\n]*\\| no \\|")
# JSON: 100 dB/mW into the BA above (|Z(1 kHz)| = 75.94 ohm) is 111.2 dB/V; with a model the tilt is known.
add_test(NAME cli.drive-json COMMAND ${cli} drive --sensitivity 100dB/mW --impedance ${ba_ci} --source 1V,75ohm --json)
set_tests_properties(cli.drive-json PROPERTIES PASS_REGULAR_EXPRESSION
  "\"db_spl_per_v\": 11[0-9]\\.[0-9]+.*\"limited_by\": \"voltage\".*\"tilt_db\": [0-9]+\\.[0-9]+")
iemlab_cli_error(drive-bad-sensitivity "--sensitivity" - drive --sensitivity 100dB/kg --impedance 16ohm)
iemlab_cli_error(drive-bad-source "--source" - drive --sensitivity 100dB/mW --impedance 16ohm --source 1V)
iemlab_cli_error(drive-bad-impedance "--impedance" - drive --sensitivity 100dB/mW --impedance nothere.zma)

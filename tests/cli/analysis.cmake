# CLI checks for smooth, average and score (docs/cli.md) on the AutoEq data in IEMLAB_DATA/autoeq.
set(check_csv ${CMAKE_CURRENT_SOURCE_DIR}/check_csv.sh)
set(autoeq ${shared_data}/autoeq)
set(harman ${autoeq}/harman_in-ear_2019v2.csv)

# score prints AutoEq's published numbers (jaakkopasanen/AutoEq results/RANKING.md: Score rounded to an integer,
# STD, Slope and Average to 0.01; @01c75ad8 for ER2SR, ER2XR, ER4XR and the legacy ER4SR, @a192b46a for the
# others). The score is printed with two decimals, so it must round to the published integer.
function(iemlab_cli_score name file score_regex rest_regex)
  add_test(NAME cli.score-${name} COMMAND ${cli} score ${autoeq}/${file} --target ${harman})
  set_tests_properties(cli.score-${name} PROPERTIES PASS_REGULAR_EXPRESSION "^score=${score_regex} ${rest_regex}\n$")
endfunction()
iemlab_cli_score(er2sr "Etymotic ER2SR.csv" "(41\\.[5-9]|42\\.[0-4])[0-9]" "std=4\\.41 slope=1\\.58 mean=2\\.83")
# ER2XR: published Slope −0.19, ours −0.19506 (printed −0.20): the slope is not compared (see the unit test).
iemlab_cli_score(er2xr "Etymotic ER2XR.csv" "(72\\.[5-9]|73\\.[0-4])[0-9]" "std=2\\.27 slope=-0\\.[0-9]+ mean=1\\.88")
iemlab_cli_score(er4xr "Etymotic ER4XR.csv" "(60\\.[5-9]|61\\.[0-4])[0-9]" "std=3\\.16 slope=0\\.66 mean=2\\.20")
iemlab_cli_score(er4sr-legacy "legacy_inear/Etymotic ER4SR.csv" "(41\\.[5-9]|42\\.[0-4])[0-9]" "std=4\\.42 slope=1\\.53 mean=2\\.77")
iemlab_cli_score(er4sr "Etymotic ER4SR.csv" "(44\\.[5-9]|45\\.[0-4])[0-9]" "std=4\\.26 slope=1\\.38 mean=2\\.75")
iemlab_cli_score(andromeda "Campfire Audio Andromeda.csv" "(54\\.[5-9]|55\\.[0-4])[0-9]" "std=3\\.48 slope=-0\\.45 mean=3\\.63")
iemlab_cli_score(e4000 "Final Audio E4000.csv" "(51\\.[5-9]|52\\.[0-4])[0-9]" "std=3\\.50 slope=-1\\.05 mean=3\\.25")
iemlab_cli_score(se535 "Shure SE535.csv" "(53\\.[5-9]|54\\.[0-4])[0-9]" "std=3\\.86 slope=-0\\.02 mean=3\\.80")
iemlab_cli_score(se846 "Shure SE846.csv" "(75\\.[5-9]|76\\.[0-4])[0-9]" "std=1\\.90 slope=-0\\.32 mean=1\\.59")
# A target against itself scores the model's intercept.
add_test(NAME cli.score-self-json COMMAND ${cli} score ${harman} --target ${harman} --json)
set_tests_properties(cli.score-self-json PROPERTIES PASS_REGULAR_EXPRESSION
  "^\\{\"score\":100\\.079[45][0-9]*,\"std\":[0-9.e-]+,\"slope\":[-0-9.e]+,\"mean\":[0-9.e-]+\\}\n$")
iemlab_cli_error(score-no-target "--target" - score ${harman})
iemlab_cli_error(score-missing-file "no-such.csv" - score ${out}/no-such.csv --target ${harman})
# Not monotonic (a strictly descending table is read in ascending order instead: habits.cmake).
file(WRITE ${out}/junk.csv "frequency,raw\n20,1\n10,2\n30,3\n")
iemlab_cli_error(score-decreasing "junk.csv" - score ${out}/junk.csv --target ${harman})

# smooth: a constant stays constant through the CLI, in every method; real data keeps its grid.
file(WRITE ${out}/flat.csv "frequency,spl_db\n20,81.5\n31.5,81.5\n50,81.5\n80,81.5\n125,81.5\n200,81.5\n315,81.5\n500,81.5\n800,81.5\n1250,81.5\n2000,81.5\n3150,81.5\n5000,81.5\n8000,81.5\n12500,81.5\n20000,81.5\n")
foreach(method octave erb psychoacoustic variable)
  add_test(NAME cli.smooth-flat-${method} COMMAND ${cli} smooth ${out}/flat.csv -o ${out}/flat-${method}.csv
           --method ${method} --fraction 1/3)
  set_tests_properties(cli.smooth-flat-${method} PROPERTIES FIXTURES_SETUP smooth-flat-${method})
  add_test(NAME cli.smooth-flat-${method}-check
           COMMAND ${check_csv} ${out}/flat-${method}.csv frequency,spl_db 16 spl_db 81.4999 81.5001)
  set_tests_properties(cli.smooth-flat-${method}-check PROPERTIES FIXTURES_REQUIRED smooth-flat-${method})
endforeach()
add_test(NAME cli.smooth-autoeq COMMAND ${cli} smooth "${autoeq}/Shure SE846.csv" -o ${out}/se846-third.txt
         --fraction 1/3 --to rew)
set_tests_properties(cli.smooth-autoeq PROPERTIES FIXTURES_SETUP smooth-autoeq)
add_test(NAME cli.smooth-autoeq-back COMMAND ${cli} smooth ${out}/se846-third.txt -o ${out}/se846-grid.csv
         --method erb --ppo 12)
set_tests_properties(cli.smooth-autoeq-back PROPERTIES FIXTURES_REQUIRED smooth-autoeq FIXTURES_SETUP smooth-grid)
# 12 points per octave from 20 Hz to 20 kHz: floor(12·log2(1000)) + 1 = 120 rows.
add_test(NAME cli.smooth-grid-check COMMAND ${check_csv} ${out}/se846-grid.csv frequency,spl_db 120 frequency 20 20000
         spl_db -40 15)
set_tests_properties(cli.smooth-grid-check PROPERTIES FIXTURES_REQUIRED smooth-grid)
iemlab_cli_error(smooth-no-fraction "--fraction" ${out}/s1.csv smooth ${harman} -o ${out}/s1.csv)
iemlab_cli_error(smooth-zero-fraction "--fraction" ${out}/s2.csv smooth ${harman} -o ${out}/s2.csv --fraction 1/0)
iemlab_cli_error(smooth-bad-fraction "--fraction" ${out}/s3.csv smooth ${harman} -o ${out}/s3.csv --fraction third)
iemlab_cli_error(smooth-bad-method "--method" ${out}/s4.csv smooth ${harman} -o ${out}/s4.csv --method box)
iemlab_cli_error(smooth-bad-passes "--passes" ${out}/s5.csv smooth ${harman} -o ${out}/s5.csv --fraction 3 --passes 99)
iemlab_cli_error(smooth-bad-extension "s6.xyz" ${out}/s6.xyz smooth ${harman} -o ${out}/s6.xyz --fraction 3)
iemlab_cli_error(smooth-missing-input "nothing.txt" - smooth ${out}/nothing.txt -o ${out}/s7.csv --fraction 3)
iemlab_cli_error(smooth-unwritable "s8.csv" - smooth ${harman} -o /nonexistent-dir/s8.csv --fraction 3)

# average: one file twice has no spread; two files give the documented columns on the common grid.
add_test(NAME cli.average-same COMMAND ${cli} average "${autoeq}/Shure SE846.csv" "${autoeq}/Shure SE846.csv"
         -o ${out}/avg-same.csv --mode db --normalize none)
set_tests_properties(cli.average-same PROPERTIES FIXTURES_SETUP avg-same)
add_test(NAME cli.average-same-check
         COMMAND ${check_csv} ${out}/avg-same.csv frequency,spl_db,min_db,max_db,std_db 695 std_db 0 0)
set_tests_properties(cli.average-same-check PROPERTIES FIXTURES_REQUIRED avg-same)
add_test(NAME cli.average-two COMMAND ${cli} average "${autoeq}/Etymotic ER4SR.csv"
         "${autoeq}/legacy_inear/Etymotic ER4SR.csv" -o ${out}/avg-two.csv --normalize 1kHz --level 85)
set_tests_properties(cli.average-two PROPERTIES FIXTURES_SETUP avg-two)
add_test(NAME cli.average-two-check COMMAND ${check_csv} ${out}/avg-two.csv frequency,spl_db,min_db,max_db,std_db
         695 spl_db 40 110 std_db 0 20)
set_tests_properties(cli.average-two-check PROPERTIES FIXTURES_REQUIRED avg-two)
iemlab_cli_error(average-bad-mode "--mode" ${out}/a1.csv average ${harman} -o ${out}/a1.csv --mode mean)
iemlab_cli_error(average-bad-normalize "--normalize" ${out}/a2.csv average ${harman} -o ${out}/a2.csv --normalize loud)
iemlab_cli_error(average-normalize-outside "50000 Hz" ${out}/a3.csv average ${harman} -o ${out}/a3.csv --normalize 50kHz)
iemlab_cli_error(average-vector-no-phase "phase" ${out}/a4.csv average ${harman} ${harman} -o ${out}/a4.csv --mode vector)
iemlab_cli_error(average-bad-level "--level" ${out}/a5.csv average ${harman} -o ${out}/a5.csv --level loud)

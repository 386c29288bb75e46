#!/usr/bin/env bash
# The README's test command: install what is missing, configure, build, run every test.
# Usage: scripts/test.sh [PRESET] [--ci]   (PRESET: release (default), dev, asan, tsan)
#
# --ci (or CI=true in the environment, as .ci/run sets it) runs, after the release suite:
#   asan   the whole unit suite (iemlab-tests) built with ASan + UBSan, halting on the first error;
#   tsan   the thread-safety subset (test cases tagged [threads]) built with ThreadSanitizer;
#   fuzz   every libFuzzer target (preset "fuzz", clang) for FUZZ_SECONDS (default 10) each;
#   (lint: scripts/lint.sh — cppcheck, clang-tidy on include/ and apps/ — is run by hand, not in CI yet.)
# Each phase prints ctest's summary (the fuzz phase one line per target) and its wall and CPU time; the script
# exits non-zero when the release, asan or tsan phase fails, after running the others (a fuzz finding is
# reported but does not fail CI; IEMLAB_CI_GATE_FUZZ=1 makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release
ci=false
[[ ${CI:-} == true || ${CI:-} == 1 ]] && ci=true
for arg in "$@"; do
  case $arg in
    --ci) ci=true ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) preset=$arg ;;
  esac
done

if [[ $ci != true ]]; then
  scripts/setup-debian.sh
  cmake --preset "$preset" -UIEMLAB_UNIT_TEST_SPEC >/dev/null # all test cases, even after a --ci run
  cmake --build --preset "$preset"
  ctest --preset "$preset"
  exit 0
fi

# CI: clang (fuzzers) on top of the usual packages.
scripts/setup-debian.sh clang libclang-rt-14-dev clang-tidy cppcheck
summary=()
status=0
# phase NAME COMMAND...: runs and times one phase; a failing phase is reported and the next one still runs.
phase() {
  local name=$1
  shift
  echo "=== ci phase: $name"
  local start=$SECONDS t0 t1 rc=0
  t0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat) # this shell's user+sys incl. waited-for children, ticks
  "$@" || rc=$?
  t1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
  local wall=$((SECONDS - start)) cpu=$(((t1 - t0) / $(getconf CLK_TCK)))
  local line
  line=$(printf '%-8s %-6s wall %3dm%02ds  cpu %3dm%02ds' "$name" "$([[ $rc -eq 0 ]] && echo ok || echo FAILED)" \
         $((wall / 60)) $((wall % 60)) $((cpu / 60)) $((cpu % 60)))
  echo "=== ci phase: $line"
  summary+=("$line")
  [[ $rc -eq 0 ]] || status=1
}

release() {
  cmake --preset release -UIEMLAB_UNIT_TEST_SPEC >/dev/null
  cmake --build --preset release
  ctest --preset release
}
# The sanitizer phases build only the unit-test executable; the asan phase runs all of it.
asan() {
  limited cmake --preset asan -UIEMLAB_UNIT_TEST_SPEC >/dev/null
  limited cmake --build --preset asan --target iemlab-tests
  limited ctest --preset asan -R '^unit:'
}
# Only the files and test cases tagged [threads] are built and registered in this build (IEMLAB_UNIT_TEST_SPEC).
tsan() {
  limited cmake --preset tsan -DIEMLAB_UNIT_TEST_SPEC='[threads]' >/dev/null
  limited cmake --build --preset tsan --target iemlab-tests
  limited ctest --preset tsan -R '^unit:'
}
# A fixed seed: the same machine explores the same inputs on every run (a fresh finding is reproducible).
fuzz() {
  FUZZ_NICE=0 FUZZ_SEED=${FUZZ_SEED:-1} limited scripts/fuzz.sh "${FUZZ_SECONDS:-10}"
}

# CI's hard limit is 90 minutes on 2 cores. The release suite always runs in full; each later phase starts only
# while enough of the budget is left and its commands are stopped when the budget runs out (reported as
# INCOMPLETE, never as a pass), so a slow machine cannot turn a green suite into a timed-out CI run.
budget=$((${CI_BUDGET_MINUTES:-80} * 60))
# limited COMMAND...: runs COMMAND with a timeout at the end of the CI budget.
limited() {
  local left=$((budget - SECONDS))
  ((left > 0)) || return 124
  timeout --kill-after=30 "$left" "$@"
}
# Gates: the sanitizer suites are deterministic and fail CI (IEMLAB_CI_GATE_SANITIZERS, default 1, since a full
# green run on merged main); fuzzing explores at random within a time limit, so a fresh finding is reported
# loudly but does not block a merge (IEMLAB_CI_GATE_FUZZ, default 0): it becomes a regression input instead.
gate_variable() { [[ $1 == fuzz ]] && echo IEMLAB_CI_GATE_FUZZ || echo IEMLAB_CI_GATE_SANITIZERS; }
gate_of() { [[ $1 == fuzz ]] && echo "${IEMLAB_CI_GATE_FUZZ:-0}" || echo "${IEMLAB_CI_GATE_SANITIZERS:-1}"; }
# budgeted NAME LATEST_START_MINUTE: runs phase NAME only if it can start before that minute.
budgeted() {
  local name=$1 latest=$(($2 * 60))
  if ((SECONDS >= latest)); then
    echo "=== ci phase: $name SKIPPED: ${SECONDS}s elapsed; it starts only before minute $2 of the CI budget"
    summary+=("$(printf '%-8s SKIPPED (time budget)' "$name")")
    return
  fi
  local before=${#summary[@]} status_before=$status
  phase "$name" "$name"
  if [[ ${summary[$before]} == *FAILED* ]] && ((SECONDS >= budget - 5)); then
    echo "=== ci phase: $name INCOMPLETE: stopped by the CI time budget (not counted as a failure)"
    summary[$before]="$(printf '%-8s INCOMPLETE (time budget)' "$name")"
    status=$status_before
  elif [[ ${summary[$before]} == *FAILED* && $(gate_of "$name") != 1 ]]; then
    echo "=== ci phase: $name FAILED (advisory: $(gate_variable "$name")=0, does not fail CI)"
    summary[$before]="${summary[$before]} (advisory)"
    status=$status_before
  fi
}

phase release release
budgeted asan 30
budgeted tsan 55
budgeted fuzz 65
echo "=== ci summary (2 jobs; cpu = user + sys of all processes)"
printf '%s\n' "${summary[@]}"
echo "total wall $((SECONDS / 60))m$((SECONDS % 60))s"
exit $status

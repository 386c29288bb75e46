#!/usr/bin/env bash
# The README's test command: install what is missing, configure, build, run every test.
# Usage: scripts/test.sh [PRESET] [--ci]   (PRESET: release (default), dev, asan, tsan)
#
# --ci (or CI=true in the environment, as .ci/run sets it) runs, after the release suite:
#   asan   the whole unit suite (iemlab-tests) built with ASan + UBSan, halting on the first error;
#   tsan   the thread-safety subset (test cases tagged [threads]) built with ThreadSanitizer;
#   fuzz   every libFuzzer target (preset "fuzz", clang) for FUZZ_SECONDS (default 20) each;
#   lint   scripts/lint.sh (cppcheck, clang-tidy on include/ and apps/; about 3 CPU minutes).
# Each phase prints ctest's summary (the fuzz phase one line per target) and its wall and CPU time; the script
# exits non-zero when any phase fails, after running the others.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release
ci=false
[[ ${CI:-} == true || ${CI:-} == 1 ]] && ci=true
for arg in "$@"; do
  case $arg in
    --ci) ci=true ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
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
  cmake --preset asan -UIEMLAB_UNIT_TEST_SPEC >/dev/null
  cmake --build --preset asan --target iemlab-tests
  ctest --preset asan -R '^unit:'
}
# Only the files and test cases tagged [threads] are built and registered in this build (IEMLAB_UNIT_TEST_SPEC).
tsan() {
  cmake --preset tsan -DIEMLAB_UNIT_TEST_SPEC='[threads]' >/dev/null
  cmake --build --preset tsan --target iemlab-tests
  ctest --preset tsan -R '^unit:'
}
fuzz() {
  FUZZ_NICE=0 scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
}

phase release release
phase asan asan
phase tsan tsan
phase fuzz fuzz
phase lint scripts/lint.sh
echo "=== ci summary (2 jobs; cpu = user + sys of all processes)"
printf '%s\n' "${summary[@]}"
echo "total wall $((SECONDS / 60))m$((SECONDS % 60))s"
exit $status

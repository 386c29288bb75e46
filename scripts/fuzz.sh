#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, ASan + UBSan) and runs each for a bounded time.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET (default 60)] [TARGET...]   (TARGET e.g. fuzz_rew; default: all)
# Environment: FUZZ_JOBS=N runs N targets at once (default 1); FUZZ_NICE=N niceness (default 19);
# FUZZ_SEED=N fixes libFuzzer's random seed (default: a new one each run).
# Corpora grow in build/fuzz/corpus/<target> (seeded from fuzz/seeds/<name>, $IEMLAB_DATA and
# tests/data/fuzz-regressions/<name>); crashes land in build/fuzz/artifacts/<target>/ and fail the script.
# A summary line per target gives its executions ("stat::number_of_executed_units").
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
jobs=${FUZZ_JOBS:-1}
nice_level=${FUZZ_NICE:-19}
shared=${IEMLAB_DATA:-../shared/data} # third-party data, used when present

nice -n "$nice_level" cmake --preset fuzz >/dev/null
nice -n "$nice_level" cmake --build --preset fuzz

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in build/fuzz/fuzz/fuzz_*; do [[ -x $f ]] && targets+=("$(basename "$f")"); done
fi

# Seed directories of a target: its own seeds, committed regressions, and third-party files that fit.
seed_dirs() {
  local name=${1#fuzz_}
  local dirs=(fuzz/seeds/"$name" tests/data/fuzz-regressions/"$name")
  case $name in
    rew | squig | frd) dirs+=("$shared/targets") ;;
    autoeq | csv) dirs+=("$shared/autoeq") ;;
    wav) dirs+=("$shared/sweeps") ;;
    iem_config) dirs+=(examples/impedance_tilt) ;; # the .cpp there is a useful non-JSON input too
    rig_config) dirs+=(docs/examples) ;;
  esac
  for d in "${dirs[@]}"; do [[ -d $d ]] && printf '%s\n' "$d"; done
}

run_one() {
  local target=$1 corpus=build/fuzz/corpus/$1 artifacts=build/fuzz/artifacts/$1 log=build/fuzz/logs/$1.log
  mkdir -p "$corpus" "$artifacts" build/fuzz/logs
  local max_len=65536
  [[ $target == fuzz_quantity ]] && max_len=256
  mapfile -t seeds < <(seed_dirs "$target")
  # -timeout: a single input taking > 10 s is a hang; -rss_limit_mb bounds memory per input.
  local seed_option=()
  [[ -n ${FUZZ_SEED:-} ]] && seed_option=(-seed="$FUZZ_SEED")
  if nice -n "$nice_level" "build/fuzz/fuzz/$target" "$corpus" "${seeds[@]}" "${seed_option[@]}" -max_total_time="$seconds" \
       -max_len=$max_len -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
       >"$log" 2>&1; then
    local execs
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz: $target ok, ${execs:-?} executions in ${seconds} s, corpus $(ls "$corpus" | wc -l) files"
  else
    echo "fuzz: $target FAILED (log: $log, inputs: $artifacts/)"
    grep -m3 -E 'ERROR|invariant|unexpected exception|SUMMARY' "$log" || tail -n 20 "$log"
    return 1
  fi
}

status=0
running=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [[ $running -gt 0 ]]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status

#!/usr/bin/env bash
# The README's main command: install what is missing, build, run the end-to-end demo (writes out/demo/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release
out=${1:-out/demo}
mkdir -p "$out"
bin=build/release/bin
echo "== iemlab $($bin/iemlab --version)" >&2
echo "== air at 37 °C (ear canal) and 23 °C (IEC 60318-4 reference)" >&2
$bin/iemlab air --temperature 37C | tee "$out/air_37C.txt"
$bin/iemlab air --temperature 23C >"$out/air_23C.txt"
echo "== frequency grids" >&2
for g in r40 autoeq squig; do $bin/iemlab grid --type $g -o "$out/grid_$g.csv"; done
$bin/iemlab grid --type log --ppo 48 -o "$out/grid_log48.csv"
wc -l "$out"/grid_*.csv >&2
echo "demo: wrote $out" >&2

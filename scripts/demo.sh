#!/usr/bin/env bash
# The README's main command: install what is missing (plus Chromium for a screenshot of the report), build the
# CLI and the examples, run the measure-and-compare demo, and print the path of its report.html last.
# Needs no third-party data. IEMLAB_DEMO_SCREENSHOT=0 skips Chromium and the screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."
screenshot=${IEMLAB_DEMO_SCREENSHOT:-1}
if [[ $screenshot == 0 ]]; then scripts/setup-debian.sh; else scripts/setup-debian.sh chromium; fi
cmake --preset release >/dev/null
cmake --build --preset release --target iemlab-cli measure_compare
out=${1:-out/demo}
mkdir -p "$out"
bin=build/release/bin
echo "== iemlab $($bin/iemlab --version)" >&2
echo "== measure_compare: three simulated IEMs on a simulated 711 rig vs Harman in-ear 2019v2" >&2
report=$($bin/measure_compare "$out")
browser=""
[[ $screenshot == 0 ]] || browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -n $browser ]]; then
  profile=$(mktemp -d)
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
    --screenshot="$out/report.png" --window-size=1100,2400 "file://$(realpath "$report")" >/dev/null 2>&1 || true
  rm -rf "$profile"
  [[ -s $out/report.png ]] && echo "demo: screenshot $out/report.png" >&2
fi
realpath "$report"

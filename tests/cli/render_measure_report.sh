#!/usr/bin/env bash
# Usage: render_measure_report.sh IEMLAB RIG_JSON OUT_DIR
# Runs `iemlab measure --config RIG_JSON`, renders report.html in headless Chromium and checks that a PNG with
# content came out. Exit 77 (ctest: skipped) when Chromium is not installed.
set -u
cli=$1 rig=$2 out=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then echo "chromium is not installed: skipping the report rendering check (apt-get install chromium)"; exit 77; fi
rm -rf "$out"
page=$("$cli" --quiet measure --config "$rig" -o "$out") || exit 1
[[ -s $page ]] || { echo "no report.html written"; exit 1; }
png="$out/report.png" profile=$(mktemp -d)
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --screenshot="$png" --window-size=1100,3000 "file://$page" >/dev/null 2>&1
rm -rf "$profile"
[[ -s $png ]] || { echo "no screenshot written"; exit 1; }
[[ $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || { echo "not a PNG"; exit 1; }
size=$(wc -c <"$png")
[[ $size -gt 100000 ]] || { echo "screenshot is only $size bytes: page probably blank"; exit 1; }
# Not blank: decoded, at least 2 % of the pixels are not white and there are several colours (plots drawn).
python3 "$(dirname "$0")/png_not_blank.py" "$png" 0.02 || { echo "the screenshot is blank"; exit 1; }
grep -q "<svg" "$page" || { echo "report.html has no inline SVG"; exit 1; }
for f in summary.json "ER4-like L.txt" "ER4-like R.txt" "ER4-like autoeq.csv" "ER4-like.csv" "ER4-like thd.csv" "ER4-like.txt"; do
  [[ -s $out/$f ]] || { echo "missing $f"; exit 1; }
done
echo "ok: rendered $page to $png ($size bytes)"

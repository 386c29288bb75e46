#!/usr/bin/env bash
# Usage: render_report.sh IEMLAB DATA_DIR OUT_DIR
# Renders an `iemlab plot` HTML page (SVG inline) in headless Chromium and checks a non-trivial PNG came out.
# Exit 77 (ctest: skipped) when Chromium is not installed.
set -u
cli=$1 data=$2 out=$3
[[ -d $data ]] || { echo "no third-party data at $data"; exit 1; } # ctest skips (tests/cli/CMakeLists.txt)
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then echo "chromium is not installed: skipping the rendering check (apt-get install chromium)"; exit 77; fi
mkdir -p "$out"
page="$out/report.html" png="$out/report.png"
rm -f "$png"
"$cli" plot "$data/autoeq/Etymotic ER2SR.csv" "$data/autoeq/Etymotic ER2XR.csv" "$data/autoeq/Etymotic ER4SR.csv" \
  --target "$data/autoeq/harman_in-ear_2019v2.csv" --spread --title "Etymotic in-ears" -o "$page" || exit 1
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$png" \
  --window-size=1100,1000 "file://$page" >/dev/null 2>&1
[[ -s $png ]] || { echo "no screenshot written"; exit 1; }
[[ $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || { echo "not a PNG"; exit 1; }
size=$(wc -c <"$png")
[[ $size -gt 20000 ]] || { echo "screenshot is only $size bytes: page probably blank"; exit 1; }
# Not blank: decoded, at least 2 % of the pixels are not white and there are several colours (plots drawn).
python3 "$(dirname "$0")/png_not_blank.py" "$png" 0.02 || { echo "the screenshot is blank"; exit 1; }
echo "ok: rendered $page to $png ($size bytes)"

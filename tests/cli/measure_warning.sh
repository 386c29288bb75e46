#!/usr/bin/env bash
# Usage: measure_warning.sh IEMLAB OUT_DIR
# A sweep at 0 dBFS used as its own recording (a loopback at full scale) clips: the measurement must succeed
# (exit 0), print a warning naming the channel and the time, write the report, and give a flat 0 dB loopback.
set -u
cli=$1 out=$2
rm -rf "$out"; mkdir -p "$out"
"$cli" sweep -o "$out/s.wav" --duration 1s --level 0dBFS --f1 5Hz --f2 22kHz || exit 1
err=$(mktemp)
page=$("$cli" measure --sweep "$out/s.wav" --recordings "$out/s.wav" -o "$out/report" --normalize none 2>"$err")
code=$?
cat "$err"
[[ $code -eq 0 ]] || { echo "exit code $code, expected 0"; exit 1; }
grep -q "^iemlab: warning: .*left, insertion 1: recording clipped: .* s$" "$err" || { echo "no clipping warning naming channel and time"; exit 1; }
[[ -s $page ]] || { echo "no report"; exit 1; }
# Loopback: 0 dB from 20 Hz to 20 kHz (the combined_db column).
awk -F, 'NR > 1 { d = $6 < 0 ? -$6 : $6; if (d > 0.01) bad++ } END { if (bad) { print bad " points off 0 dB"; exit 1 } }' \
  "$out/report/measurement.csv" || exit 1
rm -f "$err"
echo "ok: clipping is a warning; loopback flat to 0.01 dB"

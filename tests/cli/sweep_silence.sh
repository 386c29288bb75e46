#!/usr/bin/env bash
# Usage: sweep_silence.sh IEMLAB DIR
# `sweep --lead-in 0.5 --tail 0.25` at 48 kHz: the file is 0.75·48000 = 36000 frames longer than the plain sweep,
# its first 24000 frames are zero and its last 12000 too (read with Python's wave module, pcm16).
set -u
cli=$1 dir=$2
command -v python3 >/dev/null || { echo "skipped: python3 missing (scripts/setup-debian.sh installs it)"; exit 77; }
mkdir -p "$dir"
"$cli" sweep --duration 1 --f1 20 --rate 48000 --format pcm16 -o "$dir/plain.wav" >/dev/null || exit 1
"$cli" sweep --duration 1 --f1 20 --rate 48000 --format pcm16 --lead-in 0.5 --tail 0.25 -o "$dir/padded.wav" >/dev/null || exit 1
python3 - "$dir/plain.wav" "$dir/padded.wav" <<'PY'
import sys, wave, struct
def frames(p):
    w = wave.open(p)
    n = w.getnframes()
    return n, struct.unpack('<%dh' % n, w.readframes(n))
n0, plain = frames(sys.argv[1])
n1, padded = frames(sys.argv[2])
ok = n1 - n0 == 36000 and not any(padded[:24000]) and not any(padded[-12000:]) and padded[24000:24000 + n0] == plain
print(("ok: " if ok else "FAIL: ") + "plain %d frames, padded %d frames" % (n0, n1))
PY
# The padded file is what gets played: deconvolve finds the sweep in it (metadata lead_in), and its own loopback
# recording (the padded file itself) deconvolves to a flat response.
"$cli" deconvolve --sweep "$dir/padded.wav" --recording "$dir/padded.wav" --fr-out "$dir/loop.csv" >/dev/null 2>"$dir/loop.err" \
  || { echo "FAIL: deconvolve refused the padded sweep: $(cat "$dir/loop.err")"; exit 1; }
python3 - "$dir/loop.csv" <<'PY'
import sys, csv
rows = [r for r in csv.reader(open(sys.argv[1])) if r and r[0][0].isdigit()]
levels = [float(r[1]) for r in rows if 100 <= float(r[0]) <= 10000]
spread = max(levels) - min(levels)
print(("ok: " if spread < 0.1 else "FAIL: ") + "padded loopback flat within %.4f dB over 100 Hz - 10 kHz" % spread)
PY

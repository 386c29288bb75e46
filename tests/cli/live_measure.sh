#!/usr/bin/env bash
# Usage: live_measure.sh MODE IEMLAB EMULATOR OUT_DIR
# Live measurement through a real JACK server with the dummy backend (no sound card) and the IEM emulator client
# (tests/live/iem_emulator.cpp, whose closed-form response and THD are the truth). Every process this script starts
# is stopped by its PID on exit, also when a check fails.
#   measure  `iemlab devices` lists the server's clients and ports; `measure --live` gives the emulator's response
#            within 0.1 dB (30 Hz – 16 kHz) and its THD within 0.5 dB (100 Hz – 5 kHz); the saved raw takes give the
#            same response through the recordings path; the loopback reference's latency is a whole number of periods;
#            a missing port and a silent input are one-line errors.
#   xrun     the emulator stalls once for three periods during the first sweep: that take is discarded and played
#            again, summary.json counts it, and the response is still within 0.1 dB.
# Exit 77 (ctest: skipped) when jackd is not installed.
set -u
mode=$1 cli=$2 emulator=$3 out=$4
jackd=$(command -v jackd || true)
if [[ -z $jackd ]]; then echo "jackd is not installed: skipping (scripts/setup-debian.sh installs jackd2)"; exit 77; fi
server="iemlab-test-$mode-$$"
export JACK_NO_AUDIO_RESERVATION=1
rate=48000 period=4096 level=-12 # the emulator's closed form needs the sweep's peak amplitude: 10^(level/20)
amplitude=$(awk -v l=$level 'BEGIN { printf "%.17g", 10 ^ (l / 20) }')
pids=()
cleanup() {
  local p
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    p=${pids[i]}
    kill -TERM "$p" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
}
trap cleanup EXIT
trap "exit 143" TERM INT # so that cleanup also runs when the script is stopped
fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$out"
mkdir -p "$out"
"$jackd" --no-realtime -n "$server" -d dummy -r $rate -p $period -C 2 -P 2 >"$out/jackd.log" 2>&1 &
pids+=($!)
up=0
for _ in $(seq 100); do
  if "$cli" devices --server "$server" >"$out/devices.txt" 2>/dev/null; then up=1; break; fi
  kill -0 "${pids[0]}" 2>/dev/null || break
  sleep 0.1
done
[[ $up -eq 1 ]] || { cat "$out/jackd.log"; fail "the JACK server '$server' did not come up"; }

stall=()
[[ $mode == xrun ]] && stall=(--stall-after 1.0)
"$emulator" run "$server" "${stall[@]}" >"$out/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  "$cli" devices --server "$server" >"$out/devices.txt" 2>/dev/null && grep -q "emulator:out" "$out/devices.txt" && break
  sleep 0.1
done
grep -q "emulator:out" "$out/devices.txt" || { cat "$out/emulator.log"; fail "the emulator did not register its ports"; }

live=(measure --live --server "$server" --play emulator:in --record emulator:out --sweep-level ${level}dBFS
      --sweep-duration 2s --max-takes 20 --normalize none --harmonics 3 --name emu)
check_response() { # DIR
  "$emulator" check-response "$1/emu.csv" $rate "$amplitude" 0.1 30 16000 || fail "response of $1"
}

case $mode in
measure)
  cat "$out/devices.txt"
  for want in "jack server '$server': $rate Hz, $period frames per period" "client system" "system:capture_1" \
              "system:playback_2" "client emulator" "emulator:in  input (play to it)" "emulator:out  output (record from it)"; do
    grep -qF "$want" "$out/devices.txt" || fail "iemlab devices does not list '$want'"
  done
  "$cli" "${live[@]}" --reference emulator:ref --save-recordings -o "$out/live" </dev/null 2>"$out/live.err" || { cat "$out/live.err"; fail "measure --live"; }
  cat "$out/live.err"
  check_response "$out/live"
  "$emulator" check-thd "$out/live/emu thd.csv" $rate "$amplitude" 0.5 100 5000 || fail "THD"
  for key in '"device": "JACK server' '"play_ports": "emulator:in"' '"record_ports": "emulator:out"' "\"rate_hz\": $rate" \
             "\"period_frames\": $period" '"xruns": ' '"measured_latency_samples": '; do
    grep -qF "$key" "$out/live/summary.json" || fail "summary.json has no $key"
  done
  grep -qF "Xruns" "$out/live/report.html" || fail "report.html has no set-up table"
  # Alignment: the reference is the excitation itself through the same loop, so its latency is a whole number of
  # periods (the feedback loop's one), and the emulator's impulse peak sits within a sample of it.
  ref=$(grep -o '"reference_latency_samples": [0-9.]*' "$out/live/summary.json" | awk '{print $2}')
  meas=$(grep -o '"measured_latency_samples": [0-9.]*' "$out/live/summary.json" | awk '{print $2}')
  awk -v r="$ref" -v m="$meas" -v p=$period 'BEGIN { d = r / p - int(r / p + 0.5); exit !(r != "" && (d < 0 ? -d : d) * p < 0.01 && (r - m < 1 && m - r < 1)) }' ||
    fail "reference latency '$ref' is not a whole number of periods, or the measured latency '$meas' is not within a sample of it"
  # The raw takes reproduce the run through the recordings path.
  "$cli" measure --sweep "$out/live/sweep.wav" --recordings "$out/live/left 1.wav" --normalize none --harmonics 3 --name emu \
    -o "$out/replay" >/dev/null 2>"$out/replay.err" || { cat "$out/replay.err"; fail "recordings path on the saved takes"; }
  check_response "$out/replay"
  # A port that does not exist, and an input that stays silent: one error line naming the port, nothing written.
  for bad in "--play nosuch:port --record emulator:out|nosuch:port" "--play emulator:in --record system:capture_1|system:capture_1"; do
    args=${bad%|*} word=${bad#*|}
    # shellcheck disable=SC2086
    "$cli" --quiet measure --live --server "$server" $args --sweep-duration 1s --max-takes 20 -o "$out/bad" </dev/null >/dev/null 2>"$out/bad.err"
    code=$?
    [[ $code -eq 2 ]] || fail "$args: exit $code, expected 2"
    [[ $(wc -l <"$out/bad.err") -eq 1 ]] && grep -q "^iemlab: error: .*$word" "$out/bad.err" || { cat "$out/bad.err"; fail "$args: not one error line naming $word"; }
    [[ -e $out/bad ]] && fail "$args: left $out/bad behind"
    cat "$out/bad.err"
  done
  ;;
xrun)
  "$cli" "${live[@]}" -o "$out/live" </dev/null 2>"$out/live.err" || { cat "$out/live.err"; fail "measure --live"; }
  cat "$out/live.err"
  grep -q "xrun(s) during take" "$out/live.err" || fail "no take was discarded for the emulator's stall"
  grep -qE '"discarded_takes": [1-9]' "$out/live/summary.json" || fail "summary.json does not count the discarded take"
  grep -qE '"xruns": [1-9]' "$out/live/summary.json" || fail "summary.json does not count the xrun"
  check_response "$out/live"
  ;;
*) fail "unknown mode $mode" ;;
esac
grep -o '"setup": {[^}]*}' "$out/live/summary.json"
echo "ok: live $mode"

#!/usr/bin/env bash
# Usage: impedance_cli.sh IEMLAB DIR
# 1. `iemlab impedance`: a recording whose channels A (across the driver) and B (across the 10 ohm sense resistor)
#    are equal means the driver is 10 ohm at every frequency (Z = R·V_A/V_B, closed form).
# 2. `iemlab fit-ba` on the impedance `iemlab simulate driver` computes for a known ba: spec recovers that spec
#    (Re, K, n, R1, L1, C1 within 1 %), and its output is accepted by `simulate driver --driver`.
set -u
cli=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
if "$cli" --help | grep -q '^  impedance'; then
  "$cli" sweep --duration 1 --f1 20 -o "$dir/s.wav" >/dev/null || fail "sweep"
  "$cli" sweep --duration 1 --f1 20 --channels 2 -o "$dir/s2.wav" >/dev/null || fail "sweep --channels 2"
  "$cli" impedance --sweep "$dir/s.wav" --recording "$dir/s2.wav" --sense-resistor 10ohm --ppo 6 -o "$dir/z.zma" ||
    fail "impedance exited $?"
  awk '!/^\*/ { n++; if ($2 < 9.999 || $2 > 10.001) { print "FAIL: |Z| = " $2 " at " $1 " Hz"; bad = 1 } }
       END { if (n < 50) { print "FAIL: only " n " points"; bad = 1 } exit bad }' "$dir/z.zma" || status=1
fi
truth="ba:re=20.4,k=7.13e-3,n=0.931,r1=171.1,l1=4.56e-3,c1=2.12e-6"
"$cli" simulate driver --driver "$truth" -o "$dir/drv.csv" || fail "simulate driver exited $?"
spec=$("$cli" fit-ba "$dir/drv.csv" --branches 1 2>/dev/null) || fail "fit-ba exited $?"
echo "fitted: $spec"
for kv in re=20.4 k=7.13e-3 n=0.931 r1=171.1 l1=4.56e-3 c1=2.12e-6; do
  key=${kv%%=*} want=${kv#*=}
  got=$(echo "$spec" | tr ',:' '\n\n' | awk -F= -v k="$key" '$1 == k { print $2 }')
  awk -v g="$got" -v w="$want" 'BEGIN { d = (g - w) / w; if (g == "" || d > 0.01 || d < -0.01) exit 1 }' ||
    fail "$key = '$got', expected $want within 1 %"
done
"$cli" simulate driver --driver "$spec" -o "$dir/refit.csv" || fail "simulate driver does not take the fitted spec"
[[ $status -eq 0 ]] && echo "ok: impedance of equal channels is R; fit-ba recovers $truth"
exit $status

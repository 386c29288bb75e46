#!/usr/bin/env bash
# Usage: measure_rerun.sh IEMLAB SWEEP DIR
# Output folders (docs/cli.md "measure"): a run writes iemlab-manifest.txt listing its files; a re-run into the
# same folder with another --name removes the earlier run's files and nothing else (a file of the user's stays).
set -u
cli=$1 sweep=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
echo "mine" >"$dir/notes.txt"
"$cli" measure --sweep "$sweep" --recordings "$sweep" --name first -o "$dir" >/dev/null || fail "first run exited $?"
grep -qx "first.csv" "$dir/iemlab-manifest.txt" || fail "the manifest does not list first.csv"
grep -qx "report.html" "$dir/iemlab-manifest.txt" || fail "the manifest does not list report.html"
grep -qx "notes.txt" "$dir/iemlab-manifest.txt" && fail "the manifest lists the user's notes.txt"
"$cli" measure --sweep "$sweep" --recordings "$sweep" --name second -o "$dir" >/dev/null || fail "second run exited $?"
[[ -e "$dir/first.csv" || -e "$dir/first L.txt" || -e "$dir/first autoeq.csv" ]] && fail "the first run's files remain: $(ls "$dir")"
[[ -f "$dir/second.csv" && -f "$dir/report.html" ]] || fail "the second run's files are missing: $(ls "$dir")"
[[ "$(cat "$dir/notes.txt")" == mine ]] || fail "the user's notes.txt was touched"
grep -qx "second.csv" "$dir/iemlab-manifest.txt" || fail "the manifest does not list second.csv"
[[ $status -eq 0 ]] && echo "ok: re-run removed only the earlier run's files ($(ls "$dir" | wc -l) files now)"
exit $status

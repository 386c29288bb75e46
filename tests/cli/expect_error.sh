#!/usr/bin/env bash
# Usage: expect_error.sh EXIT_CODE WORD LEFTOVER_FILE -- COMMAND...
# Passes when COMMAND exits with EXIT_CODE, prints exactly one stderr line starting "iemlab: error: " that
# contains WORD, and LEFTOVER_FILE (or "-" for none) does not exist afterwards.
set -u
expected_code=$1 word=$2 leftover=$3
shift 4
stderr_file=$(mktemp)
"$@" 2>"$stderr_file" >/dev/null
code=$?
status=0
if [[ $code -ne $expected_code ]]; then echo "exit code $code, expected $expected_code"; status=1; fi
lines=$(wc -l <"$stderr_file")
if [[ $lines -ne 1 ]]; then echo "stderr has $lines lines, expected 1:"; cat "$stderr_file"; status=1; fi
if ! head -n1 "$stderr_file" | grep -q "^iemlab: error: "; then echo "stderr does not start with 'iemlab: error: '"; status=1; fi
if ! grep -qF -- "$word" "$stderr_file"; then echo "stderr does not name '$word':"; cat "$stderr_file"; status=1; fi
if [[ $leftover != - && -e $leftover ]]; then echo "output file $leftover was left behind"; status=1; fi
if compgen -G "${leftover}.partial*" >/dev/null; then echo "temporary ${leftover}.partial* was left behind"; status=1; fi
rm -f "$stderr_file"
[[ $status -eq 0 ]] && echo "ok: $(basename "$1") exit $code, names '$word'"
exit $status

#!/usr/bin/env bash
# Usage: output_targets.sh IEMLAB WORKDIR
# The one output rule (io/atomic_file.hpp, docs/cli.md "Output files"): a symlink to a regular file is replaced
# through the link (the link stays), a FIFO is written in place, `-o -` writes standard output (no file named
# "-"), a directory is refused with one error line, and no temporary file is left behind.
set -u
cli=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
printf 'frequency,spl_db\n100,1\n1000,2\n10000,3\n' >in.csv

# 1. A symlink to a regular file: written through, the link stays a link.
echo old >real.csv && ln -s real.csv link.csv
"$cli" convert in.csv -o link.csv || fail "convert -o link.csv exited $?"
[[ -L link.csv ]] || fail "link.csv is no longer a symlink"
grep -q '^frequency,spl_db' real.csv || fail "real.csv was not written through the link"
# A dangling link creates its target.
ln -s made.csv dangling.csv
"$cli" convert in.csv -o dangling.csv || fail "convert -o dangling.csv exited $?"
[[ -L dangling.csv && -f made.csv ]] || fail "a dangling link's target was not created through the link"

# 2. A FIFO is written in place (not replaced by a regular file).
mkfifo pipe.csv
cat pipe.csv >from-pipe.csv &
reader=$!
"$cli" convert in.csv -o pipe.csv || fail "convert -o pipe.csv exited $?"
wait "$reader"
[[ -p pipe.csv ]] || fail "pipe.csv is no longer a FIFO"
grep -q '^1000,2' from-pipe.csv || fail "nothing arrived through the FIFO"

# 3. "-" is standard output, for text and audio outputs.
"$cli" convert in.csv -o - --to csv >stdout.csv || fail "convert -o - exited $?"
[[ -e - ]] && fail "a file named '-' was created"
grep -q '^10000,3' stdout.csv || fail "convert -o - printed no table"
"$cli" sweep --duration 0.5 --f1 20 --f2 20k -o - >stdout.wav 2>/dev/null || fail "sweep -o - exited $?"
[[ "$(head -c 4 stdout.wav)" == RIFF ]] || fail "sweep -o - wrote no WAV to stdout"
# An audio file through a symlink.
echo old >real.wav && ln -s real.wav link.wav
"$cli" sweep --duration 0.5 --f1 20 --f2 20k -o link.wav >/dev/null || fail "sweep -o link.wav exited $?"
[[ -L link.wav && "$(head -c 4 real.wav)" == RIFF ]] || fail "sweep did not write through link.wav"

# 4. A directory is refused with one error line, exit 2, and left as it was.
mkdir adir
"$cli" grid --type r40 -o adir 2>err.txt
code=$?
[[ $code -eq 2 ]] || fail "grid -o adir exited $code, expected 2"
grep -q '^iemlab: error: .*adir.*directory' err.txt || fail "no one-line 'is a directory' error: $(cat err.txt)"
[[ -d adir ]] || fail "adir was replaced"

# 5. No temporary file anywhere.
if compgen -G '*.partial*' >/dev/null; then fail "temporary files left: $(echo *.partial*)"; fi
[[ $status -eq 0 ]] && echo "ok: symlink kept, FIFO written in place, -o - on stdout, directory refused"
exit $status

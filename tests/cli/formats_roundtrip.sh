#!/usr/bin/env bash
# Usage: formats_roundtrip.sh IEMLAB DATA_DIR OUT_DIR
# Every real response file in DATA_DIR (autoeq/, autoeq/legacy_inear/, targets/) converts to every writable
# format; converting the result again to the same format reproduces it byte for byte (round trip exact at the
# printed precision); AutoEq CSVs come back identical to the original bytes; squig files have REW's 14 header
# lines and 480 rows, AutoEq files 695 rows.
set -u
cli=$1 data=$2 out=$3
[[ -d $data ]] || { echo "no third-party data at $data"; exit 1; } # ctest skips (tests/cli/CMakeLists.txt)
mkdir -p "$out"/{1,2}
status=0 count=0
fail() { echo "FAIL: $*"; status=1; }
shopt -s nullglob
for f in "$data"/autoeq/*.csv "$data"/autoeq/legacy_inear/*.csv "$data"/targets/*.txt; do
  base=$(basename "$f"); base=${base%.*}
  for fmt in rew squig autoeq frd zma csv; do
    a="$out/1/$base.$fmt" b="$out/2/$base.$fmt" # same stem: the response name is the file's stem
    "$cli" convert "$f" -o "$a" --to "$fmt" || { fail "$f -> $fmt"; continue; }
    "$cli" convert "$a" -o "$b" --to "$fmt" --from "$fmt" || { fail "$a -> $fmt"; continue; }
    cmp -s "$a" "$b" || fail "$f: $fmt round trip differs ($a vs $b)"
    case $fmt in
      squig) [[ $(grep -c '^\*' "$a") -eq 14 && $(grep -vc '^\*' "$a") -eq 480 ]] || fail "$a: not 14 header lines + 480 rows";;
      autoeq) [[ $(head -1 "$a") == "frequency,raw" && $(wc -l <"$a") -eq 696 ]] || fail "$a: not frequency,raw + 695 rows";;
    esac
    count=$((count + 1))
  done
  if [[ $f == *.csv ]]; then
    "$cli" convert "$f" -o "$out/$base.identity.csv" --to autoeq && cmp -s "$f" "$out/$base.identity.csv" ||
      fail "$f: AutoEq -> AutoEq is not byte-identical"
  fi
done
[[ $count -ge 114 ]] || fail "only $count conversions ran (expected 19 files x 6 formats)"
[[ $status -eq 0 ]] && echo "ok: $count conversions round-trip exactly"
exit $status

#!/usr/bin/env bash
# Usage: check_csv.sh FILE HEADER ROWS [COLUMN MIN MAX]...
# Passes when FILE's first line is exactly HEADER, it has ROWS data rows ("-" for any number > 0), and every value
# of each named COLUMN lies in [MIN, MAX].
set -u
file=$1 header=$2 rows=$3
shift 3
[[ -f $file ]] || { echo "$file does not exist"; exit 1; }
first=$(head -n1 "$file")
[[ $first == "$header" ]] || { echo "header is '$first', expected '$header'"; exit 1; }
count=$(($(wc -l <"$file") - 1))
if [[ $rows == - ]]; then ((count > 0)) || { echo "no data rows"; exit 1; }
elif ((count != rows)); then echo "$count data rows, expected $rows"; exit 1; fi
while (($# >= 3)); do
  column=$1 lo=$2 hi=$3
  shift 3
  awk -F, -v col="$column" -v lo="$lo" -v hi="$hi" '
    NR == 1 { for (i = 1; i <= NF; ++i) if ($i == col) c = i; if (!c) { print "no column " col; exit 1 } next }
    { if (!($c + 0 >= lo + 0 && $c + 0 <= hi + 0)) { print col " = " $c " at line " NR " outside [" lo ", " hi "]"; bad = 1; exit 1 } }
    END { exit bad }' "$file" || exit 1
done
echo "ok: $(basename "$file")"

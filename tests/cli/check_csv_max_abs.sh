#!/usr/bin/env bash
# Usage: check_csv_max_abs.sh FILE HEADER COLUMN MAX_ABS [MIN_ROWS [FROM_FREQUENCY]]
# Passes when FILE's first line is exactly HEADER, it has at least MIN_ROWS (default 10) data rows, and every
# value in the 1-based COLUMN has |value| <= MAX_ABS (on rows whose first column is >= FROM_FREQUENCY, default 0).
set -u
file=$1 header=$2 column=$3 max_abs=$4 min_rows=${5:-10} from=${6:-0}
[[ -f $file ]] || { echo "missing $file"; exit 1; }
first=$(head -n1 "$file" | tr -d '\r')
[[ $first == "$header" ]] || { echo "header '$first', expected '$header'"; exit 1; }
awk -F, -v c="$column" -v m="$max_abs" -v n="$min_rows" -v from="$from" '
  NR > 1 && $1 + 0 >= from + 0 { rows++; v = $c + 0; if (v < 0) v = -v; if (v > worst) { worst = v; at = $1 } if ($c == "" || $c ~ /nan|inf/) bad++ }
  END {
    if (bad) { print bad " empty or non-finite values"; exit 1 }
    if (rows < n) { print "only " rows " rows"; exit 1 }
    if (worst > m) { print "|column " c "| reaches " worst " at " at ", limit " m; exit 1 }
    print "ok: " rows " rows, max |column " c "| = " worst
  }' "$file"

#!/usr/bin/env python3
"""Checks on `iemlab simulate` CSVs (standard library only).

  sweep_checks.py same A.csv COLUMN_A B.csv COLUMN_B LIMIT
      the largest |A − B| over the common frequencies is at most LIMIT (LIMIT < 0: must exceed −LIMIT)
  sweep_checks.py header FILE NAME,NAME,…
      the first line is exactly these column names
  sweep_checks.py rows FILE N
      FILE has a header and N data rows
"""
import csv
import sys


def column(path, name):
    rows = list(csv.reader(open(path)))
    if name not in rows[0]:
        print(f"{path}: no column {name!r} in {rows[0]}")
        sys.exit(1)
    k = rows[0].index(name)
    return {float(r[0]): float(r[k]) for r in rows[1:]}


def same(a, col_a, b, col_b, limit):
    x, y = column(a, col_a), column(b, col_b)
    common = [f for f in x if f in y]
    if len(common) < 3:
        print(f"only {len(common)} common frequencies")
        return False
    worst = max(abs(x[f] - y[f]) for f in common)
    print(f"max |{col_a} - {col_b}| = {worst:.6g} over {len(common)} points (limit {limit})")
    return worst <= limit if limit >= 0 else worst > -limit


def main(argv):
    if len(argv) == 7 and argv[1] == "same":
        return 0 if same(argv[2], argv[3], argv[4], argv[5], float(argv[6])) else 1
    if len(argv) == 4 and argv[1] == "header":
        got = open(argv[2]).readline().rstrip("\n")
        print(f"header: {got}")
        return 0 if got == argv[3] else 1
    if len(argv) == 4 and argv[1] == "rows":
        rows = [r for r in csv.reader(open(argv[2])) if r]
        print(f"{len(rows) - 1} data rows: {rows}")
        return 0 if len(rows) - 1 == int(argv[3]) else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Checks on `iemlab simulate` CSVs (standard library only).

  sweep_checks.py same A.csv COLUMN_A B.csv COLUMN_B LIMIT
      the largest |A − B| over the common frequencies is at most LIMIT (LIMIT < 0: at every common frequency
      |A − B| must exceed −LIMIT)
  sweep_checks.py offset A.csv COLUMN_A B.csv COLUMN_B EXPECTED LIMIT
      at every common frequency |A − B − EXPECTED| is at most LIMIT (at least 3 common frequencies)
  sweep_checks.py tilt FILE R L C_SERIES R_P C_P
      tilt_db = 20·log10|Z/(Z + Z_s)| at every row, Z from impedance_ohm and impedance_phase_deg, and
      Z_s = R + jωL + 1/(jωC_series) + R_p/(1 + jωR_pC_p) (C_SERIES or R_P 0: absent), within 1e-4 dB
  sweep_checks.py header FILE NAME,NAME,…
      the first line is exactly these column names
  sweep_checks.py rows FILE N
      FILE has a header and N data rows
"""
import cmath
import csv
import math
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
    least = min(abs(x[f] - y[f]) for f in common)
    print(f"|{col_a} - {col_b}| from {least:.6g} to {worst:.6g} over {len(common)} points (limit {limit})")
    return worst <= limit if limit >= 0 else least > -limit


def offset(a, col_a, b, col_b, expected, limit):
    x, y = column(a, col_a), column(b, col_b)
    common = [f for f in x if f in y]
    if len(common) < 3:
        print(f"only {len(common)} common frequencies")
        return False
    for f in common:
        print(f"{f} Hz: {col_a} - {col_b} = {x[f] - y[f]:.4f} (expected {expected} ± {limit})")
    return all(abs(x[f] - y[f] - expected) <= limit for f in common)


def tilt(path, r, l, c_series, r_p, c_p):
    z_abs, phase, got = column(path, "impedance_ohm"), column(path, "impedance_phase_deg"), column(path, "tilt_db")
    worst = 0.0
    for f in z_abs:
        w = 2 * math.pi * f
        z = cmath.rect(z_abs[f], math.radians(phase[f]))
        zs = complex(r, w * l)
        if c_series > 0:
            zs += 1 / complex(0, w * c_series)
        if r_p > 0:
            zs += r_p / complex(1, w * r_p * c_p)
        expected = 20 * math.log10(abs(z / (z + zs)))
        worst = max(worst, abs(expected - got[f]))
        print(f"{f} Hz: tilt {got[f]:.6f} dB, closed form {expected:.6f} dB")
    return worst <= 1e-4


def main(argv):
    if len(argv) == 7 and argv[1] == "same":
        return 0 if same(argv[2], argv[3], argv[4], argv[5], float(argv[6])) else 1
    if len(argv) == 8 and argv[1] == "offset":
        return 0 if offset(argv[2], argv[3], argv[4], argv[5], float(argv[6]), float(argv[7])) else 1
    if len(argv) == 8 and argv[1] == "tilt":
        return 0 if tilt(argv[2], *map(float, argv[3:8])) else 1
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

#!/usr/bin/env python3
"""Checks on the files `iemlab measure` writes (standard library only).

  measure_checks.py seal SUMMARY.json CHANNEL VERDICTS
      the channel's insertions carry exactly these seal verdicts, comma-separated (e.g. ok,leak,ok)
  measure_checks.py diff-below A.csv B.csv COLUMN F_MAX LIMIT
      the largest |A − B| of COLUMN over frequencies <= F_MAX is below LIMIT (LIMIT < 0: must exceed −LIMIT)
"""
import csv
import json
import sys


def seal(path, channel, verdicts):
    iems = json.load(open(path))["iems"]
    got = [i.get("seal") for i in next(c for c in iems[0]["channels"] if c["name"] == channel)["insertions"]]
    print(f"{channel}: seal {got} (expected {verdicts})")
    return got == verdicts.split(",")


def column(path, name):
    rows = list(csv.reader(open(path)))
    k = rows[0].index(name)
    return {float(r[0]): float(r[k]) for r in rows[1:]}


def diff_below(a, b, name, f_max, limit):
    x, y = column(a, name), column(b, name)
    common = [f for f in x if f in y and f <= f_max]
    if len(common) < 10:
        print(f"only {len(common)} common frequencies up to {f_max} Hz")
        return False
    worst = max(abs(x[f] - y[f]) for f in common)
    print(f"max |{name} difference| up to {f_max} Hz: {worst:.4f} dB over {len(common)} points (limit {limit})")
    return worst < limit if limit >= 0 else worst > -limit


def main(argv):
    if len(argv) == 5 and argv[1] == "seal":
        return 0 if seal(argv[2], argv[3], argv[4]) else 1
    if len(argv) == 7 and argv[1] == "diff-below":
        return 0 if diff_below(argv[2], argv[3], argv[4], float(argv[5]), float(argv[6])) else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

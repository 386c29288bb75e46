#!/usr/bin/env python3
"""Speed of iemlab's FFT relative to FFTW from one iemlab-bench JSON run.

usage: iemlab-bench --benchmark_filter='^fft/' --benchmark_repetitions=5 \
           --benchmark_enable_random_interleaving=true --benchmark_out=fft.json
       scripts/fft-ratios.py fft.json

Uses the median CPU time of the repetitions (the mean when the run had none) and prints, per kind and N,
both libraries' GFLOPS (2.5·N·log2 N / t; half for real) and the ratio t_fftw / t_iemlab (> 1: iemlab faster).
"""
import json
import math
import sys
from collections import defaultdict


def main(path):
    with open(path) as f:
        data = json.load(f)
    ctx = data.get("context", {})
    print(f"# {ctx.get('cpu_model', '?')} | iemlab level {ctx.get('simd_level', '?')} | {ctx.get('fftw_version', 'no FFTW')}")
    times = defaultdict(dict)  # (kind, type, n) -> {lib: seconds}
    have_median = any(b.get("aggregate_name") == "median" for b in data["benchmarks"])
    for b in data["benchmarks"]:
        if have_median and b.get("aggregate_name") != "median":
            continue
        name = b["run_name"] if "run_name" in b else b["name"]
        parts = name.split("/")
        if len(parts) != 5 or parts[0] != "fft":
            continue
        _, lib, kind, typ, n = parts
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
        times[(kind, typ, int(n))][lib] = b["cpu_time"] * scale
    print(f"{'kind':8} {'type':4} {'N':>8} {'iemlab GFLOPS':>14} {'FFTW GFLOPS':>12} {'ratio':>6}")
    for (kind, typ, n) in sorted(times):
        t = times[(kind, typ, n)]
        flops = 2.5 * n * math.log2(n) / (2 if kind == "real" else 1)
        gi = flops / t["iemlab"] * 1e-9 if "iemlab" in t else float("nan")
        gf = flops / t["fftw"] * 1e-9 if "fftw" in t else float("nan")
        ratio = t["fftw"] / t["iemlab"] if "iemlab" in t and "fftw" in t else float("nan")
        print(f"{kind:8} {typ:4} {n:>8} {gi:14.2f} {gf:12.2f} {ratio:6.2f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/dev/stdin")

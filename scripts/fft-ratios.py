#!/usr/bin/env python3
"""Speed of iemlab's FFT relative to FFTW from one iemlab-bench JSON run.

usage: iemlab-bench --benchmark_filter='^fft/' --benchmark_repetitions=5 \\
           --benchmark_enable_random_interleaving=true --benchmark_out=fft.json
       scripts/fft-ratios.py [--markdown] fft.json

Uses the median CPU time of the repetitions (the mean when the run had none) and prints, per kind and N,
both libraries' GFLOPS (2.5·N·log2 N / t; half for real), the ratio t_fftw / t_iemlab (> 1: iemlab faster) and
both times per point, t / (N·log2 N) in nanoseconds (the scaling column: flat where the cost per butterfly does
not depend on N). --markdown prints the ratios as one table (a row per kind and precision, a column per N), then
the scaling values per kind.
"""
import json
import math
import sys
from collections import defaultdict


def load(path):
    with open(path) as f:
        data = json.load(f)
    times = defaultdict(dict)  # (kind, type, n) -> {lib: seconds}
    have_median = any(b.get("aggregate_name") == "median" for b in data["benchmarks"])
    for b in data["benchmarks"]:
        if have_median and b.get("aggregate_name") != "median":
            continue
        if b.get("run_type") == "aggregate" and not have_median:
            continue
        name = b["run_name"] if "run_name" in b else b["name"]
        parts = name.split("/")
        if len(parts) != 5 or parts[0] != "fft":
            continue
        _, lib, kind, typ, n = parts
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
        times[(kind, typ, int(n))][lib] = b["cpu_time"] * scale
    return data.get("context", {}), times


def header(ctx):
    fftw = ctx.get("fftw_version", "no FFTW")
    where = ctx.get("fftw_prefix")
    return (f"{ctx.get('cpu_model', '?')} | iemlab level {ctx.get('simd_level', '?')} | {fftw}"
            + (f" from {where}" if where else "") + f" | {ctx.get('fftw_planner', '')} | load {ctx.get('load_avg')}")


def per_point_ns(t, n):
    return t / (n * math.log2(n)) * 1e9


def plain(ctx, times):
    print(f"# {header(ctx)}")
    print(f"{'kind':8} {'type':4} {'N':>8} {'iemlab GFLOPS':>14} {'FFTW GFLOPS':>12} {'ratio':>6}"
          f" {'iemlab ns/NlgN':>15} {'FFTW ns/NlgN':>13}")
    for (kind, typ, n) in sorted(times):
        t = times[(kind, typ, n)]
        flops = 2.5 * n * math.log2(n) / (2 if kind == "real" else 1)
        nan = float("nan")
        gi = flops / t["iemlab"] * 1e-9 if "iemlab" in t else nan
        gf = flops / t["fftw"] * 1e-9 if "fftw" in t else nan
        ratio = t["fftw"] / t["iemlab"] if "iemlab" in t and "fftw" in t else nan
        si = per_point_ns(t["iemlab"], n) if "iemlab" in t else nan
        sf = per_point_ns(t["fftw"], n) if "fftw" in t else nan
        print(f"{kind:8} {typ:4} {n:>8} {gi:14.2f} {gf:12.2f} {ratio:6.2f} {si:15.4f} {sf:13.4f}")


def size_label(n):
    k = n.bit_length() - 1
    return f"2^{k}" if 1 << k == n else str(n)


def markdown(ctx, times):
    print(f"{header(ctx)}\n")
    cases = sorted({(kind, typ) for kind, typ, _ in times}, key=lambda c: (c[0] != "real", c[1]))
    sizes = sorted({n for _, _, n in times}, key=lambda n: (n & (n - 1) != 0, n))

    def table(title, cell):
        print(title + "\n")
        print("| kind | " + " | ".join(size_label(n) for n in sizes) + " |")
        print("|---|" + "---|" * len(sizes))
        for kind, typ in cases:
            cells = [cell(times.get((kind, typ, n), {}), n) for n in sizes]
            print(f"| {kind} {typ} | " + " | ".join(cells) + " |")

    def ns(t, lib, n):
        return f"{per_point_ns(t[lib], n):.3f}" if lib in t else "–"

    table("t_FFTW / t_iemlab (above 1: iemlab faster)",
          lambda t, n: f"{t['fftw'] / t['iemlab']:.2f}" if "fftw" in t and "iemlab" in t else "–")
    print()
    table("t / (N·log2 N) in ns, iemlab / FFTW", lambda t, n: f"{ns(t, 'iemlab', n)} / {ns(t, 'fftw', n)}")


def main(argv):
    md = "--markdown" in argv
    paths = [a for a in argv if a != "--markdown"]
    if len(paths) > 1 or any(a.startswith("-") and a != "-" for a in paths):
        sys.exit("usage: fft-ratios.py [--markdown] [bench.json]")
    ctx, times = load(paths[0] if paths and paths[0] != "-" else "/dev/stdin")
    (markdown if md else plain)(ctx, times)


if __name__ == "__main__":
    main(sys.argv[1:])

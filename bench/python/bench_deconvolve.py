#!/usr/bin/env python3
"""Deconvolution called from Python against the same work in C++: a 10 s stereo recording at 48 kHz (a 9 s
synchronized sweep plus 1 s of tail, float32), deconvolved with a plan built outside the timed loop — the
workload of iemlab-bench's deconvolve/<method>/f32/stereo_10s_48k (bench/bench_deconvolve.cpp).

Times, per call on both channels (best of --rounds rounds of --repeats calls each):
  python   plan(recording, out=buffer) from Python: argument checks, the GIL released, no allocation;
  new      plan(recording): the same with a new (2, fft_size) float32 array per call (its page faults);
  c++      Deconvolver.time_execute(): the same execute() calls in a C++ loop, no Python in between;
  bench    iemlab-bench's own benchmark, when --bench names the executable (build/release/bin/iemlab-bench).
and prints python/c++ (and python/bench). A ratio below 1.10 means the binding costs less than 10 %.

Usage: PYTHONPATH=build/release/python python3 bench/python/bench_deconvolve.py [--method synchronized]
       [--repeats 3] [--rounds 20] [--bench build/release/bin/iemlab-bench]
Not a test: timings depend on the machine and its load.
"""
import argparse
import json
import subprocess
import time

import numpy as np

import iemlab

RATE = 48000.0
LENGTH = 480000  # 10 s


def recording(sweep):
    """Both channels: a mildly nonlinear copy of the sweep 100 samples late, plus a little noise (as in C++)."""
    x = sweep.samples(np.float32)
    rng = np.random.default_rng(3)
    y = np.zeros((2, LENGTH), dtype=np.float32)
    for c in range(2):
        y[c, 100:100 + len(x)] = 0.8 * x + 0.01 * (c + 1) * x * x
        y[c] += rng.normal(0, 1e-4, LENGTH).astype(np.float32)
    return y


def best_python_time(plan, y, repeats, rounds, out=None):
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeats):
            plan(y, out=out)
        best = min(best, (time.perf_counter() - start) / repeats)
    return best


def bench_time(executable, method):
    name = f"deconvolve/{method}/f32/stereo_10s_48k"
    out = subprocess.run([executable, f"--benchmark_filter=^{name}$", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    for b in json.loads(out)["benchmarks"]:
        if b["name"] == name:
            scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
            return b["real_time"] * scale
    raise SystemExit(f"{executable}: no benchmark {name}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--method", default="synchronized", choices=["synchronized", "farina", "kirkeby"])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--bench", help="iemlab-bench executable, to compare with its benchmark too")
    a = p.parse_args()

    sweep = iemlab.Sweep("synchronized", f1=20, f2=20000, duration=9, rate=RATE)
    y = recording(sweep)
    plan = iemlab.Deconvolver(sweep, LENGTH, method=a.method, dtype=np.float32,
                              excitation=sweep.samples(np.float32))
    out = plan(y)  # warm up; the buffer the steady-state calls write into
    # Rounds interleaved, so that a change of the machine's load meets all three alike; best of the rounds.
    python = fresh = cpp = float("inf")
    for _ in range(a.rounds):
        python = min(python, best_python_time(plan, y, a.repeats, 1, out))
        fresh = min(fresh, best_python_time(plan, y, a.repeats, 1))
        cpp = min(cpp, plan.time_execute(y, a.repeats))
    print(f"deconvolve/{a.method}/f32/stereo_10s_48k, fft {plan.fft_size}")
    print(f"  python  {python * 1e3:8.2f} ms per call (both channels, out=)")
    print(f"  new     {fresh * 1e3:8.2f} ms per call (a new output array each call)")
    print(f"  c++     {cpp * 1e3:8.2f} ms per call (Deconvolver.time_execute)")
    print(f"  ratio python/c++ = {python / cpp:.3f}")
    if a.bench:
        bench = bench_time(a.bench, a.method)
        print(f"  bench   {bench * 1e3:8.2f} ms per call (iemlab-bench)")
        print(f"  ratio python/bench = {python / bench:.3f}")


if __name__ == "__main__":
    main()

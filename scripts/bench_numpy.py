#!/usr/bin/env python3
"""Times numpy.fft on the FFT sizes iemlab-bench ran, for the benchmark report (scripts/bench-report.sh).

usage: scripts/bench_numpy.py [--from-bench BENCH.json ...] [--sizes N,N,...] [--min-time 0.2] [--repeat 5]
                              -o numpy.json

numpy.fft.rfft (real input) and numpy.fft.fft (complex input), forward, on float64/complex128 ("f64") and
float32/complex64 ("f32") data. Each case is timed with timeit: the number of calls per repetition is doubled
until one repetition lasts at least --min-time seconds, then the best of --repeat repetitions is kept (the usual
timeit convention; the median is recorded as well). Sizes come from the fft/iemlab/... entries of the given
iemlab-bench JSON files, so both sides cover the same N; without any, 2^8 ... 2^22.

What is measured is what a numpy user gets: a call through Python that allocates its output array. For small N
that fixed cost (about a microsecond) dominates. numpy 1.x's pocketfft has no single-precision path: float32
input is converted to float64 and the result is complex128, so "f32" here costs a conversion plus a double
transform. The JSON records the output dtype so the report can say which case applies (numpy 2.x keeps float32).
"""
import argparse
import json
import math
import platform
import statistics
import sys
import timeit

import numpy as np

INPUT_DTYPES = {  # (kind, type) -> numpy dtype of the input array
    ("real", "f64"): np.float64,
    ("real", "f32"): np.float32,
    ("complex", "f64"): np.complex128,
    ("complex", "f32"): np.complex64,
}


def sizes_from_bench(paths):
    """The N of every fft/iemlab/<kind>/<type>/<N> benchmark in the given iemlab-bench JSON files."""
    sizes = set()
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        for b in data.get("benchmarks", []):
            parts = b.get("run_name", b["name"]).split("/")
            if len(parts) == 5 and parts[0] == "fft" and parts[1] == "iemlab":
                sizes.add(int(parts[4]))
    return sorted(sizes)


def make_input(kind, typ, n, rng):
    dtype = INPUT_DTYPES[(kind, typ)]
    x = rng.uniform(-1.0, 1.0, n)  # the same distribution as bench_fft.cpp
    if kind == "complex":
        x = x + 1j * rng.uniform(-1.0, 1.0, n)
    return np.ascontiguousarray(x.astype(dtype))


def time_call(fn, min_time, repeat):
    """Seconds per call: (best, median) over `repeat` repetitions of `number` calls, each >= min_time long."""
    timer = timeit.Timer(fn)
    number = 1
    while True:  # like Timer.autorange, but to our min_time and by doubling
        t = timer.timeit(number)
        if t >= min_time:
            break
        # Jump close to the target when the estimate is reliable, to spend less time calibrating.
        number = max(2 * number, int(number * min_time / t * 1.1)) if t > 1e-3 else 2 * number
    runs = [t] + timer.repeat(repeat=repeat - 1, number=number)
    per_call = [r / number for r in runs]
    return min(per_call), statistics.median(per_call), number


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--from-bench", nargs="*", default=[], metavar="JSON", help="iemlab-bench JSON output(s)")
    ap.add_argument("--sizes", help="comma-separated N (overrides --from-bench)")
    ap.add_argument("--min-time", type=float, default=0.2, help="seconds per repetition (default 0.2)")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions, best kept (default 5)")
    ap.add_argument("-o", "--output", required=True, help="JSON file to write")
    args = ap.parse_args()

    if args.sizes:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    elif args.from_bench:
        sizes = sizes_from_bench(args.from_bench)
    else:
        sizes = [1 << k for k in range(8, 23)]

    rng = np.random.default_rng(1)
    results = []
    for kind, typ in INPUT_DTYPES:
        transform = np.fft.rfft if kind == "real" else np.fft.fft
        for n in sizes:
            x = make_input(kind, typ, n, rng)
            out_dtype = str(transform(x).dtype)  # also warms up caches and pocketfft's twiddle setup
            best, median, number = time_call(lambda: transform(x), args.min_time, args.repeat)
            flops = 2.5 * n * math.log2(n) / (2 if kind == "real" else 1)
            results.append({
                "kind": kind, "type": typ, "n": n,
                "seconds": best, "median_seconds": median, "calls_per_repetition": number,
                "gflops": flops / best * 1e-9,
                "input_dtype": str(np.dtype(INPUT_DTYPES[(kind, typ)])), "output_dtype": out_dtype,
            })
            print(f"numpy {kind:7} {typ} {n:>8}: {best * 1e6:10.2f} us", file=sys.stderr)

    # Which precision numpy really computes single-precision input in: its output type tells.
    f32_out = {r["output_dtype"] for r in results if r["type"] == "f32"}
    out = {
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "transform": "numpy.fft.rfft (real), numpy.fft.fft (complex), forward, default norm",
        "f32_computed_in": ("float64 (input converted; output complex128)" if f32_out == {"complex128"}
                            else "float32 (output complex64)" if f32_out == {"complex64"}
                            else ", ".join(sorted(f32_out)) or "not measured"),
        "statistic": f"best of {args.repeat} repetitions, each >= {args.min_time} s",
        "min_time": args.min_time,
        "repeat": args.repeat,
        "results": results,
    }
    with open(args.output, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

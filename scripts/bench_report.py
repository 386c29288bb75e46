#!/usr/bin/env python3
"""Merges iemlab-bench runs (one per SIMD level) and the numpy timings into report.json and report.html.

usage: scripts/bench_report.py --out DIR [--numpy numpy.json] [--build-dir build/release]
                               [--setting key=value ...] bench-<level>.json ...
       scripts/bench_report.py --compare A/report.json B/report.json

Normally called by scripts/bench-report.sh; docs/benchmarking.md explains every number. Conventions are those of
scripts/fft-ratios.py: the median CPU time of the repetitions (the mean, or the single run, when there are no
aggregates); GFLOPS = 2.5·N·log2 N / t for complex FFTs and half of that for real ones; ratios are
t_other / t_iemlab, so > 1 means iemlab is faster. The level of a run is read from its JSON context
(simd_level), not from the file name: iemlab-bench caps --arch to what the CPU supports.

Standard library only, so a report can be rebuilt from the raw JSON on any machine. The HTML is self-contained
(inline CSS and SVG, no script, no external font) and written as well-formed XML, so `xmllint --noout` can
check it.
"""
import argparse
import datetime
import html
import json
import math
import os
import platform
import re
import socket
import subprocess
import sys

LEVEL_ORDER = ["scalar", "sse2", "avx2", "avx512"]  # ascending; the last present is what --arch=auto picks
FFT_CASES = [("real", "f32"), ("real", "f64"), ("complex", "f32"), ("complex", "f64")]
UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
NUMPY_GOAL = 3.0  # issue 10: iemlab's real FFT at least 3x numpy.fft.rfft

COLOURS = {"scalar": "#8c564b", "sse2": "#1f77b4", "avx2": "#2ca02c", "avx512": "#d62728",
           "FFTW": "#000000", "numpy": "#ff7f0e"}


class ReportError(Exception):
    """A problem with the inputs, reported as one line by main()."""


# ---------------------------------------------------------------------------------------------------- reading

def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise ReportError(f"cannot read {path}: {e}") from e


def medians(data):
    """run name -> (median CPU seconds, label) for one iemlab-bench JSON; errored benchmarks -> error list."""
    rows = data.get("benchmarks", [])
    have_median = any(b.get("aggregate_name") == "median" for b in rows)
    have_mean = any(b.get("aggregate_name") == "mean" for b in rows)
    times, errors = {}, []
    for b in rows:
        name = b.get("run_name", b["name"])
        if b.get("error_occurred"):
            errors.append(f"{name}: {b.get('error_message', 'error')}")
            continue
        wanted = "median" if have_median else "mean" if have_mean else None
        if b.get("aggregate_name") != wanted:  # None == None keeps the plain runs of an aggregate-free file
            continue
        times[name] = (b["cpu_time"] * UNIT_SECONDS[b.get("time_unit", "ns")], b.get("label", ""))
    return times, errors


def fft_key(name):
    """'fft/<lib>/<kind>/<type>/<N>' -> (lib, kind, type, N), anything else -> None."""
    parts = name.split("/")
    if len(parts) == 5 and parts[0] == "fft" and parts[4].isdigit():
        return parts[1], parts[2], parts[3], int(parts[4])
    return None


def fft_flops(kind, n):
    return 2.5 * n * math.log2(n) / (2 if kind == "real" else 1)


def compiler_info(build_dir):
    """The compiler and flags of the build that made iemlab-bench, from its CMakeCache (best effort)."""
    cache = os.path.join(build_dir, "CMakeCache.txt") if build_dir else ""
    if not cache or not os.path.exists(cache):
        return {}
    values = {}
    with open(cache, errors="replace") as f:
        for line in f:
            m = re.match(r"(CMAKE_CXX_COMPILER|CMAKE_BUILD_TYPE|CMAKE_CXX_FLAGS(?:_RELEASE)?):\w+=(.*)", line)
            if m:
                values[m.group(1)] = m.group(2).strip()
    info = {k.lower(): v for k, v in values.items()}
    if "CMAKE_CXX_COMPILER" in values:
        try:
            out = subprocess.run([values["CMAKE_CXX_COMPILER"], "--version"], capture_output=True, text=True,
                                 timeout=10, check=False).stdout
            info["compiler_version"] = out.splitlines()[0] if out else ""
        except (OSError, subprocess.SubprocessError):
            pass
    return info


def os_name():
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system()


# ---------------------------------------------------------------------------------------------------- merging

def build_report(bench_paths, numpy_path, build_dir, settings):
    runs = {}  # level -> {"times":…, "context":…}
    errors = []
    for path in bench_paths:
        data = load_json(path)
        ctx = data.get("context", {})
        level = ctx.get("simd_level")
        if level not in LEVEL_ORDER:
            raise ReportError(f"{path}: no known simd_level in the JSON context (is it iemlab-bench output?)")
        if level in runs:
            raise ReportError(f"{path}: a second run at level {level}")
        times, errs = medians(data)
        errors += [f"{level}: {e}" for e in errs]
        runs[level] = {"times": times, "context": ctx, "path": os.path.basename(path)}
    if not runs:
        raise ReportError("no iemlab-bench JSON given")
    levels = [lv for lv in LEVEL_ORDER if lv in runs]
    best = levels[-1]

    # FFTW does not depend on --arch, so it normally ran at one level only; take it from wherever it is,
    # preferring the best level's run (measured side by side with the headline iemlab numbers).
    fftw = {}
    for level in [best] + levels[:-1]:
        for name, (t, _) in runs[level]["times"].items():
            k = fft_key(name)
            if k and k[0] == "fftw":
                fftw.setdefault(k[1:], t)

    numpy_data = load_json(numpy_path) if numpy_path else None
    numpy_times = {}
    if numpy_data:
        for r in numpy_data.get("results", []):
            numpy_times[(r["kind"], r["type"], r["n"])] = r["seconds"]

    iemlab = {}  # (kind, type, n) -> {level: seconds}
    end_to_end = {}  # name -> {level: {"seconds", "label"}}
    for level in levels:
        for name, (t, label) in runs[level]["times"].items():
            k = fft_key(name)
            if k is None:
                end_to_end.setdefault(name, {})[level] = {"seconds": t, "label": label}
            elif k[0] == "iemlab":
                iemlab.setdefault(k[1:], {})[level] = t

    def gflops(kind, n, t):
        return fft_flops(kind, n) / t * 1e-9

    fft_rows = []
    for key in sorted(set(iemlab) | set(fftw), key=lambda k: (FFT_CASES.index(k[:2]) if k[:2] in FFT_CASES
                                                             else 99, k)):
        kind, typ, n = key
        row = {"kind": kind, "type": typ, "n": n, "flops": fft_flops(kind, n), "iemlab": {}}
        t_fftw, t_numpy = fftw.get(key), numpy_times.get(key)
        for level, t in iemlab.get(key, {}).items():
            row["iemlab"][level] = {
                "seconds": t, "gflops": gflops(kind, n, t),
                "ratio_fftw": t_fftw / t if t_fftw else None,
                "ratio_numpy": t_numpy / t if t_numpy else None,
            }
        row["fftw"] = {"seconds": t_fftw, "gflops": gflops(kind, n, t_fftw)} if t_fftw else None
        row["numpy"] = {"seconds": t_numpy, "gflops": gflops(kind, n, t_numpy)} if t_numpy else None
        fft_rows.append(row)
    add_scaling(fft_rows, levels)

    # The goal check: the real FFT at the best level against numpy.fft.rfft, per precision.
    goals = []
    for typ in ("f32", "f64"):
        ratios = [(r["n"], r["iemlab"][best]["ratio_numpy"]) for r in fft_rows
                  if r["kind"] == "real" and r["type"] == typ and best in r["iemlab"]
                  and r["iemlab"][best]["ratio_numpy"] is not None]
        if ratios:
            below = [n for n, q in ratios if q < NUMPY_GOAL]
            goals.append({"goal": f"real {typ} FFT at {best} >= {NUMPY_GOAL:g}x numpy.fft.rfft",
                          "met": not below, "min_ratio": min(q for _, q in ratios), "sizes_below": below})

    first_ctx = runs[best]["context"]
    machine = {
        "host": first_ctx.get("host_name") or socket.gethostname(),
        "cpu_model": first_ctx.get("cpu_model", "unknown"),
        "cpu_features": first_ctx.get("cpu_features", ""),
        "num_cpus": first_ctx.get("num_cpus"),
        "mhz_per_cpu": first_ctx.get("mhz_per_cpu"),
        "cpu_scaling_enabled": first_ctx.get("cpu_scaling_enabled"),
        "caches": [f"L{c['level']} {c['type']} {c['size'] // 1024} KiB" + (f" (shared by {c['num_sharing']})"
                   if c.get("num_sharing", 1) > 1 else "") for c in first_ctx.get("caches", [])],
        "kernel": f"{platform.system()} {platform.release()} {platform.machine()}",
        "os": os_name(),
        # Which FFTW: version string (it lists the SIMD codelets compiled in), compiler and flags, installation
        # (IEMLAB_FFTW_PREFIX, or the system's) and planner flag, from the run that timed it.
        **{key: next((r["context"].get(key) for r in runs.values() if r["context"].get(key)), None)
           for key in ("fftw_version", "fftw_cc", "fftw_prefix", "fftw_planner")},
        "benchmark_library_build_type": first_ctx.get("library_build_type"),
        "numpy_version": numpy_data.get("numpy_version") if numpy_data else None,
        "numpy_f32_computed_in": numpy_data.get("f32_computed_in") if numpy_data else None,
        **compiler_info(build_dir),
    }
    return {
        "format": "iemlab-bench-report 1",
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine,
        "settings": settings,
        "levels": levels,
        "best_level": best,
        "runs": {lv: {"date": runs[lv]["context"].get("date"), "load_avg": runs[lv]["context"].get("load_avg"),
                      "simd_level_requested": runs[lv]["context"].get("simd_level_requested"),
                      "raw": runs[lv]["path"], "benchmarks": len(runs[lv]["times"])} for lv in levels},
        "statistic": "median CPU time of the repetitions, seconds",
        "fft": fft_rows,
        "end_to_end": [{"name": name, "levels": end_to_end[name]} for name in sorted(end_to_end)],
        "numpy": {k: v for k, v in (numpy_data or {}).items() if k != "results"} or None,
        "goals": goals,
        "errors": errors,
    }


def add_scaling(fft_rows, levels):
    """t / (N·log2 N), normalised to its minimum over N per series: 1.00 where a library is most efficient.

    An O(N log N) algorithm with a constant cost per butterfly would give 1.00 everywhere; growth at large N
    shows the working set leaving a cache level, a rise at small N shows fixed per-call overhead."""
    series = {}  # (kind, type, lib) -> {n: t/(N log2 N)}
    for r in fft_rows:
        nlogn = r["n"] * math.log2(r["n"])
        for level, v in r["iemlab"].items():
            series.setdefault((r["kind"], r["type"], level), {})[r["n"]] = v["seconds"] / nlogn
        for lib in ("fftw", "numpy"):
            if r[lib]:
                series.setdefault((r["kind"], r["type"], lib), {})[r["n"]] = r[lib]["seconds"] / nlogn
    for r in fft_rows:
        r["scaling"] = {}
        for (kind, typ, lib), values in series.items():
            if kind == r["kind"] and typ == r["type"] and r["n"] in values:
                r["scaling"][lib] = values[r["n"]] / min(values.values())


# ---------------------------------------------------------------------------------------------------- HTML

def esc(text):
    return html.escape(str(text), quote=True)


def fmt_time(t):
    if t is None:
        return "–"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if t >= scale:
            return f"{t / scale:.3g} {unit}"
    return f"{t / 1e-9:.3g} ns"


def fmt_ratio(q):
    return "–" if q is None else f"{q:.2f}×"


def fmt_pow2(n):
    k = int(math.log2(n))
    return f"2<sup>{k}</sup>" if 1 << k == n else str(n)


def nice_step(span, target_ticks=6):
    raw = span / target_ticks
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def svg_chart(title, series, width=560, height=340):
    """A line chart of GFLOPS against log2 N. series: [(name, colour, dash, {n: gflops})]."""
    pts = [(math.log2(n), g) for _, _, _, d in series for n, g in d.items()]
    if not pts:
        return ""
    # Legend rows under the title, wrapped by an estimate of the text width (no layout engine to ask).
    legend, row, lx = [], 0, 52
    for name, colour, dash, _ in series:
        w = 34 + 6.2 * len(name)
        if lx + w > width - 8 and lx > 52:
            row, lx = row + 1, 52
        legend.append((lx, 34 + 16 * row, name, colour, dash))
        lx += w
    left, right, top, bottom = 52, 14, 56 + 16 * row, 42
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    step = nice_step(max(p[1] for p in pts) or 1)
    y1 = step * math.ceil(max(p[1] for p in pts) / step) or step

    def sx(x):
        return left + (x - x0) / (x1 - x0) * (width - left - right)

    def sy(y):
        return height - bottom - y / y1 * (height - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">',
           f'<title>{esc(title)}</title>',
           f'<text x="{width / 2:.0f}" y="16" text-anchor="middle" class="ct">{esc(title)}</text>']
    # Grid and axes: horizontal lines at round GFLOPS values, one tick per power of two.
    y = 0.0
    while y <= y1 + 1e-9:
        out.append(f'<line x1="{left}" y1="{sy(y):.1f}" x2="{width - right}" y2="{sy(y):.1f}" class="grid"/>')
        out.append(f'<text x="{left - 5}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
        y += step
    for k in range(int(math.ceil(x0)), int(math.floor(x1)) + 1):
        out.append(f'<line x1="{sx(k):.1f}" y1="{height - bottom}" x2="{sx(k):.1f}" y2="{height - bottom + 4}" '
                   f'class="axis"/>')
        out.append(f'<text x="{sx(k):.1f}" y="{height - bottom + 16}" text-anchor="middle">2'
                   f'<tspan dy="-5" font-size="8">{k}</tspan></text>')
    out.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" class="axis"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" class="axis"/>')
    out.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 6}" text-anchor="middle">N</text>')
    out.append(f'<text x="12" y="{(top + height - bottom) / 2:.0f}" text-anchor="middle" '
               f'transform="rotate(-90 12 {(top + height - bottom) / 2:.0f})">GFLOPS</text>')
    for lx, ly, name, colour, dash in legend:
        out.append(f'<line x1="{lx:.0f}" y1="{ly}" x2="{lx + 22:.0f}" y2="{ly}" stroke="{colour}" stroke-width="2.5" '
                   f'stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{lx + 26:.0f}" y="{ly + 4}">{esc(name)}</text>')
    # The series; each point carries a tooltip with the exact value (SVG <title>, no script needed).
    for name, colour, dash, d in series:
        if not d:
            continue
        xy = [(sx(math.log2(n)), sy(g), n, g) for n, g in sorted(d.items())]
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" points="'
                   + " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in xy) + '"/>')
        for px, py, n, g in xy:
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{colour}">'
                       f'<title>{esc(name)}, N = {n}: {g:.2f} GFLOPS</title></circle>')
    out.append("</svg>")
    return "\n".join(out)


def heat(value, worst):
    """Background for a scaling cell: white at 1.00, deepening red towards the table's worst value."""
    if value is None or worst <= 1:
        return ""
    f = min(1.0, (value - 1) / (worst - 1))
    g = int(255 - 120 * f)
    return f' style="background:rgb(255,{g},{g})"'


def html_report(rep):
    m, levels, best = rep["machine"], rep["levels"], rep["best_level"]
    rows_by_case = {case: [r for r in rep["fft"] if (r["kind"], r["type"]) == case] for case in FFT_CASES}
    p = []
    p.append("<!DOCTYPE html>")
    p.append('<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>')
    p.append(f"<title>iemlab benchmark report: {esc(m['host'])}, {esc(rep['generated'][:10])}</title>")
    p.append("""<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; max-width: 1200px; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 90%; }
th, td { border: 1px solid #ccc; padding: 2px 8px; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
.bad { color: #b00; font-weight: bold; }
.good { color: #070; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
svg { border: 1px solid #ddd; background: #fff; font-size: 11px; }
svg .ct { font-size: 13px; font-weight: bold; }
svg .grid { stroke: #e4e4e4; }
svg .axis { stroke: #444; }
.note { color: #555; font-size: 90%; max-width: 70em; }
</style></head><body>""")
    p.append(f"<h1>iemlab benchmark report</h1>")
    p.append(f'<p class="note">Generated {esc(rep["generated"])}. Times are the {esc(rep["statistic"])}; '
             "ratios are t<sub>other</sub> / t<sub>iemlab</sub>, so above 1 means iemlab is faster. "
             "See docs/benchmarking.md.</p>")

    # Machine and settings.
    p.append("<table><caption>Machine</caption>")
    for key, label in [("host", "host"), ("cpu_model", "CPU"), ("cpu_features", "CPU SIMD features"),
                       ("num_cpus", "CPUs"), ("mhz_per_cpu", "MHz (nominal)"), ("caches", "caches"),
                       ("kernel", "kernel"), ("os", "OS"), ("compiler_version", "compiler"),
                       ("cmake_build_type", "build type"), ("fftw_version", "FFTW"),
                       ("fftw_prefix", "FFTW installation"), ("fftw_cc", "FFTW compiled with"),
                       ("fftw_planner", "FFTW planner"),
                       ("numpy_version", "numpy"), ("numpy_f32_computed_in", "numpy float32 computed in"),
                       ("benchmark_library_build_type", "Google Benchmark library build")]:
        value = m.get(key)
        if value in (None, "", []):
            continue
        p.append(f"<tr><th>{esc(label)}</th><td>{esc(', '.join(value) if isinstance(value, list) else value)}"
                 "</td></tr>")
    p.append("</table>")
    p.append("<table><caption>Runs</caption><tr><th>level</th><th>requested</th><th>started</th>"
             "<th>load average at start</th><th>benchmarks</th></tr>")
    for lv in levels:
        r = rep["runs"][lv]
        load = ", ".join(f"{x:.2f}" for x in r["load_avg"]) if r.get("load_avg") else "–"
        p.append(f"<tr><td>{esc(lv)}</td><td>{esc(r['simd_level_requested'])}</td><td>{esc(r['date'])}</td>"
                 f"<td>{esc(load)}</td><td class=\"n\">{r['benchmarks']}</td></tr>")
    p.append("</table>")
    if rep["settings"]:
        p.append('<p class="note">Settings: ' + esc("; ".join(f"{k} = {v}" for k, v in rep["settings"].items()))
                 + "</p>")
    warnings = []
    if m.get("benchmark_library_build_type") == "debug":
        warnings.append("Google Benchmark itself was built as debug (Debian's package); this does not slow the "
                        "timed code, only the harness.")
    loads = [rep["runs"][lv]["load_avg"][0] for lv in levels if rep["runs"][lv].get("load_avg")]
    if loads and m.get("num_cpus") and max(loads) > 0.5 * m["num_cpus"]:
        warnings.append(f"The 1-minute load average reached {max(loads):.2f} on {m['num_cpus']} CPUs: other work "
                        "was running, expect noise of 10 % or more.")
    warnings += [f"benchmark error: {e}" for e in rep["errors"]]
    for w in warnings:
        p.append(f'<p class="note bad">{esc(w)}</p>')

    # Goals and headline figures.
    if rep["goals"]:
        p.append("<h2>Goals</h2><ul>")
        for g in rep["goals"]:
            cls, verdict = ("good", "met") if g["met"] else ("bad", "not met")
            below = (" (below at N = " + ", ".join(str(n) for n in g["sizes_below"]) + ")") if g["sizes_below"] else ""
            p.append(f'<li>{esc(g["goal"])}: <span class="{cls}">{verdict}</span>, lowest ratio '
                     f'{g["min_ratio"]:.2f}×{esc(below)}</li>')
        p.append("</ul>")

    p.append(f"<h2>FFT</h2>")
    p.append("<p class=\"note\">GFLOPS = 2.5·N·log<sub>2</sub>N / t for complex transforms and half of that for "
             "real ones (fftw.org/speed). Forward, out of place. Hover a point for its value.</p>")
    p.append('<div class="charts">')
    for kind, typ in FFT_CASES:
        rows = rows_by_case[(kind, typ)]
        if not rows:
            continue
        series = [(f"iemlab {lv}", COLOURS[lv], "none", {r["n"]: r["iemlab"][lv]["gflops"] for r in rows
                                                         if lv in r["iemlab"]}) for lv in levels]
        series.append(("FFTW", COLOURS["FFTW"], "6 3", {r["n"]: r["fftw"]["gflops"] for r in rows if r["fftw"]}))
        series.append(("numpy", COLOURS["numpy"], "2 3", {r["n"]: r["numpy"]["gflops"] for r in rows if r["numpy"]}))
        series = [s for s in series if s[3]]
        p.append(svg_chart(f"{kind} FFT, {typ}", series))
    p.append("</div>")

    # Ratios at the best level, all sizes.
    p.append(f"<table><caption>iemlab at {esc(best)}: GFLOPS and speed ratios</caption><tr><th>N</th>")
    present = [case for case in FFT_CASES if rows_by_case[case]]
    for kind, typ in present:
        p.append(f'<th colspan="3">{esc(kind)} {esc(typ)}</th>')
    p.append("</tr><tr><th></th>" + "<th>GFLOPS</th><th>÷FFTW</th><th>÷numpy</th>" * len(present) + "</tr>")
    sizes = sorted({r["n"] for r in rep["fft"]})
    for n in sizes:
        cells = [f'<td class="n">{fmt_pow2(n)}</td>']
        for case in present:
            r = next((r for r in rows_by_case[case] if r["n"] == n), None)
            v = r["iemlab"].get(best) if r else None
            if not v:
                cells.append('<td class="n">–</td>' * 3)
                continue
            goal_miss = case[0] == "real" and v["ratio_numpy"] is not None and v["ratio_numpy"] < NUMPY_GOAL
            fftw_cls = ' bad' if v["ratio_fftw"] is not None and v["ratio_fftw"] < 1 else ''
            cells.append(f'<td class="n">{v["gflops"]:.2f}</td><td class="n{fftw_cls}">{fmt_ratio(v["ratio_fftw"])}'
                         f'</td><td class="n{" bad" if goal_miss else ""}">{fmt_ratio(v["ratio_numpy"])}</td>')
        p.append("<tr>" + "".join(cells) + "</tr>")
    p.append("</table>")

    # Every level against FFTW, to see what each instruction set buys.
    p.append("<table><caption>iemlab ÷ FFTW at every level (t<sub>FFTW</sub> / t<sub>iemlab</sub>)</caption>"
             "<tr><th>N</th>")
    for kind, typ in present:
        p.append(f'<th colspan="{len(levels)}">{esc(kind)} {esc(typ)}</th>')
    p.append("</tr><tr><th></th>" + "".join(f"<th>{esc(lv)}</th>" for lv in levels) * len(present) + "</tr>")
    for n in sizes:
        cells = [f'<td class="n">{fmt_pow2(n)}</td>']
        for case in present:
            r = next((r for r in rows_by_case[case] if r["n"] == n), None)
            for lv in levels:
                v = r["iemlab"].get(lv) if r else None
                cells.append(f'<td class="n">{fmt_ratio(v["ratio_fftw"] if v else None)}</td>')
        p.append("<tr>" + "".join(cells) + "</tr>")
    p.append("</table>")

    # Scaling.
    p.append("<h2>FFT scaling</h2>")
    p.append("<p class=\"note\">t / (N·log<sub>2</sub>N), divided by its smallest value over N in each column: "
             "1.00 is the size where that library spends least per butterfly. Values rising with N show the data "
             "leaving a cache level; values rising towards small N show fixed per-call cost. iemlab at "
             f"{esc(best)}.</p>")
    libs = [best, "fftw", "numpy"]
    lib_names = {best: f"iemlab {best}", "fftw": "FFTW", "numpy": "numpy"}
    cols = [(case, lib) for case in present for lib in libs
            if any(lib in r["scaling"] for r in rows_by_case[case])]
    worst = max([r["scaling"][lib] for case, lib in cols for r in rows_by_case[case] if lib in r["scaling"]],
                default=1.0)
    p.append("<table><caption>Normalised time per N·log<sub>2</sub>N</caption><tr><th>N</th>")
    for case in present:
        span = sum(1 for c, _ in cols if c == case)
        if span:
            p.append(f'<th colspan="{span}">{esc(case[0])} {esc(case[1])}</th>')
    p.append("</tr><tr><th></th>" + "".join(f"<th>{esc(lib_names[lib])}</th>" for _, lib in cols) + "</tr>")
    for n in sizes:
        cells = [f'<td class="n">{fmt_pow2(n)}</td>']
        for case, lib in cols:
            r = next((r for r in rows_by_case[case] if r["n"] == n), None)
            v = r["scaling"].get(lib) if r else None
            cells.append(f'<td class="n"{heat(v, worst)}>{"–" if v is None else f"{v:.2f}"}</td>')
        p.append("<tr>" + "".join(cells) + "</tr>")
    p.append("</table>")

    # End-to-end.
    if rep["end_to_end"]:
        p.append("<h2>End to end</h2>")
        p.append("<p class=\"note\">Whole operations as a user runs them (deconvolve: a 10 s stereo sweep at "
                 "48 kHz; smooth: N-point responses; model: acoustic models on a frequency grid). Median CPU time "
                 "per call; the last column is the scalar time over the time at the best level.</p>")
        p.append("<table><caption>End-to-end timings</caption><tr><th>benchmark</th>"
                 + "".join(f"<th>{esc(lv)}</th>" for lv in levels) + "<th>scalar ÷ best</th></tr>")
        for e in rep["end_to_end"]:
            t = {lv: e["levels"][lv]["seconds"] for lv in levels if lv in e["levels"]}
            speedup = t["scalar"] / t[best] if "scalar" in t and best in t and best != "scalar" else None
            p.append(f"<tr><td>{esc(e['name'])}</td>" + "".join(f'<td class="n">{fmt_time(t.get(lv))}</td>'
                                                                for lv in levels)
                     + f'<td class="n">{fmt_ratio(speedup)}</td></tr>')
        p.append("</table>")

    if rep.get("numpy"):
        p.append(f'<p class="note">numpy: {esc(rep["numpy"].get("transform", ""))}; '
                 f'{esc(rep["numpy"].get("statistic", ""))}; float32 input computed in '
                 f'{esc(rep["numpy"].get("f32_computed_in", "?"))}. numpy times include the Python call and the '
                 "allocation of the output array.</p>")
    p.append("</body></html>")
    return "\n".join(p) + "\n"


# ---------------------------------------------------------------------------------------------------- compare

def compare(path_a, path_b):
    """Prints B against A for every FFT and end-to-end benchmark in both reports, each at its best level.

    Each machine at its best level, because that is what --arch=auto gives a user there."""
    a, b = load_json(path_a), load_json(path_b)
    for rep in (a, b):
        if rep.get("format", "").split(" ")[0] != "iemlab-bench-report":
            raise ReportError("not a report.json of scripts/bench_report.py")
    la, lb = a["best_level"], b["best_level"]
    print(f"A: {a['machine']['cpu_model']} ({a['machine']['host']}, {a['generated']}), level {la}")
    print(f"B: {b['machine']['cpu_model']} ({b['machine']['host']}, {b['generated']}), level {lb}")
    print("speed B/A > 1: B faster. ÷FFTW, ÷numpy: t_other / t_iemlab on the same machine.")
    fa = {(r["kind"], r["type"], r["n"]): r for r in a["fft"]}
    fb = {(r["kind"], r["type"], r["n"]): r for r in b["fft"]}

    def ratio(v, key):
        return f"{v[key]:8.2f}" if v and v.get(key) is not None else f"{'-':>8}"

    print(f"\n{'kind':8} {'type':4} {'N':>8} {'GFLOPS A':>9} {'GFLOPS B':>9} {'B/A':>6} "
          f"{'÷FFTW A':>8} {'÷FFTW B':>8} {'÷numpy A':>8} {'÷numpy B':>8}")
    for key in sorted(set(fa) & set(fb), key=lambda k: (FFT_CASES.index(k[:2]) if k[:2] in FFT_CASES else 99, k)):
        va, vb = fa[key]["iemlab"].get(la), fb[key]["iemlab"].get(lb)
        if not va or not vb:
            continue
        print(f"{key[0]:8} {key[1]:4} {key[2]:>8} {va['gflops']:9.2f} {vb['gflops']:9.2f} "
              f"{va['seconds'] / vb['seconds']:6.2f} {ratio(va, 'ratio_fftw')} {ratio(vb, 'ratio_fftw')} "
              f"{ratio(va, 'ratio_numpy')} {ratio(vb, 'ratio_numpy')}")
    ea = {e["name"]: e["levels"] for e in a["end_to_end"]}
    eb = {e["name"]: e["levels"] for e in b["end_to_end"]}
    common = [n for n in sorted(set(ea) & set(eb)) if la in ea[n] and lb in eb[n]]
    if common:
        print(f"\n{'end to end':44} {'A':>10} {'B':>10} {'B/A':>6}")
        for n in common:
            ta, tb = ea[n][la]["seconds"], eb[n][lb]["seconds"]
            print(f"{n:44} {fmt_time(ta):>10} {fmt_time(tb):>10} {ta / tb:6.2f}")


# ---------------------------------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bench", nargs="*", help="iemlab-bench JSON output, one per SIMD level")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two report.json files and exit")
    ap.add_argument("--numpy", help="output of scripts/bench_numpy.py")
    ap.add_argument("--build-dir", help="CMake build directory of iemlab-bench (for the compiler)")
    ap.add_argument("--setting", action="append", default=[], metavar="KEY=VALUE",
                    help="recorded in the report as run settings")
    ap.add_argument("--out", help="directory for report.json and report.html")
    args = ap.parse_args()
    try:
        if args.compare:
            compare(*args.compare)
            return 0
        if not args.out or not args.bench:
            ap.error("--out and at least one iemlab-bench JSON are needed")
        if any("=" not in s for s in args.setting):
            raise ReportError("--setting takes KEY=VALUE")
        settings = dict(s.split("=", 1) for s in args.setting)
        rep = build_report(args.bench, args.numpy, args.build_dir, settings)
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "report.json"), "w") as f:
            json.dump(rep, f, indent=1)
            f.write("\n")
        with open(os.path.join(args.out, "report.html"), "w", encoding="utf-8") as f:
            f.write(html_report(rep))
    except ReportError as e:
        print(f"bench_report: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

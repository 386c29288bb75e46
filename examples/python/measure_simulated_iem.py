#!/usr/bin/env python3
"""Measure a simulated IEM on a simulated 711 rig, compare it with the Harman in-ear 2019v2 target, fit an EQ
and plot the result (docs/python.md walks through this file).

Usage: PYTHONPATH=build/release/python python3 examples/python/measure_simulated_iem.py [--out DIR]
       [--insertions N] [--no-plot]

Needs numpy and the iemlab module; matplotlib is optional (without it, or with --no-plot, nothing is drawn).
Writes DIR/combined.csv (iemlab CSV) and DIR/IEM L.txt (squig.link), and DIR/measurement.png when plotting.
"""
import argparse
import pathlib
import sys

import numpy as np

import iemlab


def er4_like():
    """A single balanced armature behind a long, thin, damped nozzle: an ER4-like IEM."""
    ba = iemlab.IEMDriver("BA", "knowles:ED-30262", path=[iemlab.tube(4e-3, 1.0e-3), iemlab.damper(680)])
    return iemlab.IEM([ba], nozzle=[iemlab.tube(14e-3, 1.4e-3)], name="ER4-like single BA")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="out/measure_simulated_iem", help="output folder")
    parser.add_argument("--insertions", type=int, default=3, help="reinsertions per channel")
    parser.add_argument("--no-plot", action="store_true", help="do not plot, even when matplotlib is present")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    # 1. The IEM and the rig: a 711 coupler, a microphone with a slight treble rise, an interface with 10 ms
    #    latency, a 15 ppm clock offset and a -110 dBFS noise floor; insertions 0.5 … 5 mm deep, from a perfect
    #    seal to a 6 µm slit past the eartip. All values are SI (m, Ω, V/Pa) unless the name says dB.
    iem = er4_like()
    mic = iemlab.Response([20, 1000, 4000, 10000, 15000, 20000], [-0.3, 0.0, 0.2, 1.0, 1.8, 0.5], name="microphone")
    rig = iemlab.Rig(mic_calibration=mic, mic_self_noise_db_spl=25, latency_samples=480, clock_offset_ppm=15,
                     background_noise_dbfs=-110, depth_min=0.5e-3, depth_max=5e-3, leak_gap_max=6e-6, seed=2024)

    # 2. Measure: a 2 s synchronized sweep per insertion, right driver 0.3 dB less sensitive, a little
    #    second- and third-order distortion; 1/24-octave smoothing, 85 dB SPL at 1 kHz.
    target = iemlab.builtin_target("harman-ie-2019v2")
    settings = iemlab.AnalysisSettings(smoothing="1/24", normalize_at=1000, normalize_level=85)
    m = iemlab.measure_simulated(rig, iem, insertions=args.insertions, channels=[("left", 0.0), ("right", -0.3)],
                                 settings=settings, target=target, nonlinearity=(0.004, 0.003),
                                 progress=lambda ch, i, n: print(f"  {ch} insertion {i}/{n}", file=sys.stderr))
    for w in m.warnings:
        print(f"warning: {w.channel}, insertion {w.insertion}: {w.message}", file=sys.stderr)

    # 3. What the measurement says.
    score = m.target.score
    print(f"{m.name}: preference score {score.score:.1f} (std {score.std:.2f} dB, slope {score.slope:.2f}, "
          f"mean {score.mean:.2f} dB)")
    print(f"L-R: {m.imbalance.mean_db:+.2f} dB mean, {m.imbalance.max_abs_db:.2f} dB at most "
          f"({m.imbalance.max_abs_frequency:.0f} Hz)")
    for ch in m.channels:
        at_1k = np.interp(np.log(1000), np.log(ch.thd_frequency), ch.thd_percent)
        spread = np.max(ch.average.max_db - ch.average.min_db)
        print(f"{ch.name}: THD {at_1k:.2f} % at 1 kHz; insertions differ by up to {spread:.1f} dB")

    # 4. An EQ towards the target (AutoEq's limits), and the score it would give.
    eq = iemlab.optimize_eq(m.combined, target, filters=6)
    print(f"EQ: score {eq.score_before:.1f} -> {eq.score_after:.1f}, preamp {eq.eq.preamp_db:.1f} dB")
    for b in eq.eq.filters:
        print(f"  {b.type:10s} {b.fc:8.0f} Hz {b.gain:+6.1f} dB Q {b.q:.2f}")

    # 5. Files other tools read.
    iemlab.write_response(out / "combined.csv", m.combined)
    iemlab.write_response(out / "IEM L.txt", m.channels[0].normalized, "squig")

    if args.no_plot:
        return
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot", file=sys.stderr)
        return
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 7), sharex=True)
    for ch in m.channels:
        top.plot(ch.normalized.frequency, ch.normalized.db, label=ch.name)
        top.fill_between(ch.average.mean.frequency, ch.average.min_db + m.normalization_offset_db,
                         ch.average.max_db + m.normalization_offset_db, alpha=0.2)
    top.plot(m.target.target.frequency, m.target.target.db, "k--", label="Harman in-ear 2019v2")
    top.set_ylabel("dB SPL")
    top.legend()
    bottom.plot(m.target.error.frequency, m.target.error.db, label="error")
    bottom.plot(eq.frequency, eq.eq_db, label="EQ")
    bottom.set_xscale("log")
    bottom.set_xlabel("Hz")
    bottom.set_ylabel("dB")
    bottom.legend()
    fig.savefig(out / "measurement.png", dpi=100)
    print(out / "measurement.png")


if __name__ == "__main__":
    main()

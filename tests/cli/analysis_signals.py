#!/usr/bin/env python3
"""Signals made outside iemlab for the analysis-chain CLI checks, and their closed-form checks (standard library
only: no numpy). Every sweep here follows the textbook formula and carries no iemlab metadata.

  analysis_signals.py make DIR
      DIR/farina.wav       Farina's exponential sweep 10 Hz - 7 kHz, 2 s, A = 0.5, linear fades (50 ms / 10 ms)
      DIR/farina_poly.wav  that sweep through y = x + 0.1 x^2 + 0.05 x^3, 0.5 s of silence after
      DIR/sync.wav         a synchronized sweep 10 Hz - 22 kHz (x = A sin(2 pi f1 L e^(t/L))), half-Hann fades
      DIR/reflection.wav   sync.wav through h = delta(t - 100) + 0.5 delta(t - 100 - 40 ms)
      DIR/stereo.wav       sync.wav delayed 20 samples: left, and 0.9 x that: right
      DIR/silence.wav      2.5 s of zeros
  analysis_signals.py check-band-power FR.csv N TOL
      FR.csv (frequency,spl_db,...) against the 1/N-octave band power (mean over ln f) of |H|^2 = 1.25 +
      cos(2 pi f tau) of reflection.wav's impulse response, within TOL dB
  analysis_signals.py check-near CSV COLUMN TARGET TOL FROM
      every non-empty COLUMN value on rows with frequency >= FROM is within TOL of TARGET (at least 20 rows)
  analysis_signals.py check-json FILE KEY TARGET TOL
      the first number after "KEY": in FILE is within TOL of TARGET
"""
import math
import os
import re
import struct
import sys
import wave

FS = 48000
TAU_SAMPLES = 1920  # 40 ms
A2, A3, AMP = 0.1, 0.05, 0.5


def write_wav(path, channels):
    """32-bit PCM WAV (full scale 2^31 - 1), one list per channel."""
    n = len(channels[0])
    with wave.open(path, "wb") as w:
        w.setnchannels(len(channels))
        w.setsampwidth(4)
        w.setframerate(FS)
        frames = bytearray()
        for i in range(n):
            for c in channels:
                v = max(-1.0, min(1.0, c[i]))
                frames += struct.pack("<i", int(round(v * 2147483647)))
        w.writeframes(bytes(frames))


def farina(f1=10.0, f2=7000.0, T=2.0):
    L = T / math.log(f2 / f1)
    n = int(T * FS)
    out = []
    for i in range(n):
        t = i / FS
        w = min(1.0, t / 0.05, (T - t) / 0.01)
        out.append(AMP * w * math.sin(2 * math.pi * f1 * L * (math.exp(t / L) - 1)))
    return out


def synchronized(f1=10.0, f2=22000.0, T=2.0):
    L = round(f1 * T / math.log(f2 / f1)) / f1  # Novak 2015: f1 L an integer
    T = L * math.log(f2 / f1)
    n = int(math.ceil(T * FS))
    n_in = int(round(L * math.log(math.sqrt(2)) * FS))
    n_out = int(round(100 / f2 * FS))
    out = []
    for i in range(n):
        w = 1.0
        if i < n_in:
            w = 0.5 * (1 - math.cos(math.pi * (i + 0.5) / n_in))
        j = n - 1 - i
        if j < n_out:
            w *= 0.5 * (1 - math.cos(math.pi * (j + 0.5) / n_out))
        out.append(AMP * w * math.sin(2 * math.pi * f1 * L * math.exp(i / FS / L)))
    return out


def make(directory):
    os.makedirs(directory, exist_ok=True)
    x = farina()
    write_wav(os.path.join(directory, "farina.wav"), [x])
    y = [v + A2 * v * v + A3 * v * v * v for v in x] + [0.0] * (FS // 2)
    write_wav(os.path.join(directory, "farina_poly.wav"), [y])
    s = synchronized()
    write_wav(os.path.join(directory, "sync.wav"), [s])
    n = len(s) + 12000
    r = [0.0] * n
    for i, v in enumerate(s):
        r[i + 100] += v
        r[i + 100 + TAU_SAMPLES] += 0.5 * v
    write_wav(os.path.join(directory, "reflection.wav"), [r])
    left = [0.0] * 20 + s + [0.0] * 4800
    write_wav(os.path.join(directory, "stereo.wav"), [left, [0.9 * v for v in left]])
    write_wav(os.path.join(directory, "silence.wav"), [[0.0] * (len(s) + 4800)])


def band_power_db(f, octaves):
    tau = TAU_SAMPLES / FS
    a = math.log(f) - octaves / 2 * math.log(2)
    b = math.log(f) + octaves / 2 * math.log(2)
    m = 4000
    total = 0.0
    for i in range(m + 1):
        u = a + (b - a) * i / m
        g = 1.25 + math.cos(2 * math.pi * math.exp(u) * tau)
        total += (1 if i in (0, m) else 4 if i % 2 else 2) * g
    return 10 * math.log10(total / (3 * m))


def rows(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
        return header, [line.strip().split(",") for line in f if line.strip()]


def check_band_power(path, n, tol):
    header, data = rows(path)
    worst, at = 0.0, 0.0
    for r in data:
        f, db = float(r[0]), float(r[1])
        e = abs(db - band_power_db(f, 1 / n))
        if e > worst:
            worst, at = e, f
    print(f"1/{n:g} octave: largest difference from the band power {worst:.4f} dB at {at:.1f} Hz ({len(data)} rows)")
    return worst <= tol and len(data) > 100


def check_near(path, column, target, tol, start):
    header, data = rows(path)
    c = header.index(column)
    worst, count = 0.0, 0
    for r in data:
        if float(r[0]) < start or c >= len(r) or r[c] == "":
            continue
        worst = max(worst, abs(float(r[c]) - target))
        count += 1
    print(f"{column}: {count} rows from {start:g} Hz, largest deviation from {target:.4f}: {worst:.4f}")
    return worst <= tol and count >= 20


def check_json(path, key, target, tol):
    text = open(path).read()
    m = re.search('"' + re.escape(key) + r'":\s*(-?[0-9.eE+-]+)', text)
    if not m:
        print(f"no {key} in {path}")
        return False
    v = float(m.group(1))
    print(f"{key} = {v} (expected {target} +- {tol})")
    return abs(v - target) <= tol


def main(argv):
    if len(argv) >= 3 and argv[1] == "make":
        make(argv[2])
        return 0
    if len(argv) == 5 and argv[1] == "check-band-power":
        return 0 if check_band_power(argv[2], float(argv[3]), float(argv[4])) else 1
    if len(argv) == 7 and argv[1] == "check-near":
        return 0 if check_near(argv[2], argv[3], float(argv[4]), float(argv[5]), float(argv[6])) else 1
    if len(argv) == 6 and argv[1] == "check-json":
        return 0 if check_json(argv[2], argv[3], float(argv[4]), float(argv[5])) else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

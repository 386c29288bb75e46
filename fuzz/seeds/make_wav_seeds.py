#!/usr/bin/env python3
"""Writes the small WAV seeds of fuzz_wav (wav/*.wav): PCM 16/24/32, float 32/64, WAVE_FORMAT_EXTENSIBLE, and
LIST/INFO/ICMT comments holding sweep metadata (sweep_metadata/synchronized.txt). Run from fuzz/seeds/."""
import math
import struct

meta = open("sweep_metadata/synchronized.txt", "rb").read()


def chunk(tag, data):
    return tag + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")


def riff(chunks):
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def fmt(tag, ch, rate, bits):
    ba = ch * bits // 8
    return chunk(b"fmt ", struct.pack("<HHIIHH", tag, ch, rate, rate * ba, ba, bits))


def fmt_extensible(ch, rate, bits, sub):
    ba = ch * bits // 8
    guid = struct.pack("<H", sub) + b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    return chunk(b"fmt ", struct.pack("<HHIIHHHHI", 0xFFFE, ch, rate, rate * ba, ba, bits, 22, bits, 3) + guid)


def info(comment):
    return chunk(b"LIST", b"INFO" + chunk(b"ICMT", comment + b"\0"))


sig = [0.5 * math.sin(2 * math.pi * 1000 * i / 48000) for i in range(64)]
files = {
    "pcm16_mono.wav": [fmt(1, 1, 48000, 16), chunk(b"data", b"".join(struct.pack("<h", int(x * 32767)) for x in sig))],
    "pcm16_stereo_comment.wav": [fmt(1, 2, 44100, 16), info(meta),
                                 chunk(b"data", b"".join(struct.pack("<hh", int(x * 32767), -int(x * 32767)) for x in sig))],
    "float32.wav": [fmt(3, 1, 48000, 32), chunk(b"data", b"".join(struct.pack("<f", x) for x in sig))],
    "float64_comment.wav": [fmt(3, 1, 96000, 64), info(meta), chunk(b"data", b"".join(struct.pack("<d", x) for x in sig))],
    "pcm24_extensible.wav": [fmt_extensible(1, 48000, 24, 1),
                             chunk(b"data", b"".join(struct.pack("<i", int(x * 8388607))[:3] for x in sig))],
    "pcm32.wav": [fmt(1, 1, 48000, 32), chunk(b"data", b"".join(struct.pack("<i", int(x * 2147483647)) for x in sig))],
}
for name, chunks in files.items():
    open("wav/" + name, "wb").write(riff(chunks))

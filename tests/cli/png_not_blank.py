#!/usr/bin/env python3
"""Usage: png_not_blank.py FILE.png MIN_FRACTION
Decodes an 8-bit RGB/RGBA PNG with the standard library (zlib, the five PNG row filters of the PNG spec) and
passes when at least MIN_FRACTION of its pixels are not white and it holds at least 8 distinct colours: a page
that rendered its plots, not a blank or single-colour screenshot."""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit('not a PNG')
    pos, idat, width = 8, b'', 0
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, colour = struct.unpack('>IIBB', body[:10])
            if depth != 8 or colour not in (2, 6):
                raise SystemExit('unsupported PNG (depth %d, colour type %d)' % (depth, colour))
            bpp = 3 if colour == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1: row[i] = (row[i] + a) & 255
            elif f == 2: row[i] = (row[i] + b) & 255
            elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = row
        for x in range(0, stride, bpp):
            yield bytes(row[x:x + 3])


def main():
    path, minimum = sys.argv[1], float(sys.argv[2])
    total = coloured = 0
    colours = set()
    for p in pixels(path):
        total += 1
        if p != b'\xff\xff\xff':
            coloured += 1
            if len(colours) < 64:
                colours.add(p)
    fraction = coloured / total if total else 0
    ok = fraction >= minimum and len(colours) >= 8
    print('%s: %d pixels, %.2f %% not white, %s distinct colours' %
          ('ok' if ok else 'blank', total, 100 * fraction, len(colours) if len(colours) < 64 else '64+'))
    sys.exit(0 if ok else 1)


main()

#!/usr/bin/env python3
"""Generate test/Baseline/PillowResize.txt, the Pillow oracle of itkPillowResizeImageFilterTest.

The file holds one 37 x 23 8-bit input image and its resizes by Pillow's Image.resize
(mode "L", box=None, reducing_gap=None) with NEAREST, BILINEAR, BICUBIC and LANCZOS to several
sizes, smaller and larger. The committed file was generated with the Pillow version written in
its first line (Pillow 13.0.0); regenerate with

    pip install pillow
    python3 test/make_pillow_baselines.py test/Baseline/PillowResize.txt

Format (text, whitespace separated):
    # comment lines
    input <width> <height>
    <height rows of width values>
    resize <MODE> <width> <height>
    <height rows of width values>
    ...
"""
import math
import sys

import PIL
from PIL import Image

WIDTH, HEIGHT = 37, 23
SIZES = [(17, 11), (9, 5), (30, 20), (50, 31), (41, 29), (37, 12), (5, 23), (74, 23), (1, 1)]
MODES = [("NEAREST", Image.Resampling.NEAREST), ("BILINEAR", Image.Resampling.BILINEAR),
         ("BICUBIC", Image.Resampling.BICUBIC), ("LANCZOS", Image.Resampling.LANCZOS)]


def make_input():
    """Smooth waves, a hard-edged white block, a black block and pseudo-random noise."""
    values = []
    state = 12345
    for y in range(HEIGHT):
        for x in range(WIDTH):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            noise = (state >> 16) % 41 - 20
            v = 128 + 90 * math.sin(x * 0.45) * math.cos(y * 0.35) + noise
            if 5 <= x < 12 and 4 <= y < 10:
                v = 255
            if 24 <= x < 31 and 13 <= y < 20:
                v = 0
            values.append(max(0, min(255, int(round(v)))))
    return Image.frombytes("L", (WIDTH, HEIGHT), bytes(values))


def write_image(out, header, image):
    out.write(header + "\n")
    w, h = image.size
    data = list(image.tobytes())  # mode "L": one byte per pixel, row by row
    for y in range(h):
        out.write(" ".join(str(v) for v in data[y * w:(y + 1) * w]) + "\n")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "PillowResize.txt"
    image = make_input()
    with open(path, "w") as out:
        out.write("# Pillow %s: Image.resize((w, h), mode) of the 8-bit (mode L) input below;"
                  " made by test/make_pillow_baselines.py\n" % PIL.__version__)
        write_image(out, "input %d %d" % image.size, image)
        for name, mode in MODES:
            for size in SIZES:
                write_image(out, "resize %s %d %d" % (name, size[0], size[1]), image.resize(size, mode))


if __name__ == "__main__":
    main()

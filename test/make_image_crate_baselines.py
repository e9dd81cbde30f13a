#!/usr/bin/env python3
"""Generate test/Baseline/ImageCrateResize.txt, the oracle of itkImageCrateResizeImageFilterTest.

The references are the NumPy emulations of dicom-preprocessing 0.1.2 in
benchmark/peers/dicom_preprocessing_reference.py (resize(): the image crate 0.25's
imageops::resize, confirmed bit-exact against the peer for triangle, nearest and catmull-rom and
within +-1 for gaussian and lanczos3; max_pool(): exact). One 16-bit 41 x 29 input (a full-range
gradient, a saturated block, a zero block, pseudo-random noise) is resized to several sizes,
smaller and larger and with one axis unchanged. Regenerate with NumPy:

    python3 test/make_image_crate_baselines.py test/Baseline/ImageCrateResize.txt

Format (text, whitespace separated):
    # comment lines
    input <width> <height>
    <height rows of width values>
    resize <kernel> <width> <height> <tolerance>
    <height rows of width values>
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmark", "peers"))
import dicom_preprocessing_reference as ref  # noqa: E402

WIDTH, HEIGHT = 41, 29
SIZES = [(17, 11), (9, 5), (30, 20), (50, 31), (88, 70), (41, 12), (5, 29), (82, 29), (1, 1)]
# NumPy's float32 exp/sin may differ from libm in the last bit: +-1 for those two.
KERNELS = [("nearest", 0), ("triangle", 0), ("catmull-rom", 0), ("gaussian", 1), ("lanczos3", 1),
           ("max-pool", 0)]


def make_input():
    state = 12345
    img = np.zeros((HEIGHT, WIDTH), np.int64)
    for y in range(HEIGHT):
        for x in range(WIDTH):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            noise = (state >> 16) % 4001 - 2000
            v = 32768 + 30000 * math.sin(x * 0.45) * math.cos(y * 0.35) + noise
            if 5 <= x < 12 and 4 <= y < 10:
                v = 65535
            if 24 <= x < 31 and 13 <= y < 20:
                v = 0
            img[y, x] = max(0, min(65535, int(round(v))))
    return img


def write(out, header, img):
    out.write(header + "\n")
    for row in img:
        out.write(" ".join(str(int(v)) for v in row) + "\n")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "ImageCrateResize.txt"
    img = make_input()
    with open(path, "w") as out:
        out.write("# image crate 0.25 resize / dicom-preprocessing max-pool of a 16-bit image, emulated by"
                  " benchmark/peers/dicom_preprocessing_reference.py; made by test/make_image_crate_baselines.py\n")
        write(out, "input %d %d" % (WIDTH, HEIGHT), img)
        for name, tol in KERNELS:
            for w, h in SIZES:
                if name == "max-pool":
                    res = ref.max_pool(img, w, h, sixteen_bit=True)
                else:
                    res = ref.resize(img.astype(np.uint16), w, h, name)
                write(out, "resize %s %d %d %d" % (name, w, h, tol), res)


if __name__ == "__main__":
    main()

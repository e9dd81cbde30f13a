"""Reference emulations of dicom-preprocessing 0.1.2's pixel arithmetic, in NumPy.

For the oracle lane of issue 14 and for implementing the ITK filters: each function reproduces
one step of the peer exactly as docs/dicom-preprocessing.md describes it. Checked against the
built peer (benchmark/peers/build-dicom-preprocessing.sh) on the smoke script's inputs:

- voi_lut16(): every pixel equal for MR_small (window), CT_small (min-max fallback and
  --window 40,400), pydicom's 6154 (CR, MONOCHROME1, 12-bit), a 12-bit MG-like file and each of
  the 12 frames of a DBT-like file;
- resize(): triangle, nearest and catmull-rom every pixel equal (320 x 256 -> 88 x 70, 16-bit);
  gaussian and lanczos3 within +-1 on 2 and 6 of 6,160 pixels (NumPy's float32 exp/sin are not
  bit-identical to Rust's libm);
- max_pool(): every pixel equal (16-bit input quantised to 8 bits as the peer does).

Imports NumPy only.
"""

import math

import numpy as np

f32 = np.float32


def voi_lut16(stored, bits_stored, signed, slope=1.0, intercept=0.0, window=None, monochrome1=False):
    """dicom-pixeldata 0.9 build_monochrome_image for one 16-bit frame with default options or a
    window (center, width) given by --window / the file's first WindowCenter/WindowWidth (LINEAR).
    STORED: the frame's raw 16-bit words (np.uint16). Returns int64 display values."""
    stored = np.asarray(stored).astype(np.uint16)
    size = 1 << bits_stored
    i = np.arange(size, dtype=np.float64)
    x = np.where(i >= size // 2, i - size, i) if signed else i
    v = slope * x + intercept
    y_max = float((1 << (1 << (bits_stored - 1).bit_length())) - 1)
    if window is None:  # min-max of the raw unsigned words, as lut.rs:new_rescale_and_normalize
        lo, hi = float(stored.min()), float(stored.max())
        if slope < 0:
            lo, hi = hi, lo
        hi, lo = hi * slope + intercept, lo * slope + intercept
        center, width = (lo + hi) / 2, hi - lo + 1
    else:
        center, width = window
    width = max(width, 1.0)
    y = np.where(v <= center - (width - 1) / 2, 0.0,
                 np.where(v > center - 0.5 + (width - 1) / 2, y_max,
                          ((v - (center - 0.5)) / (width - 1) + 0.5) * y_max))
    table = np.trunc(y).astype(np.int64)
    out = table[stored.astype(np.int64) & (size - 1)]
    return 65535 - out if monochrome1 else out

def tri(x):
    x = np.abs(x)
    return np.where(x < 1, f32(1) - x, f32(0)).astype(f32)


def box(x):
    return np.ones_like(x, dtype=f32)


def catmull(x):
    a = np.abs(x).astype(f32)
    a2 = (a * a).astype(f32); a3 = (a2 * a).astype(f32)
    k1 = ((f32(9) * a3).astype(f32) + (f32(-15) * a2).astype(f32)).astype(f32) + f32(6)
    k2 = (((f32(-3) * a3).astype(f32) + (f32(15) * a2).astype(f32)).astype(f32) + (f32(-24) * a).astype(f32)).astype(f32) + f32(12)
    k = np.where(a < 1, k1, np.where(a < 2, k2, f32(0))).astype(f32)
    return (k / f32(6)).astype(f32)


KERNELS = {"triangle": (tri, 1.0), "nearest": (box, 0.0), "catmull-rom": (catmull, 2.0)}


def weights(in_size, out_size, kernel, support):
    ratio = f32(in_size) / f32(out_size)
    sratio = ratio if ratio >= 1 else f32(1)
    src_support = f32(support) * sratio
    out = []
    for o in range(out_size):
        c = (f32(o) + f32(0.5)) * ratio
        left = int(math.floor(c - src_support))
        left = min(max(left, 0), in_size - 1)
        right = int(math.ceil(c + src_support))
        right = min(max(right, left + 1), in_size)
        c = c - f32(0.5)
        ks = np.arange(left, right, dtype=f32)
        ws = kernel(((ks - c) / sratio).astype(f32))
        s = f32(0)
        for w in ws:
            s = f32(s + w)
        ws = (ws / s).astype(f32)
        out.append((left, ws))
    return out


def resize(img, out_w, out_h, name, maxval=65535):
    """image 0.25.10 imageops::resize of a 2D gray array: vertical pass, then horizontal, f32."""
    kernel, support = KERNELS[name]
    img = img.astype(f32)
    h, w = img.shape
    if (out_w, out_h) == (w, h):
        return img
    tmp = np.zeros((out_h, w), f32)
    for oy, (left, ws) in enumerate(weights(h, out_h, kernel, support)):
        t = np.zeros(w, f32)
        for i, wt in enumerate(ws):
            t = (t + img[left + i] * wt).astype(f32)
        tmp[oy] = t
    out = np.zeros((out_h, out_w), f32)
    for ox, (left, ws) in enumerate(weights(w, out_w, kernel, support)):
        t = np.zeros(out_h, f32)
        for i, wt in enumerate(ws):
            t = (t + tmp[:, left + i] * wt).astype(f32)
        out[:, ox] = t
    out = np.clip(out, 0, maxval)
    # round half away from zero
    r = np.floor(out)
    r = r + ((out - r) >= f32(0.5))
    return r.astype(np.int64)


def gaussian(x):
    x = x.astype(f32)
    r = f32(0.5)
    norm = f32(1) / (np.sqrt(f32(2) * f32(np.pi)).astype(f32) * r)
    return (norm * np.exp((-(x * x)).astype(f32) / (f32(2) * (r * r))).astype(f32)).astype(f32)


def _sinc(t):
    a = (t * f32(np.pi)).astype(f32)
    return np.where(t == 0, f32(1), (np.sin(a).astype(f32) / np.where(a == 0, f32(1), a))).astype(f32)


def lanczos3(x):
    x = x.astype(f32)
    return np.where(np.abs(x) < 3, (_sinc(x) * _sinc((x / f32(3)).astype(f32))).astype(f32), f32(0)).astype(f32)


KERNELS.update({"gaussian": (gaussian, 3.0), "lanczos3": (lanczos3, 3.0)})


def max_pool(img, out_w, out_h, sixteen_bit=True):
    """resize.rs:Resize::apply with FilterType::MaxPool (through Rgba<u8>: 16-bit quantised)."""
    img = np.asarray(img).astype(np.int64)
    h, w = img.shape
    q = (img + 128) // 257 if sixteen_bit else img
    out = np.zeros((out_h, out_w), np.int64)
    for y in range(out_h):
        for x in range(out_w):
            sx, sy = min(x * w // out_w, w - 1), min(y * h // out_h, h - 1)
            ex, ey = min((x + 1) * w // out_w, w), min((y + 1) * h // out_h, h)
            block = q[sy:ey, sx:ex]
            out[y, x] = max(q[sy, sx], block.max()) if block.size else q[sy, sx]
    return out * 257 if sixteen_bit else out

"""Degradations of rendered documents: flatbed scan, phone photo, low resolution, photocopy
(1st/2nd generation, greyscale or 1-bit), WhatsApp re-compression.

Every degradation has a ``heldout`` variant drawn from other ranges or mechanisms, which the
readers are never tuned on (``bench/cards.py`` reports the two apart).

Each degradation returns the new image and the 3 × 3 homography that maps a pixel of the input
to the output, so field boxes can follow the warp (``warp_box``). All randomness comes from the
``random.Random`` passed in, so the same seed gives byte-identical files.
"""

from __future__ import annotations

import io
import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw

from core.models import BBox

DEGRADATIONS = ("clean", "scan", "photo", "lowres")
Matrix = np.ndarray


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(2**63))


def _to_array(img: Image.Image, bg: int = 255) -> np.ndarray:
    """RGB pixels; a transparent card (rounded corners) is laid on a ``bg`` grey first."""
    if img.mode == "RGBA":
        flat = Image.new("RGB", img.size, (bg, bg, bg))
        flat.paste(img, mask=img.getchannel("A"))
        return np.asarray(flat, dtype=np.uint8)
    return np.asarray(img.convert("RGB"), dtype=np.uint8)


def flatten(img: Image.Image, bg: int = 255) -> Image.Image:
    """The card on a plain ``bg`` background (no alpha)."""
    return Image.fromarray(_to_array(img, bg))


def _to_image(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _rotation(angle_deg: float, center: tuple[float, float]) -> Matrix:
    m = cv2.getRotationMatrix2D(center, angle_deg, 1.0)
    return np.vstack([m, [0.0, 0.0, 1.0]])


def _translation(dx: float, dy: float) -> Matrix:
    return np.array([[1.0, 0.0, dx], [0.0, 1.0, dy], [0.0, 0.0, 1.0]])


def _noise(arr: np.ndarray, sigma: float, gen: np.random.Generator) -> np.ndarray:
    noisy = arr.astype(np.float32) + gen.normal(0.0, sigma, arr.shape[:2])[..., None]
    return np.clip(noisy, 0, 255).astype(np.uint8)


def warp_box(box: BBox, m: Matrix, size: tuple[int, int]) -> BBox:
    """The axis-aligned bound of ``box`` (x, y, w, h) after the homography ``m``, clipped."""
    x, y, w, h = box
    corners = np.array([[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]], dtype=np.float64)
    pts = cv2.perspectiveTransform(corners, m)[0]
    x0, y0 = np.floor(pts.min(axis=0))
    x1, y1 = np.ceil(pts.max(axis=0))
    x0, y0 = max(0, int(x0)), max(0, int(y0))
    x1, y1 = min(size[0], int(x1)), min(size[1], int(y1))
    return (x0, y0, max(0, x1 - x0), max(0, y1 - y0))


def scan(img: Image.Image, rng: random.Random, *, margin: int = 0,
         bed: int = 238, heldout: bool = False) -> tuple[Image.Image, Matrix]:
    """A flatbed scan: optional scanner-bed margin, ±3° rotation, blur, noise (JPEG q70 later);
    ``heldout``: ±3–5°, more blur and noise."""
    gen = _np_rng(rng)
    src = _to_array(img, bed)
    h, w = src.shape[:2]
    out_w, out_h = w + 2 * margin, h + 2 * margin
    angle = rng.choice((-1, 1)) * rng.uniform(3, 5) if heldout else rng.uniform(-3, 3)
    m = _rotation(angle, (out_w / 2, out_h / 2)) @ _translation(margin, margin)
    out = cv2.warpPerspective(src, m, (out_w, out_h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=(bed, bed, bed))
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(1.1, 1.4) if heldout else rng.uniform(0.6, 1.1))
    return _to_image(_noise(out, rng.uniform(8, 11) if heldout else rng.uniform(4, 8), gen)), m


SCAN_DPIS = (150, 200, 240, 300, 300)
"""Resolutions the seen flatbed scan is made at (an office scanner's presets; the card is drawn
at 300 dpi)."""


def _moire(arr: np.ndarray, rng: random.Random, gen: np.random.Generator) -> np.ndarray:
    """The card's printed guilloche is a halftone screen: a fine grating (near the scanner's
    sampling pitch) on the light, printed ground, which aliases into moiré on resampling."""
    h, w = arr.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    pitch = rng.uniform(2.2, 3.6)
    angle = rng.uniform(0, math.pi)
    phase = (np.cos(angle) * xx + np.sin(angle) * yy) * (math.tau / pitch)
    grating = np.sin(phase) * rng.uniform(4, 12)
    ground = np.clip((arr.mean(axis=2) - 120) / 100, 0, 1)  # the screen shows on the ground
    return arr.astype(np.float32) + (grating * ground)[..., None]


def _glare(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """A glossy laminate's sheen: a bright band across the card along the lamp's travel, where
    the print is washed out (lifted towards white)."""
    h, w = arr.shape[:2]
    across = rng.random() < 0.5
    n = h if across else w
    centre, width = rng.uniform(0.15, 0.85) * n, rng.uniform(0.04, 0.14) * n
    t = np.arange(n, dtype=np.float32)
    band = np.exp(-0.5 * ((t - centre) / width) ** 2) * rng.uniform(0.25, 0.55)
    band = band[:, None] if across else band[None, :]
    out = arr.astype(np.float32)
    return out + (255 - out) * band[..., None]


def _lid(arr: np.ndarray, rng: random.Random, card_quad: np.ndarray) -> np.ndarray:
    """The lid's shadow: a soft dark fringe along one or two edges of the card (the card's
    thickness against a lamp from one side) and, when the lid was left open or the card lay
    near the glass's edge, a dark border at one or two sides of the frame."""
    h, w = arr.shape[:2]
    out = arr.astype(np.float32)
    if rng.random() < 0.7:
        mask = np.zeros((h, w), np.float32)
        cv2.fillConvexPoly(mask, card_quad.astype(np.int32), 1.0)
        dx, dy = rng.choice((-1, 1)) * rng.uniform(2, 7), rng.choice((-1, 1)) * rng.uniform(2, 7)
        moved = cv2.warpAffine(mask, np.float32([[1, 0, dx], [0, 1, dy]]), (w, h))
        shadow = cv2.GaussianBlur(np.clip(moved - mask, 0, 1), (0, 0), rng.uniform(2, 5))
        out *= 1 - rng.uniform(0.3, 0.6) * shadow[..., None]
    if rng.random() < 0.5:
        for side in rng.sample(("top", "bottom", "left", "right"), rng.randint(1, 2)):
            depth = rng.randint(6, 30)
            ramp = np.clip(1 - np.arange(depth * 2, dtype=np.float32) / (depth * 2), 0, 1)
            dark = rng.uniform(0.6, 0.92) * np.minimum(1, ramp * 2)
            if side in ("top", "bottom"):
                sl = slice(0, depth * 2) if side == "top" else slice(h - 1, h - 1 - depth * 2, -1)
                out[sl] *= (1 - dark[: out[sl].shape[0]])[:, None, None]
            else:
                sl = slice(0, depth * 2) if side == "left" else slice(w - 1, w - 1 - depth * 2, -1)
                out[:, sl] *= (1 - dark[: out[:, sl].shape[1]])[None, :, None]
    return out


def _dust(arr: np.ndarray, rng: random.Random, gen: np.random.Generator) -> np.ndarray:
    """Dust specks and a hair or two on the glass: small dark dots and thin dark curves."""
    h, w = arr.shape[:2]
    mask = np.zeros((h, w), np.uint8)
    for _ in range(rng.randint(0, 25)):
        cv2.circle(mask, (rng.randrange(w), rng.randrange(h)), rng.randint(1, 2), 255, -1)
    for _ in range(rng.randint(0, 2)):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        heading, pts = rng.uniform(0, math.tau), []
        for _ in range(rng.randint(20, 60)):
            pts.append((int(x), int(y)))
            heading += rng.uniform(-0.25, 0.25)
            x, y = x + 3 * math.cos(heading), y + 3 * math.sin(heading)
        cv2.polylines(mask, [np.int32(pts)], False, 255, 1, cv2.LINE_AA)
    level = rng.uniform(0.35, 0.75)
    return arr.astype(np.float32) * (1 - level * (mask[..., None] / 255.0))


def _tone(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """The scanner's colour handling: a colour cast, then auto-contrast (levels stretched
    between low and high percentiles) and a gamma."""
    out = arr.astype(np.float32) * np.float32([rng.uniform(0.93, 1.06) for _ in range(3)])
    if rng.random() < 0.6:
        lo, hi = np.percentile(out, (rng.uniform(0.2, 2), rng.uniform(97, 99.8)))
        out = (out - lo) * (255 / max(hi - lo, 1))
    out = 255 * (np.clip(out, 0, 255) / 255) ** rng.uniform(0.75, 1.3)
    return out


def flatbed(img: Image.Image, rng: random.Random) -> tuple[Image.Image, Matrix]:
    """The seen flatbed scan of a card: laid slightly tilted and off centre on the glass
    (±3°), the halftone ground's moiré, a laminate's glare band, the lid's shadow or a dark
    border, optics blur, sensor noise, dust and hairs, scanned at 150–300 dpi, the scanner's
    colour cast, auto-contrast and gamma, an unsharp mask, and the scanner's own JPEG
    (q55–92; the file is saved again at q70)."""
    gen = _np_rng(rng)
    bed = rng.randint(225, 252)
    src = _to_array(img, bed)
    h, w = src.shape[:2]
    mx, my = rng.randint(30, 120), rng.randint(30, 120)
    out_w, out_h = w + mx + rng.randint(30, 120), h + my + rng.randint(30, 120)
    angle = rng.uniform(-3, 3)
    m = _rotation(angle, (out_w / 2, out_h / 2)) @ _translation(mx, my)
    src = _moire(src, rng, gen) if rng.random() < 0.6 else src.astype(np.float32)
    if rng.random() < 0.5:
        src = _glare(src, rng)
    out = cv2.warpPerspective(np.clip(src, 0, 255).astype(np.uint8), m, (out_w, out_h),
                              flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                              borderValue=(bed, bed, bed))
    quad = cv2.perspectiveTransform(np.float64([[[0, 0], [w, 0], [w, h], [0, h]]]), m)[0]
    out = _lid(out, rng, quad)
    out = _dust(out, rng, gen)
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.6, 1.1))
    out = _noise(np.clip(out, 0, 255), rng.uniform(3, 7), gen).astype(np.float32)
    dpi = rng.choice(SCAN_DPIS)
    f = dpi / 300
    size = (round(out_w * f), round(out_h * f))
    out = cv2.resize(out, size, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_LINEAR)
    out = _tone(out, rng)
    if rng.random() < 0.5:
        blur = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.8, 1.8))
        amount = rng.uniform(0.3, 0.9)
        out = out * (1 + amount) - blur * amount
    scanned = _to_image(out)
    scanned = Image.open(io.BytesIO(jpeg(scanned, rng.randint(55, 92)))).convert("RGB")
    return scanned, np.diag([size[0] / out_w, size[1] / out_h, 1.0]) @ m


def _table(size: tuple[int, int], gen: np.random.Generator, rng: random.Random) -> np.ndarray:
    """A dark wooden/fabric table top: low-frequency tone, grain and noise."""
    w, h = size
    tone = np.array(rng.choice(((78, 56, 40), (52, 50, 56), (96, 72, 52), (40, 44, 38))))
    low = cv2.resize(gen.normal(0, 14, (h // 40 + 2, w // 40 + 2)), (w, h),
                     interpolation=cv2.INTER_CUBIC)
    grain = cv2.GaussianBlur(gen.normal(0, 18, (h, w)), (0, 0), sigmaX=9, sigmaY=0.8)
    field = low + grain + gen.normal(0, 4, (h, w))
    return np.clip(tone[None, None, :] + field[..., None], 0, 255)


def _lighting(size: tuple[int, int], rng: random.Random) -> np.ndarray:
    """Uneven light: a soft hot spot and a linear fall-off."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    spot = np.exp(-(((xx - cx) / (0.7 * w)) ** 2 + ((yy - cy) / (0.7 * h)) ** 2))
    angle = rng.uniform(0, math.tau)
    ramp = (np.cos(angle) * xx / w + np.sin(angle) * yy / h)
    light = 0.72 + 0.3 * spot - 0.12 * ramp
    if rng.random() < 0.5:  # a soft glare from an overhead lamp
        gx, gy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
        light += 0.35 * np.exp(-(((xx - gx) / (0.09 * w)) ** 2 + ((yy - gy) / (0.06 * h)) ** 2))
    return light[..., None]


def photo(img: Image.Image, rng: random.Random, *, heldout: bool = False,
          hard: bool = False) -> tuple[Image.Image, Matrix]:
    """A phone photo: the card on a darker table, perspective, ±8° and uneven light;
    ``heldout``: 8–14°, stronger perspective and blur. ``hard`` (a seen-side stress variant for
    developing the card finder, not drawn by the bench): ±25°, perspective up to 0.08, the card
    0.55–1.0 of the frame, a lighter table."""
    gen = _np_rng(rng)
    src = _to_array(img)
    h, w = src.shape[:2]
    out_w, out_h = int(w * 1.45), int(h * 1.6)
    scale = rng.uniform(0.55, 1.0) if hard else rng.uniform(0.85, 1.0)
    tilt = rng.choice((-1, 1)) * rng.uniform(8, 14) if heldout else rng.uniform(-8, 8)
    if hard:
        tilt = rng.uniform(-25, 25)
    angle = math.radians(tilt)
    slack = 0.08 if hard else 0.065 if heldout else 0.04
    cx, cy = out_w / 2 + rng.uniform(-30, 30), out_h / 2 + rng.uniform(-30, 30)
    corners = []
    for px, py in ((0, 0), (w, 0), (w, h), (0, h)):
        dx, dy = (px - w / 2) * scale, (py - h / 2) * scale
        size = scale if hard else 1.0  # perspective is relative to the card's size
        jitter = (rng.uniform(-slack, slack) * w * size, rng.uniform(-slack, slack) * h * size)
        corners.append((cx + dx * math.cos(angle) - dy * math.sin(angle) + jitter[0],
                        cy + dx * math.sin(angle) + dy * math.cos(angle) + jitter[1]))
    src_pts = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(src_pts, np.float32(corners)).astype(np.float64)
    card = cv2.warpPerspective(src, m, (out_w, out_h), flags=cv2.INTER_LINEAR)
    alpha = (np.asarray(img.getchannel("A")) if img.mode == "RGBA"
             else np.full((h, w), 255, np.uint8))
    mask = cv2.warpPerspective(alpha, m, (out_w, out_h))
    mask = cv2.GaussianBlur(mask, (0, 0), 1.0).astype(np.float32)[..., None] / 255.0
    shadow = cv2.GaussianBlur(mask, (0, 0), 12)[..., None] * 0.45
    table = _table((out_w, out_h), gen, rng) * (1 - shadow)
    if hard:  # a light desk: little contrast with the card
        table = table * rng.uniform(1.6, 2.3)
    out = card * mask + table * (1 - mask)
    out = out * _lighting((out_w, out_h), rng)
    out = cv2.GaussianBlur(out.astype(np.float32), (0, 0),
                           rng.uniform(1.2, 1.6) if heldout else rng.uniform(0.7, 1.3))
    return _to_image(_noise(out, rng.uniform(3, 6), gen)), m


def lowres(img: Image.Image, dpi_from: int = 300, dpi_to: int = 150) -> tuple[Image.Image,
                                                                              Matrix]:
    """The same document at a lower resolution (``dpi_to``)."""
    f = dpi_to / dpi_from
    w, h = img.size
    out = img.resize((round(w * f), round(h * f)), Image.Resampling.LANCZOS)
    m = np.diag([out.size[0] / w, out.size[1] / h, 1.0])
    return out, m


def _grey_of(img: Image.Image) -> np.ndarray:
    """Grey pixels of ``img`` (a transparent card laid on white first), as float32."""
    return np.asarray(flatten(img, 255).convert("L") if img.mode == "RGBA" else img.convert("L"),
                      dtype=np.float32)


def _copy_once(grey: np.ndarray, gen: np.random.Generator, rng: random.Random,
               heldout: bool) -> np.ndarray:
    """One pass through a copier: tone curve, toner dropout, speckle, slight blur.

    The seen side runs from a gentle curve to a dark, contrasty one (a copier set darker: thin
    strokes grow, counters close), with a toner density from full to a light copy, sometimes a
    pale band of a starved toner roller, and speckle from clean glass to a dusty one;
    ``heldout`` draws from ranges the readers are not tuned on (a harsher curve, coarser
    dropout, drum streaks).
    """
    lo, gain = ((rng.uniform(85, 100), rng.uniform(1.65, 1.9)) if heldout
                else (rng.uniform(48, 84), rng.uniform(1.32, 1.64)))
    out = (grey - lo) * gain
    out = np.where(out > rng.uniform(200, 220), 250, out)
    if not heldout:  # toner density: a full copy, or a light one whose ink stays grey
        out = 255 - (255 - np.clip(out, 0, 255)) * rng.uniform(0.78, 1.0)
    # toner dropout: blotches of a smooth random field lighten the ink (thin strokes break)
    sigma = rng.uniform(1.0, 1.6) if heldout else rng.uniform(0.7, 1.15)
    field = cv2.GaussianBlur(gen.normal(0, 1, grey.shape).astype(np.float32), (0, 0), sigma)
    field /= float(field.std()) or 1.0
    drop = field > (rng.uniform(1.5, 1.9) if heldout else rng.uniform(1.85, 2.4))
    out = np.where(drop & (out < 160), out + rng.uniform(90, 150), out)
    density = rng.uniform(0.002, 0.004) if heldout else rng.uniform(0.0004, 0.002)
    speckle = gen.random(grey.shape) < density
    out[speckle] = gen.uniform(20, 90, int(speckle.sum()))
    if heldout:  # one or two faint streaks of a dirty drum
        for _ in range(rng.randint(1, 2)):
            x = rng.randrange(grey.shape[1])
            out[:, x:x + rng.randint(1, 3)] -= rng.uniform(25, 60)
    elif rng.random() < 0.35:  # a pale band along the feed: a starved toner roller
        x, width = rng.randrange(grey.shape[1]), rng.randint(6, 24)
        band = out[:, x:x + width]
        out[:, x:x + width] = band + (255 - band) * rng.uniform(0.2, 0.4)
    return cv2.GaussianBlur(np.clip(out, 0, 255), (0, 0),
                            rng.uniform(0.5, 0.8) if heldout else rng.uniform(0.45, 0.95))


def photocopy(img: Image.Image, rng: random.Random, *, generation: int = 1,
              bits: int = 8, heldout: bool = False) -> Image.Image:
    """A black-and-white photocopy (greyscale ``L``, or 1-bit ``1`` with ``bits=1``): crushed
    contrast, washed-out background, darkened photo, broken thin strokes, toner speckle;
    ``generation=2`` is a copy of the copy."""
    gen = _np_rng(rng)
    out = _grey_of(img)
    for _ in range(generation):
        out = _copy_once(out, gen, rng, heldout)
    grey = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), mode="L")
    if bits == 1:  # held out: a lower threshold (thinner, broken strokes)
        cut = rng.uniform(105, 125) if heldout else rng.uniform(135, 165)
        return grey.point(lambda v: 255 if v > cut else 0).convert("1", dither=Image.Dither.NONE)
    return grey


def _shake(arr: np.ndarray, rng: random.Random, longest: int = 5) -> np.ndarray:
    """A hand's shake: a short straight motion blur (3–``longest`` px) in a random direction."""
    length = rng.randint(3, longest)
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0 / length
    turn = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), rng.uniform(0, 180), 1)
    kernel = cv2.warpAffine(kernel, turn, (length, length))
    return cv2.filter2D(arr, -1, kernel / max(float(kernel.sum()), 1e-6))


def _defocus(arr: np.ndarray, radius: float) -> np.ndarray:
    """A lens slightly out of focus: the light of each point spread over a disc."""
    r = math.ceil(radius)
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1].astype(np.float32)
    disc = np.clip(radius + 0.5 - np.hypot(xx, yy), 0, 1)
    return cv2.filter2D(arr.astype(np.float32), -1, disc / float(disc.sum()))


def _shade(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """Uneven light over the whole frame: a hand's or phone's shadow falling off to one side
    (down to 0.78 of the light) and an exposure set a little dark or bright."""
    h, w = arr.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, math.tau)
    ramp = (np.cos(angle) * (xx / w - 0.5) + np.sin(angle) * (yy / h - 0.5)) + 0.5
    light = 1.0 - rng.uniform(0.08, 0.22) * np.clip(ramp, 0, 1)
    light *= rng.uniform(0.92, 1.06)
    return np.clip(arr.astype(np.float32) * light[..., None], 0, 255)


def _sharpen(arr: np.ndarray, rng: random.Random, strongest: float = 1.1) -> np.ndarray:
    """The phone's or a screenshot's sharpening: an unsharp mask (halos round the strokes)."""
    blur = cv2.GaussianBlur(arr.astype(np.float32), (0, 0), rng.uniform(1.0, 2.0))
    amount = rng.uniform(0.5, strongest)
    return np.clip(arr.astype(np.float32) * (1 + amount) - blur * amount, 0, 255)


def _denoise(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """A phone's noise reduction: an edge-keeping smoothing that flattens the fine print's
    texture and thins faint strokes (the "watercolour" look of night and indoor shots)."""
    src = np.clip(arr, 0, 255).astype(np.uint8)
    return cv2.bilateralFilter(src, 5, rng.uniform(18, 40), rng.uniform(2, 4)).astype(np.float32)


def _resized(img: Image.Image, side: int, rng: random.Random) -> Image.Image:
    """``img`` with its long side brought down to ``side`` (an app never enlarges), by one of
    the filters apps use."""
    f = min(1.0, side / max(img.size))
    if f >= 1.0:
        return img
    size = (round(img.size[0] * f), round(img.size[1] * f))
    flt = rng.choice((Image.Resampling.BILINEAR, Image.Resampling.BICUBIC,
                      Image.Resampling.LANCZOS, Image.Resampling.BOX))
    return img.resize(size, flt)


SEEN_SIDES = (800, 1280, 1280, 1600, 1600, 1600)
"""Long sides (px) WhatsApp sends a photo at: 1600 (standard), 1280 (older apps, some
phones), 800 ("data saver" / low quality). HD sends keep the photo's own size."""

SCREENS = ((720, 1600), (1080, 2160), (1080, 2340), (1080, 2400), (1440, 3200))
"""Phone screens (portrait width × height, px) a chat is screenshotted on."""


def forward_plan(rng: random.Random) -> dict:
    """What happens to one seen WhatsApp photo on its way, each draw its own mix.

    The phone's camera: a defocus (disc radius 0.8–1.8 px) or a hand's shake (3–7 px), uneven
    light, a white balance a little warm or cold, then the phone's processing (noise reduction,
    sharpening halos, or both) and its own JPEG (q88–95). The view: the photo itself (85 %), or
    a screenshot of the chat (the photo in a bubble, sent HD) or of the photo opened full
    screen, zoomed in a little (portrait, sent standard; or the phone turned landscape).
    WhatsApp: the long side brought to 1600, 1280 or 800 px (``SEEN_SIDES``; HD keeps it), JPEG
    q55–80 with 4:2:0 chroma (4:2:2 from some builds), and sometimes forwarded again (saved and
    sent anew: re-encoded, at most as large)."""
    view = rng.choices(("photo", "chat", "viewer", "landscape"), (0.85, 0.05, 0.05, 0.05))[0]
    side = rng.choice(SEEN_SIDES) if view == "photo" else 4096 if view == "chat" else 1600
    passes = [(side, rng.randint(55, 80), rng.choice((2, 2, 2, 2, 1)))]
    if rng.random() < 0.3:
        again = side if view != "photo" else min(side, rng.choice((1280, 1600, 1600)))
        passes.append((again, rng.randint(60, 80), 2))
    return {"blur": rng.choices(("none", "defocus", "shake"), (0.4, 0.3, 0.3))[0],
            "radius": rng.uniform(0.8, 1.8), "shade": rng.random() < 0.45,
            "cast": (rng.uniform(-0.06, 0.06), rng.uniform(-0.05, 0.05)),
            "isp": rng.choices(("none", "sharpen", "denoise", "both"), (0.3, 0.3, 0.15, 0.25))[0],
            "camera_q": rng.randint(88, 95), "view": view, "passes": passes}


def _camera(arr: np.ndarray, plan: dict, rng: random.Random) -> Image.Image:
    """The phone camera's side of a seen forwarded photo (see :func:`forward_plan`)."""
    if plan["blur"] == "defocus":
        arr = _defocus(arr, plan["radius"])
    elif plan["blur"] == "shake":
        arr = _shake(arr, rng, longest=7)
    if plan["shade"]:
        arr = _shade(arr, rng)
    warm, green = plan["cast"]
    arr = arr * np.float32([1 + warm, 1 + green, 1 - warm])
    if plan["isp"] in ("denoise", "both"):
        arr = _denoise(arr, rng)
    if plan["isp"] in ("sharpen", "both"):
        arr = _sharpen(arr, rng, strongest=1.4)
    return Image.open(io.BytesIO(jpeg(_to_image(arr), plan["camera_q"]))).convert("RGB")


def _screenshot(photo: Image.Image, view: str, rng: random.Random) -> tuple[Image.Image,
                                                                            Matrix]:
    """A screenshot of WhatsApp showing ``photo``: in a chat bubble (``chat``), or opened full
    screen, zoomed in 1.1–1.4 (``viewer``, under the status bar and the app's bar: contact,
    time) or on the phone turned sideways (``landscape``, no bars); the chat has the bars, the
    bubble's time over the photo and the message field.
    Returns the screenshot and the homography photo → screenshot."""
    from samples.cards import font  # local: the card module draws; this one only degrades

    sw, sh = rng.choice(SCREENS[1:] if view == "chat" else SCREENS)  # a bubble needs width
    dark = rng.random() < 0.4
    unit = sw / 1080
    if view == "landscape":
        sw, sh = sh, sw
    bg = ((11, 20, 26) if dark else (236, 229, 221)) if view == "chat" else (0, 0, 0)
    shot = Image.new("RGB", (sw, sh), bg)
    draw = ImageDraw.Draw(shot)
    bar = round(70 * unit)
    app = round(150 * unit)
    pw, ph = photo.size
    if view == "chat":
        width = sw * rng.uniform(0.72, 0.8)
        f = width / pw
        x0 = sw - width - 24 * unit if rng.random() < 0.5 else 24 * unit
        y0 = rng.uniform(bar + app + 60 * unit, sh - 260 * unit - ph * f)
        pad = 8 * unit
        bubble = ((0, 92, 75) if dark else (217, 253, 211)) if x0 > sw / 2 else (
            (32, 44, 51) if dark else (255, 255, 255))
        draw.rounded_rectangle((x0 - pad, y0 - pad, x0 + width + pad, y0 + ph * f + pad),
                               radius=round(18 * unit), fill=bubble)
        dx, dy = x0, y0
    else:
        zoom = rng.uniform(1.1, 1.4) if view == "viewer" else 1.0
        room = sh - 2 * (bar + app) if view == "viewer" else sh  # sideways: no bars over it
        f = min(sw / pw, room / ph) * zoom
        dx = (sw - pw * f) / 2 + rng.uniform(-0.1, 0.1) * pw * (zoom - 1) * f
        dy = (sh - ph * f) / 2
    m = np.array([[f, 0, dx], [0, f, dy], [0, 0, 1]], np.float64)
    shown = cv2.warpAffine(np.asarray(photo), m[:2], (sw, sh), flags=cv2.INTER_AREA,
                           borderMode=cv2.BORDER_TRANSPARENT, dst=np.asarray(shot).copy())
    shot = Image.fromarray(shown)
    draw = ImageDraw.Draw(shot)
    small, name = font("regular", round(30 * unit)), font("bold", round(40 * unit))
    top = (31, 44, 52) if dark else (0, 128, 105) if view == "chat" else (0, 0, 0)
    ink = (233, 237, 239) if dark or view != "chat" else (255, 255, 255)
    hour = f"{rng.randint(7, 21):02d}.{rng.randint(0, 59):02d}"
    if view == "landscape":  # the viewer turned sideways hides its bars
        return shot, m
    draw.rectangle((0, 0, sw, bar + app), fill=top)
    draw.text((24 * unit, bar * 0.2), hour, font=small, fill=ink)
    draw.text((150 * unit, bar + app * 0.18), rng.choice(("Bapak", "Ibu", "Kakak", "Pak")) + " "
              + rng.choice(("Rudi", "Sri", "Andi", "Dewi", "Joko", "Yanti")), font=name, fill=ink)
    draw.text((150 * unit, bar + app * 0.58), "online" if view == "chat" else f"Hari ini {hour}",
              font=small, fill=ink)
    if view == "chat":
        draw.rectangle((0, sh - 130 * unit, sw, sh), fill=bg)
        draw.rounded_rectangle((16 * unit, sh - 120 * unit, sw - 140 * unit, sh - 20 * unit),
                               radius=round(50 * unit), fill=(31, 44, 52) if dark else "white")
        draw.text((70 * unit, sh - 95 * unit), "Ketik pesan", font=small, fill=(140, 150, 155))
        draw.text((dx + pw * f - 110 * unit, dy + ph * f - 45 * unit), hour, font=small,
                  fill=(255, 255, 255))
    return shot, m


def _forward_seen(img: Image.Image, rng: random.Random) -> tuple[Image.Image, Matrix]:
    """The seen WhatsApp variant: :func:`forward_plan`'s mix applied to a phone photo."""
    plan = forward_plan(rng)
    out = _camera(np.asarray(img.convert("RGB")).astype(np.float32), plan, rng)
    m = np.eye(3)
    if plan["view"] != "photo":
        out, m = _screenshot(out, plan["view"], rng)
    for side, q, chroma in plan["passes"]:
        before = out.size
        out = _resized(out, side, rng)
        m = np.diag([out.size[0] / before[0], out.size[1] / before[1], 1.0]) @ m
        out = Image.open(io.BytesIO(jpeg(out, q, subsampling=chroma))).convert("RGB")
    return out, m


def whatsapp(img: Image.Image, rng: random.Random, *, heldout: bool = False
             ) -> tuple[Image.Image, Matrix]:
    """A photo forwarded on WhatsApp. Seen (:func:`forward_plan`, :func:`_forward_seen`): the
    phone's camera and processing, sometimes a screenshot of the chat, long side 1600, 1280 or
    800 px, JPEG q55–80 once or forwarded again; held out:
    1024 or 1600 and forwarded twice at q48–58."""
    w, h = img.size
    if heldout:
        side = rng.choice((1024, 1600))
        passes = [(rng.randint(48, 58), 2) for _ in range(2)]
        arr = np.asarray(img.convert("RGB"))
    else:
        return _forward_seen(img, rng)
    f = side / max(w, h)
    out = _to_image(arr).resize((round(w * f), round(h * f)), Image.Resampling.BILINEAR)
    for q, chroma in passes:
        out = Image.open(io.BytesIO(jpeg(out, q, subsampling=chroma))).convert("RGB")
    return out, np.diag([out.size[0] / w, out.size[1] / h, 1.0])


def degrade(img: Image.Image, kind: str, rng: random.Random, *, card: bool,
            dpi: int = 300, heldout: bool = False) -> tuple[Image.Image, Matrix]:
    """Apply the degradation ``kind`` (one of ``DEGRADATIONS``) to a card or a page;
    ``heldout`` draws the variant the readers are not tuned on."""
    if kind == "clean":
        return (flatten(img) if img.mode == "RGBA" else img), np.eye(3)
    if kind == "scan":
        if card and not heldout:
            return flatbed(img, rng)
        if card:
            return scan(img, rng, margin=rng.randint(40, 90), heldout=heldout)
        out, m = scan(img.convert("RGB"), rng, bed=250, heldout=heldout)
        return (out.convert("L") if img.mode == "L" else out), m
    if kind == "photo":
        return photo(img, rng, heldout=heldout)
    if kind == "lowres":
        return lowres(flatten(img) if img.mode == "RGBA" else img, dpi,
                      rng.randint(118, 130) if heldout else 150)
    raise ValueError(f"unknown degradation {kind!r}")


def jpeg(img: Image.Image, quality: int, subsampling: int = 2) -> bytes:
    """Encode ``img`` as a baseline JPEG with fixed settings (byte-identical across runs);
    colour with chroma ``subsampling`` 2 (4:2:0), 1 (4:2:2) or 0 (4:4:4)."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, subsampling=subsampling if img.mode == "RGB" else 0,
             optimize=False, progressive=False)
    return buf.getvalue()

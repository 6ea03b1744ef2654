"""Degradations of rendered documents: flatbed scan, phone photo, low resolution.

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
from PIL import Image

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
         bed: int = 238) -> tuple[Image.Image, Matrix]:
    """A flatbed scan: optional scanner-bed margin, ±3° rotation, blur, noise (JPEG q70 later)."""
    gen = _np_rng(rng)
    src = _to_array(img, bed)
    h, w = src.shape[:2]
    out_w, out_h = w + 2 * margin, h + 2 * margin
    m = _rotation(rng.uniform(-3, 3), (out_w / 2, out_h / 2)) @ _translation(margin, margin)
    out = cv2.warpPerspective(src, m, (out_w, out_h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=(bed, bed, bed))
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.6, 1.1))
    return _to_image(_noise(out, rng.uniform(4, 8), gen)), m


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


def photo(img: Image.Image, rng: random.Random) -> tuple[Image.Image, Matrix]:
    """A phone photo: the card on a darker table, perspective, ±8° and uneven light."""
    gen = _np_rng(rng)
    src = _to_array(img)
    h, w = src.shape[:2]
    out_w, out_h = int(w * 1.45), int(h * 1.6)
    scale = rng.uniform(0.85, 1.0)
    angle = math.radians(rng.uniform(-8, 8))
    cx, cy = out_w / 2 + rng.uniform(-30, 30), out_h / 2 + rng.uniform(-30, 30)
    corners = []
    for px, py in ((0, 0), (w, 0), (w, h), (0, h)):
        dx, dy = (px - w / 2) * scale, (py - h / 2) * scale
        jitter = (rng.uniform(-0.04, 0.04) * w, rng.uniform(-0.04, 0.04) * h)
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
    out = card * mask + table * (1 - mask)
    out = out * _lighting((out_w, out_h), rng)
    out = cv2.GaussianBlur(out.astype(np.float32), (0, 0), rng.uniform(0.7, 1.3))
    return _to_image(_noise(out, rng.uniform(3, 6), gen)), m


def lowres(img: Image.Image, dpi_from: int = 300, dpi_to: int = 150) -> tuple[Image.Image,
                                                                              Matrix]:
    """The same document at a lower resolution (``dpi_to``)."""
    f = dpi_to / dpi_from
    w, h = img.size
    out = img.resize((round(w * f), round(h * f)), Image.Resampling.LANCZOS)
    m = np.diag([out.size[0] / w, out.size[1] / h, 1.0])
    return out, m


def photocopy(img: Image.Image, rng: random.Random) -> Image.Image:
    """Greyscale photocopy: harder contrast, light background washed out, toner speckle."""
    gen = _np_rng(rng)
    grey = np.asarray(img.convert("L"), dtype=np.float32)
    out = (grey - 70.0) * 1.45
    out = np.where(out > 215, 250, out)
    speckle = gen.random(grey.shape) < 0.0012
    out[speckle] = gen.uniform(20, 90, int(speckle.sum()))
    out = cv2.GaussianBlur(np.clip(out, 0, 255), (0, 0), 0.6)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), mode="L")


def degrade(img: Image.Image, kind: str, rng: random.Random, *, card: bool,
            dpi: int = 300) -> tuple[Image.Image, Matrix]:
    """Apply the degradation ``kind`` (one of ``DEGRADATIONS``) to a card or a page."""
    if kind == "clean":
        return (flatten(img) if img.mode == "RGBA" else img), np.eye(3)
    if kind == "scan":
        if card:
            return scan(img, rng, margin=rng.randint(40, 90))
        out, m = scan(img.convert("RGB"), rng, bed=250)
        return (out.convert("L") if img.mode == "L" else out), m
    if kind == "photo":
        return photo(img, rng)
    if kind == "lowres":
        return lowres(flatten(img) if img.mode == "RGBA" else img, dpi, 150)
    raise ValueError(f"unknown degradation {kind!r}")


def jpeg(img: Image.Image, quality: int) -> bytes:
    """Encode ``img`` as a baseline JPEG with fixed settings (byte-identical across runs)."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, subsampling=2 if img.mode == "RGB" else 0,
             optimize=False, progressive=False)
    return buf.getvalue()

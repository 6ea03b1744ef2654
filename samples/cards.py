"""KTP-el cards drawn at 300 dpi (85.6 × 54 mm ≈ 1011 × 638 px), with field boxes.

NPWP cards (three designs) are drawn by :mod:`samples.npwp_card`, with the helpers here."""

from __future__ import annotations

import math
import random
from datetime import date
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from core.models import BBox

CARD_W, CARD_H = 1011, 638
FONT_DIR = "/usr/share/fonts/truetype"
FONTS = {
    "regular": f"{FONT_DIR}/liberation/LiberationSans-Regular.ttf",
    "bold": f"{FONT_DIR}/liberation/LiberationSans-Bold.ttf",
    "ocra": f"{FONT_DIR}/ocr-a/OCRA.ttf",
}
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
Boxes = dict[str, BBox]
Fields = dict[str, str | None]


@cache
def font(kind: str, size: int) -> ImageFont.FreeTypeFont:
    """A font of the card, cached."""
    return ImageFont.truetype(FONTS[kind], size)


def dmy(iso: str, sep: str = "-") -> str:
    """``2020-02-08`` → ``08-02-2020``."""
    d = date.fromisoformat(iso)
    return f"{d:%d}{sep}{d:%m}{sep}{d:%Y}"


def long_date(iso: str) -> str:
    """``2020-02-08`` → ``8 Februari 2020``."""
    d = date.fromisoformat(iso)
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def _text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str,
          fnt: ImageFont.FreeTypeFont, fill: tuple[int, ...] = (20, 20, 30),
          anchor: str = "la", stroke: int = 0) -> BBox:
    """Draw ``text``; return its ink box."""
    draw.text(xy, text, font=fnt, fill=fill, anchor=anchor, stroke_width=stroke,
              stroke_fill=fill)
    x0, y0, x1, y1 = draw.textbbox(xy, text, font=fnt, anchor=anchor, stroke_width=stroke)
    return (int(x0), int(y0), int(x1 - x0), int(y1 - y0))


def _union(a: BBox, b: BBox) -> BBox:
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    x1, y1 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return (x0, y0, x1 - x0, y1 - y0)


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if fnt.getlength(trial) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def _ktp_background(rng: random.Random) -> Image.Image:
    """Light-blue gradient with a fine guilloche of interfering waves."""
    y = np.linspace(0, 1, CARD_H)[:, None]
    x = np.linspace(0, 1, CARD_W)[None, :]
    base = np.stack([206 - 40 * y + 8 * x, 228 - 22 * y + 4 * x, 244 - 10 * y + 0 * x], -1)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    phase = rng.uniform(0, math.tau)
    for k in range(0, CARD_H + 60, 9):
        pts = [(px, k + 14 * math.sin(px / 37 + phase + k / 50) + 6 * math.sin(px / 11 + k))
               for px in range(0, CARD_W + 8, 8)]
        draw.line(pts, fill=(150, 190, 222), width=1)
    for r in range(40, 420, 14):
        draw.ellipse((CARD_W * 0.42 - r, CARD_H * 0.55 - r * 0.6,
                      CARD_W * 0.42 + r, CARD_H * 0.55 + r * 0.6), outline=(176, 206, 232))
    return img.filter(ImageFilter.GaussianBlur(0.6))


def _rounded(img: Image.Image, radius: int = 34) -> Image.Image:
    """Round the card's corners (transparent outside), as a real ID-1 card."""
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, img.size[0] - 1, img.size[1] - 1), radius,
                                           fill=255)
    out = img.convert("RGBA")
    out.putalpha(mask)
    return out


def _photo(img: Image.Image, box: tuple[int, int, int, int], rng: random.Random) -> None:
    """A passport-style photo: red or blue backdrop and a grey silhouette."""
    draw = ImageDraw.Draw(img)
    x0, y0, x1, y1 = box
    backdrop = rng.choice(((196, 40, 48), (40, 86, 170)))
    draw.rectangle(box, fill=backdrop)
    cx, w = (x0 + x1) / 2, x1 - x0
    draw.ellipse((cx - w * 0.22, y0 + 40, cx + w * 0.22, y0 + 40 + w * 0.56), fill=(92, 78, 70))
    draw.chord((x0 - 10, y1 - w * 0.55, x1 + 10, y1 + w * 0.5), 180, 360, fill=(38, 38, 44))


def _signature(img: Image.Image, x: int, y: int, rng: random.Random) -> None:
    draw = ImageDraw.Draw(img)
    pts, px = [], x
    for _ in range(14):
        px += rng.randint(6, 14)
        pts.append((px, y + rng.randint(-16, 16)))
    draw.line(pts, fill=(30, 30, 60), width=2, joint="curve")


KTP_ROWS = (
    ("Nama", "nama", 0),
    ("Tempat/Tgl Lahir", "tempat_tgl", 0),
    ("Jenis Kelamin", "jenis_kelamin", 0),
    ("Alamat", "alamat", 0),
    ("RT/RW", "rt_rw", 1),
    ("Kel/Desa", "kel_desa", 1),
    ("Kecamatan", "kecamatan", 1),
    ("Agama", "agama", 0),
    ("Status Perkawinan", "status_perkawinan", 0),
    ("Pekerjaan", "pekerjaan", 0),
    ("Kewarganegaraan", "kewarganegaraan", 0),
    ("Berlaku Hingga", "berlaku_hingga", 0),
)


def render_ktp(f: Fields, rng: random.Random, *, heldout: bool = False
               ) -> tuple[Image.Image, Boxes]:
    """A KTP-el (RGBA, rounded corners) with the values ``f``; returns it and field boxes.

    ``heldout`` prints the NIK as other card printers do (size 39–45 px, thinner or heavier
    stroke, shifted): a variant the readers are not tuned on.
    """
    img = _ktp_background(rng)
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    boxes: Boxes = {}
    head = font("bold", 29)
    boxes["provinsi"] = _text(draw, (CARD_W / 2, 20), f"PROVINSI {f['provinsi']}", head,
                              anchor="ma")
    boxes["kabupaten_kota"] = _text(draw, (CARD_W / 2, 56), str(f["kabupaten_kota"]), head,
                                    anchor="ma")
    _text(draw, (30, 108), "NIK", font("bold", 34))
    _text(draw, (180, 108), ":", font("bold", 34))
    size, stroke, nx, ny = 42, 1, 205, 104
    if heldout:
        size, stroke = rng.randint(39, 45), rng.choice((0, 2))
        nx, ny = rng.randint(196, 214), rng.randint(100, 108)
    boxes["nik"] = _text(draw, (nx, ny), str(f["nik"]), font("ocra", size), fill=(10, 10, 20),
                         stroke=stroke)
    label, value = font("regular", 22), font("regular", 23)
    y = 164
    for text, key, indent in KTP_ROWS:
        _text(draw, (30 + 28 * indent, y), text, label)
        _text(draw, (246, y), ":", label)
        y = _ktp_value(draw, key, f, y, value, boxes)
    _photo(layer, (772, 150, 962, 400), rng)
    small = font("regular", 21)
    boxes["tempat_terbit"] = _text(draw, (867, 414), str(f["tempat_terbit"]), small, anchor="ma")
    boxes["tanggal_terbit"] = _text(draw, (867, 442), dmy(str(f["tanggal_terbit"])), small,
                                    anchor="ma")
    _signature(layer, 800, 510, rng)
    return _rounded(_print(img, layer, boxes, rng, 8)), boxes


def _print(card: Image.Image, layer: Image.Image, boxes: Boxes, rng: random.Random,
           slack: int) -> Image.Image:
    """Print the personalised ``layer`` on the blank card, off by up to ``slack`` px."""
    dx, dy = rng.randint(-slack, slack), rng.randint(-slack // 2, slack // 2)
    card.paste(layer, (dx, dy), layer)
    for key, (x, y, w, h) in boxes.items():
        boxes[key] = (x + dx, y + dy, w, h)
    return card


def _ktp_value(draw: ImageDraw.ImageDraw, key: str, f: Fields, y: int,
               fnt: ImageFont.FreeTypeFont, boxes: Boxes) -> int:
    """Draw one value row (two for a long address); return the next row's y."""
    x, step = 262, 29
    if key == "tempat_tgl":
        # a long place name is printed smaller, as on real cards, never under the photo
        text, size = f"{f['tempat_lahir']}, {dmy(str(f['tanggal_lahir']))}", fnt.size
        while size > 15 and font("regular", size).getlength(text) > 500:
            size -= 1
        fnt = font("regular", size)
        place = _text(draw, (x, y), f"{f['tempat_lahir']},", fnt)
        boxes["tempat_lahir"] = (place[0], place[1], place[2] - 6, place[3])
        boxes["tanggal_lahir"] = _text(draw, (x + place[2] + 8, y),
                                       dmy(str(f["tanggal_lahir"])), fnt)
        return y + step
    if key == "jenis_kelamin":
        boxes["jenis_kelamin"] = _text(draw, (x, y), str(f["jenis_kelamin"]), fnt)
        _text(draw, (520, y), "Gol. Darah", font("regular", 22))
        _text(draw, (640, y), ":", font("regular", 22))
        boxes["golongan_darah"] = _text(draw, (656, y), str(f["golongan_darah"]), fnt)
        return y + step
    text = str(f[key])
    if key == "berlaku_hingga" and text != "SEUMUR HIDUP":
        text = dmy(text)
    lines = wrap(text, fnt, 490) if key == "alamat" else [text]
    box = _text(draw, (x, y), lines[0], fnt)
    for extra in lines[1:]:
        y += step
        box = _union(box, _text(draw, (x, y), extra, fnt))
    boxes[key] = box
    return y + step


def format_npwp(digits: str) -> str:
    """``013121660091000`` → ``01.312.166.0-091.000``; 16-digit numbers stay grouped by 4."""
    if len(digits) == 15:
        d = digits
        return f"{d[:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:]}"
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))

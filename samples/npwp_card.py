"""NPWP cards drawn at 300 dpi (ID-1, 1011 × 638 px) in three designs, with field boxes.

- ``landscape``: the card this project drew first: ``NPWP : …`` large, the name, ``NIK : …``,
  the address, ``KPP PRATAMA …`` and the registration date each on its own line;
- ``old``: an older card: the number without its label, the address, then ``KPP PRATAMA …`` and
  ``Tanggal Terdaftar …`` on one baseline; no NIK line;
- ``labelled`` (PMK 112/2022 style): every value after its label (``NAMA :``, ``NIK :``,
  ``ALAMAT :``, ``KPP :``, ``TGL TERDAFTAR :``), the number grouped or plain.

``HELD_OUT_DESIGNS`` are never used for tuning the reader (``bench/accuracy.py`` reports them
apart). :func:`printed_fields` is the truth of a design (what it really prints).
"""

from __future__ import annotations

import random
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from samples.cards import (
    CARD_H,
    CARD_W,
    Boxes,
    Fields,
    _print,
    _rounded,
    _text,
    _union,
    dmy,
    format_npwp,
    long_date,
    wrap,
)

DESIGNS = ("landscape", "old", "labelled")
HELD_OUT_DESIGNS = frozenset({"labelled"})
_FONTS = {
    "sans": "liberation/LiberationSans-Regular.ttf",
    "sans-bold": "liberation/LiberationSans-Bold.ttf",
    "dejavu": "dejavu/DejaVuSans.ttf", "dejavu-bold": "dejavu/DejaVuSans-Bold.ttf",
    "free": "freefont/FreeSans.ttf", "free-bold": "freefont/FreeSansBold.ttf",
}
NAVY = (24, 48, 100)
INK = (20, 20, 30)


@cache
def _font(kind: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(f"/usr/share/fonts/truetype/{_FONTS[kind]}", size)


def printed_fields(f: Fields, design: str) -> Fields:
    """The NPWP fields a card of ``design`` prints (the old card has no NIK line)."""
    return {**f, "nik": None} if design == "old" else dict(f)


def _background(top: tuple[int, int, int], band: tuple[int, int, int],
                base: tuple[int, int, int]) -> Image.Image:
    y = np.linspace(0, 1, CARD_H)[:, None]
    x = np.linspace(0, 1, CARD_W)[None, :]
    arr = np.stack([base[0] - 6 * y - 4 * x, base[1] - 4 * y + 0 * x, base[2] + 10 * y + 0 * x],
                   -1)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, CARD_W, 118), fill=top)
    draw.rectangle((0, 118, CARD_W, 126), fill=band)
    draw.ellipse((24, 14, 112, 102), fill=band, outline=NAVY, width=4)
    _text(draw, (68, 58), "DJP", _font("sans-bold", 28), fill=NAVY, anchor="mm")
    return img


def _head(img: Image.Image, fkind: str, ministry: str) -> None:
    draw = ImageDraw.Draw(img)
    _text(draw, (136, 22), ministry, _font(fkind, 27), NAVY)
    _text(draw, (136, 62), "DIREKTORAT JENDERAL PAJAK", _font(fkind, 27), NAVY)


def _lines(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, fnt: ImageFont.FreeTypeFont,
           width: int, step: int) -> tuple[tuple[int, int, int, int], int]:
    lines = wrap(text, fnt, width)
    box = _text(draw, (x, y), lines[0], fnt)
    for i, line in enumerate(lines[1:], start=1):
        box = _union(box, _text(draw, (x, y + step * i), line, fnt))
    return box, y + step * len(lines)


def _landscape(f: Fields, rng: random.Random) -> tuple[Image.Image, Boxes]:
    img = _background((226, 234, 244), (232, 178, 40), (250, 246, 226))
    _head(img, "sans-bold", "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA")
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    boxes: Boxes = {}
    _text(draw, (40, 160), "NPWP :", _font("sans-bold", 36))
    boxes["npwp"] = _text(draw, (200, 156), format_npwp(str(f["npwp"])), _font("sans-bold", 42))
    boxes["nama"] = _text(draw, (40, 236), str(f["nama"]), _font("sans-bold", 30))
    _text(draw, (40, 290), "NIK :", _font("sans", 26))
    boxes["nik"] = _text(draw, (120, 290), str(f["nik"]), _font("sans", 26))
    boxes["alamat"], _ = _lines(draw, 40, 340, str(f["alamat"]), _font("sans", 24), 900, 32)
    boxes["kpp"] = _text(draw, (40, 470), str(f["kpp"]), _font("sans-bold", 26))
    registered = str(f["tanggal_terdaftar"])
    if rng.random() < 0.5:
        label, shown = "Tanggal Terdaftar :", dmy(registered, "/")
    else:
        label, shown = "Terdaftar :", long_date(registered)
    lab = _text(draw, (40, 530), label, _font("sans", 24))
    boxes["tanggal_terdaftar"] = _text(draw, (lab[0] + lab[2] + 10, 530), shown,
                                       _font("sans", 24))
    return _rounded(_print(img, layer, boxes, rng, 6)), boxes


def _old(f: Fields, rng: random.Random) -> tuple[Image.Image, Boxes]:
    img = _background((214, 226, 236), (40, 90, 160), (226, 234, 246))
    _head(img, "dejavu-bold", rng.choice(("KEMENTERIAN KEUANGAN REPUBLIK INDONESIA",
                                          "DEPARTEMEN KEUANGAN REPUBLIK INDONESIA")))
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    boxes: Boxes = {}
    x = rng.randint(36, 60)
    boxes["npwp"] = _text(draw, (x, 160), format_npwp(str(f["npwp"])), _font("dejavu-bold", 40))
    boxes["nama"] = _text(draw, (x, 230), str(f["nama"]), _font("dejavu-bold", 28))
    boxes["alamat"], y = _lines(draw, x, 282, str(f["alamat"]), _font("dejavu", 22), 920, 30)
    y = max(y + 24, 470)
    boxes["kpp"] = _text(draw, (x, y), str(f["kpp"]), _font("dejavu-bold", 23))
    registered = str(f["tanggal_terdaftar"])
    label = rng.choice(("Tanggal Terdaftar", "Tgl Terdaftar :", "Terdaftar"))
    shown = dmy(registered, rng.choice(("/", "-")))
    lx = max(boxes["kpp"][0] + boxes["kpp"][2] + rng.randint(28, 60), 560)
    lab = _text(draw, (lx, y), label, _font("dejavu", 22))
    boxes["tanggal_terdaftar"] = _text(draw, (lab[0] + lab[2] + 10, y), shown,
                                       _font("dejavu", 22))
    return _rounded(_print(img, layer, boxes, rng, 6)), boxes


def _labelled(f: Fields, rng: random.Random) -> tuple[Image.Image, Boxes]:
    img = _background((236, 240, 248), (30, 80, 150), (252, 252, 250))
    _head(img, "free-bold", "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA")
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    boxes: Boxes = {}
    label, value, bold = _font("free", 24), _font("free", 25), _font("free-bold", 27)
    registered_label = rng.choice(("TGL TERDAFTAR", "TERDAFTAR", "TANGGAL TERDAFTAR"))
    vx = 40 + int(label.getlength(registered_label)) + 44
    digits = str(f["npwp"])
    shown = digits if rng.random() < 0.5 else format_npwp(digits)
    rows = [("NPWP", "npwp", shown, _font("free-bold", 34)), ("NAMA", "nama", f["nama"], bold),
            ("NIK", "nik", f["nik"], value)]
    y = 150
    for text, key, shown_value, fnt in rows:
        _text(draw, (40, y + 4), text, label)
        _text(draw, (vx - 22, y + 4), ":", label)
        boxes[key] = _text(draw, (vx, y), str(shown_value), fnt)
        y += 52 if key == "npwp" else 44
    _text(draw, (40, y), "ALAMAT", label)
    _text(draw, (vx - 22, y), ":", label)
    boxes["alamat"], y = _lines(draw, vx, y, str(f["alamat"]), value, CARD_W - vx - 40, 32)
    y += 10
    _text(draw, (40, y), "KPP", label)
    _text(draw, (vx - 22, y), ":", label)
    boxes["kpp"] = _text(draw, (vx, y), str(f["kpp"]), value)
    y += 44
    _text(draw, (40, y), registered_label, label)
    _text(draw, (vx - 22, y), ":", label)
    boxes["tanggal_terdaftar"] = _text(draw, (vx, y), dmy(str(f["tanggal_terdaftar"])), value)
    return _rounded(_print(img, layer, boxes, rng, 6)), boxes


_DRAW = {"landscape": _landscape, "old": _old, "labelled": _labelled}


def render_npwp(f: Fields, rng: random.Random, design: str = "landscape"
                ) -> tuple[Image.Image, Boxes]:
    """An NPWP card of ``design`` with the values ``f`` (RGBA, rounded corners), field boxes.

    Raises:
        ValueError: ``design`` is not one of ``DESIGNS``.
    """
    if design not in _DRAW:
        raise ValueError(f"unknown NPWP design {design!r}; one of {DESIGNS}")
    img, boxes = _DRAW[design](f, rng)
    if design == "old":
        boxes.pop("nik", None)
    return img, boxes

"""NPWP cards drawn at 300 dpi (ID-1, 1011 × 638 px) in three designs, with field boxes.

- ``landscape``: the card this project drew first: ``NPWP : …`` large, the name, ``NIK : …``,
  the address, ``KPP PRATAMA …`` and the registration date each on its own line;
- ``old``: an older card: the number without its label, the address, then ``KPP PRATAMA …`` and
  ``Tanggal Terdaftar …`` on one baseline; no NIK line;
- ``labelled`` (PMK 112/2022 style): every value after its label (``NAMA :``, ``NIK :``,
  ``ALAMAT :``, ``KPP :``, ``TGL TERDAFTAR :``), the number grouped or plain;
- ``stacked``: the logo on the right, ``NPWP`` (or ``NPWP16``) printed above the number, the
  name and the address under it, no NIK line, the registration date at the foot or the right.

The seen designs vary (:class:`_Style`): fonts (Liberation, DejaVu, FreeSans; bold or not), the
labels' wording and casing, line spacing, the logo's side, how wide the address wraps (one to
three lines), the number grouped (``01.312.166.0-091.000`` / ``0131 2166 …``) or plain, ink and
card colours.

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

DESIGNS = ("landscape", "old", "labelled", "stacked")
"""Card designs (new ones are appended: a design's index seeds its bench cases)."""
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


NO_NIK_DESIGNS = frozenset({"old", "stacked"})


def printed_fields(f: Fields, design: str) -> Fields:
    """The NPWP fields a card of ``design`` prints (the old and stacked cards: no NIK line)."""
    return {**f, "nik": None} if design in NO_NIK_DESIGNS else dict(f)


def _background(top: tuple[int, int, int], band: tuple[int, int, int],
                base: tuple[int, int, int], logo_right: bool = False) -> Image.Image:
    y = np.linspace(0, 1, CARD_H)[:, None]
    x = np.linspace(0, 1, CARD_W)[None, :]
    arr = np.stack([base[0] - 6 * y - 4 * x, base[1] - 4 * y + 0 * x, base[2] + 10 * y + 0 * x],
                   -1)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, CARD_W, 118), fill=top)
    draw.rectangle((0, 118, CARD_W, 126), fill=band)
    cx = CARD_W - 68 if logo_right else 68
    draw.ellipse((cx - 44, 14, cx + 44, 102), fill=band, outline=NAVY, width=4)
    _text(draw, (cx, 58), "DJP", _font("sans-bold", 28), fill=NAVY, anchor="mm")
    return img


def _head(img: Image.Image, fkind: str, ministry: str, x: int = 136, size: int = 27) -> None:
    draw = ImageDraw.Draw(img)
    _text(draw, (x, 22), ministry, _font(fkind, size), NAVY)
    _text(draw, (x, 62), "DIREKTORAT JENDERAL PAJAK", _font(fkind, size), NAVY)


def _lines(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, fnt: ImageFont.FreeTypeFont,
           width: int, step: int, fill: tuple[int, int, int] = INK
           ) -> tuple[tuple[int, int, int, int], int]:
    lines = wrap(text, fnt, width)
    box = _text(draw, (x, y), lines[0], fnt, fill)
    for i, line in enumerate(lines[1:], start=1):
        box = _union(box, _text(draw, (x, y + step * i), line, fnt, fill))
    return box, y + step * len(lines)


class _Style:
    """The varying look of a seen card: font family, sizes, spacing, ink, wording, colours."""

    def __init__(self, rng: random.Random, family: str | None = None) -> None:
        self.family = family or rng.choice(("sans", "dejavu", "free"))
        self.bold_name = rng.random() < 0.8
        self.scale = rng.uniform(0.88, 1.08)
        self.step = rng.uniform(0.9, 1.2)
        self.ink = rng.choice((INK, (10, 10, 10), (30, 30, 70), (40, 36, 36)))
        self.wrap = rng.randint(520, 920)
        self.upper = rng.random() < 0.4
        self.logo_right = rng.random() < 0.3
        self.tint = rng.randint(-10, 6)

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        return _font(self.family + ("-bold" if bold else ""), round(size * self.scale))

    def label(self, text: str) -> str:
        return text.upper() if self.upper else text

    def number(self, digits: str, rng: random.Random) -> str:
        """The number grouped as printed (``01.312.166.0-091.000``, ``6311 0212 …``) or plain."""
        return format_npwp(digits) if rng.random() < 0.75 else digits

    def colours(self, top: tuple[int, int, int], base: tuple[int, int, int]
                ) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        return (tuple(min(255, c + self.tint) for c in top),  # type: ignore[return-value]
                tuple(min(255, c + self.tint) for c in base))


def _registered(f: Fields, st: _Style, rng: random.Random) -> tuple[str, str]:
    """The registration date's label and the date as printed."""
    registered = str(f["tanggal_terdaftar"])
    label = st.label(rng.choice(("Tanggal Terdaftar :", "Terdaftar :", "Tanggal Terdaftar",
                                 "Tgl. Terdaftar :", "Tgl Terdaftar", "Terdaftar")))
    shown = rng.choice((dmy(registered, "/"), dmy(registered, "-"), long_date(registered)))
    return label, shown.upper() if st.upper else shown


def _landscape(f: Fields, rng: random.Random) -> tuple[Image.Image, Boxes]:
    st = _Style(rng, "sans" if rng.random() < 0.5 else None)
    top, base = st.colours((226, 234, 244), (250, 246, 226))
    img = _background(top, (232, 178, 40), base, st.logo_right)
    _head(img, st.family + "-bold", "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA",
          40 if st.logo_right else 136, rng.randint(24, 27))
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    boxes: Boxes = {}
    x, ink, gap = rng.randint(34, 56), st.ink, st.step
    lab = _text(draw, (x, 160), rng.choice(("NPWP :", "NPWP:", "NPWP")), st.font(36, True), ink)
    boxes["npwp"] = _text(draw, (lab[0] + lab[2] + rng.randint(14, 30), 156),
                          st.number(str(f["npwp"]), rng), st.font(42, True), ink)
    y = 236
    boxes["nama"] = _text(draw, (x, y), str(f["nama"]), st.font(30, st.bold_name), ink)
    y += round(54 * gap)
    lab = _text(draw, (x, y), st.label(rng.choice(("NIK :", "NIK:", "NIK"))), st.font(26), ink)
    boxes["nik"] = _text(draw, (lab[0] + lab[2] + 12, y), str(f["nik"]), st.font(26), ink)
    y += round(50 * gap)
    boxes["alamat"], y = _lines(draw, x, y, str(f["alamat"]), st.font(24), st.wrap,
                                round(32 * gap), ink)
    y = max(y + 20, 440)
    boxes["kpp"] = _text(draw, (x, y), str(f["kpp"]), st.font(26, True), ink)
    label, shown = _registered(f, st, rng)
    y = min(y + round(58 * gap), 580)
    lab = _text(draw, (x, y), label, st.font(24), ink)
    boxes["tanggal_terdaftar"] = _text(draw, (lab[0] + lab[2] + 10, y), shown, st.font(24), ink)
    return _rounded(_print(img, layer, boxes, rng, 6)), boxes


def _old(f: Fields, rng: random.Random) -> tuple[Image.Image, Boxes]:
    st = _Style(rng, "dejavu" if rng.random() < 0.5 else None)
    top, base = st.colours((214, 226, 236), (226, 234, 246))
    img = _background(top, (40, 90, 160), base, st.logo_right)
    _head(img, st.family + "-bold", rng.choice(("KEMENTERIAN KEUANGAN REPUBLIK INDONESIA",
                                                "DEPARTEMEN KEUANGAN REPUBLIK INDONESIA")),
          40 if st.logo_right else 136, rng.randint(24, 27))
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    boxes: Boxes = {}
    x, ink = rng.randint(36, 60), st.ink
    boxes["npwp"] = _text(draw, (x, 160), st.number(str(f["npwp"]), rng), st.font(40, True), ink)
    boxes["nama"] = _text(draw, (x, 230), str(f["nama"]), st.font(28, st.bold_name), ink)
    boxes["alamat"], y = _lines(draw, x, 282, str(f["alamat"]), st.font(22), min(st.wrap + 60, 920),
                                round(30 * st.step), ink)
    y = min(max(y + 24, 470), 560)
    boxes["kpp"] = _text(draw, (x, y), str(f["kpp"]), st.font(23, True), ink)
    label, shown = _registered(f, st, rng)
    shown = shown if rng.random() < 0.3 else dmy(str(f["tanggal_terdaftar"]), rng.choice("/-"))
    lx = max(boxes["kpp"][0] + boxes["kpp"][2] + rng.randint(28, 60), 540)
    lab = _text(draw, (lx, y), label, st.font(22), ink)
    boxes["tanggal_terdaftar"] = _text(draw, (lab[0] + lab[2] + 10, y), shown, st.font(22), ink)
    return _rounded(_print(img, layer, boxes, rng, 6)), boxes


def _stacked(f: Fields, rng: random.Random) -> tuple[Image.Image, Boxes]:
    st = _Style(rng)
    top, base = st.colours((238, 232, 222), (248, 248, 244))
    img = _background(top, (150, 30, 40), base, logo_right=True)
    _head(img, st.family + "-bold", "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", 40,
          rng.randint(24, 27))
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    boxes: Boxes = {}
    x, ink = rng.randint(40, 70), st.ink
    npwp = str(f["npwp"])
    _text(draw, (x, 146), rng.choice(("NPWP16", "NPWP")) if len(npwp) == 16 else "NPWP",
          st.font(22, True), NAVY)
    boxes["npwp"] = _text(draw, (x, 176), st.number(npwp, rng), st.font(38, True), ink)
    y = 240 + rng.randint(0, 12)
    boxes["nama"] = _text(draw, (x, y), str(f["nama"]), st.font(28, st.bold_name), ink)
    boxes["alamat"], y = _lines(draw, x, y + round(50 * st.step), str(f["alamat"]),
                                st.font(23), st.wrap, round(31 * st.step), ink)
    y = min(max(y + 22, 450), 530)
    boxes["kpp"] = _text(draw, (x, y), str(f["kpp"]), st.font(24, True), ink)
    label, shown = _registered(f, st, rng)
    if rng.random() < 0.5:  # at the foot, under the KPP
        lab = _text(draw, (x, y + 50), label, st.font(21), ink)
        at = (lab[0] + lab[2] + 10, y + 50)
    else:  # top right, beside the number's label
        fnt = st.font(21)
        lab = _text(draw, (CARD_W - 44 - fnt.getlength(f"{label} {shown}") - 10, 146), label,
                    fnt, ink)
        at = (lab[0] + lab[2] + 10, 146)
    boxes["tanggal_terdaftar"] = _text(draw, at, shown, st.font(21), ink)
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


_DRAW = {"landscape": _landscape, "old": _old, "labelled": _labelled, "stacked": _stacked}


def render_npwp(f: Fields, rng: random.Random, design: str = "landscape"
                ) -> tuple[Image.Image, Boxes]:
    """An NPWP card of ``design`` with the values ``f`` (RGBA, rounded corners), field boxes.

    Raises:
        ValueError: ``design`` is not one of ``DESIGNS``.
    """
    if design not in _DRAW:
        raise ValueError(f"unknown NPWP design {design!r}; one of {DESIGNS}")
    img, boxes = _DRAW[design](f, rng)
    if design in NO_NIK_DESIGNS:
        boxes.pop("nik", None)
    return img, boxes

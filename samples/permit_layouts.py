"""Permit layout families: how different offices print the same PBG/IMB fields.

Nine families, each a function drawing the canonical fields on A4 pages with a :class:`Sheet`:

- ``certificate``: a labelled certificate, ``Label : value`` lines under the title;
- ``decree``: ``KEPUTUSAN … TENTANG …`` with ``MEMUTUSKAN``, ``KESATU … KEEMPAT`` over two pages;
- ``simbg_table``: a SIMBG-style PBG with the data in a bordered two-cell table;
- ``imb_old``: an old IMB (``Nama Pemohon``, ``Letak Bangunan`` with the location on one line);
- ``numbered``: numbered fields ``1. Nama : …``, ``a. …``;
- ``two_column``: a table of two ``Label : value`` pairs side by side;
- ``ruled_form``, ``paired_form`` (:mod:`samples.permit_tables`): a ruled data table of our own
  design and a form of paired fields, both seen, with more label wording, casing and units;
- ``office_letter`` (:mod:`samples.permit_office`): the fields as many hands type them (label
  synonyms and abbreviations, colon or none or dot leaders, values below their labels, items
  numbered or not, extra lines, notes, letterhead and title wordings), seen.

Label wording comes from :data:`LABELS`: per field, the wordings offices use, each marked
seen (the readers may be tuned on it) or held out (only ever measured). Families in
:data:`HELD_OUT` are drawn with every wording and are only measured too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = A4
FONT_DIR = "/usr/share/fonts/truetype"
FONT_FILES = {
    "LiberationSans": ("liberation/LiberationSans-Regular.ttf",
                       "liberation/LiberationSans-Bold.ttf"),
    "LiberationSerif": ("liberation/LiberationSerif-Regular.ttf",
                        "liberation/LiberationSerif-Bold.ttf"),
    "DejaVuSans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "DejaVuSerif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "FreeSans": ("freefont/FreeSans.ttf", "freefont/FreeSansBold.ttf"),
    "FreeSerif": ("freefont/FreeSerif.ttf", "freefont/FreeSerifBold.ttf"),
}
FAMILIES = ("certificate", "decree", "simbg_table", "imb_old", "numbered", "two_column",
            "ruled_form", "paired_form", "office_letter")
HELD_OUT = frozenset({"simbg_table", "two_column"})
"""Families the readers are never tuned on."""
JENIS_OF = {"simbg_table": ("PBG",), "imb_old": ("IMB",)}
"""Families that print only one kind of permit (the others print both)."""

# (wording, held out?) per field; held-out wordings are drawn only on held-out documents
LABELS: dict[str, tuple[tuple[str, bool], ...]] = {
    "nama_pemilik": (("Nama Pemilik", False), ("Pemilik Bangunan Gedung", False),
                     ("Nama", False), ("Atas Nama", False), ("Pemilik Bangunan", False),
                     ("Nama Pemilik Bangunan", True), ("Nama Pemilik/Pemohon", True)),
    "nik": (("NIK", False), ("No. KTP", False), ("Nomor Induk Kependudukan", False),
            ("NIK Pemilik", True), ("No. Identitas (NIK)", True)),
    "alamat_pemilik": (("Alamat Pemilik", False), ("Alamat", False),
                       ("Alamat Pemilik Bangunan", True), ("Alamat Pemohon", True)),
    "lokasi": (("Lokasi Bangunan", False), ("Letak Bangunan", False), ("Terletak di", False),
               ("Alamat Bangunan", False), ("Lokasi", False),
               ("Lokasi Bangunan Gedung", True), ("Alamat Lokasi Bangunan", True)),
    "lokasi_kel_desa": (("Kelurahan/Desa", False), ("Desa/Kelurahan", False),
                        ("Desa", False), ("Kel/Desa", True)),
    "lokasi_kecamatan": (("Kecamatan", False),),
    "lokasi_kabupaten_kota": (("Kabupaten/Kota", False), ("Kabupaten", False),
                              ("Kab/Kota", True)),
    "fungsi": (("Fungsi Bangunan", False), ("Fungsi Bangunan Gedung", False),
               ("Fungsi", False), ("Fungsi Utama Bangunan", True)),
    "luas_bangunan": (("Luas Bangunan", False), ("Luas Bangunan Gedung", False),
                      ("Luas Lantai Bangunan", False), ("Luas Total Lantai", True),
                      ("Luas Keseluruhan Bangunan", True)),
    "jumlah_lantai": (("Jumlah Lantai", False), ("Jumlah Lapis", False),
                      ("Ketinggian", False), ("Jumlah Lantai Bangunan", True)),
    "luas_tanah": (("Luas Tanah", False), ("Luas Lahan", False), ("Luas Persil", True),
                   ("Luas Tanah/Persil", True)),
    "nomor_sertifikat": (("Nomor Sertifikat", False), ("Bukti Kepemilikan Tanah", False),
                         ("Status Tanah", False), ("No. Sertifikat Tanah", True),
                         ("Status Hak Atas Tanah", True)),
}
DISTRACTORS = (("Nama Bangunan", "{usage} {name}"), ("Klasifikasi Kompleksitas", "Sederhana"),
               ("Pemilik Tanah", "{owner}"), ("Tinggi Bangunan", "{height} m"))
"""Labelled lines that are not canonical fields; a reader must not take them for one."""


@cache
def register_font(family: str) -> tuple[str, str]:
    """Register ``family`` (regular and bold) with reportlab; return the two font names."""
    regular, bold = FONT_FILES[family]
    names = (family, f"{family}-Bold")
    for name, file in zip(names, (regular, bold), strict=True):
        pdfmetrics.registerFont(TTFont(name, f"{FONT_DIR}/{file}"))
    return names


@dataclass
class Style:
    """How one office prints: font, size, indents, label column, bold values."""

    font: str
    size: float
    left: float
    label_w: float
    indent: float
    bold_values: bool
    area_unit: str
    colon_gap: float

    @classmethod
    def draw(cls, rng: random.Random) -> Style:
        """A random office style."""
        return cls(font=rng.choice(list(FONT_FILES)), size=rng.choice((10, 10.5, 11, 11.5, 12)),
                   left=rng.uniform(56, 86), label_w=rng.uniform(130, 200),
                   indent=rng.choice((0, 12, 24, 36)), bold_values=rng.random() < 0.5,
                   area_unit=rng.choice(("m²", "m2", "M2", "m²")),
                   colon_gap=rng.uniform(6, 14))


class Sheet:
    """Text drawn top-down on A4 pages in one :class:`Style`."""

    def __init__(self, canvas: Canvas, style: Style) -> None:
        self.c, self.s = canvas, style
        self.regular, self.bold = register_font(style.font)
        self.y = PAGE_H - 64
        self.right = PAGE_W - style.left

    @property
    def step(self) -> float:
        """The line pitch."""
        return self.s.size * 1.45

    def width(self, text: str, bold: bool = False, size: float | None = None) -> float:
        """The width of ``text`` in points."""
        return pdfmetrics.stringWidth(text, self.bold if bold else self.regular,
                                      size or self.s.size)

    def wrap(self, text: str, width: float, bold: bool = False,
             size: float | None = None) -> list[str]:
        """``text`` broken into lines no wider than ``width`` (in ``size`` points)."""
        lines, line = [], ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if self.width(trial, bold, size) > width and line:
                lines.append(line)
                line = word
            else:
                line = trial
        return [*lines, line]

    def text(self, x: float, text: str, *, bold: bool = False, size: float | None = None,
             y: float | None = None) -> None:
        """Draw ``text`` at ``x`` on the current line (or at ``y``)."""
        self.c.setFont(self.bold if bold else self.regular, size or self.s.size)
        self.c.drawString(x, self.y if y is None else y, text)

    def center(self, text: str, size: float | None = None, *, bold: bool = True) -> None:
        """A centred line."""
        size = size or self.s.size + 1
        self.c.setFont(self.bold if bold else self.regular, size)
        self.c.drawCentredString(PAGE_W / 2, self.y, text)
        self.y -= size * 1.4

    def para(self, text: str, indent: float = 0, *, bold: bool = False) -> None:
        """A wrapped paragraph."""
        x = self.s.left + indent
        for line in self.wrap(text, self.right - x, bold):
            self.text(x, line, bold=bold)
            self.y -= self.step

    def field(self, label: str, value: str, *, x: float | None = None,
              label_w: float | None = None, right: float | None = None,
              prefix: str = "") -> float:
        """``[prefix] Label : value`` with the value wrapping in its column; returns its x."""
        x = self.s.left + self.s.indent if x is None else x
        label_w = self.s.label_w if label_w is None else label_w
        if prefix:
            self.text(x, prefix)
            x += max(self.width(prefix) + 4, 18)
        self.text(x, label)
        colon = x + max(label_w, self.width(label) + 6)
        self.text(colon, ":")
        vx = colon + self.s.colon_gap
        for line in self.wrap(value, (right or self.right) - vx, self.s.bold_values):
            self.text(vx, line, bold=self.s.bold_values)
            self.y -= self.step
        return vx

    def rule(self) -> None:
        """A letterhead rule."""
        self.c.setLineWidth(1.4)
        self.c.line(self.s.left, self.y + self.s.size * 0.6, self.right, self.y + self.s.size * 0.6)
        self.y -= self.step * 0.8

    def gap(self, lines: float = 0.5) -> None:
        """Vertical space of ``lines`` line pitches."""
        self.y -= self.step * lines

    def new_page(self) -> None:
        """Start the next page."""
        self.c.showPage()
        self.y = PAGE_H - 64


@dataclass
class Permit:
    """What a family draws: the fields, the office, and the random choices of this document."""

    f: dict[str, Any]
    office_name: str
    place: str
    pages: int
    rng: random.Random
    held_out: bool

    def label(self, field: str) -> str:
        """A wording for ``field``: seen wordings only, unless this document is held out."""
        options = [w for w, held in LABELS[field] if self.held_out or not held]
        return self.rng.choice(options)

    def area(self, field: str, unit: str) -> str:
        """``1.234,50 m²``."""
        from samples.permit import rupiah_area

        return f"{rupiah_area(self.f[field])} {unit}"

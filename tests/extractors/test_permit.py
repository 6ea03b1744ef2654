"""Permits: every field from text PDFs exactly; from scans and image PDFs with OCR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.models import DocType, Document, FieldRead
from extractors.classify import classify_text
from extractors.permit import TextLine, TextWord, area, decree_number, extract_permit
from extractors.permit_structure import split_location
from extractors.permit_values import field_value, spelled_number
from extractors.pipeline import extract_file
from validators.rules.permit import check_permit

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"


def _permits(form: str) -> list[tuple[Path, dict]]:
    out = []
    for truth_file in sorted(SPECIMENS.glob("*/truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        for f in truth["files"]:
            if f["form"] == form:
                out.append((truth_file.parent / f["file"],
                            truth["documents"]["permit"]["fields"]))
    return out


@pytest.mark.parametrize(("path", "truth"), _permits("text_pdf"), ids=lambda v: str(v)[-24:])
def test_text_pdf_every_field_exact(path: Path, truth: dict) -> None:
    result = extract_file(path)
    (doc,) = result.documents
    assert doc.doc_type == DocType.PERMIT and result.errors == []
    assert {k: doc.value(k) for k in truth} == truth
    assert doc.fields["nomor"].bbox is not None and doc.fields["nomor"].confidence > 0.9


@pytest.mark.parametrize("form", ["permit_image", "image_pdf"])
def test_scanned_permits(form: str) -> None:
    cases = _permits(form)[:2]
    right = total = 0
    for path, truth in cases:
        docs = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
        assert len(docs) == 1, path
        right += sum(docs[0].value(k) == v for k, v in truth.items())
        total += len(truth)
    assert right / total >= 0.9


def test_two_page_permit_is_one_document() -> None:
    path = SPECIMENS / "case_001" / "permit.tif"
    (doc,) = extract_file(path).documents
    assert doc.pages == [1, 2]
    assert doc.fields["luas_tanah"].page == 2 and doc.fields["nama_pemilik"].page == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("1.234,50 m²", "1234.5"), ("206,00 M2", "206"), ("58,25 m2", "58.25"), ("x", None),
    ("1.500 m2", "1500"), ("1,234.50 m²", "1234.5"), ("31.,2 m2", "31.2"),
    ("12 3,5 M2", "123.5"), ("1234.567 m2", "1234.57")])
def test_areas(text: str, expected: str | None) -> None:
    assert area(text) == expected


def test_decree_numbers_survive_ocr_slips() -> None:
    assert decree_number("NOMOR: SK-PBG-6311O8-13O52024-25O") == \
        ("PBG", "SK-PBG-631108-13052024-250")
    assert decree_number("NOMOR : 503/12/IMB/DPMPTSP/2018") == \
        ("IMB", "503/12/IMB/DPMPTSP/2018")


# -- layout families (committed fixtures, tests/extractors/fixtures/make.py) -----------------
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_TRUTH = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))


def _fixtures(*, held_out: bool, text: bool) -> list[tuple[str, dict]]:
    return [(name, e) for name, e in sorted(FIXTURE_TRUTH.items())
            if e["doc_type"] == "permit" and e["held_out"] == held_out
            and (e["form"] == "text_pdf") == text]


def _read(name: str) -> tuple[Document, dict]:
    result = extract_file(FIXTURES / name)
    docs = [d for d in result.documents if d.doc_type == DocType.PERMIT]
    assert len(docs) == 1, (name, result.errors)
    truth = {k: v for k, v in FIXTURE_TRUTH[name]["fields"].items() if v is not None}
    return docs[0], truth


@pytest.mark.parametrize(("name", "entry"), _fixtures(held_out=False, text=True),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_seen_family_text_pdf_every_field(name: str, entry: dict) -> None:
    doc, truth = _read(name)
    assert {k: doc.value(k) for k in truth} == truth
    assert doc.pages == list(range(1, entry["pages"] + 1))


@pytest.mark.parametrize(("name", "entry"), _fixtures(held_out=False, text=False),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_seen_family_images(name: str, entry: dict) -> None:
    doc, truth = _read(name)
    wrong = {k: (doc.value(k), v) for k, v in truth.items() if doc.value(k) != v}
    assert len(wrong) <= 1, (entry["form"], wrong)


@pytest.mark.parametrize(("name", "entry"),
                         _fixtures(held_out=True, text=True) + _fixtures(held_out=True,
                                                                         text=False),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_held_out_family_never_takes_a_neighbours_value(name: str, entry: dict) -> None:
    """Held-out families are only measured (bench/accuracy.py); here: found, and no field
    holds another field's value."""
    doc, truth = _read(name)
    for k, want in truth.items():
        got = doc.value(k)
        others = {v for other, v in truth.items() if other != k}
        assert got is None or got == want or got not in others, (k, got)


def test_penerbit_from_the_letterhead() -> None:
    doc, truth = _read("permit_decree.pdf")  # BUPATI BALANGAN, no PEMERINTAH line
    assert doc.value("penerbit") == truth["penerbit"] == "KABUPATEN BALANGAN"
    assert doc.fields["penerbit"].bbox is not None


# -- reading rules on hand-made lines ------------------------------------------------------
def _lines(*rows: str, page: int = 1) -> list[TextLine]:
    """Lines of words 12 px high; ``|`` in a row marks a column gap of 120 px; a row starting
    with ``>`` continues the value column of the row above."""
    out, value_x = [], 40
    for n, row in enumerate(rows):
        words, x = [], value_x if row.startswith(">") else 40
        for cell in row.lstrip(">").split("|"):
            for word in cell.split():
                words.append(TextWord(word, (x, 40 + 30 * n, 9 * len(word), 12), 0.99))
                x += 9 * len(word) + 6
                if word == ":" and not row.startswith(">"):
                    value_x = x
            x += 120
        out.append(TextLine(tuple(words), page))
    return out


def test_unknown_label_leaves_the_field_empty() -> None:
    fields = extract_permit(_lines(
        "PERSETUJUAN BANGUNAN GEDUNG", "Identitas Pembangun : HJ. EKA MELANI",
        "NIK : 6311064508850003", "Luas Bangunan : 120,00 m2"))
    assert fields["nama_pemilik"].value is None
    assert fields["nik"].value == "6311064508850003"
    assert fields["luas_bangunan"].value == "120"


def test_longest_label_wins_and_known_labels_keep_their_value() -> None:
    fields = extract_permit(_lines(
        "Nama Bangunan : TOKO SEJAHTERA", "Pemilik Tanah : H. ABDUL",
        "Nama Pemilik Bangunan Gedung : HJ. EKA MELANI"))
    assert fields["nama_pemilik"].value == "HJ. EKA MELANI"


def test_numbered_fields_two_columns_and_bold_wrapped_values() -> None:
    fields = extract_permit(_lines(
        "1. Nama Pemilik : HJ. EKA MELANI",
        "2. Lokasi Bangunan : JL. A. YANI NO. 5, DESA BATU PIRING,",
        ">KECAMATAN PARINGIN SELATAN, KABUPATEN BALANGAN",
        "Fungsi : USAHA | Jumlah Lantai : 2 (dua) Lantai",
        "a. Luas Tanah : 1.234,50 m² | b. Nomor Sertifikat : SHM NO. 00123"))
    assert fields["nama_pemilik"].value == "HJ. EKA MELANI"
    assert fields["lokasi"].value == "JL. A. YANI NO. 5"
    assert fields["lokasi_kel_desa"].value == "BATU PIRING"
    assert fields["lokasi_kecamatan"].value == "PARINGIN SELATAN"
    assert fields["lokasi_kabupaten_kota"].value == "KABUPATEN BALANGAN"
    assert (fields["fungsi"].value, fields["jumlah_lantai"].value) == ("USAHA", "2")
    assert fields["luas_tanah"].value == "1234.5"
    assert fields["nomor_sertifikat"].value == "SHM NO. 00123"


def test_value_in_a_table_cell_without_colon() -> None:
    fields = extract_permit(_lines("Pemilik Bangunan Gedung | HJ. EKA MELANI",
                                   "Kecamatan | AWAYAN"))
    assert fields["nama_pemilik"].value == "HJ. EKA MELANI"
    assert fields["lokasi_kecamatan"].value == "AWAYAN"


def test_title_inside_keputusan_number_and_signature() -> None:
    fields = extract_permit(_lines(
        "PEMERINTAH REPUBLIK INDONESIA", "WALIKOTA BANJARBARU",
        "KEPUTUSAN WALIKOTA BANJARBARU NOMOR 640/118/IMB/DPMPTSP/2019 TENTANG",
        "PEMBERIAN IZIN MENDIRIKAN BANGUNAN", "Nama Pemohon : BUDI",
        "Ditetapkan di : Banjarbaru", "Pada tanggal : 3 Juni", "2019"))
    assert fields["jenis"].value == "IMB"
    assert fields["nomor"].value == "640/118/IMB/DPMPTSP/2019"
    assert fields["penerbit"].value == "KOTA BANJARBARU"
    assert fields["tanggal"].value == "2019-06-03"


@pytest.mark.parametrize(("text", "parts"), [
    ("JL. X NO. 5, DESA A, KECAMATAN B, KABUPATEN C",
     ("JL. X NO. 5", {"lokasi_kel_desa": "A", "lokasi_kecamatan": "B",
                      "lokasi_kabupaten_kota": "KABUPATEN C"})),
    ("JL. X KEL. A KEC. B KOTA C", ("JL. X", {"lokasi_kel_desa": "A", "lokasi_kecamatan": "B",
                                              "lokasi_kabupaten_kota": "KOTA C"})),
    # a village named ``… KOTA`` is not the regency part: the parts that come in order win
    ("JL. JEND. A. YANI NO. 134 KEL. PARINGIN KOTA KEC. PARINGIN KAB. BALANGAN",
     ("JL. JEND. A. YANI NO. 134", {"lokasi_kel_desa": "PARINGIN KOTA",
                                    "lokasi_kecamatan": "PARINGIN",
                                    "lokasi_kabupaten_kota": "KABUPATEN BALANGAN"})),
    ("DESA SUMBER REJO RT 02", ("DESA SUMBER REJO RT 02", {})),
    ("JL. KECAPI NO. 3", ("JL. KECAPI NO. 3", {}))])
def test_location_split(text: str, parts: tuple) -> None:
    assert split_location(text) == parts


def test_prose_is_not_a_permit_unless_its_title_says_so() -> None:
    prose = ("Pemilik bangunan wajib menjaga luas bangunan dan luas tanah sesuai fungsi\n"
             "bangunan gedung; lokasi bangunan diperiksa oleh dinas setiap tahun.")
    assert classify_text(prose)[0] == DocType.UNKNOWN
    assert classify_text("PERSETUJUAN BANGUNAN GEDUNG\n" + prose)[0] == DocType.PERMIT
    labelled = "Fungsi : USAHA\nLuas Bangunan : 120 m2\nLuas Tanah : 300 m2\nJumlah Lantai : 2"
    assert classify_text(labelled)[0] == DocType.PERMIT


def test_outside_office_from_the_issuer_when_no_regency_is_printed() -> None:
    doc = Document(doc_type=DocType.PERMIT, source="x.pdf", fields={
        "penerbit": FieldRead(value="KOTA BANJARBARU", confidence=0.99)})
    found = check_permit(doc, office="63.11")
    assert [(f.code, f.fields) for f in found if f.code == "permit.outside_office"] == \
        [("permit.outside_office", ["penerbit"])]


@pytest.mark.parametrize(("text", "expected"), [
    ("2", "2"), (": 2 (dua) lantai", "2"), ("2 LANTAI", "2"), ("| 2", "2"),  # a colon as |
    ("aa |", "1"),                  # the colon read as letters, the 1 as a bar
    ("l", "1"), ("1 (satu)", "1"), ("SATU LANTAI", None), ("", None),
    (": 1Lt", "1"), ("2Lantai", "2"),  # the number read glued to its unit
    ("11 (satu) lantai", "1"),      # ``: 1`` read as ``11``: the number in words says 1
    (". (satu) lantai", "1"),       # the ``1`` lost: the number in words is still there
    ("12 (dua belas) Lantai", "12"), ("3 (lantai)", "3"), ("2 (dua", "2"),
])
def test_floors_from_the_text_after_the_label(text: str, expected: str | None) -> None:
    assert field_value("jumlah_lantai", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("satu", 1), ("sepuluh", 10), ("sebelas", 11), ("tiga belas", 13), ("dua puluh", 20),
    ("sembilan puluh sembilan", 99), ("lantai", None), ("puluh", None), ("dua lantai", None),
])
def test_a_number_in_words(text: str, expected: int | None) -> None:
    assert spelled_number(text) == expected


def test_floors_read_from_the_number_in_words_on_a_scan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An office letter's ``Jumlah Lapis`` with its value on the line below, ``: 1 (satu)
    lantai`` (bench seed 9001, a flatbed scan): the colon and the ``1`` are read as ``11``, a
    wrong number; the number in words after it says 1."""
    from samples.degrade import degrade, jpeg
    from samples.generate import PAGE_DPI, raster
    from samples.permit import write_bench_permit

    pdf = tmp_path / "office_letter.pdf"
    fields, rng = write_bench_permit(pdf, 9001, "office_letter", 4)
    img, _ = degrade(raster(pdf)[0], "scan", rng, card=False, dpi=PAGE_DPI)
    path = tmp_path / "office_letter.jpg"
    path.write_bytes(jpeg(img, 70))
    docs = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
    assert fields["jumlah_lantai"] == "1"
    assert docs[0].value("jumlah_lantai") == "1"


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("lokasi", "JI. INDRAGIRI NO. 86", "JL. INDRAGIRI NO. 86"),
    ("lokasi", "JL, GEDEBAGE SELATAN NO. 124", "JL. GEDEBAGE SELATAN NO. 124"),
    ("alamat_pemilik", "JI. BANGKA RAYA NO. 97", "JL. BANGKA RAYA NO. 97"),
    ("lokasi", "JIWA RAYA NO. 1", "JIWA RAYA NO. 1"),
])
def test_an_address_opens_with_jl(name: str, text: str, expected: str) -> None:
    assert field_value(name, text) == expected


@pytest.mark.parametrize(("label", "field", "value"), [
    *((w, "nik", "6311064508850003") for w in ("NIK", "Nomor NIK", "No. KTP/NIK",
                                               "Nomor Identitas", "No. Identitas Pemohon",
                                               "NIK Pemohon")),
    ("Alamat Tempat Tinggal", "alamat_pemilik", "JL. MAWAR NO. 5"),
    ("Total Luas Bangunan", "luas_bangunan", "120")])
def test_label_wordings_after_a_colon_and_in_a_cell(label: str, field: str, value: str) -> None:
    """An identity-number phrase names the NIK; other wordings offices print."""
    for rows in (("Nama Pemilik : HJ. EKA MELANI", f"{label} : {value}"),
                 ("Nama Pemilik | HJ. EKA MELANI", f"{label} | {value}")):
        fields = extract_permit(_lines(*rows))
        assert fields[field].value == value, rows
        assert fields["nama_pemilik"].value == "HJ. EKA MELANI", rows


def _ruled(*rows: str, top: int = 40) -> list[TextLine]:
    """Rows of a ruled table (text layer): ``label | value`` cells, one line per row."""
    out = []
    for n, row in enumerate(rows):
        words, x = [], 40
        for c, cell in enumerate(row.split("|")):
            x = 40 + 260 * c
            for k, word in enumerate(cell.split()):
                words.append(TextWord(word, (x, top + 30 * n, 9 * len(word), 12), 0.99,
                                      cell=k == 0))
                x += 9 * len(word) + 6
        out.append(TextLine(tuple(words), 1, exact=True, ruled=True))
    return out


def test_a_ruled_cell_value_does_not_run_on_below_its_table() -> None:
    """The signature block under a data table, in the value column, is nobody's value."""
    table = _ruled("Nama Pemilik | HJ. EKA MELANI", "Nomor Sertifikat | SHM NO. 05841")
    sign = [TextLine(tuple(TextWord(w, (300 + 60 * i, 40 + 30 * (2 + n), 9 * len(w), 12), 0.99)
                           for i, w in enumerate(row.split())), 1, exact=True)
            for n, row in enumerate(("Paringin, 24 Mei 2023", "a.n. BUPATI BALANGAN",
                                     "KEPALA DINAS"))]
    fields = extract_permit(table + sign)
    assert fields["nomor_sertifikat"].value == "SHM NO. 05841"
    assert fields["nama_pemilik"].value == "HJ. EKA MELANI"


def test_a_tilted_photo_keeps_an_address_last_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A phone photo of a numbered form (bench seed 9001, case 3), the sheet at an angle: the
    address's last wrapped line (``LAMPIHONG KABUPATEN BALANGAN``, on the right) sat, by its raw
    height, level with the ``Fungsi`` label line below it (on the left), and was taken for the
    first line of that value; the lines' heights where they cross one upright keep it."""
    from samples.degrade import degrade, jpeg
    from samples.generate import PAGE_DPI, raster
    from samples.permit import write_bench_permit

    pdf = tmp_path / "numbered.pdf"
    fields, rng = write_bench_permit(pdf, 9001, "numbered", 3)
    img, _ = degrade(raster(pdf)[0].convert("RGB"), "photo", rng, card=False, dpi=PAGE_DPI)
    path = tmp_path / "numbered.jpg"
    path.write_bytes(jpeg(img, 82))
    docs = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
    assert docs[0].value("alamat_pemilik") == fields["alamat_pemilik"]
    assert docs[0].value("fungsi") == fields["fungsi"] == "USAHA"

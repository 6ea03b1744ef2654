"""Permits typed by many hands (the ``office_letter`` family's habits): values on the line below
their label, labels alone on their line, abbreviations and spellings, item letters past ``h.``,
another date than the issue date, and the family generated end to end."""

from __future__ import annotations

import pytest

from extractors.permit import TextLine, TextWord, extract_permit
from extractors.permit_joins import matcher
from extractors.permit_labels import tokens
from extractors.permit_structure import signature_date


def _at(*rows: tuple[int, str]) -> list[TextLine]:
    """Lines of words 12 px high, 30 px apart; each row ``(x, text)``; ``|`` a 120 px gap."""
    out = []
    for n, (x0, row) in enumerate(rows):
        words, x = [], x0
        for cell in row.split("|"):
            for word in cell.split():
                words.append(TextWord(word, (x, 40 + 30 * n, 9 * len(word), 12), 0.99))
                x += 9 * len(word) + 6
            x += 120
        out.append(TextLine(tuple(words), 1))
    return out


HEAD = (40, "PERSETUJUAN BANGUNAN GEDUNG dengan data bangunan gedung sebagai berikut di bawah ini")


def test_value_on_the_line_below_a_label_with_a_colon() -> None:
    fields = extract_permit(_at(HEAD, (40, "a. NAMA PEMOHON:"), (70, "H. LINTANG USADA"),
                                (40, "b. NO. INDUK KEPENDUDUKAN:"), (70, "6311035210022725"),
                                (40, "c. LUAS BANG. :"), (70, "138 M2")))
    assert fields["nama_pemilik"].value == "H. LINTANG USADA"  # ``H.`` is no item letter
    assert fields["nik"].value == "6311035210022725"
    assert fields["luas_bangunan"].value == "138"


def test_value_below_a_colon_less_label_alone_on_its_line() -> None:
    fields = extract_permit(_at(HEAD, (40, "h. Luas tanah/lahan"), (68, "163 m2"),
                                (40, "j. Nomor sertipikat"), (68, "SHM NO. 00658")))
    assert fields["luas_tanah"].value == "163"
    assert fields["nomor_sertifikat"].value == "SHM NO. 00658"


def test_a_value_below_runs_on_only_after_a_line_that_wrapped() -> None:
    fields = extract_permit(_at(
        (40, "PERSETUJUAN BANGUNAN GEDUNG"), (40, "Alamat Rumah :"),
        (40, "JL. SADANG SERANG NO. 112 RT 007 RW 010 KEL/DESA MUNDAR KEC. LAMPIHONG"),
        (40, "KABUPATEN BALANGAN"),
        (40, "Fungsi :"), (40, "HUNIAN"),
        (40, "Kondisi bangunan"), (40, "Baru"),            # a label nobody knows
        (40, "Alas Hak :"), (40, "SHM NO. 00658"),
        (40, "Pemilik Bangunan Gedung :"), (40, "GARDA NATSIR")))
    assert fields["alamat_pemilik"].value == ("JL. SADANG SERANG NO. 112 RT 007 RW 010 KEL/DESA "
                                              "MUNDAR KEC. LAMPIHONG KABUPATEN BALANGAN")
    assert fields["fungsi"].value == "HUNIAN"          # not ``HUNIAN KONDISI BANGUNAN BARU``
    assert fields["nomor_sertifikat"].value == "SHM NO. 00658"
    assert fields["nama_pemilik"].value == "GARDA NATSIR"


def test_an_unknown_label_alone_keeps_its_value_from_its_neighbours() -> None:
    fields = extract_permit(_at(HEAD, (40, "Identitas Pembangun :"), (40, "HJ. EKA MELANI"),
                                (40, "NIK :"), (40, "6311064508850003")))
    assert fields["nama_pemilik"].value is None
    assert fields["nik"].value == "6311064508850003"


def test_the_next_item_is_not_the_value_of_a_label_below() -> None:
    fields = extract_permit(_at(HEAD, (40, "i. Kecamatan"), (40, "j. Kabupaten"),
                                (70, "KABUPATEN BALANGAN")))
    assert fields["lokasi_kecamatan"].value is None
    assert fields["lokasi_kabupaten_kota"].value == "KABUPATEN BALANGAN"


def test_a_lone_label_word_in_a_value_column_is_the_value_running_on() -> None:
    fields = extract_permit(_at(HEAD, (40, "Kecamatan : TEBING"), (166, "TINGGI")))
    assert fields["lokasi_kecamatan"].value == "TEBING TINGGI"


def test_a_label_with_its_colon_alone_does_not_take_the_value_below_as_its_label() -> None:
    fields = extract_permit(_at(HEAD, (40, "Nomor Sertipikat :"), (200, "SHM NO. 02403")))
    assert fields["nomor_sertifikat"].value == "SHM NO. 02403"


@pytest.mark.parametrize(("row", "field", "value"), [
    ("k. Luas Tanah : 380 m2", "luas_tanah", "380"),                  # items past ``h.``
    ("XII. Kab./Kota : KABUPATEN BALANGAN", "lokasi_kabupaten_kota", "KABUPATEN BALANGAN"),
    ("VIII. Kel. : BUNGUR", "lokasi_kel_desa", "BUNGUR"),
    ("Penggunaan Bangunan : HUNIAN", "fungsi", "HUNIAN"),
    ("Lokasi Pembangunan : JL. X NO. 5", "lokasi", "JL. X NO. 5"),
    ("Alamat Rumah : JL. MAWAR NO. 5", "alamat_pemilik", "JL. MAWAR NO. 5"),
    ("Luas Bangunan Seluruhnya : 120 m2", "luas_bangunan", "120"),
    ("Luas Tanah Seluruhnya | 337 m2", "luas_tanah", "337"),
    ("Nomor Sertipikat : SHM NO. 1", "nomor_sertifikat", "SHM NO. 1"),
    ("No. SHM : SHM NO. 1", "nomor_sertifikat", "SHM NO. 1"),
    ("Fungsi/Peruntukan : USAHA", "fungsi", "USAHA"),
    ("NIK : 6311 0645 0885 0003", "nik", "6311064508850003")])
def test_office_wordings(row: str, field: str, value: str) -> None:
    assert extract_permit(_at(HEAD, (40, row)))[field].value == value


def test_a_slash_after_an_abbreviation_splits_tokens() -> None:
    assert tokens("Kab./Kota") == ["KAB", "/", "KOTA"]
    assert tokens("“NIK") == ["NIK"]  # a scan's bullet read as a quote mark glued to it
    assert matcher().line_label(["“NIK", ":"]).field == "nik"
    assert matcher().line_label(["a.", "Nama", "pemilik", "bangunan"]).field == "nama_pemilik"
    assert matcher().line_label(["DATA", "TANAH"]) is None
    assert matcher().line_label(["Luas", "Bangunan", "Luas", "Tanah"]) is None  # headings


def test_another_date_is_not_the_issue_date() -> None:
    texts = ["TGL. PERMOHONAN : 22-07-2024", "Balangan, 13 Maret 2025", "KEPALA DINAS"]
    assert signature_date(texts) == (1, "2025-03-13")
    assert signature_date(["Ditetapkan di BALANGAN", "Tgl. : 15-07-2024"]) == (1, "2024-07-15")
    assert signature_date(["Pada tanggal : Kamis, 28 November 2024"]) == (0, "2024-11-28")


def test_a_label_alone_after_a_value_below_that_did_not_wrap() -> None:
    fields = extract_permit(_at(HEAD, (40, "VII. Lokasi Pembangunan"), (80, "JL. LEMBONG NO. 198"),
                                (40, "VIII. Desa"), (80, "MANGKAYAHU")))
    assert fields["lokasi"].value == "JL. LEMBONG NO. 198"
    assert fields["lokasi_kel_desa"].value == "MANGKAYAHU"


def test_a_colon_value_under_a_lone_label_is_not_the_next_labels_value_above() -> None:
    fields = extract_permit(_at(HEAD, (40, "l. LUAS LAHAN"), (150, ": 459 m2"),
                                (40, "Keterangan: Bangunan wajib memiliki Sertifikat Laik Fungsi")))
    assert fields["luas_tanah"].value == "459"


@pytest.mark.parametrize("row", ["Luas Tanah (m2) : 300", "LUAS TANAH (M²): 300",
                                 "Luas Tanah (m²) | 300"])
def test_a_unit_in_brackets_after_the_label(row: str) -> None:
    assert extract_permit(_at(HEAD, (40, row)))["luas_tanah"].value == "300"


def test_a_unit_in_brackets_after_a_label_alone() -> None:
    fields = extract_permit(_at(HEAD, (40, "k. Luas tanah (m2)"), (68, "300")))
    assert fields["luas_tanah"].value == "300"


def test_a_one_word_label_followed_by_other_words_names_somebody_else() -> None:
    fields = extract_permit(_at(HEAD, (40, "Nama Konsultan Perencana : CV. KARYA MANDIRI"),
                                (40, "Alamat Konsultan : JL. MERDEKA NO. 5"),
                                (40, "Nama Pemilik Bangunan : HJ. EKA MELANI"),
                                (40, "Alamat Lengkap : JL. MAWAR NO. 5")))
    assert fields["nama_pemilik"].value == "HJ. EKA MELANI"
    assert fields["alamat_pemilik"].value == "JL. MAWAR NO. 5"


def test_a_short_word_that_would_have_fitted_does_not_continue_a_value_below() -> None:
    long = "JL. LASWI NO. 192 DS. LANGKAP KECAMATAN TEBING TINGGI KAB. BALANGAN"
    fields = extract_permit(_at(HEAD,  # the body text reaches further right than the value
                                (40, "Letak bangunan"), (40, ": " + long),
                                (40, "Tahun pembangunan"), (40, ": 2024")))
    assert fields["lokasi_kabupaten_kota"].value == "KABUPATEN BALANGAN"


def test_initials_and_project_wordings() -> None:
    fields = extract_permit(_at(HEAD, (40, "N.I.K. : 6311064508850003"),
                                (40, "Alamat Proyek : JL. X NO. 5")))
    assert fields["nik"].value == "6311064508850003"
    assert fields["lokasi"].value == "JL. X NO. 5"


def test_a_birth_date_is_not_the_issue_date() -> None:
    texts = ["Tempat/Tgl. Lahir : Paringin, 12 Mei 1980", "Balangan, 13 Maret 2025"]
    assert signature_date(texts) == (1, "2025-03-13")


@pytest.mark.parametrize(("row", "field"), [("Nama Pcmlik : HJ. EKA", "nama_pemilik"),
                                            ("Nama Pengawas : HJ. EKA", None)])
def test_a_label_word_read_with_a_slip_is_still_a_label_word(row: str, field: str | None) -> None:
    (hit,) = matcher().hits(row.split())
    assert hit.field == field


def test_the_signature_block_ends_a_value_running_on() -> None:
    fields = extract_permit(_at(HEAD, (40, "9. Nomor Sertifikat : SHM NO. 09292"),
                                (226, "Balangan, 13 September 2025"),
                                (226, "a.n. BUPATI BALANGAN")))
    assert fields["nomor_sertifikat"].value == "SHM NO. 09292"
    assert fields["tanggal"].value == "2025-09-13"


def _narrow_column(path, rows: list[tuple[str, list[str]]]) -> None:
    """A text-layer permit page: numbered labels alone on their lines, each value below its
    label, indented, wrapped (as drawn here) in a value column ending well short of the
    margin, under a paragraph reaching the margin."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=A4, invariant=1)
    y = A4[1] - 70
    c.setFont("Helvetica-Bold", 13)
    c.drawCentredString(A4[0] / 2, y, "PERSETUJUAN BANGUNAN GEDUNG")
    y -= 20
    c.setFont("Helvetica", 11)
    c.drawString(60, y, "Berdasarkan permohonan yang telah memenuhi persyaratan administrasi dan "
                        "teknis, dengan")
    y -= 16
    c.drawString(60, y, "ini diberikan persetujuan kepada:")
    for n, (label, values) in enumerate(rows, 1):
        y -= 16
        c.drawString(60, y, f"{'abcdefgh'[n - 1]}.")
        c.drawString(80, y, label)
        for value in values:
            y -= 16
            c.drawString(92, y, value)
    c.save()


def test_a_value_below_wraps_in_a_narrow_value_column(tmp_path) -> None:
    from core.models import DocType
    from extractors.pipeline import extract_file

    path = tmp_path / "narrow.pdf"
    _narrow_column(path, [
        ("NAMA LENGKAP:", ["Parman Kuswoyo"]),
        ("ALAMAT:", ["Jl. Cikutra Barat No. 59 Rt 010 Rw 007 Kel/Desa",
                     "Bihara Hilir Kec. Awayan Kabupaten", "Balangan"]),
        ("FUNGSI:", ["Usaha"]),
        ("LOKASI BANGUNAN:", ["Jl. Antapani Lama No. 28, Desa Lajar, Kec.",
                              "Lampihong Kab. Balangan"]),
        ("LUAS TANAH:", ["112 m2"])])
    (doc,) = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
    assert doc.value("alamat_pemilik") == ("JL. CIKUTRA BARAT NO. 59 RT 010 RW 007 KEL/DESA "
                                           "BIHARA HILIR KEC. AWAYAN KABUPATEN BALANGAN")
    assert doc.value("fungsi") == "USAHA"
    assert doc.value("lokasi_kecamatan") == "LAMPIHONG"
    assert doc.value("lokasi_kabupaten_kota") == "KABUPATEN BALANGAN"
    assert doc.value("luas_tanah") == "112"


def test_the_widest_line_of_a_value_column_does_not_take_the_next_label() -> None:
    # the certificate number is the widest line of its column: the next item's label, a few
    # points left of the value column, is the next field's, not that value running on
    fields = extract_permit(_at(HEAD, (40, "XIII. NO. SERTIFIKAT"), (104, "SHM NO. 04016"),
                                (50, "XIV. LUAS TANAH"), (104, "250 M2")))
    assert fields["nomor_sertifikat"].value == "SHM NO. 04016"
    assert fields["luas_tanah"].value == "250"


@pytest.mark.parametrize("row", ["f. BANYAK LANTAI : 3 Lt", "Banyak lantai : 3 Lt"])
def test_banyak_lantai(row: str) -> None:
    assert extract_permit(_at(HEAD, (40, row)))["jumlah_lantai"].value == "3"


def test_a_slash_set_apart_joins_the_alternatives_of_a_label_alone() -> None:
    fields = extract_permit(_at(HEAD, (40, "NIK / NO. KTP"), (60, "6311085808822537"),
                                (40, "Kelurahan / Desa"), (60, "LANGKAP")))
    assert fields["nik"].value == "6311085808822537"
    assert fields["lokasi_kel_desa"].value == "LANGKAP"


def test_two_fields_either_side_of_a_slash_are_column_headings() -> None:
    assert matcher().line_label(["Luas", "Bangunan", "/", "Luas", "Tanah"]) is None

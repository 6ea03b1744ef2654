"""Table rows read from scanned lines (no rules left): two fields to a row, labels wrapping in
a row's second cell, labels no vocabulary knows, colons read with a speck, glued label words."""

from __future__ import annotations

from extractors.permit import extract_permit, matcher
from tests.extractors.scanned_lines import ocr_line as _ocr


def test_a_label_wrapping_in_the_second_cell_of_a_row() -> None:
    lines = [_ocr(100, (40, "FUNGSI"), (300, "HUNIAN"), (640, "LUAS TANAH"), (900, "120 M2")),
             _ocr(160, (40, "JUMLAH LAPIS"), (300, "1"), (640, "ALAMAT"), (900, "JL. SURYA")),
             _ocr(200, (640, "BANGUNAN"), (900, "NO. 75")),
             _ocr(260, (40, "KECAMATAN"), (300, "AWAYAN"))]
    fields = extract_permit(lines)
    assert fields["lokasi"].value == "JL. SURYA NO. 75"
    assert fields["alamat_pemilik"].value is None
    assert fields["jumlah_lantai"].value == "1"


def test_an_unknown_label_starting_a_row_closes_the_value_above() -> None:
    # ``KODE POS`` is no label we know: the certificate's label beside it is still read, and
    # the land area above does not run on into this row
    lines = [_ocr(100, (40, "LUAS TANAH"), (300, "349 M2")),
             _ocr(160, (40, "KODE POS"), (300, "71461"), (640, "SERTIFIKAT"),
                  (900, "SHM NO. 05540"))]
    fields = extract_permit(lines)
    assert fields["luas_tanah"].value == "349"
    assert fields["nomor_sertifikat"].value == "SHM NO. 05540"


def test_two_fields_to_a_row_under_a_value_running_wide() -> None:
    lines = [_ocr(100, (40, "Desa/Kelurahan"), (300, "MATANG HANAU")),
             _ocr(160, (40, "Kecamatan"), (300, "LAMPIHONG"), (640, "Kabupaten"),
                  (900, "KABUPATEN BALANGAN"))]
    fields = extract_permit(lines)
    assert fields["lokasi_kecamatan"].value == "LAMPIHONG"
    assert fields["lokasi_kabupaten_kota"].value == "KABUPATEN BALANGAN"


def test_a_region_word_first_in_a_value_is_no_label() -> None:
    lines = [_ocr(100, (40, "Kecamatan"), (300, ":"), (330, "TEBING TINGGI")),
             _ocr(140, (40, "Kab."), (300, ":"), (330, "KABUPATEN"), (640, "Luas Tanah"),
                  (900, ":"), (930, "190,00 m2")),
             _ocr(180, (330, "BALANGAN"))]
    fields = extract_permit(lines)
    assert fields["lokasi_kabupaten_kota"].value == "KABUPATEN BALANGAN"
    assert fields["luas_tanah"].value == "190"


def test_a_colon_read_with_a_speck() -> None:
    lines = [_ocr(100, (40, "HAK MILIK NO."), (300, ":-"), (330, "SHM NO. 06840")),
             _ocr(140, (40, "ALAMAT"), (300, ":."), (330, "JL. MERDEKA NO. 4"))]
    fields = extract_permit(lines)
    assert fields["nomor_sertifikat"].value == "SHM NO. 06840"
    assert fields["alamat_pemilik"].value == "JL. MERDEKA NO. 4"


def test_label_words_read_without_their_space() -> None:
    (hit,) = matcher().hits(["TERLETAKDI", ":", "JL.", "MERDEKA"])
    assert hit.field == "lokasi" and hit.value_start == 2
    assert matcher().hits(["NAMANYA", ":", "X"]) == []


def _tilted(line, slope: float = 0.045):  # type: ignore[no-untyped-def]
    """``line`` as a scan tilted by ``slope`` gives it in page pixels (lower to the right)."""
    from dataclasses import replace

    return replace(line, words=tuple(replace(w, bbox=(w.bbox[0], round(w.bbox[1] + slope
                                                                       * w.bbox[0]),
                                                      *w.bbox[2:])) for w in line.words))


def test_on_a_tilted_scan_a_value_line_is_not_joined_to_the_heading_below() -> None:
    """A value's last line ends at the right as high as the heading under it starts at the left
    (a scan tilted 2.5°): measured across the tilt, they are a line apart, not one row."""
    lines = [_tilted(ln) for ln in (
        _ocr(1000, (260, "NAMA PEMOHON"), (737, ":"), (752, "JABAL NUGROHO")),
        _ocr(1042, (260, "NIK/NO. KTP"), (737, ":"), (752, "7501141204762862")),
        _ocr(1084, (260, "ALAMAT TINGGAL"), (737, ":"), (752, "JL. SURYAKENCANA NO. 104 RT")),
        _ocr(1126, (750, "012 KEL/DESA SATRIA KEC. MOOTILANGO")),
        _ocr(1168, (748, "KABUPATEN GORONTALO")),
        _ocr(1210, (182, "DATA TANAH")),
        _ocr(1252, (260, "NOMOR SERTIPIKAT"), (737, ":"), (752, "SHM NO. 03215")))]
    fields = extract_permit(lines)
    assert fields["alamat_pemilik"].value == \
        "JL. SURYAKENCANA NO. 104 RT 012 KEL/DESA SATRIA KEC. MOOTILANGO KABUPATEN GORONTALO"
    assert fields["nomor_sertifikat"].value == "SHM NO. 03215"

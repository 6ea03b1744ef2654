"""OCR's colons on scanned permits (:mod:`extractors.permit_colons`): a colon misread is
dropped, a value's ``1`` next to it is kept (hand-made words in page pixels)."""

from __future__ import annotations

from extractors.permit_colons import clean, strip_colon
from extractors.permit_lines import TextWord


def _w(text: str, x: int, w: int, h: int) -> TextWord:
    return TextWord(text, (x, 100, w, h), 0.9)


def test_a_small_one_right_after_a_colon_is_the_value() -> None:
    """``Ketinggian : 1`` on a phone photo: the 1 (cap height, half the label word's box with
    its ascender and descender) is the value, not a second colon."""
    words = (_w("Ketinggian", 765, 100, 36), _w(":", 1134, 5, 12), _w("1", 1153, 9, 18),
             _w("(lantai)", 1167, 73, 29))
    assert [w.text for w in clean(words)] == ["Ketinggian", ":", "1", "(lantai)"]
    barred = (_w("Ketinggian", 294, 136, 40), _w("aa", 728, 5, 17), _w("|", 769, 7, 22))
    assert [w.text for w in clean(barred)] == ["Ketinggian", ":", "|"]  # | is the 1


def test_a_small_mark_without_a_colon_before_it_is_the_colon() -> None:
    words = (_w("Fungsi", 300, 90, 36), _w("1", 700, 8, 17), _w("USAHA", 740, 90, 26))
    assert [w.text for w in clean(words)] == ["Fungsi", ":", "USAHA"]


def test_a_colon_glued_to_a_one_in_the_colon_column_leaves_the_one() -> None:
    colons = [(40.0, 1166), (140.0, 1166), (190.0, 1166)]
    value = [_w("11", 1166, 44, 26), _w("Lantai", 1219, 85, 30)]
    assert [w.text for w in strip_colon(value, colons, 100.0, 30)] == ["1", "Lantai"]
    value = [_w("1?", 1166, 20, 26), _w("USAHA", 1219, 85, 30)]
    assert [w.text for w in strip_colon(value, colons, 100.0, 30)] == ["USAHA"]


def test_a_street_prefix_in_the_colon_column_keeps_its_j() -> None:
    """A photo's ``Alamat Bangunan : JL. DIPENOGORO`` read without its colon, ``JL.``'s box
    taking the colon in (bench seed 31): the ``J`` is no misread colon."""
    colons = [(40.0, 1166), (140.0, 1166), (190.0, 1166)]
    value = [_w("JL.", 1166, 50, 26), _w("DIPENOGORO", 1230, 160, 30)]
    assert [w.text for w in strip_colon(value, colons, 100.0, 30)] == ["JL.", "DIPENOGORO"]


def test_a_photo_of_a_certificate_keeps_the_street_prefix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The generated certificate of that photo (bench seed 31, case 6): ``JL.`` read without
    the colon before it was cut to ``L.``."""
    from core.models import DocType
    from extractors.pipeline import extract_file
    from samples.degrade import degrade, jpeg
    from samples.generate import PAGE_DPI, raster
    from samples.permit import write_bench_permit

    pdf = tmp_path / "certificate.pdf"
    fields, rng = write_bench_permit(pdf, 31, "certificate", 6)
    img, _ = degrade(raster(pdf)[0].convert("RGB"), "photo", rng, card=False, dpi=PAGE_DPI)
    path = tmp_path / "certificate.jpg"
    path.write_bytes(jpeg(img, 82))
    docs = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
    assert fields["lokasi"] == "JL. DIPENOGORO NO. 87"
    assert docs[0].value("lokasi") == "JL. DIPENOGORO NO. 87"


def _c(text: str, x: int, w: int, h: int) -> TextWord:
    """A word starting a ruled table cell."""
    return TextWord(text, (x, 100, w, h), 0.9, cell=True)


def test_a_mark_alone_in_a_ruled_cell_between_two_is_the_colon() -> None:
    """A colon column's cell read as ``5`` or ``1.``: short and narrow, alone in its cell."""
    for mark in ("5", "1.", ":."):
        words = (_w("Jml.", 600, 48, 29), _w("Lantai", 654, 71, 30), _c(mark, 907, 6, 15),
                 _c("2", 939, 16, 23))
        out = clean(words)
        assert [w.text for w in out] == ["Jml.", "Lantai", ":", "2"], mark
        assert [w.cell for w in out] == [False, False, True, True]


def test_a_lone_bar_in_a_ruled_cell_is_the_one() -> None:
    """The rules are painted out before OCR: a letter-high ``|`` alone in its cell is a 1."""
    words = (_w("Jumlah", 841, 80, 20), _w("lapis", 930, 53, 27), _c("|", 1114, 8, 21))
    assert [w.text for w in clean(words)] == ["Jumlah", "lapis", "1"]


def test_a_cell_start_dropped_with_a_speck_passes_to_the_next_word() -> None:
    words = (_w("Fungsi", 300, 90, 26), _c("—", 600, 30, 4), _w("USAHA", 640, 90, 26))
    out = clean(words)
    assert [(w.text, w.cell) for w in out] == [("Fungsi", False), ("USAHA", True)]


def test_dot_leaders_to_the_colon_are_dropped() -> None:
    """``NAMA PEMOHON ........ : Jabal`` on a scan: the dots read as low letters (``neo...``,
    ``o##.``, ``nana``), the colon and the value stay."""
    words = (_w("NAMA", 200, 97, 27), _w("PEMOHON", 310, 167, 30), _w("neo...", 490, 172, 11),
             _w(":", 680, 5, 15), _w("Jabal", 700, 87, 33))
    assert [w.text for w in clean(words)] == ["NAMA", "PEMOHON", ":", "Jabal"]
    words = (_w("KABUPATEN", 200, 193, 30), _w("nana", 400, 254, 15), _w(":", 680, 5, 15),
             _w("Kabupaten", 700, 178, 37), _w("as", 890, 34, 19), _w("Balangan", 940, 155, 36))
    assert [w.text for w in clean(words)] == ["KABUPATEN", ":", "Kabupaten", "as", "Balangan"]


def test_a_flat_bullet_before_a_label_is_no_colon() -> None:
    """``- Pemilik bangunan gedung`` scanned: the bullet (wider than tall) is dropped, not
    taken for the colon, so the label alone on its line is still known."""
    words = (_w("-", 222, 8, 4), _w("Pemilik", 278, 93, 26), _w("bangunan", 381, 132, 33),
             _w("gedung", 522, 99, 32))
    assert [w.text for w in clean(words)] == ["Pemilik", "bangunan", "gedung"]

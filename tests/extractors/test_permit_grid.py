"""Ruling lines on a drawn bordered page: found, cut into cells, removed, the text kept."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.permit import extract_permit
from extractors.permit_grid import (
    dot_leaders,
    find_grid,
    glyph_height,
    ink,
    ocr_page,
    paper_tone,
    remove_rulings,
    word_cells,
)
from extractors.permit_lines import TextLine, lines_from_ocr
from samples.degrade import scan

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ROWS = (("Nama Pemilik", "SITI AMINAH"), ("Fungsi Bangunan", "HUNIAN"),
        ("Luas Bangunan", "112,50 m2"), ("Jumlah Lantai", "2 Lantai"))
LEFT, SPLIT, RIGHT, TOP, ROW = 150, 620, 1500, 400, 60


def _page() -> np.ndarray:
    """A white A4 page at 200 dpi: a title, an underline, and a ruled two-column table."""
    img = Image.new("L", (1654, 2339), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    d.text((LEFT, 250), "DATA BANGUNAN GEDUNG", font=font, fill=0)
    d.line((LEFT, 295, 700, 295), fill=0, width=2)
    for i, (label, value) in enumerate(ROWS):
        y = TOP + i * ROW
        d.text((LEFT + 12, y + 12), label, font=font, fill=0)
        d.text((SPLIT + 12, y + 12), value, font=font, fill=0)
    bottom = TOP + len(ROWS) * ROW
    for i in range(len(ROWS) + 1):
        d.line((LEFT, TOP + i * ROW, RIGHT, TOP + i * ROW), fill=0, width=2)
    for x in (LEFT, SPLIT, RIGHT):
        d.line((x, TOP, x, bottom), fill=0, width=2)
    return np.asarray(img)


def _scanned() -> np.ndarray:
    """The page through the flatbed-scan degradation (rotation, blur, noise), deskewed back."""
    from extractors.imaging import whole_page

    img, _ = scan(Image.fromarray(_page()), random.Random(5))
    page = whole_page(cv2.cvtColor(np.asarray(img.convert("L")), cv2.COLOR_GRAY2BGR))
    return cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)


@pytest.mark.parametrize("make", [_page, _scanned])
def test_the_cells_of_a_ruled_table_are_found(make) -> None:  # type: ignore[no-untyped-def]
    grid = find_grid(make())
    assert len(grid.cells) == 2 * len(ROWS)
    widths = sorted({round(w / 20) for _x, _y, w, _h in grid.cells})
    assert len(widths) == 2  # a label column and a value column


def test_a_word_knows_its_cell() -> None:
    grid = find_grid(_page())
    label = grid.cell_of((LEFT + 12, TOP + ROW + 12, 200, 30))
    value = grid.cell_of((SPLIT + 12, TOP + ROW + 12, 100, 30))
    assert label is not None and value is not None and label != value
    assert grid.cell_of((LEFT, 250, 300, 30)) is None  # the title stands in no cell


@pytest.mark.parametrize("make", [_page, _scanned])
def test_rulings_removed_text_kept(make) -> None:  # type: ignore[no-untyped-def]
    page = make()
    clean = remove_rulings(page)
    marks = ink(clean)
    # no long straight ink run is left, horizontal or vertical
    assert not cv2.morphologyEx(marks, cv2.MORPH_OPEN, np.ones((1, 200), np.uint8)).any()
    assert not cv2.morphologyEx(marks, cv2.MORPH_OPEN, np.ones((150, 1), np.uint8)).any()
    # the letters are all there: most of the ink of the text survives
    assert marks.sum() > 0.8 * (ink(page).sum() - find_grid(page).mask.astype(bool).sum() * 255)


def test_the_words_of_a_ruled_table_are_read_without_borders() -> None:
    words = [w.text for w in ocr_page(_scanned()).result.words]
    text = " ".join(words)
    for label, value in ROWS:
        assert label in text and value in text, (label, value)
    assert not any(set(w) <= set("|[]!Il1") for w in words if w not in ("2",))


def test_a_page_without_rulings_is_left_as_it_is() -> None:
    img = Image.new("L", (1654, 2339), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    for i, (label, value) in enumerate(ROWS):
        d.text((LEFT, TOP + i * ROW), f"{label} : {value} (lllll IIIII)", font=font, fill=0)
    page = np.asarray(img)
    grid = find_grid(page)
    assert not grid.found and grid.cells == ()
    assert remove_rulings(page, grid) is page


# --- the cells of a table given to the words read (one line per table row) --------------------

TALL_ROWS = (("Nama Pemilik|Bangunan", "SITI AMINAH"), ("Fungsi|Bangunan", "HUNIAN"),
             ("Luas Bangunan", "112,50 m2"), ("Jumlah Lantai", "2"))
"""Labels wrapping over two lines beside a value centred in the row: Tesseract reads such a
row as lines half a line apart, or two lines as one word."""
TALL = 110


def _tall_page(*, sides: bool = True, open_row: int | None = None) -> np.ndarray:
    """A ruled ``label | : | value`` table, labels over two lines, values centred (``sides``:
    rules between the cells and round the table, else between the rows only; ``open_row``: that
    row's right border missing)."""
    img = Image.new("L", (1654, 2339), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    d.text((LEFT, 250), "DATA BANGUNAN GEDUNG", font=font, fill=0)
    colon = SPLIT + 20
    for i, (label, value) in enumerate(TALL_ROWS):
        y = TOP + i * TALL
        lines = label.split("|")
        for k, text in enumerate(lines):
            d.text((LEFT + 12, y + 12 + k * 42 + (len(lines) == 1) * 21), text, font=font, fill=0)
        d.text((colon + 12, y + 33), ":", font=font, fill=0)
        d.text((colon + 52, y + 33), value, font=font, fill=0)
    bottom = TOP + len(TALL_ROWS) * TALL
    for i in range(len(TALL_ROWS) + 1):
        d.line((LEFT, TOP + i * TALL, RIGHT, TOP + i * TALL), fill=0, width=2)
    if sides:
        for x in (LEFT, colon, colon + 40, RIGHT):
            d.line((x, TOP, x, bottom), fill=0, width=2)
    if open_row is not None:
        y = TOP + open_row * TALL
        d.line((RIGHT, y + 3, RIGHT, y + TALL - 3), fill=255, width=4)
    return np.asarray(img)


def _read(page: np.ndarray) -> tuple[list[TextLine], dict[str, str | None]]:
    read = ocr_page(page)
    lines = lines_from_ocr(read.result, lambda b: b, 1, read.cells)
    fields = extract_permit(lines)
    return lines, {name: fields[name].value for name in
                   ("nama_pemilik", "fungsi", "luas_bangunan", "jumlah_lantai")}


WANT = {"nama_pemilik": "SITI AMINAH", "fungsi": "HUNIAN", "luas_bangunan": "112.5",
        "jumlah_lantai": "2"}


@pytest.mark.parametrize("sides", [True, False])
def test_a_ruled_table_image_reads_row_by_row(sides: bool) -> None:
    """Each table row is one line, its cells in order: a label over two lines reads whole, then
    its value; a table ruled between its rows only has one cell per row."""
    lines, fields = _read(_tall_page(sides=sides))
    rows = [ln for ln in lines if ln.ruled]
    assert len(rows) == len(TALL_ROWS)
    assert rows[0].text.startswith("Nama Pemilik Bangunan")
    assert fields == WANT


def test_a_row_the_grid_leaves_open_is_read_as_plain_lines() -> None:
    page = _tall_page(open_row=1)
    read = ocr_page(page)
    fungsi = next(c for w, c in zip(read.result.words, read.cells, strict=True)
                  if w.text == "HUNIAN")
    luas = next(c for w, c in zip(read.result.words, read.cells, strict=True)
                if w.text.startswith("112"))
    assert fungsi is None and luas is not None


def test_words_know_their_table_rows() -> None:
    """A row's cells share its top; a word in the row's height outside its cells, or a row
    overlapping another (two rows merged where a rule broke), leaves the row to plain lines."""
    cells = [(100, 100, 300, 60), (402, 102, 600, 59), (100, 162, 300, 60), (402, 162, 600, 60)]
    words = [(120, 115, 80, 25), (420, 120, 80, 25), (120, 180, 80, 25), (1100, 180, 80, 25)]
    assert word_cells(cells, words, 24) == [(100, 100), (402, 100), None, None]
    merged = [(100, 100, 300, 122), (402, 102, 600, 59), (402, 162, 600, 60)]
    assert word_cells(merged, words[:2], 24) == [None, None]


# --- dot leaders and words read unsure ----------------------------------------------------------

LEADERS = (("Nama", "DANISWARA PRATAMA"), ("No. NIK", "6311 0224 0303 0126"),
           ("Alamat Tinggal", "JL. DR. DJUNJUNAN NO. 138"), ("Kab.", "KABUPATEN BALANGAN"))


def _leader_page(dots: str = ".") -> np.ndarray:
    """A page of ``Label ........ : value`` rows, dot leaders run to the colon column."""
    img = Image.new("L", (1654, 2339), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 24)
    for i, (label, value) in enumerate(LEADERS):
        y = TOP + i * 45
        d.text((LEFT, y), label, font=font, fill=0)
        x = LEFT + d.textlength(label + " ", font=font)
        while x < 700:
            d.text((x, y), dots, font=font, fill=0)
            x += d.textlength(dots, font=font)
        d.text((720, y), ":", font=font, fill=0)
        d.text((750, y), value, font=font, fill=0)
    img, _ = scan(img, random.Random(3))
    from extractors.imaging import whole_page

    page = whole_page(cv2.cvtColor(np.asarray(img.convert("L")), cv2.COLOR_GRAY2BGR))
    return cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)


def test_dot_leaders_are_found_colons_and_periods_kept() -> None:
    page = _leader_page()
    marks = ink(page)
    tall = glyph_height(marks)
    boxes = dot_leaders(marks, tall)
    rows = [b for b in boxes if TOP - 60 < b[1] < TOP + len(LEADERS) * 45 + 60]
    assert len(rows) > 4 * 20  # every row's leader, dot by dot
    colons = [w.bbox[0] for w in ocr_page(page).result.words if w.text == ":"]
    assert len(colons) >= len(LEADERS) - 1  # (one may be read glued to its value)
    assert all(x + w < min(colons) for x, _y, w, _h in rows)  # the colons are kept


def test_a_page_with_dot_leaders_reads_its_labels_and_values() -> None:
    read = ocr_page(_leader_page())
    fields = extract_permit(lines_from_ocr(read.result, lambda b: b, 1, read.cells))
    want = {"nama_pemilik": "DANISWARA PRATAMA", "nik": "6311022403030126",
            "alamat_pemilik": "JL. DR. DJUNJUNAN NO. 138",
            "lokasi_kabupaten_kota": "KABUPATEN BALANGAN"}
    assert {n: fields[n].value for n in want} == want


def test_a_word_read_unsure_is_read_again_alone() -> None:
    """Words of little confidence outside table cells are read again, each with a box about it
    that stops halfway to its neighbours, and with its whole line up to where the line's ink
    ends; a re-reading that loses a word is not taken."""
    from extractors.permit_grid import _weak_words
    from extractors.tesseract import OcrResult, Word

    result = OcrResult((Word("Luas", 0.96, (371, 404, 61, 22), (1, 1, 1)),
                        Word("JG:", 0.16, (440, 400, 60, 24), (1, 1, 1)),
                        Word("OK", 0.95, (520, 404, 40, 22), (1, 1, 1)),
                        Word("persaaan", 0.0, (530, 450, 153, 52), (1, 2, 1)),
                        Word(".", 0.1, (600, 420, 4, 5), (1, 1, 1)),
                        Word("$", 0.12, (821, 953, 20, 26), (1, 3, 1))))
    marks = np.zeros((2339, 1654), np.uint8)
    marks[404:424, 371:560] = 255  # the ink of the first line
    words, lines = _weak_words(result, [None] * 6, 22, marks)
    # not the word two lines tall (a box would cut the line below), nor a speck; a sign (a
    # bold 1 read as ``$``) is; the last word of its line is read again with the rest of it
    assert len(words) == 2
    x, _y, w, _h = words[0]
    assert 432 <= x <= 440 and x + w <= 510  # halfway to Luas (432), to OK (510)
    assert words[1][0] + words[1][2] == 1654
    (line,) = lines  # the first line whole, from Luas to where its ink ends (the last: alone)
    assert line[0] < 371 and 560 <= line[0] + line[2] <= 580


def test_a_short_value_read_unsure_is_read_again_with_its_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A flatbed scan's ``Ketinggian : 2`` (a generated old IMB, bench seed 31): the page's read
    gives ``NG`` for ``: 2``, and so does the value read alone in its crop; read again with its
    label and in black and white it is ``:2``."""
    from extractors.permit_page import page_region
    from samples.degrade import degrade, jpeg
    from samples.generate import PAGE_DPI, raster
    from samples.permit import write_bench_permit

    pdf = tmp_path / "imb_old.pdf"
    fields, rng = write_bench_permit(pdf, 31, "imb_old", 19)
    img, _ = degrade(raster(pdf)[0], "scan", rng, card=False, dpi=PAGE_DPI)
    grey = cv2.imdecode(np.frombuffer(jpeg(img, 70), np.uint8), cv2.IMREAD_COLOR)
    region = page_region(grey)
    read = ocr_page(region.image)
    got = extract_permit(lines_from_ocr(read.result, region.to_page, 1, read.cells))
    assert fields["jumlah_lantai"] == "2"
    assert got["jumlah_lantai"].value == "2"


def test_a_line_read_again_is_taken_only_when_it_keeps_what_was_read() -> None:
    """A weak word's line read again must read its sure words as before and lose no character
    (a low-resolution ``: 153,50`` read again as ``153,50``: the colon lost, the ``1`` is taken
    for it); a word a little unsure (``11`` for ``: 1`` at 0.32) is read again with its line
    only, never alone (alone it read ``3 31``)."""
    from extractors.permit_grid import _keeps_sure, _weak_words
    from extractors.tesseract import OcrResult, Word

    def word(text: str, conf: float, x: int, w: int) -> Word:
        return Word(text, conf, (x, 645, w, 20), (1, 1, 1))

    before = [word("Luas", 0.96, 226, 50), word("Bangunan", 0.96, 286, 111),
              word(":", 0.06, 613, 3), word("153,50", 0.36, 627, 80)]
    lost = [*before[:2], word("153,50", 0.36, 613, 94)]
    assert not _keeps_sure(before, lost)
    assert _keeps_sure(before, [*before[:2], word(":", 0.9, 613, 3), word("153,50", 0.9, 627, 80)])
    assert not _keeps_sure(before, [word("Luas", 0.9, 226, 50), word("Bangunan:", 0.9, 286, 111),
                                    word("153,50", 0.9, 627, 80)])  # a sure word read otherwise

    result = OcrResult((word("Lantai", 0.96, 226, 80), word("11", 0.32, 613, 20)))
    marks = np.zeros((1200, 900), np.uint8)
    marks[650:660, 226:633] = 255
    words, lines = _weak_words(result, [None] * 2, 20, marks)
    assert words == [] and len(lines) == 1


def test_a_value_after_a_faint_colon_keeps_its_first_digit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A low-resolution certificate's ``Luas Bangunan Gedung : 153,50 m²`` (bench seed 31): the
    colon is read at 0.06; its line read again drops it, and the value's ``1``, first where
    the colons stand, was then taken for a misread colon (``53.5``)."""
    from core.models import DocType
    from extractors.pipeline import extract_file
    from samples.degrade import degrade
    from samples.generate import PAGE_DPI, raster
    from samples.permit import write_bench_permit

    pdf = tmp_path / "certificate.pdf"
    fields, rng = write_bench_permit(pdf, 31, "certificate", 5)
    page = degrade(raster(pdf)[0], "lowres", rng, card=False, dpi=PAGE_DPI)[0]
    path = tmp_path / "certificate.tif"
    page.save(path, "TIFF", compression="jpeg", quality=85, dpi=(150, 150))
    docs = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
    assert fields["luas_bangunan"] == "153.5"
    assert docs[0].value("luas_bangunan") == "153.5"


def test_a_faint_colon_read_as_a_mark_is_not_lost_in_black_and_white(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A phone photo's ``Alamat Bangunan : JL. WONOAYU NO. 184`` (bench seed 9001): the colon is
    read as a quote glued to the value (``“JL.``); read again in black and white the faint colon
    is gone (``JL.``, surer) and the ``J`` was then taken for the colon (``L. WONOAYU``)."""
    from core.models import DocType
    from extractors.pipeline import extract_file
    from samples.degrade import degrade
    from samples.generate import PAGE_DPI, raster
    from samples.permit import write_bench_permit

    pdf = tmp_path / "certificate.pdf"
    fields, rng = write_bench_permit(pdf, 9001, "certificate", 3)
    page = degrade(raster(pdf)[0].convert("RGB"), "photo", rng, card=False, dpi=PAGE_DPI)[0]
    path = tmp_path / "certificate.tif"
    page.save(path, "TIFF", compression="jpeg", quality=82, dpi=(PAGE_DPI, PAGE_DPI))
    docs = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
    assert fields["lokasi"] == "JL. WONOAYU NO. 184"
    assert docs[0].value("lokasi") == "JL. WONOAYU NO. 184"


def test_paper_tone_is_the_pages_90th_percentile() -> None:
    """The histogram's answer is numpy's, on a plateau and between two levels alike."""
    rng = np.random.default_rng(7)
    pages = [np.full((50, 40), 250, np.uint8), np.zeros((1, 1), np.uint8),
             np.array([[10, 200]], np.uint8), np.array([[0, 100, 200, 255, 3]], np.uint8)]
    pages += [rng.integers(0, 256, size=(n, 17), dtype=np.uint8) for n in (1, 3, 10, 333)]
    paper = np.full((300, 200), 252, np.uint8)
    paper[rng.random(paper.shape) < 0.08] = 20  # print on white paper
    pages.append(paper)
    for grey in pages:
        assert paper_tone(grey) == int(np.percentile(grey, 90))

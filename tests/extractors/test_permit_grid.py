"""Ruling lines on a drawn bordered page: found, cut into cells, removed, the text kept."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.permit_grid import find_grid, ink, ocr_page, remove_rulings
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
    words = [w.text for w in ocr_page(_scanned()).words]
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

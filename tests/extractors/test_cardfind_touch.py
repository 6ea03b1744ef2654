"""Tests of the card finder where two cards on an A4 copy touch (or nearly): each is found as a
card of its own (the masks' closing joined them into one blob of two cards' size, and neither
was found), and a white card found from its text is laid at the tilt of its rows."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image

from extractors.cardfind import _parted, find_card_quads, grow_to_margins
from extractors.cardshape import _iou
from samples.cards import render_ktp
from samples.degrade import photocopy
from samples.generate import PAGE_DPI, _a4, _card_on_sheet, _corners
from samples.npwp_card import render_npwp
from samples.truth import build_case

CARD_PX = 85.6 / 25.4 * PAGE_DPI
"""A card copied at 100 % on a 200 dpi page: 674 px wide."""


def _sheet(cards: list[Image.Image], stacked: bool, gap: float,
           angles: tuple[float, ...] = (0.0, 0.0)) -> np.ndarray:
    """The cards copied one after the other (below or beside), ``gap`` px apart."""
    w, h = _a4()
    sheet = np.full((h, w), 247, np.uint8)
    x, y = 200.0, 300.0
    rng = random.Random("touch")
    for img, angle in zip(cards, angles, strict=False):
        m = _card_on_sheet(0, stacked, angle)
        c = _corners(m, img.size)
        m = np.array([[1, 0, x - c[:, 0].min()], [0, 1, y - c[:, 1].min()], [0, 0, 1]]) @ m
        c = _corners(m, img.size)
        x, y = (x, c[:, 1].max() + gap) if stacked else (c[:, 0].max() + gap, y)
        copy = np.asarray(photocopy(img, rng, generation=1))
        warped = cv2.warpPerspective(copy, m, (w, h), flags=cv2.INTER_AREA, borderValue=255)
        mask = cv2.warpPerspective(np.asarray(img.getchannel("A")), m, (w, h))
        sheet = np.where(mask > 127, warped, sheet).astype(np.uint8)
    return sheet


def _cards(design: str) -> list[Image.Image]:
    rng = random.Random(f"touch:{design}")
    docs = build_case(31, 601, defect_rate=0.0)["documents"]
    return [render_ktp(docs["ktp"]["fields"], rng)[0],
            render_npwp(docs["npwp"]["fields"], rng, design)[0]]


def _width(quad: np.ndarray) -> float:
    return float(np.linalg.norm(quad[1] - quad[0]))


@pytest.mark.parametrize("stacked", [True, False])
@pytest.mark.parametrize("gap", [0, 4, 10])
def test_two_cards_that_touch_are_found_as_two(stacked: bool, gap: int) -> None:
    """A KTP and a light-grey NPWP card laid edge to edge: one blob of two cards in every mask,
    parted across its middle into two cards of the card's size."""
    quads = find_card_quads(_sheet(_cards("landscape"), stacked, gap))
    assert len(quads) == 2
    assert all(abs(_width(q) / CARD_PX - 1) < 0.04 for q in quads), [_width(q) for q in quads]
    assert max(abs(a - b) for a, b in zip(*(q.mean(axis=0) for q in quads), strict=True)) > 300


@pytest.mark.parametrize("design", ["landscape", "stacked", "old"])
def test_touching_cards_tilted_and_one_turned_are_found_as_two(design: str) -> None:
    ktp, npwp = _cards(design)
    for stacked in (True, False):
        sheet = _sheet([npwp.rotate(180), ktp], stacked, 3, angles=(1.5, -2.0))
        assert len(find_card_quads(sheet)) == 2, (design, stacked)


def test_only_a_blob_of_two_cards_is_parted() -> None:
    """One card, or a block of a page's text, is left whole."""
    w, h = _a4()
    mask = np.zeros((h, w), np.uint8)
    cw, ch = int(CARD_PX), int(CARD_PX / 1.585)
    cv2.rectangle(mask, (100, 100), (100 + cw, 100 + ch), 255, -1)  # one card
    cv2.rectangle(mask, (100, 900), (100 + cw, 900 + 2 * ch + 6), 255, -1)  # two, stacked
    cv2.rectangle(mask, (100, 1900), (1500, 2000), 255, -1)  # a band of text
    parted = _parted(mask, mask.shape)
    n, *_ = cv2.connectedComponentsWithStats(parted)
    assert n - 1 == 4
    assert (parted[100:100 + ch, 100:100 + cw] == 255).all()


def test_a_white_card_found_from_its_text_is_laid_at_its_rows_tilt() -> None:
    """The least-area rectangle around a ragged block of text (short last rows) was turned a
    degree or two off the card's rows; the rows' own tilt is taken."""
    _ktp, npwp = _cards("stacked")
    for angle in (-2.5, -1.2, 0.8, 2.2):
        quads = find_card_quads(_sheet([npwp], False, 0, angles=(angle,)))
        assert len(quads) == 1
        top = quads[0][1] - quads[0][0]
        tilt = -np.degrees(np.arctan2(top[1], top[0]))  # counter-clockwise on the page
        assert abs(tilt - angle) < 0.4, (angle, tilt)


def _corner_cosines(quad: np.ndarray) -> list[float]:
    sides = [quad[(i + 1) % 4] - quad[i] for i in range(4)]
    return [abs(float(np.dot(sides[i], sides[i - 1])))
            / float(np.linalg.norm(sides[i]) * np.linalg.norm(sides[i - 1])) for i in range(4)]


def test_a_side_put_back_leaves_the_grown_sides_where_they_grew() -> None:
    """The left side runs into a neighbour's print (still in ink after every step) and goes
    back; the top side grew out of a line of text. Putting back the left side's corners whole
    undid the top side's move at the top left corner, and the crop came out skewed."""
    page = np.full((900, 1200), 247, np.uint8)
    page[300:621, 200:311] = 20  # the neighbour's print, reaching past the growth
    page[295:306, 400:701] = 20  # a row of text that the top side cuts
    quad = np.float32([[300, 300], [800, 300], [800, 620], [300, 620]])
    grown = grow_to_margins(page, quad)
    assert grown[:, 1].min() < 295  # the top side grew past the text
    assert np.allclose(grown[[0, 3], 0], 300, atol=1)  # the left side is back
    assert max(_corner_cosines(grown)) < 0.005  # still a rectangle


def test_a_side_stops_at_the_card_found_beside_it() -> None:
    """The left strip catches the edge line of the card beside it: the side does not grow into
    that card (its text would be read as this card's)."""
    page = np.full((900, 1200), 247, np.uint8)
    page[300:621, 298:304] = 20  # the neighbour's edge line, just inside the left strip
    for y in range(340, 600, 40):  # the neighbour's text
        cv2.putText(page, "NIK 3171", (60, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 2)
    quad = np.float32([[300, 300], [800, 300], [800, 620], [300, 620]])
    neighbour = np.float32([[0, 300], [299, 300], [299, 620], [0, 620]])
    assert grow_to_margins(page, quad)[:, 0].min() < 298  # alone, it grows over the line
    grown = grow_to_margins(page, quad, others=[neighbour])
    assert np.allclose(grown, quad, atol=1)


def _truth_sheet(cards: list[Image.Image], gap: float) -> tuple[np.ndarray, list[np.ndarray]]:
    """The cards stacked ``gap`` px apart on a copy, and the corners each card lies at."""
    w, h = _a4()
    sheet = np.full((h, w), 247, np.uint8)
    y, rng, truth = 300.0, random.Random("touch"), []
    for img in cards:
        m = _card_on_sheet(0, True, 0.0)
        c = _corners(m, img.size)
        m = np.array([[1, 0, 200.0 - c[:, 0].min()], [0, 1, y - c[:, 1].min()], [0, 0, 1]]) @ m
        truth.append(np.float32(_corners(m, img.size)))
        y = truth[-1][:, 1].max() + gap
        copy = np.asarray(photocopy(img, rng, generation=1))
        warped = cv2.warpPerspective(copy, m, (w, h), flags=cv2.INTER_AREA, borderValue=255)
        mask = cv2.warpPerspective(np.asarray(img.getchannel("A")), m, (w, h))
        sheet = np.where(mask > 127, warped, sheet).astype(np.uint8)
    return sheet, truth


@pytest.mark.parametrize("design", ["stacked", "old"])
@pytest.mark.parametrize("gap", [0, 3])
def test_a_white_card_found_from_its_text_is_not_laid_over_the_card_it_touches(
        design: str, gap: int) -> None:
    """The white NPWP card below a KTP is found from its text; its text leaves a wide empty
    strip at the bottom, and the card laid centred over it reached 50 px into the KTP (its
    header cut off). It is slid off the KTP, its text still inside."""
    sheet, truth = _truth_sheet(_cards(design), gap)
    quads = find_card_quads(sheet)
    assert len(quads) == 2
    npwp = max(_iou(q, truth[1]) for q in quads)
    assert npwp > 0.94, npwp

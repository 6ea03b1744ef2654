"""Tests of the card finder on A4 copies where a card shows only a faint edge: its sides are
moved onto the step between the card's background and the paper (:func:`_to_edges`), and a
card on a page fed sideways is levelled by its rows like an upright one."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from extractors.cardfind import _rows_tilt, _to_edges, find_card_quads
from extractors.cardshape import _iou
from samples.degrade import photocopy
from samples.generate import _a4, _card_on_sheet, _corners
from samples.npwp_card import DESIGNS, HELD_OUT_DESIGNS, render_npwp
from samples.truth import build_case


@pytest.mark.parametrize("design", sorted(set(DESIGNS) - HELD_OUT_DESIGNS))
@pytest.mark.parametrize("angle", [1.0, 181.0])
def test_a_copied_npwp_card_is_cut_at_its_faint_edge(design: str, angle: float) -> None:
    """A light NPWP card copied on white paper, upright and upside down: its outline is found
    from its print, a few hundredths off (IoU 0.944-0.970 before); the faint step of its
    background to the paper's puts the sides on its edge."""
    docs = build_case(31, 601, defect_rate=0.0)["documents"]
    img = render_npwp(docs["npwp"]["fields"], random.Random("faint"), design)[0]
    w, h = _a4()
    m = _card_on_sheet(0, True, angle)
    copy = np.asarray(photocopy(img, random.Random("faint"), generation=1))
    warped = cv2.warpPerspective(copy, m, (w, h), flags=cv2.INTER_AREA, borderValue=255)
    mask = cv2.warpPerspective(np.asarray(img.getchannel("A")), m, (w, h))
    sheet = np.where(mask > 127, warped, np.full((h, w), 247, np.uint8)).astype(np.uint8)
    quads = find_card_quads(sheet)
    assert len(quads) == 1
    assert _iou(quads[0], _corners(m, img.size)) >= 0.975


def _page(card_grey: int) -> tuple[np.ndarray, np.ndarray]:
    """A 674 × 425 card of ``card_grey`` with rows of print in its upper two thirds, on paper
    (246) with scanner noise; and its true corners."""
    gen = np.random.default_rng(7)
    page = np.full((1400, 1200), 246.0)
    page[300:725, 200:874] = card_grey
    for y in range(330, 600, 40):  # the rows, well inside the card's margins
        page[y:y + 14, 240:760] = 40
    page += gen.normal(0, 1.5, page.shape)
    true = np.float32([[200, 300], [873, 300], [873, 724], [200, 724]])
    return np.clip(page, 0, 255).astype(np.uint8), true


def test_a_card_laid_centred_over_its_text_is_moved_onto_its_edge() -> None:
    """A card found from its block of text is laid centred over it: a tenth of its height too
    low here. The card is two grey levels lighter than the paper: its top side moves up to its
    edge, its bottom side up off the paper."""
    page, true = _page(248)
    estimate = true + np.float32([0, 40])
    moved = _to_edges(page, estimate)
    assert np.abs(moved - true).max() <= 3


def test_a_card_as_light_as_the_paper_stays_where_it_was() -> None:
    """No step between card and paper (a 1-bit copy, a card as white as the sheet): no edge to
    move to, the estimate stays."""
    page, true = _page(246)
    estimate = true + np.float32([0, 40])
    assert np.array_equal(_to_edges(page, estimate), estimate)


def test_a_side_does_not_move_into_the_card_beside_it() -> None:
    """The edge found beyond the bottom side lies inside another card found on the page: the
    card stays where it was."""
    page, true = _page(248)
    estimate = true + np.float32([0, -40])
    other = np.float32([[200, 700], [873, 700], [873, 1100], [200, 1100]])
    assert np.array_equal(_to_edges(page, estimate, [other]), estimate)


def test_the_rows_of_a_card_fed_sideways_give_its_tilt() -> None:
    """A card on a page fed sideways has its rows running down the page: their tilt is measured
    about its long side's direction (it was tried about the horizontal only, and the outline of
    a sideways card was never levelled)."""
    ink = np.zeros((900, 900), np.uint8)
    a = np.radians(1.5)
    for x in range(200, 700, 40):  # rows running down the page, leaning 1.5 degrees right
        for t in range(500):
            px, py = x + t * np.sin(a), 200 + t * np.cos(a)
            ink[int(py), int(px):int(px) + 12] = 1
    tilt = _rows_tilt(ink, np.pi / 2)
    assert tilt is not None
    assert abs(np.degrees(tilt) - 88.5) <= 0.2

"""Tests of the card finder on an A4 copy where a card's outline followed its print (a white
card on white paper): the card is laid over the print at the ID-1 aspect, the right way round,
judged on the card each way cuts out (a card laid the wrong way fooled the crop's test), and
the crop keeps the way the finder found."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image

from extractors.cardfind import _card_round_text, _card_shaped, _text_box
from extractors.cardshape import ID1_ASPECT, _order_corners, warp_to_card
from extractors.imaging import find_regions, photo_box
from samples.degrade import photocopy
from samples.generate import _on_a4
from tests.extractors.test_cardfind_touch import CARD_PX, _cards, _sheet


def _print_box(sheet: np.ndarray) -> np.ndarray:
    """The rectangle round the card's print (an outline that hugs the text), at its rows' tilt."""
    ink = (sheet < 100).astype(np.uint8)  # the print, not the card's light background
    pts = cv2.findNonZero(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)))
    return _text_box(ink, cv2.convexHull(pts))


def _upright_ktp(sheet: np.ndarray, quad: np.ndarray) -> bool:
    """The KTP cut out at ``quad`` (its first corner the card's top left) shows its photo on
    the right: upright."""
    card = cv2.cvtColor(warp_to_card(sheet, quad), cv2.COLOR_GRAY2BGR)
    return photo_box(card) is not None


@pytest.mark.parametrize("angle", [180.0, 181.5, 178.8, 0.0, 1.2])
def test_a_ktp_laid_over_its_print_is_turned_by_where_its_text_lies(angle: float) -> None:
    ktp, _npwp = _cards("landscape")
    sheet = _sheet([ktp], False, 0, angles=(angle,))
    quad = _card_round_text(sheet, _print_box(sheet), CARD_PX, CARD_PX / ID1_ASPECT)
    assert quad is not None and _upright_ktp(sheet, quad)


@pytest.mark.parametrize("angle", [180.0, 0.0])
def test_an_outline_that_hugs_the_print_is_given_the_cards_shape(angle: float) -> None:
    """An outline of the print alone (aspect 1.8 and more: the card's bottom margin lost) becomes
    a card of the ID-1 aspect holding the whole print, the right way round."""
    ktp, _npwp = _cards("landscape")
    sheet = _sheet([ktp], False, 0, angles=(angle,))
    hug = _print_box(sheet)
    w, h = np.linalg.norm(hug[1] - hug[0]), np.linalg.norm(hug[3] - hug[0])
    assert w / h > 1.08 * ID1_ASPECT  # the specimen is the case: an outline of the print
    quad = _card_shaped(sheet, hug)
    q = _order_corners(quad)
    aspect = np.linalg.norm(q[1] - q[0]) / np.linalg.norm(q[3] - q[0])
    assert abs(aspect / ID1_ASPECT - 1) < 0.01
    inside = cv2.pointPolygonTest(quad.reshape(-1, 1, 2).astype(np.float32),
                                  tuple(float(v) for v in hug.mean(axis=0)), False)
    assert inside > 0 and _upright_ktp(sheet, quad)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_upside_down_white_card_on_a_1_bit_copy_is_cut_out_upright(seed: int) -> None:
    """A white NPWP card on a 1-bit copy shows no edge and is found from its text; laid upright
    over its text when it lies upside down, its crop's ink was even and the crop's test left it
    turned (every such card read upside down). The card's top now maps to the page's lower side,
    where the turned card's top lies."""
    _ktp, npwp = _cards("landscape")
    rng = random.Random(f"turned:{seed}")
    sheet = _on_a4([npwp], rng, heldout=False, generation=1, turn_one=True, vary=True)
    sheet = np.asarray(photocopy(Image.fromarray(sheet), rng, generation=0, bits=1).convert("L"))
    regions = find_regions(sheet)
    assert len(regions) == 1
    top, bottom = cv2.perspectiveTransform(np.float32([[[505, 0]], [[505, 637]]]),
                                           regions[0].homography).reshape(2, 2)
    assert top[1] > bottom[1]

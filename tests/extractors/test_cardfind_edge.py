"""Tests of the card finder on an A4 copy where a card was pushed against the glass's edge: cut
through its text at the page's border, it is still a card (both cards were lost before)."""

from __future__ import annotations

import random

import numpy as np

from extractors.cardshape import _sides_on_border
from extractors.imaging import find_regions
from extractors.load import iter_pages
from samples.generate import CARD_CONDITIONS, write_condition
from samples.truth import build_case


def test_sides_on_the_border_are_those_with_both_ends_there() -> None:
    shape = (2339, 1654)
    cut = np.float32([[-12, 250], [670, 240], [676, 665], [-3, 675]])
    assert _sides_on_border(cut, shape) == {"left"}
    inside = np.float32([[150, 250], [820, 240], [826, 665], [156, 675]])
    assert _sides_on_border(inside, shape) == set()
    corner = np.float32([[-5, -5], [670, -8], [676, 420], [-3, 425]])
    assert _sides_on_border(corner, shape) == {"top", "left"}


def test_a_card_pushed_against_the_pages_edge_is_found_with_the_other(tmp_path) -> None:
    """A seen sheet (seed 3, applicant 7) with a card against the page's left edge (a card
    over the edge, its NIK label cut, used to make the preview find no card — the cut side's
    ring holds text — and both cards were lost): both are found, one at the page's edge."""
    cond, i = "sheet", 7
    truth = build_case(3, 1000 * (CARD_CONDITIONS.index(cond) + 1) + 2 * i, defect_rate=0.0)
    [entry] = write_condition(tmp_path, truth, cond, heldout=False,
                              rng=random.Random(f"cards:3:{cond}:False:{i}"))
    [page] = list(iter_pages(tmp_path / entry["file"]))
    regions = find_regions(page.image)
    assert [r.kind for r in regions] == ["card", "card"]
    assert min(r.bbox[0] for r in regions) <= 2  # the KTP, at the page's edge

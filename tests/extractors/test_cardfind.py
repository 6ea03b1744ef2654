"""Tests of the card finder on A4 sheets: faded card edges, white cards found from their text
(upside down too), outlines that hug the text grown to the card's margin."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image

from extractors.cardfind import (
    PREVIEW_SIDE,
    TEXT_AT_SIDE,
    _encloses,
    _find_quads,
    _side_ink,
    find_card_quads,
    grow_to_margins,
)
from extractors.imaging import (
    CARD_SIZE,
    Region,
    _page_angle,
    card_upside_down,
    find_regions,
    photo_box,
)
from samples.cards import render_ktp
from samples.generate import CARD_CONDITIONS, PAGE_DPI, _on_a4, write_condition
from samples.npwp_card import render_npwp
from samples.truth import build_case

CARD_PX = 85.6 / 25.4 * PAGE_DPI
"""A card copied at 100 % on a 200 dpi page: 674 px wide."""


def _width_on_page(region: Region) -> float:
    """The width on the page of the card cut out as ``region`` (its top side mapped back)."""
    ends = np.float32([[[0, 0]], [[CARD_SIZE[0] - 1, 0]]])
    a, b = cv2.perspectiveTransform(ends, region.homography).reshape(2, 2)
    return float(np.linalg.norm(b - a))


def _cards(seed: int) -> list[Image.Image]:
    rng = random.Random(f"cardfind:{seed}")
    docs = build_case(31, 500 + seed, defect_rate=0.0)["documents"]
    return [render_ktp(docs["ktp"]["fields"], rng)[0],
            render_npwp(docs["npwp"]["fields"], rng, "landscape")[0]]


def _text_page() -> np.ndarray:
    page = np.full((1400, 1000), 247, np.uint8)
    for i in range(6):
        cv2.putText(page, "KARTU NOMOR POKOK WAJIB PAJAK", (120, 300 + 40 * i),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 2)
    return page


def test_both_cards_on_a_sheet_are_cut_out_whole_the_right_way_up() -> None:
    """The KTP's light background fades into the paper on a copy (a mask that follows the print
    outlines a smaller card than its faint edge): the card is cut at its edge; the white NPWP
    card, found from its text, is laid with its margin where its text starts, even when turned;
    no text touches a crop's side."""
    for seed, stacked in ((1, True), (2, False)):
        rng = random.Random(f"sheet:{seed}")
        sheet = _on_a4(_cards(seed), rng, heldout=False, generation=1, stacked=stacked,
                       turn_one=True)
        regions = find_regions(sheet)
        assert [r.kind for r in regions] == ["card", "card"]
        for r in regions:
            if photo_box(r.image) is not None:  # the KTP: cut at its own (faint) edge
                width = _width_on_page(r)
                # the seen copier zooms 97–103 %: the card's own width within 1.5 % of that
                assert abs(width / CARD_PX - 1) < 0.03 + 0.015, width
            assert not card_upside_down(r.image)
            grey = cv2.cvtColor(r.image, cv2.COLOR_BGR2GRAY)
            w, h = grey.shape[1], grey.shape[0]
            whole = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
            assert (_side_ink(grey, whole) <= TEXT_AT_SIDE).all()


def test_an_outline_cutting_through_text_is_grown_to_the_margin() -> None:
    page = _text_page()
    tight = np.float32([[135, 260], [700, 260], [700, 520], [135, 520]])  # text starts at 120
    assert _side_ink(page, tight)[3] > TEXT_AT_SIDE
    grown = grow_to_margins(page, tight)
    assert grown[:, 0].min() < 120 and (_side_ink(page, grown) <= TEXT_AT_SIDE).all()
    assert np.allclose(grown[[0, 1], 1], 260, atol=1)  # the clear sides stay


def test_a_side_that_stays_in_text_is_not_moved() -> None:
    """Text running on beyond the reach of the growth is something else (a neighbouring card):
    that side stays where it was."""
    page = _text_page()
    inside = np.float32([[400, 260], [800, 260], [800, 520], [400, 520]])
    grown = grow_to_margins(page, inside)
    assert np.allclose(grown, inside, atol=1)


def test_encloses_takes_the_edge_around_the_print_only() -> None:
    inner = np.float32([[110, 110], [690, 110], [690, 470], [110, 470]])
    edge = np.float32([[100, 100], [700, 100], [700, 480], [100, 480]])
    assert _encloses(edge, inner)
    assert not _encloses(inner, edge)
    far = np.float32([[0, 0], [900, 0], [900, 600], [0, 600]])  # much larger: not the same card
    assert not _encloses(far, inner)


def test_a_clean_card_image_is_one_card_not_its_label_block(tmp_path) -> None:
    """A card image cut to the card: its block of labels has a card's shape on the second look,
    but a card inside a card image is a part of it; the whole image is the card."""
    from samples.generate import write_condition

    truth = build_case(4242, 1010, defect_rate=0.0)
    write_condition(tmp_path, truth, "clean", heldout=False,
                    rng=random.Random("cards:4242:clean:False:5"))
    image = cv2.imread(str(tmp_path / "ktp.jpg"))
    regions = find_regions(image)
    assert len(regions) == 1
    assert regions[0].bbox == (0, 0, image.shape[1], image.shape[0])


def _permit_page(scale: float = 1.5) -> np.ndarray:
    """An A4 page of text at 300 dpi, its body framed: a block the shape of a large card."""
    page = np.full((2339, 1654), 247, np.uint8)
    cv2.putText(page, "PERSETUJUAN BANGUNAN GEDUNG", (330, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.4,
                20, 3)
    cv2.rectangle(page, (120, 380), (1520, 1300), 40, 3)
    for i in range(18):
        cv2.putText(page, "Luas Bangunan Gedung      :  178,00 m2", (160, 440 + 48 * i),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 2)
    return cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)


def test_a_permit_page_holds_no_card_and_is_done_with_on_its_preview() -> None:
    """No card on the preview of an A4 page: no full-size search (it would not find one either,
    and the framed block, larger than a card copied at 165 %, is no card)."""
    page = _permit_page()
    assert max(page.shape) > 1.25 * PREVIEW_SIDE
    assert find_card_quads(page) == []
    assert _find_quads(page, True) == []


def test_cards_on_a_300_dpi_sheet_are_found_through_the_preview() -> None:
    rng = random.Random("sheet:300dpi")
    sheet = _on_a4(_cards(3), rng, heldout=False, generation=1, stacked=True)
    big = cv2.resize(sheet, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
    quads = find_card_quads(big)
    assert len(quads) == 2
    widths = sorted(float(np.linalg.norm(q[1] - q[0])) for q in quads)
    assert all(abs(w / (1.5 * CARD_PX) - 1) < 0.05 for w in widths), widths


def test_a_forwarded_photo_whose_card_the_full_size_misses_is_found_on_the_preview(
        tmp_path) -> None:
    """A WhatsApp photo (seen variant) where the outline at full size is broken up: the
    smoother preview finds the card, its corners mapped back to the photo."""
    cond = "whatsapp"
    truth = build_case(31, 1000 * (CARD_CONDITIONS.index(cond) + 1) + 6, defect_rate=0.0)
    write_condition(tmp_path, truth, cond, heldout=False,
                    rng=random.Random(f"cards:31:{cond}:False:3"))
    grey = cv2.imread(str(tmp_path / "npwp.jpg"), cv2.IMREAD_GRAYSCALE)
    assert _find_quads(grey, False) == []
    [quad] = find_card_quads(grey)
    width = float(np.linalg.norm(quad[1] - quad[0]))
    assert 0.4 * grey.shape[1] < width < grey.shape[1]


def test_a_scan_cut_loosely_around_a_white_card_is_taken_whole_and_levelled(tmp_path) -> None:
    """A flatbed scan of the white NPWP card on the white lid (seen variant) shows no outline;
    the image, near the card's shape, is the card, its tilt straightened (it was read as a
    page before, and the NPWP was lost)."""
    cond = "scan"
    truth = build_case(777, 1000 * (CARD_CONDITIONS.index(cond) + 1) + 6, defect_rate=0.0)
    write_condition(tmp_path, truth, cond, heldout=False,
                    rng=random.Random(f"cards:777:{cond}:False:3"))
    image = cv2.imread(str(tmp_path / "npwp.jpg"))
    assert find_card_quads(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)) == []
    [region] = find_regions(image)
    assert region.kind == "card"
    assert abs(_page_angle(region.image)) <= 0.5


@pytest.mark.parametrize(("seed", "i", "doc"), [(12, 3, "ktp"), (12, 1, "npwp")])
def test_a_card_in_a_photo_shown_in_a_screenshot_is_found_inside_the_photos_frame(
        tmp_path, seed, i, doc) -> None:
    """A WhatsApp screenshot (seen variant) of the photo opened sideways (black bars beside it)
    or shown in a chat bubble: the photo's frame is a card-shaped outline, and the card on its
    dark table lies in a hole of the screen's light blob. The card inside the frame is taken
    (the frame was read as the card before: the KTP's text at half size among the table)."""
    cond = "whatsapp"
    truth = build_case(seed, 1000 * (CARD_CONDITIONS.index(cond) + 1) + 2 * i, defect_rate=0.0)
    write_condition(tmp_path, truth, cond, heldout=False,
                    rng=random.Random(f"cards:{seed}:{cond}:False:{i}"))
    grey = cv2.imread(str(tmp_path / f"{doc}.jpg"), cv2.IMREAD_GRAYSCALE)
    [quad] = find_card_quads(grey)
    h, w = grey.shape
    width = float(np.linalg.norm(quad[1] - quad[0]))
    assert 0.3 * min(h, w) < width < 0.6 * max(h, w)
    assert quad[:, 1].min() > 0.05 * h and quad[:, 1].max() < 0.95 * h  # not the frame's edges

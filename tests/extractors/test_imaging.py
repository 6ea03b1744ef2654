"""Tests of card/page finding, orientation and quality flags."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.cardshape import _fills_card_image
from extractors.imaging import (
    CARD_SIZE,
    _page_angle,
    card_upside_down,
    clean_card,
    find_regions,
    photo_box,
)
from samples.generate import generate_case
from tests.extractors.cards_specimens import find, iou

PHOTOS = find("card", "ktp", "photo")


def test_phone_photo_gives_one_upright_card() -> None:
    img, entry, _ = PHOTOS[0]
    regions = find_regions(img)
    assert len(regions) == 1
    region = regions[0]
    assert region.kind == "card" and region.image.shape[:2] == CARD_SIZE[::-1]
    assert iou(region.bbox, tuple(entry["contains"][0]["bbox"])) > 0.8
    assert not card_upside_down(region.image)


def test_card_turned_180_and_90_comes_back_upright() -> None:
    img, _, _ = PHOTOS[0]
    for turn in (cv2.ROTATE_180, cv2.ROTATE_90_CLOCKWISE):
        region = find_regions(cv2.rotate(img, turn))[0]
        assert region.kind == "card"
        assert not card_upside_down(region.image)
        upright = find_regions(img)[0].image
        assert np.abs(region.image.astype(int) - upright.astype(int)).mean() < 40


def test_to_page_maps_card_corners_inside_its_bbox() -> None:
    region = find_regions(PHOTOS[0][0])[0]
    x, y, w, h = region.to_page((0, 0, *CARD_SIZE))
    bx, by, bw, bh = region.bbox
    assert abs(x - bx) <= 3 and abs(y - by) <= 3 and abs(w - bw) <= 4 and abs(h - bh) <= 4


def test_blank_page_is_one_page_region() -> None:
    page = np.full((1400, 1000, 3), 250, np.uint8)
    regions = find_regions(page)
    assert [r.kind for r in regions] == ["page"]
    assert regions[0].bbox == (0, 0, 1000, 1400)


def test_quality_flags_dark_and_blurred() -> None:
    img, *_ = PHOTOS[0] if PHOTOS else (np.full((638, 1012, 3), 200, np.uint8),)
    dark = cv2.GaussianBlur((img * 0.25).astype(np.uint8), (21, 21), 0)
    flags = {f for r in find_regions(dark) for f in r.quality}
    assert {"dark", "blurred"} <= flags


def test_clean_card_whitens_background() -> None:
    card = np.full((638, 1012, 3), (235, 215, 190), np.uint8)
    cv2.putText(card, "NAMA", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 2, (20, 20, 20), 4)
    clean = clean_card(card)
    assert clean[50, 50] > 240 and clean[290, 130] < 80


def _sheets() -> list[tuple[np.ndarray, dict]]:
    return [(img, entry) for img, entry, _ in find("sheet", "ktp", limit=4)]


@pytest.mark.parametrize("angle", [-3.0, 3.0])
def test_edgeless_card_on_a_tilted_sheet_is_found(angle: float) -> None:
    """The NPWP card photocopied white on white shows no edge: it is found from its text,
    tilted with the sheet, and cut out whole."""
    for img, entry in _sheets():
        h, w = img.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        tilted = cv2.warpAffine(img, m, (w, h), borderValue=(247, 247, 247))
        regions = find_regions(tilted)
        assert [r.kind for r in regions] == ["card", "card"]
        for doc in entry["contains"]:
            x, y, bw, bh = doc["bbox"]
            corners = np.float32([[x, y], [x + bw, y], [x + bw, y + bh], [x, y + bh]])
            moved = cv2.transform(corners[None], m)[0]
            x0, y0 = moved.min(axis=0)
            x1, y1 = moved.max(axis=0)
            truth = (int(x0), int(y0), int(x1 - x0), int(y1 - y0))
            assert max(iou(r.bbox, truth) for r in regions) > 0.8, doc["doc_type"]


def test_photo_box_is_found_on_ktp_cards_only() -> None:
    for img, entry, _ in find("card", "ktp", limit=6):
        card = find_regions(img)[0].image
        box = photo_box(card)
        assert box is not None, entry["degradation"]
        x, y, w, h = box  # printed at (772, 150, 190 × 250) on the 1011 × 638 card
        assert abs(x - 772) < 40 and abs(y - 150) < 40, box
        assert abs(w - 190) < 30 and abs(h - 250) < 40, box
    for img, entry, _ in find("card", "npwp", limit=6):
        assert photo_box(find_regions(img)[0].image) is None, entry["degradation"]


def test_card_filling_the_image_is_taken_whole() -> None:
    """A scan cut to the card (flat, low resolution): edges meeting the image border must not
    make a false, smaller quad."""
    for img, entry, _ in find("card", "ktp", "lowres", limit=3):
        h, w = img.shape[:2]
        regions = find_regions(img)
        assert len(regions) == 1
        assert iou(regions[0].bbox, (0, 0, w, h)) > 0.95, entry
    # the false quad once found on such a card (506 × 319): the Canny edges of its top and
    # sides, open at the bottom where the card meets the image border
    grey = np.zeros((319, 506), np.uint8)
    assert _fills_card_image(grey, np.float32([[505, 8], [505, 280], [0, 210], [8, 0]]))
    assert not _fills_card_image(grey, np.float32([[60, 40], [440, 40], [440, 280], [60, 280]]))


def test_region_turned_maps_boxes_back_to_the_same_page_pixels() -> None:
    region = find_regions(PHOTOS[0][0])[0]
    turned = region.turned()
    h, w = region.image.shape[:2]
    box = (100, 50, 200, 40)
    flipped = (w - 1 - (100 + 200), h - 1 - (50 + 40), 200, 40)
    a, b = region.to_page(box), turned.to_page(flipped)
    assert all(abs(p - q) <= 3 for p, q in zip(a, b, strict=True)), (a, b)


def test_a_card_photographed_at_an_angle_is_found(tmp_path: Path) -> None:
    """A phone photo that foreshortens the card to a 1.40 aspect (ID-1 is 1.585): still a card."""
    folder = generate_case(tmp_path, 99, 229)  # a KTP photographed tilted away from the camera
    regions = find_regions(cv2.imread(str(folder / "ktp.jpg")))
    assert [r.kind for r in regions] == ["card"]


_TURNS = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180,
          270: cv2.ROTATE_90_CLOCKWISE}


def _hard_photo(turn: int) -> tuple[np.ndarray, np.ndarray]:
    """A KTP photographed steeply on a light, mottled desk (``photo(hard=True)``), the whole
    photo turned by ``turn`` degrees; the image and the card's true corners (TL, TR, BR, BL)."""
    import random

    from samples.cards import render_ktp
    from samples.degrade import photo
    from samples.truth import build_case

    rng = random.Random("hard-photo:0")
    img, _ = render_ktp(build_case(31, 700, defect_rate=0.0)["documents"]["ktp"]["fields"], rng)
    out, m = photo(img, rng, hard=True)
    arr = cv2.cvtColor(np.asarray(out), cv2.COLOR_RGB2BGR)
    w, h = img.size
    corners = cv2.perspectiveTransform(np.float32([[[0, 0], [w, 0], [w, h], [0, h]]]), m)[0]
    height, width = arr.shape[:2]
    turned = {0: lambda x, y: (x, y), 90: lambda x, y: (y, width - 1 - x),
              180: lambda x, y: (width - 1 - x, height - 1 - y),
              270: lambda x, y: (height - 1 - y, x)}[turn]
    if turn:
        arr = cv2.rotate(arr, _TURNS[turn])
    return arr, np.float32([turned(x, y) for x, y in corners])


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_a_steep_photo_on_a_light_desk_gives_the_card_upright(turn: int) -> None:
    """The desk's bright patches join the card in a global threshold and the fitted polygon cuts
    its rounded corners: the card is still found (holes filled, bridges opened, sides refitted),
    its corners within 5 % of the true ones, upright whichever way the photo was turned."""
    image, truth = _hard_photo(turn)
    cards = [r for r in find_regions(image) if r.kind == "card"]
    assert len(cards) == 1
    w, h = CARD_SIZE
    got = cv2.perspectiveTransform(
        np.float32([[[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]]), cards[0].homography)[0]
    err = np.linalg.norm(got - truth, axis=1).max() / np.linalg.norm(truth[0] - truth[2])
    assert err < 0.05, err


@pytest.mark.parametrize("turn", [None, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE])
def test_a_framed_page_is_turned_by_its_text_not_its_frame(turn: int | None) -> None:
    """A certificate with a printed double frame: the frame's long sides are no text lines (a
    portrait page read best turned sideways before)."""
    page = cv2.imread(str(Path(__file__).parent / "fixtures" / "permit_numbered_scan.jpg"))
    h, w = page.shape[:2]
    m = w // 20
    cv2.rectangle(page, (m, m), (w - m, h - m), (0, 0, 0), 8)
    cv2.rectangle(page, (m + 20, m + 20), (w - m - 20, h - m - 20), (0, 0, 0), 3)
    plain = _page_angle(page)
    assert abs(plain) <= 6  # level within the scan's skew
    if turn is not None:
        assert abs(abs(_page_angle(cv2.rotate(page, turn))) - 90) <= 6  # turned back


def _short_indented_lines() -> np.ndarray:
    """A decree's page of numbered fields: short lines, every other one indented, all in the
    page's left half (1654 × 2339, 200 dpi)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
                              30)
    words = ["Nama", "Lengkap", "Pemohon", "JL.", "SOEKARNO", "NO.", "155", ": WNI", "Luas",
             "m2", "Bangunan"]
    img = Image.new("L", (1654, 2339), 255)
    draw, y = ImageDraw.Draw(img), 300
    for i in range(22):
        text = " ".join(words[(i * 3 + j) % len(words)] for j in range(1 + i % 4))
        draw.text((230 + (70 if i % 2 else 0), y), text, font=font, fill=0)
        y += (55, 80, 90)[i % 3]
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_GRAY2BGR)


@pytest.mark.parametrize("turn", [None, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE])
def test_a_page_of_short_lines_in_its_left_half_is_not_turned_sideways(turn: int | None) -> None:
    """Short, indented lines in the left half make the page's columns differ as much as its
    rows: the way round is told by the gaps between lines (such a scanned IMB read as no
    document, turned sideways)."""
    page = _short_indented_lines()
    if turn is None:
        assert abs(_page_angle(page)) <= 1
    else:
        assert abs(abs(_page_angle(cv2.rotate(page, turn))) - 90) <= 1


def test_a_grey_page_is_no_photocopy_but_a_grey_card_is() -> None:
    """Permits are printed black on white: their grey scan is no photocopy (the desk told the
    clerk "fotokopi — bila bisa, pindai dokumen aslinya" for every permit scanned in grey);
    a card printed in colour that comes without colour is one."""
    page = _short_indented_lines()
    (region,) = find_regions(page)
    assert region.kind == "page" and "photocopy" not in region.quality
    card, _, _ = PHOTOS[0]
    grey = cv2.cvtColor(cv2.cvtColor(card, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    assert any("photocopy" in r.quality for r in find_regions(grey) if r.kind == "card")

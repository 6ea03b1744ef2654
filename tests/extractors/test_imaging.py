"""Tests of card/page finding, orientation and quality flags."""

from __future__ import annotations

import cv2
import numpy as np

from extractors.imaging import CARD_SIZE, card_upside_down, clean_card, find_regions
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

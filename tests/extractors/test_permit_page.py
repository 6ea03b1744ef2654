"""A photographed sheet: found, cut out flat and upright, evenly lit; a scan is left whole."""

from __future__ import annotations

import random

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from extractors.permit_page import A4_ASPECT, even_light, find_sheet, page_region
from samples.degrade import photo

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _sheet() -> Image.Image:
    """An A4 page at 100 dpi: a title and lines of text across the page."""
    img = Image.new("RGB", (827, 1169), "white")
    d = ImageDraw.Draw(img)
    d.text((150, 80), "PERSETUJUAN BANGUNAN GEDUNG", font=ImageFont.truetype(FONT, 30),
           fill="black")
    font = ImageFont.truetype(FONT, 17)
    for i in range(22):
        d.text((70, 160 + 40 * i), f"Baris {i + 1} : bangunan gedung di atas tanah dengan data "
                                   "sebagai berikut", font=font, fill="black")
    return img


def test_a_photographed_sheet_is_cut_out_upright_and_evenly_lit() -> None:
    shot, _ = photo(_sheet(), random.Random(3))
    region = find_sheet(cv2.cvtColor(np.asarray(shot), cv2.COLOR_RGB2BGR))
    assert region is not None and region.kind == "page"
    h, w = region.image.shape[:2]
    assert abs(h / w - A4_ASPECT) < 0.12
    grey = cv2.cvtColor(region.image, cv2.COLOR_BGR2GRAY)
    quarters = [np.median(q) for half in np.array_split(grey, 2, axis=0)
                for q in np.array_split(half, 2, axis=1)]
    assert max(quarters) - min(quarters) < 12  # no light fall-off left across the sheet


def test_a_scan_filling_the_frame_is_read_whole() -> None:
    page = cv2.cvtColor(np.asarray(_sheet()), cv2.COLOR_RGB2BGR)
    assert find_sheet(page) is None
    assert page_region(page).bbox == (0, 0, page.shape[1], page.shape[0])


def test_even_light_flattens_a_shadow_and_keeps_the_ink() -> None:
    grey = np.full((400, 400), 230, np.uint8)
    grey[:, 200:] = 150  # half the sheet in shadow
    grey[100:110, 50:350] = 40  # a stroke across both halves
    flat = even_light(grey)
    assert abs(int(flat[50, 100]) - int(flat[50, 300])) < 15
    assert flat[105, 100] < 100 and flat[105, 300] < 100

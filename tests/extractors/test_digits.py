"""Tests of the NIK/NPWP digit reader on rendered lines and on a specimen crop."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from extractors.digits import FONTS, read_digits

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"


def render_line(text: str, font_path: str, size: int = 44) -> np.ndarray:
    """A BGR line of dark text on a light blue-ish background."""
    font = ImageFont.truetype(font_path, size)
    img = Image.new("RGB", (40 + int(size * 0.75 * len(text)), size + 30), (225, 235, 245))
    ImageDraw.Draw(img).text((20, 12), text, fill=(20, 20, 20), font=font)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def degrade(img: np.ndarray, seed: int, blur: bool, angle: float) -> np.ndarray:
    """Small rotation, blur and Gaussian noise."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    img = cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
    if blur:
        img = cv2.GaussianBlur(img, (3, 3), 0)
    noise = np.random.default_rng(seed).normal(0, 8, img.shape)
    return np.clip(img + noise, 0, 255).astype(np.uint8)


@settings(max_examples=15, deadline=None)
@given(st.text(alphabet="0123456789", min_size=16, max_size=16), st.sampled_from(FONTS),
       st.booleans(), st.floats(-1.0, 1.0), st.integers(0, 1000))
def test_reads_rendered_lines(digits: str, font: str, blur: bool, angle: float,
                              seed: int) -> None:
    img = degrade(render_line(digits, font), seed, blur, angle)
    read = read_digits(img, length=16)
    assert read.text == digits
    assert len(read.confidences) == 16 and all(0 < c <= 1 for c in read.confidences)


def test_ignores_npwp_separators() -> None:
    img = render_line("01.312.166.0-091.000", FONTS[2])
    assert read_digits(img).text == "013121660091000"


def test_boxes_in_image_coordinates_and_empty_input() -> None:
    img = render_line("6311064508850003", FONTS[0], size=22)
    read = read_digits(img, length=16)
    assert read.text == "6311064508850003"
    assert all(x >= 0 and x + w <= img.shape[1] for x, _y, w, _h in read.boxes)
    assert read_digits(np.zeros((0, 0, 3), np.uint8)).text == ""


def test_specimen_nik_crop() -> None:
    truth = json.loads((SPECIMENS / "case_001" / "truth.json").read_text())
    entry = next(f for f in truth["files"] if f["file"] == "ktp.jpg")
    x, y, w, h = entry["field_boxes"]["ktp"]["nik"]
    img = cv2.imread(str(SPECIMENS / "case_001" / "ktp.jpg"))
    crop = img[y - 8:y + h + 8, x - 8:x + w + 8]
    assert read_digits(crop, length=16).text == truth["documents"]["ktp"]["fields"]["nik"]

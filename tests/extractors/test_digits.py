"""Tests of the NIK/NPWP digit reader on rendered lines and on a specimen crop."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from core.models import DocType, Document, FieldRead
from extractors._cardread import SURE, read_number
from extractors._casenumbers import reconcile_numbers
from extractors.digits import CELL_MIN, FONTS, UNREADABLE, read_cells, read_digits
from validators.nik import read_plausible

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


@pytest.mark.parametrize("font", FONTS[1:])
@pytest.mark.parametrize("size", [22, 44])
def test_touching_glyphs_of_proportional_faces(font: str, size: int) -> None:
    # a ``4`` touching the next digit keeps its bar (not cut off as a ``-``: the stem left is
    # a ``1``), and a line of narrow ``1`` still splits its touching pairs
    for digits in ("4881416447440587", "6371181323677535", "1011080349752789"):
        read = read_digits(render_line(digits, font, size), length=16)
        assert read.text == digits, (font, size)
    line = "10.413.247.9-658.345"  # a ``-`` touching the next digit is still dropped
    assert read_digits(render_line(line, font, size)).text == "104132479658345"


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


def nik_line(digits: str, size: int = 42) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """A KTP-like NIK line (OCR-A, stroke 1) on a light background, and each glyph's x-span."""
    font = ImageFont.truetype(FONTS[0], size)
    width = 60 + int(sum(font.getlength(d) for d in digits))
    img = Image.new("RGB", (width, size + 36), (214, 230, 244))
    draw = ImageDraw.Draw(img)
    x, spans = 24.0, []
    for d in digits:
        draw.text((x, 14), d, fill=(10, 10, 20), font=font, stroke_width=1,
                  stroke_fill=(10, 10, 20))
        advance = font.getlength(d)
        spans.append((int(x), int(x + advance)))
        x += advance
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR), spans


@settings(max_examples=12, deadline=None)
@given(st.text(alphabet="0123456789", min_size=16, max_size=16), st.integers(0, 1000),
       st.booleans())
def test_cells_read_a_monospaced_nik(digits: str, seed: int, blur: bool) -> None:
    img, _ = nik_line(digits)
    read = read_cells(degrade(img, seed, blur, 0.0), 16)
    assert read is not None
    assert read.text == digits
    assert len(read.boxes) == 16 and all(c >= CELL_MIN for c in read.confidences)


@settings(max_examples=12, deadline=None)
@given(st.text(alphabet="0123456789", min_size=16, max_size=16),
       st.lists(st.integers(1, 14), min_size=2, max_size=2, unique=True))
def test_erased_glyphs_are_unreadable_never_guessed(digits: str, erased: list[int]) -> None:
    img, spans = nik_line(digits)
    for i in erased:  # the glyph wiped off (toner dropout, a worn card)
        x0, x1 = spans[i]
        img[:, x0 + 1:x1 - 1] = (214, 230, 244)
    read = read_cells(img, 16)
    assert read is not None
    for i, (got, want) in enumerate(zip(read.text, digits, strict=True)):
        if i in erased:
            assert got == UNREADABLE, (i, read.text)
            assert read.confidences[i] == 0.0
        else:
            assert got == want, (i, read.text)


def test_a_smudged_glyph_is_unreadable() -> None:
    digits = "6311064508850003"
    img, spans = nik_line(digits)
    x0, x1 = spans[5]
    cv2.rectangle(img, (x0, 8), (x1, img.shape[0] - 8), (30, 30, 30), -1)  # a blot of toner
    read = read_cells(img, 16)
    assert read is not None
    assert read.text[5] == UNREADABLE
    assert read.text[:5] + read.text[6:] == digits[:5] + digits[6:]


def test_read_number_shows_unreadable_glyphs_with_low_confidence() -> None:
    digits = "6311064508850003"
    img, spans = nik_line(digits)
    for i in (3, 11):
        img[:, spans[i][0] + 1:spans[i][1] - 1] = (214, 230, 244)
    h, w = img.shape[:2]
    value, _raw, conf, _box = read_number(img, (0, 0, w, h), 16, read_plausible,
                                          monospaced=True)
    assert value == "631?0645088?0003"
    assert conf < SURE
    # on the OCR-A line Tesseract's read never fills a glyph (it misreads that font)
    value, _raw, conf, _box = read_number(img, (0, 0, w, h), 16, read_plausible,
                                          "6311064508850003", monospaced=True)
    assert value == "631?0645088?0003" and conf < SURE
    # where it may (the NPWP card's Liberation Sans), only if it agrees with every readable
    # glyph, and still below SURE: the clerk confirms
    value, _raw, conf, _box = read_number(img, (0, 0, w, h), 16, read_plausible,
                                          "6311064508850003", monospaced=True, text_fills=6)
    assert value == digits and conf < SURE
    # Tesseract reads the last glyph 8, the digit reader and the second reader 3: the
    # majority's 3, and the number (two glyphs wiped off) stays below SURE
    value, _raw, conf, _box = read_number(img, (0, 0, w, h), 16, read_plausible,
                                          "6311064508850008", monospaced=True, text_fills=6)
    assert value == "631?0645088?0003" and conf < SURE


def test_a_clear_valid_nik_is_sure_and_an_invalid_one_is_not() -> None:
    # 6311069908850003: no 99th day; 6311944508850003: no kecamatan 94 in Balangan
    for digits, sure in (("6311064508850003", True), ("6311069908850003", False),
                         ("6311944508850003", False)):
        img, _ = nik_line(digits)
        h, w = img.shape[:2]
        value, _raw, conf, _box = read_number(img, (0, 0, w, h), 16, read_plausible,
                                              monospaced=True)
        assert value == digits
        assert (conf >= SURE) is sure


def _doc(kind: str, **reads: tuple[str, float]) -> Document:
    return Document(doc_type=DocType(kind), source=f"{kind}.jpg",
                    fields={k: FieldRead(value=v, raw=v, confidence=c)
                            for k, (v, c) in reads.items()})


def test_case_fills_unreadable_glyphs_only_from_agreeing_documents() -> None:
    nik = "6311064508850003"
    ktp = _doc("ktp", nik=("631106450885?003", 0.2))
    npwp = _doc("npwp", nik=(nik, 0.9), npwp=(nik, 0.95))
    out = reconcile_numbers([ktp, npwp])
    assert out[0].fields["nik"].value == nik
    assert out[0].fields["nik"].confidence < SURE  # the clerk confirms
    assert out[0].fields["nik"].raw == "631106450885?003"
    # documents that disagree on a readable glyph fill nothing
    other = _doc("npwp", nik=("6311064508850007", 0.9))
    assert reconcile_numbers([ktp, other])[0].fields["nik"].value == "631106450885?003"


def test_one_glyph_disagreement_is_resolved_only_when_one_read_is_clearly_better() -> None:
    ktp = _doc("ktp", nik=("6311064508850003", 0.95))
    weak = _doc("npwp", nik=("6311064508860003", 0.4))
    out = reconcile_numbers([ktp, weak])
    assert out[1].fields["nik"].value == "6311064508850003"
    assert out[1].fields["nik"].confidence < SURE and out[1].fields["nik"].raw.endswith("60003")
    # two sure reads that differ: both kept as read, both below SURE ("periksa NIK")
    sure = _doc("npwp", nik=("6311064508860003", 0.9))
    out = reconcile_numbers([ktp, sure])
    assert [d.fields["nik"].value for d in out] == ["6311064508850003", "6311064508860003"]
    assert all(d.fields["nik"].confidence < SURE for d in out)


def test_partial_reads_of_two_documents_are_pieced_together_when_they_never_disagree() -> None:
    ktp = _doc("ktp", nik=("7?11010805230?05", 0.2))
    npwp = _doc("npwp", nik=("72?10?0?05230905", 0.2))
    out = reconcile_numbers([ktp, npwp])
    assert [d.fields["nik"].value for d in out] == ["7211010805230905"] * 2
    assert all(0.3 < d.fields["nik"].confidence < SURE for d in out)
    clash = _doc("npwp", nik=("72?10?0?05230985", 0.2))  # a glyph read differently: no piecing
    assert reconcile_numbers([ktp, clash])[0].fields["nik"].value == "7?11010805230?05"


def faint_glyph(img: np.ndarray, span: tuple[int, int], level: int) -> np.ndarray:
    """``img`` with the glyph in ``span`` printed faint (its ink at grey ``level``: toner half
    gone on a copy) and a copier's white streak through it, slightly blurred."""
    img = img.copy()
    cell = img[:, span[0]:span[1]]
    cell[cell.max(axis=2) < 120] = (level, level, level + 10)
    middle = img.shape[0] // 2
    cell[middle - 1:middle + 2] = (214, 230, 244)
    return cv2.GaussianBlur(img, (3, 3), 0)


@pytest.mark.parametrize("i", [4, 8, 13])
def test_a_faint_glyph_a_person_reads_is_read_below_sure(i: int, monkeypatch) -> None:
    # a faint ``0`` with a white streak: Otsu and the darkest-ink mask lose it, the adaptive
    # and the faint-stroke masks read it alike with the cell 1 px either way: read, but below
    # sure unless another engine reads it the same (here none: the second reader is off)
    digits = "6311064508850003"
    img, spans = nik_line(digits)
    img = faint_glyph(img, spans[i], 140)
    read = read_cells(img, 16)
    assert read is not None and read.text == digits
    assert CELL_MIN <= read.confidences[i] < 0.5
    monkeypatch.setattr("extractors._cardread.read_line", lambda crop: None)
    h, w = img.shape[:2]
    value, _raw, conf, _box = read_number(img, (0, 0, w, h), 16, read_plausible,
                                          monospaced=True)
    assert value == digits and conf < SURE


def test_a_glyph_too_faint_to_read_stays_unreadable() -> None:
    digits = "6311064508850003"
    img, spans = nik_line(digits)
    read = read_cells(faint_glyph(img, spans[8], 205), 16)  # barely off the paper
    assert read is not None
    assert read.text == digits[:8] + UNREADABLE + digits[9:]

"""The second reader of the identity-number lines (PP-OCRv4 line recogniser) and how its read
is weighed against the digit reader's and Tesseract's, on generated number-line crops with the
real engines."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import second_reader
from extractors._cardread import SURE, read_number
from extractors.digits import FONTS, UNREADABLE, read_cells
from extractors.npwp import npwp_valid
from extractors.second_reader import LineRead, read_line, second_opinion
from tests.extractors.test_digits import nik_line, render_line
from validators.nik import read_plausible

NIK = "6311064508850003"
REPO = Path(__file__).resolve().parents[2]


def struck_over(digits: str, k: int, over: str) -> np.ndarray:
    """A NIK line with ``over`` printed over its ``k``-th glyph (a glyph two readers may read
    differently, as a blot or a worn stroke makes them)."""
    img, spans = nik_line(digits)
    pil = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    ImageDraw.Draw(pil).text((spans[k][0], 14), over, fill=(10, 10, 20),
                             font=ImageFont.truetype(FONTS[0], 42))
    return cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)


def whole(img: np.ndarray) -> tuple[int, int, int, int]:
    return (0, 0, img.shape[1], img.shape[0])


def test_reads_a_nik_and_an_npwp_line() -> None:
    img, _ = nik_line(NIK)
    assert read_line(img).text == NIK
    line = render_line("01.312.166.0-091.000", FONTS[2])  # separators are no glyphs
    assert read_line(line).text == "013121660091000"
    assert read_line(np.zeros((0, 0, 3), np.uint8)) is None


def test_both_readers_agreeing_make_a_number_sure() -> None:
    line = render_line("01.312.166.0-091.000", FONTS[2])
    # Tesseract read it alike but the digit reader alone was unsure before: now sure
    value, _raw, conf, _box = read_number(line, whole(line), (15, 16), npwp_valid,
                                          "01.312.166.0-091.000")
    assert value == "013121660091000" and conf >= SURE
    img, _ = nik_line(NIK)
    value, _raw, conf, _box = read_number(img, whole(img), 16, read_plausible, monospaced=True)
    assert value == NIK and conf >= SURE


@pytest.mark.parametrize(("k", "over"), [(2, "7"), (5, "8"), (9, "3"), (14, "6"), (15, "8")])
def test_a_disagreement_never_yields_a_sure_number_nor_a_digit_no_engine_read(
        k: int, over: str) -> None:
    img = struck_over(NIK, k, over)
    cells, second = read_cells(img, 16), read_line(img)
    assert cells is not None and second is not None
    value, _raw, conf, _box = read_number(img, whole(img), 16, read_plausible, monospaced=True)
    assert value is not None and len(value) == 16
    for i, got in enumerate(value):  # each glyph: one an engine read there, or ?
        read_there = {cells.text[i]} | ({second.text[i]} if len(second.text) == 16 else set())
        assert got == UNREADABLE or got in read_there, (i, value, cells.text, second.text)
    disagree = len(second.text) != 16 or any(
        a != b for a, b in zip(cells.text, second.text, strict=True))
    if disagree or UNREADABLE in value:
        assert conf < SURE, (value, cells.text, second.text)
    else:
        assert value == cells.text


def test_struck_over_glyphs_do_make_the_readers_disagree() -> None:
    # (the test above is only worth something if they do, on some of its lines)
    reads = [(read_cells(img, 16).text, read_line(img).text)
             for img in (struck_over(NIK, k, o) for k, o in [(2, "7"), (5, "8"), (14, "6")])]
    assert any(c != s for c, s in reads)


def test_wiped_glyphs_stay_unreadable() -> None:
    img, spans = nik_line(NIK)
    for i in (3, 11):
        img[:, spans[i][0] + 1:spans[i][1] - 1] = (214, 230, 244)
    value, _raw, conf, _box = read_number(img, whole(img), 16, read_plausible, monospaced=True)
    assert value is not None and value[3] == value[11] == UNREADABLE and conf < SURE


def lone(text: str) -> LineRead:
    return LineRead(text, tuple(1.0 for _ in text))


def test_the_vote_glyph_by_glyph() -> None:
    nik, valid = NIK, read_plausible
    # alike: sure; no second read: the first readers' number as it was
    assert second_opinion(nik, 0.7, nik, "", lone(nik), valid, (16,)) == (nik, 0.95)
    assert second_opinion(nik, 0.7, nik, "", None, valid, (16,)) == (nik, 0.7)
    # a glyph the second reader lost (a repeated 0 merged) or read as a letter: no opinion
    assert second_opinion(nik, 0.9, nik, "", lone(nik[:-2] + "3"), valid, (16,)) == (nik, 0.9)
    assert second_opinion(nik, 0.9, nik, "", lone(nik[:5] + "?" + nik[6:]), valid,
                          (16,)) == (nik, 0.9)
    # the digit reader and Tesseract read 3, the second reader 8: theirs, below sure
    other = nik[:-1] + "8"
    assert second_opinion(nik, 0.98, nik, nik, lone(other), valid, (16,)) == (nik, 0.7)
    # one against one on a serial digit (both pass the rules): the first readers' digit
    # stays, below sure (the clerk checks it against the card)
    value, conf = second_opinion(nik, 0.9, nik, "", lone(other), valid, (16,))
    assert value == nik and conf < SURE
    # ... and where the first readers had no digit, it stays unreadable
    hole = nik[:-1] + UNREADABLE
    tess = nik[:-1] + "5"
    value, conf = second_opinion(hole, 0.2, hole, tess, lone(other), valid, (16,))
    assert value == hole and conf < SURE
    # one against one where only one choice passes the rules (no kecamatan 63.11.96)
    assert not valid("6311964508850003")
    value, conf = second_opinion(nik, 0.9, nik, "", lone("6311964508850003"), valid, (16,))
    assert value == nik and conf < SURE
    # a glyph the first readers could not read: the second reader's, below sure; but not
    # when Tesseract read another digit there
    hole = nik[:7] + UNREADABLE + nik[8:]
    assert second_opinion(hole, 0.2, hole, "", lone(nik), valid, (16,)) == (nik, 0.7)
    tess = nik[:7] + "9" + nik[8:]
    assert second_opinion(hole, 0.2, hole, tess, lone(nik), valid, (16,))[0] == hole
    # the first readers found no number of the length: the second reader's, below sure
    assert second_opinion(None, 0.0, "", "", lone(nik), valid, (16,)) == (nik, 0.6)
    assert second_opinion(None, 0.0, "", "", lone(nik[:-1]), valid, (16,)) == (None, 0.0)


def test_an_engine_that_cannot_load_leaves_the_first_readers(monkeypatch, caplog) -> None:
    img, _ = nik_line(NIK)
    second_reader._load.cache_clear()
    try:
        for name in [m for m in sys.modules if m.startswith("rapidocr_onnxruntime")]:
            monkeypatch.setitem(sys.modules, name, None)  # as if it were not installed
        monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
        with caplog.at_level(logging.WARNING, logger="intake.second_reader"):
            assert read_line(img) is None
            assert read_line(img) is None
            value, _raw, conf, _box = read_number(img, whole(img), 16, read_plausible,
                                                  monospaced=True)
        assert value == NIK and conf >= SURE  # the digit reader alone, as before
        notes = [r for r in caplog.records if r.name == "intake.second_reader"]
        assert len(notes) == 1 and "unavailable" in notes[0].getMessage()
    finally:
        monkeypatch.undo()
        second_reader._load.cache_clear()
    assert second_reader.available()


def test_the_engine_loads_quietly() -> None:
    code = ("import numpy as np; from extractors.second_reader import read_line;"
            "r = read_line(np.full((40, 200, 3), 255, np.uint8)); assert r is not None")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(REPO),
                                                       "OMP_THREAD_LIMIT": "1",
                                                       "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""

"""Spaces Tesseract lost between two value words on a card are put back, letters untouched."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.models import BBox
from extractors._cardread import respace
from extractors.tesseract import Word

FONT = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"


def _printed(*texts: str, space: int = 5) -> tuple[np.ndarray, list[BBox]]:
    """Words printed at card size (capitals about 19 px), ``space`` px apart, on one line;
    their ink boxes."""
    font = ImageFont.truetype(FONT, 26)
    img = Image.new("L", (60 + sum(int(font.getlength(t)) + space for t in texts), 60), 255)
    draw, x, boxes = ImageDraw.Draw(img), 20, []
    for t in texts:
        draw.text((x, 18), t, font=font, fill=0)
        left, top, r, b = draw.textbbox((x, 18), t, font=font)
        boxes.append((left, top, r - left, b - top))
        x += int(font.getlength(t)) + space
    return np.asarray(img), boxes


def _glued(boxes: list[BBox]) -> BBox:
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def test_two_words_read_as_one_are_split_where_the_print_has_its_space() -> None:
    image, boxes = _printed("LILI", "YUNIAR")
    got = respace(image, [Word("LILIYUNIAR", 0.75, _glued(boxes), (1, 1, 1))])
    assert [w.text for w in got] == ["LILI", "YUNIAR"]
    assert all(w.conf == 0.75 and w.line == (1, 1, 1) for w in got)
    assert got[0].bbox[0] + got[0].bbox[2] <= got[1].bbox[0]  # left to right, apart
    assert abs(got[1].bbox[0] - boxes[1][0]) <= 4  # where the second word is printed


def test_one_long_word_and_other_letters_are_left_as_read() -> None:
    image, boxes = _printed("KURNIAWATI")
    word = Word("KURNIAWATI", 0.9, boxes[0], (1, 1, 1))
    assert respace(image, [word]) == [word]
    # a re-read of other letters is not taken: only spaces are ever added
    image, boxes = _printed("LILI", "YUNLAR")
    word = Word("LILIYUNIAR", 0.7, _glued(boxes), (1, 1, 1))
    assert respace(image, [word]) == [word]
    short = Word("JL.", 0.9, (0, 0, 10, 10), (1, 1, 1))
    assert respace(image, [short]) == [short]


def test_words_printed_whole_are_never_split(monkeypatch) -> None:
    from extractors import _cardread

    calls: list[list[np.ndarray]] = []
    real = _cardread.ocr_many
    monkeypatch.setattr(_cardread, "ocr_many", lambda images, **kw: calls.append(images) or
                        real(images, **kw))
    texts = ("KALIMANTAN", "SELATAN", "WIRASWASTA", "LAKI-LAKI", "KEWARGANEGARAAN", "PARINGIN")
    image, boxes = _printed(*texts)
    words = [Word(t, 0.9, b, (1, 1, 1)) for t, b in zip(texts, boxes, strict=True)]
    assert respace(image, words) == words and calls == []  # labels, values, places: no pass
    # a copy widened a letter gap: the re-read says PARI NGIN, the district stays whole
    image, boxes = _printed("PARI", "NGIN", "LILI", "YUNIAR", space=12)
    words = [Word("PARINGIN", 0.9, _glued(boxes[:2]), (1, 1, 1)),
             Word("LILIYUNIAR", 0.8, _glued(boxes[2:]), (1, 1, 1))]
    assert [w.text for w in respace(image, words)] == ["PARINGIN", "LILI", "YUNIAR"]
    assert len(calls) == 1  # one Tesseract run: the canvas, and the name alone binarised
    assert len(calls[0]) == 2

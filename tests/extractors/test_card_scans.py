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


def _read(path: Path, doc: str):
    return next(d for d in extract_file(path).documents if d.doc_type.value == doc)


def test_the_place_of_issue_wider_than_the_photo_is_read_whole() -> None:
    """The place of issue is centred under the photo and may be wider than it: the block
    pasted under the card for the card pass is grown left past the glyphs that cross the
    photo's edge (``KONAWE KEPULAUAN`` read ``1`` and ``(ONAWE``, seen scan seed 12 #5)."""
    import cv2

    from extractors._cardread import block_left

    clean = np.full((638, 1012), 255, np.uint8)
    cv2.putText(clean, "KONAWE KEPULAUAN", (700, 430), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    cv2.putText(clean, "PETANI", (270, 430), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    cv2.circle(clean, (640, 420), 1, 0, -1)  # a speck in the gap: no glyph
    left = block_left(clean, 779, 400, 560)
    assert 690 <= left <= 702  # the place's first glyph, not the text column's PETANI
    assert block_left(clean, 690, 400, 560) == 690  # nothing crosses: as it was


def test_a_speck_after_the_blood_group_is_no_sign_and_the_card_edge_no_row(
        tmp_path: Path) -> None:
    """Dust after ``O`` read as ``O-``: no mark of its own, so no sign; the place of issue
    cut at the photo's edge read whole (seen scan seed 12 #5)."""
    path, fields = _seen_scan(12, 5, "ktp", tmp_path)
    ktp = _read(path, "ktp")
    assert ktp.fields["golongan_darah"].value == fields["golongan_darah"] == "O"
    assert ktp.fields["tempat_terbit"].value == fields["tempat_terbit"]


def test_the_nik_row_behind_the_cards_edge_read_as_a_bar(tmp_path: Path) -> None:
    """The card's left edge (the lid's shadow) read as ``|`` before every row's label, and a
    hair through the RT/RW row making it the tallest: the NIK row is still the labelled one,
    the header the rows above it that hold letters (seen scan seed 13 #4: every field lost)."""
    from extractors._layout import rows_of
    from extractors.ktp_rows import nik_band
    from extractors.tesseract import Word

    def row(y: int, h: int, *texts: str) -> list[Word]:
        return [Word(t, 0.9, (10 + 120 * i, y, 100, h), (1, y, 1)) for i, t in enumerate(texts)]

    rows = rows_of(row(112, 31, "|", "KABUPATEN", "BALANGAN") + row(164, 33, "|", "E-NIK",
                   ":6311066103500925") + row(226, 19, "Tempat", "BALANGAN,", "21-03-1950")
                   + row(300, 39, "|", "RTIRW", "020/012"))
    assert nik_band(rows, 1012)[0] == 1
    path, fields = _seen_scan(13, 4, "ktp", tmp_path)
    ktp = _read(path, "ktp")
    for key in ("nik", "provinsi", "kabupaten_kota", "nama", "alamat", "rt_rw"):
        assert ktp.fields[key].value == fields[key], key


def test_a_rhesus_sign_read_as_the_other_is_told_by_its_mark(tmp_path: Path) -> None:
    """``B+`` read ``B-`` (0.13) on a scan: the mark after the letter is as tall as it is
    wide, a cross (seen scan seed 13 #3)."""
    path, fields = _seen_scan(13, 3, "ktp", tmp_path)
    assert _read(path, "ktp").fields["golongan_darah"].value == fields["golongan_darah"]


def test_a_wrapped_address_line_is_no_header(tmp_path: Path) -> None:
    """``KUANTAN SINGINGI`` under the number is a slip from the header's ``KEUANGAN``; the
    header is printed above the number, so the address keeps its wrapped end (seen scan
    seed 12 #3)."""
    from extractors.npwp_rows import card_rows
    from tests.extractors.cards_specimens import card_row

    words = (card_row(20, "KEMENTERIAN KEUANGAN") + card_row(80, "1409 0644 0692 2199")
             + card_row(140, "JL. SOEKARNO HATTA KABUPATEN") + card_row(180, "KUANTAN SINGINGI"))
    assert [r.words[0].text for r in card_rows(words)] == ["1409", "JL.", "KUANTAN"]
    path, fields = _seen_scan(12, 3, "npwp", tmp_path)
    assert _read(path, "npwp").fields["alamat"].value == fields["alamat"]


def test_rt_and_rw_both_read_a_letter_off_on_a_low_resolution_scan(tmp_path: Path) -> None:
    """A 150 dpi scan: ``RT 014 RW`` read ``AT`` and two words barely seen (0.1), re-read
    ``AT O14 AW``: the words put back in the gap as the card pass saw them there, the labels
    a letter off before their numbers mended (seen scan seed 12 #6)."""
    from extractors.normalize import repair_rt_rw

    assert repair_rt_rw("NO. 174 AT O14 AW 008") == "NO. 174 RT 014 RW 008"
    assert repair_rt_rw("JL X AT OOO AW 008") == "JL X AT OOO AW 008"  # no number: as read
    path, fields = _seen_scan(12, 6, "npwp", tmp_path)
    assert _read(path, "npwp").fields["alamat"].value == fields["alamat"]


def test_a_card_on_a_dark_edged_bed_read_as_no_page_is_read_whole(tmp_path: Path) -> None:
    """No outline found and the image (not of a card's proportions) read as an unknown page:
    a landscape image is then read as the card itself (seen scan seed 77 #5: no document)."""
    path, fields = _seen_scan(77, 5, "npwp", tmp_path)
    npwp = _read(path, "npwp")
    assert npwp.fields["npwp"].value == fields["npwp"]
    assert npwp.fields["nama"].value == fields["nama"]


def test_a_lost_last_glyph_of_the_address_is_taken_in_by_the_re_read(tmp_path: Path) -> None:
    """A hair across ``WONOKROMO`` and the ``4`` after ``NO.`` lost by the card pass: the weak
    row's re-read crop takes in the print that continues the row (seen scan seed 77 #4); a
    dot read for the space before ``RW`` is the space (seed 77 #2)."""
    from extractors.normalize import repair_rt_rw

    assert repair_rt_rw("PERMAI RT 007.RW 007 SIMPANG") == "PERMAI RT 007 RW 007 SIMPANG"
    path, fields = _seen_scan(77, 4, "ktp", tmp_path)
    assert _read(path, "ktp").fields["alamat"].value == fields["alamat"]


def test_a_colon_read_inside_the_address_is_not_the_value_column(tmp_path: Path) -> None:
    """``NO. 76`` read ``NO:76`` on a 150 dpi scan where the label colons were lost: that colon,
    after four words, is no label's, else the value column moves right past every value's
    first word (seen scan seed 4242 #2: nine fields lost)."""
    from extractors._layout import Row
    from extractors.ktp_rows import value_column
    from extractors.tesseract import Word

    def row(y: int, *cells: tuple[str, int]) -> Row:
        return Row([Word(t, 0.9, (x, y, 12 * len(t), 16), (1, y, 1)) for t, x in cells])

    rows = [row(176, ("Nama", 27), ("JAKA", 260), ("LAZUARDI", 323)),
            row(264, ("Alamat", 27), ("JL", 260), ("WONOAYU", 297), ("NO:76", 424)),
            row(409, ("Status", 28), ("Perkawinan:", 96), ("CERAI", 260))]
    assert value_column(rows) == 248
    path, fields = _seen_scan(4242, 2, "ktp", tmp_path)
    ktp = _read(path, "ktp")
    for key in ("nama", "alamat", "rt_rw", "kecamatan", "agama", "berlaku_hingga"):
        assert ktp.fields[key].value == fields[key], key

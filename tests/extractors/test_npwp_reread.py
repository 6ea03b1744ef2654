"""The NPWP reader mends what the whole-card pass lost or misread, by reading the line again:
a row it returned no word for, a word lost inside a row, a weak word, a date whose slashes were
lost. Real OCR on cards the samples generator draws; the first pass's words are altered the way
a copy alters them."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from PIL import Image

from extractors._cardread import card_words, fills
from extractors.imaging import find_regions
from extractors.npwp import extract_npwp
from extractors.tesseract import Word
from samples.npwp_card import render_npwp
from samples.truth import build_case


@pytest.fixture(scope="module")
def specimen() -> tuple:
    """(card region, its words from the card pass, the printed fields) of a drawn card."""
    fields = build_case(31, 11)["documents"]["npwp"]["fields"]
    card, _boxes = render_npwp(fields, random.Random("reread"), "old")
    page = Image.new("RGB", (card.width + 200, card.height + 200), (250, 250, 250))
    page.paste(card, (100, 100), card)
    region = find_regions(np.asarray(page)[:, :, ::-1].copy())[0]
    return region, card_words(region), fields


def _centre(w: Word) -> float:
    return w.bbox[1] + w.bbox[3] / 2


def test_the_drawn_card_reads_whole(specimen: tuple) -> None:
    region, words, fields = specimen
    got = extract_npwp(region, 1, words)
    assert got["nama"].value == fields["nama"]
    assert got["alamat"].value == fields["alamat"]


def test_a_row_the_card_pass_lost_is_read_on_its_own(specimen: tuple) -> None:
    region, words, fields = specimen
    name = next(w for w in words if w.text == fields["nama"].split()[0])
    kept = [w for w in words if abs(_centre(w) - _centre(name)) > name.bbox[3] / 2]
    got = extract_npwp(region, 1, kept)
    assert got["nama"].value == fields["nama"]


def test_a_word_lost_inside_a_row_is_put_back_in_its_gap(specimen: tuple) -> None:
    region, words, fields = specimen
    address = fields["alamat"].split()
    lost = next(w for w in words if w.text == address[2])  # a word inside the address's row
    got = extract_npwp(region, 1, [w for w in words if w is not lost])
    assert got["alamat"].value == fields["alamat"]


def test_a_weak_misread_word_is_read_again(specimen: tuple) -> None:
    region, words, fields = specimen
    last = fields["nama"].split()[-1]
    slipped = [Word(w.text[:-1] + "I" if w.text == last else w.text,
                    0.2 if w.text == last else w.conf, w.bbox, w.line) for w in words]
    got = extract_npwp(region, 1, slipped)
    assert got["nama"].value == fields["nama"]


def test_a_date_whose_slashes_were_lost_is_read_again(specimen: tuple) -> None:
    region, words, fields = specimen
    when = fields["tanggal_terdaftar"]
    date = next(w for w in words if re.fullmatch(r"\d\d[-/.]\d\d[-/.]\d{4}", w.text))
    slashless = [Word(re.sub(r"\D", "", w.text) if w is date else w.text, w.conf, w.bbox,
                      w.line) for w in words]
    assert extract_npwp(region, 1, slashless)["tanggal_terdaftar"].value == when


def _words(text: str, at: list[int]) -> list[Word]:
    return [Word(t, 0.9, (x, 300, 14 * len(t), 20), (1, 1, 1))
            for t, x in zip(text.split(), at, strict=True)]


@pytest.mark.parametrize(("again", "at", "ok"), [
    ("RT 002 RW 011 PANIMBAAN", [300, 340, 390, 440, 520], True),   # the lost word in the gap
    ("RT 002 RW 011 PANIMBAAN", [300, 340, 390, 600, 520], False),  # a new word, not in the gap
    ("RT 002 RW PANIM BAAN", [300, 340, 390, 520, 600], False),    # a word split, not the gap
    ("RT 002 RW", [300, 340, 390], False),                          # nothing new: no fill
])
def test_a_reread_fills_a_row_only_in_its_inked_gap(again: str, at: list[int], ok: bool
                                                     ) -> None:
    first = _words("RT 002 RW PANIMBAAN", [300, 340, 390, 520])
    assert fills(first, _words(again, at), [(420, 515)]) is ok


def test_an_rt_rw_number_misread_with_letters_is_read_by_the_digit_reader(specimen: tuple
                                                                          ) -> None:
    region, words, fields = specimen
    address = fields["alamat"].split()
    at = address.index("RW") + 1
    number = next(w for w in words if w.text == address[at])
    slipped = [Word("g" + w.text[1:], 0.73, w.bbox, w.line) if w is number else w
               for w in words]  # ``go2``: the digit repairs would make it ``602``
    assert extract_npwp(region, 1, slipped)["alamat"].value == fields["alamat"]


@pytest.mark.parametrize(("read", "address"), [
    ("JI. ASTANA ANYAR NO. 72", "JL. ASTANA ANYAR NO. 72"),  # Jalan's L read as I
    ("JL. ASTANA ANYAR", "JL. ASTANA ANYAR"),
    ("JIWA RT 002 RW 006", "JIWA RT 002 RW 006"),            # a word, not the abbreviation
])
def test_an_address_opening_with_jalan_misread(read: str, address: str) -> None:
    from extractors.normalize import street

    assert street(read) == address


def test_a_glyph_at_the_cards_right_edge_is_not_the_rows_last_word() -> None:
    from extractors.npwp_rows import card_rows

    row = [Word("BALANGAN", 0.92, (47, 300, 117, 26), (1, 1, 5)),
           Word("B", 0.72, (1003, 303, 3, 17), (1, 1, 5))]
    assert [w.text for w in card_rows(row)[0].words] == ["BALANGAN"]
    inside = [row[0], Word("B", 0.72, (600, 303, 12, 17), (1, 1, 5))]
    assert [w.text for w in card_rows(inside)[0].words] == ["BALANGAN", "B"]


@pytest.mark.parametrize(("text", "digits", "ok"), [
    ("go2", "002", True),    # Tesseract's digit where the reader reads it
    ("Ol1", "011", True),
    ("g02", "612", False),   # the reader reads another digit where Tesseract read one: no
    ("0904", "004", True),   # a glyph too many, the reader's three within it
    ("0904", "044", False),
])
def test_an_rt_rw_number_from_the_digit_reader_must_agree_with_tesseract(
        text: str, digits: str, ok: bool) -> None:
    from extractors.npwp import _agrees

    assert _agrees(text, digits) is ok

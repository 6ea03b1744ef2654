"""What a photocopy (1-bit above all) does to a card's dates and place names, and how the readers
mend it by what the card says: a birth date that is no date as read read again (or, one glyph
off the sure NIK, taken from it), a date of issue that cannot be read again, an unclear RT/RW
decided by most reads, a registration date whose separator was lost, an address's region name
split by a broken ``E`` or misread by a glyph. Real OCR on drawn cards; the first pass's words
altered the way a copy alters them."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractors._cardread import card_words
from extractors.imaging import find_regions
from extractors.ktp import _date_of_nik, extract_ktp
from extractors.ktp_values import Read
from extractors.npwp import _reread_date, extract_npwp, places_mended
from extractors.npwp_rows import card_rows
from extractors.tesseract import Word, ocr
from samples.cards import font, render_ktp
from samples.npwp_card import render_npwp
from samples.truth import build_case


def _region(card: Image.Image):
    page = Image.new("RGB", (card.width + 200, card.height + 200), (250, 250, 250))
    page.paste(card, (100, 100), card)
    return find_regions(np.asarray(page)[:, :, ::-1].copy())[0]


@pytest.fixture(scope="module")
def ktp() -> tuple:
    """(card region, its words from the card pass, the printed fields) of a drawn KTP."""
    fields = build_case(11, 7)["documents"]["ktp"]["fields"]
    card, _boxes = render_ktp(fields, random.Random("copies"))
    region = _region(card)
    return region, card_words(region), fields


def _printed(iso: str) -> str:
    return f"{iso[8:]}-{iso[5:7]}-{iso[:4]}"


def _with(words: list[Word], old: str, new: str) -> list[Word]:
    assert any(w.text.endswith(old) for w in words), (old, [w.text for w in words])
    return [Word(w.text.replace(old, new), w.conf, w.bbox, w.line) if w.text.endswith(old)
            else w for w in words]


def test_the_drawn_card_reads_its_birth_date(ktp: tuple) -> None:
    region, words, fields = ktp
    got = extract_ktp(region, 1, words)
    assert got["nik"].value == fields["nik"] and got["nik"].confidence >= 0.8
    assert got["tanggal_lahir"].value == fields["tanggal_lahir"]


def test_a_birth_date_that_is_no_date_as_read_is_read_again(ktp: tuple) -> None:
    """``07-94-2001``: no month 94 — the first read cannot be what the card prints."""
    region, words, fields = ktp
    printed = _printed(fields["tanggal_lahir"])
    slipped = printed[:3] + "9" + printed[4:]  # the month's first glyph misread
    got = extract_ktp(region, 1, _with(words, printed, slipped))
    assert got["tanggal_lahir"].value == fields["tanggal_lahir"]


def test_a_birth_date_the_card_prints_unlike_its_nik_stays_as_printed() -> None:
    """A card printing another date than its NIK (a defect to show) keeps the printed date."""
    fields = dict(build_case(11, 7)["documents"]["ktp"]["fields"])
    born = fields["tanggal_lahir"]
    other = f"{int(born[:4]) - 10}{born[4:]}"
    fields["tanggal_lahir"] = other
    region = _region(render_ktp(fields, random.Random("copies"))[0])
    got = extract_ktp(region, 1)
    assert got["tanggal_lahir"].value == other


@pytest.mark.parametrize(("raw", "nik", "value"), [
    ("07-94-2001", "6402054704010996", "2001-04-07"),   # a woman's NIK: day + 40
    ("29-02-1958", "6403126902680190", "1968-02-29"),   # no 29 February in 1958
    ("07-94-2001", None, None),                          # no sure NIK: nothing to go by
    ("07-99-2001", "6402054704010996", None),            # two glyphs off: not a slip
    ("07-04-2001", "6402054704010996", None),            # a date as read: not for this rule
])
def test_a_birth_date_no_date_as_read_is_the_sure_niks_one_glyph_off(
        raw: str, nik: str | None, value: str | None) -> None:
    first = Read(None, raw, 0.85, None)
    got = _date_of_nik(first, nik)
    assert got.value == value
    assert got.conf == (0.8 * 0.85 if value else 0.85)


def test_a_registration_date_whose_dash_was_lost_is_read_again() -> None:
    """A 1-bit copy loses the thin dash before the year (``23-08 2007``); the first pass reads
    the date's words as ``23:08 2007`` — the re-read's day, month and year are the date."""
    img = Image.new("L", (1012, 120), 250)
    draw = ImageDraw.Draw(img)
    draw.text((560, 40), "Terdaftar", fill=20, font=font("regular", 21))
    draw.text((660, 40), "23-08 2007", fill=20, font=font("regular", 21))
    card = cv2.cvtColor(np.asarray(img), cv2.COLOR_GRAY2BGR)
    words = [Word(w.text.replace("-", ":"), w.conf, w.bbox, w.line)
             for w in ocr(card, psm=6).words]
    assert [w.text for w in words] == ["Terdaftar", "23:08", "2007"]
    _again, value, _rest = _reread_date(card, card_rows(words))
    assert value == "2007-08-23"


@pytest.mark.parametrize(("address", "joined"), [
    ("JL. LEMBONG NO. 133 RT 011 RW 002 AMPEN ME DANG BATU PUTIH KABUPATEN BE RAU",
     "JL. LEMBONG NO. 133 RT 011 RW 002 AMPEN MEDANG BATU PUTIH KABUPATEN BERAU"),
    ("JL. ME DOKAN AYU NO. 2 SWENTAB KE MTUK GRESI KABUPATEN JAYAPURA",  # a street: kept
     "JL. ME DOKAN AYU NO. 2 SWENTAB KEMTUK GRESI KABUPATEN JAYAPURA"),
    ("JL. MERDEKA NO. 5 BATU PUTIH KABUPATEN BERAU",  # two words of the names: kept
     "JL. MERDEKA NO. 5 BATU PUTIH KABUPATEN BERAU"),
    ("JL. MERDEKA NO. 5 ME DANG",  # no regency to go by
     "JL. MERDEKA NO. 5 ME DANG"),
    ("JL. RONGGOWARSITO NO. 7 RT 012 RW 007 SIMPANG BUMBUAN TEBING TINGSI KABUPATEN BALANGAN",
     "JL. RONGGOWARSITO NO. 7 RT 012 RW 007 SIMPANG BUMBUAN TEBING TINGGI KABUPATEN BALANGAN"),
    ("JL. A. YANI NO. 156 RT 003 RW 006 KETANG 1 LAK KABUPATEN MANGGARAI",
     "JL. A. YANI NO. 156 RT 003 RW 006 KETANG LELAK KABUPATEN MANGGARAI"),
    ("JL. AHMAD YANI NO. 156 RT 003 RW 006 KETANG II LAK KABUPATEN MANGGARAI",  # 1-bit copy
     "JL. AHMAD YANI NO. 156 RT 003 RW 006 KETANG LELAK KABUPATEN MANGGARAI"),
    ("JL. A. YANI NO. 156 RT 003 RW 006 PASAR BARU KABUPATEN MANGGARAI",  # no such village
     "JL. A. YANI NO. 156 RT 003 RW 006 PASAR BARU KABUPATEN MANGGARAI"),
])
def test_a_region_name_split_by_a_copy_is_joined(address: str, joined: str) -> None:
    assert places_mended(address) == joined


def test_an_npwp_address_region_name_split_by_a_copy_is_joined() -> None:
    """The regency's name read as two words (``BE RAU``: a 1-bit copy broke the ``E``'s
    bars) is one word again: the address as printed."""
    fields = build_case(31, 11)["documents"]["npwp"]["fields"]
    card, _boxes = render_npwp(fields, random.Random("reread"), "old")
    region = _region(card)
    words = card_words(region)
    last = fields["alamat"].split()[-1]
    assert len(last) >= 5, fields["alamat"]
    split = []
    for w in words:
        if w.text == last:
            x, y, bw, bh = w.bbox
            cut = bw * 2 // len(last)
            split += [Word(last[:2], w.conf, (x, y, cut, bh), w.line),
                      Word(last[2:], w.conf, (x + cut + 4, y, bw - cut - 4, bh), w.line)]
        else:
            split.append(w)
    assert extract_npwp(region, 1, words)["alamat"].value == fields["alamat"]
    assert extract_npwp(region, 1, split)["alamat"].value == fields["alamat"]


def test_an_npwp_address_village_misread_by_a_glyph_is_the_regencys_village() -> None:
    """The village after the RW number read a glyph off (``MFNDAWAI``: a copy's broken
    ``E``) is the regency's village and kecamatan it is a slip from."""
    fields = build_case(31, 11)["documents"]["npwp"]["fields"]
    region = _region(render_npwp(fields, random.Random("reread"), "old")[0])
    words = card_words(region)
    village = fields["alamat"].split("RW ")[1].split()[1]
    slipped = _with(words, village, village[0] + "F" + village[2:])
    assert extract_npwp(region, 1, slipped)["alamat"].value == fields["alamat"]


def test_a_date_of_issue_that_cannot_be_is_read_again(ktp: tuple) -> None:
    """``08-04-9015``: a year after today — a copy's ``2`` read as ``9``; the date read again
    on its own crop is the printed one."""
    region, words, fields = ktp
    printed = _printed(fields["tanggal_terbit"])
    slipped = printed[:6] + "9" + printed[7:]
    got = extract_ktp(region, 1, _with(words, printed, slipped))
    assert got["tanggal_terbit"].value == fields["tanggal_terbit"]


def test_an_unclear_rt_rw_is_the_one_most_reads_agree_on(
        ktp: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    """The card pass read the slash as ``1`` (unclear) and the digits-only re-read slipped a
    glyph (``007/006``, as on a 1-bit copy): the line read again at several sizes, most reads
    say what the card prints — the slipped re-read is not taken for being clear."""
    import extractors.ktp as reader

    region, words, fields = ktp
    printed = fields["rt_rw"]
    slipped = printed[:-1] + ("6" if printed[-1] != "6" else "5")
    first = _with(words, printed, printed.replace("/", "1"))
    row = next(w for w in first if w.text == printed.replace("/", "1"))
    monkeypatch.setattr(reader, "_reread_rt_rw",
                        lambda card, ws: [Word(slipped, 0.0, row.bbox, row.line)])
    got = extract_ktp(region, 1, first)
    assert got["rt_rw"].value == printed
    assert got["rt_rw"].confidence < 0.95


def test_an_rt_rw_read_in_its_shape_but_unsure_is_put_to_the_vote(ktp: tuple) -> None:
    """The card pass read RT/RW in its shape with a glyph wrong and unsure (``023/909`` at
    0.54 on a forwarded photo): below :data:`~extractors.ktp.CLEAR_RT_RW` it is read again
    and voted on, and the reads say what the card prints; the same slip read sure stands."""
    from extractors.ktp import CLEAR_RT_RW

    region, words, fields = ktp
    printed = fields["rt_rw"]
    slipped = printed[:-2] + ("9" if printed[-2] != "9" else "8") + printed[-1]

    line = next(w.line for w in words if w.text.endswith(printed))

    def unsure(conf: float) -> list[Word]:  # the row's value words (its colon too) so read
        return [Word(w.text, conf, w.bbox, w.line) if w.line == line and "RT" not in w.text
                else w for w in _with(words, printed, slipped)]

    got = extract_ktp(region, 1, unsure(CLEAR_RT_RW - 0.1))
    assert got["rt_rw"].value == printed
    assert extract_ktp(region, 1, unsure(0.9))["rt_rw"].value == slipped


@pytest.mark.parametrize(("raw", "readings"), [
    ("005/005", {"005/005"}),
    ("022005", {"022/005"}),               # the slash lost
    ("0021006", {"002/006"}),              # the slash read as 1
    ("1019010", {"019/010"}),              # the colon read as 1
    ("1001010", {"001/010", "100/010"}),   # either: both readings vote
    ("1022/005", {"022/005"}),
    ("0095/0905", set()),                  # a glyph too many in each group
    ("Diong", set()),
])
def test_rt_rw_readings_of_an_unclear_read(raw: str, readings: set[str]) -> None:
    from extractors.ktp_rows import rt_rw_readings

    assert rt_rw_readings(raw) == readings

"""The NPWP card reader by content: rows found by what they say, on OCR words built in the test
(no Tesseract), and the NIK line that cannot be read (real OCR on a generated card)."""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from extractors.imaging import find_regions
from extractors.npwp import _number, _read, card_rows, extract_npwp
from extractors.tesseract import Word
from samples.npwp_card import render_npwp
from samples.truth import build_case
from tests.extractors.cards_specimens import card_row as _row

BLANK = np.full((638, 1012, 3), 255, np.uint8)




def _values(*rows: list[Word]) -> dict:
    return {k: v[0] for k, v in _read(BLANK, card_rows([w for r in rows for w in r]),
                                      1012).items()}


def test_an_address_word_like_a_kpp_kind_is_not_the_kpp() -> None:
    got = _values(_row(160, "6311 0212 0959 2899"), _row(230, "SIDIQ HUTAPEA"),
                  _row(280, "DUSUN SIREGAR RT 024 RW 003 MAUYA HALONG KABUPATEN BALANGAN"),
                  _row(470, "KPP PRATAMA BARABAI", "Tgl Terdaftar : 29/03/2008"))
    assert got["kpp"] == "KPP PRATAMA BARABAI"
    assert got["alamat"] == "DUSUN SIREGAR RT 024 RW 003 MAUYA HALONG KABUPATEN BALANGAN"
    assert got["tanggal_terdaftar"] == "2008-03-29"


def test_a_name_like_a_kpp_kind_is_the_name() -> None:
    got = _values(_row(160, "09.310.315.2-740.000"), _row(230, "WARJI NABABAN"),
                  _row(280, "JL. MELATI NO. 8 RT 024 RW 008"), _row(320, "KABUPATEN LAMPUNG"),
                  _row(470, "KPP PRATAMA KOTABUMI", "Tanggal Terdaftar 11/07/2019"))
    assert got["nama"] == "WARJI NABABAN"
    assert got["kpp"] == "KPP PRATAMA KOTABUMI"
    assert got["alamat"] == "JL. MELATI NO. 8 RT 024 RW 008 KABUPATEN LAMPUNG"


def test_kpp_read_twice_and_kinds_of_several_words() -> None:
    got = _values(_row(160, "NPWP : 01.312.166.0-091.000"), _row(230, "PT MAJU JAYA"),
                  _row(280, "JL. GATOT SUBROTO NO. 1"),
                  _row(470, "KPP PP WAJIB PAJAK BESAR SATU", "Terdaftar : 5 Mei 2013"))
    assert got["kpp"] == "KPP WAJIB PAJAK BESAR SATU"
    assert got["tanggal_terdaftar"] == "2013-05-05"


def test_nik_line_with_its_label_unread_stays_out_of_the_address() -> None:
    got = _values(_row(160, "NPWP: 08.353.911.4-729.000"), _row(230, "TIRTAYASA SIHOMBING"),
                  _row(280, "IIK 6311030707021840"),
                  _row(330, "JL. SURYAKENCANA NO: 113 RT 017 RW 007"), _row(370, "1"),
                  _row(470, "KPP PRATAMA BALANGAN"), _row(530, "Tanggal Terdaftar : 17/02/2021"))
    assert "nik" in got  # read on its band (blank here: nothing), never taken as the address
    assert got["alamat"] == "JL. SURYAKENCANA NO. 113 RT 017 RW 007"
    assert got["nama"] == "TIRTAYASA SIHOMBING"


def test_number_under_its_label_and_the_date_beside_it() -> None:
    got = _values(_row(146, "NPWP16", "Terdaftar : 26 Februari 2021"),
                  _row(176, "6311 0262 0764 0540"), _row(240, "MALIKA NASYIDAH"),
                  _row(290, "JL. YOS SUDARSO NO. 59 RT 024 RW 011"),
                  _row(500, "KPP PRATAMA BARABAI"))
    assert got["nama"] == "MALIKA NASYIDAH"
    assert got["alamat"] == "JL. YOS SUDARSO NO. 59 RT 024 RW 011"
    assert got["tanggal_terdaftar"] == "2021-02-26"
    assert got["kpp"] == "KPP PRATAMA BARABAI"


def _shifted(row: list[Word], dx: int) -> list[Word]:
    return [Word(w.text, w.conf, (w.bbox[0] + dx, *w.bbox[1:]), w.line) for w in row]


def test_specks_at_the_card_edge_are_not_the_address() -> None:
    edge = [Word("4", 0.71, (2, 290, 9, 30), (1, 1, 290))]
    junk = [Word("3", 0.3, (2, 374, 17, 21), (1, 1, 374)),
            Word("Maa", 0.16, (962, 353, 49, 27), (1, 1, 374))]
    got = _values(_row(160, "6311 0212 0959 2899"), _row(230, "SIDIQ HUTAPEA"),
                  edge + _shifted(_row(290, "DUSUN SIREGAR RT 024 RW 003"), 60),
                  _row(330, "MAUYA HALONG KABUPATEN BALANGAN"), junk,
                  _row(450, "KPP PRATAMA BARABAI"))
    assert got["alamat"] == "DUSUN SIREGAR RT 024 RW 003 MAUYA HALONG KABUPATEN BALANGAN"
    assert got["kpp"] == "KPP PRATAMA BARABAI"


def test_a_number_with_a_glyph_read_as_two_is_still_the_number_row() -> None:
    rows = card_rows([w for r in (_row(171, "6311 0829 028384 1632"), _row(237, "ROSMAN WASKITA"),
                                  _row(289, "JL. MONGINSIDI NO. 55")) for w in r])
    got = _read(BLANK, rows, 1012)
    assert "npwp" in got  # read on its band (blank here), not skipped as no number
    assert got["nama"][0] == "ROSMAN WASKITA"
    assert got["alamat"][0] == "JL. MONGINSIDI NO. 55"


def test_an_erased_nik_glyph_is_unreadable_never_guessed() -> None:
    fields = build_case(31, 7)["documents"]["npwp"]["fields"]
    card, boxes = render_npwp(fields, random.Random("erase"), "landscape")
    page = Image.new("RGB", (card.width + 200, card.height + 200), (250, 250, 250))
    page.paste(card, (100, 100), card)
    img = np.asarray(page)[:, :, ::-1].copy()
    x, y, w, h = boxes["nik"]
    x, y, pitch = x + 100, y + 100, w / 16
    img[y - 2:y + h + 2, int(x + 5 * pitch) + 1:int(x + 6 * pitch)] = img[y - 8, x - 8]
    nik = extract_npwp(find_regions(img)[0], page=1)["nik"]
    want = str(fields["nik"])
    assert nik.value is None or nik.confidence < 0.8
    if nik.value:
        assert len(nik.value) == 16
        assert all(a in (b, "?") for a, b in zip(nik.value, want, strict=True))


def test_a_glyph_too_many_in_tesseracts_read_is_not_taken_at_its_length() -> None:
    card = Image.new("RGB", (1012, 638), "white")
    draw = ImageDraw.Draw(card)
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", 42)
    x0, y0, x1, y1 = draw.textbbox((40, 160), "08.688.974.8-730.000", font=font)
    draw.text((40, 160), "08.688.974.8-730.000", font=font, fill="black")
    misread = [Word("083.688.974.8-730.000", 0.3, (x0, y0, x1 - x0, y1 - y0), (1, 1, 1))]
    value, _raw, conf, _box = _number(np.asarray(card)[:, :, ::-1].copy(), misread, [],
                                      nik=False)
    assert value is not None and len(value) == 15
    assert all(a in (b, "?") for a, b in zip(value, "086889748730000", strict=True))
    assert conf >= 0.8 or "?" in value or value == "086889748730000"

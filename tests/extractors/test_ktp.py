"""KTP field extraction on committed specimens (real Tesseract), compared with truth.json."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np
import pytest

from core.models import CANONICAL_FIELDS, DocType
from extractors import ktp_rows, ktp_values
from extractors._layout import Row
from extractors.imaging import find_regions
from extractors.ktp import _reread_blood, _sign_after, extract_ktp
from extractors.tesseract import Word
from tests.extractors.cards_specimens import find, iou

CASES = find("card", "ktp", "scan") + find("card", "ktp", "photo")


@pytest.mark.parametrize("case", range(len(CASES)))
def test_fields_match_truth(case: int) -> None:
    img, _entry, truth = CASES[case]
    fields = extract_ktp(find_regions(img)[0], page=1)
    assert set(fields) == set(CANONICAL_FIELDS[DocType.KTP])
    assert fields["nik"].value == truth["nik"]
    wrong = {k: (fields[k].value, v) for k, v in truth.items() if fields[k].value != v}
    assert len(wrong) <= 1, wrong
    assert all(0.0 <= f.confidence <= 1.0 for f in fields.values())


def test_bboxes_are_page_coordinates() -> None:
    img, entry, _truth = CASES[0]
    fields = extract_ktp(find_regions(img)[0], page=2)
    boxes = entry["field_boxes"]["ktp"]
    for key in ("nik", "nama", "kecamatan"):
        assert fields[key].page == 2
        assert iou(fields[key].bbox, tuple(boxes[key])) > 0.4, key


def _row(y: int, *words: tuple[int, str]) -> Row:
    return Row([Word(text, 0.9, (x, y, 12 * len(text), 20), (1, 1, y)) for x, text in words])


def test_values_split_at_the_printed_column_when_colons_are_misread() -> None:
    """On a photocopy the colons come back as ``1``, ``!`` or nothing; only the colon of
    ``Gol. Darah :`` in mid-row survives, and must not be taken for the value column."""
    rows = [
        _row(175, (23, "Nama"), (244, "1"), (258, "CAGAK"), (340, "WIBOWO")),
        _row(234, (23, "Jenis"), (90, "Kelamin"), (258, "LAKI-LAKI"), (520, "Gol."),
             (570, "Darah"), (640, ":"), (656, "AB-")),
        _row(265, (23, "Alamat"), (244, "!"), (258, "DUSUN"), (340, "ASTUTI")),
        _row(387, (23, "Agama"), (258, "KHONGHUCU")),
    ]
    body = {k: " ".join(w.text for w in v) for k, v in ktp_rows.body(rows).items()}
    assert body == {"nama": "CAGAK WIBOWO", "jenis_kelamin": "LAKI-LAKI Gol. Darah : AB-",
                    "alamat": "DUSUN ASTUTI", "agama": "KHONGHUCU"}


def test_a_label_misread_beyond_matching_takes_the_next_printed_label() -> None:
    """``Agama`` read as ``Arjuna`` (which even resembles ``Nama``): the row between Kecamatan
    and Status Perkawinan is Agama; a label read twice is a misread too."""
    rows = [
        _row(175, (23, "Nama"), (258, "CAGAK"), (340, "WIBOWO")),
        _row(357, (50, "Kecamatan"), (258, "JUAI")),
        _row(387, (23, "Arjuna"), (258, "ISLAM")),
        _row(415, (23, "Status"), (100, "Perkawinan"), (258, "BELUM"), (330, "KAWIN")),
    ]
    body = {k: " ".join(w.text for w in v) for k, v in ktp_rows.body(rows).items()}
    assert body == {"nama": "CAGAK WIBOWO", "kecamatan": "JUAI", "agama": "ISLAM",
                    "status_perkawinan": "BELUM KAWIN"}


def test_a_barely_matching_label_out_of_order_goes_by_the_card_order() -> None:
    """``Jenis Kelamin`` read as ``Jorus Ketarin`` scores just above the bar for *Kecamatan*; out
    of the card's order it is taken for the label after Tempat/Tgl Lahir, and the clearly read
    Kecamatan row further down keeps its own value."""
    rows = [
        _row(172, (23, "Nama"), (258, "HARI"), (340, "SITORUS")),
        _row(202, (23, "Tempat/Tgi"), (120, "Lahir"), (258, "PESISIR"), (340, "BARAT,"),
             (420, "28-08-2000")),
        _row(232, (23, "Jorus"), (90, "Ketarin"), (258, "LAKI-LAKI"), (520, "Gol,"),
             (570, "Darah"), (656, "O+")),
        _row(264, (23, "Alamat"), (244, ":"), (258, "DUSUN"), (340, "HARTATI")),
        _row(352, (50, "Kecamatan"), (258, "WAY"), (320, "KRUI")),
    ]
    body = {k: " ".join(w.text for w in v) for k, v in ktp_rows.body(rows).items()}
    assert body["jenis_kelamin"] == "LAKI-LAKI Gol, Darah O+"
    assert body["kecamatan"] == "WAY KRUI"


@pytest.mark.parametrize("raw", ["005/005", "1005/005", ": 005/005", "1005/1005", "1.005/005",
                                 "1:005/005"])
def test_rt_rw_clear_reads(raw: str) -> None:
    assert ktp_values.rt_rw(raw) == "005/005"
    assert ktp_values.rt_rw(raw.replace("005/", "100/")) == "100/005"


@pytest.mark.parametrize("raw", ["1005/0905", "0051005", "005/09005"])
def test_rt_rw_ambiguous_reads_are_read_again(raw: str) -> None:
    assert ktp_values.rt_rw(raw) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("8", "B"), ("0", "O"), ("A4", "A+"), ("At", "A+"), ("A8", "AB"), ("AB-", "AB-"),
    ("-", "-"), ("O+", "O+"),
])
def test_blood_group_slips_are_repaired(raw: str, expected: str) -> None:
    assert ktp_values.blood(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("TJL. PHH. MUSTOFA NO. 63", "JL. PHH. MUSTOFA NO. 63"),
    ("2JL. CIKAPAYANG NO. 30", "JL. CIKAPAYANG NO. 30"),
    ("IL MAWAR", "JL. MAWAR"),
    ("JL. LEMBONG.NO. 150", "JL. LEMBONG NO. 150"),
    ("JL. M.H. THAMRIN NO. 5", "JL. M.H. THAMRIN NO. 5"),
    ("DUSUN JLAMPANG", "DUSUN JLAMPANG"),
    ("JL-DR. DJUNJUNAN NO. 144", "JL. DR. DJUNJUNAN NO. 144"),
    ("LL, PHH. MUSTOFA GG. RADIKA", "JL. PHH. MUSTOFA GG. RADIKA"),
    ("LLANO 5", "LLANO 5"),
    ("JK-JOYOBOYO NO. 12", "JL. JOYOBOYO NO. 12"),         # the L read as K or T
    ("IK JEND SUDIRMAN NO. 177", "JL. JEND SUDIRMAN NO. 177"),
    ("JT--CIKAPAYANG NO. 69", "JL. CIKAPAYANG NO. 69"),
    ("JTK MAWAR", "JTK MAWAR"),                             # a word, not the prefix
    ("JE-MOCH. TOHA NO. 180", "JL. MOCH. TOHA NO. 180"),  # the L read as E (a copy's speck)
    ("1JE MEDOKAN AYU GG. VANESA", "JL. MEDOKAN AYU GG. VANESA"),
    ("JI. KIARACONDONG NO. 41", "JL. KIARACONDONG NO. 41"),  # the L read as I
    ("HL. RAJAWALI TIMUR NO. 148", "JL. RAJAWALI TIMUR NO. 148"),  # the J read as H
    ("JIWA NO. 5", "JIWA NO. 5"),                           # words, not the prefix
    ("JEMBATAN MERAH NO. 2", "JEMBATAN MERAH NO. 2"),
    ("HLIR GG. 3", "HLIR GG. 3"),
    ("J1. INDRAGIRI NO. 86", "JL. INDRAGIRI NO. 86"),       # the L read as 1, | or !
    ("J|. KAPUAS", "JL. KAPUAS"),
    ("JL, GEDEBAGE SELATAN NO. 124", "JL. GEDEBAGE SELATAN NO. 124"),  # the dot as a comma
])
def test_street_prefix_slips_are_repaired(raw: str, expected: str) -> None:
    assert ktp_values.street(raw) == expected


def test_an_address_line_shaped_as_rt_rw_is_the_rt_rw_row() -> None:
    """On a copy the small ``RT/RW`` label may come back as nothing a label matches: its value,
    three digits, a slash, three digits, is not taken for the address's second line."""
    rows = [
        _row(264, (23, "Alamat"), (258, "JL."), (300, "MAWAR"), (380, "NO."), (420, "12")),
        _row(292, (258, "KOMPLEK"), (360, "PERMAI")),
        _row(320, (60, "AT"), (258, "004/010")),
        _row(348, (50, "KelDesa"), (258, "SUKAMAJU")),
    ]
    body = {k: " ".join(w.text for w in v) for k, v in ktp_rows.body(rows).items()}
    assert body["alamat"] == "JL. MAWAR NO. 12 KOMPLEK PERMAI"
    assert body["rt_rw"] == "004/010"
    assert body["kel_desa"] == "SUKAMAJU"


def test_an_address_line_with_letters_stays_the_address() -> None:
    rows = [
        _row(264, (23, "Alamat"), (258, "DUSUN"), (340, "SETIA")),
        _row(292, (258, "BLOK"), (320, "004/010")),
    ]
    body = {k: " ".join(w.text for w in v) for k, v in ktp_rows.body(rows).items()}
    assert body["alamat"] == "DUSUN SETIA BLOK 004/010"
    assert "rt_rw" not in body


def test_the_place_of_issue_is_read_when_its_date_is_not() -> None:
    """A misread issue date (``00-05-2015``) is not a date, but the regency printed above it is
    still the place of issue; the date stays unread."""
    words = [Word("BALANGAN", 0.9, (811, 440, 90, 18), (1, 1, 1)),
             Word("00-05-2015", 0.44, (813, 468, 100, 18), (1, 1, 2))]
    read = ktp_values.issue(words)
    assert read["tempat_terbit"].value == "BALANGAN"
    assert "tanggal_terbit" not in read
    assert ktp_values.issue(words[:1]) == {}  # no date row at all: nothing to anchor the place


def test_a_lone_dash_after_gol_darah_is_read_as_dash_not_as_a_letter() -> None:
    """The full pass drops a lone ``-`` (or reads a quote); read again on its own crop, a bar
    alone right of the label is ``-``, which Tesseract with a letter whitelist would turn into
    a letter."""
    card = np.full((638, 1012, 3), 236, np.uint8)
    cv2.putText(card, "Darah", (560, 236), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (30, 30, 30), 2)
    cv2.circle(card, (633, 226), 2, (30, 30, 30), -1)  # the colon's dots are no glyph
    cv2.circle(card, (633, 234), 2, (30, 30, 30), -1)
    cv2.line(card, (650, 229), (662, 229), (30, 30, 30), 3)
    label = Word("Darah", 0.8, (560, 220, 60, 17), (1, 1, 3))
    again = _reread_blood(card, [Word("LAKI-LAKI", 0.9, (258, 220, 110, 17), (1, 1, 3)), label])
    assert ktp_values.sex_blood(again)["golongan_darah"].value == "-"
    assert _reread_blood(card, [Word("LAKI-LAKI", 0.9, (258, 220, 110, 17), (1, 1, 3))]) == []


def test_a_blood_group_glued_to_its_label_is_parted_from_it() -> None:
    """``Darah-:AB`` (the colon and a speck run the label into the value) is the label and
    ``AB``; a value the label does not hold is left alone."""
    words = [Word("LAKI-LAKI", 0.96, (258, 220, 110, 17), (1, 1, 3)),
             Word("Gol.", 0.93, (520, 220, 40, 17), (1, 1, 3)),
             Word("Darah-:AB", 0.27, (566, 220, 100, 17), (1, 1, 3))]
    read = ktp_values.sex_blood(words)
    assert read["golongan_darah"].value == "AB"
    assert read["jenis_kelamin"].value == "LAKI-LAKI"
    words[2] = Word("Darah", 0.8, (566, 220, 60, 17), (1, 1, 3))
    assert ktp_values.sex_blood(words)["golongan_darah"].value is None


def test_a_misread_darah_label_still_anchors_the_reread() -> None:
    """``Gol. Datati``: the word after ``Gol.`` is the Darah label however it was read; the
    reread gives the label back as ``Darah``, so it is not taken for the value."""
    card = np.full((638, 1012, 3), 236, np.uint8)
    cv2.line(card, (650, 229), (662, 229), (30, 30, 30), 3)
    words = [Word("LAKI-LAKI", 0.9, (258, 220, 110, 17), (1, 1, 3)),
             Word("Gol.", 0.8, (520, 220, 36, 17), (1, 1, 3)),
             Word("Datati", 0.5, (560, 220, 60, 17), (1, 1, 3))]
    again = _reread_blood(card, words)
    assert again[0].text == "Darah"
    assert ktp_values.sex_blood(again)["golongan_darah"].value == "-"


@pytest.mark.parametrize(("sign", "expected"), [("+", "+"), ("-", "-"), ("", None)])
def test_a_rhesus_sign_the_full_pass_dropped_is_read_from_its_mark(sign: str,
                                                                   expected: str | None) -> None:
    """``A+`` read as ``A`` (a thin, blurred ``+`` on a forwarded photo or a copy): one mark
    more right of the letter, about its middle, is the sign; a cross (or its blur) ``+``, a
    flat bar ``-``; no mark, no sign."""
    card = np.full((638, 1012, 3), 236, np.uint8)
    cv2.putText(card, "Darah", (560, 236), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (30, 30, 30), 2)
    cv2.circle(card, (633, 226), 2, (30, 30, 30), -1)  # the colon's dots are no glyph
    cv2.circle(card, (633, 234), 2, (30, 30, 30), -1)
    cv2.putText(card, "A", (648, 237), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (30, 30, 30), 2)
    if sign:
        cv2.line(card, (667, 230), (675, 230), (90, 90, 90), 2)
    if sign == "+":
        cv2.line(card, (671, 226), (671, 234), (120, 120, 120), 1)  # the faint upright
    label = Word("Darah", 0.8, (560, 220, 60, 17), (1, 1, 3))
    words = [Word("LAKI-LAKI", 0.9, (258, 220, 110, 17), (1, 1, 3)), label]
    assert _sign_after(card, words, "A") == expected
    assert _sign_after(card, words, "AB") is None  # the marks do not fit the group read


@pytest.mark.parametrize(("value", "nik", "expected", "low"), [
    ("1091-04-13", "6311051304910001", "1991-04-13", False),  # a 9 read as 0: NIK says 91
    ("1091-04-13", "6311055304910001", "1991-04-13", False),  # a woman's NIK (day + 40)
    ("1091-04-13", "6311051305910001", "1091-04-13", True),   # the NIK disagrees: look
    ("1091-04-13", None, "1091-04-13", True),
    ("2091-04-13", "6311051304910001", "1991-04-13", False),  # a future year
    ("1991-04-13", "6311051304920001", "1991-04-13", False),  # possible: left to the rules
])
def test_an_impossible_birth_year_is_repaired_by_the_nik_or_marked(
        value: str, nik: str | None, expected: str, low: bool) -> None:
    read = ktp_values.plausible_birth(ktp_values.Read(value, value, 0.88, None), nik,
                                      date(2026, 12, 1))
    assert read.value == expected
    assert (read.conf <= ktp_values.LOW_READ) is low


@pytest.mark.parametrize(("raw", "expected"), [
    ("10171003", "017/003"),   # ``: 017/003``, the colon and the slash read as 1
    ("0171003", "017/003"),
    ("017/0035", "017/003"),   # no clean end: the first groups
])
def test_rt_rw_from_an_unclear_read_takes_the_last_groups(raw: str, expected: str) -> None:
    assert ktp_values._simple("rt_rw", raw, 0.5)[0] == expected


@pytest.mark.parametrize(("first", "clear", "agree"), [
    ("0201004", "020/004", True),     # the slash read as 1
    ("1.023/003", "023/003", True),
    ("10171003", "017/003", True),    # colon and slash read as 1
    ("0291004", "020/004", False),    # another digit: the reads disagree
    ("11020100411", "020/004", False),  # too much else in the first read
])
def test_a_clear_rt_rw_read_again_keeps_the_first_reads_confidence_when_they_agree(
        first: str, clear: str, agree: bool) -> None:
    assert ktp_rows.reads_agree(first, clear) is agree


@pytest.mark.parametrize(("printed", "place"), [
    ("KEPULAUAN SERIBU", "KEPULAUAN SERIBU"), ("ADM. KEPULAUAN SERIBU", "KEPULAUAN SERIBU"),
    ("JAKARTA SELATAN", "JAKARTA SELATAN"), ("BALANGAN", "BALANGAN"), ("KOTABARU", "KOTABARU")])
def test_a_birth_place_is_the_regency_without_its_prefix(printed: str, place: str) -> None:
    """``KABUPATEN ADMINISTRASI KEPULAUAN SERIBU`` (Kemendagri) is printed as the place."""
    assert ktp_values._place(printed)[0] == place


def test_an_address_line_of_digits_only_is_the_rt_rw_row_read_again() -> None:
    """A copy may lose the RT/RW label and read the colon and the slash as ``1``
    (``10171007``): a row of digits only after the address is the RT/RW row, not the address."""
    rows = [
        _row(276, (40, "Alamat"), (260, "JL."), (297, "SURYAKENCANA"), (474, "NO."), (523, "113")),
        _row(307, (70, "RIRW"), (248, "10171007")),
        _row(336, (71, "KelDesa"), (261, "AWAYAN")),
    ]
    body = {k: " ".join(w.text for w in v) for k, v in ktp_rows.body(rows).items()}
    assert body["alamat"] == "JL. SURYAKENCANA NO. 113"
    assert body["rt_rw"] == "10171007"
    assert body["kel_desa"] == "AWAYAN"


@pytest.mark.parametrize(("raw", "place", "born"), [
    ("BALANGAN 15 04 1974", "BALANGAN", "1974-04-15"),   # the comma and the dashes lost
    ("BALANGAN 15-04-1974", "BALANGAN", "1974-04-15"),
    ("PANGKAL PINANG, 29-02-2004", "PANGKAL PINANG", "2004-02-29"),
])
def test_the_birth_date_is_split_off_when_the_comma_is_lost(raw: str, place: str,
                                                             born: str) -> None:
    words = [Word(t, 0.9, (262 + 60 * i, 200, 50, 20), (1, 1, 1))
             for i, t in enumerate(raw.split())]
    read = ktp_values.birth(words)
    assert read["tempat_lahir"].value == place
    assert read["tanggal_lahir"].value == born


def test_a_printed_line_the_card_pass_lost_is_read_on_its_own() -> None:
    """A row the whole-card pass returned no word for (on a copy's grey guilloche) is found by
    its ink and read alone; rows the pass read are not read again."""
    from PIL import Image, ImageDraw

    from extractors._cardread import lost_lines
    from samples.cards import font

    img = Image.new("L", (1012, 638), 245)
    draw = ImageDraw.Draw(img)
    rows = {320: "Kel/Desa", 350: "Kecamatan"}
    for y, label in rows.items():
        draw.text((60, y), label, fill=30, font=font("regular", 22))
        draw.text((262, y), "SUKAMAJU", fill=30, font=font("regular", 23))
    card = cv2.cvtColor(np.asarray(img), cv2.COLOR_GRAY2BGR)
    read = [Word("Kecamatan", 0.9, (60, 352, 110, 20), (1, 1, 9)),
            Word("SUKAMAJU", 0.9, (262, 352, 120, 20), (1, 1, 9))]
    lost = lost_lines(card, read, 728)  # left of where a KTP's photo stands
    assert "SUKAMAJU" in [w.text for w in lost]
    assert all(315 <= w.bbox[1] + w.bbox[3] / 2 <= 345 for w in lost)


@pytest.mark.parametrize(("first", "again", "mends"), [
    ("TIRA RIYANTI", "IRA RIYANTI", True),      # the colon glued to the first word, read off
    ("EKA ZULAKA", "EKAZU NAN SUB 1", False),  # another text, not a mended one
    ("HILDA RAHIMAH", "HILDA RAHI MAH", False),  # a space read into a name
])
def test_a_row_read_again_replaces_the_first_read_only_when_it_mends_it(
        first: str, again: str, mends: bool) -> None:
    from extractors._cardread import confirms

    def words(text: str) -> list[Word]:
        return [Word(t, 0.9, (262 + 80 * i, 170, 70, 20), (1, 1, 1))
                for i, t in enumerate(text.split())]

    assert confirms(words(first), words(again)) is mends

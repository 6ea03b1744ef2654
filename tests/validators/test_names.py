"""Names as Indonesian documents print them: one person in many forms, and other people."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from core.vocabulary.names import NAME_FORMS
from validators.rules import check_case, document
from validators.rules.names import canonical, compare

GIVEN = ("MUHAMMAD", "ABDUL", "SITI", "NUR", "AHMAD", "BUDI", "RINA", "DEWI", "AGUS", "EKO",
         "WAHYU", "INDAH", "PUTRI", "ANDI", "YULIANTI", "FATIMAH", "YUSUF", "RAHMAT", "DIAN")
FAMILY = ("RIZKY", "SAPUTRA", "HIDAYAT", "AMINAH", "RAHMAN", "SETIAWAN", "KURNIAWAN",
          "LESTARI", "WULANDARI", "PRATAMA", "FAUZI", "HASAN", "SANTOSO", "RAMADHAN", "SUKARNO",
          "HARTONO", "MAULIDA", "GINTING", "SIREGAR", "NASUTION", "SYAHPUTRA", "IRAWAN")
TITLES = ("", "H. ", "HJ. ", "IR. ", "DR. ", "DRS. ", "PROF. DR. ", "H. IR. ", "KH. ")
DEGREES = ("", ", S.E.", ", S.PD., M.M.", " S.H.", ", A.MD.", ", S.KOM.", ", DR., SP.OG",
           ", M.SI.", " S.T., M.T.", " SE")

names = st.lists(st.sampled_from(GIVEN + FAMILY), min_size=2, max_size=4, unique=True)


def _form(word: str, draw: st.DrawFn, *, initials: bool = True) -> str:
    """One printed form of ``word`` (its abbreviations and spellings, old spelling OE);
    without ``initials`` no one-letter form (``M.`` may be any M-name's initial)."""
    forms = [f for f in NAME_FORMS.get(word, ()) if initials or len(f) > 1]
    if forms:
        form = draw(st.sampled_from(forms))
        return form + "." if len(form) <= 4 and form not in ("NUR", "SITI", "SITY", "NOOR",
                                                             "NOER", "NUUR", "NOUR") else form
    if "U" in word and draw(st.booleans()):
        return word.replace("U", "OE", 1)
    return word


@st.composite
def same_person(draw: st.DrawFn) -> tuple[str, str]:
    """A KTP name and the same person as another document prints it."""
    words = draw(names)
    printed = [_form(w, draw) for w in words]
    if len(printed) >= 3 and draw(st.booleans()):
        i = draw(st.integers(1, len(printed) - 2))
        printed[i] = printed[i][0] + "."
    if len(printed) == 2 and draw(st.booleans()):
        printed.reverse()
    other = draw(st.sampled_from(TITLES)) + " ".join(printed) + draw(st.sampled_from(DEGREES))
    if draw(st.booleans()):
        other = other.title()
    return " ".join(words), other


def _far(word: str, other: str) -> bool:
    return canonical(word) != canonical(other) and \
        Levenshtein.distance(canonical(word), canonical(other)) > 2


@st.composite
def other_person(draw: st.DrawFn) -> tuple[str, str]:
    """A KTP name and another person's name sharing all but one word with it."""
    words = draw(names)
    i = draw(st.integers(0, len(words) - 1))
    pool = [w for w in GIVEN + FAMILY if all(_far(w, x) for x in words)]
    changed = [*words]
    changed[i] = draw(st.sampled_from(pool))
    printed = [_form(w, draw, initials=False) for w in changed]
    other = draw(st.sampled_from(TITLES)) + " ".join(printed) + draw(st.sampled_from(DEGREES))
    return " ".join(words), other


@settings(max_examples=400, deadline=None)
@given(same_person())
def test_the_same_person_in_any_printed_form_is_never_another(pair: tuple[str, str]) -> None:
    ktp, other = pair
    assert compare(ktp, other) != "other", pair


@settings(max_examples=400, deadline=None)
@given(other_person())
def test_another_person_is_another(pair: tuple[str, str]) -> None:
    ktp, other = pair
    assert compare(ktp, other) == "other", pair


@pytest.mark.parametrize(("ktp", "other", "verdict"), [
    ("MUHAMMAD RIZKY", "M. RIZKY", "same"),
    ("MUHAMMAD RIZKY", "MUH. RIZKY", "same"),
    ("MOHAMMAD RIZKY", "MOCH. RIZKY", "same"),
    ("MUHAMMAD RIZKY", "MUHAMAD RIZKY", "same"),
    ("ABDUL RAHMAN", "ABD. RAHMAN", "same"),
    ("NUR AINI", "NOOR AINI", "same"),
    ("SITI AMINAH", "SITTI AMINAH", "same"),
    ("SITI AMINAH", "AMINAH SITI", "same"),
    ("AHMAD FAUZI", "H. AHMAD FAUZI, S.E., M.M.", "same"),
    ("AHMAD FAUZI", "Ir. Ahmad Fauzi S.T.", "same"),
    ("SUKARNO HADI", "SOEKARNO HADI", "same"),
    ("MUHAMMAD RIZKY SAPUTRA", "MUHAMMAD R. SAPUTRA", "variant"),
    ("SITI AMINAH", "SlTI AMINAH", "variant"),
    ("MUHAMMAD RIZKY", "MUHAMMAD RIDWAN", "other"),
    ("M. RIZKY", "M. RIZAL", "other"),
    ("SITI AMINAH", "RINA WULANDARI", "other"),
    ("ABDUL RAHMAN", "ABDUL HASAN", "other"),
])
def test_usual_forms(ktp: str, other: str, verdict: str) -> None:
    assert compare(ktp, other) == verdict


def test_npwp_card_printing_m_for_muhammad_is_not_a_finding() -> None:
    ktp = document("ktp", {"nik": "6311060101900001", "nama": "MUHAMMAD RIZKY"})
    npwp = document("npwp", {"npwp": "6311060101900001", "nama": "M. RIZKY",
                             "nik": "6311060101900001"})
    assert check_case([ktp, npwp]) == []

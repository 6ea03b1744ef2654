"""The documents' allowed values are defined once and agree across reader, rules and samples."""

from __future__ import annotations

from core.vocabulary import values as v
from samples import truth
from validators.rules import check_document
from validators.rules._common import document


def test_lists_are_whole_and_without_repeats() -> None:
    assert len(v.OCCUPATIONS) == len(set(v.OCCUPATIONS)) == 89
    assert len(v.BLOOD_GROUPS) == len(set(v.BLOOD_GROUPS)) == 14  # 13 Dukcapil codes and "-"
    assert "TIDAK TAHU" in v.BLOOD_GROUPS
    assert set(v.RELIGION_VARIANTS.values()) <= set(v.RELIGIONS)
    assert set(v.COMMON_OCCUPATIONS) <= set(v.OCCUPATIONS)


def test_what_the_generator_prints_the_rules_accept() -> None:
    drawn = {"agama": truth.AGAMA, "status_perkawinan": truth.STATUS,
             "pekerjaan": truth.PEKERJAAN, "golongan_darah": truth.GOL_DARAH}
    for name, values in drawn.items():
        for value in set(values):
            doc = document("ktp", {name: value})
            codes = {f.code for f in check_document(doc)}
            assert not codes & {"ktp.value_not_allowed", "ktp.pekerjaan_unlisted"}, (name, value)


def test_what_the_reader_snaps_to_the_rules_accept() -> None:
    for name, choices in v.KTP_CHOICES.items():
        for value in choices:
            doc = document("ktp", {name: value})
            codes = {f.code for f in check_document(doc)}
            assert not codes & {"ktp.value_not_allowed", "ktp.pekerjaan_unlisted"}, (name, value)
    for blood in v.BLOOD_GROUPS:
        codes = {f.code for f in check_document(document("ktp", {"golongan_darah": blood}))}
        assert "ktp.value_not_allowed" not in codes, blood

"""Rules over the record's values that a clerk types: the business fields of the OSS form.

:data:`FIELD_RULES` names the rule of each such record field; :func:`check_values` runs them over
one record's values (a mapping of record field names, as ``records.models.RECORD_FIELDS`` names
them) and adds what needs two fields: the business scale from fixed plus working capital, the
location point against the business regency. With ``numbers=True`` the contact and KBLI fields
are checked too (the desk; precheck checks those itself).

>>> [f.code for f in check_values({"modal_tetap": "6 miliar"})]
['capital.not_umk']
>>> check_values({"tenaga_kerja_laki": "2", "tenaga_kerja_perempuan": "0"})
[]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from core import regions
from core.lokal_parts import format_rupiah
from core.models import IDENTITY_NUMBERS, Finding
from validators import bpjs, capital, coordinates, workforce
from validators._problems import Problem, to_findings
from validators.check import findings_for
from validators.codes import make_finding

Values = Mapping[str, str | None]

_RT_RW = re.compile(r"\d{3}/\d{3}")


def _rt_rw(value: str) -> list[Problem]:
    if _RT_RW.fullmatch(value) and "000" not in value.split("/"):
        return []
    return [Problem("location.rt_rw_invalid", "format", {"value": value[:40]})]


_RULES: dict[str, Callable[[str, str], list[Problem]]] = {
    "capital": lambda v, label: capital.problems(v, field=label),
    "workforce": lambda v, _label: workforce.problems(v),
    "bpjs_kesehatan": lambda v, _label: bpjs.problems(v, kind="kesehatan"),
    "bpjs_ketenagakerjaan": lambda v, _label: bpjs.problems(v, kind="ketenagakerjaan"),
    "rt_rw": lambda v, _label: _rt_rw(v),
}
FIELD_RULES: dict[str, str] = {
    "lokasi_rt_rw": "rt_rw",
    "koordinat": "coordinates",
    "modal_tetap": "capital",
    "modal_kerja": "capital",
    "tenaga_kerja_laki": "workforce",
    "tenaga_kerja_perempuan": "workforce",
    "bpjs_kesehatan": "bpjs_kesehatan",
    "bpjs_ketenagakerjaan": "bpjs_ketenagakerjaan",
}
"""Record field → the rule that checks what the clerk types there."""
NUMBER_FIELDS: dict[str, str] = {"telepon": "phone", "email": "email", "kode_pos": "postal",
                                 "kbli": "kbli"}
"""Record field → the number module of :mod:`validators.check` (``numbers=True``)."""
IDENTITY_FIELDS = IDENTITY_NUMBERS
"""Record identity numbers: one holding unreadable glyphs (``?``, a partly read NIK typed or
copied in) is an error of the record, never exported as if valid (``numbers=True``); a
readable one is checked by the documents' rules."""
PLACE_FIELDS = ("lokasi_kabupaten_kota", "lokasi_kecamatan", "lokasi_kel_desa")
"""The business location's regions, each checked to lie in the one above."""
BUSINESS_FIELDS = frozenset({*FIELD_RULES, *PLACE_FIELDS, "lokasi_provinsi"})
"""Every field :func:`check_values` reads without ``numbers``: a record with none of them
typed has no finding of it (the precheck skips the call for such records)."""
_LABELS = {"modal_tetap": "Modal tetap", "modal_kerja": "Modal kerja"}
_CAPITAL = ("modal_tetap", "modal_kerja")
_KBLI_SPLIT = re.compile(r"[\s,;/]+")


def _value(values: Values, name: str) -> str:
    return (values.get(name) or "").strip()


def _regency(values: Values, office: str | None) -> tuple[str | None, str]:
    """The business regency's code (or None) and the name it was looked up by.

    The record's kabupaten/kota of the location, within its province (else the office's, else
    any); without one, the office's regency.
    """
    printed = _value(values, "lokasi_kabupaten_kota")
    if not printed:
        return (office if office and office.count(".") == 1 else None), ""
    province = regions.province_by_name(_value(values, "lokasi_provinsi")) if _value(
        values, "lokasi_provinsi") else None
    for parent in dict.fromkeys([province, (office or "")[:2] or None]):
        if parent and (code := regions.regency_by_name(parent, printed)):
            return code, printed
    for p in regions.children(None):
        if code := regions.regency_by_name(p.code, printed):
            return code, printed
    return None, printed


def _coordinates(values: Values, office: str | None) -> list[Finding]:
    typed = _value(values, "koordinat")
    if not typed:
        return []
    regency, printed = _regency(values, office)
    fields = ["koordinat", "lokasi_kabupaten_kota"] if printed else ["koordinat"]
    found = to_findings(coordinates.problems(typed, regency=regency), fields, [])
    if regency is None and not found:
        found.append(make_finding("coordinates.regency_unchecked", fields=fields, doc_types=[],
                                  printed=printed or "—"))
    return found


def _scale(values: Values) -> list[Finding]:
    typed = {n: _value(values, n) for n in _CAPITAL if _value(values, n)}
    if not typed or not all(capital.is_valid(v) for v in typed.values()):
        return []
    amount = sum(capital.validate(v) for v in typed.values())
    scale_id, scale_en = capital.scale_names(amount)
    code = "capital.not_umk" if amount > capital.UMK_LIMIT else "capital.scale"
    return [make_finding(code, fields=list(typed), doc_types=[], amount=format_rupiah(amount),
                         scale_id=scale_id, scale_en=scale_en)]


def _postal_region(values: Values, office: str | None) -> str | None:
    regency, _printed = _regency(values, office)
    district = _value(values, "lokasi_kecamatan")
    if regency is None or not district:
        return regency
    return regions.district_by_name(regency, district) or regency


def _numbers(values: Values, office: str | None) -> list[Finding]:
    found: list[Finding] = []
    for name, kind in NUMBER_FIELDS.items():
        typed = _value(values, name)
        if not typed:
            continue
        if kind == "kbli":
            found += [f for code in _KBLI_SPLIT.split(typed) if code
                      for f in findings_for("kbli", code)]
        elif kind == "postal":
            from validators import postal_code

            try:
                problems = postal_code.problems(typed, region=_postal_region(values, office))
            except ValueError:
                found += findings_for("postal", typed)
                continue
            found += to_findings(problems, [name, "lokasi_kecamatan"], [])
        else:
            found += findings_for(kind, typed)
    for name in IDENTITY_FIELDS:
        value = _value(values, name)
        if value and "?" in value:
            found += findings_for(name, value)
    return found


def _places(values: Values, office: str | None, typed: set[str] | None) -> list[Finding]:
    """The business location's kabupaten/kota, kecamatan and kelurahan/desa exist, each in the
    one above (only the names in ``typed`` when given: the permit rules check what it prints)."""
    found: list[Finding] = []
    regency, printed = _regency(values, office)
    if printed and regency is None and (typed is None or "lokasi_kabupaten_kota" in typed):
        found.append(make_finding("location.region_unknown", fields=["lokasi_kabupaten_kota"],
                                  doc_types=[], printed=printed, parent="Indonesia"))
    parent = regency
    for name, finder in zip(PLACE_FIELDS[1:], (regions.district_by_name,
                                                regions.village_by_name), strict=True):
        typed_name = _value(values, name)
        if not typed_name or parent is None:
            return found
        code = finder(parent, typed_name)
        if code is None and (typed is None or name in typed):
            found.append(make_finding("location.region_unknown", fields=[name], doc_types=[],
                                      printed=typed_name,
                                      parent=regions.region_name(parent) or parent))
        parent = code
    return found


def check_values(values: Values, *, office: str | None = None, numbers: bool = False,
                 typed: set[str] | None = None) -> list[Finding]:
    """Every finding about the clerk-typed business fields of one record (empty ones skipped).

    ``office`` (a Kemendagri regency code, ``63.11``) stands in for the business regency when
    the record names none. ``typed``: the fields a clerk typed (the location's names are checked
    only for those; None: all).
    """
    found: list[Finding] = []
    for name, rule in FIELD_RULES.items():
        value = _value(values, name)
        if not value or rule == "coordinates":
            continue
        found += to_findings(_RULES[rule](value, _LABELS.get(name, name)), [name], [])
    found += _coordinates(values, office)
    found += _places(values, office, typed)
    found += _scale(values)
    if numbers:
        found += _numbers(values, office)
    return found

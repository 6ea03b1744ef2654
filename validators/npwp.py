"""NPWP (Nomor Pokok Wajib Pajak): the Indonesian taxpayer number, old and new forms.

- 15 digits ``AA.BBB.BBB.C-DDD.EEE`` (old form): C is the Luhn check digit of the first eight
  digits, DDD the tax office (KPP), EEE the status (000 head or single taxpayer). The type prefix
  AA is not validated (sources disagree, domain.md §3).
- 16 digits since PMK 112/2022: ``0`` + the old 15 (entities, non-residents; Luhn over digits
  1-10), or, for resident individuals, the NIK itself (checked by :mod:`validators.nik`).
- NITKU, 22 digits: a 16-digit NPWP and a 6-digit place-of-business number (``000000`` head).

>>> validate("01.312.166.0-091.000")
'013121660091000'
>>> validate("01.312.166.1-091.000")
Traceback (most recent call last):
    ...
validators.exceptions.InvalidChecksum: Wrong NPWP check digit: 1, expected 0.
>>> format("0013121660091000"), format("013121660091000")
('0013121660091000', '01.312.166.0-091.000')
>>> info("6311064508850003")["kind"], is_valid("0013121660091000000001")
('nik', True)
"""

from __future__ import annotations

from stdnum import luhn

from core.models import Severity
from validators import nik as nik_mod
from validators._problems import Problem, compact_digits, passes, raise_first

FORMAT = "npwp.format"
KINDS = {15: "legacy15", 22: "nitku"}


def compact(number: object) -> str:
    """The digits of ``number`` without spaces, dots, dashes or slashes."""
    return compact_digits(number, FORMAT)


def kind(npwp: str) -> str:
    """``legacy15``, ``entity16`` (``0`` + 15), ``nik`` (an individual's NIK) or ``nitku``."""
    if len(npwp) == 16:
        return "entity16" if npwp.startswith("0") else "nik"
    return KINDS.get(len(npwp), "unknown")


_DOUBLED = str.maketrans("0123456789", "0246813579")
"""A digit doubled, its two digits added (Luhn): 7 → 1 + 4 = 5."""


def luhn_ok(body: str) -> bool:
    """Whether the ASCII digits ``body`` pass Luhn (``stdnum.luhn.is_valid``, without its
    generic alphabet and exceptions: the check runs for every NPWP of a batch).

    The digits' sum is taken over their ASCII codes (``"0"`` is 48), in C, less 48 a digit.
    """
    digits = body[-1::-2] + body[-2::-2].translate(_DOUBLED)
    return (sum(digits.encode("ascii")) - 48 * len(digits)) % 10 == 0


def _luhn_problem(body: str) -> list[Problem]:
    """Luhn over ``body`` (the digits up to and including the check digit)."""
    if luhn_ok(body):
        return []
    expected = luhn.calc_check_digit(body[:-1])
    return [Problem("npwp.check_digit", "checksum", {"digit": body[-1], "expected": expected})]


def _nik_problems(npwp: str) -> list[Problem]:
    found = []
    for p in nik_mod.problems(npwp):
        if p.level is not Severity.ERROR:
            found.append(p)
            continue
        reason_en = p.code.split(".", 1)[1].replace("_", " ")
        found.append(Problem("npwp.nik_invalid", "component",
                             {"reason_id": p.code, "reason_en": reason_en}))
    return found


def problems(number: object) -> list[Problem]:
    """Every rule ``number`` breaks, and the notes a clerk should see (legacy form, branch)."""
    npwp = compact(number)
    form = kind(npwp)
    if form == "unknown":
        return [Problem(FORMAT, "length", {"value": npwp})]
    if form == "nitku":
        return problems(npwp[:16])
    if form == "nik":
        return _nik_problems(npwp)
    old = npwp[-15:]
    found = _luhn_problem(old[:9])
    if form == "legacy15":
        found.append(Problem("npwp.legacy_15", "component", {}))
    if old[12:] != "000":
        found.append(Problem("npwp.branch", "component", {"status": old[12:]}))
    return found


def validate(number: object) -> str:
    """The compact NPWP (15, 16 or 22 digits); raises on an error."""
    raise_first(problems(number))
    return compact(number)


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid NPWP or NITKU (never raises)."""
    return passes(validate, number)


def format(number: object) -> str:
    """The 15-digit form dotted (``01.312.166.0-091.000``); 16 and 22 digits as digits."""
    n = compact(number)
    if len(n) != 15:
        return n
    return f"{n[:2]}.{n[2:5]}.{n[5:8]}.{n[8]}-{n[9:12]}.{n[12:]}"


def to_16(number: object) -> str:
    """The 16-digit form OSS uses: a 15-digit NPWP gets its leading ``0``.

    >>> to_16("01.312.166.0-091.000")
    '0013121660091000'
    """
    n = validate(number)
    return "0" + n if len(n) == 15 else n[:16]


def info(number: object) -> dict[str, str | None]:
    """What the NPWP encodes: its form, tax office and status, or the NIK's content."""
    n = validate(number)
    form = kind(n)
    out: dict[str, str | None] = {"kind": form, "npwp16": to_16(n)}
    if form == "nitku":
        out["place_of_business"] = n[16:]
        n = n[:16]
        form = kind(n)
    if form == "nik":
        out.update(nik_mod.info(n))
        return out
    old = n[-15:]
    out.update({"type": old[:2], "serial": old[2:8], "check_digit": old[8], "kpp": old[9:12],
                "status": old[12:]})
    return out

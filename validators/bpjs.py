"""BPJS participant numbers: BPJS Kesehatan card 13 digits, BPJS Ketenagakerjaan (KPJ) 11.

The lengths are known with moderate confidence only (domain.md §7), so a wrong length is a
warning; there is no public check digit to test.

>>> validate("0001234567890", kind="kesehatan")
'0001234567890'
>>> is_valid("12345678901"), is_valid("1234")
(True, False)
"""

from __future__ import annotations

from validators._problems import Problem, compact_digits, passes
from validators.exceptions import InvalidLength

FORMAT = "bpjs.format"
KINDS: dict[str, tuple[int, str, str]] = {
    "kesehatan": (13, "BPJS Kesehatan", "BPJS health"),
    "ketenagakerjaan": (11, "BPJS Ketenagakerjaan (KPJ)", "BPJS employment (KPJ)"),
}


def compact(value: object) -> str:
    """The digits without spaces, dots and dashes."""
    return compact_digits(value, FORMAT)


def problems(value: object, *, kind: str | None = None) -> list[Problem]:
    """Whether ``value`` has the length of ``kind`` (either length when ``kind`` is None)."""
    kinds = [kind] if kind else list(KINDS)
    try:
        digits = compact(value)
    except ValueError:
        digits = None
    if digits is not None and any(len(digits) == KINDS[k][0] for k in kinds):
        return []
    length, name_id, name_en = KINDS[kinds[0]]
    shown = digits if digits is not None else str(value)[:40]
    return [Problem(FORMAT, "format", {"value": shown, "kind_id": name_id, "kind_en": name_en,
                                       "digits": length})]


def validate(value: object, *, kind: str | None = None) -> str:
    """The digits; raises when the length is not ``kind``'s."""
    for p in problems(value, kind=kind):  # a warning-level code, so raised here, not by level
        raise InvalidLength(p.code, **p.params)
    return compact(value)


def is_valid(value: object, *, kind: str | None = None) -> bool:
    """Whether ``value`` is a BPJS number of ``kind`` (never raises)."""
    return passes(lambda v: validate(v, kind=kind), value)


def format(value: object) -> str:
    """The digits."""
    return validate(value)

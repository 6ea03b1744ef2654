"""NIB (Nomor Induk Berusaha): the 13-digit business identification number issued by OSS.

The number is random with no public check digit (PP 24/2018, PP 5/2021), so only its form is
checked.

>>> validate("9120 0012 3456 7")
'9120001234567'
>>> is_valid("912000123456"), format("9120001234567")
(False, '9120001234567')
"""

from __future__ import annotations

from validators._problems import Problem, compact_digits, passes, raise_first

FORMAT = "nib.format"


def compact(number: object) -> str:
    """The digits of ``number`` without spaces, dots or dashes."""
    return compact_digits(number, FORMAT)


def problems(number: object) -> list[Problem]:
    """Every rule ``number`` breaks (13 digits)."""
    nib = compact(number)
    return [] if len(nib) == 13 else [Problem(FORMAT, "length", {"value": nib})]


def validate(number: object) -> str:
    """The compact NIB; raises when it is not 13 digits."""
    raise_first(problems(number))
    return compact(number)


def is_valid(number: object) -> bool:
    """Whether ``number`` is a well-formed NIB (never raises)."""
    return passes(validate, number)


def format(number: object) -> str:
    """The 13 digits."""
    return compact(number)


def info(number: object) -> dict[str, str | None]:
    """What a NIB encodes: nothing but itself (it is a random number)."""
    return {"nib": validate(number)}

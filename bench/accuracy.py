"""Extraction accuracy on a fresh specimen set, next to raw Tesseract, and defect catch rates.

Usage: ``.venv/bin/python bench/accuracy.py [--cases 40] [--seed 7777] [--no-baseline]``

Generates a set with a seed the committed specimens do not use, reads every file with the
extractors, and prints exact-match field accuracy per document type × form/degradation, per
field, the character error rate, document-type accuracy, and the defect catch rate end to end.
The baseline is raw Tesseract (whole image, ``ind``, no preprocessing) with simple
``Label : value`` parsing, on the same images, in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from core.models import Document, Page, Severity  # noqa: E402
from extractors.load import iter_pages  # noqa: E402
from extractors.normalize import clean_text, parse_date  # noqa: E402
from extractors.pipeline import extract_file  # noqa: E402
from extractors.tesseract import ocr  # noqa: E402
from samples.generate import generate  # noqa: E402
from validators.rules import check_case, check_document  # noqa: E402

BASELINE_LABELS = {
    "ktp": {"NIK": "nik", "Nama": "nama", "Alamat": "alamat", "RT/RW": "rt_rw",
            "Kel/Desa": "kel_desa", "Kecamatan": "kecamatan", "Agama": "agama",
            "Status Perkawinan": "status_perkawinan", "Pekerjaan": "pekerjaan",
            "Kewarganegaraan": "kewarganegaraan", "Berlaku Hingga": "berlaku_hingga",
            "Jenis Kelamin": "jenis_kelamin"},
    "npwp": {"NPWP": "npwp", "NIK": "nik"},
    "permit": {"Pemilik Bangunan Gedung": "nama_pemilik", "Nama": "nama_pemilik", "NIK": "nik",
               "Alamat Pemilik": "alamat_pemilik", "Fungsi Bangunan Gedung": "fungsi",
               "Fungsi Bangunan": "fungsi", "Terletak di": "lokasi", "Lokasi": "lokasi",
               "Kelurahan/Desa": "lokasi_kel_desa", "Desa/Kelurahan": "lokasi_kel_desa",
               "Kecamatan": "lokasi_kecamatan", "Kabupaten/Kota": "lokasi_kabupaten_kota",
               "Kabupaten": "lokasi_kabupaten_kota", "Nomor Sertifikat": "nomor_sertifikat",
               "NOMOR": "nomor"},
}
_DIGIT_FIELDS = {"nik", "npwp"}


def baseline(pages: list[Page], doc_type: str) -> dict[str, str]:
    """Raw Tesseract on the whole image of every page, then ``Label : value`` lines."""
    values: dict[str, str] = {}
    labels = BASELINE_LABELS[doc_type]
    for page in pages:
        for line in ocr(page.image, psm=3).text.splitlines():
            label, sep, value = line.partition(":")
            field = labels.get(label.strip())
            if sep and field and field not in values:
                value = value.strip()
                if field in _DIGIT_FIELDS:
                    value = re.sub(r"\D", "", value)
                elif "tanggal" in field:
                    value = parse_date(value) or value
                else:
                    value = clean_text(value)
                values[field] = value
    return values


class Tally:
    """Right/total and character errors, grouped."""

    def __init__(self) -> None:
        self.right: dict[tuple, int] = defaultdict(int)
        self.total: dict[tuple, int] = defaultdict(int)
        self.chars: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, key: tuple, got: str | None, want: str) -> None:
        self.total[key] += 1
        self.right[key] += got == want
        c = self.chars[key]
        c[0] += Levenshtein.distance(got or "", want)
        c[1] += max(1, len(want))

    def rate(self, key: tuple) -> str:
        n = self.total.get(key, 0)
        return f"{100 * self.right[key] / n:5.1f}% ({self.right[key]}/{n})" if n else "—"

    def cer(self, key: tuple) -> str:
        e, n = self.chars.get(key, [0, 0])
        return f"{100 * e / n:4.1f}%" if n else "—"


def run(cases: int, seed: int, with_baseline: bool) -> None:
    """Generate, read, compare, print."""
    ours, base = Tally(), Tally()
    types_right = types_total = 0
    caught, defects, clean, alarms = defaultdict(int), defaultdict(int), 0, 0
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in generate(Path(tmp), cases, seed):
            truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
            docs: list[Document] = []
            for f in truth["files"]:
                result = extract_file(folder / f["file"])
                docs += result.documents
                pages = [p for p in iter_pages(folder / f["file"]) if isinstance(p, Page)] \
                    if with_baseline else []
                for c in f["contains"]:
                    dt = c["doc_type"]
                    found = next((d for d in result.documents if d.doc_type.value == dt), None)
                    types_total += 1
                    types_right += found is not None
                    raw = baseline(pages, dt) if with_baseline else {}
                    for name, want in truth["documents"][dt]["fields"].items():
                        if want is None:
                            continue
                        got = found.value(name) if found else None
                        for key in ((dt, f["form"], f["degradation"]), (dt, name), (dt,)):
                            ours.add(key, got, want)
                            base.add(key, raw.get(name), want)
                        if got != want and len(misses) < 40:
                            misses.append(f"{folder.name}/{f['file']} {dt}.{name}: "
                                          f"{got!r} ≠ {want!r}")
            office = truth["office"]
            found = [x for d in docs for x in check_document(d, office=office)]
            found += check_case(docs, office=office)
            codes = {x.code for x in found}
            for d in truth["defects"]:
                defects[d["code"]] += 1
                caught[d["code"]] += d["finding"] in codes
            if not truth["defects"]:
                clean += 1
                alarms += any(x.severity is Severity.ERROR for x in found)
    _print(ours, base, with_baseline, types_right, types_total)
    print("\nDefect catch rate, end to end from images:")
    for code, n in sorted(defects.items()):
        print(f"  {code:<26} {caught[code]}/{n}")
    print(f"  clean cases with an error-level finding: {alarms}/{clean}")
    print("\nFirst misses:")
    for m in misses:
        print("  " + m)


def _print(ours: Tally, base: Tally, with_baseline: bool, right: int, total: int) -> None:
    groups = sorted(k for k in ours.total if len(k) == 3)
    print(f"{'document / form / degradation':<42} {'ours':>18} {'raw tesseract':>18} "
          f"{'CER ours':>9} {'CER raw':>8}")
    for key in groups:
        label = " / ".join(key)
        print(f"{label:<42} {ours.rate(key):>18} "
              f"{base.rate(key) if with_baseline else '—':>18} {ours.cer(key):>9} "
              f"{base.cer(key) if with_baseline else '—':>8}")
    print()
    for key in sorted(k for k in ours.total if len(k) == 2):
        print(f"{'.'.join(key):<42} {ours.rate(key):>18} "
              f"{base.rate(key) if with_baseline else '—':>18}")
    for key in sorted(k for k in ours.total if len(k) == 1):
        print(f"{'ALL ' + key[0]:<42} {ours.rate(key):>18} "
              f"{base.rate(key) if with_baseline else '—':>18} {ours.cer(key):>9}")
    print(f"\ndocument type found: {right}/{total}")


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7777)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    run(args.cases, args.seed, not args.no_baseline)


if __name__ == "__main__":
    main()

"""Defect catch rate per defect class and false alarms on clean cases.

Two modes, over a fresh specimen set (a seed not used for the committed specimens):

- ``--truth`` (default): the validators alone, on the printed values of each case (no OCR).
  Bar: 100 % caught, no false alarm.
- ``--images``: end to end: the generated files are read by the extractors, then checked.
  Bars (issue 13, "findings a clerk can trust"): ≥ 95 % of the defect-free cases show no
  warning or error; ≥ 95 % of the defective cases still show their defect (error or warning);
  a *clear* defect (its finding an error by the code table) whose fields were read with
  confidence (>= ``validators.rules.LOW_CONFIDENCE``) is shown as an error.

The last lines print those three shares.

Usage: ``.venv/bin/python bench/defects.py [--cases 120] [--seed 4242] [--images]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.models import Document, Severity  # noqa: E402
from samples.defects import DEFECTS  # noqa: E402
from samples.truth import build_case  # noqa: E402
from validators.codes import CODES  # noqa: E402
from validators.rules import (  # noqa: E402
    LOW_CONFIDENCE,
    check_case,
    documents_from_case,
    with_findings,
)


def _from_images(folder: Path) -> list[Document]:
    from extractors.pipeline import extract_file

    docs: list[Document] = []
    for path in sorted(folder.iterdir()):
        if path.name != "truth.json":
            docs += extract_file(path).documents
    return docs


def _case_documents(seed: int, index: int, images: bool, tmp: Path) -> tuple[dict, list]:
    if not images:
        case = build_case(seed, index)
        return case, documents_from_case(case)
    from samples.generate import generate_case

    folder = generate_case(tmp, seed, index)
    case = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return case, _from_images(folder)


def _read_with_confidence(docs: list[Document], defect: dict) -> bool:
    """Whether every field of ``defect`` was read (on its documents) with confidence."""
    for name in defect["fields"]:
        reads = [d.fields[name] for d in docs
                 if d.doc_type.value in defect["doc_types"] and name in d.fields]
        if not any(f.value and "?" not in f.value and f.confidence >= LOW_CONFIDENCE
                   for f in reads):
            return False
    return True


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:.1f} %" if whole else "—"


def main() -> None:
    """Run the cases, print the table and the shares."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=120)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--images", action="store_true", help="end to end from images")
    args = parser.parse_args()
    cases, caught, as_error = Counter(), Counter(), Counter()
    clean = alarms = noisy = clear = clear_errors = 0
    alarm_codes: Counter[str] = Counter()
    noise_codes: Counter[str] = Counter()
    missed_clear: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(1, args.cases + 1):
            case, docs = _case_documents(args.seed, index, args.images, Path(tmp))
            checked = with_findings(docs, office=case["office"])  # as the flows check a case
            found = [f for d in checked for f in d.findings]
            found += check_case(checked, office=case["office"])
            codes = {f.code for f in found if f.severity is not Severity.INFO}
            error_codes = {f.code for f in found if f.severity is Severity.ERROR}
            for d in case["defects"]:
                cases[d["code"]] += 1
                caught[d["code"]] += d["finding"] in codes
                as_error[d["code"]] += d["finding"] in error_codes
                if CODES[d["finding"]].severity is Severity.ERROR \
                        and _read_with_confidence(docs, d):
                    clear += 1
                    clear_errors += d["finding"] in error_codes
                    if d["finding"] not in error_codes:
                        missed_clear.append(f"{case['case_id']} {d['code']}")
            if not case["defects"]:
                clean += 1
                errors = [f.code for f in found if f.severity is Severity.ERROR]
                alarms += bool(errors)
                alarm_codes.update(errors)
                shown = sorted({f.code for f in found if f.severity is not Severity.INFO})
                noisy += bool(shown)
                noise_codes.update(shown)
    mode = "end to end from images" if args.images else "validators alone, truth values"
    print(f"Defect catch rate ({mode}; seed {args.seed}, {args.cases} cases)\n")
    print(f"{'defect':<26} {'finding':<26} {'caught':>8} {'as error':>9}")
    for d in DEFECTS:
        n = cases[d.code]
        rate = f"{caught[d.code]}/{n}" if n else "—"
        errs = f"{as_error[d.code]}/{n}" if n else "—"
        print(f"{d.code:<26} {d.finding:<26} {rate:>8} {errs:>9}")
    total = sum(cases.values())
    print(f"\nall defects: {sum(caught.values())}/{total} caught, "
          f"{sum(as_error.values())}/{total} as an error; clean cases with an "
          f"error-level finding: {alarms}/{clean}; with any warning or error: {noisy}/{clean}")
    if alarm_codes:
        print("false alarms by code:", dict(alarm_codes.most_common()))
    if noise_codes:
        print("clean cases with a warning/error, by code:", dict(noise_codes.most_common()))
    print("\nshares (bar ≥ 95 % each):")
    print(f"  defect-free cases with no warning or error: {_share(clean - noisy, clean)}")
    print(f"  defective cases showing their defect:       {_share(sum(caught.values()), total)}")
    print(f"  clear defects read with confidence, as error: {_share(clear_errors, clear)}")
    if missed_clear:
        print("  clear defects read with confidence but not an error:", ", ".join(missed_clear))


if __name__ == "__main__":
    main()

"""KTP and NPWP cards as offices receive them: field accuracy per condition, seen vs held out.

Usage: ``.venv/bin/python bench/cards.py [--cards 4] [--seed 4242] [--conditions a,b]
[--no-baseline] [--heldout-only] [--misses [--held-out-misses]] [--jobs 2]``

For every condition of ``samples.generate.CARD_CONDITIONS`` (clean, flatbed scan, phone photo,
low resolution, WhatsApp, photocopy 1st/2nd generation and 1-bit, two cards on one A4 sheet,
a multi-page PDF bundle, pages rotated by 90/180/270) it draws ``--cards`` applicants with the
*seen* variant (what the readers were tuned on) and as many with the *held-out* variant (other
ranges and mechanisms, never tuned on), reads every file through ``extractors.pipeline``, and
prints per condition: KTP and NPWP field exact match, identity numbers exact (KTP NIK, NPWP
number, NPWP card NIK line), identity numbers left unreadable (``?`` or empty: the clerk types
them), beside plain Tesseract (whole image, ``ind``, ``Label : value`` lines). The last line
counts wrong identity numbers read with confidence >= 0.8 (must be 0), and blank pages / photos
that are no document taken for one (must be 0).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.models import Page  # noqa: E402
from extractors.load import iter_pages  # noqa: E402
from extractors.normalize import clean_text  # noqa: E402
from extractors.pipeline import extract_file  # noqa: E402
from extractors.tesseract import ocr  # noqa: E402
from samples.generate import (  # noqa: E402
    CARD_CONDITIONS,
    write_condition,
    write_non_documents,
)
from samples.npwp_card import printed_fields  # noqa: E402
from samples.truth import build_case  # noqa: E402

IDS = {("ktp", "nik"), ("npwp", "npwp"), ("npwp", "nik")}
CARD_DOCS = ("ktp", "npwp")


KTP_LABELS = {"NIK": "nik", "Nama": "nama", "Alamat": "alamat", "RT/RW": "rt_rw",
              "Kel/Desa": "kel_desa", "Kecamatan": "kecamatan", "Agama": "agama",
              "Status Perkawinan": "status_perkawinan", "Pekerjaan": "pekerjaan",
              "Kewarganegaraan": "kewarganegaraan", "Berlaku Hingga": "berlaku_hingga",
              "Jenis Kelamin": "jenis_kelamin"}


def _baseline(pages: list[Page], doc_type: str) -> dict[str, str]:
    """Plain Tesseract (whole image, ``--psm 3``), then ``Label : value`` lines (the NPWP card
    with bench/accuracy's parser)."""
    lines = [ln for p in pages for ln in ocr(p.image, psm=3).text.splitlines()]
    if doc_type == "npwp":
        from bench.accuracy import baseline_npwp

        return baseline_npwp(lines)
    values: dict[str, str] = {}
    for line in lines:
        label, sep, value = line.partition(":")
        name = KTP_LABELS.get(label.strip())
        if sep and name and name not in values:
            values[name] = (re.sub(r"\D", "", value) if name == "nik"
                            else clean_text(value.strip()))
    return values


class Count:
    """right / total per key."""

    def __init__(self) -> None:
        self.right: dict[tuple, int] = defaultdict(int)
        self.total: dict[tuple, int] = defaultdict(int)

    def add(self, key: tuple, ok: bool) -> None:
        self.total[key] += 1
        self.right[key] += ok

    def pct(self, key: tuple) -> str:
        n = self.total.get(key, 0)
        return f"{100 * self.right[key] / n:5.1f}% {self.right[key]:>3}/{n:<3}" if n else "—"


def _case(job: tuple[int, str, bool, int, bool]) -> tuple[float, list[tuple]]:
    """Draw and read one applicant under one condition: (seconds of reading, observations
    ``(kind, key, ok, extra)``) for :func:`run` to count."""
    seed, cond, heldout, i, with_baseline = job
    variant = "held-out" if heldout else "seen"
    index = 1000 * (CARD_CONDITIONS.index(cond) + 1) + 2 * i + heldout
    truth = build_case(seed, index, defect_rate=0.0)
    rng = random.Random(f"cards:{seed}:{cond}:{heldout}:{i}")
    seconds, seen = 0.0, []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for entry in write_condition(folder, truth, cond, heldout=heldout, rng=rng):
            path = folder / entry["file"]
            start = time.perf_counter()
            docs = extract_file(path).documents
            seconds += time.perf_counter() - start
            pages = ([p for p in iter_pages(path) if isinstance(p, Page)]
                     if with_baseline else [])
            for c in entry["contains"]:
                dt = c["doc_type"]
                if dt not in CARD_DOCS:
                    continue
                found = next((d for d in docs if d.doc_type.value == dt), None)
                raw = _baseline(pages, dt) if with_baseline else {}
                printed = truth["documents"][dt]["fields"]
                if dt == "npwp":  # the old card prints no NIK line
                    printed = printed_fields(printed, entry["npwp_design"])
                for name, want in printed.items():
                    if want is None:
                        continue
                    f = found.fields.get(name) if found else None
                    got, conf = (f.value, f.confidence) if f else (None, 0.0)
                    seen.append(("field", (cond, variant, dt), got == want, raw.get(name) == want,
                                 f"{cond}/{variant}/{i} {dt}.{name}: {got!r} != {want!r}"
                                 f" ({conf:.2f})"))
                    if (dt, name) not in IDS:
                        continue
                    sure = bool(got and got != want and "?" not in got and conf >= 0.8)
                    seen.append(("id", (cond, variant), got == want, raw.get(name) == want,
                                 (not got or "?" in got, sure,
                                  f"{cond}/{variant}/{i} {dt}.{name} {got} != {want}"
                                  f" ({conf:.2f})")))
    return seconds, seen


def run(cards: int, seed: int, conditions: list[str], with_baseline: bool,
        variants: tuple[bool, ...], show_misses: bool, jobs: int = 1,
        held_out_misses: bool = False) -> None:
    """Draw, read, compare, print (``jobs`` applicants read at once). The misses listed are
    the seen variants' only, unless ``held_out_misses`` (to audit, never to tune on)."""
    fields, ids, unread, base, base_ids = Count(), Count(), Count(), Count(), Count()
    wrong_sure: list[str] = []
    misses: list[str] = []
    seconds: dict[str, float] = defaultdict(float)
    pool = multiprocessing.get_context("spawn").Pool(jobs) if jobs > 1 else None
    try:
        for cond in conditions:
            for heldout in variants:
                batch = [(seed, cond, heldout, i, with_baseline) for i in range(1, cards + 1)]
                for spent, seen in (pool.imap(_case, batch) if pool else map(_case, batch)):
                    seconds[cond] += spent
                    for kind, key, ok, raw_ok, extra in seen:
                        if kind == "field":
                            fields.add(key, ok)
                            base.add(key, raw_ok)
                            if not ok and len(misses) < 400 and (held_out_misses
                                                                 or not heldout):
                                misses.append(extra)
                        else:
                            ids.add(key, ok)
                            base_ids.add(key, raw_ok)
                            unread.add(key, extra[0])
                            if extra[1]:
                                wrong_sure.append(extra[2])
                _table(fields, ids, unread, base, base_ids, [cond], (heldout,), with_baseline,
                       seconds, cards, head=cond == conditions[0] and heldout == variants[0])
    finally:
        if pool:
            pool.close()
            pool.join()
    nondoc = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in write_non_documents(Path(tmp), random.Random(seed)):
            docs = extract_file(Path(tmp) / name).documents
            nondoc += [f"{name}: {d.doc_type.value}" for d in docs]
    print()
    _table(fields, ids, unread, base, base_ids, conditions, variants, with_baseline, seconds,
           cards)
    print(f"\nwrong identity numbers with confidence >= 0.8: {len(wrong_sure)}")
    for line in wrong_sure:
        print("  " + line)
    print(f"blank page / landscape photo taken for a document: {len(nondoc)} {nondoc or ''}")
    if show_misses:
        print("\nMisses:")
        for m in misses:
            print("  " + m)


def _table(fields: Count, ids: Count, unread: Count, base: Count, base_ids: Count,
           conditions: list[str], variants: tuple[bool, ...], with_baseline: bool,
           seconds: dict[str, float], cards: int, head: bool = True) -> None:
    title = (f"{'condition':<15} {'variant':<9} {'KTP fields':>14} {'NPWP fields':>14} "
             f"{'id numbers':>14} {'id unreadable':>14}")
    if with_baseline:
        title += f" {'raw KTP':>14} {'raw NPWP':>14} {'raw ids':>14}"
    if head:
        print(title + f" {'s/file':>7}")
    for cond in conditions:
        for heldout in variants:
            v = "held-out" if heldout else "seen"
            line = (f"{cond:<15} {v:<9} {fields.pct((cond, v, 'ktp')):>14} "
                    f"{fields.pct((cond, v, 'npwp')):>14} {ids.pct((cond, v)):>14} "
                    f"{unread.pct((cond, v)):>14}")
            if with_baseline:
                line += (f" {base.pct((cond, v, 'ktp')):>14} {base.pct((cond, v, 'npwp')):>14}"
                         f" {base_ids.pct((cond, v)):>14}")
            files = 1 if cond in ("sheet", "bundle") else 2
            per = seconds[cond] / max(1, cards * files * len(variants))
            print(line + f" {per:>7.1f}", flush=True)


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=4, help="applicants per condition/variant")
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--conditions", default=",".join(CARD_CONDITIONS))
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--heldout-only", action="store_true")
    parser.add_argument("--seen-only", action="store_true")
    parser.add_argument("--misses", action="store_true",
                        help="list every wrong field of the seen variants")
    parser.add_argument("--held-out-misses", action="store_true",
                        help="with --misses, the held-out ones too (to audit, never to tune on)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="applicants read at once (each with OMP_THREAD_LIMIT=1)")
    args = parser.parse_args()
    conditions = [c for c in args.conditions.split(",") if c]
    unknown = set(conditions) - set(CARD_CONDITIONS)
    if unknown:
        parser.error(f"unknown conditions {sorted(unknown)}; known: {', '.join(CARD_CONDITIONS)}")
    variants = (True,) if args.heldout_only else (False,) if args.seen_only else (False, True)
    run(args.cards, args.seed, conditions, not args.no_baseline, variants, args.misses,
        args.jobs, args.held_out_misses)


if __name__ == "__main__":
    main()

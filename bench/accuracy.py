"""Permit and NPWP-card reading per layout family, seen vs held out, next to a plain baseline.

Usage: ``.venv/bin/python bench/accuracy.py [--cases 12] [--seed 7777]
[--families a,b|seen|held-out] [--formats text_pdf,clean,scan,photo,lowres] [--npwp-cases 12]
[--no-baseline] [--no-permit] [--no-npwp] [--misses [--held-out-misses]]``

Permits are drawn in every layout family of :mod:`samples.permit_layouts` (``--cases`` per
family), each as a text PDF and as one image form in turn (clean, flatbed scan, phone photo,
low resolution); NPWP cards in every design of :mod:`samples.npwp_card` and every degradation.
Families and designs marked held out (and the label wordings marked held out) are never used
for tuning: they are only measured here, and reported apart.

The baseline on the same files: the PDF's text (text PDFs) or plain Tesseract on the whole
image (``ind``, psm 3, no preprocessing), then ``Label : value`` regexes over the lines with the
same label vocabulary, the title phrases, ``NOMOR``, ``Pada tanggal`` and ``PEMERINTAH …``.
Prints exact-match field accuracy per family × format, seen vs held out, and the ratio of ours
to the baseline.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pdfplumber  # noqa: E402
from PIL import Image  # noqa: E402

from core.models import DocType  # noqa: E402
from core.vocabulary.permit_labels import FIELD_LABELS  # noqa: E402
from extractors.normalize import clean_text, parse_date  # noqa: E402
from extractors.permit import area  # noqa: E402
from extractors.pipeline import extract_file  # noqa: E402
from extractors.tesseract import ocr  # noqa: E402
from samples.degrade import degrade, jpeg  # noqa: E402
from samples.generate import PAGE_DPI, raster  # noqa: E402
from samples.npwp_card import DESIGNS, HELD_OUT_DESIGNS, printed_fields, render_npwp  # noqa: E402
from samples.permit import FAMILIES, HELD_OUT, families_for, write_bench_permit  # noqa: E402
from samples.truth import build_case  # noqa: E402

IMAGE_FORMATS = ("clean", "scan", "photo", "lowres")
QUALITY = {"clean": 92, "scan": 70, "photo": 82, "lowres": 85}
_LABEL_RE = [(re.compile(r"^\W*(?:\d{1,2}[.)]|[a-h][.)])?\s*" + re.escape(w).replace(r"\ ", r"\s*")
                         + r"\s*[:;]\s*(.+)$", re.I), name)
             for name, ws in FIELD_LABELS.items() for w in sorted(ws, key=len, reverse=True)]


def baseline_permit(lines: list[str]) -> dict[str, str]:
    """``Label : value`` regexes (the vocabulary's labels) and title/number/date lines."""
    out: dict[str, str] = {}
    text = "\n".join(lines).upper()
    for kind, phrase in (("PBG", "PERSETUJUAN BANGUNAN GEDUNG"), ("IMB", "IZIN MENDIRIKAN")):
        if phrase in text:
            out["jenis"] = kind
            break
    for line in lines:
        up = line.strip().upper()
        if "penerbit" not in out and (m := re.match(r"PEMERINTAH\s+((?:KABUPATEN|KOTA)\s.+)", up)):
            out["penerbit"] = clean_text(m.group(1))
        if "nomor" not in out and (m := re.match(r"NOMOR\s*:?\s*(\S+)", up)):
            out["nomor"] = m.group(1)
        if m := re.search(r"PADA\s+TANGGAL\s*:\s*(.+)", up):
            out["tanggal"] = parse_date(m.group(1)) or m.group(1)
        for rx, name in _LABEL_RE:
            if name not in out and (m := rx.match(line.strip())):
                value = m.group(1).strip()
                if name in ("luas_bangunan", "luas_tanah"):
                    value = area(value) or value
                elif name == "jumlah_lantai":
                    value = (re.findall(r"\d+", value) or [value])[0]
                elif name == "nik":
                    value = re.sub(r"\D", "", value)
                else:
                    value = clean_text(value)
                out[name] = value
                break
    return out


def baseline_npwp(lines: list[str]) -> dict[str, str]:
    """NPWP/NIK after their label, ``KPP …`` line, a date after ``Terdaftar``."""
    out: dict[str, str] = {}
    for i, line in enumerate(lines):
        up = line.strip().upper()
        if "npwp" not in out and (m := re.match(r"NPWP\s*:?\s*([\d.\- ]{15,})", up)):
            out["npwp"] = re.sub(r"\D", "", m.group(1))
            if i + 1 < len(lines):
                out["nama"] = clean_text(lines[i + 1])
        if "nik" not in out and (m := re.match(r"NIK\s*:?\s*([\d ]{16,})", up)):
            out["nik"] = re.sub(r"\D", "", m.group(1))
        if "kpp" not in out and up.startswith("KPP"):
            out["kpp"] = clean_text(up)
        if m := re.search(r"TERDAFTAR\s*:?\s*(.+)", up):
            out["tanggal_terdaftar"] = parse_date(m.group(1)) or m.group(1)
    return out


class Tally:
    """Right/total per key."""

    def __init__(self) -> None:
        self.right: dict[tuple, int] = defaultdict(int)
        self.total: dict[tuple, int] = defaultdict(int)

    def add(self, keys: list[tuple], ok: bool) -> None:
        for key in keys:
            self.total[key] += 1
            self.right[key] += ok

    def pct(self, key: tuple) -> float | None:
        n = self.total.get(key, 0)
        return 100 * self.right[key] / n if n else None


def _image_file(pdf: Path, kind: str, rng: random.Random) -> Path:
    pages = [degrade(p if kind != "photo" else p.convert("RGB"), kind, rng, card=False,
                     dpi=PAGE_DPI)[0] for p in raster(pdf)]
    dpi = 150 if kind == "lowres" else PAGE_DPI
    if len(pages) == 1:
        path = pdf.with_suffix(f".{kind}.jpg")
        path.write_bytes(jpeg(pages[0], QUALITY[kind]))
    else:
        path = pdf.with_suffix(f".{kind}.tif")
        pages[0].save(path, "TIFF", compression="jpeg", quality=QUALITY[kind], save_all=True,
                      append_images=pages[1:], dpi=(dpi, dpi))
    return path


def _lines_of(path: Path) -> list[str]:
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return [ln for p in pdf.pages for ln in (p.extract_text() or "").splitlines()]
    img = Image.open(path)
    out = []
    for i in range(getattr(img, "n_frames", 1)):
        img.seek(i)
        import numpy as np

        out += ocr(np.asarray(img.convert("RGB"))[:, :, ::-1].copy(), psm=3).text.splitlines()
    return out


def _score(tally: Tally, base: Tally, keys: list[tuple], truth: dict, ours: dict,
           raw: dict | None, misses: list[str] | None, tag: str) -> None:
    """Count each field; a miss is kept in ``misses`` (``None``: a held-out document whose
    misses are not shown, see ``--held-out-misses``)."""
    for name, want in truth.items():
        if want is None:
            continue
        got = ours.get(name)
        tally.add([*keys, (*keys[0], name)], got == want)
        if raw is not None:
            base.add([*keys, (*keys[0], name)], raw.get(name) == want)
        if got != want and misses is not None and len(misses) < 60:
            misses.append(f"{tag} {name}: {got!r} ≠ {want!r}")


def _shown(args, group: str, misses: list[str]) -> list[str] | None:
    """Where a document's misses go: only seen ones are shown unless asked, so that nobody
    tunes the readers on what held-out documents get wrong."""
    return misses if group == "seen" or args.held_out_misses else None


def _permit_pool(seed: int, family: str, n: int):
    k = 0
    while n:
        k += 1
        fields = build_case(seed, k)["documents"]["permit"]["fields"]
        if family in families_for(fields["jenis"]):
            n -= 1
            yield k, fields


def run_permits(args, tmp: Path, ours: Tally, base: Tally, misses: list[str]) -> None:
    formats = [f for f in args.formats if f != "text_pdf"]
    for family in args.families:
        group = "held-out" if family in HELD_OUT else "seen"
        for i, (k, fields) in enumerate(_permit_pool(args.seed, family, args.cases)):
            pdf = tmp / f"{family}_{k}.pdf"
            fields, rng = write_bench_permit(pdf, args.seed, family, k)
            files = [("text_pdf", pdf)] if "text_pdf" in args.formats else []
            if formats:
                kind = formats[i % len(formats)]
                files.append((kind, _image_file(pdf, kind, rng)))
            for form, path in files:
                docs = [d for d in extract_file(path).documents if d.doc_type == DocType.PERMIT]
                got = {n: docs[0].value(n) for n in fields} if docs else {}
                raw = baseline_permit(_lines_of(path)) if args.baseline else None
                keys = [("permit", family, form), ("permit", group, form), ("permit", group)]
                _score(ours, base, keys, fields, got, raw, _shown(args, group, misses),
                       f"{family}/{form}/{k}")


def run_npwp(args, tmp: Path, ours: Tally, base: Tally, misses: list[str]) -> None:
    for d_i, design in enumerate(DESIGNS):
        if design not in args.designs:
            continue
        group = "held-out" if design in HELD_OUT_DESIGNS else "seen"
        for i in range(args.npwp_cases):
            k = 1 + i + 100 * d_i
            fields = printed_fields(build_case(args.seed, k)["documents"]["npwp"]["fields"],
                                    design)
            rng = random.Random(f"bench-npwp:{args.seed}:{design}:{k}")
            kind = IMAGE_FORMATS[i % len(IMAGE_FORMATS)]
            card, _ = render_npwp(fields, rng, design=design)
            img, _ = degrade(card, kind, rng, card=True)
            path = tmp / f"npwp_{design}_{k}.jpg"
            path.write_bytes(jpeg(img.convert("RGB"), QUALITY[kind]))
            docs = [d for d in extract_file(path).documents if d.doc_type == DocType.NPWP]
            got = {n: docs[0].value(n) for n in fields} if docs else {}
            raw = baseline_npwp(_lines_of(path)) if args.baseline else None
            keys = [("npwp", design, kind), ("npwp", group, kind), ("npwp", group)]
            _score(ours, base, keys, fields, got, raw, _shown(args, group, misses),
                   f"npwp/{design}/{kind}/{k}")


def _fmt(v: float | None) -> str:
    return f"{v:5.1f}%" if v is not None else "   —  "


def report(ours: Tally, base: Tally, with_baseline: bool) -> None:
    print(f"{'document / family (group) / format':<46} {'ours':>7} {'baseline':>9} "
          f"{'ratio':>6} {'n':>5}")
    for doc in ("permit", "npwp"):
        keys = sorted(k for k in ours.total if len(k) == 3 and k[0] == doc
                      and k[1] not in ("seen", "held-out"))
        for key in keys:
            group = "held-out" if key[1] in HELD_OUT | HELD_OUT_DESIGNS else "seen"
            _row(f"{doc} / {key[1]} ({group}) / {key[2]}", key, ours, base, with_baseline)
        for group in ("seen", "held-out"):
            for key in sorted(k for k in ours.total if k[:2] == (doc, group) and len(k) == 3):
                _row(f"{doc} / ALL {group} / {key[2]}", key, ours, base, with_baseline)
            if (doc, group) in ours.total:
                _row(f"{doc} / ALL {group}", (doc, group), ours, base, with_baseline)
        print()
    fields = sorted({k[3] for k in ours.total if len(k) == 4})
    print("per field (all families and formats):")
    for doc in ("permit", "npwp"):
        for name in fields:
            keys = [k for k in ours.total if len(k) == 4 and k[0] == doc and k[3] == name]
            n = sum(ours.total[k] for k in keys)
            if n:
                r = sum(ours.right[k] for k in keys)
                b = sum(base.right[k] for k in keys)
                print(f"  {doc}.{name:<24} {100 * r / n:5.1f}%"
                      + (f"   baseline {100 * b / n:5.1f}%" if with_baseline else ""))


def _row(label: str, key: tuple, ours: Tally, base: Tally, with_baseline: bool) -> None:
    o, b = ours.pct(key), base.pct(key) if with_baseline else None
    ratio = f"{o / b:6.2f}" if o is not None and b else "    —"
    print(f"{label:<46} {_fmt(o):>7} {_fmt(b):>9} {ratio:>6} {ours.total[key]:>5}")


def _families(arg: str) -> list[str]:
    """``a,b`` → those families; ``seen`` / ``held-out`` → every family of that group."""
    if arg in ("seen", "held-out"):
        return [f for f in FAMILIES if (f in HELD_OUT) == (arg == "held-out")]
    return arg.split(",")


def main() -> None:
    """Parse arguments, generate, read, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=12, help="permits per family")
    parser.add_argument("--npwp-cases", type=int, default=12, help="NPWP cards per design")
    parser.add_argument("--seed", type=int, default=7777)
    parser.add_argument("--families", type=_families, default=list(FAMILIES),
                        help="comma-separated families, or 'seen' / 'held-out'")
    parser.add_argument("--designs", type=lambda s: s.split(","), default=list(DESIGNS))
    parser.add_argument("--formats", type=lambda s: s.split(","),
                        default=["text_pdf", *IMAGE_FORMATS])
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    parser.add_argument("--no-permit", dest="permit", action="store_false")
    parser.add_argument("--no-npwp", dest="npwp", action="store_false")
    parser.add_argument("--misses", action="store_true",
                        help="print the first misses of seen families and designs")
    parser.add_argument("--held-out-misses", action="store_true",
                        help="with --misses, held-out ones too (to audit, never to tune on)")
    args = parser.parse_args()
    ours, base, misses = Tally(), Tally(), []
    with tempfile.TemporaryDirectory() as tmp:
        if args.permit:
            run_permits(args, Path(tmp), ours, base, misses)
        if args.npwp:
            run_npwp(args, Path(tmp), ours, base, misses)
    report(ours, base, args.baseline)
    if args.misses:
        print("\nfirst misses:")
        for m in misses:
            print("  " + m)


if __name__ == "__main__":
    main()

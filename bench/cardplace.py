"""Where the card finder lays the cards of seen A4 sheets, bundles and sideways pages, beside
where the generator put them: IoU per card, how far each side is off, whether the card came
the right way round.

Usage: ``.venv/bin/python bench/cardplace.py [--seed 12] [--cards 8] [--conditions a,b]``

Seen variants only (the generator's placement is read off its own calls: the card's corners as
laid on the sheet, then the scanner's matrix). A side's offset is the found side's distance
outside (+) or inside (-) the true one, in % of the card's width (left, right) or height (top,
bottom).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path
from unittest import mock

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.models import Page  # noqa: E402
from extractors.cardfind import a4_page, find_card_quads  # noqa: E402
from extractors.cardshape import _grey, _iou  # noqa: E402
from extractors.load import iter_pages  # noqa: E402
from samples import generate  # noqa: E402
from samples.truth import build_case  # noqa: E402

SIDES = ("top", "right", "bottom", "left")


def side_offsets(true: np.ndarray, found: np.ndarray) -> list[float]:
    """Per side of ``true`` (corners TL, TR, BR, BL): how far ``found``'s extent along the card's
    axes lies outside (+) it, in % of the card's width or height."""
    u, v = true[1] - true[0], true[3] - true[0]
    w, h = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    u, v = u / w, v / h
    a, b = (found - true[0]) @ u, (found - true[0]) @ v
    return [100 * -b.min() / h, 100 * (a.max() - w) / w, 100 * (b.max() - h) / h,
            100 * -a.min() / w]


def _placements(cond: str, truth: dict, rng: random.Random, folder: Path):
    """Write the seen files of ``cond``; return their entries and, per file written, the cards'
    true corners on the unscanned sheet and the scanner's matrices."""
    laid: list[np.ndarray] = []
    scans: list[np.ndarray] = []
    kept_apart, degrade = generate._kept_apart, generate.degrade

    def record_kept(m, size, *args, **kw):
        out = kept_apart(m, size, *args, **kw)
        laid.append(generate._corners(out, size))
        return out

    def record_degrade(img, kind, *args, **kw):
        out = degrade(img, kind, *args, **kw)
        if not kw.get("card"):
            scans.append(np.asarray(out[1], np.float64))
        return out

    with mock.patch.object(generate, "_kept_apart", record_kept), \
            mock.patch.object(generate, "degrade", record_degrade):
        entries = generate.write_condition(folder, truth, cond, heldout=False, rng=rng)
    return entries, laid, scans


def _turns(corners: np.ndarray, size: tuple[int, int]) -> list[np.ndarray]:
    """``corners`` on a page of ``size`` (w, h) as they lie after each quarter turn."""
    w, h = size
    x, y = corners[:, 0], corners[:, 1]
    return [corners, np.stack([y, w - 1 - x], 1), np.stack([w - 1 - x, h - 1 - y], 1),
            np.stack([h - 1 - y, x], 1)]


def run(seed: int, cards: int, conditions: list[str], save: Path | None = None) -> None:
    ious: list[float] = []
    for cond in conditions:
        for i in range(1, cards + 1):
            index = 1000 * (generate.CARD_CONDITIONS.index(cond) + 1) + 2 * i
            truth = build_case(seed, index, defect_rate=0.0)
            rng = random.Random(f"cards:{seed}:{cond}:False:{i}")
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                entries, laid, scans = _placements(cond, truth, rng, folder)
                sheet_w, sheet_h = generate._a4()
                # per card page: (file, page number, doc, true corners on the sheet)
                if cond == "sheet":
                    m = scans[0]
                    todo = [(entries[0]["file"], 1, d,
                             cv2.perspectiveTransform(c.reshape(1, -1, 2).astype(np.float64),
                                                      m)[0])
                            for d, c in zip(("ktp", "npwp"), laid, strict=True)]
                elif cond == "bundle":
                    todo = [(entries[0]["file"], p + 1, d, laid[p])
                            for p, d in enumerate(("ktp", "npwp"))]
                else:
                    todo = [(e["file"], 1, e["contains"][0]["doc_type"], c)
                            for e, c in zip(entries, laid, strict=True)]
                pages = {}
                for name in {t[0] for t in todo}:
                    pages[name] = [p for p in iter_pages(folder / name) if isinstance(p, Page)]
                for name, pno, doc, corners in todo:
                    img = pages[name][pno - 1].image
                    grey = _grey(img)
                    found = find_card_quads(grey, paper=a4_page(grey))
                    h, w = grey.shape[:2]
                    sheet_size = (sheet_w, sheet_h) if h > w else (sheet_h, sheet_w)
                    scale = max(h, w) / max(sheet_size)
                    base = corners * scale
                    options = (_turns(base, (round(sheet_w * scale), round(sheet_h * scale)))
                               if cond == "rotated" else [base])
                    best = (-1.0, None, None)
                    for true in options:
                        for q in found:
                            best = max(best, (_iou(true, q), id(q), (true, q)),
                                       key=lambda t: t[0])
                    if best[2] is None:
                        print(f"{cond} {i} {doc}: no card found ({len(found)} quads)")
                        ious.append(0.0)
                        continue
                    iou, _, (true, q) = best
                    ious.append(iou)
                    # the found corner nearest the true card's top left: the way round
                    first = int(np.argmin(np.linalg.norm(q - true[0], axis=1)))
                    offs = side_offsets(true, q)
                    if save:
                        out = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
                        cv2.polylines(out, [true.astype(np.int32)], True, (0, 200, 0), 2)
                        cv2.polylines(out, [q.astype(np.int32)], True, (0, 0, 255), 2)
                        cv2.imwrite(str(save / f"{cond}-{i}-{doc}.png"), out)
                    print(f"{cond:<8} {i} {doc:<4} IoU {iou:.3f} quads {len(found)} "
                          f"{'upright' if first == 0 else f'turned(corner {first})'} "
                          + " ".join(f"{s} {o:+5.1f}" for s, o in zip(SIDES, offs,
                                                                      strict=True)), flush=True)
    print(f"\nmean IoU {np.mean(ious):.3f}  min {np.min(ious):.3f}  "
          f"below 0.9: {sum(x < 0.9 for x in ious)}/{len(ious)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--cards", type=int, default=8)
    parser.add_argument("--conditions", default="sheet,bundle,rotated")
    parser.add_argument("--save", type=Path, help="folder for overlays (true green, found red)")
    args = parser.parse_args()
    run(args.seed, args.cards, [c for c in args.conditions.split(",") if c], args.save)


if __name__ == "__main__":
    main()

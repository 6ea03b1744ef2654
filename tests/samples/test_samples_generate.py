"""Generated files: deterministic bytes, every form and degradation, truthful boxes and text."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytesseract
import pytest
import typer
from PIL import Image
from typer.testing import CliRunner

from flows import cli_samples
from samples.catalog import SPECIMENS, load_truth
from samples.catalog import cases as specimen_cases
from samples.defects import DEFECTS
from samples.degrade import DEGRADATIONS
from samples.generate import generate, generate_case
from samples.permit import rupiah_area
from samples.truth import build_case

SEED = 11
FORMS = {"card", "sheet", "permit_image", "text_pdf", "image_pdf"}


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(tmp_path_factory.mktemp("gen"), 12, SEED)


def _truth(folder: Path) -> dict:
    return load_truth(folder)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_gives_identical_bytes(cases: list[Path], tmp_path: Path) -> None:
    for index in (1, 2, 4):  # photo, scan, lowres, sheet, TIFF, image PDF
        again = generate_case(tmp_path, SEED, index)
        assert _files(again) == _files(cases[index - 1])


def test_every_form_and_degradation(cases: list[Path]) -> None:
    files = [f for c in cases for f in _truth(c)["files"]]
    assert {f["form"] for f in files} == FORMS
    assert {f["degradation"] for f in files} == set(DEGRADATIONS)
    assert any(f["file"].endswith(".tif") and f["pages"] == 2 for f in files)
    assert any(f["form"] == "text_pdf" and f["pages"] == 2 for f in files)


def test_listing_matches_folder_and_truth_matches_build_case(cases: list[Path]) -> None:
    for folder in cases:
        truth = _truth(folder)
        assert set(_files(folder)) == {f["file"] for f in truth["files"]} | {"truth.json"}
        assert truth["documents"] == build_case(SEED, truth["index"])["documents"]


def test_boxes_lie_inside_the_images(cases: list[Path]) -> None:
    for folder in cases:
        for f in _truth(folder)["files"]:
            if "field_boxes" not in f:
                continue
            width, height = Image.open(folder / f["file"]).size
            boxes = [b for doc in f["field_boxes"].values() for b in doc.values()]
            boxes += [c["bbox"] for c in f["contains"]]
            for x, y, w, h in boxes:
                assert x >= 0 and y >= 0 and w > 0 and h > 0
                assert x + w <= width and y + h <= height


def test_text_pdf_has_the_values_in_its_text_layer(cases: list[Path]) -> None:
    for folder in cases:
        truth = _truth(folder)
        entry = next(f for f in truth["files"] if "permit" in f["file"])
        if entry["form"] != "text_pdf":
            continue
        fields = truth["documents"]["permit"]["fields"]
        with pdfplumber.open(folder / entry["file"]) as pdf:
            assert len(pdf.pages) == entry["pages"]
            text = " ".join((p.extract_text() or "") for p in pdf.pages)
        flat = re.sub(r"\s+", " ", text)
        for key in ("nomor", "nama_pemilik", "lokasi_kecamatan", "lokasi_kel_desa",
                    "nomor_sertifikat", "fungsi"):
            assert fields[key] in flat, key
        assert rupiah_area(fields["luas_bangunan"]) in flat


def test_image_forms_have_no_text_layer_and_all_pages(cases: list[Path]) -> None:
    for folder in cases:
        for f in _truth(folder)["files"]:
            if f["form"] == "image_pdf":
                with pdfplumber.open(folder / f["file"]) as pdf:
                    assert len(pdf.pages) == f["pages"]
                    assert not any(p.chars for p in pdf.pages)
            if f["file"].endswith(".tif"):
                assert Image.open(folder / f["file"]).n_frames == f["pages"]


def test_clean_card_is_legible_to_tesseract(cases: list[Path]) -> None:
    folder, f = next((c, f) for c in cases for f in _truth(c)["files"]
                     if f["form"] == "card" and f["degradation"] == "clean"
                     and f["file"] == "npwp.jpg")
    x, y, w, h = f["field_boxes"]["npwp"]["nama"]
    crop = Image.open(folder / f["file"]).crop((x - 8, y - 8, x + w + 8, y + h + 8))
    read = pytesseract.image_to_string(crop, lang="ind", config="--psm 7").strip()
    assert read == _truth(folder)["documents"]["npwp"]["fields"]["nama"]


def test_cli_writes_cases_and_prints_a_summary(tmp_path: Path) -> None:
    app = typer.Typer()
    cli_samples.register(app)
    result = CliRunner().invoke(app, [ "--out", str(tmp_path), "--cases", "2",
                                      "--seed", "3", "--defect-rate", "0.5"])
    assert result.exit_code == 0, result.output
    assert "case_002:" in result.output and "(card/" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case_001", "case_002"]


def test_committed_specimens_match_their_truth() -> None:
    listed = specimen_cases()
    assert len(listed) >= 12
    total = sum(p.stat().st_size for p in SPECIMENS.rglob("*") if p.is_file())
    assert total <= 15 * 1024 * 1024
    seen_defects, seen_forms, seen_degradations = set(), set(), set()
    for folder, truth in listed:
        assert set(_files(folder)) == {f["file"] for f in truth["files"]} | {"truth.json"}
        rebuilt = build_case(truth["seed"], truth["index"], truth["office"],
                             defect_rate=truth["defect_rate"])
        assert truth["documents"] == rebuilt["documents"]
        seen_defects |= {d["code"] for d in truth["defects"]}
        seen_forms |= {f["form"] for f in truth["files"]}
        seen_degradations |= {f["degradation"] for f in truth["files"]}
    assert seen_defects == {d.code for d in DEFECTS}
    assert seen_forms == FORMS
    assert seen_degradations == set(DEGRADATIONS)


def test_cli_rejects_an_unknown_office(tmp_path: Path) -> None:
    app = typer.Typer()
    cli_samples.register(app)
    result = CliRunner().invoke(app, ["--out", str(tmp_path), "--office", "99.99"])
    assert result.exit_code == 2
    assert "99.99" in result.output
    assert not list(tmp_path.iterdir())


def test_another_office_gets_its_own_permits(tmp_path: Path) -> None:
    folder = generate_case(tmp_path, SEED, 3, office="63.07")  # Hulu Sungai Tengah
    truth = _truth(folder)
    assert truth["documents"]["permit"]["fields"]["lokasi_kabupaten_kota"] == (
        "KABUPATEN HULU SUNGAI TENGAH")
    with pdfplumber.open(folder / "permit.pdf") as pdf:
        assert "HULU SUNGAI TENGAH" in (pdf.pages[0].extract_text() or "")


@pytest.mark.parametrize("heldout", [False, True])
@pytest.mark.parametrize("stacked", [False, True])
def test_cards_on_a4_never_lie_on_each_other(heldout: bool, stacked: bool) -> None:
    """Two framed cards on a sheet never touch: their frames stay apart (a card half covered
    by the other would be read by nobody)."""
    import random

    import cv2
    import numpy as np

    from samples.cards import CARD_H, CARD_W
    from samples.generate import _on_a4

    card = Image.new("RGBA", (CARD_W, CARD_H), (255, 255, 255, 255))
    frame = np.asarray(card).copy()
    frame[:12, :, :3] = frame[-12:, :, :3] = frame[:, :12, :3] = frame[:, -12:, :3] = 0
    card = Image.fromarray(frame)
    for seed in range(12):
        sheet = _on_a4([card, card.copy()], random.Random(seed), heldout=heldout,
                       generation=1, stacked=stacked, vary=not heldout)
        dark = (sheet < 128).astype(np.uint8)
        _n, _labels, stats, _c = cv2.connectedComponentsWithStats(dark)
        frames = [a for a in stats[1:, cv2.CC_STAT_AREA] if a > 2000]
        assert len(frames) == 2, (seed, len(frames))  # frames that cross are one


@pytest.mark.parametrize("heldout", [False, True])
@pytest.mark.parametrize("stacked", [False, True])
def test_cards_on_a4_lie_wholly_on_the_page(heldout: bool, stacked: bool) -> None:
    """A copy shows the whole card (the seen sheets pushed the second of two cards laid side by
    side, or a card enlarged to 103 %, over the page's edge until 2026-12-03): the inside of
    every framed card is closed by its frame and touches no edge of the page."""
    import random

    import cv2
    import numpy as np

    from samples.cards import CARD_H, CARD_W
    from samples.generate import _on_a4

    frame = np.full((CARD_H, CARD_W, 4), 255, np.uint8)
    frame[:12, :, :3] = frame[-12:, :, :3] = frame[:, :12, :3] = frame[:, -12:, :3] = 0
    card = Image.fromarray(frame)
    for seed in range(40):
        sheet = _on_a4([card, card.copy()], random.Random(seed), heldout=heldout,
                       generation=1, stacked=stacked, vary=not heldout)
        n, _labels, stats, _c = cv2.connectedComponentsWithStats((sheet >= 128).astype(np.uint8))
        paper = int(np.argmax(stats[1:, cv2.CC_STAT_AREA])) + 1
        inside = [i for i in range(1, n) if i != paper and stats[i, cv2.CC_STAT_AREA] > 50000]
        assert len(inside) == 2, (seed, len(inside))
        h, w = sheet.shape
        for i in inside:
            x, y, bw, bh = stats[i, :4]
            assert x > 0 and y > 0 and x + bw < w and y + bh < h, (seed, x, y, bw, bh)


def test_seen_whatsapp_draws_the_real_range_and_stays_readable() -> None:
    """The seen WhatsApp variant covers what offices receive, each draw its own mix: the
    camera's defocus or shake, uneven light, the phone's noise reduction and sharpening, the
    photo itself or a screenshot of the chat (bubble, full-screen viewer, sideways), long side
    1600/1280/800 px, JPEG q55–80 mostly 4:2:0, forwarded once or twice; and every photo keeps
    the card's text at a readable size (the card >= 0.45 of its 300 dpi size: NIK digits
    ~19 px tall, the values' capitals ~7 px)."""
    import random

    from samples.cards import CARD_W
    from samples.degrade import SEEN_SIDES, forward_plan, whatsapp

    plans = [forward_plan(random.Random(s)) for s in range(200)]
    assert {p["passes"][0][0] for p in plans if p["view"] == "photo"} == set(SEEN_SIDES)
    for key, values in (("view", {"photo", "chat", "viewer", "landscape"}),
                        ("blur", {"none", "defocus", "shake"}), ("shade", {True, False}),
                        ("isp", {"none", "sharpen", "denoise", "both"})):
        assert {p[key] for p in plans} == values, key
    assert {len(p["passes"]) for p in plans} == {1, 2}
    assert {c for p in plans for _s, _q, c in p["passes"]} == {1, 2}
    qualities = [q for p in plans for _s, q, _c in p["passes"]]
    assert min(qualities) >= 55 and max(qualities) <= 80
    photo = Image.new("RGB", (int(CARD_W * 1.45), 1020), (200, 200, 200))
    views = set()
    for s in range(40):
        views.add(forward_plan(random.Random(s))["view"])
        out, m = whatsapp(photo, random.Random(s))
        assert max(out.size) <= 2400
        assert m[0, 0] * 0.85 >= 0.45, (s, m[0, 0])  # the card at its smallest in the photo
    assert len(views) >= 3


def test_seen_photocopies_vary_and_keep_the_ink() -> None:
    """Seen copies (1st and 2nd generation) draw toner density, pale roller bands, speckle and
    the copier's 97–103 % zoom, and keep the NIK's ink dark: a person still reads it."""
    import random

    import numpy as np

    from samples.cards import CARD_H, CARD_W, render_ktp
    from samples.generate import _on_a4
    from samples.truth import build_case

    img, boxes = render_ktp(build_case(3, 1)["documents"]["ktp"]["fields"], random.Random(3))
    import cv2

    frame = np.full((CARD_H, CARD_W, 4), 255, np.uint8)
    frame[:12, :, :3] = frame[-12:, :, :3] = frame[:, :12, :3] = frame[:, -12:, :3] = 0
    areas = []
    for seed in range(10):  # the framed card's inside grows and shrinks with the zoom
        sheet = _on_a4([Image.fromarray(frame)], random.Random(seed), heldout=False,
                       generation=1, stacked=True)
        stats = cv2.connectedComponentsWithStats((sheet >= 128).astype(np.uint8))[2]
        inside = sorted(stats[1:, cv2.CC_STAT_AREA])[-2]  # the largest is the page around
        areas.append(inside)
    assert max(areas) / min(areas) > 1.04
    for generation in (1, 2):
        for seed in range(6):
            sheet = _on_a4([img], random.Random(seed), heldout=False, generation=generation,
                           stacked=True)
            ink = (sheet < 110).sum()
            assert ink > 0.3 * (np.asarray(img.convert("L")) < 110).sum() * (200 / 300) ** 2
    assert boxes["nik"][3] >= 28  # the NIK glyphs, 300 dpi


def test_seen_flatbed_scan_draws_what_scanners_do() -> None:
    """The seen flatbed scan of a card varies its resolution (150–300 dpi), lays the card a
    little tilted and off centre on the glass, and its boxes follow the warp: the card's corners
    land inside the frame; the held-out scan is not drawn by it."""
    import random

    from samples.cards import CARD_W
    from samples.degrade import SCAN_DPIS, degrade, flatbed, warp_box

    card = Image.new("RGB", (CARD_W, 638), (200, 215, 235))
    widths = set()
    for s in range(12):
        out, m = flatbed(card, random.Random(s))
        scale = m[0, 0] ** 2 + m[0, 1] ** 2
        widths.add(round(scale ** 0.5 * 300))
        x, y, w, h = warp_box((0, 0, CARD_W, 638), m, out.size)
        assert w > 0 and h > 0 and x + w <= out.size[0] and y + h <= out.size[1]
    assert widths == set(SCAN_DPIS)
    held, _ = degrade(card, "scan", random.Random(3), card=True, heldout=True)
    seen, _ = degrade(card, "scan", random.Random(3), card=True)
    assert held.size != seen.size or held.tobytes() != seen.tobytes()

"""Blank and near-blank pages are recognised before OCR; sparse real pages are not blank."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from core.models import Page
from extractors import tesseract
from extractors.blank import ink, is_blank
from extractors.pipeline import extract_pages

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
A4 = (1754, 1240)  # A4 at 150 dpi (height, width)


def _paper(seed: int = 1, level: int = 240) -> np.ndarray:
    """A scanned empty sheet: grey paper, scanner noise, dust."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, 6, (*A4, 1)).astype(np.int16)
    page = np.clip(np.full((*A4, 3), level, np.int16) + noise, 0, 255).astype(np.uint8)
    for _ in range(150):
        y, x = int(rng.integers(0, A4[0])), int(rng.integers(0, A4[1]))
        cv2.circle(page, (x, y), 1, (90, 90, 90), -1)
    return page


def _ktp() -> np.ndarray:
    image = cv2.imread(str(SPECIMENS / "case_001" / "ktp.jpg"))
    assert image is not None
    return image


def test_an_empty_scanned_sheet_is_blank() -> None:
    assert is_blank(_paper())
    assert is_blank(_paper(level=215))  # a grey, recycled sheet


def test_a_faint_stamp_and_a_page_number_are_blank() -> None:
    page = _paper(2)
    cv2.circle(page, (850, 1450), 130, (215, 178, 172), 7)  # a faint blue stamp
    cv2.putText(page, "DESA PARINGIN", (740, 1455), cv2.FONT_HERSHEY_SIMPLEX, 1.0,
                (215, 180, 175), 3)
    cv2.putText(page, "3", (610, 1680), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (40, 40, 40), 3)
    cv2.polylines(page, [np.array([[200, 1500], [260, 1470], [300, 1520]], np.int32)], False,
                  (30, 30, 30), 3)  # a scribble
    assert is_blank(page)


def test_a_ktp_photocopied_on_a4_is_not_blank() -> None:
    page = _paper(3)
    card = _ktp()
    width = round(85.6 / 25.4 * 150)
    height = round(width * card.shape[0] / card.shape[1])
    page[150:150 + height, 120:120 + width] = cv2.resize(card, (width, height))
    found = ink(page)
    assert not found.blank and found.marks > 30


def test_one_line_of_text_is_not_blank() -> None:
    page = _paper(4)
    cv2.putText(page, "Lampiran: daftar pemegang saham, lihat halaman berikut.", (80, 250),
                cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2)
    assert not is_blank(page)


def test_a_card_photographed_on_a_dark_table_is_not_blank() -> None:
    card = _ktp()
    table = np.full((card.shape[0] + 400, card.shape[1] + 600, 3), 45, np.uint8)
    table[200:200 + card.shape[0], 300:300 + card.shape[1]] = card
    assert not is_blank(table)


@pytest.mark.parametrize("case", ["case_001", "case_002"])
def test_the_specimens_are_not_blank(case: str) -> None:
    from extractors.load import iter_pages

    for name in ("ktp.jpg", "npwp.jpg"):
        for page in iter_pages(SPECIMENS / case / name):
            assert isinstance(page, Page) and not is_blank(page.image)


def test_a_blank_page_is_reported_and_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = tesseract._run

    def counting(*args: object) -> dict[str, list]:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(tesseract, "_run", counting)
    pages = [Page(source="arsip.pdf", page=n, sha256=f"{n}", image=_paper(n)) for n in (1, 2)]
    documents, errors = extract_pages(pages)
    assert documents == [] and calls == []
    assert [(e.code, e.page) for e in errors] == [("page.blank", 1), ("page.blank", 2)]
    assert "kosong" in errors[0].message


def test_the_archive_counts_blank_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import get_settings
    from records.archive import ArchiveRun, run_archive
    from records.archive_files import InlineReader, extractor_version
    from records.store import Store

    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    src = tmp_path / "arsip"
    src.mkdir()
    cv2.imwrite(str(src / "a-ktp.jpg"), _ktp())
    cv2.imwrite(str(src / "b-belakang.png"), _paper(5))
    store = Store()
    try:
        version = extractor_version()
        run = ArchiveRun(store, version)
        summary = run_archive([src], InlineReader(version), run, batch_size=2, office="63.11")
    finally:
        store.close()
        get_settings.cache_clear()
    assert (summary.pages_blank, summary.pages_failed, summary.pages_done) == (1, 0, 2)
    assert summary.documents["ktp"] == 1


def test_print_is_measured_in_card_heights() -> None:
    """Cards copied on a sheet fill one or two card heights of its rows; a permit's first page
    more (the pipeline reads such a page whole before it looks for cards)."""
    page = _paper(5)
    card = _ktp()
    width = round(85.6 / 25.4 * 150)
    height = round(width * card.shape[0] / card.shape[1])
    page[150:150 + height, 120:120 + width] = cv2.resize(card, (width, height))
    assert ink(page).card_heights == 1
    page[500:500 + height, 120:120 + width] = cv2.resize(card, (width, height))
    assert ink(page).card_heights == 2
    permit = cv2.imread(str(SPECIMENS / "case_004" / "permit.jpg"))
    assert permit is not None and ink(permit).card_heights >= 3 and ink(permit).paper
    assert ink(_paper()).card_heights == 0

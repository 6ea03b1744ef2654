"""Loading pages, and every kind of bad input: a clear error with the file name, never a crash."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from reportlab.pdfgen.canvas import Canvas

from core.models import FileError, Page
from extractors.load import iter_pages
from extractors.pipeline import extract_file

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"


def _items(path: Path) -> tuple[list[Page], list[FileError]]:
    items = list(iter_pages(path))
    pages = [i for i in items if isinstance(i, Page)]
    return pages, [i for i in items if isinstance(i, FileError)]


def _png_header(path: Path, width: int, height: int) -> None:
    """A PNG that claims ``width`` × ``height`` pixels (a decompression bomb's header)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    data = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + \
        struct.pack(">I", zlib.crc32(chunk))
    idat = b"IDAT" + zlib.compress(b"\x00" * 64)
    data += struct.pack(">I", len(idat) - 4) + idat + struct.pack(">I", zlib.crc32(idat))
    path.write_bytes(data + b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _pdf(path: Path, pages: int, **kwargs: object) -> None:
    c = Canvas(str(path), **kwargs)
    for n in range(pages):
        c.drawString(72, 720, f"Halaman {n + 1}")
        c.showPage()
    c.save()


@pytest.mark.parametrize(("name", "make", "code"), [
    ("kosong.jpg", lambda p: p.write_bytes(b""), "file.empty"),
    ("catatan.jpg", lambda p: p.write_text("ini bukan gambar\n"), "file.unsupported"),
    ("terpotong.jpg", lambda p: p.write_bytes((SPECIMENS / "case_010" / "ktp.jpg")
                                              .read_bytes()[:3000]), "file.corrupt"),
    ("rusak.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n garbage"), "file.corrupt"),
    ("terkunci.pdf", lambda p: _pdf(p, 1, encrypt="rahasia"), "pdf.encrypted"),
    ("bom.png", lambda p: _png_header(p, 100_000, 100_000), "image.too_large"),
])
def test_bad_input_is_an_error_with_the_file_name(tmp_path: Path, name: str, make,
                                                  code: str) -> None:
    path = tmp_path / name
    make(path)
    _, errors = _items(path)
    assert [e.code for e in errors] == [code]
    assert name in errors[0].message
    result = extract_file(path)
    assert result.documents == [] and result.errors[0].code == code


def test_missing_file(tmp_path: Path) -> None:
    _, errors = _items(tmp_path / "tidak-ada.pdf")
    assert errors[0].code == "file.not_found"


def test_thousand_page_pdf_reads_the_first_pages(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import get_settings

    monkeypatch.setenv("INTAKE_MAX_PAGES", "3")
    get_settings.cache_clear()
    try:
        path = tmp_path / "arsip.pdf"
        _pdf(path, 1000)
        pages, errors = _items(path)
    finally:
        get_settings.cache_clear()
    assert [p.page for p in pages] == [1, 2, 3]
    assert [e.code for e in errors] == ["pdf.too_many_pages"]
    assert "1000 halaman" in errors[0].message


def test_text_layer_pages_need_no_ocr() -> None:
    pages, errors = _items(SPECIMENS / "case_003" / "permit.pdf")
    assert errors == [] and len(pages) == 2
    assert pages[0].words and any(w["text"] == "PERSETUJUAN" for w in pages[0].words)


def test_multi_page_tiff_and_page_hashes() -> None:
    pages, errors = _items(SPECIMENS / "case_001" / "permit.tif")
    assert errors == [] and [p.page for p in pages] == [1, 2]
    assert pages[0].words is None and pages[0].image is not None
    assert len({p.sha256 for p in pages}) == 2
    again, _ = _items(SPECIMENS / "case_001" / "permit.tif")
    assert [p.sha256 for p in again] == [p.sha256 for p in pages]


def test_photo_without_a_document(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    cat = cv2.GaussianBlur(rng.integers(60, 200, (600, 800, 3), dtype=np.uint8), (0, 0), 8)
    cv2.circle(cat, (400, 300), 150, (40, 90, 160), -1)
    path = tmp_path / "kucing.jpg"
    cv2.imwrite(str(path), cat)
    result = extract_file(path)
    assert result.documents == []
    assert [e.code for e in result.errors] == ["page.no_document"]
    assert "kucing.jpg" in result.errors[0].message


def _scan_pdf(path: Path, dpi: int) -> None:
    """An A4 PDF holding one scanned page image of ``dpi`` dots per inch (red block top left)."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader

    w, h = round(A4[0] / 72 * dpi), round(A4[1] / 72 * dpi)
    scan = Image.new("RGB", (w, h), "white")
    scan.paste((220, 0, 0), (0, 0, w // 4, h // 4))
    c = Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(scan), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()


@pytest.mark.parametrize(("scan_dpi", "rendered_dpi"), [(200, 200), (300, 300), (600, 300),
                                                        (150, 300)])
def test_scanned_pdf_is_rendered_at_its_scan_resolution(tmp_path: Path, scan_dpi: int,
                                                        rendered_dpi: int) -> None:
    path = tmp_path / "pindaian.pdf"
    _scan_pdf(path, scan_dpi)
    pages, errors = _items(path)
    assert errors == [] and len(pages) == 1
    page = pages[0]
    assert page.words is None and page.dpi == rendered_dpi
    assert abs(page.image.shape[1] - 8.27 * rendered_dpi) < 3
    b, g, r = (int(v) for v in page.image[10, 10])
    assert r > 180 and g < 60 and b < 60  # BGR order: red stays red

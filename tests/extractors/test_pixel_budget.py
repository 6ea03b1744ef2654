"""One pixel budget for every decoded image: a decompression bomb is refused from its header.

The bomb is a real PNG of 40,000 × 40,000 pixels (1-bit, all white: ~200 KB compressed, 1.6 GB
as PIL would decode it, 4.8 GB as RGB), made in the test. Refusing it must not decode it: the
check runs in a child process whose address space is capped a few hundred MB above what it
already uses, where decoding would die with MemoryError.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

from PIL import Image

from core.settings import get_settings
from extractors.load import ImageTooLargeError, check_pixels, iter_pages, open_image

ROOT = Path(__file__).resolve().parents[2]


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb(path: Path, side: int = 40_000) -> Path:
    """A valid ``side`` × ``side`` 1-bit PNG of white pixels, a few hundred KB on disk."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat)
                     + _chunk(b"IEND", b""))
    return path


def test_the_bomb_is_small_on_disk_and_huge_in_its_header(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "bom.png")
    assert bomb.stat().st_size < 400_000
    with bomb.open("rb") as fh:
        assert struct.unpack(">II", fh.read(24)[16:24]) == (40_000, 40_000)


def test_loader_refuses_the_bomb_with_a_clear_error(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "bom.png")
    [error] = list(iter_pages(bomb))
    assert error.code == "image.too_large"
    assert error.message.startswith("bom.png: gambar ")
    assert "terlalu besar (batas 80,000,000 piksel)" in error.message
    assert Image.MAX_IMAGE_PIXELS is not None  # no process-wide switch-off any more


def test_budget_just_above_a_normal_scan(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("INTAKE_MAX_IMAGE_PIXELS", "10000")
    get_settings.cache_clear()
    try:
        Image.new("L", (101, 100), 255).save(tmp_path / "a.png")
        Image.new("L", (100, 100), 255).save(tmp_path / "b.png")
        [error] = list(iter_pages(tmp_path / "a.png"))
        assert error.message == ("a.png: gambar 101×100 piksel terlalu besar (batas 10,000 "
                                 "piksel).")
        [page] = list(iter_pages(tmp_path / "b.png"))
        assert page.image.shape == (100, 100, 3)
        try:
            check_pixels(10_001, 1)
        except ImageTooLargeError as e:
            assert "10001×1" in str(e)
        else:
            raise AssertionError("over the budget, not refused")
    finally:
        get_settings.cache_clear()


def test_refusal_needs_no_memory_for_the_pixels(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "bom.png")
    child = textwrap.dedent(f"""
        import resource, sys
        from extractors.load import iter_pages, open_image, ImageTooLargeError
        from review.scans import ScanError, page_size, render_page
        from PIL import Image
        def vm():
            for line in open("/proc/self/status"):
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
        cap = vm() + 300 * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        path = {str(bomb)!r}
        [error] = list(iter_pages(path))
        assert error.code == "image.too_large", error
        for call in (lambda: render_page(__import__("pathlib").Path(path), 1),
                     lambda: page_size(__import__("pathlib").Path(path), 1)):
            try:
                call()
            except ScanError as e:
                assert "terlalu besar" in str(e), e
            else:
                sys.exit("not refused")
        try:  # what the old code did: decode it (must fail here: the cap holds)
            Image.MAX_IMAGE_PIXELS = None
            Image.open(path).convert("RGB")
        except MemoryError:
            print("decoding would need more memory than the cap")
        else:
            sys.exit("the cap is too loose to prove anything")
    """)
    done = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "decoding would need more memory than the cap" in done.stdout


def test_open_image_reads_the_header_only(tmp_path: Path) -> None:
    Image.new("RGB", (64, 48), "white").save(tmp_path / "ok.jpg")
    with open_image(tmp_path / "ok.jpg") as img:
        assert img.size == (64, 48)
        assert img.tile  # still to be decoded: only the header was read


def test_a_folder_given_as_a_file_is_named_a_folder(tmp_path: Path) -> None:
    (tmp_path / "arsip").mkdir()
    [error] = list(iter_pages(tmp_path / "arsip"))
    assert error.code == "file.is_directory"
    assert error.message.startswith("arsip: ini folder, bukan berkas")

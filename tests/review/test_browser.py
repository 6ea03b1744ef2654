"""End to end in Debian's chromium (Playwright), on the real intake flow and a real store.

A clerk uploads a committed specimen case, waits for the flow, corrects a field and sees its
finding clear, approves and exports; two clerks edit the same case; logged-out visits, forms
without their CSRF token and bad uploads are refused with a message.
"""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect, sync_playwright

from flows.cli_review import _run_intake
from flows.prefect_setup import configure
from records.store import Store
from review.main import make_app
from tests.review.conftest import as_flow_store, open_store
from tests.review.test_app import _case

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
VIEWPORT = {"width": 1366, "height": 768}
configure()  # in the main thread, as `intake review` does, not first in the intake thread


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A SQLite store that is also the intake flow's (it opens ``Store()`` from the settings)."""
    s = open_store("sqlite", tmp_path)
    with as_flow_store(s, monkeypatch):
        yield s
    s.close()


@contextmanager
def serve_desk(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn on a free port of 127.0.0.1 (in a thread); yields its URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    srv = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@pytest.fixture
def server(store: Store) -> Iterator[str]:
    with serve_desk(make_app(store, intake=_run_intake)) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def _login(browser: Browser, server: str, name: str, *, javascript: bool = True) -> Page:
    page = browser.new_context(viewport=VIEWPORT, java_script_enabled=javascript).new_page()
    page.goto(f"{server}/")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", f"rahasia-{name}")
    page.click("#login")
    expect(page.locator("h1")).to_have_text("Antrian")
    return page


def test_upload_correct_approve_export(server: str, browser: Browser, store: Store) -> None:
    page = _login(browser, server, "ani")
    page.click("text=Kasus baru")
    files = [SPECIMENS / "case_003" / n for n in ("ktp.jpg", "npwp.jpg", "permit.pdf")]
    page.set_input_files("input[type=file]", files)
    expect(page.locator("#chosen")).to_have_text("ktp.jpg, npwp.jpg, permit.pdf")
    page.click("text=Unggah dan proses")
    expect(page.locator("main")).to_contain_text("Berkas: ktp.jpg, npwp.jpg, permit.pdf")
    page.wait_for_selector("#open-case", timeout=600_000)  # the progress page reloads itself
    page.click("#open-case")
    # the printed birth date contradicts the NIK (090855): a warning on the field and its box
    finding = page.locator("li[data-code='nik.birth_date_mismatch']")
    expect(finding).to_be_visible()
    expect(page.locator("#row-tanggal_lahir")).to_have_class("mark-warning")
    finding.click()
    expect(page.locator(".box.hl[data-key='ktp:tanggal_lahir']")).to_have_count(1)
    expect(page.locator(".box.hl[data-key='ktp:nik']")).to_have_count(1)
    assert page.locator("img[src*='/scans/']").count() >= 3  # KTP, NPWP, two permit pages
    page.fill("#f-tanggal_lahir", "1955-08-09")
    page.click("#save")
    expect(page.locator("li[data-code='nik.birth_date_mismatch']")).to_have_count(0)
    expect(page.locator("#audit")).to_contain_text("1955-07-31 → 1955-08-09")
    expect(page.locator("button[value=approved]")).to_have_count(0)  # a clerk submits
    page.click("#submit")
    expect(page.locator("#case-status")).to_have_text("Diajukan ke Kasi")
    case_id = page.url.rsplit("/", 1)[1]
    kasi = _login(browser, server, "budi")  # the supervisor approves
    kasi.goto(f"{server}/cases/{case_id}")
    kasi.click("button[value=approved]")
    expect(kasi.locator("#case-status")).to_have_text("Disetujui")
    response = page.request.get(f"{server}/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert [r["case_id"] for r in rows] == [case_id]
    assert rows[0]["nik"] == "6311030908551806" and rows[0]["nama"] == "HERU PRASETYA"
    assert rows[0]["tanggal_lahir"] == "1955-08-09" and rows[0]["pbg_jenis"] == "PBG"
    assert store.get_case(case_id).status == "approved"


def test_two_clerks_edit_the_same_case(server: str, browser: Browser, store: Store) -> None:
    case_id = _case(store)
    ani, budi = _login(browser, server, "ani"), _login(browser, server, "budi")
    for page in (ani, budi):
        page.goto(f"{server}/cases/{case_id}")
    ani.fill("#f-nama", "SITI RAHAYU PUTRI")
    ani.click("#save")
    expect(ani.locator("#audit")).to_contain_text("SITI RAHAYU PUTRI")
    budi.fill("#f-alamat", "JL. BARU 1")
    budi.click("#save")
    conflict = budi.locator("#conflict")
    expect(conflict).to_contain_text("sudah diubah orang lain")
    expect(conflict).to_contain_text("ani: nama SITI RAHAYU → SITI RAHAYU PUTRI")
    expect(conflict).to_contain_text("JL. BARU 1")  # his unsaved change, not lost
    expect(budi.locator("#f-nama")).to_have_value("SITI RAHAYU PUTRI")
    budi.fill("#f-alamat", "JL. BARU 1")
    budi.click("#save")
    expect(budi.locator("#conflict")).to_have_count(0)
    record = store.get_case(case_id).record
    assert (record.get("nama"), record.get("alamat")) == ("SITI RAHAYU PUTRI", "JL. BARU 1")


@pytest.mark.parametrize("path", ["/", "/upload", "/upload/abc", "/cases/X", "/cases/X/print",
                                  "/cases/X/scans/0/1.jpg", "/export.csv"])
def test_logged_out_goes_to_login(server: str, browser: Browser, path: str) -> None:
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(f"{server}{path}")
    assert page.url == f"{server}/login?next={path}"
    expect(page.locator("h1")).to_have_text("Masuk")


def test_form_without_csrf_token_is_refused(server: str, browser: Browser,
                                            store: Store) -> None:
    case_id = _case(store)
    page = _login(browser, server, "ani")
    page.goto(f"{server}/cases/{case_id}")
    page.eval_on_selector("#record-form input[name=csrf_token]", "e => e.remove()")
    page.fill("#f-nama", "ORANG LAIN")
    page.click("#save")
    expect(page.locator("#error")).to_contain_text("token CSRF tidak cocok")
    assert store.get_case(case_id).record.get("nama") == "SITI RAHAYU"


def test_bad_uploads_get_a_message(server: str, browser: Browser, tmp_path: Path) -> None:
    big = tmp_path / "besar.pdf"
    with big.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(200 * 1024 * 1024)
    exe = tmp_path / "virus.pdf"
    exe.write_bytes(b"MZ\x90\x00\x03" + b"\x00" * 4000)
    empty = tmp_path / "kosong.pdf"
    empty.write_bytes(b"")
    page = _login(browser, server, "ani")  # with JavaScript the page stops a 200 MB file
    page.goto(f"{server}/upload")
    page.set_input_files("input[type=file]", big)
    page.click("text=Unggah dan proses")
    expect(page.locator("#client-error")).to_have_text("besar.pdf: terlalu besar (maks. 25 MB).")
    plain = _login(browser, server, "budi", javascript=False)  # without: the server does
    for path, message in [(exe, "virus.pdf: bukan PDF atau gambar (JPEG/PNG/TIFF)."),
                          (empty, "kosong.pdf: berkas kosong."),
                          (big, "besar.pdf: terlalu besar (maks. 25 MB)."),
                          (None, "Tidak ada berkas yang dipilih.")]:
        plain.goto(f"{server}/upload")
        if path is not None:
            plain.set_input_files("input[type=file]", path)
        plain.click("text=Unggah dan proses")
        expect(plain.locator("#upload-error")).to_have_text(message)
    plain.goto(f"{server}/")
    expect(plain.locator("h1")).to_have_text("Antrian")


def test_printed_summary_is_one_page(server: str, browser: Browser, store: Store,
                                     tmp_path: Path) -> None:
    case_id = _case(store)
    page = _login(browser, server, "ani")
    page.goto(f"{server}/cases/{case_id}")
    with page.expect_popup() as popup:
        page.click("#print")
    summary = popup.value
    summary.wait_for_load_state()
    expect(summary.locator("#summary")).to_contain_text("SITI RAHAYU")
    summary.pdf(path=tmp_path / "summary.pdf", format="A4")  # print media: buttons hidden
    pdf = pdfium.PdfDocument(tmp_path / "summary.pdf")
    assert len(pdf) == 1
    text = pdf[0].get_textpage().get_text_range()
    assert "Ringkasan kasus" in text and "Cetak" not in text.split("Ringkasan")[0]
    pdf.close()

"""End-to-end in Debian's chromium (Playwright): log in, correct a NIK, see the finding clear."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import sync_playwright

from records.store import Store
from review.main import make_app
from tests.review.test_app import NIK_OK, _case, store  # noqa: F401  (fixture)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def server(store: Store) -> Iterator[str]:  # noqa: F811
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    srv = uvicorn.Server(uvicorn.Config(make_app(store), port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_clerk_corrects_nik_and_approves(store: Store, server: str,  # noqa: F811
                                         tmp_path: Path) -> None:
    case_id = _case(store)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{server}/")
        page.fill("input[name=name]", "ani")
        page.fill("input[name=password]", "rahasia-ani")
        page.click("text=Masuk >> nth=-1")
        page.wait_for_selector(f"text={case_id}")
        page.screenshot(path=str(tmp_path / "queue.png"))
        page.click(f"text={case_id}")
        assert "sex_mismatch" in page.inner_text("#findings") or \
            "birth_date" in page.inner_text("#findings")
        page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
        page.fill("#f-nik", NIK_OK)
        page.click("text=Simpan")
        page.wait_for_load_state()
        assert "sex_mismatch" not in page.inner_text("#findings")
        page.fill("input[name=reason]", "lengkap")
        page.click("button[value=approved]")
        page.wait_for_selector("text=Disetujui")
        browser.close()
    assert case_id in store.list_cases(status="approved")[0].id

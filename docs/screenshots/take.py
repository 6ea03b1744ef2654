"""Take the review desk's screenshots (1366×768, Debian chromium) from synthetic specimens.

    .venv/bin/python docs/screenshots/take.py [case_003 case_011 …]

Reads the named committed specimen cases through the intake flow into a temporary store, then
saves ``queue.png``, ``case.png`` (the first case, a finding clicked so its boxes light up),
``case_conflict.png`` (the second case: sources side by side) and ``case_en.png`` next to
this file.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPECIMENS = HERE.parents[1] / "samples" / "specimens"


def main(names: list[str]) -> None:
    """Store the cases, serve the desk, screenshot it."""
    os.environ["INTAKE_DATA_DIR"] = tempfile.mkdtemp(prefix="intake-shots-")
    os.environ.pop("INTAKE_DB_URL", None)
    import uvicorn
    from playwright.sync_api import sync_playwright

    from flows.cli_review import _run_intake
    from flows.prefect_setup import configure
    from records.store import Store
    from review.accounts import add_user
    from review.main import make_app

    configure()
    ids = [_run_intake(sorted(p for p in (SPECIMENS / n).iterdir() if p.suffix != ".json"))
           for n in names]
    store = Store()
    add_user(store, "ani", "rahasia-ani", "clerk")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    srv = uvicorn.Server(uvicorn.Config(make_app(store), port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{url}/login")
        page.fill("input[name=name]", "ani")
        page.fill("input[name=password]", "rahasia-ani")
        page.click("#login")
        page.wait_for_selector("table.queue")
        page.screenshot(path=HERE / "queue.png")
        page.goto(f"{url}/cases/{ids[0]}")
        page.wait_for_load_state("networkidle")
        page.locator("#findings li.warning, #findings li.error").first.click()
        time.sleep(0.3)
        page.screenshot(path=HERE / "case.png")
        if len(ids) > 1:
            page.goto(f"{url}/cases/{ids[1]}")
            page.wait_for_load_state("networkidle")
            page.locator("#conflicts tr th").first.click()
            time.sleep(0.3)
            page.screenshot(path=HERE / "case_conflict.png")
        page.click("#lang-switch")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=HERE / "case_en.png")
        browser.close()
    srv.should_exit = True
    store.close()


if __name__ == "__main__":
    main(sys.argv[1:] or ["case_003", "case_011", "case_005", "case_014", "case_017"])

"""Take the office pages' screenshots (1366×768, Debian chromium) from synthetic specimens.

    .venv/bin/python docs/screenshots/take_office.py

Drops the committed specimen cases into a temporary scanner hot folder (``flows.watch``, one
subfolder per case), lets the clerk correct and the supervisor decide a few, then saves
``case_checklist.png`` (a case missing its NPWP: the checklist and the files panel),
``handoff.png`` (an approved case in "salin ke OSS", three values copied), ``report.png``
(this month's report) and ``report_print.png`` (its A4 print layout) next to this file, and
prints how many A4 pages the report prints on.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
SPECIMENS = HERE.parents[1] / "samples" / "specimens"
CASES = ["case_003", "case_005", "case_006", "case_009", "case_010", "case_011", "case_013",
         "case_014"]


def _fill(store, names: list[str]) -> dict[str, str]:
    """The specimens through the hot folder; returns specimen name → case id."""
    from core.settings import get_settings
    from flows.watch import Watcher

    inbox = Path(tempfile.mkdtemp(prefix="intake-scan-"))
    for name in names:
        for f in sorted((SPECIMENS / name).iterdir()):
            if f.suffix != ".json" and not (name == "case_009" and f.name == "npwp.jpg"):
                (inbox / name).mkdir(exist_ok=True)
                shutil.copyfile(f, inbox / name / f.name)
    Watcher(inbox, store, office=get_settings().office, settle=0.3, window=30).drain()
    found = {}
    for case in store.list_cases(status=None):
        first = store.get_case(case.id).documents[0].source
        found[Path(first).parent.name] = case.id
    return found


def _decide(store, ids: dict[str, str]) -> None:
    from review import ops

    typed = {"case_003": {"email": "heru@gmial.com", "kbli": "47111"},
             "case_005": {"email": "rina@yaho.com"}, "case_006": {"kbli": "99999"},
             "case_010": {"email": "andi@gmail.com", "kbli": "56102, 47111"}}
    for name, case_id in ids.items():
        v = store.get_case(case_id).version
        if name in typed:
            v = ops.save_record(store, case_id, typed[name], actor="ani",
                                expected_version=v).version
        if name in ("case_009", "case_013"):
            continue
        v = ops.set_status(store, case_id, "submitted", actor="ani", role="clerk",
                           expected_version=v).version
        if name == "case_014":
            ops.set_status(store, case_id, "rejected", actor="budi", role="supervisor",
                           expected_version=v, reason="NIK tidak terdaftar di Dukcapil")
        elif name != "case_011":
            ops.set_status(store, case_id, "approved", actor="budi", role="supervisor",
                           expected_version=v, reason="berkas asli sudah dilihat")


def main() -> None:
    """Store the cases, serve the desk, screenshot it."""
    os.environ["INTAKE_DATA_DIR"] = tempfile.mkdtemp(prefix="intake-shots-")
    os.environ.pop("INTAKE_DB_URL", None)
    import pypdfium2 as pdfium
    import uvicorn
    from playwright.sync_api import sync_playwright

    from core.settings import get_settings
    from flows.prefect_setup import configure
    from records.store import Store
    from review.accounts import add_user
    from review.main import make_app

    configure()
    store = Store()
    add_user(store, "ani", "rahasia-ani", "clerk")
    add_user(store, "budi", "rahasia-budi", "supervisor")
    ids = _fill(store, CASES)
    _decide(store, ids)
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
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
        page = context.new_page()
        page.goto(f"{url}/login")
        page.fill("input[name=name]", "ani")
        page.fill("input[name=password]", "rahasia-ani")
        page.click("#login")
        page.wait_for_selector("table.queue")
        page.goto(f"{url}/cases/{ids['case_009']}")
        page.wait_for_load_state("networkidle")
        page.locator("#checklist").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 120)")
        page.screenshot(path=HERE / "case_checklist.png")
        page.goto(f"{url}/cases/{ids['case_010']}/oss")
        page.wait_for_load_state("networkidle")
        for _ in range(3):
            page.keyboard.press("Enter")
            time.sleep(0.2)
        page.screenshot(path=HERE / "handoff.png")
        month = datetime.now(ZoneInfo(get_settings().timezone)).strftime("%Y-%m")
        page.goto(f"{url}/report?month={month}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=HERE / "report.png", full_page=True)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        page.screenshot(path=HERE / "report_print.png", full_page=True)
        pdf = pdfium.PdfDocument(page.pdf(format="A4", print_background=True))
        print(f"report {month} prints on {len(pdf)} A4 page(s)")  # noqa: T201
        browser.close()
    srv.should_exit = True
    store.close()


if __name__ == "__main__":
    main()

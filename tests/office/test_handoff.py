"""The hand-off into OSS: an approved specimen case's values in OSS form order and format; in
Debian's chromium with the real clipboard, Enter or a click copies a value, ticks it and moves
to the next."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from records.handoff import handoff
from records.models import RECORD_FIELDS
from records.store import Store
from review import ops
from review.main import make_app
from tests.office.conftest import SPECIMENS
from tests.office.test_checklist import _case
from tests.review.test_app import _login
from tests.review.test_browser import VIEWPORT, serve_desk
from tests.review.test_browser import browser as browser  # the fixture


def _approved(store: Store) -> str:
    c3 = SPECIMENS / "case_003"
    case_id = _case(store, c3 / "ktp.jpg", c3 / "npwp.jpg", c3 / "permit.pdf")
    v = ops.save_record(store, case_id, {"kbli": "47111, 56102", "luas_lahan": "120.50"},
                        actor="ani", expected_version=1, office="63.11").version
    v = ops.set_status(store, case_id, "submitted", actor="ani", role="clerk",
                       expected_version=v).version
    ops.set_status(store, case_id, "approved", actor="budi", role="supervisor",
                   expected_version=v, reason="lengkap")
    return case_id


def test_values_in_oss_order_and_format(sqlite_store: Store) -> None:
    store = sqlite_store
    case_id = _approved(store)
    view = store.get_case(case_id)
    rows = [r for s in handoff(view) for r in s.rows]
    names = list(dict.fromkeys(r.spec.name for r in rows))
    assert names == [f.name for f in RECORD_FIELDS]  # the form's order, every field
    texts = {r.key: r.text for r in rows}
    y, m, d = view.record.get("tanggal_lahir").split("-")  # ISO, as read from the KTP
    assert texts["tanggal_lahir"] == f"{d}-{m}-{y}"  # → DD-MM-YYYY
    assert (texts["kbli-1"], texts["kbli-2"]) == ("47111", "56102")
    assert texts["luas_lahan"] == "120,5" and texts["nik"] == view.record.get("nik")
    client = _login(store, "ani")
    assert 'id="to-oss"' in client.get(f"/cases/{case_id}").text
    page = client.get(f"/cases/{case_id}/oss").text
    assert page.index(f'data-value="{texts["nik"]}"') < page.index(
        f'data-value="{texts["tanggal_lahir"]}"')
    other = _case(store, SPECIMENS / "case_009" / "ktp.jpg")
    refused = client.get(f"/cases/{other}/oss")
    assert refused.status_code == 409 and "belum disetujui" in refused.text


@pytest.fixture
def server(sqlite_store: Store) -> Iterator[str]:
    with serve_desk(make_app(sqlite_store)) as url:
        yield url


def test_copy_with_enter_and_click_in_chromium(server: str, browser: Browser,
                                               sqlite_store: Store) -> None:
    case_id = _approved(sqlite_store)
    want = {r.key: r.text for s in handoff(sqlite_store.get_case(case_id)) for r in s.rows}
    context = browser.new_context(viewport=VIEWPORT)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(f"{server}/login")
    page.fill("input[name=name]", "ani")
    page.fill("input[name=password]", "rahasia-ani")
    page.click("#login")
    page.goto(f"{server}/cases/{case_id}")
    page.click("#to-oss")
    first = page.locator("#oss-nik button.copy")
    expect(first).to_be_focused()  # ready: Enter copies the first value

    def clipboard() -> str:
        return page.evaluate("navigator.clipboard.readText()")

    page.keyboard.press("Enter")
    expect(page.locator("#oss-nik")).to_have_class("copied")
    assert clipboard() == want["nik"]
    expect(page.locator("#oss-nama button.copy")).to_be_focused()  # moved to the next
    page.keyboard.press("Enter")
    expect(page.locator("#oss-nama")).to_have_class("copied")
    assert clipboard() == want["nama"]
    page.click("#oss-tanggal_lahir button.copy")
    expect(page.locator("#oss-jenis_kelamin button.copy")).to_be_focused()
    assert clipboard() == want["tanggal_lahir"]  # DD-MM-YYYY, the form OSS takes
    page.click("#oss-kbli-2 button.copy")
    expect(page.locator("#oss-kbli-2")).to_have_class("copied")
    assert clipboard() == "56102"
    expect(page.locator("tr.copied")).to_have_count(4)
    expect(page.locator("#oss-nik td.tick")).to_have_text("✓")
    page.reload()  # the ticks stay with the case in this browser
    expect(page.locator("tr.copied")).to_have_count(4)
    expect(page.locator("#oss-tempat_lahir button.copy")).to_be_focused()  # first not copied
    page.click("#reset-ticks")
    expect(page.locator("tr.copied")).to_have_count(0)
    context.close()

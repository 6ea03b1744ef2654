"""In Chromium: the case page's KBLI field suggests codes while the clerk types an activity,
and the image-quality hints show beside the findings."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from records.store import Store
from tests.review.test_app import _case
from tests.review.test_browser import _login, browser, server, store  # noqa: F401 (fixtures)


def test_kbli_field_suggests_codes(browser: Browser, server: str, store: Store) -> None:  # noqa: F811
    case_id = _case(store)
    page = _login(browser, server, "ani")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/cases/{case_id}")
    field = page.locator("#f-kbli")
    field.click()
    field.press_sequentially("warung makan", delay=20)
    options = page.locator("#kbli-options option")
    expect(options.first).to_have_attribute("value", "56101", timeout=5000)
    assert "Rumah/Warung Makan" in (options.first.get_attribute("label") or "")
    assert not errors, errors  # no CSP violation, no script error

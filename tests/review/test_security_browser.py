"""Issue 14 in Debian's chromium: the pages work under the CSP (no violation), framing is refused,
roles on the case page, a copied cookie dies at logout, a disabled clerk is out at once."""
# ruff: noqa: F811  (the fixtures come from test_browser: the same server, store and browser)

from __future__ import annotations

from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from records.store import Store
from tests.review.test_app import _case
from tests.review.test_browser import VIEWPORT, _login, browser, server, store  # noqa: F401


def _watch(page: Page) -> list[str]:
    """Console errors and page errors of ``page`` (a CSP violation is one)."""
    seen: list[str] = []

    def console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            seen.append(msg.text)

    page.on("console", console)
    page.on("pageerror", lambda e: seen.append(str(e)))
    return seen


def test_every_page_works_under_the_csp(server: str, browser: Browser, store: Store) -> None:
    case_id = _case(store)
    page = _login(browser, server, "budi")
    errors = _watch(page)
    answer = page.goto(f"{server}/cases/{case_id}")
    assert answer is not None and "script-src 'self'" in answer.headers["content-security-policy"]
    page.locator("li[data-code]").first.click()  # desk.js runs: the finding lights its row
    expect(page.locator("li[data-code].active")).to_have_count(1)
    page.goto(f"{server}/accounts")
    expect(page.locator("#accounts")).to_contain_text("ani")
    page.goto(f"{server}/api/docs")  # Swagger UI starts from a static file
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    summary = page.context.new_page()
    summary_errors = _watch(summary)
    summary.add_init_script("window.print = () => { window.__printed = true; };")
    summary.goto(f"{server}/cases/{case_id}/print")
    summary.click("#print-now")
    assert summary.evaluate("window.__printed") is True
    assert summary.evaluate("getComputedStyle(document.body).maxWidth") != "none"  # print.css
    assert errors == [] and summary_errors == []


def test_another_site_cannot_frame_the_desk(server: str, browser: Browser) -> None:
    page = browser.new_page(viewport=VIEWPORT)
    errors = _watch(page)
    page.set_content(f'<iframe id="f" src="{server}/login"></iframe>')
    page.wait_for_timeout(1500)
    frame = page.frame_locator("#f")
    expect(frame.locator("input[name=password]")).to_have_count(0)
    assert any("frame-ancestors" in e or "X-Frame-Options" in e for e in errors), errors


def test_clerk_submits_supervisor_approves_and_the_record_is_final(
        server: str, browser: Browser, store: Store) -> None:
    case_id = _case(store)
    clerk = _login(browser, server, "ani")
    clerk.goto(f"{server}/cases/{case_id}")
    expect(clerk.locator("button[value=approved]")).to_have_count(0)
    clerk.click("#submit")
    expect(clerk.locator("#case-status")).to_have_text("Diajukan ke Kasi")
    kasi = _login(browser, server, "budi")
    kasi.goto(f"{server}/cases/{case_id}")
    kasi.fill("input[name=reason]", "NPWP menyusul")
    kasi.click("button[value=approved]")
    expect(kasi.locator("#case-status")).to_have_text("Disetujui")
    clerk.reload()
    expect(clerk.locator("#final-note")).to_contain_text("hanya bisa dibaca")
    expect(clerk.locator("#f-nama")).to_have_attribute("readonly", "")
    expect(clerk.locator("#save")).to_have_count(0)
    expect(clerk.locator("#reopen")).to_have_count(0)
    kasi.reload()
    kasi.fill("input[name=reason]", "alamat salah")
    kasi.click("#reopen")
    expect(kasi.locator("#case-status")).to_have_text("Perlu diperiksa")
    expect(kasi.locator("#audit")).to_contain_text("alamat salah")
    assert store.get_case(case_id).status == "needs_review"


def test_a_copied_cookie_dies_at_logout(server: str, browser: Browser) -> None:
    owner = _login(browser, server, "ani")
    thief = browser.new_context(viewport=VIEWPORT)
    thief.add_cookies(owner.context.cookies())
    stolen = thief.new_page()
    stolen.goto(f"{server}/")
    expect(stolen.locator("h1")).to_have_text("Antrian")
    owner.click("text=Keluar")
    expect(owner.locator("h1")).to_have_text("Masuk")
    stolen.goto(f"{server}/")
    expect(stolen.locator("h1")).to_have_text("Masuk")


def test_a_disabled_clerk_is_logged_out_at_once(server: str, browser: Browser) -> None:
    clerk = _login(browser, server, "ani")
    kasi = _login(browser, server, "budi")
    kasi.click("#nav-accounts")
    kasi.locator("#user-ani button.disable").click()
    expect(kasi.locator("#accounts-done")).to_contain_text("Akun ani dinonaktifkan; 1 sesi")
    clerk.goto(f"{server}/")
    expect(clerk.locator("h1")).to_have_text("Masuk")
    clerk.fill("input[name=name]", "ani")
    clerk.fill("input[name=password]", "rahasia-ani")
    clerk.click("#login")
    expect(clerk.locator(".msg")).to_contain_text("salah")

"""The case page's KBLI field: suggestions from GET /api/kbli (the titles of the KBLI list)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from records.store import Store
from review.main import make_app
from tests.review.test_app import _case, _login


def test_kbli_search_needs_a_login(store: Store) -> None:
    r = TestClient(make_app(store)).get("/api/kbli", params={"q": "kopi"})
    assert r.status_code == 401


def test_kbli_search_answers_codes_and_titles(store: Store) -> None:
    client = _login(store, "ani")
    hits = client.get("/api/kbli", params={"q": "warung makan", "limit": 3}).json()
    assert [h["code"] for h in hits][:1] == ["56101"] and len(hits) == 3
    assert hits[0]["via"] == "Rumah/Warung Makan" and hits[0]["version"] == "KBLI 2025"
    assert client.get("/api/kbli", params={"q": ""}).json() == []


def test_case_page_offers_the_search_on_the_kbli_field(store: Store) -> None:
    client = _login(store, "ani")
    html = client.get(f"/cases/{_case(store)}").text
    assert 'id="f-kbli" name="kbli"' in html and 'list="kbli-options"' in html
    assert '<datalist id="kbli-options"></datalist>' in html
    assert '<script src="/static/kbli.js" defer></script>' in html
    script = client.get("/static/kbli.js")
    assert script.status_code == 200 and "/api/kbli?limit=10&q=" in script.text


def test_case_page_gives_a_hint_per_quality_flag(store: Store) -> None:
    from core.models import Document, FieldRead
    from records.prefill import prefill

    doc = Document(doc_type="ktp", source="foto.jpg", confidence=0.8, quality=["blurred", "dark"],
                   fields={"nama": FieldRead(value="SITI AMINAH", raw="SITI AMINAH",
                                             confidence=0.9)})
    case_id = store.create_case(files=[], documents=[doc], findings=[], errors=[],
                                record=prefill([doc]))
    html = _login(store, "ani").get(f"/cases/{case_id}").text
    assert 'id="quality"' in html
    assert "foto buram — ulangi pemotretan" in html and "foto gelap" in html

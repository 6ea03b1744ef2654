"""The queue and its search are paginated: a regency's thousands of cases, one page at a time."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from core.models import DocType, Document, FieldRead
from records.prefill import prefill
from records.store import Store
from review.main import make_app
from review.routes.cases import QUEUE_PAGE


def _fill(store: Store, n: int) -> None:
    for i in range(n):
        ktp = Document(doc_type=DocType.KTP, source="ktp.jpg", fields={
            "nik": FieldRead(value=f"631106450885{i:04d}", confidence=0.9),
            "nama": FieldRead(value=f"{'SITI' if i % 2 else 'BUDI'} NOMOR {i}", confidence=0.9)})
        store.create_case(files=[], documents=[ktp], findings=[], errors=[],
                          record=prefill([ktp]))


def _cases(html: str) -> list[str]:
    return re.findall(r'<td><a href="/cases/(\w+)">', html)


def test_queue_and_search_pages(store: Store) -> None:
    _fill(store, 2 * QUEUE_PAGE + 7)
    client = TestClient(make_app(store))  # the fixture's store has clerk ani
    assert client.post("/api/login", json={"name": "ani", "password": "rahasia-ani"}
                       ).status_code == 200
    pages = [client.get("/", params={"p": n}).text for n in (1, 2, 3)]
    seen = [_cases(html) for html in pages]
    assert [len(s) for s in seen] == [QUEUE_PAGE, QUEUE_PAGE, 7]
    assert len({c for s in seen for c in s}) == 2 * QUEUE_PAGE + 7  # every case once
    assert 'rel="next"' in pages[0] and 'rel="prev"' not in pages[0]
    assert 'rel="prev"' in pages[2] and 'rel="next"' not in pages[2]
    found = client.get("/", params={"q": "siti"}).text
    assert len(_cases(found)) == QUEUE_PAGE and "q=siti&amp;p=2" in found
    rest = client.get("/", params={"q": "siti", "p": 2}).text
    assert len(_cases(rest)) == (2 * QUEUE_PAGE + 7) // 2 - QUEUE_PAGE  # the odd numbers

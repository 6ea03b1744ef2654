"""The review desk under a regency's ten years of cases: p50/p95 per page on 127.0.0.1.

Usage: ``.venv/bin/python bench/desk.py [--cases 15000] [--rounds 40] [--db-url URL]``

Fills a fresh store (SQLite in a temp folder, or the PostgreSQL database ``--db-url`` names;
its tables are emptied) with ``--cases`` cases (the documents of a specimen, each case another
person), starts the real desk (``intake review``) on 127.0.0.1, and lets two clerks and a
supervisor work at once, each in their own thread and session: the queue, a search by name,
a case page, ``--rounds`` times each. A bounded load (3 × 3 × rounds requests), no timing
assertion anywhere: it prints the latency per page (p50, p95, max) and the seeding time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SPECIMEN = REPO / "samples" / "specimens" / "case_010"
USERS = (("ani", "clerk"), ("budi", "clerk"), ("kasi", "supervisor"))


def _documents(index: int, rng: random.Random) -> list:
    """The specimen's three documents, read as the desk would store them, for another person."""
    from core.models import DocType, Document, FieldRead

    truth = json.loads((SPECIMEN / "truth.json").read_text(encoding="utf-8"))["documents"]
    nik = f"6311{rng.randint(1, 9):02d}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}" \
          f"{rng.randint(60, 99):02d}{index % 10000:04d}"
    name = f"{rng.choice(['SITI', 'BUDI', 'AHMAD', 'DEWI', 'RINA', 'JOKO'])} " \
           f"{rng.choice(['AMINAH', 'SANTOSO', 'RAHMAN', 'LESTARI', 'HIDAYAT'])} {index}"
    docs = []
    for doc_type, doc in truth.items():
        fields = {k: FieldRead(value=str(v) if v is not None else None, confidence=0.93)
                  for k, v in doc["fields"].items()}
        for key, value in (("nik", nik), ("nama", name), ("nama_pemilik", name)):
            if key in fields:
                fields[key] = FieldRead(value=value, confidence=0.95)
        docs.append(Document(doc_type=DocType(doc_type), source=f"{doc_type}.jpg",
                             fields=fields, confidence=0.9))
    return docs


def seed(n: int) -> tuple[float, list[str], list[str]]:
    """``n`` cases and the three accounts; seconds taken, case ids, names to search for."""
    from records.prefill import prefill
    from records.store import Store
    from review.accounts import add_user
    from validators.rules import check_case, with_findings

    rng = random.Random(2026)
    store = Store()
    start = time.perf_counter()
    ids, names = [], []
    try:
        for name, role in USERS:
            add_user(store, name, f"rahasia-{name}-desk", role)
        for i in range(n):
            docs = with_findings(_documents(i, rng), office="63.11")
            record = prefill(docs)
            ids.append(store.create_case(files=[], documents=docs,
                                         findings=check_case(docs, office="63.11"), errors=[],
                                         record=record))
            if i % 500 == 0:
                names.append(str(record.get("nama")).split()[0] + " " + str(i))
    finally:
        store.close()
    return time.perf_counter() - start, ids, names


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _work(base: str, user: str, ids: list[str], names: list[str], rounds: int,
          times: dict[str, list[float]], lock: threading.Lock) -> None:
    rng = random.Random(user)
    with httpx.Client(base_url=base, timeout=60) as client:
        r = client.post("/api/login", json={"name": user, "password": f"rahasia-{user}-desk"})
        r.raise_for_status()
        for _ in range(rounds):
            for page, url in (("queue", "/"), ("search", f"/?q={rng.choice(names)}"),
                              ("case page", f"/cases/{rng.choice(ids)}")):
                start = time.perf_counter()
                response = client.get(url)
                seconds = time.perf_counter() - start
                response.raise_for_status()
                with lock:
                    times.setdefault(page, []).append(seconds)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    """Seed, serve, load, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=15_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--db-url", default=None, help="PostgreSQL URL (its tables are emptied)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INTAKE_DATA_DIR": tmp}
        if args.db_url:
            env["INTAKE_DB_URL"] = args.db_url
            os.environ["INTAKE_DB_URL"] = args.db_url
            _empty(args.db_url)
        os.environ["INTAKE_DATA_DIR"] = tmp
        seconds, ids, names = seed(args.cases)
        print(f"store: {'PostgreSQL' if args.db_url else 'SQLite'}; seeded {len(ids):,} cases "
              f"in {seconds:.0f} s")
        port = _free_port()
        server = subprocess.Popen([str(Path(sys.executable).with_name("intake")), "review",
                                   "--host", "127.0.0.1", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base)
            times: dict[str, list[float]] = {}
            lock = threading.Lock()
            workers = [threading.Thread(target=_work, args=(base, user, ids, names,
                                                            args.rounds, times, lock))
                       for user, _ in USERS]
            start = time.perf_counter()
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=30)
        total = sum(len(v) for v in times.values())
        print(f"{total} requests by 2 clerks + 1 supervisor at once in {wall:.1f} s")
        print(f"{'page':<10} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   (bar: p95 < 300)")
        for page, values in times.items():
            print(f"{page:<10} {len(values):>4} {statistics.median(values) * 1000:>8.0f} "
                  f"{_pct(values, 0.95) * 1000:>8.0f} {max(values) * 1000:>8.0f}")


def _wait(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the desk did not start")


def _empty(url: str) -> None:
    """Empty the PostgreSQL database's tables (a benchmark database, never the office's)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


if __name__ == "__main__":
    main()

"""Review-desk fixtures: HTTP tests run on SQLite, and on PostgreSQL with INTAKE_TEST_PG_URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from core.settings import get_settings
from records.store import Store
from review.accounts import add_user
from tests.records.conftest import BACKENDS, PG_URL, _reset_pg


def open_store(backend: str, tmp_path: Path) -> Store:
    """A fresh store on ``backend`` with the accounts ani (clerk) and budi (supervisor)."""
    if backend == "postgresql":
        assert PG_URL
        _reset_pg(PG_URL)
        s = Store(PG_URL, data_dir=tmp_path / "data")
    else:
        s = Store(f"sqlite:///{tmp_path / 'intake.db'}", data_dir=tmp_path / "data")
    add_user(s, "ani", "rahasia-ani", "clerk")
    add_user(s, "budi", "rahasia-budi", "supervisor")
    return s


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store with two accounts, on each backend."""
    s = open_store(request.param, tmp_path)
    yield s
    s.close()


@contextmanager
def as_flow_store(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """``store`` made the intake flow's store too (the flow opens ``Store()`` from the settings)."""
    monkeypatch.setenv("INTAKE_DB_URL", store.url)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(store.data_dir))
    get_settings.cache_clear()
    try:
        yield store
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()

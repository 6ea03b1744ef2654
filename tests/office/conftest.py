"""Office fixtures: a store with a clerk and a supervisor, on SQLite (and PostgreSQL when set)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from records.store import Store
from tests.records.conftest import BACKENDS
from tests.review.conftest import open_store

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store with the accounts ani (clerk) and budi (supervisor), on each backend."""
    s = open_store(request.param, tmp_path)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store with the two accounts."""
    s = open_store("sqlite", tmp_path)
    yield s
    s.close()

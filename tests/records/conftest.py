"""Store fixtures: each store test runs on SQLite, and on PostgreSQL with INTAKE_TEST_PG_URL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from records.db import Base
from records.engine import forget_schema
from records.store import Store

PG_URL = os.environ.get("INTAKE_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _reset_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    forget_schema(url)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store on each backend."""
    if request.param == "postgresql":
        assert PG_URL
        _reset_pg(PG_URL)
        s = Store(PG_URL, data_dir=tmp_path / "data")
    else:
        s = Store(f"sqlite:///{tmp_path / 'intake.db'}", data_dir=tmp_path / "data")
    yield s
    s.close()

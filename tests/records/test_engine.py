"""The schema is brought up to date once per process and database, not by every Store()."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from records.engine import forget_schema
from records.store import Store


def _tables(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names())


def test_migrations_run_once_per_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'intake.db'}"
    first = Store(url, data_dir=tmp_path / "data")
    assert {"cases", "pages", "alembic_version"} <= _tables(first)
    with first.engine.begin() as conn:  # forget the revision: an upgrade would start over
        conn.execute(text("DELETE FROM alembic_version"))
    first.close()

    again = Store(url, data_dir=tmp_path / "data")  # no upgrade ran: nothing was re-created
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 0
    again.close()

    forget_schema(url)
    with pytest.raises(OperationalError, match="already exists"):  # now it upgrades again
        Store(url, data_dir=tmp_path / "data")


def test_the_settings_url_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import get_settings

    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        store = Store()
        assert store.url == get_settings().database_url == f"sqlite:///{tmp_path / 'intake.db'}"
        store.close()
    finally:
        get_settings.cache_clear()

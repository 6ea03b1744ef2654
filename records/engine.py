"""Database engines of the store, and the schema brought up to date once per process.

``migrate`` runs Alembic's upgrade; :func:`ensure_schema` runs it the first time a process
opens a database URL only, so opening a :class:`~records.store.Store` per task costs no
migration check.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
_migrated: set[str] = set()
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (always runs the check)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def ensure_schema(engine: Engine) -> None:
    """:func:`migrate` the database of ``engine`` unless this process already did."""
    key = engine.url.render_as_string(hide_password=False)
    with _lock:
        if key in _migrated:
            return
        migrate(engine)
        _migrated.add(key)


def forget_schema(url: str | None = None) -> None:
    """Make the next :func:`ensure_schema` migrate again (``url``, or every database): for a
    database whose tables were dropped behind the store's back (tests)."""
    with _lock:
        if url is None:
            _migrated.clear()
        else:
            _migrated.discard(make_url(url).render_as_string(hide_password=False))

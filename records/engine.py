"""Database engines of the store, and the schema brought up to date once per process.

``migrate`` runs Alembic's upgrade; :func:`ensure_schema` runs it the first time a process
opens a database URL only, and only when the database is not already at the newest revision
(one ``SELECT`` of ``alembic_version`` against the revisions in ``migrations/versions``), so a
cold command on an up-to-date store never imports Alembic.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
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


@lru_cache(maxsize=1)
def head_revisions() -> frozenset[str]:
    """The revisions no other migration builds on (one, unless the history branched)."""
    revisions, downs = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(source))
        downs.update(_DOWN.findall(source))
    return frozenset(revisions - downs)


def current_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the database is stamped with (empty for a new or foreign database)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            return frozenset(rows)
    except SQLAlchemyError:
        return frozenset()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (always runs the check)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def ensure_schema(engine: Engine) -> None:
    """:func:`migrate` the database of ``engine`` unless this process already did or it is
    already at the newest revision."""
    key = engine.url.render_as_string(hide_password=False)
    with _lock:
        if key in _migrated:
            return
        heads = head_revisions()
        if not heads or current_revisions(engine) != heads:
            migrate(engine)
        _migrated.add(key)


def forget_schema(url: str | None = None) -> None:
    """Make the next :func:`ensure_schema` check the database again (``url``, or every
    database): for a database whose tables were dropped behind the store's back (tests)."""
    with _lock:
        if url is None:
            _migrated.clear()
        else:
            _migrated.discard(make_url(url).render_as_string(hide_password=False))

"""``intake user add|password|disable``: the password is asked (getpass, twice) or read from
stdin, never taken from an argument (shell history, ``ps``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.settings import get_settings
from flows.cli import app
from records.store import Store
from review.accounts import authenticate
from review.sessions import SessionStore, count_sessions

runner = CliRunner()


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INTAKE_DB_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "data"
    monkeypatch.undo()
    get_settings.cache_clear()


def _check(name: str, password: str) -> tuple[str, str] | None:
    store = Store()
    try:
        return authenticate(store, name, password)
    finally:
        store.close()


def test_password_is_not_an_argument(data: Path) -> None:
    out = runner.invoke(app, ["user", "add", "siti", "--password", "rahasia-siti"])
    assert out.exit_code == 2 and "No such option: --password" in out.output
    assert _check("siti", "rahasia-siti") is None


def test_password_from_stdin(data: Path) -> None:
    out = runner.invoke(app, ["user", "add", "siti", "--role", "supervisor", "--password-stdin"],
                        input="rahasia-siti\n")
    assert out.exit_code == 0, out.output
    assert "rahasia-siti" not in out.output
    assert _check("siti", "rahasia-siti") == ("siti", "supervisor")
    short = runner.invoke(app, ["user", "add", "rudi", "--password-stdin"], input="pendek\n")
    assert short.exit_code == 1 and "minimal 8 karakter" in short.output


def test_password_asked_twice(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["rahasia-ani", "rahasia-anu"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    out = runner.invoke(app, ["user", "add", "ani"])
    assert out.exit_code == 1 and "tidak sama" in out.output
    assert _check("ani", "rahasia-ani") is None
    answers = iter(["rahasia-ani", "rahasia-ani"])
    out = runner.invoke(app, ["user", "add", "ani"])
    assert out.exit_code == 0 and "Pengguna ani (clerk) dibuat." in out.output


def test_new_password_and_disable_end_sessions(data: Path) -> None:
    runner.invoke(app, ["user", "add", "ani", "--password-stdin"], input="rahasia-ani\n")
    store = Store()
    try:
        sessions = SessionStore(store.engine, __import__("datetime").timedelta(hours=8))
        sessions.create({"user": {"name": "ani", "role": "clerk"}})
        out = runner.invoke(app, ["user", "password", "ani", "--password-stdin"],
                            input="sandi-baru-1\n")
        assert out.exit_code == 0 and "1 sesi diakhiri" in out.output
        assert count_sessions(store.engine, "ani") == 0
        sessions.create({"user": {"name": "ani", "role": "clerk"}})
        out = runner.invoke(app, ["user", "disable", "ani"])
        assert out.exit_code == 0 and "dinonaktifkan; 1 sesi diakhiri" in out.output
        assert authenticate(store, "ani", "sandi-baru-1") is None
    finally:
        store.close()

"""`intake check`: info and findings out, exit 1 on an error."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


def test_check_nik_table() -> None:
    result = runner.invoke(app, ["check", "nik", "6311064508850003"])
    assert result.exit_code == 0
    assert "Paringin" in result.output and "Tidak ada temuan" in result.output


def test_check_npwp_json_exit_code() -> None:
    result = runner.invoke(app, ["check", "npwp", "01.312.166.1-091.000", "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["kind"] == "npwp" and payload["info"] == {}
    assert [f["code"] for f in payload["findings"]] == ["npwp.check_digit", "npwp.legacy_15"]


def test_check_english(monkeypatch) -> None:
    from core.settings import get_settings

    monkeypatch.setenv("INTAKE_LANG", "en")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["check", "email", "budi@gmial.com"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0
    assert "did you mean 'gmail.com'" in " ".join(result.output.split())

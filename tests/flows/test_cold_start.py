"""A cold command imports only what it needs: not other commands, not Alembic at head."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import COMMANDS, app

REPO = Path(__file__).resolve().parents[2]


def _python(code: str, tmp_path: Path) -> dict:
    """Run ``code`` in a fresh interpreter on its own data folder; its last line as JSON."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env |= {"INTAKE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_help_lists_every_command() -> None:
    shown = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert shown.exit_code == 0
    for name in COMMANDS:
        assert f" {name} " in shown.output


def test_a_command_imports_its_own_module_only(tmp_path: Path) -> None:
    loaded = _python(
        "import json, sys, click\n"
        "from flows.cli import app\n"
        "import typer\n"
        "group = typer.main.get_command(app)\n"
        "assert group.get_command(click.Context(group), 'show') is not None\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('flows.', 'samples', "
        "'alembic')))))", tmp_path)
    assert "flows.cli_scan" in loaded
    assert not {"flows.cli_archive", "flows.cli_samples", "flows.cli_check",
                "samples.generate", "alembic"} & set(loaded)


def test_a_store_at_head_is_opened_without_alembic(tmp_path: Path) -> None:
    opened = ("import json, sys\n"
              "from records.store import Store\n"
              "Store().close()\n"
              "print(json.dumps({'alembic': 'alembic' in sys.modules}))")
    assert _python(opened, tmp_path) == {"alembic": True}  # a new store: migrated
    assert _python(opened, tmp_path) == {"alembic": False}  # at head: one SELECT

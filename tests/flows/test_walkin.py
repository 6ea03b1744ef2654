"""Without a Prefect server, ``intake scan`` runs the flow's own steps in-process, same result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import get_settings
from flows.intake import intake_case
from flows.walkin import run_case

REPO = Path(__file__).resolve().parents[2]
SPECIMENS = REPO / "samples" / "specimens"


def _files(case: str) -> list[Path]:
    return sorted(p for p in (SPECIMENS / case).iterdir() if p.name != "truth.json")


def test_in_process_steps_give_what_the_flow_gives(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files("case_014")  # a defect: findings across documents too
    through_prefect = intake_case(paths=files)
    # a store of its own: in the same store the same files answer the case already stored
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INTAKE_DB_URL", f"sqlite:///{tmp_path / 'intake.db'}")
    get_settings.cache_clear()
    try:
        in_process = run_case(files)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert in_process.case_id != through_prefect.case_id
    same = {"case_id", "existing", "notices"}  # what the store knew of the applicant
    assert in_process.model_dump(exclude=same) == through_prefect.model_dump(exclude=same)


SCAN = """
import sys
from typer.testing import CliRunner
from flows.cli import app
result = CliRunner().invoke(app, ["scan", *sys.argv[1:]])
print(result.exit_code, any(m == "prefect" or m.startswith("prefect.") for m in sys.modules))
print(result.output)
"""


def test_scan_without_a_server_needs_no_prefect(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"INTAKE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", SCAN, *map(str, _files("case_010"))],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    first, _, output = out.stdout.partition("\n")
    assert first == "0 False", out.stdout + out.stderr
    assert "disimpan" in output and "Traceback" not in out.stderr
    assert not (tmp_path / "data" / "prefect" / "prefect.db").exists()

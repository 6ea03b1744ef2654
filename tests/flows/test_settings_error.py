"""A wrong ``INTAKE_*`` setting stops any command with one clear line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _intake(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    clean |= {"INTAKE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO), **env}
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True,
                          text=True, env=clean, cwd=REPO, timeout=120)


@pytest.mark.parametrize(("env", "line"), [
    ({"INTAKE_KBLI_VERSION": "2019"},
     "Pengaturan tidak sah: INTAKE_KBLI_VERSION=2019 — harus salah satu dari 2020, 2025."),
    ({"INTAKE_OCR_TIMEOUT": "abc"},
     "Pengaturan tidak sah: INTAKE_OCR_TIMEOUT=abc — harus angka (bawaan: 30.0)."),
    ({"INTAKE_OCR_TIMEOUT": "abc", "INTAKE_LANG": "en"},
     "Invalid setting: INTAKE_OCR_TIMEOUT=abc — must be a number (default: 30.0)."),
    ({"INTAKE_MAX_PAGES": "banyak", "INTAKE_SECURE_COOKIES": "mungkin", "INTAKE_LANG": "en"},
     "Invalid setting: INTAKE_MAX_PAGES=banyak — must be a whole number (default: 200); "
     "INTAKE_SECURE_COOKIES=mungkin — must be true or false (default: false)."),
])
def test_a_wrong_setting_is_one_line_and_exit_2(tmp_path: Path, env: dict[str, str],
                                                line: str) -> None:
    done = _intake(tmp_path, "kbli", "cari", "roti", **env)
    assert done.returncode == 2
    assert done.stderr.strip() == line and done.stdout == ""
    assert "Traceback" not in done.stderr and not (tmp_path / "data").exists()


def test_help_still_shows_and_good_settings_run(tmp_path: Path) -> None:
    shown = _intake(tmp_path, "kbli", "cari", "--help", INTAKE_KBLI_VERSION="2019")
    assert shown.returncode == 0 and "Usage" in shown.stdout
    done = _intake(tmp_path, "kbli", "cari", "roti", INTAKE_KBLI_VERSION="2020")
    assert done.returncode == 0, done.stderr
    assert "KBLI 2020" in done.stdout and "10710" in done.stdout and done.stderr == ""

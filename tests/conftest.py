"""Test-session settings: a private data folder, and the shared KBLI list when it is there."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_KBLI = REPO.parent / "shared" / "data" / "kbli2020.csv"

os.environ.setdefault("INTAKE_DATA_DIR", tempfile.mkdtemp(prefix="intake-tests-"))
if SHARED_KBLI.is_file():
    os.environ.setdefault("INTAKE_KBLI_FILE", str(SHARED_KBLI))

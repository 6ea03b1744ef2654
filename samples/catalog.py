"""Reading specimen sets back: case folders and their ``truth.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SPECIMENS = Path(__file__).resolve().parent / "specimens"


def load_truth(folder: Path) -> dict[str, Any]:
    """The ``truth.json`` of one case folder."""
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def cases(root: Path = SPECIMENS) -> list[tuple[Path, dict[str, Any]]]:
    """Every ``case_*`` folder under ``root`` (the committed set by default) with its truth."""
    return [(folder, load_truth(folder)) for folder in sorted(root.glob("case_*"))
            if (folder / "truth.json").is_file()]

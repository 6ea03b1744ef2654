"""Markers that say what a test needs, so ``make test-fast`` can leave the heavy ones out.

- ``slow``: real OCR over many images, specimen rendering, or a Prefect flow (with its test
  server); the modules are listed in :data:`SLOW` (a test may also mark itself);
- ``browser``: drives Chromium through Playwright (any test module that imports it).

``make test-fast`` runs ``-m "not slow and not browser"``; ``make test`` runs everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SLOW = (
    "tests/deploy/",
    "tests/flows/",  # every flow test starts the session's Prefect test server
    "tests/extractors/test_cli_extract.py",
    "tests/extractors/test_digits.py",
    "tests/extractors/test_imaging.py",
    "tests/extractors/test_ktp.py",
    "tests/extractors/test_npwp.py",
    "tests/extractors/test_permit.py",
    "tests/extractors/test_pipeline.py",
    "tests/office/test_watch.py",
    "tests/samples/test_samples_generate.py",
)
"""Test modules (or folders) that read many images with Tesseract or run flows."""


def _uses_browser(module: object, cache: dict[str, bool]) -> bool:
    path = str(getattr(module, "__file__", "") or "")
    if path not in cache:
        try:
            cache[path] = "playwright" in Path(path).read_text(encoding="utf-8")
        except OSError:
            cache[path] = False
    return cache[path]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the slow and the browser tests."""
    browser: dict[str, bool] = {}
    for item in items:
        try:
            rel = item.path.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            continue
        if rel.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
        module = getattr(item, "module", None)
        if module is not None and _uses_browser(module, browser):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)

"""Fixtures of the extractor tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import extractors.tesseract as tesseract


@pytest.fixture
def tesseract_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The configurations of every Tesseract run (the real engine still runs)."""
    calls: list[str] = []
    real = tesseract._run

    def counting(image, lang, config, timeout):  # type: ignore[no-untyped-def]
        calls.append(config)
        return real(image, lang, config, timeout)

    monkeypatch.setattr(tesseract, "_run", counting)
    yield calls

"""Arrays kept on disk: built once, read back the same, a damaged file built again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.cache import cache_dir, cached_arrays, file_key
from core.settings import get_settings


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _builder(calls: list[int]):
    def build() -> dict[str, np.ndarray]:
        calls.append(1)
        return {"vecs": np.arange(12, dtype=np.float32).reshape(3, 4), "labels": np.arange(3)}
    return build


def test_built_once_then_read(data: Path) -> None:
    calls: list[int] = []
    first = cached_arrays("t", "k1", _builder(calls))
    again = cached_arrays("t", "k1", _builder(calls))
    assert calls == [1]
    assert all(np.array_equal(first[k], again[k]) and first[k].dtype == again[k].dtype
               for k in first)
    assert [p.name for p in cache_dir().iterdir()] == ["t-k1.npz"]


def test_a_new_key_builds_and_drops_the_old_file(data: Path) -> None:
    calls: list[int] = []
    cached_arrays("t", "k1", _builder(calls))
    cached_arrays("t", "k2", _builder(calls))
    assert calls == [1, 1]
    assert [p.name for p in cache_dir().iterdir()] == ["t-k2.npz"]


def test_a_damaged_file_is_built_again(data: Path) -> None:
    calls: list[int] = []
    cached_arrays("t", "k1", _builder(calls))
    (cache_dir() / "t-k1.npz").write_bytes(b"not an npz")
    out = cached_arrays("t", "k1", _builder(calls))
    assert calls == [1, 1] and out["labels"].tolist() == [0, 1, 2]
    assert cached_arrays("t", "k1", _builder(calls))["vecs"].shape == (3, 4)
    assert calls == [1, 1]


def test_file_key_follows_the_files(tmp_path: Path) -> None:
    font = tmp_path / "font.ttf"
    font.write_bytes(b"a")
    before = file_key(font, "32")
    assert file_key(font, "32") == before != file_key(font, "33")
    font.write_bytes(b"ab")
    assert file_key(font, "32") != before
    assert file_key([font, tmp_path / "missing"]) != file_key([font])

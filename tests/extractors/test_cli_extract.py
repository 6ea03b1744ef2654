"""`intake extract`: JSON contract, human table, exit codes, classification of text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.models import DocType
from extractors.classify import classify_text
from flows.cli import app

SPECIMENS = Path(__file__).resolve().parents[2] / "samples" / "specimens"
runner = CliRunner()


def _text_pdf() -> Path:
    """The first committed permit with a text layer."""
    return sorted(SPECIMENS.glob("case_*/permit.pdf"))[0]


def test_json_contract_of_a_text_pdf() -> None:
    result = runner.invoke(app, ["extract", str(_text_pdf()), "--json"])
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert set(out) >= {"source", "sha256", "documents", "errors"}
    doc = out["documents"][0]
    assert doc["doc_type"] == "permit"
    assert set(doc["fields"]["jenis"]) >= {"value", "raw", "confidence", "bbox"}


def test_human_table_and_partial_failure(tmp_path: Path) -> None:
    bad = tmp_path / "bukan.jpg"
    bad.write_text("bukan gambar")
    result = runner.invoke(app, ["extract", str(_text_pdf()), str(bad)])
    assert result.exit_code == 0
    assert "bukan.jpg" in result.stdout
    assert "Traceback" not in result.stdout


def test_every_file_failed_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.png"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(empty), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"][0]["code"] == "file.empty"


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("PROVINSI KALIMANTAN SELATAN KABUPATEN BALANGAN NIK", "card", DocType.KTP),
        ("KEMENTERIAN KEUANGAN DIREKTORAT JENDERAL PAJAK NPWP", "card", DocType.NPWP),
        ("PERSETUJUAN BANGUNAN GEDUNG Pemilik Bangunan Gedung", "page", DocType.PERMIT),
        ("daftar belanja minggu ini", "page", DocType.UNKNOWN),
    ],
)
def test_classify_text(text: str, kind: str, expected: DocType) -> None:
    assert classify_text(text, kind)[0] == expected

"""KBLI 2025 by default, KBLI 2020 on request, the conversion table, the closed division 92."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.settings import get_settings
from flows.cli import app
from validators import kbli
from validators.check import check_value

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch):
    """Set ``INTAKE_*`` variables for one test, settings re-read before and after."""

    def set_env(**values: str) -> None:
        for key, value in values.items():
            monkeypatch.setenv(f"INTAKE_{key.upper()}", value)
        get_settings.cache_clear()

    yield set_env
    get_settings.cache_clear()


def test_lists_ship_inside_the_package() -> None:
    data = REPO / "validators" / "data"
    assert data == kbli.DATA
    counts = {v: sum(len(c) == 5 for c in kbli.official(v)) for v in kbli.VERSIONS}
    assert counts == {"2020": 1790, "2025": 1559}
    assert len(kbli.successors("47919")) == 67
    assert "Source: lidyapramesty-hub/jelita" in (data / "README.md").read_text(encoding="utf-8")


def test_a_2025_code_that_2020_lacks_is_valid_by_default() -> None:
    assert kbli.problems("01271") == []
    info = kbli.info("01271")
    assert info["title"] == "Pertanian Kopi" and info["version"] == "KBLI 2025"
    assert info["level"] == "kelompok" and info["category"] == "A"


def test_a_2020_code_with_one_successor_offers_it_as_the_fix() -> None:
    (problem,) = kbli.problems("01119")
    assert problem.code == "kbli.old_version" and problem.level.value == "warning"
    _, findings = check_value("kbli", "01119")
    assert "01118 Pertanian Biji-Bijian Penghasil Minyak Selain Minyak Makan" in \
        findings[0].message
    assert "pilih kode ini" in findings[0].message
    info = kbli.info("01119")
    assert info["fix"] == "01118" and info["version"] == "KBLI 2020"


def test_a_split_2020_code_lists_its_candidates_and_their_count() -> None:
    (problem,) = kbli.problems("47919")
    assert problem.code == "kbli.old_version" and problem.params["count"] == 67
    assert problem.params["candidates"].startswith("47192 Perdagangan Eceran")
    _, findings = check_value("kbli", "47919")
    assert "pilih salah satu dari 67 kode: 47192" in findings[0].message
    assert findings[0].message.endswith("; … dan 62 lainnya.")
    info = kbli.info("47919")
    assert len(info["candidates"]) == 67 and "fix" not in info
    assert all(c["title"] for c in info["candidates"])


@pytest.mark.parametrize("version", ["2020", "2025"])
def test_gambling_is_closed_whatever_the_list_says(version: str) -> None:
    assert [p.code for p in kbli.problems("92000", version=version)] == ["kbli.closed"]
    assert "92" in kbli.official("2025")  # the 2025 list has it, we still refuse it


def test_old_list_on_request(settings_env) -> None:
    settings_env(kbli_version="2020")
    assert kbli.problems("01119") == []
    assert [p.code for p in kbli.problems("01271")] == ["kbli.unknown"]
    assert kbli.info("62019")["category"] == "J"
    assert [p.code for p in kbli.problems("45201")] == []


def test_division_unknown_per_version() -> None:
    assert [p.code for p in kbli.problems("45999", version="2025")] == \
        ["kbli.division_unknown"]
    assert [p.code for p in kbli.problems("04111")] == ["kbli.division_unknown"]
    assert kbli.category("62019", version="2025") == "K"


def test_kbli_file_still_overrides(settings_env, tmp_path: Path) -> None:
    own = tmp_path / "kbli_kantor.csv"
    own.write_text("code,title\n47111,Toko swalayan\n", encoding="utf-8")
    settings_env(kbli_file=str(own))
    assert kbli.problems("47111") == []
    assert [(p.code, p.params["source"]) for p in kbli.problems("01271")] == \
        [("kbli.unknown", "kbli_kantor.csv")]


def test_without_a_list_only_the_structure() -> None:
    assert [p.code for p in kbli.problems("47119", kbli_file=None)] == ["kbli.structure_only"]
    assert kbli.is_valid("4711") is False


def test_search_finds_titles_and_old_titles() -> None:
    hits = kbli.search("warung makan")
    assert hits[0]["code"] == "56101" and hits[0]["via"] == "Rumah/Warung Makan"
    assert [h["code"] for h in kbli.search("kopi")][:2] == ["01271", "10761"]
    assert kbli.search("warung makan", version="2020")[0]["code"] == "56102"
    assert all(not h["code"].startswith("92") for h in kbli.search("perjudian"))
    assert kbli.search("") == []


# --- the command line ------------------------------------------------------------------------


def test_cli_check_valid_2025_code_with_title() -> None:
    result = runner.invoke(app, ["check", "kbli", "01271"])
    assert result.exit_code == 0, result.output
    assert "Pertanian Kopi" in result.output and "KBLI 2025" in result.output
    assert "kelompok" in result.output


def test_cli_check_2020_code_offers_the_fix() -> None:
    result = runner.invoke(app, ["check", "kbli", "01119"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "kbli.old_version" in text and "01118" in text


def test_cli_check_split_code_lists_first_candidates_and_count() -> None:
    result = runner.invoke(app, ["check", "kbli", "47919"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "47192" in text and "67" in text and "lainnya" in text
    payload = json.loads(runner.invoke(app, ["check", "kbli", "47919", "--json"]).output)
    assert len(payload["info"]["candidates"]) == 67
    assert payload["findings"][0]["code"] == "kbli.old_version"


def test_cli_check_gambling_exits_1() -> None:
    result = runner.invoke(app, ["check", "kbli", "92000"])
    assert result.exit_code == 1 and "kbli.closed" in result.output


def test_cli_kbli_cari() -> None:
    result = runner.invoke(app, ["kbli", "cari", "warung makan"])
    assert result.exit_code == 0, result.output
    assert "56101" in result.output and "Rumah/Warung Makan" in result.output
    payload = json.loads(runner.invoke(app, ["kbli", "cari", "kopi", "--json"]).output)
    assert payload[0]["code"] == "01271"
    nothing = runner.invoke(app, ["kbli", "cari", "zzzzqqq"])
    assert nothing.exit_code == 1 and "Tidak ada" in nothing.output

"""The quality flags of a document carry their hints in the JSON of ``extract`` and ``scan``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.models import DocType, Document, FieldRead
from flows.walkin import CaseResult
from validators.rules import with_findings

REPO = Path(__file__).resolve().parents[2]
LOWRES = REPO / "tests" / "extractors" / "fixtures" / "npwp_old_lowres.jpg"


def test_with_findings_sets_one_hint_per_flag() -> None:
    doc = Document(doc_type=DocType.KTP, source="ktp.jpg", quality=["blurred", "photocopy"],
                   fields={"nik": FieldRead(value="6311064508850003", confidence=0.9)})
    checked = with_findings([doc], office="63.11")[0]
    assert [(h.flag, h.message.split(" — ")[0], h.message_en.split(" — ")[0])
            for h in checked.quality_hints] == [("blurred", "foto buram", "blurred photo"),
                                                ("photocopy", "fotokopi", "photocopy")]
    out = json.loads(CaseResult(case_id="K1", documents=[checked]).model_dump_json())
    assert out["documents"][0]["quality"] == ["blurred", "photocopy"]
    assert out["documents"][0]["quality_hints"][0]["message"].startswith(
        "foto buram — ulangi pemotretan")
    clean = with_findings([doc.model_copy(update={"quality": []})], office="63.11")[0]
    assert clean.quality_hints == []
    # a document stored before the hints existed still loads
    old = doc.model_dump(mode="json")
    del old["quality_hints"]
    assert Document.model_validate(old).quality_hints == []


def test_extract_json_carries_the_hints_beside_the_flags(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env |= {"INTAKE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO),
            "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run([sys.executable, "-m", "flows.cli", "extract", "--json", str(LOWRES)],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    (doc,) = json.loads(done.stdout)["documents"]
    assert "low_resolution" in doc["quality"]  # the imaging stage's flags may grow
    assert [h["flag"] for h in doc["quality_hints"]] == doc["quality"]
    assert {
        "flag": "low_resolution",
        "message": "resolusi rendah — pindai ulang 300 dpi atau foto lebih dekat",
        "message_en": "low resolution — rescan at 300 dpi or photograph closer",
    } in doc["quality_hints"]

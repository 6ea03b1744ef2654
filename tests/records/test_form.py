"""The record follows today's OSS form: one field table, sections in order, README and exports."""

from __future__ import annotations

import csv
import io
import json

from core.models import DocType, Document, FieldRead
from records.export import record_row, to_csv, to_json
from records.form import README, form_markdown
from records.models import RECORD_FIELD_NAMES, RECORD_FIELDS, OssRecord, Section
from records.prefill import prefill
from validators.business import FIELD_RULES, NUMBER_FIELDS


def test_readme_lists_the_form_as_the_field_table_defines_it() -> None:
    assert form_markdown() in README.read_text(encoding="utf-8"), (
        "README is stale: python -c 'from records.form import write_readme; write_readme()'")


def test_sections_come_in_form_order_each_in_one_block() -> None:
    blocks = [s for i, s in enumerate(f.section for f in RECORD_FIELDS)
              if i == 0 or RECORD_FIELDS[i - 1].section != s]
    assert blocks == list(Section)
    assert len(set(RECORD_FIELD_NAMES)) == len(RECORD_FIELD_NAMES)


def test_todays_form_fields_are_held() -> None:
    need = {"nama_usaha", "kbli", "produk", "jenis_kegiatan", "lokasi_rt_rw", "lokasi_kel_desa",
            "koordinat", "modal_tetap", "modal_kerja", "tenaga_kerja_laki",
            "tenaga_kerja_perempuan", "telepon", "email", "npwp", "luas_lahan",
            "sudah_beroperasi", "bpjs_kesehatan", "bpjs_ketenagakerjaan"}
    assert need <= set(RECORD_FIELD_NAMES)


def test_every_rule_names_a_record_field_the_clerk_types() -> None:
    by_name = {f.name: f for f in RECORD_FIELDS}
    for name in [*FIELD_RULES, *NUMBER_FIELDS]:
        assert name in by_name and not by_name[name].sources, name


def test_clerk_fields_stay_empty_and_exports_follow_the_form() -> None:
    permit = Document(doc_type=DocType.PERMIT, source="pbg.pdf", fields={
        "lokasi": FieldRead(value="JL. A. YANI KM 2", confidence=0.9),
        "luas_tanah": FieldRead(value="120", confidence=0.9)})
    record = prefill([permit])
    assert record.get("lokasi_usaha") == "JL. A. YANI KM 2" and record.get("luas_lahan") == "120"
    assert all(record.values[n].origin == "empty" for n in FIELD_RULES)
    row = record_row("C1", record)
    assert list(row) == ["case_id", *RECORD_FIELD_NAMES]
    header = next(csv.reader(io.StringIO(to_csv([row]))))
    assert header == ["case_id", *RECORD_FIELD_NAMES]
    assert list(json.loads(to_json([row]))[0]) == ["case_id", *RECORD_FIELD_NAMES]


def test_a_stored_record_of_the_old_form_still_loads() -> None:
    old = {"person_type": "perorangan", "values": {"nik": {"value": "6311064508850003"}}}
    record = OssRecord.model_validate(old)
    assert record.get("nik") == "6311064508850003" and record.get("koordinat") is None
    assert [f.name for f, _v in record.ordered()] == list(RECORD_FIELD_NAMES)

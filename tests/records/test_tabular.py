"""Reading records from spreadsheets: headers, encodings, numbers spreadsheets mangled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from records.tabular import (
    InputError,
    cell_plan,
    cell_values,
    map_columns,
    read_records,
    row_values,
)


def test_indonesian_headers_are_recognised() -> None:
    cols = map_columns(["No.", "No. KTP", "Nama Pemilik", "NPWP", "E-mail", "No HP", "KBLI",
                        "Alamat", "Kode Pos"])
    assert cols == {1: "nik", 2: "nama", 3: "npwp", 4: "email", 5: "telepon", 6: "kbli",
                    7: "alamat", 8: "kode_pos"}


def test_missing_required_column_names_the_columns() -> None:
    with pytest.raises(InputError, match="Kolom wajib tidak ditemukan: nik"):
        map_columns(["Nama", "Email"])
    assert map_columns(["Nama", "Nomor Identitas"], {"Nomor Identitas": "nik"})[1] == "nik"


def test_csv_semicolons_mixed_encoding_and_scientific_numbers(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(
        b"No. KTP;Nama Pemilik;Email\n"
        + b"6311064508850003;SITI AMINAH;siti@mail.id\n"
        + "6.31106E+15;JOS\xc9 BUDI;jose@mail.id\n".encode("cp1252")
        + b";;\n"
    )
    rows = list(read_records(path))
    assert [r.line for r in rows] == [2, 3]
    assert rows[0].values == {"nik": "6311064508850003", "nama": "SITI AMINAH",
                              "email": "siti@mail.id"}
    assert rows[0].issues == []
    assert rows[1].values["nama"] == "JOSÉ BUDI"
    assert [i.code for i in rows[1].issues] == ["input.number_mangled", "input.encoding"]
    assert "diubah spreadsheet" in rows[1].issues[0].message


def test_xlsx_numeric_nik_is_flagged(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["NIK", "Nama", "No HP"])
    ws.append(["6311064508850003", "SITI AMINAH", "081234567890"])
    ws.append([6311064508850000.0, "BUDI", 81234567890])
    path = tmp_path / "data.xlsx"
    wb.save(path)
    rows = list(read_records(path))
    assert rows[0].issues == []
    assert rows[1].values["nik"] == "6311064508850000"
    assert [i.fields for i in rows[1].issues] == [["nik"]]


def test_json_export_of_scan(tmp_path: Path) -> None:
    path = tmp_path / "scan.json"
    path.write_text(json.dumps({"case_id": "X", "record": {"values": {
        "nik": {"value": "6311064508850003"}, "nama": {"value": "SITI"}}}}))
    (row,) = read_records(path)
    assert row.values == {"nik": "6311064508850003", "nama": "SITI"}


@pytest.mark.parametrize(("name", "content", "message"), [
    ("x.pdf", b"%PDF", "jenis berkas tidak dikenal"),
    ("x.csv", b"", "berkas kosong"),
    ("x.xlsx", b"not a zip", "bukan berkas Excel"),
    ("x.json", b"{", "bukan JSON"),
])
def test_unreadable_inputs_are_explained(tmp_path: Path, name: str, content: bytes,
                                         message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(read_records(path))


@settings(max_examples=500, deadline=None)
@given(cells=st.lists(st.text(alphabet=st.sampled_from(list(" a1\t\xa0\u2028\x85\x1c.,E+e")),
                              max_size=8), max_size=5))
def test_cell_values_of_csv_cells_are_row_values(cells: list[str]) -> None:
    columns = {0: "nik", 1: "nama", 3: "kode_pos", 4: "nama"}
    values, issues = cell_values(cells, cell_plan(columns))
    expected_values, expected_issues = row_values(cells, columns)
    assert values == expected_values
    assert [f.model_dump() for f in issues] == [f.model_dump() for f in expected_issues]

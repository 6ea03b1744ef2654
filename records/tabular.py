"""Records from spreadsheets (CSV, XLSX) and JSON exports, streamed row by row.

Columns are mapped to record fields by name, tolerant of the headers Indonesian offices use
(``No. KTP``, ``Nama Pemilik``, ``No HP``…); ``mapping`` adds or overrides names. Each row comes
with the input problems found while reading it: a number a spreadsheet turned into
``6.31106E+15`` or into a float (the last digits are lost), a line that was not UTF-8.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from core.models import Finding
from records.models import RECORD_FIELD_NAMES
from validators.codes import make_finding

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "noktp", "nomorktp", "nonik", "nomornik", "ktp", "nomorindukkependudukan"),
    "nama": ("nama", "namapemilik", "namalengkap", "namapemohon", "namapelakuusaha"),
    "npwp": ("npwp", "nonpwp", "nomornpwp", "npwp16", "npwppemilik"),
    "email": ("email", "alamatemail", "surel", "surat elektronik"),
    "telepon": ("telepon", "nohp", "nomorhp", "notelp", "notelepon", "nomortelepon", "hp",
                "handphone", "nowa", "nomorwa", "telp"),
    "kbli": ("kbli", "kodekbli", "kbli2020"),
    "alamat": ("alamat", "alamatpemilik", "alamatktp"),
    "kode_pos": ("kodepos", "kdpos", "pos"),
    "nama_usaha": ("namausaha", "namaperusahaan", "namatoko"),
    "tanggal_lahir": ("tanggallahir", "tgllahir"),
    "jenis_kelamin": ("jeniskelamin", "jk", "kelamin"),
    "kel_desa": ("keldesa", "kelurahan", "desa", "kelurahandesa"),
    "kecamatan": ("kecamatan", "kec"),
    "kabupaten_kota": ("kabupatenkota", "kabupaten", "kota", "kabkota"),
    "provinsi": ("provinsi", "prov"),
}
REQUIRED = ("nik", "nama")
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
_NUMBER_FIELDS = ("nik", "npwp", "telepon", "kbli", "kode_pos")
_ID_FIELDS = ("nik", "npwp")
"""Longer than the 15 significant digits a spreadsheet keeps: a numeric cell lost digits."""


class InputError(ValueError):
    """The file cannot be read as records (unreadable, no header, required columns missing)."""


class InputRow(BaseModel):
    """One record of the input, with where it was and what went wrong reading it."""

    line: int
    values: dict[str, str | None]
    issues: list[Finding] = Field(default_factory=list)


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def map_columns(headers: list[str], mapping: dict[str, str] | None = None) -> dict[int, str]:
    """Column index → record field, from the headers and the user's ``mapping`` (header→field)."""
    aliases = {_key(a): field for field, names in HEADER_ALIASES.items() for a in names}
    aliases.update({_key(h): f for h, f in (mapping or {}).items()})
    columns = {i: aliases[_key(h)] for i, h in enumerate(headers) if _key(h) in aliases}
    missing = [f for f in REQUIRED if f not in columns.values()]
    if missing:
        raise InputError(
            f"Kolom wajib tidak ditemukan: {', '.join(missing)} (judul kolom: "
            f"{', '.join(headers)}). Pakai --map 'Judul Kolom=nik' untuk kolom lain."
        )
    return columns


def _mangled(field: str, raw: Any) -> Finding | None:
    """An identity number a spreadsheet stored as a number, or any in scientific notation."""
    text = str(raw).strip()
    as_number = isinstance(raw, int | float) and not isinstance(raw, bool)
    if (as_number and field in _ID_FIELDS) or _SCIENTIFIC.match(text):
        return make_finding("input.number_mangled", fields=[field], doc_types=[],
                            field=field.upper(), value=text)
    return None


def _row(line: int, cells: list[Any], columns: dict[int, str]) -> InputRow:
    values: dict[str, str | None] = dict.fromkeys(columns.values())
    issues: list[Finding] = []
    for i, field in columns.items():
        raw = cells[i] if i < len(cells) else None
        if raw is None or str(raw).strip() == "":
            continue
        if field in _NUMBER_FIELDS and (bad := _mangled(field, raw)) is not None:
            issues.append(bad)
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raw = f"{raw:.0f}" if float(raw).is_integer() else str(raw)
        values[field] = " ".join(str(raw).split())
    return InputRow(line=line, values=values, issues=issues)


def _decoded_lines(path: Path, notes: list[int]) -> Iterator[str]:
    """Lines as text: UTF-8, else Windows-1252 (line numbers of the latter go to ``notes``)."""
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            try:
                yield raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                notes.append(n)
                yield raw.decode("cp1252", errors="replace")


def read_csv(path: Path, mapping: dict[str, str] | None = None) -> Iterator[InputRow]:
    """Rows of a CSV file (``,`` or ``;``), streamed."""
    notes: list[int] = []
    lines = _decoded_lines(path, notes)
    header_line = next(lines, "")
    if not header_line.strip():
        raise InputError(f"{path.name}: berkas kosong, tidak ada judul kolom.")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    headers = next(csv.reader([header_line], delimiter=delimiter))
    columns = map_columns(headers, mapping)
    for n, cells in enumerate(csv.reader(lines, delimiter=delimiter), start=2):
        if not any(c.strip() for c in cells):
            continue
        row = _row(n, cells, columns)
        if n in notes:
            row.issues.append(make_finding("input.encoding", fields=[], doc_types=[]))
        yield row


def read_xlsx(path: Path, mapping: dict[str, str] | None = None) -> Iterator[InputRow]:
    """Rows of the first sheet of an XLSX workbook, streamed (read-only mode)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, BadZipFile) as e:
        raise InputError(f"{path.name}: bukan berkas Excel (.xlsx) yang bisa dibaca ({e}).") from e
    try:
        rows: Iterable[tuple[Any, ...]] = wb.worksheets[0].iter_rows(values_only=True)
        it = iter(rows)
        headers = [str(h or "") for h in next(it, ())]
        columns = map_columns(headers, mapping)
        for n, cells in enumerate(it, start=2):
            if any(c not in (None, "") for c in cells):
                yield _row(n, list(cells), columns)
    finally:
        wb.close()


def read_json(path: Path) -> Iterator[InputRow]:
    """Rows of a JSON export of this project (a list of records, or ``intake scan --json``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path.name}: bukan JSON yang bisa dibaca ({e}).") from e
    items = data if isinstance(data, list) else [data]
    for n, item in enumerate(items, start=1):
        if isinstance(item, dict) and "record" in item:  # intake scan --json
            values = {k: v.get("value") for k, v in item["record"].get("values", {}).items()}
        elif isinstance(item, dict):
            values = {k: (None if v in ("", None) else str(v)) for k, v in item.items()}
        else:
            raise InputError(f"{path.name}: unsur ke-{n} bukan objek rekaman.")
        yield InputRow(line=n, values={k: v for k, v in values.items() if k in RECORD_FIELD_NAMES})


def read_records(path: Path, mapping: dict[str, str] | None = None) -> Iterator[InputRow]:
    """Rows of a CSV, XLSX or JSON file, by its extension."""
    if not path.is_file():
        raise InputError(f"{path}: berkas tidak ada.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, mapping)
    if suffix == ".json":
        return read_json(path)
    if suffix in (".csv", ".txt"):
        return read_csv(path, mapping)
    raise InputError(f"{path.name}: jenis berkas tidak dikenal; pakai CSV, XLSX atau JSON.")

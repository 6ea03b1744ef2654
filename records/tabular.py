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
_NUMBER_SET = frozenset(_NUMBER_FIELDS)
_ID_FIELDS = ("nik", "npwp")
"""Longer than the 15 significant digits a spreadsheet keeps: a numeric cell lost digits."""


class InputError(ValueError):
    """The file cannot be read as records (unreadable, no header, required columns missing)."""


class InputRow(BaseModel):
    """One record of the input, with where it was and what went wrong reading it."""

    line: int
    values: dict[str, str | None]
    issues: list[Finding] = Field(default_factory=list)
    refused: bool = False
    """The line could not be parsed as a record (``input.csv_malformed``): counted, not checked."""


RawRow = tuple[int, list[str]]
"""A CSV record not yet mapped to fields: its first line and its cells (mapped in a worker)."""


def refused_row(line: int, error: str, error_en: str) -> InputRow:
    """A line that could not be read as a record, with the reason."""
    issue = make_finding("input.csv_malformed", fields=[], doc_types=[], line=line, error=error,
                         error_en=error_en)
    return InputRow(line=line, values={}, issues=[issue], refused=True)


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
    values, issues = row_values(cells, columns)
    return InputRow.model_construct(line=line, values=values, issues=issues, refused=False)


def row_values(cells: list[Any], columns: dict[int, str]
               ) -> tuple[dict[str, str | None], list[Finding]]:
    """A record's values by field, and the problems met reading them (numbers mangled)."""
    values: dict[str, str | None] = dict.fromkeys(columns.values())
    issues: list[Finding] = []
    width = len(cells)
    for i, field in columns.items():
        raw = cells[i] if i < width else None
        if raw is None or raw == "":
            continue
        if raw.__class__ is str:  # CSV cells: the common case first, no isinstance chain
            text = raw if raw.isalnum() else " ".join(raw.split())
            if not text:
                continue
            if field in _NUMBER_SET and ("e" in text or "E" in text) and _SCIENTIFIC.match(text):
                issues.append(_mangled(field, raw))  # type: ignore[arg-type]
            values[field] = text
            continue
        if str(raw).strip() == "":
            continue
        if field in _NUMBER_FIELDS and (bad := _mangled(field, raw)) is not None:
            issues.append(bad)
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raw = f"{raw:.0f}" if float(raw).is_integer() else str(raw)
        values[field] = " ".join(str(raw).split())
    return values, issues


CellPlan = tuple[tuple[str, ...], tuple[tuple[int, str, bool], ...]]
"""The fields of a column map, and per column its index, field and whether it holds a number."""


def cell_plan(columns: dict[int, str]) -> CellPlan:
    """What :func:`cell_values` needs of ``columns``, worked out once for many rows."""
    return (tuple(dict.fromkeys(columns.values())),
            tuple((i, f, f in _NUMBER_SET) for i, f in columns.items()))


def cell_values(cells: list[str], plan: CellPlan) -> tuple[dict[str, str | None], list[Finding]]:
    """:func:`row_values` of a CSV record's cells (all text), by a :func:`cell_plan`."""
    fields, order = plan
    values: dict[str, str | None] = dict.fromkeys(fields)
    issues: list[Finding] = []
    width = len(cells)
    for i, field, number in order:
        if i >= width or not (raw := cells[i]):
            continue
        if raw.isalnum() or (raw.isprintable() and raw[0] != " " != raw[-1]
                             and "  " not in raw):  # no whitespace but single ASCII spaces
            text = raw
        else:
            text = " ".join(raw.split())
        if not text:
            continue
        if number and ("e" in text or "E" in text) and _SCIENTIFIC.match(text):
            issues.append(_mangled(field, raw))  # type: ignore[arg-type]
        values[field] = text
    return values, issues


def map_row(item: RawRow | InputRow, columns: dict[int, str]) -> InputRow:
    """A raw CSV record mapped to fields (rows of other sources are already mapped)."""
    return item if isinstance(item, InputRow) else _row(item[0], item[1], columns)


def _decoded_lines(path: Path, notes: set[int], taken: list[str]) -> Iterator[str]:
    """Lines as text: UTF-8, else Windows-1252 (line numbers of the latter go to ``notes``);
    each is also appended to ``taken`` (the lines of the record being parsed)."""
    keep = taken.append
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                notes.add(n)
                line = raw.decode("cp1252", errors="replace")
            keep(line)
            yield line


_UNCLOSED = ("tanda kutip \" tidak ditutup", 'unclosed quote "')


def _reason(error: csv.Error) -> tuple[str, str]:
    text = str(error)
    if "end of data" in text or "unexpected end" in text:
        return _UNCLOSED
    return f"CSV rusak: {text}", f"bad CSV: {text}"


def _one_line(line: int, text: str, delimiter: str, width: int) -> RawRow | InputRow | None:
    """A physical line parsed on its own (after its record could not be parsed whole)."""
    try:
        cells = next(csv.reader([text], delimiter=delimiter, strict=True), [])
    except csv.Error as e:
        return refused_row(line, *_reason(e))
    return _checked_width(line, cells, width)


def _checked_width(line: int, cells: list[str], width: int) -> RawRow | InputRow | None:
    """``cells`` as a record, ``None`` for an empty line, refused with too many values."""
    if len(cells) <= width and cells and cells[0] and not cells[0].isspace():
        return line, cells  # the common case: a first cell typed, no extra values
    joined = "".join(cells)
    if not joined or joined.isspace():  # every cell empty or blank
        return None
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return refused_row(line, f"{len(cells)} nilai, judul kolom hanya {width}",
                           f"{len(cells)} values, only {width} column headers")
    return line, cells


def read_csv_items(path: Path, mapping: dict[str, str] | None = None
                   ) -> tuple[dict[int, str], Iterator[RawRow | InputRow]]:
    """The column map and the records of a CSV file: ``(line, cells)`` (not yet mapped to
    fields, see :func:`map_row`), or a refused line.

    Every physical line is accounted for: a record (one line, or several when a quoted value
    holds a line break and the record has the header's width), an empty line (skipped), or a
    refused line. A record that cannot be parsed whole (an unclosed quote swallowing the lines
    after it, a stray quote) is parsed again line by line, so one bad line costs one row.
    """
    notes: set[int] = set()
    taken: list[str] = []
    lines = _decoded_lines(path, notes, taken)
    header_line = next(lines, "")
    if not header_line.strip():
        raise InputError(f"{path.name}: berkas kosong, tidak ada judul kolom.")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    headers = next(csv.reader([header_line], delimiter=delimiter))
    width = len(headers)
    columns = map_columns(headers, mapping)

    def records() -> Iterator[RawRow | InputRow]:
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        line = 2  # the first line of the next record
        while True:
            taken.clear()
            try:
                cells = next(reader)
                bad = len(taken) > 1 and len(cells) != width
            except StopIteration:
                return
            except csv.Error:
                bad = True
            first = line
            line += len(taken)
            if not bad and not notes:  # the common case: one record, all UTF-8 so far
                item = _checked_width(first, cells, width)
                if item is not None:
                    yield item
                continue
            items = ([_one_line(first + k, t, delimiter, width) for k, t in enumerate(taken)]
                     if bad else [_checked_width(first, cells, width)])
            for item in items:
                if item is None:
                    continue
                if notes and isinstance(item, tuple) and item[0] in notes:
                    row = _row(item[0], item[1], columns)
                    row.issues.append(make_finding("input.encoding", fields=[], doc_types=[]))
                    yield row
                else:
                    yield item

    return columns, records()


def read_csv(path: Path, mapping: dict[str, str] | None = None) -> Iterator[InputRow]:
    """Rows of a CSV file (``,`` or ``;``), streamed; unparsable lines come as refused rows."""
    columns, items = read_csv_items(path, mapping)
    return (map_row(item, columns) for item in items)


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


def read_items(path: Path, mapping: dict[str, str] | None = None
               ) -> tuple[dict[int, str], Iterator[RawRow | InputRow]]:
    """Like :func:`read_records`, but CSV records come unmapped (mapped where they are checked)."""
    if path.is_file() and path.suffix.lower() in (".csv", ".txt"):
        return read_csv_items(path, mapping)
    return {}, iter(read_records(path, mapping))

"""The one message table: a stable key, its Bahasa Indonesia and English text, one lookup.

:data:`MESSAGES` holds what the readers, the store and the flows tell a user about files and
cases (:data:`FILE_MESSAGES`, below) and the review desk's page strings (``core/desk_text.py``,
merged in; the desk's templates call ``t(key)``, its routes ``text(key, lang)``). Finding
messages live in ``validators/codes.py`` (the same idea, with severities). :func:`text` looks
every key up. A key is the stable code, optionally with a variant after a colon
(``file.corrupt:pdf``): the :class:`~core.models.FileError` carries the code
(``file.corrupt``), its message the variant's text in ``INTAKE_LANG``.

Texts use ``str.format`` fields; ``{name}`` is filled in with the file's name.

>>> file_error("file.empty", "/arsip/ktp.jpg", lang="en").message
'ktp.jpg: the file is empty (0 bytes).'
>>> file_error("file.corrupt:pdf", "a.pdf", detail="no trailer").code
'file.corrupt'
>>> text("store.case_not_found", "en", case_id="AB12")
'Case AB12 does not exist.'
>>> text("case.title", "id", id="AB12")
'Kasus AB12'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from core.desk_text import DESK
from core.models import FileError
from core.settings import get_settings

LANGS = ("id", "en")


class Text(NamedTuple):
    """One message in both languages."""

    id: str
    en: str


FILE_MESSAGES: dict[str, Text] = {
    # --- files (extractors.load, extractors.pipeline, the flows) ----------------------------
    "file.not_found": Text("{name}: berkas tidak ditemukan.", "{name}: file not found."),
    "file.unreadable": Text("{name}: berkas tidak bisa dibaca ({detail}).",
                            "{name}: the file cannot be read ({detail})."),
    "file.empty": Text("{name}: berkas kosong (0 byte).", "{name}: the file is empty (0 bytes)."),
    "file.unsupported": Text(
        "{name}: bukan gambar (JPEG/PNG/TIFF) atau PDF — isi berkas tidak cocok dengan namanya.",
        "{name}: not an image (JPEG/PNG/TIFF) or a PDF — the content does not match the name."),
    "file.too_many_pages": Text("{name}: {pages} halaman; hanya {limit} yang dibaca.",
                                "{name}: {pages} pages; only {limit} are read."),
    "image.too_large": Text(
        "{name}: gambar {width}×{height} piksel terlalu besar (batas {limit} piksel).",
        "{name}: the image of {width}×{height} pixels is too large (limit {limit} pixels)."),
    "image.too_large:pixels": Text(
        "{name}: gambar {pixels} piksel terlalu besar (batas {limit} piksel).",
        "{name}: the image of {pixels} pixels is too large (limit {limit} pixels)."),
    "image.too_large:page": Text(
        "{name}: halaman {page} ({width}×{height} piksel) terlalu besar (batas {limit} piksel).",
        "{name}: page {page} ({width}×{height} pixels) is too large (limit {limit} pixels)."),
    "file.changed": Text(
        "{name} hal. {page}: halaman tidak dapat dibaca ulang di mesin ini (berkas berubah, "
        "dipindah, atau folder arsip tidak di-mount di jalur yang sama).",
        "{name} p. {page}: the page cannot be read again on this machine (the file changed, "
        "moved, or the archive is not mounted at the same path)."),
    "file.is_directory": Text("{name}: ini folder, bukan berkas (berikan berkasnya, atau "
                              "gunakan intake archive untuk satu folder).",
                              "{name}: this is a folder, not a file (give the files, or use "
                              "intake archive for a folder)."),
    "file.corrupt:image": Text("{name}: gambar rusak atau terpotong ({detail}).",
                               "{name}: the image is damaged or cut short ({detail})."),
    "file.corrupt:pdf": Text("{name}: PDF rusak ({detail}).", "{name}: damaged PDF ({detail})."),
    "file.corrupt:no_pages": Text("{name}: PDF tanpa halaman.", "{name}: a PDF without pages."),
    "file.corrupt:page": Text("{name}: halaman {page} tidak bisa dibaca ({detail}).",
                              "{name}: page {page} cannot be read ({detail})."),
    "pdf.encrypted": Text(
        "{name}: PDF terkunci kata sandi; buka kuncinya lalu pindai/unggah ulang.",
        "{name}: the PDF is password-protected; unlock it, then scan/upload it again."),
    "pdf.too_many_pages": Text(
        "{name}: {pages} halaman; hanya {limit} halaman pertama yang dibaca (atur "
        "INTAKE_MAX_PAGES, atau pecah berkasnya).",
        "{name}: {pages} pages; only the first {limit} are read (set INTAKE_MAX_PAGES, or "
        "split the file)."),
    "page.blank": Text(
        "{name} hal. {page}: halaman kosong (tanpa tulisan), dilewati tanpa OCR.",
        "{name} p. {page}: blank page (nothing written), skipped without OCR."),
    "page.no_document": Text(
        "{name} hal. {page}: tidak ada KTP, NPWP atau izin bangunan yang dikenali.",
        "{name} p. {page}: no KTP, NPWP or building permit recognised."),
    "ocr.failed": Text("{name} hal. {page}: OCR gagal ({detail}).",
                       "{name} p. {page}: OCR failed ({detail})."),
    "batch.failed": Text("Sekelompok halaman gagal diproses ({detail}).",
                         "A batch of pages failed ({detail})."),
    # --- the archive command's summary (flows.cli_archive) -----------------------------------
    "archive.missing": Text("Tidak ada: {paths}", "Not found: {paths}"),
    "archive.title": Text("Ringkasan arsip", "Archive summary"),
    "archive.files": Text("Berkas", "Files"),
    "archive.files_value": Text("{files} (dilewati karena sudah selesai: {skipped})",
                                "{files} (skipped, already done: {skipped})"),
    "archive.pages_done": Text("Halaman selesai", "Pages read"),
    "archive.pages_skipped": Text("Halaman dilewati (sudah diproses)",
                                  "Pages skipped (already read)"),
    "archive.pages_failed": Text("Halaman gagal", "Pages failed"),
    "archive.pages_blank": Text("Halaman kosong (dilewati tanpa OCR)",
                                "Blank pages (skipped without OCR)"),
    "archive.duplicates": Text("Halaman duplikat persis", "Exact duplicate pages"),
    "archive.cases": Text("Kasus dibuat", "Cases made"),
    "archive.searchable": Text("PDF dapat dicari", "Searchable PDFs"),
    "archive.documents": Text("Dokumen", "Documents"),
    "archive.findings": Text("Temuan", "Findings"),
    "archive.same_person": Text("Orang sama di beberapa folder",
                                "Same person in several folders"),
    "archive.progress": Text("Halaman", "Pages"),
    "archive.rate": Text("{rate:.2f} hal/s", "{rate:.2f} pages/s"),
    "archive.skipped": Text("dilewati {pages} hal., {files} berkas",
                            "skipped {pages} pages, {files} files"),
    # --- the case store (records.store) -------------------------------------------------------
    "store.error": Text("{detail}", "{detail}"),
    "store.case_not_found": Text("Kasus {case_id} tidak ada.", "Case {case_id} does not exist."),
    "store.conflict": Text(
        "Kasus {case_id} sudah diubah orang lain (versi {actual}, bukan {expected}); muat ulang "
        "lalu ulangi perubahan.",
        "Case {case_id} was changed by someone else (version {actual}, not {expected}); reload "
        "and make the change again."),
    "store.case_merged": Text("Kasus {case_id} sudah digabung ke kasus lain; ubah kasus itu.",
                              "Case {case_id} was merged into another case; change that one."),
    "store.case_closed": Text("Kasus {case_id} sudah diputus; berkas tidak bisa ditambahkan.",
                              "Case {case_id} is decided; no files can be added to it."),
    "store.file_case_closed": Text(
        "Kasus {case_id} sudah diputus; berkasnya tidak bisa dipindah.",
        "Case {case_id} is decided; its files cannot be moved."),
    "store.no_such_file": Text("Kasus {case_id} tidak punya berkas nomor {number}.",
                               "Case {case_id} has no file number {number}."),
    "store.same_case": Text("Kasus tujuan sama dengan kasus asal.",
                            "The target case is the case the files come from."),
    "store.merge_into_itself": Text("Kasus {case_id} tidak dapat digabung ke dirinya sendiri.",
                                    "Case {case_id} cannot be merged into itself."),
    "store.unknown_application": Text("Jenis permohonan {application!r} tidak dikenal.",
                                      "Unknown application type {application!r}."),
    "store.unknown_field": Text("Kolom {field} tidak ada di rekaman OSS.",
                                "The OSS record has no field {field}."),
    "store.files_dir_unwritable": Text(
        "Folder berkas {root} tidak dapat ditulisi ({detail}): pasang folder bersama "
        "(INTAKE_FILES_DIR) dan beri hak tulis kepada pengguna layanan.",
        "The file folder {root} is not writable ({detail}): mount the shared folder "
        "(INTAKE_FILES_DIR) and let the service user write to it."),
    "store.files_dir_empty": Text(
        "Folder berkas {root} kosong, padahal toko ini menyimpan berkasnya di folder lain: "
        "INTAKE_FILES_DIR harus folder bersama yang sama di setiap mesin (share belum di-mount?).",
        "The file folder {root} is empty although this store keeps its files in another folder: "
        "INTAKE_FILES_DIR must be the same shared folder on every machine (share not mounted?)."),
    "store.files_dir_other": Text(
        "Folder berkas {root} bukan folder toko ini (penanda {found}, toko {recorded}): "
        "INTAKE_FILES_DIR harus folder bersama yang sama di setiap mesin.",
        "The file folder {root} is not this store's (marker {found}, store {recorded}): "
        "INTAKE_FILES_DIR must be the same shared folder on every machine."),
    "store.half_configured": Text(
        "PREFECT_API_URL menunjuk server Prefect, tetapi {missing} tidak diatur: kasus dan "
        "berkas mesin ini tidak akan terlihat di mesin lain. Atur {missing} (deploy/README.md), "
        "atau INTAKE_ALLOW_LOCAL_STORE=1 untuk satu mesin saja.",
        "PREFECT_API_URL names a Prefect server but {missing} is not set: this machine's cases "
        "and files would be seen by no other machine. Set {missing} (deploy/README.md), or "
        "INTAKE_ALLOW_LOCAL_STORE=1 for a single machine."),
    "store.unknown_status": Text("Status {status!r} tidak dikenal; pilih {choices}.",
                                 "Unknown status {status!r}; choose {choices}."),
}

MESSAGES: dict[str, Text] = {**FILE_MESSAGES, **{key: Text(*pair) for key, pair in DESK.items()}}
"""Every message: the file and store messages and the desk's page strings (keys never shared)."""


class _Blank(dict[str, Any]):
    """Format fields nobody passed stay visible (``{field}``) instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def lang_of(lang: str | None = None) -> str:
    """``lang`` if given and known, else ``INTAKE_LANG`` (``id`` by default)."""
    lang = lang or get_settings().lang
    return lang if lang in LANGS else "id"


def text(key: str, lang: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``lang`` (default ``INTAKE_LANG``), its fields filled in.

    Raises:
        KeyError: ``key`` is not in :data:`MESSAGES`.
    """
    entry = MESSAGES[key]
    template = entry.en if lang_of(lang) == "en" else entry.id
    return template.format_map(_Blank(params))


def code_of(key: str) -> str:
    """The stable code of a message key (``file.corrupt:pdf`` → ``file.corrupt``)."""
    return key.partition(":")[0]


def file_error(key: str, source: Path | str, page: int | None = None, *,
               lang: str | None = None, **params: Any) -> FileError:
    """A :class:`FileError` for ``source`` with the message ``key`` (``{name}``: its name)."""
    params.setdefault("name", Path(str(source)).name)
    if page is not None:
        params.setdefault("page", page)
    return FileError(source=str(source), page=page, code=code_of(key),
                     message=text(key, lang, **params))

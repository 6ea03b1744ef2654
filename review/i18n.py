"""The desk's two languages: every visible string of the templates, in Bahasa Indonesia and English.

Templates call ``t("key")`` (or ``t("key", name=value)`` for a string with ``{name}`` places); the
language is the session's choice (the ``/lang`` switch), else ``INTAKE_LANG``. Finding messages come
with both languages already (``Finding.message`` / ``message_en``); record labels from
``RecordField.label_id`` / ``label_en``.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, pass_context
from starlette.requests import Request

from core.settings import get_settings

LANGS = ("id", "en")

TEXT: dict[str, tuple[str, str]] = {
    # frame
    "app": ("Meja Periksa", "Review desk"),
    "nav.queue": ("Antrian", "Queue"),
    "nav.upload": ("Kasus baru", "New case"),
    "nav.export": ("Ekspor CSV", "Export CSV"),
    "nav.logout": ("Keluar", "Log out"),
    "nav.lang": ("English", "Bahasa Indonesia"),
    "role.clerk": ("petugas", "clerk"),
    "role.supervisor": ("supervisor", "supervisor"),
    "back": ("Kembali ke antrian", "Back to the queue"),
    # login
    "login.title": ("Masuk", "Log in"),
    "login.name": ("Nama pengguna", "User name"),
    "login.password": ("Kata sandi", "Password"),
    "login.wrong": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "login.throttled": ("Terlalu banyak percobaan gagal. Coba lagi 5 menit lagi.",
                        "Too many failed attempts. Try again in 5 minutes."),
    # queue
    "queue.title": ("Antrian", "Queue"),
    "queue.search": ("Cari nama atau NIK", "Search name or NIK"),
    "queue.find": ("Cari", "Search"),
    "queue.all": ("Semua", "All"),
    "queue.none": ("Tidak ada kasus.", "No cases."),
    "col.case": ("Kasus", "Case"),
    "col.name": ("Nama", "Name"),
    "col.nik": ("NIK", "NIK"),
    "col.status": ("Status", "Status"),
    "col.received": ("Masuk", "Received"),
    "col.age": ("Umur", "Age"),
    "col.errors": ("Galat", "Errors"),
    "col.warnings": ("Peringatan", "Warnings"),
    "age.days": ("{n} hari", "{n} d"),
    "age.hours": ("{n} jam", "{n} h"),
    "age.minutes": ("{n} menit", "{n} min"),
    "status.needs_review": ("Perlu diperiksa", "Needs review"),
    "status.approved": ("Disetujui", "Approved"),
    "status.rejected": ("Ditolak", "Rejected"),
    # case page
    "case.title": ("Kasus {id}", "Case {id}"),
    "case.version": ("versi {n}", "version {n}"),
    "case.scans": ("Dokumen", "Documents"),
    "case.no_scans": ("Tidak ada gambar dokumen untuk kasus ini.",
                      "No document images for this case."),
    "case.page": ("halaman {n}", "page {n}"),
    "case.zoom": ("perbesar", "zoom"),
    "case.open_image": ("buka gambar", "open the image"),
    "case.record": ("Rekaman OSS", "OSS record"),
    "case.save": ("Simpan", "Save"),
    "case.reason": ("Alasan (wajib untuk menolak)", "Reason (required to reject)"),
    "case.approve": ("Setujui", "Approve"),
    "case.reject": ("Tolak", "Reject"),
    "case.reopen": ("Periksa ulang", "Back to review"),
    "case.print": ("Cetak ringkasan", "Print summary"),
    "case.findings": ("Temuan", "Findings"),
    "case.no_findings": ("Tidak ada temuan.", "No findings."),
    "case.errors": ("Berkas yang gagal dibaca", "Files that could not be read"),
    "case.conflicts": ("Sumber berbeda", "Sources disagree"),
    "case.use_value": ("pakai nilai ini", "use this value"),
    "case.in_use": ("dipakai", "in use"),
    "case.audit": ("Jejak audit", "Audit trail"),
    "case.unsaved": ("Perubahan Anda yang belum tersimpan:", "Your unsaved changes:"),
    "case.conflict": ("Kasus {id} sudah diubah orang lain (versi {actual}, bukan {expected}); "
                      "nilai terbarunya tampil di bawah. Ulangi perubahan Anda bila masih perlu.",
                      "Case {id} was changed by someone else (version {actual}, not {expected}); "
                      "its newest values are shown below. Repeat your change if still needed."),
    "case.reason_needed": ("Penolakan memerlukan alasan.", "A rejection needs a reason."),
    "case.missing": ("Kasus {id} tidak ada.", "Case {id} does not exist."),
    "case.confidence": ("keyakinan OCR {p}%", "OCR confidence {p}%"),
    "case.origin.clerk": ("diubah petugas", "edited by a clerk"),
    "case.origin.empty": ("isi oleh petugas", "to be filled by the clerk"),
    "legend.error": ("galat", "error"),
    "legend.warning": ("peringatan", "warning"),
    "legend.low": ("keyakinan rendah", "low confidence"),
    "legend.ok": ("terbaca", "read"),
    "audit.created": ("dibuat", "created"),
    "audit.edit": ("ubah", "edit"),
    "audit.status": ("status", "status"),
    "doc.ktp": ("KTP", "ID card"),
    "doc.npwp": ("NPWP", "Tax card"),
    "doc.permit": ("PBG/IMB", "Building permit"),
    "doc.unknown": ("tidak dikenal", "unknown"),
    "section.identitas": ("Identitas", "Identity"),
    "section.npwp": ("NPWP", "Tax number"),
    "section.kontak": ("Kontak", "Contact"),
    "section.usaha": ("Usaha", "Business"),
    "section.persetujuan_bangunan": ("Persetujuan bangunan", "Building approval"),
    # print
    "print.title": ("Ringkasan kasus {id}", "Case summary {id}"),
    "print.printed": ("Dicetak {at} oleh {user}", "Printed {at} by {user}"),
    "print.sign_clerk": ("Petugas pemeriksa", "Checking clerk"),
    "print.sign_applicant": ("Pemohon", "Applicant"),
    "print.button": ("Cetak", "Print"),
    # uploads
    "upload.title": ("Kasus baru", "New case"),
    "upload.drop": ("Tarik berkas KTP, NPWP, PBG/IMB ke sini (beberapa sekaligus), atau pilih:",
                    "Drop the KTP, NPWP and PBG/IMB files here (several at once), or choose:"),
    "upload.submit": ("Unggah dan proses", "Upload and process"),
    "upload.chosen": ("Dipilih:", "Chosen:"),
    "upload.none": ("Tidak ada berkas yang dipilih.", "No file chosen."),
    "upload.empty": ("{name}: berkas kosong.", "{name}: the file is empty."),
    "upload.too_big": ("{name}: terlalu besar (maks. {mb} MB).",
                       "{name}: too large (max. {mb} MB)."),
    "upload.not_doc": ("{name}: bukan PDF atau gambar (JPEG/PNG/TIFF).",
                       "{name}: not a PDF or an image (JPEG/PNG/TIFF)."),
    "job.title": ("Unggahan {id}", "Upload {id}"),
    "job.files": ("Berkas", "Files"),
    "job.state": ("Status", "Status"),
    "job.antre": ("antre", "queued"),
    "job.diproses": ("diproses (membaca dokumen, biasanya kurang dari satu menit)",
                     "processing (reading the documents, usually under a minute)"),
    "job.selesai": ("selesai", "done"),
    "job.gagal": ("gagal", "failed"),
    "job.open": ("Buka kasus {id}", "Open case {id}"),
    "job.unknown": ("Unggahan tidak dikenal.", "Unknown upload."),
    "job.no_flow": ("Alur intake tidak tersedia di server ini.",
                    "The intake flow is not available on this server."),
    "job.failed": ("Gagal diproses: {error}", "Processing failed: {error}"),
    # errors
    "error.title": ("Galat", "Error"),
    "error.csrf": ("Formulir kedaluwarsa (token CSRF tidak cocok). Muat ulang halaman lalu coba "
                   "lagi.", "The form has expired (CSRF token mismatch). Reload the page and try "
                   "again."),
    "error.not_found": ("Halaman {path} tidak ada.", "There is no page {path}."),
    "error.scan_missing": ("Gambar dokumen tidak ada.", "No such document image."),
}


def lang_of(request: Request) -> str:
    """The request's language: the session's choice, else the ``INTAKE_LANG`` setting."""
    lang = request.session.get("lang") if "session" in request.scope else None
    return lang if lang in LANGS else (get_settings().lang if get_settings().lang in LANGS
                                       else "id")


def translate(key: str, lang: str, **params: Any) -> str:
    """The text of ``key`` in ``lang`` with ``params`` filled in (the key itself if unknown)."""
    pair = TEXT.get(key)
    text = key if pair is None else pair[LANGS.index(lang)]
    return text.format(**params) if params else text


def install(env: Environment) -> None:
    """Give templates ``t(key, **params)`` and ``lang`` (from the ``request`` in their context)."""

    @pass_context
    def t(ctx: Any, key: str, **params: Any) -> str:
        return translate(key, lang_of(ctx["request"]), **params)

    @pass_context
    def current_lang(ctx: Any) -> str:
        return lang_of(ctx["request"])

    env.globals["t"] = t
    env.globals["current_lang"] = current_lang

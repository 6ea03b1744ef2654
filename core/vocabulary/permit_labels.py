"""The label wording of building permits (IMB/PBG), as data: printed label → canonical field.

Labels are matched token by token (spaCy tokenizer, fuzzy on long words) at the start of a
line, after numbering (``1.``, ``a.``, ``-``) or in a table cell; the longest label wins, so
``Nama Bangunan`` (no field) beats ``Nama`` (the owner). A label mapped to ``None`` is known
but is not a canonical field: its value is read past, never given to a neighbour.

Sources: domain.md §4 (SIMBG PBG template: ``Pemilik Bangunan Gedung``, ``Alamat Pemilik``,
``Fungsi bangunan gedung``, ``Luas Bangunan Gedung``, ``Jumlah Lantai``, ``Terletak di``…)
and the wording of issue 12 (older IMBs: ``Nama Pemohon``, ``Letak Bangunan``…).
"""

from __future__ import annotations

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "nama_pemilik": ("Nama Pemilik", "Nama Pemohon", "Pemilik Bangunan", "Pemilik Bangunan Gedung",
                     "Atas Nama", "Nama", "Pemilik", "Pemohon", "Nama Pemegang Izin",
                     "Nama Lengkap"),
    "nik": ("NIK", "No. KTP", "Nomor KTP", "No KTP", "Nomor Induk Kependudukan", "Nomor NIK",
            "No. NIK", "Nomor Identitas", "No. Identitas"),
    "alamat_pemilik": ("Alamat Pemilik", "Alamat Pemohon", "Alamat", "Alamat Pemegang Izin",
                       "Alamat Tempat Tinggal", "Alamat Domisili", "Alamat Rumah",
                       "Alamat Tinggal"),
    "lokasi": ("Lokasi Bangunan", "Letak Bangunan", "Alamat Bangunan", "Lokasi", "Terletak di",
               "Letak", "Alamat Lokasi", "Lokasi Pembangunan", "Letak Lokasi", "Lokasi Proyek",
               "Alamat Proyek", "Lokasi Kegiatan"),
    "lokasi_kel_desa": ("Kelurahan/Desa", "Desa/Kelurahan", "Kelurahan", "Desa", "Kel/Desa",
                        "Desa/Kel", "Kel.", "Ds."),
    "lokasi_kecamatan": ("Kecamatan", "Kec"),
    "lokasi_kabupaten_kota": ("Kabupaten/Kota", "Kabupaten", "Kota", "Kab/Kota", "Kab",
                              "Kota/Kabupaten"),
    "fungsi": ("Fungsi Bangunan", "Fungsi Bangunan Gedung", "Fungsi", "Peruntukan Bangunan",
               "Penggunaan Bangunan", "Guna Bangunan", "Kegunaan Bangunan"),
    "luas_bangunan": ("Luas Bangunan", "Luas Bangunan Gedung", "Luas Lantai Bangunan",
                      "Luas Total Lantai", "Luas Lantai", "Total Luas Lantai",
                      "Total Luas Bangunan", "Luas Total Bangunan", "Luas Bang.",
                      "Luas Bangunan Seluruhnya"),
    "jumlah_lantai": ("Jumlah Lantai", "Jumlah Lapis", "Ketinggian", "Ketinggian Bangunan",
                      "Banyak Lantai", "Banyaknya Lantai"),
    "luas_tanah": ("Luas Tanah", "Luas Lahan", "Luas Persil", "Luas Tanah Seluruhnya"),
    "nomor_sertifikat": ("Nomor Sertifikat", "No. Sertifikat", "Bukti Kepemilikan Tanah",
                         "Status Tanah", "Hak Milik No.", "Sertifikat", "Status Kepemilikan Tanah",
                         "Bukti Kepemilikan", "Nomor Sertipikat", "No. Sertipikat", "Sertipikat",
                         "Alas Hak"),
}
"""Canonical field → the wordings printed for it."""

COMPOSED_LABELS: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "nama_pemilik": ((("NAMA",), ("PEMILIK", "PEMOHON", "PEMEGANG")),
                     (("PEMILIK", "PEMOHON"), ("BANGUNAN", "GEDUNG", "IZIN"))),
    "nik": ((("NO", "NOMOR", "NOMER"), ("KTP", "NIK", "IDENTITAS")),
            (("NOMOR", "NO"), ("KEPENDUDUKAN",))),
    "alamat_pemilik": ((("ALAMAT",), ("PEMILIK", "PEMOHON", "KTP", "PEMEGANG")),),
    "lokasi": ((("LOKASI", "LETAK", "ALAMAT"), ("BANGUNAN", "GEDUNG", "LOKASI", "PEMBANGUNAN")),),
    "fungsi": ((("FUNGSI", "PERUNTUKAN", "PENGGUNAAN", "KEGUNAAN"), ("BANGUNAN", "GEDUNG")),),
    "luas_bangunan": ((("LUAS",), ("BANGUNAN", "LANTAI", "GEDUNG", "BANG")),),
    "jumlah_lantai": ((("JUMLAH", "JML", "BANYAKNYA", "BANYAK"), ("LANTAI", "LAPIS", "TINGKAT")),),
    "luas_tanah": ((("LUAS",), ("TANAH", "LAHAN", "PERSIL", "KAVLING")),),
    "nomor_sertifikat": ((("NOMOR", "NO", "NOMER"), ("SERTIFIKAT", "SERTIPIKAT", "SHM", "SHGB",
                                                     "HGB")),
                         (("BUKTI", "STATUS", "DASAR"), ("KEPEMILIKAN", "TANAH", "HAK")),
                         (("SERTIFIKAT", "HAK"), ("MILIK", "TANAH", "NO", "NOMOR"))),
}
"""Labels by their head words, whatever the wording: a head word, at most two other words,
then a qualifier (``LUAS … BANGUNAN|LANTAI`` → ``luas_bangunan``, ``NAMA … PEMILIK``). A
phrase of :data:`FIELD_LABELS` or :data:`KNOWN_LABELS` as long or longer wins over these."""

LABEL_UNITS: tuple[str, ...] = ("M2", "M²", "M", "METER", "PERSEGI", "LAPIS", "LANTAI")
"""Units a label may name in brackets before its colon (``Luas Tanah (m²) : 120``)."""

KNOWN_LABELS: tuple[str, ...] = (
    "Nama Bangunan", "Nama Bangunan Gedung", "Pemilik Tanah", "Nama Pemilik Tanah",
    "Klasifikasi Kompleksitas", "Klasifikasi Bangunan", "Jenis Bangunan", "Sub Fungsi",
    "Tinggi Bangunan", "Tinggi", "Luas Basemen", "Jumlah Lapis Basemen", "Untuk",
    "Nomor Registrasi", "No. Registrasi", "Nomor Permohonan", "Kepemilikan", "Pekerjaan",
    "Ditetapkan di", "Diterbitkan di", "Dikeluarkan di", "Pada Tanggal", "Tanggal",
    "Menimbang", "Mengingat", "Menetapkan", "Memperhatikan", "Lampiran", "Keterangan",
    "Retribusi", "Besaran Retribusi", "Koordinat", "Garis Sempadan Bangunan",
    "Koefisien Dasar Bangunan", "Kelas Bangunan", "Permanensi", "Luas Basement",
    "Jumlah Basement", "Luas Lantai Basemen", "Jenis Permohonan",
)
"""Labels that are not canonical fields (their values belong to nobody we read)."""

TITLES: dict[str, tuple[str, ...]] = {
    "PBG": ("PERSETUJUAN BANGUNAN GEDUNG",),
    "IMB": ("IZIN MENDIRIKAN BANGUNAN", "IJIN MENDIRIKAN BANGUNAN"),
}
"""Permit kind → the title phrases that name it (also after ``KEPUTUSAN … TENTANG``)."""

NUMBER_LABELS: tuple[str, ...] = ("NOMOR", "NO")
"""What the decree number under the title starts with."""

DATE_LABELS: tuple[str, ...] = ("PADA TANGGAL", "TANGGAL", "DITETAPKAN TANGGAL",
                                "DITERBITKAN TANGGAL")
DATE_ABBREVIATIONS: tuple[str, ...] = ("TGL", "TGL.")
"""``Tgl. : 15-07-2024``: the date label abbreviated."""
"""Labels of the issue date in the signature block."""

ISSUER_HEADS: tuple[str, ...] = ("PEMERINTAH", "BUPATI", "WALIKOTA", "WALI KOTA")
"""Letterhead words before the issuing kabupaten/kota (``PEMERINTAH KABUPATEN BALANGAN``,
``BUPATI BALANGAN``); ``BUPATI`` names a kabupaten, ``WALIKOTA`` a kota."""

LOCATION_PARTS: dict[str, tuple[str, ...]] = {
    "lokasi_kel_desa": ("DESA/KELURAHAN", "KELURAHAN/DESA", "DESA/KEL", "KEL/DESA", "KELURAHAN",
                        "DESA", "KEL", "DS"),
    "lokasi_kecamatan": ("KECAMATAN", "KEC"),
    "lokasi_kabupaten_kota": ("KABUPATEN", "KAB", "KOTA"),
}
"""Markers that split a one-line location (``JL. X NO. 5, DESA A, KECAMATAN B, KABUPATEN C``)."""

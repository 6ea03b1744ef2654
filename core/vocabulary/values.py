"""Allowed values of the documents' enumerated fields (domain.md §1), each defined once.

Readers snap OCR text to these, validators accept them, the specimen generator draws from
them. Order matters where noted: the generator draws by position (same seed, same cases).
Foreigners' (WNA) cards print sex, religion, marital status and occupation in English.
"""

from __future__ import annotations

SEXES = ("LAKI-LAKI", "PEREMPUAN")
"""Jenis Kelamin on a citizen's card: man, woman."""
SEX_CODE = {SEXES[0]: "L", SEXES[1]: "P", "MALE": "L", "FEMALE": "P"}
"""Every printed sex (WNI and WNA cards) → ``L``/``P``, the sex a NIK encodes."""

BLOOD_GROUPS = ("A", "B", "AB", "O", "-", "A+", "B+", "O+", "AB+", "A-", "B-", "O-", "AB-",
                "TIDAK TAHU")
"""Gol. Darah: Dukcapil's 13 codes (the 13th ``TIDAK TAHU``) and ``-`` when not known."""

RELIGIONS = ("ISLAM", "KRISTEN", "KATHOLIK", "HINDU", "BUDHA", "KHONGHUCU",
             "KEPERCAYAAN TERHADAP TUHAN YME")
"""Agama, SIAK codes 1–7 in order (the generator draws the first six by position)."""
RELIGION_NONE = "-"
"""What old cards of penghayat print instead of a religion (before MK 97/PUU-XIV/2016)."""
RELIGION_VARIANTS = {"KATOLIK": "KATHOLIK", "BUDDHA": "BUDHA", "KONGHUCU": "KHONGHUCU",
                     "KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA": RELIGIONS[6]}
"""Other systems' spellings → the SIAK spelling (normalise before comparing)."""
RELIGIONS_EN = ("ISLAM", "MOSLEM", "MUSLIM", "CHRISTIAN", "CHRISTIANITY", "CATHOLIC", "HINDU",
                "HINDUISM", "BUDDHIST", "BUDDHISM", "CONFUCIANISM", "CONFUCIAN", "OTHERS")

MARITAL_STATUSES = ("BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI")
"""Status Perkawinan, in this order (the generator draws by position)."""
MARITAL_STATUSES_EN = ("SINGLE", "MARRIED", "DIVORCED", "WIDOWED", "WIDOW", "WIDOWER")
UNMARRIED = (MARITAL_STATUSES[0], MARITAL_STATUSES_EN[0])
"""Never married, on a citizen's and on a foreigner's card."""

CITIZENSHIPS = ("WNI", "WNA")
"""Kewarganegaraan: a citizen's card prints WNI; a foreigner's prints its country."""
CITIZEN = CITIZENSHIPS[0]
LIFETIME = "SEUMUR HIDUP"
"""Berlaku Hingga of a citizen's KTP-el (UU 24/2013)."""

OCCUPATIONS = (
    # the ten most printed at the counter first: the generator draws these (by position)
    "WIRASWASTA", "PEDAGANG", "KARYAWAN SWASTA", "PETANI/PEKEBUN", "MENGURUS RUMAH TANGGA",
    "PEGAWAI NEGERI SIPIL", "BURUH HARIAN LEPAS", "PELAJAR/MAHASISWA", "NELAYAN/PERIKANAN",
    "GURU",
    "BELUM/TIDAK BEKERJA", "KARYAWAN BUMN", "PENSIUNAN", "SOPIR", "PERANGKAT DESA",
    "TENTARA NASIONAL INDONESIA", "KEPOLISIAN RI", "PERDAGANGAN", "PETERNAK", "INDUSTRI",
    "KONSTRUKSI", "TRANSPORTASI", "KARYAWAN BUMD", "KARYAWAN HONORER", "BURUH TANI/PERKEBUNAN",
    "BURUH NELAYAN/PERIKANAN", "BURUH PETERNAKAN", "PEMBANTU RUMAH TANGGA", "TUKANG CUKUR",
    "TUKANG LISTRIK", "TUKANG BATU", "TUKANG KAYU", "TUKANG SOL SEPATU",
    "TUKANG LAS/PANDAI BESI", "TUKANG JAHIT", "TUKANG GIGI", "PENATA RIAS", "PENATA BUSANA",
    "PENATA RAMBUT", "MEKANIK", "SENIMAN", "TABIB", "PARAJI", "PERANCANG BUSANA", "PENTERJEMAH",
    "IMAM MASJID", "PENDETA", "PASTOR", "WARTAWAN", "USTADZ/MUBALIGH", "JURU MASAK",
    "PROMOTOR ACARA", "ANGGOTA DPR-RI", "ANGGOTA DPD", "ANGGOTA BPK", "PRESIDEN",
    "WAKIL PRESIDEN", "ANGGOTA MAHKAMAH KONSTITUSI", "ANGGOTA KABINET/KEMENTERIAN", "DUTA BESAR",
    "GUBERNUR", "WAKIL GUBERNUR", "BUPATI", "WAKIL BUPATI", "WALIKOTA", "WAKIL WALIKOTA",
    "ANGGOTA DPRD PROVINSI", "ANGGOTA DPRD KABUPATEN/KOTA", "DOSEN", "PILOT", "PENGACARA",
    "NOTARIS", "ARSITEK", "AKUNTAN", "KONSULTAN", "DOKTER", "BIDAN", "PERAWAT", "APOTEKER",
    "PSIKIATER/PSIKOLOG", "PENYIAR TELEVISI", "PENYIAR RADIO", "PELAUT", "PENELITI", "PIALANG",
    "PARANORMAL", "KEPALA DESA", "BIARAWATI", "LAINNYA",
)
"""Pekerjaan: the Dukcapil (SIAK) list, 89 entries (rikysetiomulyo/id-ktp-occupations)."""
COMMON_OCCUPATIONS = OCCUPATIONS[:10]

BUILDING_FUNCTIONS = ("USAHA", "HUNIAN", "SOSIAL DAN BUDAYA", "KEAGAMAAN", "KHUSUS")
"""Fungsi bangunan of a PBG/IMB (PP 16/2021 art. 5); the generator prints the first three."""

KTP_CHOICES: dict[str, tuple[str, ...]] = {
    "jenis_kelamin": SEXES,
    "agama": RELIGIONS + tuple(RELIGION_VARIANTS),
    "status_perkawinan": MARITAL_STATUSES,
    "kewarganegaraan": CITIZENSHIPS,
    "pekerjaan": OCCUPATIONS,
}
"""What a KTP reader snaps each enumerated field to (a variant spelling is kept as printed)."""

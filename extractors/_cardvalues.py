"""What a KTP prints: its labels and the allowed values of its enumerated fields."""

from __future__ import annotations

LABELS = {
    "nama": "Nama", "tempat_tgl": "Tempat/Tgl Lahir", "jenis_kelamin": "Jenis Kelamin",
    "alamat": "Alamat", "rt_rw": "RT/RW", "kel_desa": "Kel/Desa", "kecamatan": "Kecamatan",
    "agama": "Agama", "status_perkawinan": "Status Perkawinan", "pekerjaan": "Pekerjaan",
    "kewarganegaraan": "Kewarganegaraan", "berlaku_hingga": "Berlaku Hingga",
}
ENUMS = {
    "jenis_kelamin": ("LAKI-LAKI", "PEREMPUAN"),
    "agama": ("ISLAM", "KRISTEN", "KATHOLIK", "KATOLIK", "HINDU", "BUDHA", "BUDDHA",
              "KHONGHUCU", "KONGHUCU", "KEPERCAYAAN TERHADAP TUHAN YME"),
    "status_perkawinan": ("BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"),
    "kewarganegaraan": ("WNI", "WNA"),
    "pekerjaan": ("WIRASWASTA", "PEDAGANG", "KARYAWAN SWASTA", "PETANI/PEKEBUN",
                  "MENGURUS RUMAH TANGGA", "PEGAWAI NEGERI SIPIL", "BURUH HARIAN LEPAS",
                  "PELAJAR/MAHASISWA", "NELAYAN/PERIKANAN", "GURU", "BELUM/TIDAK BEKERJA",
                  "KARYAWAN BUMN", "TNI", "POLRI", "PENSIUNAN", "SOPIR", "PERANGKAT DESA"),
}
GOL_DARAH = ("A", "B", "AB", "O", "-", "A+", "B+", "O+", "AB+", "A-", "B-", "O-", "AB-")
PRINTED_PROVINCE = {"DAERAH KHUSUS IBUKOTA JAKARTA": "DKI JAKARTA"}

FAST = "-c tessedit_do_invert=0"
"""Tesseract option: do not retry every weak line as white-on-black (cards never are)."""

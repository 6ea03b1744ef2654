"""The KTP's printed labels and a Tesseract option of the card pass.

The allowed values are in :mod:`core.vocabulary.values`; these labels move to
``core/vocabulary/ktp_labels.py`` (the card reader's vocabulary).
"""

from __future__ import annotations

LABELS = {
    "nama": "Nama", "tempat_tgl": "Tempat/Tgl Lahir", "jenis_kelamin": "Jenis Kelamin",
    "alamat": "Alamat", "rt_rw": "RT/RW", "kel_desa": "Kel/Desa", "kecamatan": "Kecamatan",
    "agama": "Agama", "status_perkawinan": "Status Perkawinan", "pekerjaan": "Pekerjaan",
    "kewarganegaraan": "Kewarganegaraan", "berlaku_hingga": "Berlaku Hingga",
}

FAST = "-c tessedit_do_invert=0"
"""Tesseract option: do not retry every weak line as white-on-black (cards never are)."""

"""The KTP's printed labels, as data: field key → the label printed left of the colon.

The order is the card's, top to bottom (the reader guesses a misread label from the one printed
before it). The allowed values are in :mod:`core.vocabulary.values`.
"""

from __future__ import annotations

LABELS = {
    "nama": "Nama", "tempat_tgl": "Tempat/Tgl Lahir", "jenis_kelamin": "Jenis Kelamin",
    "alamat": "Alamat", "rt_rw": "RT/RW", "kel_desa": "Kel/Desa", "kecamatan": "Kecamatan",
    "agama": "Agama", "status_perkawinan": "Status Perkawinan", "pekerjaan": "Pekerjaan",
    "kewarganegaraan": "Kewarganegaraan", "berlaku_hingga": "Berlaku Hingga",
}

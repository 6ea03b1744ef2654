"""The wording of NPWP cards, as data: labels → field, the header, the KPP kinds.

Cards come in several designs (domain.md §3): the number after ``NPWP :``, under ``NPWP`` /
``NPWP16`` printed above it, or alone; the name under it with or without ``NAMA :``, an
``NIK :`` line on newer cards of individuals, the address, ``KPP PRATAMA|MADYA …`` and the
registration date as ``Terdaftar : d Bulan yyyy``, ``Tanggal Terdaftar dd/mm/yyyy`` or
``TGL TERDAFTAR dd-mm-yyyy`` — on its own line, on the KPP's baseline or beside a label.
"""

from __future__ import annotations

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "npwp": ("NPWP", "NPWP16", "NPWP 16", "Nomor Pokok Wajib Pajak"),
    "nama": ("Nama", "Nama Wajib Pajak", "Nama WP"),
    "nik": ("NIK", "Nomor Induk Kependudukan"),
    "alamat": ("Alamat", "Alamat Wajib Pajak"),
    "kpp": ("KPP", "Kantor Pelayanan Pajak", "Terdaftar di"),
    "tanggal_terdaftar": ("Tanggal Terdaftar", "Tgl Terdaftar", "Tgl. Terdaftar", "Terdaftar",
                          "Tanggal Daftar", "Terdaftar Sejak"),
}
"""Field → the label wordings printed for it."""

HEADER_WORDS: tuple[str, ...] = ("KEMENTERIAN", "DEPARTEMEN", "KEUANGAN", "REPUBLIK", "INDONESIA",
                                 "DIREKTORAT", "JENDERAL", "PAJAK", "DJP")
"""Words of the card's header (never a field's value)."""

KPP_KINDS: tuple[str, ...] = ("PRATAMA", "MADYA", "WAJIB PAJAK BESAR", "KHUSUS")
"""What follows ``KPP`` in a tax office's name."""

DATE_WORDS: tuple[str, ...] = ("TANGGAL", "TGL", "TERDAFTAR")
"""Words that start the registration date (the KPP's name stops before them)."""

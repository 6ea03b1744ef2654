"""The six permit layout families (see :mod:`samples.permit_layouts`), one function each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from samples.cards import BULAN
from samples.permit_layouts import PAGE_W, Permit, Sheet
from samples.permit_office import office_letter
from samples.permit_tables import paired_form, ruled_form

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
TERBILANG = ("nol", "satu", "dua", "tiga", "empat")
PROSE = ("bahwa untuk tertib penyelenggaraan bangunan gedung dan kepastian hukum bagi pemilik "
         "bangunan perlu diberikan persetujuan atas permohonan yang telah memenuhi standar "
         "teknis bangunan gedung dan rencana tata ruang di lokasi tersebut")
LAWS = ("Undang-Undang Nomor 28 Tahun 2002 tentang Bangunan Gedung sebagaimana telah diubah "
        "dengan Undang-Undang Nomor 6 Tahun 2023;",
        "Peraturan Pemerintah Nomor 16 Tahun 2021 tentang Peraturan Pelaksanaan Undang-Undang "
        "Nomor 28 Tahun 2002 tentang Bangunan Gedung;",
        "Peraturan Daerah tentang Retribusi Persetujuan Bangunan Gedung;")


def _date(iso: str, kind: int) -> str:
    d = date.fromisoformat(iso)
    if kind == 0:
        return f"{d.day} {BULAN[d.month - 1]} {d.year}"
    if kind == 1:
        return f"{HARI[d.weekday()]}, {d.day} {BULAN[d.month - 1]} {d.year}"
    return f"{d:%d-%m-%Y}"


def _lantai(p: Permit) -> str:
    n = int(p.f["jumlah_lantai"])
    words = f" ({TERBILANG[n]})" if n < len(TERBILANG) else ""
    return p.rng.choice((f"{n}{words} Lantai", f"{n} Lantai", f"{n} (lantai)", str(n)))


def _head_name(p: Permit) -> str:
    """``BUPATI BALANGAN`` / ``WALIKOTA BANJARMASIN`` for the office."""
    name = p.office_name
    if name.startswith("KOTA "):
        return "WALIKOTA " + name[5:]
    return "BUPATI " + name.removeprefix("KABUPATEN ")


def letterhead(s: Sheet, p: Permit, agency: str | None = None) -> None:
    """``PEMERINTAH KABUPATEN …`` / the agency / the street address, and a rule."""
    office = p.office_name
    if p.rng.random() < 0.3:
        office = office.replace("KABUPATEN ", "KAB. ")
    s.center(f"PEMERINTAH {office}", s.s.size + 2.5)
    s.center(agency or p.rng.choice((
        "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU",
        "DINAS PEKERJAAN UMUM DAN PENATAAN RUANG")), s.s.size + 0.5)
    s.center(f"Jl. A. Yani Km. {p.rng.randint(1, 9)}, {p.place.title()} "
             f"Kode Pos 7{p.rng.randint(1000, 2999)}", s.s.size - 1.5, bold=False)
    s.rule()


def title(s: Sheet, p: Permit) -> None:
    """The title naming the permit, and its number under it."""
    pbg = p.f["jenis"] == "PBG"
    text = p.rng.choice(("PERSETUJUAN BANGUNAN GEDUNG", "SURAT PERSETUJUAN BANGUNAN GEDUNG (PBG)")
                        if pbg else ("IZIN MENDIRIKAN BANGUNAN",
                                     "SURAT IZIN MENDIRIKAN BANGUNAN (IMB)"))
    s.center(text, s.s.size + 3)
    s.center(p.rng.choice(("NOMOR : {}", "Nomor: {}", "NOMOR: {}")).format(p.f["nomor"]),
             s.s.size)
    s.gap(0.6)


def signature(s: Sheet, p: Permit) -> None:
    """The signature block: place and date of issue, the signing officer."""
    s.gap(0.8)
    x = PAGE_W / 2 + p.rng.uniform(0, 40)
    kind = p.rng.randrange(3)
    if kind == 2:
        s.text(x, f"{p.place.title()}, {_date(p.f['tanggal'], 0)}")
        s.y -= s.step
    else:
        verb = p.rng.choice(("Ditetapkan di", "Diterbitkan di", "Dikeluarkan di"))
        for label, value in ((verb, p.place), ("Pada tanggal", _date(p.f["tanggal"], kind))):
            s.text(x, label)
            s.text(x + 80, f": {value}")
            s.y -= s.step
    s.gap(0.4)
    s.text(x, f"a.n. {_head_name(p)}")
    s.y -= s.step
    s.text(x, "KEPALA DINAS,", bold=True)
    s.y -= s.step * 3.2
    s.text(x, p.rng.choice(("H. MUHAMMAD NOOR, S.STP., M.AP.", "RAHMAT HIDAYAT, S.T., M.T.",
                            "Ir. AHMAD FAUZI, M.Si.")), bold=True)
    s.y -= s.step
    s.text(x, f"NIP. 19{p.rng.randint(70, 89)}0{p.rng.randint(1, 9)}{p.rng.randint(10, 28)}"
              f"{p.rng.randint(1995, 2012)}0{p.rng.randint(1, 9)}1{p.rng.randint(1, 9)}00"
              f"{p.rng.randint(1, 9)}")
    s.y -= s.step


def location_line(p: Permit) -> str:
    """The street, village, district and regency on one line, as one office writes it."""
    f = p.f
    regency = f["lokasi_kabupaten_kota"]
    kind = p.rng.randrange(3)
    if kind == 0:
        return (f"{f['lokasi']}, {p.rng.choice(('DESA', 'KELURAHAN'))} {f['lokasi_kel_desa']}, "
                f"KECAMATAN {f['lokasi_kecamatan']}, {regency}")
    if kind == 1:
        return (f"{f['lokasi']} KEL. {f['lokasi_kel_desa']} KEC. {f['lokasi_kecamatan']} "
                f"{regency.replace('KABUPATEN ', 'KAB. ')}")
    return (f"{f['lokasi']}, DESA/KEL. {f['lokasi_kel_desa']}, KEC. {f['lokasi_kecamatan']}, "
            f"{regency}")


def _owner_fields(p: Permit) -> list[tuple[str, str]]:
    out = [(p.label("nama_pemilik"), p.f["nama_pemilik"])]
    if p.f.get("nik"):
        out.append((p.label("nik"), p.f["nik"]))
    out.append((p.label("alamat_pemilik"), p.f["alamat_pemilik"]))
    return out


def _building_fields(p: Permit, unit: str, *, split_location: bool) -> list[tuple[str, str]]:
    f = p.f
    out = [(p.label("fungsi"), f["fungsi"])]
    if p.rng.random() < 0.5:
        out.append(("Nama Bangunan", f"{p.rng.choice(('TOKO', 'RUMAH', 'GUDANG'))} "
                                     f"{f['nama_pemilik'].split()[-1]}"))
    out += [(p.label("luas_bangunan"), p.area("luas_bangunan", unit)),
            (p.label("jumlah_lantai"), _lantai(p))]
    if split_location:
        out += [(p.label("lokasi"), f["lokasi"]),
                (p.label("lokasi_kel_desa"), f["lokasi_kel_desa"]),
                (p.label("lokasi_kecamatan"), f["lokasi_kecamatan"]),
                (p.label("lokasi_kabupaten_kota"), f["lokasi_kabupaten_kota"])]
    else:
        out.append((p.label("lokasi"), location_line(p)))
    return out


def _land_fields(p: Permit, unit: str) -> list[tuple[str, str]]:
    out = [(p.label("luas_tanah"), p.area("luas_tanah", unit)),
           (p.label("nomor_sertifikat"), p.f["nomor_sertifikat"])]
    if p.rng.random() < 0.4:
        out.append(("Pemilik Tanah", p.f["nama_pemilik"]))
    return out


def certificate(s: Sheet, p: Permit) -> None:
    """A labelled certificate: title, number, ``Label : value`` lines, signature."""
    letterhead(s, p)
    title(s, p)
    s.para("Diberikan kepada:" if p.rng.random() < 0.5 else
           "Dengan ini memberikan persetujuan kepada:")
    split = p.rng.random() < 0.6
    for label, value in _owner_fields(p) + _building_fields(p, s.s.area_unit, split_location=split):
        s.field(label, value)
    if p.pages > 1:
        s.new_page()
        s.center(f"Lanjutan Nomor: {p.f['nomor']}", s.s.size, bold=False)
        s.gap()
    for label, value in _land_fields(p, s.s.area_unit):
        s.field(label, value)
    s.para("Persetujuan ini berlaku selama bangunan gedung digunakan sesuai fungsinya.")
    signature(s, p)


def decree(s: Sheet, p: Permit) -> None:
    """``KEPUTUSAN … TENTANG …``, considerations, ``MEMUTUSKAN``, ``KESATU … KEEMPAT``."""
    pbg = p.f["jenis"] == "PBG"
    s.center(_head_name(p), s.s.size + 3)
    s.gap(0.3)
    s.center(p.rng.choice((f"KEPUTUSAN {_head_name(p)}",
                           "KEPUTUSAN KEPALA DINAS PENANAMAN MODAL DAN PTSP")), s.s.size + 1)
    s.center(f"NOMOR {p.f['nomor']}", s.s.size)
    s.center("TENTANG", s.s.size)
    s.center("PERSETUJUAN BANGUNAN GEDUNG" if pbg else
             p.rng.choice(("IZIN MENDIRIKAN BANGUNAN", "PEMBERIAN IZIN MENDIRIKAN BANGUNAN")),
             s.s.size + 1)
    s.gap(0.5)
    s.para(f"Menimbang : a. {PROSE};")
    s.para("Mengingat : " + " ".join(f"{i}. {law}" for i, law in enumerate(LAWS, 1)))
    s.center("MEMUTUSKAN:", s.s.size)
    kind = "PERSETUJUAN BANGUNAN GEDUNG" if pbg else "IZIN MENDIRIKAN BANGUNAN"
    s.para(f"Menetapkan : KEPUTUSAN TENTANG {kind}.")
    s.para("KESATU : Memberikan " + ("Persetujuan Bangunan Gedung" if pbg else
                                    "Izin Mendirikan Bangunan") + " kepada:")
    for label, value in _owner_fields(p):
        s.field(label, value, x=s.s.left + 60)
    s.para("KEDUA : Untuk mendirikan bangunan gedung dengan data sebagai berikut:")
    split = p.rng.random() < 0.5
    for label, value in _building_fields(p, s.s.area_unit, split_location=split):
        s.field(label, value, x=s.s.left + 60)
    if p.pages > 1:
        s.new_page()
        s.center(f"Lanjutan Keputusan Nomor {p.f['nomor']}", s.s.size - 1, bold=False)
        s.gap()
    s.para("KETIGA : Bangunan gedung berdiri di atas tanah dengan data:")
    for label, value in _land_fields(p, s.s.area_unit):
        s.field(label, value, x=s.s.left + 60)
    fee = f"Rp.{p.rng.randint(1, 40)}.{p.rng.randint(100, 999)}.000,00"
    s.para(f"KEEMPAT : Besaran retribusi sebesar {fee} telah dibayar; keputusan ini mulai "
           "berlaku pada tanggal ditetapkan.")
    signature(s, p)


def _table_rows(s: Sheet, rows: list[tuple[str, str]], label_w: float, *, colon: bool) -> None:
    """A bordered table: a label cell and a value cell per row, values wrapping in the cell."""
    c, left, right = s.c, s.s.left, s.right
    vx = left + label_w
    c.setLineWidth(0.8)
    top = s.y + s.s.size * 1.05
    c.line(left, top, right, top)
    for label, value in rows:
        lines = s.wrap(value, right - vx - 12, s.s.bold_values)
        s.text(left + 5, label + (" :" if colon else ""))
        for line in lines:
            s.text(vx + 6, line, bold=s.s.bold_values)
            s.y -= s.step
        s.y -= s.step * 0.35
        bottom = s.y + s.s.size * 1.05
        c.line(left, bottom, right, bottom)
        for x in (left, vx, right):
            c.line(x, top, x, bottom)
        top = bottom


def simbg_table(s: Sheet, p: Permit) -> None:
    """A SIMBG-style PBG: national header, title, number, the data in a bordered table."""
    s.center("PEMERINTAH REPUBLIK INDONESIA", s.s.size + 1)
    s.center(f"PEMERINTAH {p.office_name}", s.s.size + 1)
    s.rule()
    title(s, p)
    s.para(f"Berdasarkan permohonan nomor PBG-{p.f['nomor'][7:13]}-{p.rng.randint(10, 99)} "
           "melalui SIMBG, dengan ini diberikan persetujuan kepada:")
    s.gap(0.3)
    rows = _owner_fields(p) + _building_fields(p, s.s.area_unit,
                                               split_location=p.rng.random() < 0.5)
    colon = p.rng.random() < 0.4
    _table_rows(s, rows, s.s.label_w, colon=colon)
    if p.pages > 1:
        s.new_page()
        s.center(f"Lanjutan PBG Nomor: {p.f['nomor']}", s.s.size - 1, bold=False)
    s.gap()
    s.para("Lampiran A. Data tanah:")
    _table_rows(s, _land_fields(p, s.s.area_unit), s.s.label_w, colon=colon)
    signature(s, p)


def imb_old(s: Sheet, p: Permit) -> None:
    """An old IMB: ``Nama Pemohon``, ``Alamat Pemohon``, ``Letak Bangunan`` on one line."""
    letterhead(s, p, "KANTOR PELAYANAN PERIZINAN TERPADU")
    title(s, p)
    s.para("Memberikan izin kepada:")
    f = p.f
    rows = [("Nama Pemohon", f["nama_pemilik"]), ("Alamat Pemohon", f["alamat_pemilik"]),
            ("Untuk", "Mendirikan bangunan baru"), (p.label("fungsi"), f["fungsi"]),
            (p.rng.choice(("Letak Bangunan", "Lokasi Bangunan")), location_line(p)),
            (p.label("luas_bangunan"), p.area("luas_bangunan", s.s.area_unit)),
            (p.label("jumlah_lantai"), _lantai(p))]
    for label, value in rows:
        s.field(label, value)
    if p.pages > 1:
        s.new_page()
        s.center(f"Lanjutan IMB Nomor {f['nomor']}", s.s.size - 1, bold=False)
        s.gap()
    for label, value in _land_fields(p, s.s.area_unit):
        s.field(label, value)
    s.para("Izin ini berlaku selama bangunan berdiri sesuai dengan fungsinya.")
    signature(s, p)


def numbered(s: Sheet, p: Permit) -> None:
    """Numbered fields ``1. Nama : …``, the location's parts as ``a. … b. …``."""
    letterhead(s, p)
    title(s, p)
    s.para("Memberikan persetujuan kepada:")
    f, n = p.f, 0
    rows = [*_owner_fields(p), (p.label("fungsi"), f["fungsi"]),
            (p.label("luas_bangunan"), p.area("luas_bangunan", s.s.area_unit)),
            (p.label("jumlah_lantai"), _lantai(p))]
    for label, value in rows:
        n += 1
        s.field(label, value, prefix=f"{n}.")
    n += 1
    s.text(s.s.left + s.s.indent, f"{n}. Lokasi bangunan gedung:")
    s.y -= s.step
    x = s.s.left + s.s.indent + 22
    for i, key in enumerate(("lokasi", "lokasi_kel_desa", "lokasi_kecamatan",
                             "lokasi_kabupaten_kota")):
        s.field(p.label(key), f[key], x=x, prefix=f"{'abcd'[i]}.", label_w=s.s.label_w - 22)
    if p.pages > 1:
        s.new_page()
    for label, value in _land_fields(p, s.s.area_unit):
        n += 1
        s.field(label, value, prefix=f"{n}.")
    signature(s, p)


def two_column(s: Sheet, p: Permit) -> None:
    """A table of two ``Label : value`` pairs side by side (long values span the row)."""
    letterhead(s, p)
    title(s, p)
    f = p.f
    half = (s.right - s.s.left) / 2
    pairs: list[tuple[tuple[str, str], ...]] = [
        ((p.label("nama_pemilik"), f["nama_pemilik"]),),
        ((p.label("alamat_pemilik"), f["alamat_pemilik"]),),
        ((p.label("lokasi"), f["lokasi"]), (p.label("lokasi_kel_desa"), f["lokasi_kel_desa"])),
        ((p.label("lokasi_kecamatan"), f["lokasi_kecamatan"]),
         (p.label("lokasi_kabupaten_kota"), f["lokasi_kabupaten_kota"])),
        ((p.label("fungsi"), f["fungsi"]), (p.label("jumlah_lantai"), _lantai(p))),
        ((p.label("luas_bangunan"), p.area("luas_bangunan", s.s.area_unit)),
         (p.label("luas_tanah"), p.area("luas_tanah", s.s.area_unit))),
        ((p.label("nomor_sertifikat"), f["nomor_sertifikat"]),),
    ]
    if f.get("nik"):
        pairs.insert(1, ((p.label("nik"), f["nik"]),))
    c = s.c
    c.setLineWidth(0.7)
    for row in pairs:
        top = s.y + s.s.size * 1.1
        y0 = s.y
        ys = []
        for i, (label, value) in enumerate(row):
            s.y = y0
            x = s.s.left + 4 + i * half
            right = s.s.left + (i + 1) * half - 6 if len(row) > 1 else s.right - 6
            s.field(label, value, x=x, label_w=0 if len(row) > 1
                    else s.s.label_w, right=right)
            ys.append(s.y)
        s.y = min(ys) - s.step * 0.25
        bottom = s.y + s.s.size * 1.1
        c.line(s.s.left, top, s.right, top)
        c.line(s.s.left, bottom, s.right, bottom)
        for x in (s.s.left, s.right) + ((s.s.left + half,) if len(row) > 1 else ()):
            c.line(x, top, x, bottom)
    if p.pages > 1:
        s.new_page()
    s.gap()
    s.para("Persetujuan ini berlaku sejak tanggal ditetapkan.")
    signature(s, p)


DRAW: dict[str, Callable[[Sheet, Permit], None]] = {
    "certificate": certificate, "decree": decree, "simbg_table": simbg_table,
    "imb_old": imb_old, "numbered": numbered, "two_column": two_column,
    "ruled_form": ruled_form, "paired_form": paired_form, "office_letter": office_letter}
